"""Output safety: text from articles is never rich markup nor a format string, store paths with brackets, quotes
or glob characters work, and the export and query options fail with one clear line."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console
from test_store_support import add_synthetic, d, write_jsonl

from diurna.articles import read_articles
from diurna.articles.model import ActorRef, Article, Event, Place
from diurna.cli import main
from diurna.cli.code import _event_table
from diurna.cli.ingest import print_summary
from diurna.store import EventFilter, Store
from diurna.store.query import MAX_LIMIT

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

MARKUP = "[/bold]x[red]y[link=http://evil.example]z {0} %s {name}"  # closing tag with no opening: MarkupError


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_one_line_error(result, *expected: str, code: int = 1) -> None:
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert lines and "Traceback" not in result.output, result.output
    message = " ".join(lines) if code == 2 else lines[0]  # click's usage errors print the usage line first
    assert code == 2 or len(lines) == 1, result.stderr
    for text in expected:
        assert text in message, (text, message)


def _store(root: Path, text: str = MARKUP) -> Store:
    arts = [{"id": f"id{text}", "date": d("2021-03-16"), "title": text, "publisher": "x.com"}]
    ms = [{"mention_id": "m0", "article_id": f"id{text}", "cameo": "0421", "cameo_name": text,
           "source_code": "CHL[/bold]", "source_country": "CHL", "source_name": text, "target_code": "[red]BRA",
           "target_country": "BRA", "date": d("2021-03-16"), "modality": "actual", "quad_class": 1,
           "location_name": text, "trigger": text}]
    add_synthetic(root, arts, ms)
    return Store(root)


# --- markup --------------------------------------------------------------------------------------------------


def test_code_table_shows_markup_in_ids_titles_and_actors_as_text():
    actor = ActorRef(text=MARKUP, name=MARKUP, code=None, country="CHL")
    event = Event(id="e", source=actor, target=None, cameo="042", cameo_name="[bold]visit", goldstein=1.9,
                  quad_class=1, plover="CONSULT", plover_mode=None, modality="actual", sentence=0, text=MARKUP,
                  span=(0, 1), trigger=MARKUP, location=Place(name=MARKUP))
    article = Article(id=f"id{MARKUP}", title=MARKUP, events=[event])
    console = Console(record=True, width=400)
    _event_table(console, article)
    out = console.export_text()
    assert f"id{MARKUP} — {MARKUP}" in out and "[bold]visit" in out and out.count(MARKUP) >= 4
    skipped = Article(id=MARKUP, title=MARKUP, skipped="not English [/i]")
    _event_table(console, skipped)
    assert "not English [/i]" in console.export_text()


def test_events_table_shows_markup_as_text(tmp_path, monkeypatch):
    _store(tmp_path / "s")
    monkeypatch.setenv("COLUMNS", "600")
    result = cli("events", "--store", str(tmp_path / "s"), "--format", "table")
    assert result.exit_code == 0, result.output
    assert MARKUP in result.stdout and "CHL[/bold]" in result.stdout and "[red]BRA" in result.stdout
    result = cli("events", "--store", str(tmp_path / "s"), "--format", "table", "--mentions")
    assert result.exit_code == 0 and "CHL[/bold]" in result.stdout


@pytest.mark.parametrize("name", ["s[/bold]", "s [red]x[/red]", "it's", "s*"])
def test_ingest_into_a_store_path_with_markup_quotes_or_globs(tmp_path, monkeypatch, name):
    """The summary prints the store path: `diurna ingest` must not fail after it committed (it used to exit 1 on
    `[/bold]`). The article is already in the store, so nothing is coded and no spaCy is needed."""
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "k1", "text": "France condemned the attack in Bamako."}])
    (article,) = list(read_articles([str(src)]))
    root = tmp_path / name
    add_synthetic(root, [{"id": "k1", "content_hash": article.content_hash, "date": d("2021-03-16")}],
                  [{"mention_id": "m0", "article_id": "k1", "cameo": "111", "source_country": "FRA",
                    "target_country": "MLI", "date": d("2021-03-16"), "modality": "actual", "quad_class": 3}])
    monkeypatch.setenv("COLUMNS", "600")
    result = cli("ingest", str(src), "--store", str(root), "--no-progress")
    assert result.exit_code == 0, result.output
    assert "1 unchanged" in result.stderr and f"{root}: 1 articles (0 not coded)" in result.stdout
    console = Console(record=True, width=400)
    print_summary(console, Store(root))
    assert f"{root}: 1 articles" in console.export_text()


def test_a_store_path_with_glob_characters_reads_only_its_own_files(tmp_path):
    """DuckDB's read_parquet expands `*`, `?` and `[...]`: a store `s*` must not read the shards of `s1`."""
    _store(tmp_path / "s1", "other")
    _store(tmp_path / "s*", "own")
    assert Store(tmp_path / "s*").query("SELECT title FROM articles").column(0).to_pylist() == ["own"]
    assert Store(tmp_path / "s*").query("SELECT count(*) FROM events").column(0)[0].as_py() == 1


# --- query options -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--actor", ""], ["--actor", "  "], ["--dyad", "", "BRA"], ["--cameo", ""],
                                  ["--plover", " "]])
def test_an_empty_filter_is_refused(tmp_path, args):
    _store(tmp_path / "s", "t")
    assert_one_line_error(cli("events", "--store", str(tmp_path / "s"), *args), "is empty", code=2)


