"""Reading articles from files, directories, glob patterns and standard input.

:func:`read_articles` streams: files are opened one at a time, JSONL is read line by line and WARC record by
record, so a corpus of any size never sits in memory. Bad input never raises: it yields an
:class:`~diurna.errors.InputError` naming the file (and line or record) and the reason, and reading continues.

Limits (see docs/limits.md), all counted on the decompressed data as it is read, never by inflating first:

* ``config.max_input_bytes`` per input: reading stops there, with an error; what came before is kept.
* ``config.max_record_bytes`` per record (``max_bytes`` overrides it): a plain-text, HTML or JSON-array file is one
  record and is refused whole; a JSONL line and a WARC record are records, so that large JSONL/WARC corpora still
  stream while a single runaway record is reported and skipped.
* ``config.max_line_chars`` per line read: a JSONL line, a WARC or HTTP header line.

Only regular files are opened: FIFOs, sockets and devices are reported and skipped (use ``-`` for a pipe).
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import json
import logging
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import ftfy

from diurna.articles import formats
from diurna.articles.archive import HeaderTooLong, archive_records
from diurna.articles.dates import parse_date
from diurna.articles.model import Article, Origin
from diurna.articles.normalize import normalize
from diurna.config import Config
from diurna.errors import InputError, display_name, escape_name, printable

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = Config.max_record_bytes  # the default of config.max_record_bytes (20 MiB)
STDIN_NAME = "<stdin>"
MIN_HTML_WORDS = 10  # less extracted text than this is navigation or a stub, not an article
SHOW_BAD_RUN = 100  # bad JSONL lines in a row reported one by one; the rest of such a run is one error line
GIVE_UP_RUN = 10_000  # bad JSONL lines in a row after which the file is taken not to be JSONL and left
_KNOWN_FIELDS = ("id", "text", "date", "title", "source", "url", "author")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ARCHIVE_ERRORS: tuple[type[BaseException], ...] = (
    formats.TruncatedInput, formats.OverLimit, EOFError, zlib.error, gzip.BadGzipFile, OSError,
)
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")  # a JSON escape that may decode to a lone surrogate
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_LAYOUT = re.compile("[\t\n\r]")

Result = Article | InputError


@dataclass(frozen=True)
class Limits:
    """The reading limits of one :func:`read_articles` call (from the config and ``max_bytes``)."""

    input_bytes: int
    record_bytes: int
    line_chars: int

    @property
    def line_bytes(self) -> int:
        """Bytes of one JSONL line read before it is refused unread (a character is at most 4 UTF-8 bytes)."""
        return min(self.record_bytes, 4 * self.line_chars)

    def line_over(self) -> str:
        if self.record_bytes <= 4 * self.line_chars:
            return f"line is over the limit of {self.record_bytes} bytes per record (--max-bytes, DIURNA_MAX_RECORD_BYTES)"
        return f"line is over the limit of {self.line_chars} characters (DIURNA_MAX_LINE_CHARS)"


@dataclass
class _Raw:
    """An article as a format reader built it, before normalization (done in :func:`read_articles`)."""

    article: Article
    shown: str
    record: str | None


_Item = Result | _Raw


def read_articles(inputs: Iterable[str | os.PathLike[str]], *, max_bytes: int | None = None,
                  config: Config | None = None) -> Iterator[Result]:
    """Yield normalized articles (and :class:`InputError` for bad input) from files, directories, glob patterns
    or ``-`` (standard input).

    Formats are recognised by extension and content: plain text (optionally with a scraper header line
    `` date 2021-03-14 ExampleDaily.com``), JSONL (``.jsonl``/``.jsonl.gz``), a JSON array of records, HTML and
    WARC (``.warc``/``.warc.gz``). Directories are read recursively in sorted order, skipping hidden files.
    ``config`` (default: :meth:`Config.from_env`) gives the reading limits and the extra boilerplate and agency
    files for normalization; ``max_bytes``, when given, replaces ``config.max_record_bytes``.
    """
    if max_bytes is not None and max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    config = config if config is not None else Config.from_env()
    limits = Limits(config.max_input_bytes, max_bytes or config.max_record_bytes, config.max_line_chars)
    for item in inputs:
        for target in _expand(os.fspath(item)):
            if isinstance(target, InputError):
                yield target
                continue
            for result in _read_target(target, limits):
                yield _finish(result, config) if isinstance(result, _Raw) else result


# --- which files -------------------------------------------------------------------------------------------


def special_file(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` is when it is neither a regular file nor a directory ("a FIFO", ...); ``None`` otherwise
    (including when it cannot be examined: opening it then says why)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "not a regular file"
    return None


def _not_regular(name: str, kind: str) -> InputError:
    return InputError(name, f"skipped: {kind}, not a regular file, is never opened (to read a pipe, give - and "
                            "redirect it to standard input)")


def _expand(item: str) -> Iterator[str | InputError]:
    if item == "-":
        yield "-"
        return
    path = Path(item)
    if path.is_dir():
        yield from _expand_dir(path, item)
    elif path.exists():
        yield from _file(item)
    elif any(c in item for c in "*?["):
        matches = sorted(glob.glob(item, recursive=True))
        if not matches:
            yield InputError(item, "no files match this pattern")
        for match in matches:
            if Path(match).is_dir():
                yield from _expand_dir(Path(match), match)
            else:
                yield from _file(match)
    else:
        yield InputError(item, "no such file or directory")


def _file(name: str) -> Iterator[str | InputError]:
    kind = special_file(name)
    yield name if kind is None else _not_regular(name, kind)


def _expand_dir(path: Path, shown: str) -> Iterator[str | InputError]:
    files: list[Path] = []
    for root, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(Path(root) / n for n in names if not n.startswith("."))
    if not files:
        yield InputError(shown, "directory contains no files")
    for f in sorted(files, key=lambda p: p.relative_to(path).as_posix()):
        yield from _file(str(f))


# --- one input ---------------------------------------------------------------------------------------------


class _NotRegular(Exception):
    pass


def _open_regular(name: str) -> tuple[IO[bytes], int]:
    """Open a regular file for reading, without blocking: a FIFO put in place of a checked file is not waited on."""
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _NotRegular(special_file(name) or "not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), st.st_size
    except BaseException:
        os.close(fd)
        raise


def _read_target(name: str, limits: Limits) -> Iterator[_Item]:
    shown = STDIN_NAME if name == "-" else display_name(name)
    try:
        if name == "-":
            yield from _read_stream(shown, "stdin", sys.stdin.buffer, limits, size=None)
            return
        try:
            raw, size = _open_regular(name)
        except OSError as exc:
            yield InputError(shown, exc.strerror or str(exc))
            return
        except _NotRegular as exc:
            yield _not_regular(shown, str(exc))
            return
        with raw:
            yield from _read_stream(shown, name, raw, limits, size=size)
    except Exception as exc:  # never let one bad input stop the others
        log.debug("unexpected error reading %s", shown, exc_info=True)
        yield InputError(shown, f"internal error while reading ({type(exc).__name__}: {exc})")


def _stream_problem(exc: BaseException, content: formats.Content) -> str:
    """One phrase for an error that ended the data of an input early."""
    if isinstance(exc, formats.OverLimit):
        return str(exc)
    if content.gzipped:
        return f"corrupt or truncated gzip data, at byte offset {content.offset()} of the file ({exc})"
    return f"read error at byte offset {content.offset()} ({exc})"


def _read_stream(shown: str, name: str, raw: IO[bytes], limits: Limits, *, size: int | None) -> Iterator[_Item]:
    try:
        content = formats.open_content(raw, limit=limits.input_bytes)
    except _ARCHIVE_ERRORS as exc:
        yield InputError(shown, f"cannot read ({exc})")
        return
    head = content.head
    if not head:
        error = content.stream.pending_error()
        yield InputError(shown, "empty file" if error is None else _stream_problem(error, content))
        return
    by_name = formats.format_from_name(name) if name != "stdin" else None
    sniffed = formats.sniff(head)
    fmt = by_name if by_name in ("jsonl", "html", "warc") else sniffed
    if by_name == "json" and sniffed == "jsonl":
        fmt = "jsonl"
    elif by_name == "json":
        fmt = "json"
    kind = formats.binary_kind(head) if fmt != "warc" else None
    if kind is not None:
        yield InputError(shown, f"binary file, not text: {kind}")
        return
    stem = escape_name(formats.stem(name))
    if fmt == "jsonl":
        yield from _read_jsonl(shown, stem, content, limits)
        return
    if fmt == "warc":
        yield from _read_warc(shown, content, limits)
        return
    yield from _read_whole(shown, stem, fmt, content, limits, size=size)


def _read_whole(shown: str, stem: str, fmt: str, content: formats.Content, limits: Limits, *,
                size: int | None) -> Iterator[_Item]:
    """A file that is one record (text, HTML, a JSON array): read whole, within ``limits.record_bytes``."""
    over = f"over the limit of {limits.record_bytes} bytes per record (--max-bytes, DIURNA_MAX_RECORD_BYTES)"
    if size is not None and not content.gzipped and size > limits.record_bytes:
        yield InputError(shown, f"file is {size} bytes, {over}")
        return
    try:
        data = formats.read_up_to(content.stream, limits.record_bytes + 1)
    except _ARCHIVE_ERRORS as exc:
        yield InputError(shown, _stream_problem(exc, content))
        return
    if len(data) > limits.record_bytes:
        yield InputError(shown, f"content is {over}")
        return
    if fmt == "json":
        yield from _read_json_array(shown, stem, data)
    elif fmt == "html":
        yield _html_article(data, shown, stem, record=None, url=None)
    else:
        yield _text_article(data, shown, stem)


# --- plain text -----------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; raise ``UnicodeDecodeError`` otherwise."""
    if data.startswith(formats.UTF16_BOMS):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _text_article(data: bytes, shown: str, stem: str) -> _Item:
    try:
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        return InputError(shown, f"invalid UTF-8 at byte offset {exc.start} (convert the file to UTF-8)")
    if not text.strip():
        return InputError(shown, "empty file (only whitespace)")
    return _Raw(Article(id=stem, text=text, origin=Origin(shown)), shown, None)


