"""Normalization: turn raw article text into clean, coded-ready text with paragraphs and sentences.

:func:`normalize` applies, in order: Unicode repair (NFC, ftfy mojibake repair), the scraper header line,
boilerplate lines, paragraph splitting, title inference, duplicate headline, byline, end credits, duplicate lead,
repeated paragraphs, dateline, sentence splitting, language detection and the content hash. Every rule that
changes the article leaves a note in ``Article.warnings``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

import ftfy

from diurna.articles import cleanup
from diurna.articles.datafiles import ArticleTables, article_tables
from diurna.articles.dateline import parse_agency_credit, parse_dateline, parse_lowercase_dateline
from diurna.articles.truecase import is_lowercase
from diurna.articles.dates import parse_human_date, parse_date
from diurna.articles.language import detect_language
from diurna.articles.model import Article, Paragraph, Sentence
from diurna.articles.sentences import split_sentences
from diurna.config import Config

log = logging.getLogger(__name__)

_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, normalization="NFC")
_TERMINAL = ".!?:;\"'”’»)]…"
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HEAD = 6  # how many leading paragraphs may hold a headline copy or a byline
_TAIL = 3  # how many closing paragraphs may hold end credits


def repair_text(text: str) -> tuple[str, list[str]]:
    """NFC, ftfy repair (mojibake, HTML entities, control characters) and whitespace tidying.

    Returns the repaired text and notes describing what ftfy changed.
    """
    notes: list[str] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    nfc = unicodedata.normalize("NFC", text)
    fixed, explanation = ftfy.fix_and_explain(nfc, config=_FTFY)
    if fixed != nfc:
        steps = [s.action for s in (explanation or [])]
        if any(a in ("encode", "decode", "transcode") for a in steps):
            notes.append("repaired mojibake (text decoded with the wrong encoding) with ftfy")
        else:
            names = sorted({s.parameter for s in (explanation or []) if s.action == "apply"})
            notes.append(f"fixed characters with ftfy ({', '.join(names) or 'cleanup'})")
    fixed = _INVISIBLE.sub("", fixed)
    fixed = _SPACES.sub(" ", fixed)
    return fixed, notes


def _clean_line(text: str) -> str:
    return " ".join(text.split())


def _wrap_width(lines: list[str]) -> int | None:
    """The column at which the text was hard-wrapped, or ``None`` when it was not.

    Hard-wrapped text has no line longer than ~100 characters and most of its lines end near that width.
    Scraped text usually puts a whole paragraph on one line and so has much longer lines.
    """
    lengths = [len(line) for line in lines if len(line) >= 20]
    if len(lengths) < 3:
        return None
    width = max(lengths)
    if width > 100 or width < 40:
        return None
    near = sum(1 for n in lengths if n >= 0.75 * width)
    return width if near * 2 >= len(lengths) else None


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs.

    Blank lines always separate paragraphs. Inside a block, a line break also separates paragraphs (scraped
    text often puts one paragraph per line), except that a line is joined to the previous one when the previous
    line ends mid-sentence and either the line starts in lower case or the text is hard-wrapped and the previous
    line runs to the wrap width.
    """
    blocks = [[line.strip() for line in block.split("\n") if line.strip()] for block in re.split(r"\n[ \t]*\n", text)]
    width = _wrap_width([line for block in blocks for line in block])
    paragraphs: list[str] = []
    for lines in blocks:
        current: list[str] = []
        for line in lines:
            if current:
                prev = current[-1]
                mid_sentence = prev[-1] not in _TERMINAL
                if mid_sentence and (line[:1].islower() or (width is not None and len(prev) >= 0.75 * width)):
                    current.append(line)
                    continue
                paragraphs.append(_clean_line(" ".join(current)))
            current = [line]
        if current:
            paragraphs.append(_clean_line(" ".join(current)))
    return [p for p in paragraphs if p]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _apply_header(article: Article, text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        header = cleanup.parse_header(line)
        if header is None:
            return text
        date, precision, _ = parse_date(header.date)
        notes = []
        if date is not None and article.date is None:
            article.date, article.date_precision = date, precision
            notes.append(f"date {date.isoformat()}")
        if header.site and not article.source:
            article.source = header.site
            notes.append(f"source {header.site}")
        article.metadata.setdefault("scraper_header", line.strip())
        article.warn("removed scraper header line" + (f" (took {', '.join(notes)})" if notes else ""))
        return "\n".join(lines[:i] + lines[i + 1 :])
    return text


_ARCHIVE_DATE = re.compile(r"^\s*this story is from\s+(?P<date>[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4})\s*$",
                           re.IGNORECASE | re.MULTILINE)


def _archive_date(article: Article, text: str) -> None:
    """An archive's "This story is from March 10, 2002" line dates an article that came without a date."""
    if article.date is not None:
        return
    m = _ARCHIVE_DATE.search(text[:2000])
    if m is None:
        return
    date = parse_human_date(m.group("date"))
    if date is not None:
        article.date, article.date_precision = date, "day"
        article.warn(f"publication date {date.isoformat()} taken from the line {m.group(0).strip()!r}")


_LINK_INTRO = re.compile(r"^(?:also\s+read|read\s+also|read\s+more|see\s+also|must\s+read)\s*:?$", re.IGNORECASE)


def _remove_boilerplate_lines(article: Article, text: str, tables: ArticleTables) -> str:
    kept, removed = [], []
    link_intro = False
    for line in text.split("\n"):
        if link_intro and line.strip():
            link_intro = False
            if cleanup.looks_like_headline(line, tables):  # the headline an "Also read" line links to
                removed.append(line.strip())
                continue
        if cleanup.is_boilerplate(line, tables) or _LINK_INTRO.match(line.strip()):
            removed.append(line.strip())
            link_intro = bool(_LINK_INTRO.match(line.strip()))
        else:
            kept.append(line)
    if removed:
        shown = ", ".join(repr(_short(r, 40)) for r in removed[:3]) + (" ..." if len(removed) > 3 else "")
        article.warn(f"removed {len(removed)} boilerplate line(s): {shown}")
    return "\n".join(kept)


def _set_author(article: Article, names: list[str]) -> None:
    if names and not article.author:
        article.author = ", ".join(names)


def _add_wire(article: Article, agencies: list[str]) -> None:
    for agency in agencies:
        if agency not in article.wire:
            article.wire.append(agency)


def _byline_extras(article: Article, byline: cleanup.Byline) -> None:
    """The agencies and the time stamp a byline line carries; the stamp dates the article only when nothing
    else did (an "Updated" stamp says so in the warning: the story may first have run earlier)."""
    _add_wire(article, byline.agencies)
    if byline.date_text is None:
        return
    article.metadata.setdefault(byline.date_kind or "byline_date", byline.date_text)
    if article.date is not None:
        return
    date = parse_human_date(byline.date_text)
    if date is None:
        return
    article.date, article.date_precision = date, "day"
    what = f"the {byline.date_kind!r} stamp" if byline.date_kind else "the time stamp"
    article.warn(f"publication date {date.isoformat()} taken from {what} of the byline")


def _clean_head(article: Article, paras: list[str], tables: ArticleTables) -> list[str]:
    if (
        article.title is None
        and len(paras) >= 2
        and cleanup.looks_like_headline(paras[0], tables)
        and parse_dateline(paras[0], tables=tables) is None
        and any(len(p) > len(paras[0]) for p in paras[1:])
    ):
        article.title = paras.pop(0)
        article.warn("took the first line as the title")
    headline_done = byline_done = False
    i = 0
    while i < min(len(paras), _HEAD) and len(paras) > 1:
        p = paras[i]
        if not headline_done and article.title and cleanup.same_text(p, article.title):
            paras.pop(i)
            headline_done = True
            article.warn("removed duplicate headline")
            continue
        if not byline_done:
            byline = cleanup.parse_byline_line(p, tables)
            names = byline.names if byline else cleanup.parse_byline(p, tables)
            if names is not None:
                paras.pop(i)
                byline_done = True
                _set_author(article, names)
                article.metadata.setdefault("byline", p)
                article.warn(f"removed byline {_short(p)!r}")
                if byline is not None:
                    _byline_extras(article, byline)
                continue
        i += 1
    return paras


def _clean_tail(article: Article, paras: list[str], tables: ArticleTables) -> list[str]:
    for i in range(len(paras) - 1, max(len(paras) - 1 - _TAIL, 0), -1):
        names = cleanup.parse_credits(paras[i], tables)
        if names is not None:
            line = paras.pop(i)
            _set_author(article, names)
            article.metadata.setdefault("credits", line)
            article.warn(f"removed end credits {_short(line)!r}")
            break
    return paras


def _agency_credit(article: Article, paras: list[str], tables: ArticleTables) -> list[str]:
    """``— Xinhua`` / ``(AFP)`` / ``With inputs from PTI`` closing the copy: the agencies go to ``wire``."""
    for i in range(len(paras) - 1, max(len(paras) - 1 - _TAIL, 0), -1):
        found = parse_agency_credit(paras[i], tables)
        if found is None:
            continue
        body, agencies = found
        credit = paras[i][len(body):].strip()
        if body:
            paras[i] = body
        else:
            paras.pop(i)
        _add_wire(article, agencies)
        article.metadata.setdefault("agency_credit", credit)
        article.warn(f"removed agency credit {_short(credit)!r}")
        break
    return paras


def _body(paragraph: str, tables: ArticleTables) -> str:
    m = parse_dateline(paragraph, tables=tables)
    return m.rest if m else paragraph


def _duplicate_lead(article: Article, paras: list[str], tables: ArticleTables) -> list[str]:
    for i in range(min(2, len(paras) - 1)):
        a, b = paras[i], paras[i + 1]
        ba, bb = _body(a, tables).strip(), _body(b, tables).strip()
        trimmed = ba.rstrip(".…").rstrip() if ba.endswith(("...", "…")) else None
        if cleanup.same_text(ba, bb) or (trimmed and len(trimmed) >= 40 and bb.startswith(trimmed)):
            a_dl, b_dl = _body(a, tables) != a, _body(b, tables) != b
            if a_dl != b_dl:
                drop = i + 1 if a_dl else i
            else:
                drop = i if len(b) > len(a) else i + 1
            paras.pop(drop)
            article.warn("removed duplicate lead paragraph")
            break
    return paras


def _repeated(article: Article, paras: list[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for p in paras:
        if p in seen:
            continue
        seen.add(p)
        kept.append(p)
    if len(kept) < len(paras):
        article.warn(f"removed {len(paras) - len(kept)} repeated paragraph(s)")
    return kept


def _dateline(article: Article, paras: list[str], tables: ArticleTables) -> list[str]:
    if not paras:
        return paras
    m = parse_dateline(paras[0], article_date=article.date, tables=tables)
    if m is None and article.lowercase:
        m = parse_lowercase_dateline(paras[0])
    if m is None or not m.rest.strip():
        return paras
    paras[0] = m.rest.strip()
    article.dateline = m.dateline
    article.warn(f"removed dateline {m.dateline.raw!r}")
    for agency in m.dateline.agencies:
        if agency not in article.wire:
            article.wire.append(agency)
    if m.publisher:
        article.metadata.setdefault("dateline_publisher", m.publisher)
    if m.publisher and not article.source:
        article.source = m.publisher
        article.warn(f"source {m.publisher!r} taken from the dateline")
    if article.date is None and m.dateline.date is not None:
        article.date, article.date_precision = m.dateline.date, "day"
        article.warn(f"publication date {m.dateline.date.isoformat()} taken from the dateline")
    return paras


def _layout(article: Article, paras: list[str]) -> None:
    text_parts: list[str] = []
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    offset = 0
    for index, (para, spans) in enumerate(zip(paras, split_sentences(paras), strict=True)):
        if index:
            offset += 2
        paragraphs.append(Paragraph(index=index, start=offset, end=offset + len(para)))
        for start, end in spans:
            sentences.append(
                Sentence(index=len(sentences), start=offset + start, end=offset + end, text=para[start:end], paragraph=index)
            )
        text_parts.append(para)
        offset += len(para)
    article.text = "\n\n".join(text_parts)
    article.paragraphs = paragraphs
    article.sentences = sentences


def _language(article: Article) -> None:
    if article.language is None:
        lang, prob = detect_language(article.text)
        if lang is None:
            reason = "detection uncertain" if len(article.text.strip()) >= 20 else "text too short to detect"
            note = f"language unknown ({reason})"
            if note not in article.warnings:
                article.warn(note)
        article.language = lang
    if article.language and not article.language.startswith("en") and article.skipped is None:
        article.skipped = f"language: {article.language} (not English)"


def normalize(article: Article, config: Config | None = None) -> Article:
    """Normalize ``article`` in place and return it (see the module docstring for the rules).

    ``config`` names extra boilerplate and agency files (default: :meth:`Config.from_env`). Running it again on
    its own output changes nothing.
    """
    tables = article_tables(config)
    text, notes = repair_text(article.text or "")
    for note in notes:
        article.warn(note)
    if article.title is not None:
        title, title_notes = repair_text(article.title)
        article.title = _clean_line(title) or None
        for note in title_notes:
            article.warn(f"title: {note}")
    text = _apply_header(article, text)
    _archive_date(article, text)
    text = _remove_boilerplate_lines(article, text, tables)
    paras = split_paragraphs(text)
    paras = _clean_head(article, paras, tables)
    paras = _clean_tail(article, paras, tables)
    paras = _agency_credit(article, paras, tables)
    paras = _duplicate_lead(article, paras, tables)
    paras = _repeated(article, paras)
    if not article.lowercase and is_lowercase("\n".join(paras)):
        article.lowercase = True
        article.warn("the text is all lower case: names are recovered by restoring their capitals for the parser")
    paras = _dateline(article, paras, tables)
    _layout(article, paras)
    _language(article)
    article.compute_hash()
    return article


def article_from_text(
    text: str,
    *,
    id: str = "text",
    date: Any = None,
    title: str | None = None,
    source: str | None = None,
    config: Config | None = None,
) -> Article:
    """Build and normalize an article from a string (``date`` may be a ``datetime.date`` or an ISO string)."""
    import datetime as dt

    article = Article(id=id, text=text, title=title, source=source)
    if isinstance(date, dt.datetime):
        article.date, article.date_precision = date.date(), "day"
    elif isinstance(date, dt.date):
        article.date, article.date_precision = date, "day"
    elif isinstance(date, str):
        parsed, precision, warning = parse_date(date)
        article.date, article.date_precision = parsed, precision
        if warning:
            article.warn(warning)
    elif date is not None:
        raise TypeError(f"date must be a date, datetime or ISO string, not {type(date).__name__}")
    return normalize(article, config)
