"""Reading articles from files, directories, glob patterns and standard input.

:func:`read_articles` streams: files are opened one at a time, JSONL is read line by line and WARC record by
record, so a corpus of any size never sits in memory. Bad input never raises: it yields an
:class:`~diurna.errors.InputError` naming the file (and line or record) and the reason, and reading continues.

Size limit (``max_bytes``, default 20 MB): plain-text, HTML and JSON-array files larger than the limit are
refused whole. JSONL is different: the limit applies to each *line* (record), and WARC to each *record*, so that
large JSONL/WARC corpora still stream while a single runaway record is reported and skipped.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import json
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from diurna.articles import formats
from diurna.articles.dates import parse_date
from diurna.articles.model import Article, Origin
from diurna.articles.normalize import normalize
from diurna.config import Config
from diurna.errors import InputError

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
STDIN_NAME = "<stdin>"
MIN_HTML_WORDS = 10  # less extracted text than this is navigation or a stub, not an article
_GIVE_UP_AFTER = 20  # consecutive unreadable JSONL lines before any good one: not JSONL at all
_KNOWN_FIELDS = ("id", "text", "date", "title", "source", "url", "author")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ARCHIVE_ERRORS: tuple[type[BaseException], ...] = (
    formats.TruncatedInput, EOFError, zlib.error, gzip.BadGzipFile, OSError,
)

Result = Article | InputError


@dataclass
class _Raw:
    """An article as a format reader built it, before normalization (done in :func:`read_articles`)."""

    article: Article
    shown: str
    record: str | None


_Item = Result | _Raw


def read_articles(inputs: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES,
                  config: Config | None = None) -> Iterator[Result]:
    """Yield normalized articles (and :class:`InputError` for bad input) from files, directories, glob patterns
    or ``-`` (standard input).

    Formats are recognised by extension and content: plain text (optionally with a scraper header line
    `` date 2021-03-14 ExampleDaily.com``), JSONL (``.jsonl``/``.jsonl.gz``), a JSON array of records, HTML and
    WARC (``.warc``/``.warc.gz``). Directories are read recursively in sorted order, skipping hidden files.
    ``config`` names extra boilerplate and agency files for normalization (default: :meth:`Config.from_env`).
    """
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    config = config if config is not None else Config.from_env()
    for item in inputs:
        for target in _expand(os.fspath(item)):
            if isinstance(target, InputError):
                yield target
                continue
            for result in _read_target(target, max_bytes):
                yield _finish(result, config) if isinstance(result, _Raw) else result


def _expand(item: str) -> Iterator[str | InputError]:
    if item == "-":
        yield "-"
        return
    path = Path(item)
    if path.is_dir():
        yield from _expand_dir(path, item)
    elif path.exists():
        yield item
    elif any(c in item for c in "*?["):
        matches = sorted(glob.glob(item, recursive=True))
        if not matches:
            yield InputError(item, "no files match this pattern")
        for match in matches:
            if Path(match).is_dir():
                yield from _expand_dir(Path(match), match)
            else:
                yield match
    else:
        yield InputError(item, "no such file or directory")


def _expand_dir(path: Path, shown: str) -> Iterator[str | InputError]:
    files: list[Path] = []
    for root, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(Path(root) / n for n in names if not n.startswith("."))
    if not files:
        yield InputError(shown, "directory contains no files")
    for f in sorted(files, key=lambda p: p.relative_to(path).as_posix()):
        yield str(f)


def _read_target(name: str, max_bytes: int) -> Iterator[_Item]:
    shown = STDIN_NAME if name == "-" else name
    try:
        if name == "-":
            yield from _read_stream(shown, "stdin", sys.stdin.buffer, max_bytes, size=None)
            return
        try:
            size = os.stat(name).st_size
            raw = open(name, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            yield InputError(shown, exc.strerror or str(exc))
            return
        with raw:
            yield from _read_stream(shown, name, raw, max_bytes, size=size)
    except Exception as exc:  # never let one bad input stop the others
        log.debug("unexpected error reading %s", shown, exc_info=True)
        yield InputError(shown, f"internal error while reading ({type(exc).__name__}: {exc})")


def _read_stream(shown: str, name: str, raw: IO[bytes], max_bytes: int, *, size: int | None) -> Iterator[_Item]:
    try:
        stream, head, gzipped = formats.open_content(raw)
    except _ARCHIVE_ERRORS as exc:
        yield InputError(shown, f"corrupt or truncated gzip data ({exc})")
        return
    if not head:
        yield InputError(shown, "empty file")
        return
    by_name = formats.format_from_name(name) if name != "stdin" else None
    sniffed = formats.sniff(head)
    fmt = by_name if by_name in ("jsonl", "html", "warc") else sniffed
    if by_name == "json" and sniffed == "jsonl":
        fmt = "jsonl"
    elif by_name == "json":
        fmt = "json"
    if fmt != "warc" and b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield InputError(shown, "binary file (contains NUL bytes), not text")
        return
    stem = formats.stem(name)
    if fmt == "jsonl":
        yield from _read_jsonl(shown, stem, stream, max_bytes)
        return
    if fmt == "warc":
        yield from _read_warc(shown, stream, max_bytes)
        return
    if size is not None and not gzipped and size > max_bytes:
        yield InputError(shown, f"file is {size} bytes, over the limit of {max_bytes} bytes (see --max-bytes)")
        return
    try:
        data = formats.read_up_to(stream, max_bytes + 1)
    except _ARCHIVE_ERRORS as exc:
        yield InputError(shown, f"corrupt or truncated gzip data ({exc})")
        return
    if len(data) > max_bytes:
        yield InputError(shown, f"content is over the limit of {max_bytes} bytes (see --max-bytes)")
        return
    if fmt != "warc" and b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield InputError(shown, "binary file (contains NUL bytes), not text")
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
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _text_article(data: bytes, shown: str, stem: str) -> _Item:
    try:
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        return InputError(shown, f"invalid UTF-8 at byte offset {exc.start} (convert the file to UTF-8)")
    if not text.strip():
        return InputError(shown, "empty file (only whitespace)")
    return _pending(Article(id=stem, text=text, origin=Origin(shown)), shown, None)


def _pending(article: Article, shown: str, record: str | None) -> _Raw:
    return _Raw(article, shown, record)


def _finish(raw: _Raw, config: Config) -> Result:
    """Normalize; an article with no text left is reported rather than passed on."""
    article, shown, record = raw.article, raw.shown, raw.record
    try:
        normalize(article, config)
    except Exception as exc:  # a bug in a normalization rule must not stop the corpus
        log.debug("normalization failed for %s %s", shown, record or "", exc_info=True)
        return InputError(shown, f"internal error while normalizing ({type(exc).__name__}: {exc})", record)
    if not article.text.strip():
        return InputError(shown, "no article text left after removing boilerplate, headline and byline", record)
    return article


# --- JSONL and JSON -------------------------------------------------------------------------------------


def _lines(stream: formats.Replay, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)``; ``None`` instead of bytes for a line over ``max_bytes`` (skipped unread)."""
    lineno = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:
                chunk = stream.readline(1 << 20)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield lineno, None
        else:
            yield lineno, line