def _finish(raw: _Raw, config: Config) -> Result:
    """Clean the one-line fields and normalize; an article with no text left is reported rather than passed on."""
    article, shown, record = raw.article, raw.shown, raw.record
    try:
        _clean_fields(article)
        normalize(article, config)
    except Exception as exc:  # a bug in a normalization rule must not stop the corpus
        log.debug("normalization failed for %s %s", shown, record or "", exc_info=True)
        return InputError(shown, f"internal error while normalizing ({type(exc).__name__}: {exc})", record)
    if not article.text.strip():
        return InputError(shown, "no article text left after removing boilerplate, headline and byline", record)
    return article


def _clean_fields(article: Article) -> None:
    """Control characters (a terminal escape, a NUL, ...) never reach output in the one-line fields: in the title,
    source, author and url terminal escape sequences are removed and other control characters become spaces, in
    the id they are escaped (``\\x1b``)."""
    for key in ("title", "source", "author", "url"):
        value = getattr(article, key)
        if value is None or value.isprintable():
            continue
        odd = len(_CONTROL.findall(value)) - len(_LAYOUT.findall(value))
        value = ftfy.fixes.remove_terminal_escapes(value)
        setattr(article, key, " ".join(_CONTROL.sub(" ", value).split()) or None)
        if odd:
            article.warn(f"replaced {odd} control character{'s' if odd != 1 else ''} in field {key!r} with spaces")
    if _CONTROL.search(article.id):
        article.id = printable(article.id)
        article.warn("the id holds control characters; they are written as escapes (\\n, \\x1b, ...)")


