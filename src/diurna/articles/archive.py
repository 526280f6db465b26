"""WARC (and ARC) records through warcio, with header lines bounded.

warcio reads header lines with a loop that appends block after block to one ``bytes`` object, so a header line
without a line end costs time in the square of its length (a 2 GiB line: about 17 hours), and it reads blank lines
between records one by one (2 GiB of newlines: minutes). :func:`archive_records` gives warcio a line reader that
joins blocks once (linear) and stops a WARC file with :class:`HeaderTooLong` when a header line is longer than
``max_line`` bytes, or when more than :data:`MAX_HEADER_LINES` header or blank lines come in a row, with no record
content between them (real records have a few dozen).

It relies on three warcio internals, all stable since warcio 1.5: ``ArchiveIterator.reader`` (the buffered line
reader the record loader reads from), ``ArchiveIterator._next_record`` (where the header line count starts again)
and ``ArchiveIterator._consume_blanklines`` (which warcio uses to write a warning straight to stderr; here it goes
to the log). ``tests/test_hostile_read.py`` checks both.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

log = logging.getLogger(__name__)

MAX_HEADER_LINES = 10_000  # header and blank lines in a row (WARC + HTTP headers of one record: a few dozen)


class HeaderTooLong(Exception):
    """A WARC header line, or a run of header and blank lines, is over its limit; the archive cannot go on."""


def archive_records(stream: Any, *, max_line: int, arc: bool = False) -> Iterator[Any]:
    """Iterate over the records of the (already decompressed) WARC or ARC data in ``stream``, as warcio's
    ``ArchiveIterator`` does (``arc=True``: ARC records converted to WARC), with header lines bounded."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader
    from warcio.utils import BUFF_SIZE

    class _LineReader(DecompressingBufferedReader):
        lines_in_a_row = 0

        def read(self, length: int | None = None) -> bytes:
            self.lines_in_a_row = 0
            data: bytes = super().read(length)
            return data

        def readline(self, length: int | None = None) -> bytes:
            if length == 0:
                return b""
            self.lines_in_a_row += 1
            if self.lines_in_a_row > MAX_HEADER_LINES:
                raise HeaderTooLong(f"more than {MAX_HEADER_LINES} header or blank lines in a row: not WARC records")
            # bounded by the caller's length (the rest of a record) when that is within the line limit
            cap = length if length is not None and length <= max_line else max_line + 1
            parts: list[bytes] = []
            got = 0
            while got < cap:
                self._fillbuff()
                if self.empty():
                    break
                part = self.buff.readline(cap - got)
                parts.append(part)
                got += len(part)
                if part.endswith(b"\n"):
                    break
            if got > max_line and not parts[-1].endswith(b"\n"):
                raise HeaderTooLong(f"a header line is over the limit of {max_line} bytes (DIURNA_MAX_LINE_CHARS)")
            return b"".join(parts)

    class _Iterator(ArchiveIterator):
        def __init__(self) -> None:
            super().__init__(stream, arc2warc=arc)
            self.reader = _LineReader(self.fh, block_size=BUFF_SIZE)

        def _next_record(self, next_line: bytes | None) -> Any:
            self.reader.lines_in_a_row = 0  # the header lines are counted per record
            return super()._next_record(next_line)

        def _consume_blanklines(self) -> tuple[bytes | None, int]:
            """warcio's own, with its warning about a record not followed by a blank line sent to the log."""
            empty_size = 0
            first_line = True
            while True:
                line: bytes = self.reader.readline()
                if len(line) == 0:
                    return None, empty_size
                if len(line.rstrip()) == 0 or first_line:
                    empty_size += len(line)
                    if len(line.rstrip()) != 0:
                        log.warning("WARC record not followed by a blank line (is its Content-Length wrong?): %r",
                                    line[:80])
                        self.err_count += 1
                    first_line = False
                    continue
                return line, empty_size

    return iter(_Iterator())
