"""What the web API reads from a store: pages of events and mentions, one article with its evidence, a search of
the evidence sentences, and the store's size. A thin layer over :class:`diurna.store.Store` and
:func:`diurna.store.query.build_query`; every value reaches DuckDB as a parameter, and the only names put into SQL
(sort columns, view names) come from the fixed lists below.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, get_args

import duckdb

from diurna.store.query import EventFilter, Store, build_query, reading
from diurna.web.evidence import locate

# Columns a page of events or mentions may be sorted by (the names are put into SQL: nothing else may be).
EventSort = Literal["date", "last_date", "cameo", "cameo_name", "goldstein", "quad_class", "plover", "modality",
                    "source_code", "source_name", "target_code", "target_name", "location_name", "num_mentions",
                    "num_articles", "num_sources", "confidence", "event_id"]
MentionSort = Literal["date", "article_date", "cameo", "cameo_name", "goldstein", "quad_class", "plover", "modality",
                      "source_code", "source_name", "target_code", "target_name", "trigger", "confidence",
                      "article_id", "mention_id", "publisher"]
SORT_COLUMNS: dict[str, tuple[str, ...]] = {"events": get_args(EventSort), "mentions": get_args(MentionSort)}
_TIEBREAK = {"events": "event_id", "mentions": "article_id, mention_id"}
# Views some stores have (added by later versions of the facts stage); shown when present.
FACT_VIEWS = ("quotes", "amounts")
_ARTICLE_COLUMNS = ("id", "title", "date", "date_precision", "source", "publisher", "url", "author", "language",
                    "wire", "dateline_place", "skipped", "warnings", "origin_input", "num_sentences",
                    "num_mentions", "text")


class NotFound(LookupError):
    """What was asked for is not in the store."""


def jsonable(value: Any) -> Any:
    """A value read from DuckDB or pandas as plain JSON: dates as ISO strings, NaN as null, numpy scalars as
    Python numbers."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return None
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return jsonable(item())
    if hasattr(value, "tolist"):  # numpy arrays
        return jsonable(value.tolist())
    if hasattr(value, "isoformat"):  # pandas Timestamp, Period
        return value.isoformat()
    return str(value)


@dataclass
class Page:
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


class WebData:
    """Read-only access to one store for the web API (a new DuckDB connection per request: readers take no lock
    and see every commit made since the server started)."""

    def __init__(self, root: str | Path) -> None:
        self.store = Store(root)  # checks the store's format and version now

    @contextlib.contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        snap = self.store.snapshot()
        con = self.store.connect(snap)
        try:
            with reading(self.store.root, snap):
                yield con
        finally:
            con.close()

    @staticmethod
    def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        result = con.execute(sql, params or [])
        names = [d[0] for d in result.description or []]
        return [{n: jsonable(v) for n, v in zip(names, row, strict=True)} for row in result.fetchall()]

    def info(self) -> dict[str, Any]:
        with self.connection() as con:
            (articles,) = con.execute("SELECT count(*) FROM articles").fetchone() or (0,)
            (mentions,) = con.execute("SELECT count(*) FROM mentions").fetchone() or (0,)
            events, first, last = con.execute("SELECT count(*), min(date), max(date) FROM events").fetchone() \
                or (0, None, None)
        return {"store": self.store.root.name, "articles": articles, "mentions": mentions, "events": events,
                "first_date": jsonable(first), "last_date": jsonable(last)}

    def page(self, f: EventFilter, *, mentions: bool, limit: int, offset: int, sort: str | None = None,
             descending: bool = True, dictionary: Any = None) -> Page:
        """One page of the events (or mentions) ``f`` selects, in the filter's order or by the column ``sort``.
        ``dictionary``: the actor dictionary, or the Config naming extra actor files, that resolves actor names."""
        kind = "mentions" if mentions else "events"
        sql, params = build_query(f.resolve(dictionary), mentions=mentions)
        order = ""
        if sort is not None:
            if sort not in SORT_COLUMNS[kind]:
                raise ValueError(f"cannot sort {kind} by {sort!r}; one of: {', '.join(SORT_COLUMNS[kind])}")
            order = f' ORDER BY "{sort}" {"DESC" if descending else "ASC"} NULLS LAST, {_TIEBREAK[kind]}'
        with self.connection() as con:
            (total,) = con.execute(f"SELECT count(*) FROM ({sql}) AS q", params).fetchone() or (0,)
            items = self._rows(con, f"SELECT * FROM ({sql}) AS q{order} LIMIT ? OFFSET ?", [*params, limit, offset])
        return Page(total=total, limit=limit, offset=offset, items=items)

    def search(self, text: str, *, limit: int, offset: int) -> Page:
        """Mentions whose evidence sentence holds ``text`` (case-insensitive, literal: no wildcards), each with
        ``match``: where the words are in its sentence."""
        needle = text.strip().lower()
        if not needle:
            raise ValueError("empty search: give some words to look for")
        page = self.page(EventFilter(text=needle), mentions=True, limit=limit, offset=offset)
        keep = ("article_id", "mention_id", "event_id", "sentence", "text", "trigger", "cameo", "cameo_name",
                "quad_class", "source_code", "source_name", "target_code", "target_name", "modality", "date",
                "article_date")
        items = []
        for row in page.items:
            item = {k: row.get(k) for k in keep}
            item["date"] = item["date"] or item.pop("article_date")
            item.pop("article_date", None)
            i = (item["text"] or "").lower().find(needle)
            item["match"] = [i, i + len(needle)] if i >= 0 else None
            items.append(item)
        return Page(total=page.total, limit=limit, offset=offset, items=items)

    def article(self, article_id: str) -> dict[str, Any]:
        """One article with its text, its mentions (with their evidence spans and event ids), its entities and,
        when the store has them, its quotes and amounts."""
        with self.connection() as con:
            rows = self._rows(con, f"SELECT {', '.join(_ARTICLE_COLUMNS)}, metadata FROM articles WHERE id = ?",
                              [article_id])
            if not rows:
                raise NotFound(f"no article {article_id!r} in the store")
            article = rows[0]
            mentions = self._rows(con, "SELECT * EXCLUDE (content_hash, batch) FROM mentions_full "
                                       "WHERE article_id = ? ORDER BY start, mention_id", [article_id])
            entities = self._rows(con, "SELECT name, type, code, country, sector, role, mentions FROM entities "
                                       "WHERE article_id = ? ORDER BY name", [article_id])
            views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal")
                     .fetchall()} | {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
            facts = {}
            for view in FACT_VIEWS:
                if view in views:
                    facts[view] = [{k: v for k, v in r.items() if k not in ("content_hash", "batch", "article_id")}
                                   for r in self._rows(con, f"SELECT * FROM {view} WHERE article_id = ?",
                                                       [article_id])]
        try:
            article["metadata"] = json.loads(article["metadata"]) if article.get("metadata") else {}
        except ValueError:
            article["metadata"] = {}
        text = article.get("text") or ""
        for m in mentions:
            m["evidence"] = locate(text, m).to_json()
        return {"article": article, "mentions": mentions, "entities": entities, **facts}
