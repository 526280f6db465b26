"""A damaged store: every command says which file in one line (no traceback), `diurna store check` finds it,
`--repair` mends the store (quarantine, never delete), says exactly what was lost, and a further ingest brings it
back. The damages are the ones bench/hostile_store.py measures (docs/limits.md, section Store)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store_support import STORIES, write_jsonl

from diurna.cli import main
from diurna.store import IngestOptions, Store, StoreError, ingest
from diurna.store.check import check_store
from diurna.store.writer import acquire_lock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import hostile_store as hostile  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CHANGED_A2 = "Police detained the opposition leader in Nairobi on Tuesday, his lawyer said."
VISIBLE = "SELECT id, content_hash FROM articles ORDER BY id"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A healthy store of four batches: a1, a2, a3, then a new version of a2 (so one version is superseded)."""
    base = tmp_path_factory.mktemp("check")
    first = write_jsonl(base / "in.jsonl", STORIES)
    changed = [dict(r) for r in STORIES]
    changed[1]["text"] = CHANGED_A2
    second = write_jsonl(base / "in2.jsonl", changed[1:2])
    root = base / "store"
    ingest([str(first)], root, IngestOptions(batch_size=1))
    ingest([str(second)], root, IngestOptions(batch_size=1))
    return root, [str(first), str(second)], Store(root).query(VISIBLE).to_pylist()