def _read_jsonl(shown: str, stem: str, stream: formats.Replay, max_bytes: int) -> Iterator[_Item]:
    good = bad = 0
    lineno = 0
    records = 0
    try:
        for lineno, line in _lines(stream, max_bytes):
            where = f"line {lineno}"
            if line is None:
                result: _Item = InputError(shown, f"line is over the limit of {max_bytes} bytes (see --max-bytes)", where)
            elif not line.strip():
                continue
            else:
                records += 1
                result = _jsonl_line(line, shown, stem, lineno)
            if isinstance(result, InputError):
                bad += 1
                yield result
                if good == 0 and bad >= _GIVE_UP_AFTER:
                    yield InputError(shown, f"giving up: the first {bad} lines are not JSON records (is this JSONL?)")
                    return
            else:
                good += 1
                yield result
    except _ARCHIVE_ERRORS as exc:
        yield InputError(shown, f"corrupt or truncated data after line {lineno} ({exc})", f"line {lineno + 1}")
        return
    if records == 0 and bad == 0:
        yield InputError(shown, "empty file (no JSON records)")


def _jsonl_line(line: bytes, shown: str, stem: str, lineno: int) -> _Item:
    where = f"line {lineno}"
    try:
        text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return InputError(shown, f"invalid UTF-8 at byte {exc.start} of the line", where)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return InputError(shown, f"not valid JSON ({exc.msg} at column {exc.colno})", where)
    except RecursionError:
        return InputError(shown, "not valid JSON (nested too deeply)", where)
    return record_article(obj, shown, where, default_id=f"{stem}-{lineno}")