def test_an_empty_filter_is_refused_by_the_library_too():
    with pytest.raises(ValueError, match="empty actor"):
        EventFilter(actor="")
    with pytest.raises(ValueError, match="dyad"):
        EventFilter(dyad=("USA", " "))
    with pytest.raises(ValueError, match="limit"):
        EventFilter(limit=MAX_LIMIT + 1)


def test_the_actor_filter_still_filters(tmp_path):
    store = _store(tmp_path / "s", "t")
    assert store.events(EventFilter(actor="chl")).num_rows == 1
    assert store.events(EventFilter(actor="USA")).num_rows == 0


@pytest.mark.parametrize("limit", [str(2**63), str(2**64 + 5), "99999999999999999999999999"])
def test_a_huge_limit_is_a_usage_error(tmp_path, limit):
    _store(tmp_path / "s", "t")
    assert_one_line_error(cli("events", "--store", str(tmp_path / "s"), "--limit", limit), "--limit", code=2)


def test_the_largest_limit_works(tmp_path):
    _store(tmp_path / "s", "t")
    result = cli("events", "--store", str(tmp_path / "s"), "--limit", str(MAX_LIMIT), "--format", "jsonl")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1


# --- export --------------------------------------------------------------------------------------------------


def _no_leftovers(directory: Path) -> bool:
    return not [p for p in directory.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_export_to_a_missing_directory(tmp_path, fmt):
    _store(tmp_path / "s", "t")
    out = tmp_path / "missing" / "out.x"
    result = cli("export", "--store", str(tmp_path / "s"), "--format", fmt, "--out", str(out))
    assert_one_line_error(result, str(out), "does not exist")
    assert not out.parent.exists()


def test_export_through_a_file_or_onto_a_directory(tmp_path):
    _store(tmp_path / "s", "t")
    (tmp_path / "plain").write_text("x")
    result = cli("export", "--store", str(tmp_path / "s"), "--format", "csv", "--out", str(tmp_path / "plain" / "o"))
    assert_one_line_error(result, "is not a directory")
    (tmp_path / "dir").mkdir()
    result = cli("export", "--store", str(tmp_path / "s"), "--format", "csv", "--out", str(tmp_path / "dir"))
    assert_one_line_error(result, "is a directory", code=2)
    assert _no_leftovers(tmp_path)


def _dev_full() -> bool:
    try:
        return stat.S_ISCHR(os.stat("/dev/full").st_mode)
    except OSError:
        return False


@pytest.mark.skipif(not _dev_full(), reason="needs the /dev/full device")
@pytest.mark.parametrize("fmt", ["csv", "gdelt", "parquet"])
def test_export_to_the_full_device(tmp_path, fmt):
    _store(tmp_path / "s", "t")
    result = cli("export", "--store", str(tmp_path / "s"), "--format", fmt, "--out", "/dev/full")
    assert_one_line_error(result, "/dev/full", "cannot write the export")
    assert _dev_full(), "a failed export removed the device (pyarrow deletes a file it was given by name)"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_to_a_full_disk(tmp_path, monkeypatch, fmt):
    """The disk fills up in the middle of the export: one line, no partial file, the old file kept."""
    import diurna.store.export as export_module

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export_module, "write_csv" if fmt == "csv" else "write_parquet", full)
    _store(tmp_path / "s", "t")
    out = tmp_path / "out.x"
    out.write_text("old")
    result = cli("export", "--store", str(tmp_path / "s"), "--format", fmt, "--out", str(out))
    assert_one_line_error(result, str(out), "No space left on device")
    assert out.read_text() == "old" and _no_leftovers(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_export_to_an_unwritable_directory(tmp_path):
    _store(tmp_path / "s", "t")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = cli("export", "--store", str(tmp_path / "s"), "--format", "csv", "--out", str(locked / "o.csv"))
    assert_one_line_error(result, "cannot write the export")


def test_a_failed_export_keeps_the_old_file(tmp_path):
    _store(tmp_path / "s", "t")
    out = tmp_path / "events.csv"
    out.write_text("the last good export\n")
    shard = next((tmp_path / "s" / "data" / "mentions").glob("*.parquet"))
    shard.write_bytes(shard.read_bytes()[:100])
    assert_one_line_error(cli("export", "--store", str(tmp_path / "s"), "--format", "csv", "--out", str(out)),
                          "diurna store check --repair")
    assert out.read_text() == "the last good export\n" and _no_leftovers(tmp_path)


@pytest.mark.skipif(not _dev_full(), reason="needs the /dev/full device")
@pytest.mark.timeout(120)
def test_export_to_a_full_standard_output(tmp_path):
    _store(tmp_path / "s", "t")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-c", "from diurna.cli import main; main()", "export", "--store",
                               str(tmp_path / "s"), "--format", "jsonl"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=110)
    assert proc.returncode == 1
    lines = [line for line in proc.stderr.splitlines() if line.strip() and "Warning" not in line]
    assert lines == ["Error: cannot write the export to standard output (No space left on device)"], proc.stderr


def test_a_full_standard_output_is_one_line(tmp_path, monkeypatch):
    import diurna.store.export as export_module

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export_module, "write_jsonl", full)
    _store(tmp_path / "s", "t")
    assert_one_line_error(cli("export", "--store", str(tmp_path / "s"), "--format", "jsonl"),
                          "cannot write the export to standard output (No space left on device)")
