"""Coding throughput: ``diurna.pipeline.code_articles`` against plain spaCy ``nlp.pipe`` on the same sentences.

Fairness rules (see docs/benchmarks.md):

* the articles are read and normalized before any timing, once; neither side's timing includes reading;
* plain spaCy is ``spacy.load`` of the model diurna loaded, without diurna's entity ruler, piping exactly the
  sentence texts the coder pipes (every sentence of every article that is not skipped), with the coder's batch
  size, as one stream;
* diurna codes deep copies of the same article objects, so every run starts with empty analysis fields;
* both are warmed up first on the first articles (one full batch of sentences); the measured runs alternate (plain first, then diurna first, ...);
* a small corpus is measured ``rounds`` times whole and the median reported; a large one is cut into ``rounds``
  contiguous parts of about equal sentence count, each measured once per side (alternating), and the totals
  reported, so that a full corpus is coded once per side.

The cost breakdown is measured on the first articles (about 1,500 sentences): diurna codes them once (timed), then
each component of diurna's spaCy pipeline (the ruler included) runs over their sentences one component at a time;
the rest of diurna's time (actors, events, facts, batching) is what remains of the coder's time.
"""

from __future__ import annotations

import copy
import gc
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

BATCH_SIZE = 256  # the batch size code_articles passes to nlp.pipe
RULER = "diurna_actors"
SPLIT_ABOVE_SENTENCES = 3000  # corpora with more sentences are measured in parts, once per side
BREAKDOWN_SENTENCES = 1500  # the cost breakdown runs on the first articles, up to about this many sentences


@dataclass
class Side:
    """Timings of one side (plain spaCy or diurna) over the measured rounds."""

    seconds: list[float] = field(default_factory=list)  # one per round

    def figure(self, split: bool) -> float:
        return sum(self.seconds) if split else statistics.median(self.seconds)


@dataclass
class Throughput:
    articles: int  # articles passed to the coder (skipped ones pass through uncoded)
    coded: int  # articles not skipped
    sentences: int
    words: int  # whitespace-separated words of the piped sentences
    rounds: int
    split: bool  # True: rounds are contiguous parts of the corpus; False: repeats of the whole corpus
    plain: Side
    diurna: Side
    model: str
    breakdown: dict[str, Any] | None = None

    @property
    def plain_seconds(self) -> float:
        return self.plain.figure(self.split)

    @property
    def diurna_seconds(self) -> float:
        return self.diurna.figure(self.split)

    @property
    def ratio(self) -> float:
        return self.diurna_seconds / self.plain_seconds

    def round_ratios(self) -> list[float]:
        return [d / p for d, p in zip(self.diurna.seconds, self.plain.seconds, strict=True)]

    def rate(self, side: str, unit: str) -> float:
        seconds = self.plain_seconds if side == "plain" else self.diurna_seconds
        count = {"articles": self.articles, "words": self.words, "sentences": self.sentences}[unit]
        return count / seconds


def sentence_texts(articles: Sequence[Any]) -> list[str]:
    """The texts code_articles pipes through spaCy: every sentence of every article that is not skipped."""
    return [s.text for a in articles if not a.skipped for s in a.sentences]


def model_name(nlp: Any) -> str:
    """The model diurna loaded: the first of diurna's candidates (``DIURNA_SPACY_MODEL`` or the defaults) that
    is installed, as ``diurna.pipeline.build_nlp`` tries them; checked against ``nlp``'s meta in load_plain."""
    from pathlib import Path

    import spacy

    from diurna.config import Config
    from diurna.nlp import model_candidates

    candidates = model_candidates(Config.from_env().spacy_model)
    for name in candidates:
        if spacy.util.is_package(name) or Path(name).exists():
            return name
    raise RuntimeError(f"none of the spaCy models {candidates} is installed")


def load_plain(res: Any) -> Any:
    """spaCy's own pipeline: the same model diurna uses, freshly loaded, without diurna's ruler."""
    import spacy

    name = model_name(res.nlp)
    plain = spacy.load(name)
    if (plain.meta.get("name"), plain.meta.get("version")) != (res.nlp.meta.get("name"), res.nlp.meta.get("version")):
        raise RuntimeError(f"{name} is not the model diurna loaded ({res.nlp.meta.get('name')})")
    if [p for p in res.nlp.pipe_names if p in plain.pipe_names] != plain.pipe_names:
        raise RuntimeError(f"plain {name} has components {plain.pipe_names}, diurna's pipeline {res.nlp.pipe_names}")
    return plain