def _read_json_array(shown: str, stem: str, data: bytes) -> Iterator[_Item]:
    try:
        value = json.loads(decode_text(data))
    except UnicodeDecodeError as exc:
        yield InputError(shown, f"invalid UTF-8 at byte offset {exc.start}")
        return
    except (json.JSONDecodeError, RecursionError) as exc:
        yield InputError(shown, f"not valid JSON ({getattr(exc, 'msg', exc)})")
        return
    if isinstance(value, dict):
        yield record_article(value, shown, None, default_id=stem)
        return
    if not isinstance(value, list):
        yield InputError(shown, f"expected a JSON array of objects, got {_json_type(value)}")
        return
    if not value:
        yield InputError(shown, "empty JSON array")
    for i, obj in enumerate(value, start=1):
        yield record_article(obj, shown, f"record {i}", default_id=f"{stem}-{i}")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "an array", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def record_article(obj: Any, shown: str, where: str | None, *, default_id: str) -> _Item:
    """Build and normalize an article from one JSON record (``id``, ``text`` required; ``date``, ``title``,
    ``source``, ``url``, ``author`` optional; other fields kept in ``metadata``)."""
    if not isinstance(obj, dict):
        return InputError(shown, f"expected a JSON object, got {_json_type(obj)}", where)
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
    return _pending(article, shown, where)


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
    return _pending(article, shown, record)


def _drain(record: Any) -> None:
    """Read the rest of a WARC record; raise :class:`formats.TruncatedInput` if it ends before its length."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise formats.TruncatedInput(f"record ends {raw.limit} bytes before its declared length")


def _read_warc(shown: str, stream: formats.Replay, max_bytes: int) -> Iterator[_Item]:
    from warcio.archiveiterator import ArchiveIterator
    n = 0
    seen: set[str] = set()
    try:
        for record in ArchiveIterator(stream, arc2warc=True):
            n += 1
            found = _warc_payload(record, n, max_bytes)
            _drain(record)
            if found is None:
                continue
            if isinstance(found, str):
                yield InputError(shown, found, _warc_where(record, n))
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            article_id = "warc-" + hashlib.sha1(uri.encode("utf-8")).hexdigest()[:16]
            if article_id in seen:
                article_id = f"{article_id}-{n}"
            seen.add(article_id)
            metadata: dict[str, Any] = {}
            crawl = record.rec_headers.get_header("WARC-Date")
            if crawl:
                metadata["crawl_date"] = crawl
            yield _html_article(
                found, shown, article_id, record=_warc_where(record, n), url=uri or None, metadata=metadata
            )
    except Exception as exc:  # warcio raises assorted errors (ArchiveLoadFailed, AttributeError, ...) on bad data
        log.debug("WARC error in %s", shown, exc_info=True)
        reached = f"after record {n - 1}" if n > 1 else "in the first record"
        yield InputError(shown, f"corrupt or truncated archive {reached} ({exc})", f"record {n or 1}")


def _warc_where(record: Any, n: int) -> str:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    return f"record {n}" + (f" ({uri})" if uri else "")


def _warc_payload(record: Any, n: int, max_bytes: int) -> bytes | str | None:
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
    length = record.rec_headers.get_header("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        return f"record is {length} bytes, over the limit of {max_bytes} bytes (see --max-bytes)"
    payload = formats.read_up_to(record.content_stream(), max_bytes + 1)
    if len(payload) > max_bytes:
        return f"record content is over the limit of {max_bytes} bytes (see --max-bytes)"
    if not ctype and formats.sniff(payload[: formats.SNIFF_BYTES]) != "html":
        return None
    return payload
