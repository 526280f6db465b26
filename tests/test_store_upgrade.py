"""`diurna store upgrade`: a store written by the previous format version (built here, shard by shard, with the
version-1 schemas) is refused with the command that upgrades it, upgraded in place without losing a row, and then
passes `diurna store check`; new columns and tables added to SCHEMAS are picked up generically."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from diurna.cli import main
from diurna.store import Store, StoreVersionError
from diurna.store.check import check_store
from diurna.store.ingest import rebuild_derived
from diurna.store.manifest import new_batch_id
from diurna.store.schema import SCHEMAS, STORE_FILE
from diurna.store.upgrade import UpgradeError, upgrade_store
from diurna.store.writer import StoreWriter

# the mentions table as store format version 1 wrote it (before trigger_start/trigger_end, symmetric,
# {source,target}_{kind,implied})
_V1_ACTOR = [("text", pa.string()), ("name", pa.string()), ("code", pa.string()), ("country", pa.string()),
             ("sector", pa.string()), ("role", pa.string())]
V1_MENTIONS = pa.schema(
    [("mention_id", pa.string()), ("article_id", pa.string()), ("content_hash", pa.string()), ("batch", pa.string()),
     ("sentence", pa.int32()), ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()),
     ("trigger", pa.string()), ("repeats", pa.int32()), ("repeat_sentences", pa.list_(pa.int32()))]
    + [(f"source_{k}", t) for k, t in _V1_ACTOR] + [(f"target_{k}", t) for k, t in _V1_ACTOR]
    + [("cameo", pa.string()), ("cameo_name", pa.string()), ("goldstein", pa.float64()), ("quad_class", pa.int8()),
       ("plover", pa.string()), ("plover_mode", pa.string()), ("modality", pa.string()),
       ("date", pa.date32()), ("date_precision", pa.string()),
       ("location_name", pa.string()), ("location_country", pa.string()), ("location_lat", pa.float64()),
       ("location_lon", pa.float64()), ("location_kind", pa.string()), ("confidence", pa.float64()),
       ("article_date", pa.date32()), ("publisher", pa.string()), ("url", pa.string())])

D = dt.date(2021, 3, 16)


def _shard(root: Path, table: str, batch: str, rows: list[dict], schema: pa.Schema) -> str:
    rel = f"data/{table}/{batch}.parquet"
    (root / "data" / table).mkdir(parents=True, exist_ok=True)
    full = [{n: r.get(n) for n in schema.names} for r in rows]
    pq.write_table(pa.Table.from_pylist(full, schema=schema), root / rel)
    return rel


def build_v1_store(root: Path, batches: int = 2) -> None:
    """A store as version 1 of the format wrote it: version-1 mention shards, derived tables, store.json v1."""
    with StoreWriter(root) as w:
        for i in range(batches):
            batch = new_batch_id()
            art = {"id": f"a{i}", "content_hash": f"h{i}", "batch": batch, "title": "t", "date": D, "wire": [],
                   "warnings": [], "metadata": "{}", "publisher": f"p{i}.com", "text": "Chile met Peru."}
            mention = {"mention_id": f"a{i}:0:6", "article_id": f"a{i}", "content_hash": f"h{i}", "batch": batch,
                       "sentence": 0, "start": 0, "end": 15, "text": "Chile met Peru.", "trigger": "met",
                       "repeats": 1, "repeat_sentences": [0], "source_code": "CHL", "source_country": "CHL",
                       "target_code": "PER", "target_country": "PER", "cameo": "040", "cameo_name": "Consult",
                       "goldstein": 1.0, "quad_class": 1, "plover": "CONSULT", "modality": "actual", "date": D,
                       "date_precision": "day", "confidence": 0.8, "article_date": D, "publisher": f"p{i}.com"}
            files = {"articles": [_shard(root, "articles", batch, [art], SCHEMAS["articles"])],
                     "mentions": [_shard(root, "mentions", batch, [mention], V1_MENTIONS)]}
            w.commit(batch, files)
        rebuild_derived(w, window=3)
    info = json.loads((root / STORE_FILE).read_text())
    info["version"] = 1
    (root / STORE_FILE).write_text(json.dumps(info))


def test_an_old_store_is_refused_with_the_upgrade_command(tmp_path):
    build_v1_store(tmp_path / "s")
    with pytest.raises(StoreVersionError, match="diurna store upgrade"):
        Store(tmp_path / "s")
    result = CliRunner().invoke(main, ["events", "--store", str(tmp_path / "s"), "--format", "jsonl"])
    assert result.exit_code == 1 and "diurna store upgrade" in result.output


def test_upgrade_in_place_keeps_every_row_and_passes_check(tmp_path):
    root = tmp_path / "s"
    build_v1_store(root)
    result = CliRunner().invoke(main, ["store", "upgrade", str(root)])
    assert result.exit_code == 0, result.output
    assert "from store format version 1 to 2" in result.output and "trigger_start" in result.output
    store = Store(root)
    rows = store.query("SELECT mention_id, trigger, trigger_start, \"symmetric\", source_implied FROM mentions "
                       "ORDER BY mention_id").to_pylist()
    assert [(r["mention_id"], r["trigger"], r["trigger_start"], r["symmetric"]) for r in rows] == [
        ("a0:0:6", "met", None, None), ("a1:0:6", "met", None, None)]
    assert store.query("SELECT count(*) FROM events").column(0)[0].as_py() == 1
    report = check_store(root)
    assert report.ok, report.lines()
    info = json.loads((root / STORE_FILE).read_text())
    assert info["version"] == 2 and info["upgrades"][0]["from"] == 1
    # a second run has nothing to do; an ingest into the upgraded store works
    again = upgrade_store(root)
    assert not again.changed and "nothing to upgrade" in again.lines()[0]
    from test_store_support import STORIES, write_jsonl

    from diurna.store import ingest

    ingest([str(write_jsonl(tmp_path / "in.jsonl", STORIES[:1]))], root)
    assert check_store(root).ok
    assert store.query("SELECT count(*) FROM mentions WHERE trigger_start IS NOT NULL").column(0)[0].as_py() >= 1


def test_upgrade_adds_new_tables_and_columns_from_schemas(tmp_path, monkeypatch):
    """What another part of diurna adds to SCHEMAS (a column, a table) is added by the same upgrade."""
    root = tmp_path / "s"
    build_v1_store(root, batches=1)
    monkeypatch.setitem(SCHEMAS, "articles", SCHEMAS["articles"].append(pa.field("tone_test", pa.float64())))
    monkeypatch.setitem(SCHEMAS, "extra_test", pa.schema([("article_id", pa.string()), ("value", pa.int32())]))
    report = upgrade_store(root)
    assert report.columns_added["articles"] == ["tone_test"] and "extra_test" in report.empty_tables
    assert pq.read_schema(next((root / "data" / "articles").glob("*.parquet"))).names[-1] == "tone_test"
    assert Store(root).query("SELECT count(*) FROM articles WHERE tone_test IS NULL").column(0)[0].as_py() == 1


def test_a_shard_with_an_unknown_column_is_not_upgraded(tmp_path):
    root = tmp_path / "s"
    build_v1_store(root, batches=1)
    shard = next((root / "data" / "mentions").glob("*.parquet"))
    t = pq.read_table(shard)
    pq.write_table(t.append_column("from_the_future", pa.array(["x"])), shard)
    before = shard.read_bytes()
    with pytest.raises(UpgradeError, match="from_the_future"):
        upgrade_store(root)
    assert shard.read_bytes() == before
    assert json.loads((root / STORE_FILE).read_text())["version"] == 1
