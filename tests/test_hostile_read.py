"""Hostile and broken input through the readers (``read_articles`` and ``diurna read``): bounded time and memory, one
error line naming the input and record for each bad thing, and every good record beside it still read.

Every case is generated here, in ``tmp_path``, at test time (gzip bombs are a few MB of compressed data). The same
cases, measured in fresh processes, are in ``bench/hostile_read.py`` and docs/limits.md.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import random
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diurna.articles import Article, read_articles
from diurna.articles import formats, readers
from diurna.articles.archive import MAX_HEADER_LINES
from diurna.cli import main
from diurna.config import Config
from diurna.errors import InputError

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "diurna" / "data" / "sample" / "corpus"
LEAD = ("Kenya and Somalia agreed on Sunday to resume talks on their disputed maritime border, officials from both "
        "governments said.")
BOMB_SECONDS = 20.0  # generous wall-clock bounds (docs/limits.md gives the measured figures)
CASE_SECONDS = 10.0


@pytest.fixture(scope="module", autouse=True)
def _warm(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Load the sentence splitter and the language detector once, so that the time bounds measure reading."""
    f = tmp_path_factory.mktemp("warm") / "warm.txt"
    f.write_text(LEAD)
    list(read_articles([str(f)], config=Config()))


def _record(i: int, **extra: object) -> str:
    return json.dumps({"id": f"good{i}", "text": f"{LEAD} ({i})", **extra}) + "\n"


def _read(*inputs: object, config: Config | None = None, **kw: object) -> list[Article | InputError]:
    return list(read_articles([str(i) for i in inputs], config=config or Config(), **kw))  # type: ignore[arg-type]


def _articles(results: list) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def _errors(results: list) -> list[InputError]:
    return [r for r in results if isinstance(r, InputError)]