# --- JSONL and JSON -------------------------------------------------------------------------------------


class _BadRun:
    """Bad JSONL lines in a row: the first :data:`SHOW_BAD_RUN` are reported one by one, the rest in one line."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.length = 0
        self.hidden_from = 0
        self.hidden_to = 0

    def add(self, error: InputError, lineno: int) -> InputError | None:
        """The error to report for this bad line now (``None``: counted, reported with the rest of the run)."""
        self.length += 1
        if self.length <= SHOW_BAD_RUN:
            return error
        if self.length == SHOW_BAD_RUN + 1:
            self.hidden_from = lineno
        self.hidden_to = lineno
        return None

    def end(self, why: str = "") -> InputError | None:
        """Close the run: one error line for the lines not reported one by one (if any)."""
        hidden = self.length - SHOW_BAD_RUN
        self.length = 0
        if hidden <= 0:
            return None
        where = f"lines {self.hidden_from}-{self.hidden_to}"
        return InputError(self.shown, f"{hidden} more bad lines in a row, not listed one by one{why}", where)


def _read_jsonl(shown: str, stem: str, content: formats.Content, limits: Limits) -> Iterator[_Item]:
    """One article or one error per non-blank line; a bad line never stops the lines after it (but
    :data:`GIVE_UP_RUN` bad lines in a row do: then the file is not JSONL)."""
    stream = content.stream
    lineno = records = 0
    run = _BadRun(shown)
    try:
        while True:
            lineno += stream.skip_blank_lines()
            line = stream.readline(limits.line_bytes + 1)
            if not line:
                break
            lineno += 1
            where = f"line {lineno}"
            if len(line) > limits.line_bytes and not line.endswith(b"\n"):
                stream.skip_line()
                result: _Item = InputError(shown, limits.line_over() + "; the line is skipped", where)
            elif not line.strip():
                continue
            else:
                result = _jsonl_line(line, shown, stem, lineno, limits)
            records += 1
            if not isinstance(result, InputError):
                closed = run.end()
                if closed is not None:
                    yield closed
                yield result
                continue
            shown_now = run.add(result, lineno)
            if shown_now is not None:
                yield shown_now
            if run.length >= GIVE_UP_RUN:
                closed = run.end(f"; giving up: {GIVE_UP_RUN} bad lines in a row, this is not JSONL, the rest of "
                                 "the file is not read")
                if closed is not None:
                    yield closed
                return
    except _ARCHIVE_ERRORS as exc:
        closed = run.end()
        if closed is not None:
            yield closed
        yield InputError(shown, f"{_stream_problem(exc, content)}; stopped after line {lineno}", f"line {lineno + 1}")
        return
    closed = run.end()
    if closed is not None:
        yield closed
    if records == 0:
        yield InputError(shown, "empty file (no JSON records)")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {text[:20]} is too large")
    return value


def _loads(text: str) -> Any:
    """``json.loads`` that refuses NaN and Infinity (not JSON) and numbers too large for a float."""
    return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "not valid JSON (nested too deeply)"
    return f"not valid JSON ({str(exc).split(':')[0][:120]})"  # an integer too long, NaN, a float overflow


def _jsonl_line(line: bytes, shown: str, stem: str, lineno: int, limits: Limits) -> _Item:
    where = f"line {lineno}"
    try:
        text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return InputError(shown, f"invalid UTF-8 at byte {exc.start} of the line", where)
    if len(text) > limits.line_chars:
        return InputError(shown, f"line has {len(text)} characters, over the limit of {limits.line_chars} "
                                 "(DIURNA_MAX_LINE_CHARS)", where)
    try:
        obj = _loads(text)
    except (ValueError, RecursionError) as exc:
        return InputError(shown, _json_problem(exc), where)
    return record_article(obj, shown, where, default_id=f"{stem}-{lineno}",
                          surrogates=_SURROGATE_ESCAPE.search(line) is not None)


def _read_json_array(shown: str, stem: str, data: bytes) -> Iterator[_Item]:
    try:
        value = _loads(decode_text(data))
    except UnicodeDecodeError as exc:
        yield InputError(shown, f"invalid UTF-8 at byte offset {exc.start}")
        return
    except (ValueError, RecursionError) as exc:
        yield InputError(shown, _json_problem(exc))
        return
    surrogates = _SURROGATE_ESCAPE.search(data) is not None
    if isinstance(value, dict):
        yield record_article(value, shown, None, default_id=stem, surrogates=surrogates)
        return
    if not isinstance(value, list):
        yield InputError(shown, f"expected a JSON array of objects, got {_json_type(value)}")
        return
    if not value:
        yield InputError(shown, "empty JSON array")
    for i, obj in enumerate(value, start=1):
        yield record_article(obj, shown, f"record {i}", default_id=f"{stem}-{i}", surrogates=surrogates)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "an array", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def _without_surrogates(value: Any) -> tuple[Any, int]:
    """``value`` (a JSON value) with every lone surrogate in its strings and keys replaced by U+FFFD, and how
    many there were. JSON allows them (``"\\ud800"``), but they cannot be written as UTF-8."""
    if isinstance(value, str):
        return _SURROGATE.subn("\ufffd", value)
    if isinstance(value, list):
        items = [_without_surrogates(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        total = 0
        for k, v in value.items():
            key, n = _SURROGATE.subn("\ufffd", k)
            out[key], m = _without_surrogates(v)
            total += n + m
        return out, total
    return value, 0


def _clean_record(obj: dict[str, Any], shown: str, where: str | None) -> tuple[dict[str, Any], list[str]] | InputError:
    """The record with lone surrogates replaced, and one warning per field that had some."""
    cleaned: dict[str, Any] = {}
    notes: list[str] = []
    try:
        for key, value in obj.items():
            new_key, n = _SURROGATE.subn("\ufffd", key)
            cleaned[new_key], m = _without_surrogates(value)
            if n + m:
                notes.append(f"replaced {n + m} lone surrogate{'s' if n + m != 1 else ''} (invalid UTF-16 escapes "
                             f"such as \\ud800) in field {printable(new_key)!r} with U+FFFD")
    except RecursionError:
        return InputError(shown, "record is nested too deeply", where)
    return cleaned, notes


def record_article(obj: Any, shown: str, where: str | None, *, default_id: str, surrogates: bool = True) -> _Item:
    """Build an article from one JSON record (``id``, ``text`` required; ``date``, ``title``, ``source``, ``url``,
    ``author`` optional; other fields kept in ``metadata``); normalization comes later.

    Lone surrogates (valid JSON escapes that are not Unicode text) are replaced by U+FFFD with a warning;
    ``surrogates=False`` says the record's JSON had no escape that could make one, and skips the search."""
    if not isinstance(obj, dict):
        return InputError(shown, f"expected a JSON object, got {_json_type(obj)}", where)
    notes: list[str] = []
    if surrogates:
        cleaned = _clean_record(obj, shown, where)
        if isinstance(cleaned, InputError):
            return cleaned
        obj, notes = cleaned
    if "text" not in obj:
        return InputError(shown, "missing required field 'text'", where)
    text = obj["text"]
    if not isinstance(text, str):
        return InputError(shown, f"field 'text' must be a string, got {_json_type(text)}", where)
    if not text.strip():
        return InputError(shown, "field 'text' is empty", where)
    raw_id = obj.get("id")
    if raw_id is None:
        article_id = default_id
    elif isinstance(raw_id, str) and raw_id.strip():
        article_id = raw_id.strip()
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        article_id = str(raw_id)
    else:
        return InputError(shown, f"field 'id' must be a non-empty string or an integer, got {_json_type(raw_id)}", where)
    article = Article(id=article_id, text=text, origin=Origin(shown, where))
    for note in notes:
        article.warn(note)
    for key in ("title", "source", "url", "author"):
        value = obj.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            setattr(article, key, value.strip() or None)
        else:
            article.warn(f"ignored field {key!r}: expected a string, got {_json_type(value)}")
    date = obj.get("date")
    if isinstance(date, str):
        article.date, article.date_precision, warning = parse_date(date)
        if warning:
            article.warn(warning)
    elif date is not None:
        article.warn(f"ignored field 'date': expected an ISO date string, got {_json_type(date)}")
    article.metadata = {k: v for k, v in obj.items() if k not in _KNOWN_FIELDS}
    return _Raw(article, shown, where)