def _parts(articles: list[Any], n: int) -> list[list[Any]]:
    """Cut into n contiguous parts of about equal sentence count."""
    total = sum(len(a.sentences) for a in articles if not a.skipped) or 1
    parts: list[list[Any]] = [[] for _ in range(n)]
    seen = 0
    for a in articles:
        parts[min(n - 1, seen * n // total)].append(a)
        seen += 0 if a.skipped else len(a.sentences)
    return [p for p in parts if p]


def time_plain(nlp: Any, texts: list[str]) -> float:
    gc.collect()
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    return time.perf_counter() - start


def time_diurna(articles: list[Any], res: Any) -> float:
    from diurna.pipeline import code_articles

    fresh = copy.deepcopy(articles)
    gc.collect()
    start = time.perf_counter()
    for _article in code_articles(fresh, res=res):
        pass
    return time.perf_counter() - start


def component_times(nlp: Any, texts: list[str]) -> dict[str, float]:
    """Seconds per component of ``nlp`` (tokenizer first) over ``texts``, running one component at a time."""
    gc.collect()
    times: dict[str, float] = {}
    start = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    times["tokenizer"] = time.perf_counter() - start
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=BATCH_SIZE)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        times[name] = time.perf_counter() - start
    return times


def measure_throughput(articles: list[Any], *, rounds: int = 3, split: bool | None = None, res: Any = None,
                       plain_nlp: Any = None, breakdown: bool = True) -> Throughput:
    """Time plain spaCy and diurna's coder on the same normalized articles (see the module docstring)."""
    from diurna.pipeline import resources

    if not articles:
        raise ValueError("no articles to measure")
    res = res or resources()
    plain_nlp = plain_nlp or load_plain(res)
    texts = sentence_texts(articles)
    if split is None:
        split = len(texts) > SPLIT_ABOVE_SENTENCES
    chunks = _parts(articles, rounds) if split else [articles] * rounds

    warm = _head(articles, BATCH_SIZE)  # at least one full batch, so that buffers reach their working size
    time_plain(plain_nlp, sentence_texts(warm))
    time_diurna(warm, res)

    plain, diurna = Side(), Side()
    for i, chunk in enumerate(chunks):
        chunk_texts = sentence_texts(chunk)
        if i % 2 == 0:
            plain.seconds.append(time_plain(plain_nlp, chunk_texts))
            diurna.seconds.append(time_diurna(chunk, res))
        else:
            diurna.seconds.append(time_diurna(chunk, res))
            plain.seconds.append(time_plain(plain_nlp, chunk_texts))

    result = Throughput(
        articles=len(articles), coded=sum(1 for a in articles if not a.skipped), sentences=len(texts),
        words=sum(len(t.split()) for t in texts), rounds=len(chunks), split=split, plain=plain, diurna=diurna,
        model=f"{model_name(res.nlp)} {res.nlp.meta.get('version')}",
    )
    if breakdown:
        result.breakdown = _breakdown(_head(articles, BREAKDOWN_SENTENCES), res)
    return result


def _head(articles: list[Any], sentences: int) -> list[Any]:
    """The first articles, up to about ``sentences`` sentences."""
    head, seen = [], 0
    for a in articles:
        if seen >= sentences:
            break
        head.append(a)
        seen += 0 if a.skipped else len(a.sentences)
    return head


def _breakdown(part: list[Any], res: Any) -> dict[str, Any]:
    """Where diurna's time goes on ``part``: spaCy's components, the ruler, and the rest of the coding.

    diurna codes the part once (timed), then its spaCy pipeline runs over the part one component at a time.
    """
    diurna_s = time_diurna(part, res)
    import spacy

    times = component_times(res.nlp, sentence_texts(part))
    own = set(spacy.load(model_name(res.nlp)).pipe_names) | {"tokenizer"}  # components the model ships with
    ruler = sum(v for k, v in times.items() if k not in own)  # diurna's additions: the entity ruler(s)
    spacy_parts = sum(v for k, v in times.items() if k in own)
    # The component pass and the coding run are separate timings: when they disagree by more than the coding costs,
    # the rest is within noise and the shares are taken of the component pass instead.
    rest = max(0.0, diurna_s - spacy_parts - ruler)
    whole = max(diurna_s, spacy_parts + ruler)
    return {
        "articles": len(part),
        "sentences": sum(len(a.sentences) for a in part if not a.skipped),
        "diurna_seconds": diurna_s,
        "components": times,
        "added": sorted(k for k in times if k not in own),
        "spacy_share": spacy_parts / whole,
        "ruler_share": ruler / whole,
        "rest_share": rest / whole,
    }
