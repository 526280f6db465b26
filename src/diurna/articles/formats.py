"""Recognising input formats from file names and content, and opening (possibly gzipped) inputs."""

from __future__ import annotations

import gzip
import json
import zlib
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


class Replay:
    """A minimal buffered binary reader: replays ``head`` and then reads ``rest``.

    Unlike :class:`io.BufferedReader`, a read error after some data has been read does not lose that data: the
    data is returned first and the error (as :class:`TruncatedInput`) is raised by the next read. Decompression
    errors therefore surface at the line or record where they happen.
    """

    CHUNK = 1 << 16

    def __init__(self, head: bytes, rest: Any) -> None:
        self._buf = bytearray(head)
        self._rest = rest
        self._read = getattr(rest, "read1", None) or rest.read
        self._error: TruncatedInput | None = None
        self._eof = False
        self._pos = 0
        self.mode = "rb"

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


def open_content(raw: Any) -> tuple[Replay, bytes, bool]:
    """Return ``(stream, head, gzipped)``: ``stream`` yields the (decompressed) content from its start and
    ``head`` holds its first :data:`SNIFF_BYTES` bytes. Errors in the data are raised by ``stream`` reads at
    the point where they occur (as :class:`TruncatedInput`)."""
    magic = read_up_to(raw, 2)
    stream = Replay(magic, raw)
    gzipped = magic == GZIP_MAGIC
    if gzipped:
        # typeshed asks GzipFile's fileobj for seek(), which GzipFile calls only to rewind; Replay reads forward only
        stream = Replay(b"", gzip.GzipFile(fileobj=stream, mode="rb"))  # type: ignore[call-overload]
    head = stream.peek(SNIFF_BYTES)
    return stream, head, gzipped