# --- HTML and WARC --------------------------------------------------------------------------------------


def _html_article(data: bytes, shown: str, article_id: str, *, record: str | None, url: str | None,
                  metadata: dict[str, Any] | None = None) -> _Item:
    import trafilatura
    from trafilatura.settings import Document

    try:
        doc = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            favor_recall=True,
            include_tables=False,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml/trafilatura raise many kinds of errors on broken markup
        return InputError(shown, f"could not parse HTML ({type(exc).__name__}: {exc})", record)
    text = getattr(doc, "text", None)
    if not isinstance(doc, Document) or not text or len(text.split()) < MIN_HTML_WORDS:
        return InputError(shown, "no main text found in the HTML", record)
    article = Article(id=article_id, text=text, origin=Origin(shown, record))
    article.title = doc.title or None
    article.url = url or doc.url or None
    article.source = doc.sitename or doc.hostname or None
    if doc.author:
        article.author = ", ".join(a.strip() for a in doc.author.split(";") if a.strip()) or None
    if doc.date:
        article.date, article.date_precision, warning = parse_date(doc.date)
        if warning:
            article.warn(warning)
    article.metadata = dict(metadata or {})
    for key in ("description", "categories", "tags"):
        value = getattr(doc, key, None)
        if value:
            article.metadata[key] = value
    if article.date is None and "crawl_date" in article.metadata:
        article.warn(
            f"publication date unknown; the crawl date {article.metadata['crawl_date']} is kept in "
            "metadata['crawl_date'] and not used as the publication date"
        )
    return _Raw(article, shown, record)


