"""The store: ingest of the sample corpus, re-ingest, replacement, crash and resume, readers during an ingest,
schema versions, errors."""

from __future__ import annotations

import json

import pytest
from test_store_support import SAMPLE, STORIES, write_jsonl

from diurna.store import IngestOptions, Store, StoreVersionError, ingest
from diurna.store.schema import STORE_FILE
from diurna.store.writer import StoreWriter

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("store") / "s"
    report = ingest([str(SAMPLE)], root)
    return root, report


def _count(root, sql):
    return Store(root).query(sql).column(0)[0].as_py()


def test_sample_ingest(sample_store):
    root, report = sample_store
    assert report.progress.read == 46 and not report.failed_inputs
    assert _count(root, "SELECT count(*) FROM articles") == 46
    assert _count(root, "SELECT count(*) FROM mentions") == report.progress.mentions > 0
    # every mention belongs to exactly one event
    assert _count(root, "SELECT count(*) FROM mentions_full WHERE event_id IS NULL") == 0
    assert _count(root, "SELECT sum(num_mentions) FROM events") == report.progress.mentions


def test_syndicated_copy_is_counted_once(sample_store):
    root, _ = sample_store
    store = Store(root)
    dup = store.query("SELECT article_id, duplicate_of FROM duplicates").to_pylist()
    assert {"article_id": "brazil-chile-trade-syndicated", "duplicate_of": "chile-brazil-visit"} in dup
    visit = store.query("SELECT * FROM events WHERE modality = 'actual' AND cameo_base = '042' "
                        "AND source_country = 'CHL' AND target_country = 'BRA'").to_pylist()
    assert len(visit) == 1
    e = visit[0]
    assert (e["num_articles"], e["num_sources"], e["num_copies"]) == (2, 1, 1)
    assert e["article_ids"] == ["brazil-chile-trade-syndicated", "chile-brazil-visit"]
    # the anticipated presidential visit is a separate event
    assert _count(root, "SELECT count(*) FROM events WHERE modality = 'anticipated' AND source_country = 'CHL'") == 1


def test_reingest_adds_nothing(sample_store):
    root, _ = sample_store
    before = Store(root).snapshot()
    report = ingest([str(SAMPLE)], root)
    after = Store(root).snapshot()
    assert report.progress.unchanged == 46 and report.progress.coded == 0
    assert after.files == before.files and after.derived == before.derived


def test_changed_article_replaces_old_version(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", STORIES)
    ingest([str(src)], tmp_path / "s")
    old_hash = _count(tmp_path / "s", "SELECT content_hash FROM articles WHERE id = 'a2'")
    changed = [dict(r) for r in STORIES]
    changed[1]["text"] = "Police detained the opposition leader in Nairobi on Tuesday, his lawyer said."
    write_jsonl(src, changed)
    report = ingest([str(src)], tmp_path / "s")
    assert (report.progress.replaced, report.progress.unchanged) == (1, 2)
    root = tmp_path / "s"
    assert _count(root, "SELECT count(*) FROM articles") == 3
    assert _count(root, "SELECT count(*) FROM raw_articles") == 4  # the old version is kept, superseded
    assert _count(root, "SELECT content_hash FROM articles WHERE id = 'a2'") != old_hash
    assert _count(root, f"SELECT count(*) FROM mentions WHERE content_hash = '{old_hash}'") == 0
    assert _count(root, "SELECT count(*) FROM mentions WHERE text LIKE '%opposition leader%'") >= 1


class _Crash(Exception):
    pass


def test_crash_before_commit_then_resume(tmp_path, monkeypatch):
    src = write_jsonl(tmp_path / "in.jsonl", STORIES)
    root = tmp_path / "s"
    seen = []

    def die_on_second(batch):
        seen.append(batch)
        if len(seen) == 2:
            raise _Crash("killed")

    monkeypatch.setattr(StoreWriter, "before_commit", staticmethod(die_on_second))
    with pytest.raises(_Crash):
        ingest([str(src)], root, IngestOptions(batch_size=1))
    # the second batch's shards exist on disk but no reader sees them
    assert len(list((root / "data" / "articles").glob("*.parquet"))) == 2
    assert _count(root, "SELECT count(*) FROM articles") == 1
    monkeypatch.setattr(StoreWriter, "before_commit", None)
    report = ingest([str(src)], root, IngestOptions(batch_size=1))
    assert (report.progress.unchanged, report.progress.coded) == (1, 2)
    assert _count(root, "SELECT count(*) FROM articles") == 3
    assert _count(root, "SELECT count(*) - count(DISTINCT id) FROM raw_articles") == 0  # nothing duplicated
    assert len(list((root / "data" / "articles").glob("*.parquet"))) == 3  # the orphan shard was removed
    assert _count(root, "SELECT count(*) FROM mentions") == _count(root, "SELECT sum(num_mentions) FROM articles")


def test_reader_during_ingest_sees_only_committed_batches(tmp_path, monkeypatch):
    src = write_jsonl(tmp_path / "in.jsonl", STORIES)
    root = tmp_path / "s"
    counts = []

    def read_now(batch):
        counts.append(_count(root, "SELECT count(*) FROM articles"))

    monkeypatch.setattr(StoreWriter, "before_commit", staticmethod(read_now))
    ingest([str(src)], root, IngestOptions(batch_size=1))
    assert counts == [0, 1, 2]
    assert _count(root, "SELECT count(*) FROM articles") == 3


def test_second_writer_is_refused(tmp_path):
    from diurna.store import StoreError

    with StoreWriter(tmp_path / "s"), pytest.raises(StoreError, match="another ingest"):
        StoreWriter(tmp_path / "s")


@pytest.mark.parametrize(("version", "message"), [(0, "no in-place upgrade"), (99, "upgrade diurna")])
def test_store_version_is_checked(tmp_path, version, message):
    root = tmp_path / "s"
    StoreWriter(root).close()
    info = json.loads((root / STORE_FILE).read_text())
    info["version"] = version
    (root / STORE_FILE).write_text(json.dumps(info))
    with pytest.raises(StoreVersionError, match=message):
        Store(root)
    with pytest.raises(StoreVersionError):
        ingest([], root)


def test_bad_input_goes_to_errors_and_exit_code(tmp_path):
    from click.testing import CliRunner

    from diurna.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(STORIES[0]) + "\n{not json\n" + json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(src), "--store", str(tmp_path / "s"), "--no-progress"])
    assert result.exit_code == 1, result.output
    rows = Store(tmp_path / "s").query("SELECT stage, record, reason FROM errors ORDER BY record").to_pylist()
    assert [(r["stage"], r["record"]) for r in rows] == [("read", "line 2"), ("read", "line 3")]
    assert "missing required field 'text'" in rows[1]["reason"]
    # re-running does not duplicate the error rows in the view
    CliRunner().invoke(main, ["ingest", str(src), "--store", str(tmp_path / "s"), "--no-progress"])
    assert Store(tmp_path / "s").query("SELECT * FROM errors").num_rows == 2


def test_not_a_store_is_refused(tmp_path):
    from diurna.store import StoreError

    (tmp_path / "junk.txt").write_text("x")
    with pytest.raises(StoreError, match="not empty"):
        ingest([], tmp_path)


def test_manifest_records_what_coded_the_batch(sample_store):
    from diurna.store.manifest import read_manifests

    root, _ = sample_store
    coded = [m["coded_with"] for m in read_manifests(root) if m.get("batch")]
    assert coded and all(c["spacy_pipeline"].startswith("en_core_web_sm") for c in coded)
    assert all(c["event_model"].startswith("events.json sha256:") and c["settings"] == {} for c in coded)
