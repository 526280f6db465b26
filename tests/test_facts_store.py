"""Facts in the store: the rows of the quotes, amounts and themes tables and the articles' tone column, the
library queries over them (diurna.store.facts_query) and the `diurna quotes` / `diurna amounts` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner

from diurna.articles.readers import read_articles
from diurna.cli import main
from diurna.pipeline import code_articles
from diurna.store import Store
from diurna.store.facts_query import AmountFilter, QuoteFilter, amounts, quotes
from diurna.store.records import article_row, fact_rows
from diurna.store.schema import SCHEMAS
from diurna.store.writer import StoreWriter, write_shard

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "facts"
BATCH = "b0001"


@pytest.fixture(scope="module")
def articles():
    return list(code_articles(read_articles([str(FIXTURES / "articles.jsonl")]), strict=True))


@pytest.fixture(scope="module")
def store(articles, tmp_path_factory) -> Path:
    """A store holding the fixture articles' rows, written and committed as an ingest does."""
    root = tmp_path_factory.mktemp("facts") / "store"
    rows: dict[str, list[dict]] = {"articles": [article_row(a, BATCH, None, 0) for a in articles],
                                   "quotes": [], "amounts": [], "themes": []}
    for article in articles:
        for table, table_rows in fact_rows(article, BATCH).items():
            rows[table].extend(table_rows)
    with StoreWriter(root) as writer:
        writer.commit(BATCH, {t: [write_shard(root, t, BATCH, r)] for t, r in rows.items()})
    return root


def test_rows_fit_the_schemas(articles):
    for article in articles:
        row = article_row(article, BATCH, None, 0)
        assert row["tone"] == article.tone
        pa.Table.from_pylist([row], schema=SCHEMAS["articles"])
        for table, table_rows in fact_rows(article, BATCH).items():
            assert pa.Table.from_pylist(table_rows, schema=SCHEMAS[table]).num_rows == len(table_rows)


def test_quotes_by_speaker_code_and_name(store):
    s = Store(store)
    rus = quotes(s, QuoteFilter(speaker="RUS")).to_pylist()
    assert rus and all(r["speaker_code"].startswith("RUS") for r in rus)
    assert {r["kind"] for r in rus} == {"direct", "indirect"}
    boluarte = quotes(s, QuoteFilter(speaker="boluarte")).to_pylist()
    assert [r["text"] for r in boluarte] == ["The talks were difficult but honest."]
    assert quotes(s, QuoteFilter(speaker="RUS", kind="indirect")).num_rows == 1


def test_amounts_by_dyad_kind_and_casualty(store):
    s = Store(store)
    trade = amounts(s, AmountFilter(dyad=("rus", "CHN"), kind="money")).to_pylist()
    assert [(r["value"], r["unit"]) for r in trade] == [(5e10, "USD")]
    dead = amounts(s, AmountFilter(casualty="dead")).to_pylist()
    assert [(r["value"], r["counted"]) for r in dead] == [(6, "civilians")] and dead[0]["event_mention_id"]
    assert amounts(s, AmountFilter(actor="SYR", limit=2)).num_rows == 2


def test_filters_refuse_bad_values():
    with pytest.raises(ValueError, match="speaker is empty"):
        QuoteFilter(speaker=" ")
    with pytest.raises(ValueError, match="amount kind must be one of"):
        AmountFilter(kind="weight")


def test_cli_quotes_and_amounts(store):
    runner = CliRunner()
    result = runner.invoke(main, ["quotes", "--store", str(store), "--speaker", "PERGOV", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["speaker_code"] == "PERGOV" for r in rows)
    result = runner.invoke(main, ["amounts", "--store", str(store), "--dyad", "RUS", "CHN", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("article_id,") and "$50 billion" in result.stdout
    result = runner.invoke(main, ["amounts", "--store", str(store), "--kind", "weight"])
    assert result.exit_code == 2 and "weight" in result.output
    result = runner.invoke(main, ["quotes", "--store", str(store), "--speaker", ""])
    assert result.exit_code == 2 and "empty" in result.output