def _drain(record: Any) -> None:
    """Read the rest of a WARC record; raise :class:`formats.TruncatedInput` if it ends before its length."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise formats.TruncatedInput(f"record ends {raw.limit} bytes before its declared length")


def _read_warc(shown: str, content: formats.Content, limits: Limits) -> Iterator[_Item]:
    """One article per HTML response record; other records (requests, images, redirects, ...) are skipped.
    A record that cannot be read is one error; one that breaks the archive's structure ends it, with an error."""
    start = content.head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith((b"WARC/", b"filedesc://")):
        yield InputError(shown, f"not a WARC file: it starts with {start[:20]!r}, not with a 'WARC/1.x' line")
        return
    n = found = 0
    seen: set[str] = set()
    records = archive_records(content.stream, max_line=limits.line_chars, arc=start.startswith(b"filedesc"))
    while True:
        record = None
        try:
            record = next(records, None)  # parsing the headers of record n + 1
            if record is None:
                break
            n += 1
            item = _warc_record(record, n, shown, limits, seen)
            _drain(record)
        except Exception as exc:  # warcio raises assorted errors (ArchiveLoadFailed, AttributeError, ...) on bad data
            log.debug("WARC error in %s", shown, exc_info=True)
            found += 1
            yield InputError(shown, _warc_problem(exc, content), f"record {n + 1 if record is None else n}")
            break
        if item is not None:
            found += 1
            yield item
    if found == 0:
        yield InputError(shown, f"no HTML pages in this archive ({n} record{'s' if n != 1 else ''}, none of them a "
                                "successful HTML response)")