def _ids(results: list) -> list[str]:
    return [a.id for a in _articles(results)]


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Fail (rather than hang the suite) when the block runs longer than ``seconds``; then check the time."""
    def _hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(int(seconds) + 5)
    start = time.monotonic()
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert time.monotonic() - start < seconds


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        return CliRunner()


def _cli_read(*inputs: object, env: dict[str, str] | None = None) -> tuple[int, list[dict], list[str]]:
    """``diurna read`` on ``inputs``: exit code, the JSON records, the error lines. Checks that nothing crashed,
    that stdout is valid UTF-8 JSON lines and that every stderr line is one message."""
    result = _runner().invoke(main, ["read", "--format", "jsonl", *map(str, inputs)], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr
    out = result.stdout_bytes.decode("utf-8")  # strict: never invalid UTF-8
    records = [json.loads(line) for line in out.splitlines()]
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert all(line.startswith(("error: ", "read ", "WARNING")) for line in lines), lines
    return result.exit_code, records, errors


def _gzip_stream(path: Path, chunk: bytes, total: int, *, head: bytes = b"", tail: bytes = b"") -> None:
    """A gzip file of ``head``, ``chunk`` repeated up to ``total`` bytes, and ``tail``, written through
    ``gzip.GzipFile`` a chunk at a time (never ``total`` bytes in memory)."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9) as out:
        out.write(head)
        for _ in range(total // len(chunk)):
            out.write(chunk)
        out.write(tail)


def _gzip_members(path: Path, member_data: bytes, repeats: int, *, head: bytes = b"") -> None:
    """A multi-member gzip file: ``head`` then ``member_data`` compressed once and written ``repeats`` times (how a
    2 GiB bomb is made in a fraction of a second; gzip readers take the members as one stream)."""
    member = gzip.compress(member_data, compresslevel=9)
    with open(path, "wb") as out:
        out.write(gzip.compress(head))
        for _ in range(repeats):
            out.write(member)


# --- limits on the decompressed stream --------------------------------------------------------------------


def test_gzip_of_2_gib_of_newlines_default_limits(tmp_path):
    f = tmp_path / "bomb.jsonl.gz"
    _gzip_members(f, b"\n" * (64 << 20), 32, head=_record(1).encode())  # 2 GiB of newlines after one record
    assert f.stat().st_size < 3_000_000
    with _deadline(BOMB_SECONDS):
        results = _read(f)
    assert _ids(results) == ["good1"]
    [error] = _errors(results)
    assert "gzip bomb" in error.reason and error.input == str(f) and error.record.startswith("line ")


def test_small_jsonl_gz_holding_100_mib_of_newlines(tmp_path):
    f = tmp_path / "newlines.jsonl.gz"
    _gzip_stream(f, b"\n" * (1 << 20), 100 << 20, head=_record(1).encode(), tail=_record(2).encode())
    assert f.stat().st_size < 150_000
    with _deadline(BOMB_SECONDS):
        results = _read(f)
    assert _ids(results)[0] == "good1" and len(_errors(results)) == 1  # stops as a gzip bomb: one error


def test_blank_lines_are_skipped_in_bulk(tmp_path):
    """Without gzip (no bomb check), 64 MiB of newlines and CRLFs between records are skipped at C speed and the
    line numbers stay right."""
    f = tmp_path / "blank.jsonl"
    with open(f, "wb") as out:
        out.write(_record(1).encode())
        for _ in range(32):
            out.write(b"\n" * (1 << 20))
        for _ in range(16):
            out.write(b"\r\n" * (1 << 20))
        out.write(b" \t\n" + _record(2).encode())
    with _deadline(CASE_SECONDS):
        results = _read(f)
    assert _ids(results) == ["good1", "good2"] and not _errors(results)
    assert _articles(results)[1].origin.record == f"line {2 + 32 * (1 << 20) + 16 * (1 << 20) + 1}"


def test_input_limit_counts_decompressed_bytes_and_keeps_what_came_before(tmp_path):
    f = tmp_path / "many.jsonl.gz"
    f.write_bytes(gzip.compress("".join(_record(i) for i in range(100)).encode()))
    results = _read(f, config=Config(max_input_bytes=5000))
    good = _ids(results)
    assert 20 < len(good) < 40 and good == [f"good{i}" for i in range(len(good))]
    [error] = _errors(results)
    assert "over the limit of 5000 bytes after decompression" in error.reason and "DIURNA_MAX_INPUT_BYTES" in error.reason


def test_text_bomb_is_refused_at_the_record_limit(tmp_path):
    f = tmp_path / "story.txt.gz"
    _gzip_members(f, b"word " * (8 << 20), 8)  # 320 MiB of text
    with _deadline(CASE_SECONDS):
        [error] = _read(f)
    assert isinstance(error, InputError) and ("over the limit" in error.reason or "gzip bomb" in error.reason)


def test_long_jsonl_line_is_skipped_and_the_next_lines_read(tmp_path):
    f = tmp_path / "long.jsonl"
    huge = json.dumps({"id": "huge", "text": "word " * 400_000})  # 2 MB
    f.write_text(_record(1) + huge + "\n" + _record(2))
    results = _read(f, max_bytes=100_000)
    assert _ids(results) == ["good1", "good2"]
    [error] = _errors(results)
    assert error.record == "line 2" and "over the limit of 100000 bytes" in error.reason and "--max-bytes" in error.reason
    results = _read(f, config=Config(max_line_chars=50_000))
    assert _ids(results) == ["good1", "good2"] and "DIURNA_MAX_LINE_CHARS" in _errors(results)[0].reason


def test_line_limit_counts_characters_not_bytes(tmp_path):
    f = tmp_path / "wide.jsonl"
    wide = json.dumps({"id": "wide", "text": "слово " * 1500}, ensure_ascii=False)  # 16,530 bytes, 9,030 chars
    f.write_text(wide + "\n" + _record(1), encoding="utf-8")
    assert _ids(_read(f, config=Config(max_line_chars=10_000))) == ["wide", "good1"]
    results = _read(f, config=Config(max_line_chars=8_000))
    assert _ids(results) == ["good1"] and "characters" in _errors(results)[0].reason


def test_megabyte_date_never_reaches_dateparser(tmp_path):
    f = tmp_path / "date.jsonl"
    f.write_text(json.dumps({"id": "d", "text": LEAD, "date": "14 March 2021 " * 80_000}) + "\n" + _record(1))
    with _deadline(CASE_SECONDS):
        results = _read(f)
    dated, good = _articles(results)
    assert (dated.id, dated.date, good.id) == ("d", None, "good1")
    [warning] = [w for w in dated.warnings if "date" in w]
    assert "over the limit of 100" in warning and len(warning) < 300


# --- WARC ----------------------------------------------------------------------------------------------------


def _warc(pages: list[tuple[str, bytes]], *, gz: bool = False) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


def _page(n: int) -> bytes:
    paragraphs = "".join(f"<p>{LEAD} Paragraph {k} of page {n} adds more words about the talks.</p>" for k in range(4))
    return f"<html><head><title>Page {n}</title></head><body><article>{paragraphs}</article></body></html>".encode()


def test_warc_with_garbage_header_is_an_error_and_exit_1(tmp_path):
    f = tmp_path / "garbage.warc"
    f.write_bytes(b"WARC/1.0\r\nthis is garbage\r\nmore garbage\r\n\r\n")
    [error] = _read(f)
    assert isinstance(error, InputError) and "not a WARC record" in error.reason
    g = tmp_path / "text.warc"
    g.write_bytes(b"hello, this is not an archive\r\n\r\n")
    [error] = _read(g)
    assert isinstance(error, InputError) and "not a WARC file" in error.reason
    code, records, errors = _cli_read(f, g)
    assert (code, records, len(errors)) == (1, [], 2)


def test_warc_header_line_over_the_limit_ends_the_archive_in_linear_time(tmp_path):
    """warcio's own line reader is quadratic on a header line without a line end; ours is linear and bounded."""
    f = tmp_path / "long-header.warc"
    good = _warc([("https://example.org/1", _page(1))])
    letters = bytes(range(97, 123)) * 10
    junk = random.Random(7).randbytes(24 << 20).translate(letters[:256])  # incompressible: not a bomb
    f.write_bytes(good + b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: " + junk)
    with _deadline(CASE_SECONDS):
        results = _read(f)  # default limit: 20 Mi characters per line
    assert len(_articles(results)) == 1
    [error] = _errors(results)
    assert "header line is over the limit" in error.reason and error.record == "record 2"
    assert "DIURNA_MAX_LINE_CHARS" in error.reason


def test_warc_of_2_gib_header_line_in_gzip(tmp_path):
    f = tmp_path / "long-header.warc.gz"
    _gzip_members(f, b"a" * (64 << 20), 32, head=b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ")
    with _deadline(BOMB_SECONDS):
        [error] = _read(f)
    assert isinstance(error, InputError) and ("gzip bomb" in error.reason or "over the limit" in error.reason)


def test_warc_with_endless_blank_lines(tmp_path):
    f = tmp_path / "blank.warc"
    f.write_bytes(_warc([("https://example.org/1", _page(1))]) + b"\r\n" * (MAX_HEADER_LINES * 50))
    with _deadline(CASE_SECONDS):
        results = _read(f)
    assert len(_articles(results)) == 1
    [error] = _errors(results)
    assert "header or blank lines in a row" in error.reason


def test_warc_record_with_gzip_bomb_payload_is_skipped(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    bomb = gzip.compress(b"<p>" + b" " * (200 << 20) + b"</p>", compresslevel=9)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/bomb", "response", payload=io.BytesIO(bomb),
                                                  http_headers=headers))
    f = tmp_path / "payload.warc"
    f.write_bytes(out.getvalue() + _warc([("https://example.org/2", _page(2))]))
    with _deadline(CASE_SECONDS):
        results = _read(f)
    assert len(_articles(results)) == 1
    [error] = _errors(results)
    assert "over the limit" in error.reason and "example.org/bomb" in error.record


# --- isolation ------------------------------------------------------------------------------------------------


def test_thirty_garbage_lines_then_good_ones(tmp_path):
    f = tmp_path / "garbage.jsonl"
    f.write_text("".join(f"garbage {i} <<<{{\n" for i in range(30)) + _record(1) + _record(2))
    results = _read(f)
    assert _ids(results) == ["good1", "good2"]
    assert [e.record for e in _errors(results)] == [f"line {i}" for i in range(1, 31)]
    code, records, errors = _cli_read(f)
    assert code == 1 and [r["id"] for r in records] == ["good1", "good2"] and len(errors) == 30


def test_one_nul_byte_spoils_its_line_not_the_file(tmp_path):
    f = tmp_path / "nul.jsonl"
    f.write_bytes(_record(1).encode().replace(b"Kenya", b"Ke\x00nya") + "".join(_record(i) for i in range(2, 40)).encode())
    results = _read(f)
    assert _ids(results) == [f"good{i}" for i in range(2, 40)]
    [error] = _errors(results)
    assert error.record == "line 1" and "control character" in error.reason


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("blob.jsonl", b"PK\x03\x04" + bytes(range(256)) * 4, "zip archive"),
    ("zeros.jsonl", b"\x00" * 5000 + _record(1).encode(), "NUL"),
    ("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("utf16.txt", LEAD.encode("utf-16-le"), "NUL"),
])
def test_real_binary_files_are_still_refused_whole(tmp_path, name, data, kind):
    f = tmp_path / name
    f.write_bytes(data)
    [error] = _read(f)
    assert isinstance(error, InputError) and "binary file" in error.reason and kind in error.reason


def test_a_few_nul_bytes_in_a_text_file_do_not_make_it_binary(tmp_path):
    f = tmp_path / "story.txt"
    f.write_bytes(LEAD.encode() + b"\x00 " + LEAD.encode())
    [article] = _read(f)
    assert isinstance(article, Article) and "\x00" not in article.text


@pytest.mark.parametrize("field", ["id", "url", "title", "source", "author", "text", "extra"])
def test_lone_surrogate_in_a_field_is_cleaned(tmp_path, field):
    record = {"id": "s1", "text": LEAD, "title": "Talks", "source": "Wire", "url": "https://example.org/s1",
              "author": "Ana Ruiz"}
    record[field] = (record.get(field) or "value") + "\ud800 tail"
    f = tmp_path / "surrogate.jsonl"
    f.write_text(json.dumps(record) + "\n" + _record(2))  # json.dumps writes the surrogate as \ud800
    assert "\\ud800" in f.read_text()
    results = _read(f)
    cleaned, good = _articles(results)
    assert good.id == "good2" and not _errors(results)
    assert any("lone surrogate" in w and field in w for w in cleaned.warnings)
    json.dumps(cleaned.to_dict(), ensure_ascii=False).encode("utf-8")  # writable
    code, records, errors = _cli_read(f)
    assert (code, len(records), errors) == (0, 2, [])
    assert "\ufffd" in json.dumps(records[0], ensure_ascii=False)


def test_surrogate_pairs_are_kept(tmp_path):
    f = tmp_path / "emoji.jsonl"
    f.write_text('{"id": "e", "title": "Smile \\ud83d\\ude00", "text": "' + LEAD + '"}\n')
    [article] = _read(f)
    assert article.title == "Smile \U0001F600" and not any("surrogate" in w for w in article.warnings)


def test_corrupt_gzip_is_called_corrupt_with_the_offset(tmp_path):
    whole = gzip.compress("".join(_record(i) for i in range(2000)).encode())
    start = tmp_path / "start.jsonl.gz"
    start.write_bytes(whole[:12] + b"\xff" * 40 + whole[52:])
    [error] = _read(start)
    assert isinstance(error, InputError) and "corrupt" in error.reason and "byte offset" in error.reason
    assert "empty" not in error.reason
    middle = tmp_path / "middle.jsonl.gz"
    cut = len(whole) * 2 // 3
    middle.write_bytes(whole[:cut] + bytes(b ^ 0x5A for b in whole[cut : cut + 64]) + whole[cut + 64 :])
    results = _read(middle)
    good = _ids(results)
    assert len(good) > 100 and good[:100] == [f"good{i}" for i in range(100)]
    assert "corrupt" in _errors(results)[-1].reason  # found at the damage, or by the CRC at the end
    header = tmp_path / "header.txt.gz"
    header.write_bytes(b"\x1f\x8b" + b"garbage" * 10)
    [error] = _read(header)
    assert isinstance(error, InputError) and "corrupt" in error.reason and "byte offset" in error.reason


def test_bad_values_spoil_one_line_each(tmp_path):
    f = tmp_path / "values.jsonl"
    lines = [
        '{"id": "nan", "text": NaN}',
        '{"id": "big", "text": "x", "n": ' + "1" * 5000 + "}",
        "[" * 100_000 + "]" * 100_000,
        '{"id": "inf", "text": "x", "v": 1e999}',
        json.dumps({"id": "deep", "text": LEAD, "meta": json.loads("[" * 500 + "]" * 500)}).replace('"meta"', '"m\\ud800"'),
        _record(1).strip(),
    ]
    f.write_text("\n".join(lines) + "\n")
    with _deadline(CASE_SECONDS):
        results = _read(f)
    assert "good1" in _ids(results)
    assert [e.record for e in _errors(results)][:4] == ["line 1", "line 2", "line 3", "line 4"]


def test_control_characters_never_reach_the_one_line_fields(tmp_path):
    f = tmp_path / "ctl.jsonl"
    f.write_text(json.dumps({"id": "a\x1b[2Jb", "title": "Red\x1b[31m title\x07\nsecond line", "source": "W\x00ire",
                             "text": LEAD}) + "\n")
    [article] = _read(f)
    assert article.title == "Red title second line" and article.source == "W ire"
    assert article.id == "a\\x1b[2Jb" and article.id.isprintable()


# --- files that are not files ---------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_and_socket_in_a_directory_are_skipped_never_opened(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(LEAD)
    os.mkfifo(folder / "b.jsonl")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(folder / "c.sock"))
        (folder / "d.txt").write_text("Second story. " + LEAD)
        with _deadline(CASE_SECONDS):
            results = _read(folder)
            code, records, errors = _cli_read(folder)
    finally:
        sock.close()
    assert _ids(results) == ["a", "d"]
    assert [(Path(e.input).name, "FIFO" in e.reason or "socket" in e.reason) for e in _errors(results)] == [
        ("b.jsonl", True), ("c.sock", True)]
    assert code == 1 and len(records) == 2 and len(errors) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_or_device_on_the_command_line_is_refused(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    with _deadline(CASE_SECONDS):
        results = _read(fifo, "/dev/zero", tmp_path / "*.jsonl")
    assert len(results) == 3 and all(isinstance(r, InputError) and "never opened" in r.reason for r in results)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_swapped_in_after_the_check_is_not_waited_on(tmp_path, monkeypatch):
    fifo = tmp_path / "late.jsonl"
    os.mkfifo(fifo)
    monkeypatch.setattr(readers, "special_file", lambda path: None)  # as if it was a regular file when listed
    with _deadline(CASE_SECONDS):
        [error] = _read(fifo)
    assert isinstance(error, InputError) and "not a regular file" in error.reason


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
def test_a_newline_in_a_file_name_cannot_forge_error_lines(tmp_path):
    evil = tmp_path / "x\nerror: forged.jsonl"
    evil.write_text("not json\n")
    code, records, errors = _cli_read(evil)
    assert code == 1 and len(errors) == 1
    assert "\\n" in errors[0] and "forged" in errors[0]
    raw = tmp_path / os.fsdecode(b"bad\xff\x1b[31m.txt")
    raw.write_text(LEAD)
    code, records, errors = _cli_read(raw)
    assert code == 0 and records[0]["origin"]["input"].endswith("bad\\xff\\x1b[31m.txt'")
    assert records[0]["id"] == "bad\\xff\\x1b[31m"


# --- mutations of real-looking records ------------------------------------------------------------------------

_SAMPLE_LINES = (SAMPLE / "articles.jsonl").read_bytes().splitlines(keepends=True)[:4]
_SAMPLE_JSONL = b"".join(_SAMPLE_LINES)
_SAMPLE_IDS = [json.loads(line)["id"] for line in _SAMPLE_LINES]
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def _mutation(draw: st.DrawFn, size: int) -> tuple[str, int, int, bytes]:
    """``(kind, start, end, new bytes)``: bytes ``start:end`` of the data are replaced by ``new``."""
    kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
    at = draw(st.integers(0, size - 1))
    if kind == "flip":
        return kind, at, at + 1, draw(st.binary(min_size=1, max_size=1))
    if kind == "truncate":
        return kind, at, size, b""
    if kind == "delete":
        return kind, at, min(size, at + draw(st.integers(1, 64))), b""
    interesting = st.sampled_from([b"\x00", b"\n", b"\\ud800", b'"', b"{", b"\xff\xfe", b"\x1b[31m", b"\r\n\r\n"])
    return kind, at, at, draw(interesting | st.binary(min_size=1, max_size=32))


def _apply(data: bytes, mutation: tuple[str, int, int, bytes]) -> bytes:
    _, start, end, new = mutation
    return data[:start] + new + data[end:]


def _untouched_ids(mutation: tuple[str, int, int, bytes]) -> set[str]:
    """Ids of the sample lines the mutation leaves whole, line end included, and still delimited."""
    _, start, end, _ = mutation
    keep: set[str] = set()
    offset = 0
    previous_touched = False
    for line, record_id in zip(_SAMPLE_LINES, _SAMPLE_IDS, strict=True):
        line_start, line_end = offset, offset + len(line)
        offset = line_end
        touched = start < line_end and end > line_start if end > start else line_start <= start < line_end
        if not touched and not previous_touched:
            keep.add(record_id)
        previous_touched = touched and end >= line_end  # its line end is gone: the next line is merged into it
    return keep


def _check(results: list, name: Path) -> None:
    for r in results:
        assert isinstance(r, (Article, InputError))
        if isinstance(r, InputError):
            assert "internal error" not in r.reason, r
            assert r.input == str(name) and str(r).isprintable()
        else:
            json.dumps(r.to_dict(), ensure_ascii=False).encode("utf-8")


@_SETTINGS
@given(mutation=_mutation(len(_SAMPLE_JSONL)))
def test_mutated_jsonl_keeps_every_untouched_record(tmp_path, mutation):
    data = _apply(_SAMPLE_JSONL, mutation)
    f = tmp_path / "sample.jsonl"
    f.write_bytes(data)
    with _deadline(CASE_SECONDS):
        results = _read(f)
    _check(results, f)
    if not any(data[at : at + len(magic)] == magic for magic, at, _ in formats._MAGIC):  # (a few NULs are no magic)
        assert _untouched_ids(mutation) <= set(_ids(results))


_SAMPLE_GZ = gzip.compress(_SAMPLE_JSONL, mtime=0)


@_SETTINGS
@given(mutation=_mutation(len(_SAMPLE_GZ)))
def test_mutated_jsonl_gz_never_crashes(tmp_path, mutation):
    f = tmp_path / "sample.jsonl.gz"
    f.write_bytes(_apply(_SAMPLE_GZ, mutation))
    with _deadline(CASE_SECONDS):
        results = _read(f)
    _check(results, f)
    if mutation[0] == "flip" and mutation[1] >= len(_SAMPLE_GZ) - 8:  # the CRC and length: found at the very end
        assert set(_ids(results)) == set(_SAMPLE_IDS)


def _sample_warc() -> bytes:
    pages = [(f"https://example.org/{p.stem}", p.read_bytes()) for p in sorted(SAMPLE.glob("*.html"))[:2]]
    return _warc(pages)


_SAMPLE_WARC = _sample_warc()


@_SETTINGS
@given(mutation=_mutation(len(_SAMPLE_WARC)))
def test_mutated_warc_keeps_the_records_before_the_damage(tmp_path, mutation):
    f = tmp_path / "sample.warc"
    f.write_bytes(_apply(_SAMPLE_WARC, mutation))
    with _deadline(CASE_SECONDS):
        results = _read(f)
    _check(results, f)
    if mutation[1] >= _SAMPLE_WARC.index(b"WARC/1.0", 10):  # the damage is in the second record
        assert any(isinstance(r, Article) for r in results)  # the first one is read


def test_the_warcio_internals_the_bounded_reader_relies_on_are_there():
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(io.BytesIO(b""))
    assert hasattr(iterator, "reader") and callable(getattr(iterator, "_consume_blanklines", None))
    assert callable(getattr(iterator, "_next_record", None))


def test_zlib_bomb_guard_does_not_fire_on_real_text(tmp_path):
    """Real text compresses far below the bomb ratio, even the sample records repeated over and over."""
    f = tmp_path / "real.jsonl.gz"
    lines = (SAMPLE / "articles.jsonl").read_bytes() * 1500  # 19 MB, above the point where the ratio is checked
    f.write_bytes(gzip.compress(lines, compresslevel=9))
    assert len(lines) > formats.GZIP_RATIO_AFTER and len(lines) / f.stat().st_size < formats.MAX_GZIP_RATIO
    with open(f, "rb") as raw:
        content = formats.open_content(raw)
        total = 0
        while chunk := content.stream.read(1 << 20):
            total += len(chunk)
    assert total == len(lines)


def test_record_limit_comes_from_the_setting_and_max_bytes_overrides_it(tmp_path):
    f = tmp_path / "sizes.jsonl"
    f.write_text(_record(1) + json.dumps({"id": "mid", "text": "word " * 600}) + "\n" + _record(2))  # 3 KB line
    code, records, errors = _cli_read(f, env={"DIURNA_MAX_RECORD_BYTES": "1000"})
    assert code == 1 and [r["id"] for r in records] == ["good1", "good2"]
    assert errors and "over the limit of 1000 bytes" in errors[0]
    result = _runner().invoke(main, ["read", "--format", "jsonl", "--max-bytes", "5000", str(f)],
                              env={"DIURNA_MAX_RECORD_BYTES": "1000"})
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3
    result = _runner().invoke(main, ["read", str(f)], env={"DIURNA_MAX_RECORD_BYTES": "lots"})
    assert result.exit_code == 1 and "DIURNA_MAX_RECORD_BYTES" in result.stderr and "Traceback" not in result.stderr
