"""Hostile and broken input through ``diurna read``: one fresh process per case, timed, with its peak memory.

    python bench/hostile_read.py [--keep DIR] [--only NAME ...]

Each case is generated in a temporary folder (bombs are a few MB of gzip), then ``diurna read --format jsonl`` runs
on it in a new process, under GNU time when there is one (the peak resident memory and CPU seconds of that process
alone). The script prints a markdown table, case | exit code | CPU and wall-clock seconds | peak MB | good records
kept / expected | error lines | tracebacks | bound, and exits 1 if any case has a traceback, loses a good record, or
goes over its bound in CPU seconds or memory (docs/limits.md explains the bounds).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import shutil
import socket
import sys
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hostile_runner import run_killed, summarize

LEAD = ("Kenya and Somalia agreed on Sunday to resume talks on their disputed maritime border, officials from both "
        "governments said.")
KILL_AFTER = 300  # seconds: a case still running then is killed (and fails)
BOUND = (10.0, 500)  # seconds (start-up of `diurna read` included) and peak MB, for every case but large records
WORDS = ("the government said on Monday that talks with rebels would resume in the capital next week after a "
         "pause in fighting near the border").split()


@dataclass
class Case:
    args: list[str]
    good: set[str] = field(default_factory=set)  # ids that must be read
    at_least: int | None = None  # instead of ``good``: how many records at least (corrupt gzip: a lower bound)
    env: dict[str, str] = field(default_factory=dict)
    stdin: Path | None = None
    record_mb: float = 0.0  # the size of the largest record read whole: its bound grows with it
    note: str = ""

    def bound(self) -> tuple[float, float]:
        """(seconds, peak MB): reading and normalizing one large record costs up to 2.5 s and 25 MB per MB."""
        seconds, mb = BOUND
        return seconds + 2.5 * self.record_mb, mb + 25 * self.record_mb


def _rec(i: int, **extra: object) -> bytes:
    return (json.dumps({"id": f"good{i}", "text": f"{LEAD} ({i})", **extra}) + "\n").encode()


def _good(*ids: int) -> set[str]:
    return {f"good{i}" for i in ids}


def _text(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n:
        sentence = " ".join(rng.choice(WORDS) for _ in range(18)).capitalize() + "."
        out.append(sentence + ("\n\n" if len(out) % 5 == 4 else " "))
        size += len(out[-1])
    return "".join(out)


def _gzip_members(path: Path, data: bytes, repeats: int, *, head: bytes = b"") -> None:
    member = gzip.compress(data, compresslevel=9)
    with open(path, "wb") as out:
        out.write(gzip.compress(head))
        for _ in range(repeats):
            out.write(member)


def _gzip_stream(path: Path, chunk: bytes, total: int, *, head: bytes = b"", tail: bytes = b"") -> None:
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9) as out:
        out.write(head)
        for _ in range(total // len(chunk)):
            out.write(chunk)
        out.write(tail)


def _warc(pages: list[tuple[str, bytes]], *, gz: bool = False, encoding: str | None = None) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, body in pages:
        http = [("Content-Type", "text/html")] + ([("Content-Encoding", encoding)] if encoding else [])
        headers = StatusAndHeaders("200 OK", http, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


def _page(n: int) -> bytes:
    body = "".join(f"<p>{LEAD} Paragraph {k} of page {n} adds more words about the talks.</p>" for k in range(4))
    return f"<html><head><title>Page {n}</title></head><body><article>{body}</article></body></html>".encode()


def _incompressible_letters(n: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n).translate((bytes(range(97, 123)) * 10)[:256])


# --- the cases -------------------------------------------------------------------------------------------------


def jsonl_30_garbage_lines(d: Path) -> Case:
    f = d / "garbage.jsonl"
    f.write_bytes(b"".join(f"garbage {i} <<<{{\n".encode() for i in range(30)) + _rec(1) + _rec(2))
    return Case([str(f)], _good(1, 2))


def jsonl_nul_byte_in_first_8k(d: Path) -> Case:
    f = d / "nul.jsonl"
    f.write_bytes(_rec(0).replace(b"Kenya", b"Ke\x00nya") + b"".join(_rec(i) for i in range(1, 40)))
    return Case([str(f)], _good(*range(1, 40)))


def jsonl_lone_surrogates(d: Path) -> Case:
    f = d / "surrogates.jsonl"
    record = {"id": "good0\ud800", "url": "https://example.org/\ud800", "title": "T\udc00", "source": "S\ud800",
              "author": "A\ud800", "text": LEAD + " \ud800", "extra": ["\ud800"]}
    f.write_bytes(json.dumps(record).encode() + b"\n" + _rec(1))
    return Case([str(f)], {"good0\ufffd", "good1"})


def jsonl_1mb_date(d: Path) -> Case:
    f = d / "date.jsonl"
    f.write_bytes(_rec(0, date="14 March 2021 " * 80_000) + _rec(1))
    return Case([str(f)], _good(0, 1))


def jsonl_5mb_text_field(d: Path) -> Case:
    f = d / "big-text.jsonl"
    f.write_bytes(json.dumps({"id": "good0", "text": _text(5_000_000)}).encode() + b"\n" + _rec(1))
    return Case([str(f)], _good(0, 1), record_mb=5.0)


def jsonl_30mb_line_over_limit(d: Path) -> Case:
    f = d / "long-line.jsonl"
    with open(f, "wb") as out:
        out.write(_rec(1) + b'{"id": "huge", "text": "')
        for _ in range(30):
            out.write(b"word " * (1 << 18))
        out.write(b'"}\n' + _rec(2))
    return Case([str(f)], _good(1, 2))


def jsonl_bad_values(d: Path) -> Case:
    f = d / "values.jsonl"
    lines = [b'{"id": "nan", "text": NaN}', b'{"id": "big", "text": "x", "n": ' + b"1" * 5000 + b"}",
             b"[" * 200_000 + b"]" * 200_000, b'{"id": "inf", "text": "x", "v": 1e999}', _rec(1).strip()]
    f.write_bytes(b"\n".join(lines) + b"\n")
    return Case([str(f)], _good(1))


def jsonl_20000_garbage_lines(d: Path) -> Case:
    f = d / "not-jsonl.jsonl"
    f.write_bytes(_rec(1) + b"garbage\n" * 20_000 + _rec(2))
    return Case([str(f)], _good(1), note="given up after 10,000 bad lines in a row: good2 after them is not read")


def jsonl_gz_100mib_newlines(d: Path) -> Case:
    f = d / "newlines.jsonl.gz"
    _gzip_stream(f, b"\n" * (1 << 20), 100 << 20, head=_rec(1), tail=_rec(2))
    return Case([str(f)], _good(1), note=f"{f.stat().st_size // 1000} KB; stopped as a gzip bomb")


def jsonl_gz_2gib_newlines(d: Path) -> Case:
    f = d / "newlines-2g.jsonl.gz"
    _gzip_members(f, b"\n" * (64 << 20), 32, head=_rec(1))
    return Case([str(f)], _good(1), note=f"{f.stat().st_size // 1000} KB; stopped as a gzip bomb")


def jsonl_gz_2gib_newlines_stdin(d: Path) -> Case:
    f = d / "newlines-2g-stdin.gz"
    _gzip_members(f, b"\n" * (64 << 20), 32, head=_rec(1))
    return Case(["-"], _good(1), stdin=f, note="the bomb on standard input")


def jsonl_256mib_newlines_plain(d: Path) -> Case:
    f = d / "newlines.jsonl"
    with open(f, "wb") as out:
        out.write(_rec(1))
        for _ in range(256):
            out.write(b"\n" * (1 << 20))
        out.write(_rec(2))
    return Case([str(f)], _good(1, 2), note="not gzip: every blank line skipped")


def jsonl_gz_2gib_single_line(d: Path) -> Case:
    f = d / "one-line.jsonl.gz"
    _gzip_members(f, b"a" * (64 << 20), 32, head=_rec(1))
    return Case([str(f)], _good(1))


def jsonl_input_limit_lowered(d: Path) -> Case:
    f = d / "many.jsonl.gz"
    data = b"".join(_rec(i) for i in range(100))
    f.write_bytes(gzip.compress(data))
    return Case([str(f)], _good(*range(data[:5000].count(b"\n"))), env={"DIURNA_MAX_INPUT_BYTES": "5000"},
                note="DIURNA_MAX_INPUT_BYTES=5000: the records before the limit")


def txt_gz_2gib_text_bomb(d: Path) -> Case:
    f = d / "story.txt.gz"
    _gzip_members(f, b"word " * (13 << 20), 32)
    g = d / "good1.txt"
    g.write_text(LEAD)
    return Case([str(f), str(g)], {"good1"})


def txt_30mb_over_record_limit(d: Path) -> Case:
    f = d / "big.txt"
    with open(f, "w") as out:
        for i in range(6):
            out.write(_text(5_000_000, seed=i))
    g = d / "good1.txt"
    g.write_text(LEAD)
    return Case([str(f), str(g)], {"good1"})


def txt_19mb_under_record_limit(d: Path) -> Case:
    f = d / "good0.txt"
    f.write_text(_text(19_000_000))
    return Case([str(f)], {"good0"}, record_mb=19.0, note="the largest text the default limit lets through")


def html_19mb_under_record_limit(d: Path) -> Case:
    f = d / "good0.html"
    paragraphs = "".join(f"<p>{_text(400, seed=i)}</p>" for i in range(44_000))
    f.write_text(f"<html><head><title>T</title></head><body><article>{paragraphs}</article></body></html>")
    return Case([str(f)], {"good0"}, record_mb=19.0)


def warc_garbage_header(d: Path) -> Case:
    f = d / "garbage.warc"
    f.write_bytes(b"WARC/1.0\r\nthis is garbage\r\nmore garbage\r\n\r\n")
    return Case([str(f)], set(), note="error and exit 1")


def warc_not_a_warc(d: Path) -> Case:
    f = d / "text.warc"
    f.write_bytes(b"hello, this is not an archive\r\n\r\n")
    return Case([str(f)], set(), note="error and exit 1")


def warc_gz_2gib_header_line(d: Path) -> Case:
    f = d / "long-header.warc.gz"
    first = _warc([("https://example.org/good1", _page(1))])
    _gzip_members(f, b"a" * (64 << 20), 32, head=first + b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ")
    return Case([str(f)], set(), at_least=1)


def warc_64mib_header_line_plain(d: Path) -> Case:
    f = d / "long-header.warc"
    first = _warc([("https://example.org/good1", _page(1))])
    f.write_bytes(first + b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: " + _incompressible_letters(64 << 20))
    return Case([str(f)], set(), at_least=1, note="no newline for 64 MiB; warcio alone: quadratic")


def warc_100mib_blank_lines(d: Path) -> Case:
    f = d / "blank.warc"
    with open(f, "wb") as out:
        out.write(_warc([("https://example.org/good1", _page(1))]))
        for _ in range(50):
            out.write(b"\r\n" * (1 << 20))
    return Case([str(f)], set(), at_least=1)


def warc_gzip_bomb_payload(d: Path) -> Case:
    f = d / "payload.warc"
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip, fed a chunk at a time
    spaces = b" " * (1 << 20)
    bomb = packer.compress(b"<p>") + b"".join(packer.compress(spaces) for _ in range(1024)) + packer.compress(b"</p>")
    bomb += packer.flush()
    f.write_bytes(_warc([("https://example.org/bomb", bomb)], encoding="gzip")
                  + _warc([("https://example.org/good2", _page(2))]))
    return Case([str(f)], set(), at_least=1, note="Content-Encoding: gzip, 1 GiB once inflated: read up to the record limit")


def warc_gz_truncated(d: Path) -> Case:
    f = d / "cut.warc.gz"
    data = _warc([(f"https://example.org/{i}", _page(i)) for i in range(6)], gz=True)
    member = len(data) // 6  # the records are gzip members of about the same size: cut inside the fifth one
    f.write_bytes(data[: 4 * member + member // 2])
    return Case([str(f)], set(), at_least=3, note="cut inside the fifth record")


def gzip_corrupt_at_start(d: Path) -> Case:
    whole = gzip.compress(b"".join(_rec(i) for i in range(2000)))
    f = d / "start.jsonl.gz"
    f.write_bytes(whole[:12] + b"\xff" * 40 + whole[52:])
    return Case([str(f)], set(), note="'corrupt', with the byte offset (it was 'empty file')")


def gzip_corrupt_in_the_middle(d: Path) -> Case:
    whole = gzip.compress(b"".join(_rec(i) for i in range(2000)))
    cut = len(whole) * 2 // 3
    f = d / "middle.jsonl.gz"
    f.write_bytes(whole[:cut] + bytes(b ^ 0x5A for b in whole[cut : cut + 64]) + whole[cut + 64 :])
    prefix = gzip.decompress(whole)[: len(gzip.decompress(whole)) * 2 // 3 - (64 << 10)]
    return Case([str(f)], set(), at_least=prefix.count(b"\n"), note="records before the damage")


def fifo_in_directory(d: Path) -> Case:
    folder = d / "in"
    folder.mkdir()
    (folder / "good1.txt").write_text(LEAD)
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "good2.txt").write_text("Second story. " + LEAD)
    return Case([str(folder)], {"good1", "good2"}, note="skipped with an error line, never opened")


def fifo_on_command_line(d: Path) -> Case:
    os.mkfifo(d / "pipe.jsonl")
    (d / "good1.txt").write_text(LEAD)
    return Case([str(d / "pipe.jsonl"), str(d / "good1.txt")], {"good1"})


def socket_and_device(d: Path) -> Case:
    folder = d / "in"
    folder.mkdir()
    (folder / "good1.txt").write_text(LEAD)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "s.sock"))
    _OPEN.append(sock)
    return Case([str(folder), "/dev/zero"], {"good1"})


def newline_in_file_name(d: Path) -> Case:
    evil = d / "x\nerror: forged.jsonl"
    evil.write_text("not json\n")
    (d / "good1.txt").write_text(LEAD)
    return Case([str(evil), str(d / "good1.txt")], {"good1"}, note="one error line, the name escaped")


def binary_file_named_jsonl(d: Path) -> Case:
    f = d / "archive.jsonl"
    f.write_bytes(b"PK\x03\x04" + random.Random(3).randbytes(1 << 20))
    g = d / "good1.jsonl"
    g.write_bytes(_rec(1))
    return Case([str(f), str(g)], _good(1))


def terminal_escapes_in_fields(d: Path) -> Case:
    f = d / "escapes.jsonl"
    f.write_bytes(json.dumps({"id": "good1", "title": "Red\x1b[31m\x1b[2J title\x07", "source": "W\x00ire",
                              "text": LEAD}).encode() + b"\n")
    return Case([str(f)], _good(1), note="escape sequences removed from title and source")


CASES: dict[str, Callable[[Path], Case]] = {
    name: fn for name, fn in globals().items()
    if callable(fn) and getattr(fn, "__module__", None) == __name__ and fn.__annotations__.get("return") == "Case"
}
_OPEN: list[socket.socket] = []


# --- running ---------------------------------------------------------------------------------------------------


def _command() -> list[str]:
    script = Path(sys.executable).with_name("diurna")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from diurna.cli import main; main()"]


@dataclass
class Run:
    name: str
    case: Case
    code: int
    seconds: float  # wall clock
    cpu: float  # user + system seconds of the process: what the bound is checked on (the wall clock also counts
    # waiting for a machine shared with other work)
    peak_mb: float
    kept: int
    expected: int
    tracebacks: int
    errors: int

    def ok(self) -> bool:
        seconds, mb = self.case.bound()
        return (self.tracebacks == 0 and self.kept >= self.expected and self.code in (0, 1)
                and self.cpu <= seconds and self.peak_mb <= mb)


TIME = Path("/usr/bin/time")  # GNU time: the peak memory of the command alone (a fork of this script would count
# this script's own memory as the child's until it execs)


def run_case(name: str, case: Case, work: Path) -> Run:
    out, err, peak_file = work / f"{name}.out", work / f"{name}.err", work / f"{name}.peak"
    env = {**os.environ, **case.env}
    command = [*_command(), "read", "--format", "jsonl", *case.args]
    if TIME.exists():
        command = [str(TIME), "-f", "%M %U %S", "-o", str(peak_file), *command]
    with open(out, "wb") as stdout, open(err, "wb") as stderr, open(case.stdin or os.devnull, "rb") as stdin:
        code, seconds, cpu, peak_mb, _ = run_killed(command, stdin=stdin, stdout=stdout, stderr=stderr, env=env,
                                                    kill_after=KILL_AFTER)
    if TIME.exists():
        peak, user, system = peak_file.read_text().split("\n")[-2].split()
        peak_mb, cpu = int(peak) / 1024, float(user) + float(system)
    # else: the child's own figure (an upper bound: it includes what it had from this script before exec)
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    text = err.read_text(encoding="utf-8", errors="replace")
    kept = len(set(ids) & case.good) if case.at_least is None else len(ids)
    expected = len(case.good) if case.at_least is None else case.at_least
    errors = sum(1 for line in text.splitlines() if line.startswith("error: "))
    return Run(name, case, code, seconds, cpu, peak_mb, kept, expected, text.count("Traceback"), errors)


def table(runs: list[Run]) -> str:
    rows = ["| case | exit code | seconds (CPU) | seconds (wall) | peak MB | good records kept / expected | "
            "error lines | tracebacks | bound (CPU s / MB) | within | note |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        seconds, mb = r.case.bound()
        expected = f"≥ {r.expected}" if r.case.at_least is not None else str(r.expected)
        rows.append(f"| {r.name.replace('_', '-')} | {r.code} | {r.cpu:.1f} | {r.seconds:.1f} | {r.peak_mb:.0f} | {r.kept} / "
                    f"{expected} | {r.errors} | {r.tracebacks} | {seconds:.0f} / {mb:.0f} | "
                    f"{'yes' if r.ok() else '**NO**'} | {r.case.note} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="generate the cases in DIR and keep them")
    parser.add_argument("--only", nargs="*", help="run only these cases")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="diurna-hostile-read-"))
    work.mkdir(parents=True, exist_ok=True)
    runs: list[Run] = []
    try:
        for name, build in CASES.items():
            if args.only and name not in args.only and name.replace("_", "-") not in args.only:
                continue
            folder = work / name
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            case = build(folder)
            runs.append(run_case(name, case, work))
            print(f"{name}: {runs[-1].cpu:.1f} s CPU, {runs[-1].seconds:.1f} s, {runs[-1].peak_mb:.0f} MB",
                  file=sys.stderr, flush=True)
            if args.keep is None:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        for sock in _OPEN:
            sock.close()
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return summarize(runs, table(runs), sum(max(0, r.expected - r.kept) for r in runs), "good records")


if __name__ == "__main__":
    sys.exit(main())