@pytest.fixture
def store(built, tmp_path):
    root = tmp_path / "store"
    shutil.copytree(built[0], root)
    return root


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_one_line_error(result, *expected: str) -> None:
    """Exit 1, no exception escaped (a traceback), stderr is one line that names what it must."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for text in expected:
        assert text in lines[0], (text, lines[0])


def test_the_fixture_store_is_what_the_cases_expect(built):
    root, _, visible = built
    assert len(hostile.batch_manifests(root)) == 4
    assert json.loads(hostile.batch_manifests(root)[3].read_text())["superseded"]  # the new a2 hides the old
    assert [r["id"] for r in visible] == ["a1", "a2", "a3"]
    assert all(hostile.shard(root, "mentions", i).exists() for i in range(2))


def test_a_healthy_store_checks_clean_and_a_repair_changes_nothing(store):
    before = sorted(p.relative_to(store) for p in store.rglob("*") if p.name != ".lock")
    result = cli("store", "check", str(store))
    assert result.exit_code == 0 and "healthy" in result.stdout and "3 articles" in result.stdout
    result = cli("store", "check", "--repair", str(store))
    assert result.exit_code == 0
    assert sorted(p.relative_to(store) for p in store.rglob("*") if p.name != ".lock") == before


# (case, the file the error names, do `events`/`export` still work, the article ids the repair loses, batches lost)
CASES = [
    ("truncated articles shard", "data/articles/", False, ["a1"], 1),
    ("truncated mentions shard", "data/mentions/", False, [], 1),  # the old version of a2: not visible anyway
    ("garbage articles shard", "data/articles/", False, ["a1"], 1),
    ("garbage inside a shard (magic bytes kept)", "data/mentions/", False, ["a1"], 1),
    ("shard of another table in place", "data/articles/", False, ["a1"], 1),
    ("deleted mentions shard", "data/mentions/", False, ["a1"], 1),
    ("FIFO in place of a shard", "data/mentions/", False, ["a1"], 1),
    ("garbage derived events file", "derived/events-", False, [], 0),
    ("truncated derived mention_events", "derived/mention_events-", False, [], 0),
    ("deleted derived duplicates", "derived/duplicates-", False, [], 0),
    ("manifest: not JSON", "commits/00000002.json", False, [], 0),
    ("manifest: wrong types", "commits/00000001.json", False, [], 0),
    ("manifest: names /etc/passwd", "commits/00000001.json", False, [], 0),
    ("manifest: names ../outside.parquet", "commits/00000001.json", False, [], 0),
    ("manifest: deeply nested JSON", "commits/00000001.json", False, [], 0),
    ("manifest: one shard named twice", "data/articles/", True, [], 0),
    ("manifest missing (gap)", "commits/00000002.json", False, [], 0),
    ("last manifest lost (derived stale)", "commits", True, [], 0),
    ("orphan shard", "data/articles/0123456789abcdef", True, [], 0),
    ("store.json garbage", "store.json", False, [], 0),
]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("case,names,readable,lost,lost_batches", CASES, ids=[c[0] for c in CASES])
def test_damage_is_reported_repaired_and_restored(built, store, tmp_path, case, names, readable, lost, lost_batches):
    _, inputs, clean = built
    hostile.DAMAGES[case](store)

    # every command: one line naming the damaged file and the repair, or (harmless damage) it still works
    events = cli("events", "--store", str(store), "--format", "jsonl")
    export = cli("export", "--store", str(store), "--format", "csv", "--out", str(tmp_path / "out.csv"))
    if readable:
        assert events.exit_code == 0 and export.exit_code == 0, (events.output, export.output)
    else:
        assert_one_line_error(events, names, "diurna store check --repair")
        assert_one_line_error(export, names, "diurna store check --repair")
        assert not (tmp_path / "out.csv").exists()

    check = cli("store", "check", "--json", str(store))
    assert check.exit_code == 1
    report = json.loads(check.stdout)
    assert any(names in f["path"] for f in report["findings"]), report["findings"]

    repair = cli("store", "check", "--repair", "--json", str(store))
    assert repair.exit_code == 1, repair.output
    report = json.loads(repair.stdout)
    assert report["repaired"] and report["after"]["ok"], report
    assert report["lost_articles"] == lost and len(report["lost_batches"]) == lost_batches, report["lost"]
    assert report["lost_count"] == len(lost)

    # usable again: a second check is clean, events and export work, what was lost is listed by id
    assert cli("store", "check", str(store)).exit_code == 0
    assert cli("events", "--store", str(store), "--format", "jsonl").exit_code == 0
    assert cli("export", "--store", str(store), "--format", "jsonl", "--out", str(tmp_path / "o.jsonl")).exit_code == 0
    visible = {r["id"] for r in Store(store).query(VISIBLE).to_pylist()}
    assert visible == {"a1", "a2", "a3"} - set(lost)

    # a further ingest of the same inputs brings back exactly the clean store
    again = ingest(inputs, store, IngestOptions(batch_size=1))
    assert not again.failed_inputs
    assert Store(store).query(VISIBLE).to_pylist() == clean
    assert cli("store", "check", str(store)).exit_code == 0


def test_the_repair_quarantines_and_never_deletes(store):
    damaged = hostile.shard(store, "articles")
    siblings = [hostile.shard(store, t) for t in ("mentions", "entities")]
    hostile.truncate(damaged)
    kept = {p.name: p.read_bytes() for p in (damaged, *siblings)}
    report = check_store(store, repair=True)
    assert report.quarantine is not None
    quarantine = store / report.quarantine
    moved = {p.name: p.read_bytes() for p in quarantine.rglob("*.parquet")}
    assert all(moved[name] == data for name, data in kept.items())  # byte for byte, and the manifest too
    assert (quarantine / "commits" / "00000001.json").exists()
    record = json.loads((quarantine / "REPAIR.json").read_text())
    assert record["lost_articles"] == ["a1"] and record["actions"]
    text = "\n".join(report.lines())
    assert "1 article in 1 batch" in text and "'a1'" in text and "in.jsonl" not in text  # the articles shard is gone
    # the rewritten manifest keeps its number and says why
    body = json.loads((store / "commits" / "00000001.json").read_text())
    assert body["seq"] == 1 and "repaired" in body and "articles" not in body.get("files", {})


def test_lost_articles_name_the_inputs_to_ingest_again(store):
    hostile.truncate(hostile.shard(store, "mentions"))  # the articles shard still reads: it names the input
    report = check_store(store, repair=True)
    (loss,) = report.lost
    assert loss.articles == ["a1"] and loss.inputs and loss.inputs[0].endswith("in.jsonl")
    assert "ingest again to restore" in loss.describe()


def test_dropping_the_batch_of_a_new_version_shows_the_old_one_again(store):
    old_a2 = Store(store).query("SELECT content_hash FROM raw_articles WHERE id = 'a2' ORDER BY batch").to_pylist()
    hostile.truncate(hostile.shard(store, "mentions", 3))  # the batch with the new version of a2
    report = check_store(store, repair=True)
    (loss,) = report.lost
    assert loss.articles == ["a2"] and loss.restored == ["a2"]
    rows = Store(store).query("SELECT id, content_hash FROM articles WHERE id = 'a2'").to_pylist()
    assert len(rows) == 1 and rows[0]["content_hash"] in {r["content_hash"] for r in old_a2}
    assert report.after is not None and report.after.ok


def test_a_wrong_superseded_list_is_found_and_recomputed(store, built):
    last = hostile.batch_manifests(store)[-1]
    hostile.edit_manifest(last, lambda m: m.__setitem__("superseded", []))
    assert Store(store).query("SELECT count(*) FROM articles WHERE id = 'a2'").column(0)[0].as_py() == 2
    report = check_store(store)
    assert [f.kind for f in report.findings] == ["superseded"] and "'a2'" in report.findings[0].problem
    report = check_store(store, repair=True)
    assert report.lost == [] and report.after is not None and report.after.ok
    assert Store(store).query(VISIBLE).to_pylist() == built[2]


def test_two_damages_at_once(store):
    hostile.garbage(hostile.derived(store, "events"))
    hostile.truncate(hostile.shard(store, "articles", 2))
    hostile.batch_manifests(store)[0].write_text("[1, 2")
    report = check_store(store, repair=True)
    assert report.lost_articles == ["a3"] and report.after is not None and report.after.ok


def test_paths_outside_the_store_are_never_opened(store, tmp_path):
    """The manifest names a FIFO outside the store: opening it would block, and the test would time out."""
    fifo = tmp_path / "outside.parquet"
    os.mkfifo(fifo)
    hostile.name_outside(store, str(fifo))
    assert_one_line_error(cli("events", "--store", str(store)), "absolute path")
    hostile.name_outside(store, "../outside.parquet")
    assert_one_line_error(cli("events", "--store", str(store)), "leaves the store directory")
    assert cli("store", "check", str(store)).exit_code == 1
    assert check_store(store, repair=True).after.ok  # type: ignore[union-attr]
    assert fifo.exists()  # not moved, not touched


def test_ingest_on_a_damaged_store(store, built, tmp_path):
    _, inputs, _ = built
    hostile.truncate(hostile.shard(store, "articles"))
    result = cli("ingest", inputs[0], "--store", str(store), "--no-progress", "--no-summary")
    assert_one_line_error(result, "data/articles/", "diurna store check --repair")
    # a damaged derived table is rebuilt by the ingest itself (a warning names it)
    healthy = tmp_path / "healthy"
    shutil.copytree(built[0], healthy)
    hostile.garbage(hostile.derived(healthy, "events"))
    result = cli("ingest", inputs[0], "--store", str(healthy), "--no-progress", "--no-summary")
    assert result.exit_code == 0, result.output
    assert check_store(healthy).ok


def test_a_repair_waits_for_the_writer(store):
    hostile.truncate(hostile.shard(store, "articles"))
    lock = acquire_lock(store)
    try:
        with pytest.raises(StoreError, match="another ingest is writing"):
            check_store(store, repair=True)
        assert_one_line_error(cli("store", "check", "--repair", str(store)), "another ingest is writing")
        report = check_store(store)  # a plain check works beside a writer, without the orphan findings
        assert report.writer_active and [f.kind for f in report.findings] == ["shard"]
    finally:
        lock.close()
    assert check_store(store, repair=True).after.ok  # type: ignore[union-attr]


def test_not_a_store(tmp_path):
    assert_one_line_error(cli("store", "check", str(tmp_path / "nothing")), "no such store")
    (tmp_path / "empty").mkdir()
    assert_one_line_error(cli("store", "check", str(tmp_path / "empty")), "not a diurna store")
