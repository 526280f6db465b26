"""Smoke test of the benchmark scripts (bench/): the measurements run and the report renders. No timing checks."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import corpora  # noqa: E402
import report  # noqa: E402
import throughput  # noqa: E402


@pytest.fixture(scope="module")
def three_articles():
    files = [f for f in corpora.sample_files() if f.suffix == ".txt"][:3]
    loaded = corpora.read_corpus(corpora.Corpus("three", files))
    assert loaded.errors == 0 and len(loaded.articles) == 3
    return loaded


def test_sample_files_are_articles_only():
    names = {p.name for p in corpora.sample_files()}
    assert "articles.jsonl" in names and "crawl.warc.gz" in names
    assert not names & {"gold.jsonl", "README.md", "make_warc.py"}


def test_parts_are_contiguous_and_complete(three_articles):
    arts = three_articles.articles * 3
    parts = throughput._parts(arts, 3)
    assert [a for p in parts for a in p] == arts
    assert len(parts) == 3


def test_throughput_and_report(three_articles):
    arts = three_articles.articles
    t = throughput.measure_throughput(arts, rounds=2)
    assert all(not a.events and not a.entities for a in arts), "the benchmark must code copies of the articles"
    assert t.articles == 3 and t.rounds == 2 and not t.split
    assert t.sentences == len(throughput.sentence_texts(arts)) > 0
    assert len(t.plain.seconds) == len(t.diurna.seconds) == 2
    assert t.ratio > 0 and t.rate("diurna", "words") > 0
    assert set(t.breakdown["components"]) >= {"tokenizer", "ner"} and t.breakdown["added"]
    assert t.breakdown["ruler_share"] > 0 and t.breakdown["spacy_share"] > 0 and t.breakdown["rest_share"] >= 0

    results = report.Results(date=dt.date(2024, 1, 2), command="bench/run.py", quick=True,
                             machine={k: "x" for k in ("cpu", "cores", "usable_cores", "memory", "os", "python",
                                                       "spacy", "model", "diurna")})
    results.corpora.append(report.CorpusResult(three_articles, t, None))
    text = report.render(results)
    assert "Measured on 2024-01-02" in text
    assert "| three | 3 |" in text
    assert f"{t.ratio:.2f}" in text
