"""One event's evidence (``diurna show EVENT_ID``): the event, every report of it with its sentence and where the
trigger, the source and the target are in it, the articles (publisher, URL, copy of which), and the facts the
store holds for those sentences (quotes, amounts: shown when the store has those tables).

An event is named by its id or any unique prefix of it (``ev-3f2a``, or ``3f2a`` without the ``ev-``), or by the
id of one of its mentions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from diurna.errors import DiurnaError
from diurna.store.query import Store, reading
from diurna.store.schema import SCHEMAS

FACT_TABLES = ("quotes", "amounts")  # shown with their sentences when the store has them
MAX_LISTED = 5  # ids an ambiguous prefix lists


class EventNotFoundError(DiurnaError, LookupError):
    """No event has that id (or id prefix), and no mention has that id."""


class AmbiguousEventError(DiurnaError, LookupError):
    """An id prefix that several events share."""


@dataclass
class Highlight:
    """Where a part (``trigger``, ``source``, ``target``) is in a sentence: character offsets in it."""

    part: str
    start: int
    end: int
    text: str


@dataclass
class MentionEvidence:
    """One report of the event: its sentence and the highlights in it."""

    mention_id: str
    article_id: str
    content_hash: str | None  # the article version
    sentence: int
    text: str
    trigger: str
    source: str | None  # the source as the sentence names it (None: implied or absent)
    target: str | None
    source_implied: bool
    target_implied: bool
    modality: str
    date: dt.date | None
    confidence: float | None
    is_copy: bool
    highlights: list[Highlight] = field(default_factory=list)


@dataclass
class ArticleEvidence:
    id: str
    title: str | None
    date: dt.date | None
    source: str | None
    publisher: str | None
    url: str | None
    duplicate_of: str | None  # the original this article is a syndicated copy of


@dataclass
class EventEvidence:
    """What ``diurna show`` prints (see the module docstring)."""

    event: dict[str, Any]
    mentions: list[MentionEvidence]
    articles: list[ArticleEvidence]
    facts: dict[str, list[dict[str, Any]]]  # table name -> rows of the event's sentences (only tables the store has)

    def to_dict(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, (dt.date, dt.datetime)):
                return value.isoformat()
            if isinstance(value, bytes):
                return value.hex()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value

        return plain({"event": self.event, "mentions": [asdict(m) for m in self.mentions],
                      "articles": [asdict(a) for a in self.articles], "facts": self.facts})


def find(text: str, words: str | None, avoid: list[Highlight]) -> tuple[int, int] | None:
    """Where ``words`` first occur in ``text`` (exact case first, then any case) without overlapping ``avoid``."""
    if not words or not words.strip():
        return None
    words = words.strip()
    for haystack, needle in ((text, words), (text.lower(), words.lower())):
        at = haystack.find(needle)
        while at >= 0:
            end = at + len(needle)
            if not any(at < h.end and h.start < end for h in avoid):
                return at, end
            at = haystack.find(needle, at + 1)
    return None


def highlights(row: dict[str, Any]) -> list[Highlight]:
    """The trigger (from its stored offsets, else found by its words), the source and the target in the
    sentence of the mention ``row``."""
    text = row.get("text") or ""
    out: list[Highlight] = []
    start, t0, t1 = row.get("start"), row.get("trigger_start"), row.get("trigger_end")
    if isinstance(start, int) and isinstance(t0, int) and isinstance(t1, int) and 0 <= t0 - start < t1 - start <= len(text):
        out.append(Highlight("trigger", t0 - start, t1 - start, text[t0 - start:t1 - start]))
    else:
        words = str(row.get("trigger") or "").split()
        span = find(text, words[0] if words else None, out)
        if span:
            out.append(Highlight("trigger", span[0], span[1], text[span[0]:span[1]]))
    for part in ("source", "target"):
        if row.get(f"{part}_implied"):
            continue
        span = find(text, row.get(f"{part}_text"), out)
        if span:
            out.append(Highlight(part, span[0], span[1], text[span[0]:span[1]]))
    return sorted(out, key=lambda h: h.start)


def resolve_event_id(store: Store, value: str) -> str:
    """The event id that ``value`` names: an event id, a unique prefix of one (with or without ``ev-``), or a
    mention id. :class:`EventNotFoundError` or :class:`AmbiguousEventError` with a message otherwise."""
    key = value.strip()
    if not key:
        raise EventNotFoundError("empty event id: give an event id or a prefix of one (ev-3f2a...)")
    prefixes = [key] if key.startswith("ev-") or "ev-".startswith(key) else [key, "ev-" + key]
    for prefix in prefixes:
        ids = store.query("SELECT event_id FROM events WHERE starts_with(event_id, ?) ORDER BY event_id LIMIT ?",
                          [prefix, MAX_LISTED + 1]).column(0).to_pylist()
        if len(ids) == 1:
            return str(ids[0])
        if len(ids) > 1:
            more = ", ..." if len(ids) > MAX_LISTED else ""
            raise AmbiguousEventError(f"event id prefix {key!r} names several events ({', '.join(ids[:MAX_LISTED])}"
                                      f"{more}): give more characters of the id")
    by_mention = store.query("SELECT DISTINCT event_id FROM mention_events WHERE mention_id = ? LIMIT 2",
                             [key]).column(0).to_pylist()
    if len(by_mention) == 1:
        return str(by_mention[0])
    raise EventNotFoundError(f"no event {key!r} in {store.root} (neither an event id, nor a prefix of one, nor a "
                             f"mention id); `diurna events --store {store.root}` lists the events")


def event_evidence(store: Store, value: str) -> EventEvidence:
    """The evidence of the event ``value`` names (see :func:`resolve_event_id`)."""
    event_id = resolve_event_id(store, value)
    snap = store.snapshot()
    con = store.connect(snap)
    try:
        with reading(store.root, snap):
            return _evidence(con, event_id)
    finally:
        con.close()


def _rows(con: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = con.sql(sql, params=params).to_arrow_table().to_pylist()
    return rows


def _evidence(con: Any, event_id: str) -> EventEvidence:
    (event,) = _rows(con, "SELECT * FROM events WHERE event_id = ?", [event_id])
    mention_rows = _rows(con, "SELECT * FROM mentions_full WHERE event_id = ? "
                              "ORDER BY is_copy, coalesce(date, article_date) NULLS LAST, article_id, mention_id",
                         [event_id])
    mentions = [MentionEvidence(
        mention_id=m["mention_id"], article_id=m["article_id"], content_hash=m["content_hash"],
        sentence=m["sentence"], text=m["text"] or "",
        trigger=m["trigger"] or "", source=m.get("source_text") or None, target=m.get("target_text") or None,
        source_implied=bool(m.get("source_implied")), target_implied=bool(m.get("target_implied")),
        modality=m["modality"], date=m["date"] or m["article_date"], confidence=m["confidence"],
        is_copy=bool(m["is_copy"]), highlights=highlights(m)) for m in mention_rows]
    article_ids = sorted({m.article_id for m in mentions})
    articles = [ArticleEvidence(id=a["id"], title=a["title"], date=a["date"], source=a["source"],
                                publisher=a["publisher"], url=a["url"], duplicate_of=a["duplicate_of"])
                for a in _rows(con, "SELECT a.id, a.title, a.date, a.source, a.publisher, a.url, d.duplicate_of "
                                    "FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id "
                                    "WHERE list_contains(?, a.id) ORDER BY a.date NULLS LAST, a.id", [article_ids])]
    return EventEvidence(event=event, mentions=mentions, articles=articles, facts=_facts(con, mentions))


def _facts(con: Any, mentions: list[MentionEvidence]) -> dict[str, list[dict[str, Any]]]:
    """The rows of the fact tables (quotes, amounts) in the sentences of ``mentions``, for the tables the store
    has (a table of this diurna's schema without a view of its own is read from its ``raw_`` view)."""
    views = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    sentences = sorted({(m.article_id, m.content_hash or "", m.sentence) for m in mentions})
    out: dict[str, list[dict[str, Any]]] = {}
    for table in FACT_TABLES:
        view = table if table in views else f"raw_{table}" if f"raw_{table}" in views else None
        if view is None or table not in SCHEMAS:
            continue
        columns = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {view}").fetchall()}
        if "article_id" not in columns:
            continue
        by_hash = "content_hash" in columns  # only the current version of the article
        parts = ["article_id"] + (["coalesce(content_hash, '')"] if by_hash else []) \
            + (["CAST(sentence AS VARCHAR)"] if "sentence" in columns else [])
        match = " || '#' || ".join(parts)
        keys = sorted({"#".join([a, *([h] if by_hash else []), *([str(n)] if "sentence" in columns else [])])
                       for a, h, n in sentences})
        drop = [c for c in ("batch", "content_hash") if c in columns]
        select = f"* EXCLUDE ({', '.join(drop)})" if drop else "*"
        order = "article_id, sentence" if "sentence" in columns else "article_id"
        out[table] = _rows(con, f"SELECT {select} FROM {view} WHERE list_contains(?, {match}) ORDER BY {order}",
                           [keys])
    return out


__all__ = ["AmbiguousEventError", "ArticleEvidence", "EventEvidence", "EventNotFoundError", "Highlight",
           "MentionEvidence", "event_evidence", "find", "highlights", "resolve_event_id"]