def _warc_problem(exc: Exception, content: formats.Content) -> str:
    if isinstance(exc, formats.OverLimit):
        return str(exc)
    if isinstance(exc, HeaderTooLong):
        return f"{exc}; the rest of the archive is not read"
    return f"corrupt or truncated archive, at byte offset {content.offset()} of the file ({exc}); the rest is not read"


def _warc_record(record: Any, n: int, shown: str, limits: Limits, seen: set[str]) -> _Item | None:
    """The article (or error) for one record; ``None`` for a record that is normally skipped."""
    if not record.rec_type:
        return InputError(shown, "not a WARC record (no WARC-Type header; the header is damaged)", f"record {n}")
    found = _warc_payload(record, limits.record_bytes)
    if found is None:
        return None
    if isinstance(found, str):
        return InputError(shown, found, _warc_where(record, n))
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    article_id = "warc-" + hashlib.sha1(uri.encode("utf-8", "replace")).hexdigest()[:16]
    if article_id in seen:
        article_id = f"{article_id}-{n}"
    seen.add(article_id)
    metadata: dict[str, Any] = {}
    crawl = record.rec_headers.get_header("WARC-Date")
    if crawl:
        metadata["crawl_date"] = crawl
    return _html_article(found, shown, article_id, record=_warc_where(record, n), url=uri or None, metadata=metadata)


def _warc_where(record: Any, n: int) -> str:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    return f"record {n}" + (f" ({uri})" if uri else "")


def _warc_payload(record: Any, max_bytes: int) -> bytes | str | None:
    """The HTML payload of a successful response record; a reason string for a record that is too large;
    ``None`` for records that are normally skipped (requests, metadata, images, redirects, ...)."""
    if record.rec_type != "response":
        return None
    http = record.http_headers
    if http is not None and not (http.get_statuscode() or "").startswith("2"):
        return None
    ctype = ((http.get_header("Content-Type") if http else None) or "").lower()
    if ctype and not any(t in ctype for t in _HTML_TYPES):
        return None
    over = f"over the limit of {max_bytes} bytes per record (--max-bytes, DIURNA_MAX_RECORD_BYTES)"
    length = record.rec_headers.get_header("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        return f"record is {length} bytes, {over}"
    payload = formats.read_up_to(record.content_stream(), max_bytes + 1)
    if len(payload) > max_bytes:
        return f"record content is {over}"
    if not ctype and formats.sniff(payload[: formats.SNIFF_BYTES]) != "html":
        return None
    return payload
