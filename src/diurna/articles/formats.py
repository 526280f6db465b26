"""Recognising input formats from file names and content, and opening (possibly gzipped) inputs."""

from __future__ import annotations

import gzip
import json
import re
import zlib
from dataclasses import dataclass
from typing import IO, Any, Literal

Format = Literal["jsonl", "json", "html", "warc", "text"]

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 8192

_EXTENSIONS: dict[str, Format] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".arc": "warc",
    ".txt": "text",
    ".text": "text",
}


def format_from_name(name: str) -> Format | None:
    """Format implied by the file name (``x.jsonl.gz`` -> ``jsonl``); ``None`` when the name says nothing."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    for ext, fmt in _EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt
    return None


def stem(name: str) -> str:
    """File name without directories and without its format extensions (``a/b.jsonl.gz`` -> ``b``)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if base.lower().endswith(".gz"):
        base = base[:-3]
    if "." in base.strip("."):
        base = base.rsplit(".", 1)[0]
    return base or "input"


# magic numbers of binary formats people may pass by mistake (after gzip is undone): (prefix, offset, name)
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"PK\x03\x04", 0, "a zip archive (or docx, xlsx, epub)"),
    (b"PK\x05\x06", 0, "an empty zip archive"),
    (b"%PDF-", 0, "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"1AY&SY", 4, "bzip2-compressed data (decompress it first)"),
    (b"\xfd7zXZ\x00", 0, "xz-compressed data (decompress it first)"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd-compressed data (decompress it first)"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"\x1f\x8b", 0, "gzip data inside gzip (decompress it once first)"),
    (b"\x7fELF", 0, "an executable"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"PAR1", 0, "a Parquet file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an old Microsoft Office document"),
    (b"ftyp", 4, "a video or audio file"),
    (b"\x00asm", 0, "a WebAssembly module"),
)
_NUL_SHARE = 0.1  # at least this share of NUL bytes in the first bytes: binary (UTF-16 without BOM included)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def binary_kind(head: bytes) -> str | None:
    """What binary data ``head`` (the first bytes of decompressed content) is, or ``None`` for text.

    Binary means a known binary magic number, or NUL bytes making up at least a tenth of ``head``: one stray NUL
    byte does not make a file binary (in JSONL it spoils only its own line).
    """
    for magic, offset, name in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return name
    if head and not head.startswith(UTF16_BOMS) and head.count(b"\x00") >= _NUL_SHARE * len(head):
        return f"{head.count(0)} of the first {len(head)} bytes are NUL"
    return None


def sniff(head: bytes) -> Format:
    """Guess the format from the first bytes of (decompressed) content."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if stripped[:1] == b"{":
        first = stripped.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            if b"\n" not in stripped:  # a single long record cut off by the sniff window
                return "jsonl"
    if stripped[:1] == b"[":
        return "json"
    lower = stripped[:2048].lower()
    if lower.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
        lower.startswith(b"<") and any(tag in lower for tag in (b"<body", b"<head", b"<p>", b"<div", b"<article"))
    ):
        return "html"
    return "text"


class TruncatedInput(Exception):
    """Compressed data ended early or is corrupt. A distinct type, because some libraries (warcio) treat a
    plain ``EOFError`` as a normal end of input."""


class OverLimit(Exception):
    """The input holds more (decompressed) bytes than a limit allows; reading stops there."""


def _over_input(limit: int) -> OverLimit:
    return OverLimit(f"input is over the limit of {limit} bytes after decompression (DIURNA_MAX_INPUT_BYTES); "
                     "the rest is not read")


# decompressed / compressed bytes. News text compresses about 3 times, the same few records repeated over and over
# 140-170 times; a run of one byte (newlines, zeros, spaces) 229 times at gzip -1 and 1027 times at gzip -9
MAX_GZIP_RATIO = 200
GZIP_RATIO_AFTER = 16 * 1024 * 1024  # the ratio is checked once this much has been decompressed


def _gzip_bomb(out: int, compressed: int) -> OverLimit:
    return OverLimit(f"gzip bomb: {out} bytes inflated from {compressed} compressed bytes, more than "
                     f"{MAX_GZIP_RATIO} times as many (news text compresses about 3 times); the rest is not read "
                     "(if the data is real, decompress it first: zcat FILE | diurna read -)")


_BLANKS = b" \t\r\n"
_LINE_ENDS = {b"\n": b"\n" * (1 << 20), b"\r\n": b"\r\n" * (1 << 19)}
_BLANK = re.compile(rb"[ \t\r\n]*")


class Replay:
    """A minimal buffered binary reader: replays ``head`` and then reads ``rest``.

    Unlike :class:`io.BufferedReader`, a read error after some data has been read does not lose that data: the
    data is returned first and the error (as :class:`TruncatedInput`) is raised by the next read. Decompression
    errors therefore surface at the line or record where they happen. The same holds for the limits: with
    ``limit``, at most that many bytes are delivered, then :class:`OverLimit` is raised; with ``compressed`` (the
    stream ``rest`` inflates), reading stops as a gzip bomb when the data outgrows it :data:`MAX_GZIP_RATIO` times.
    """

    CHUNK = 1 << 18

    def __init__(self, head: bytes, rest: Any, *, limit: int | None = None, compressed: Replay | None = None) -> None:
        self._buf = bytearray(head)
        self._rest = rest
        self._read = getattr(rest, "read1", None) or rest.read
        self._error: TruncatedInput | OverLimit | None = None
        self._eof = False
        self._pos = 0
        self._limit = limit
        self._compressed = compressed  # the stream the data is inflated from: for the gzip bomb check
        self._filled = len(head)
        self.mode = "rb"
        if limit is not None and len(head) > limit:
            del self._buf[limit:]
            self._error = _over_input(limit)

    def readable(self) -> bool:
        return True

    def _fill(self) -> bool:
        """Append one chunk to the buffer; False at end of data or when an error is pending."""
        if self._eof or self._error is not None:
            return False
        try:
            chunk = self._read(self.CHUNK)
        except (EOFError, OSError, zlib.error, TruncatedInput) as exc:
            self._error = exc if isinstance(exc, TruncatedInput) else TruncatedInput(str(exc) or type(exc).__name__)
            return False
        if not chunk:
            self._eof = True
            return False
        self._filled += len(chunk)
        if self._limit is not None and self._filled > self._limit:
            chunk = chunk[: len(chunk) - (self._filled - self._limit)]
            self._error = _over_input(self._limit)
            if not chunk:
                return False
        elif self._compressed is not None and self._filled > GZIP_RATIO_AFTER:
            read = self._compressed.tell()
            if self._filled > MAX_GZIP_RATIO * read:
                self._error = _gzip_bomb(self._filled, read)
                return False
        self._buf += chunk
        return True

    def _take(self, n: int) -> bytes:
        if n == 0 and self._error is not None:
            error, self._error = self._error, None
            self._eof = True
            raise error
        data = bytes(self._buf[:n])
        del self._buf[:n]
        self._pos += len(data)
        return data

    def peek(self, n: int) -> bytes:
        while len(self._buf) < n and self._fill():
            pass
        return bytes(self._buf[:n])

    def read(self, n: int | None = -1) -> bytes:
        if n is None or n < 0:
            while self._fill():
                pass
            return self._take(len(self._buf))
        while len(self._buf) < n and self._fill():
            pass
        return self._take(min(n, len(self._buf)))

    def read1(self, n: int = -1) -> bytes:
        if not self._buf:
            self._fill()
        return self._take(len(self._buf) if n is None or n < 0 else min(n, len(self._buf)))

    def readline(self, limit: int | None = -1) -> bytes:
        limit = -1 if limit is None else limit
        start = 0
        while True:
            idx = self._buf.find(b"\n", start)
            if idx >= 0 and (limit < 0 or idx < limit):
                return self._take(idx + 1)
            if 0 <= limit <= len(self._buf):
                return self._take(limit)
            start = len(self._buf)
            if not self._fill():
                if self._error is not None:  # a line cut off by corrupt data is not a line
                    self._buf.clear()
                return self._take(len(self._buf))

    def skip_blank_lines(self) -> int:
        """Drop whole lines of blanks (spaces, tabs, CR, LF) at the read position; return the number of line ends
        dropped. Works on whole buffers (a run of empty lines is compared with a block of line ends, at memcmp
        speed), so a billion empty lines cost seconds, not hours. Leading blanks of a line that goes on with other
        bytes are kept (they belong to that line)."""
        dropped = 0
        while self._buf or self._fill():
            if self._buf[0] not in _BLANKS:
                break
            end = _BLANK.match(self._buf, 0, 4096).end()  # type: ignore[union-attr]  # matches "" too
            unit = b""
            if end == min(4096, len(self._buf)):  # a long run of blanks
                end, unit = self._blank_run()
            last = self._buf.rfind(b"\n", 0, end)
            if last < 0:  # blanks without a line end yet: let readline take them as (part of) a line
                break
            dropped += (last + 1) // len(unit) if unit else self._buf.count(b"\n", 0, last + 1)
            del self._buf[: last + 1]
            self._pos += last + 1
        return dropped

    def _blank_run(self) -> tuple[int, bytes]:
        """``(end, unit)``: the buffer starts with ``end`` bytes of blanks, all of them ``unit`` (a line end)
        repeated when ``unit`` is not empty."""
        unit = b"\r\n" if self._buf.startswith(b"\r\n") else b"\n"
        block = _LINE_ENDS[unit]
        size = min(len(self._buf), len(block)) // len(unit) * len(unit)
        if self._buf.startswith(memoryview(block)[:size]):
            return size, unit
        return len(self._buf) - len(self._buf.lstrip(_BLANKS)), b""

    def skip_line(self) -> bool:
        """Drop the rest of the current line, unread and uncopied; False when the data ended before a line end."""
        while True:
            idx = self._buf.find(b"\n")
            if idx >= 0:
                del self._buf[: idx + 1]
                self._pos += idx + 1
                return True
            self._pos += len(self._buf)
            self._buf.clear()
            if not self._fill():
                return False

    def pending_error(self) -> TruncatedInput | OverLimit | None:
        """The error that ended the data early, once all data before it has been read (``None`` otherwise)."""
        return self._error if not self._buf else None

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        pass


def read_up_to(stream: IO[bytes] | Replay, n: int) -> bytes:
    """Read until ``n`` bytes or end of stream (``read`` on pipes and gzip may return less)."""
    chunks: list[bytes] = []
    got = 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


@dataclass
class Content:
    """An opened input: ``stream`` yields the (decompressed) content from its start, ``head`` holds its first
    :data:`SNIFF_BYTES` bytes. ``raw`` reads the file itself, so ``raw.tell()`` is how far into the file (the
    compressed bytes, for gzip) reading has got."""

    stream: Replay
    head: bytes
    gzipped: bool
    raw: Replay

    def offset(self) -> int:
        """Bytes of the file read so far (for gzip: compressed bytes, read ahead in blocks of a few KB)."""
        return self.raw.tell()


def open_content(raw: Any, *, limit: int | None = None) -> Content:
    """Open ``raw`` (a binary file or pipe), undoing gzip. The content stream delivers at most ``limit`` bytes
    (counted after decompression, as they are read), and for gzip at most :data:`MAX_GZIP_RATIO` times the
    compressed bytes read (once past :data:`GZIP_RATIO_AFTER`); then it raises :class:`OverLimit`. Errors in the data are
    raised by ``stream`` reads at the point where they occur (as :class:`TruncatedInput`), after all data before
    them."""
    magic = read_up_to(raw, 2)
    gzipped = magic == GZIP_MAGIC
    if gzipped:
        file = Replay(magic, raw)
        # typeshed asks GzipFile's fileobj for seek(), which GzipFile calls only to rewind; Replay reads forward only
        gz = gzip.GzipFile(fileobj=file, mode="rb")  # type: ignore[call-overload]
        stream = Replay(b"", gz, limit=limit, compressed=file)
    else:
        file = stream = Replay(magic, raw, limit=limit)
    head = stream.peek(SNIFF_BYTES)
    return Content(stream, head, gzipped, file)
