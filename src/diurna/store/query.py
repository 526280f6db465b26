"""Reading a store with DuckDB: views over the committed Parquet files, and the basic event/mention query.

A reader never takes a lock and never sees a half-written batch: it lists the commit manifests, then reads
exactly the files they name (``read_parquet``). Queries may run while an ingest is writing.

Views (in the in-memory DuckDB connection of :meth:`Store.connect`):

- ``articles``, ``mentions``, ``entities``: the current version of every article (a re-ingested article with
  changed content supersedes its earlier rows) and its mentions and entities;
- ``errors``: distinct (stage, input, record, reason) of every failed input;
- ``duplicates``: syndicated copies and the original each is linked to;
- ``events``: clusters of mentions (see docs/store.md); ``mention_events``: mention -> event;
- ``mentions_full``: mentions with their ``event_id``, ``duplicate_of`` and ``is_copy``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from diurna.store.cluster import EVENTS, MENTION_EVENTS
from diurna.store.manifest import Snapshot, snapshot
from diurna.store.schema import DERIVED_TABLES, SCHEMAS, check_store

_EMPTY_SCHEMAS = {**SCHEMAS, "events": EVENTS, "mention_events": MENTION_EVENTS}


def _sql_list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


class Store:
    """A store opened for reading (the version is checked on open)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.info = check_store(self.root)

    def snapshot(self) -> Snapshot:
        return snapshot(self.root)

    def connect(self, snap: Snapshot | None = None, *, threads: int | None = None) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with the store's views, as of ``snap`` (default: now)."""
        snap = snap or self.snapshot()
        con = duckdb.connect(":memory:")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        for table, schema in _EMPTY_SCHEMAS.items():
            paths = snap.paths(table)
            if paths:
                source = f"read_parquet({_sql_list(paths)})"
            else:
                con.register(f"_empty_{table}", pa.Table.from_pylist([], schema=schema))
                source = f"_empty_{table}"
            con.execute(f"CREATE VIEW raw_{table} AS SELECT * FROM {source}")
        if snap.superseded:
            con.register("_superseded_arrow", pa.table({"article_id": [a for a, _ in snap.superseded],
                                                        "batch": [b for _, b in snap.superseded]}))
            con.execute("CREATE TABLE superseded AS SELECT * FROM _superseded_arrow")
            for table, key in (("articles", "id"), ("mentions", "article_id"), ("entities", "article_id")):
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM raw_{table} r WHERE NOT EXISTS "
                            f"(SELECT 1 FROM superseded s WHERE s.article_id = r.{key} AND s.batch = r.batch)")
        else:
            for table in ("articles", "mentions", "entities"):
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM raw_{table}")
        con.execute("CREATE VIEW errors AS SELECT stage, input, record, reason, any_value(article_id) AS article_id, "
                    "count(*) AS times FROM raw_errors GROUP BY ALL")
        con.execute("CREATE VIEW pairs AS SELECT p.* FROM raw_pairs p "
                    "JOIN articles a ON a.id = p.a_id AND a.content_hash = p.a_hash "
                    "JOIN articles b ON b.id = p.b_id AND b.content_hash = p.b_hash")
        for table in DERIVED_TABLES:
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM raw_{table}")
        con.execute("""CREATE VIEW mentions_full AS
            SELECT m.*, me.event_id, d.duplicate_of, d.duplicate_of IS NOT NULL AS is_copy
            FROM mentions m
            LEFT JOIN mention_events me ON me.mention_id = m.mention_id AND me.article_id = m.article_id
            LEFT JOIN duplicates d ON d.article_id = m.article_id""")
        return con

    def query(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        con = self.connect()
        try:
            return con.sql(sql, params=params or None).to_arrow_table()
        finally:
            con.close()

    def events(self, f: EventFilter | None = None, *, mentions: bool = False) -> pa.Table:
        """Events (or, with ``mentions=True``, mentions) matching the filter, newest first."""
        f = f or EventFilter()
        sql, params = build_query(f, mentions=mentions)
        return self.query(sql, params)


@dataclass
class EventFilter:
    actor: str | None = None  # actor code or country on either side (prefix match: "USA" matches "USAGOV")
    dyad: tuple[str, str] | None = None  # (source, target), prefix match on code or country
    cameo: str | None = None  # root ("04"), base ("042") or full code ("0421"): prefix match
    plover: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    modality: str | None = None
    limit: int | None = None


def build_query(f: EventFilter, *, mentions: bool) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if mentions:
        table, date, s_code, s_cty, t_code, t_cty = ("mentions_full", "coalesce(date, article_date)",
                                                    "source_code", "source_country", "target_code", "target_country")
        order = "coalesce(date, article_date) DESC NULLS LAST, article_id, mention_id"
    else:
        table, date, s_code, s_cty, t_code, t_cty = ("events", "date", "source_code", "source_country",
                                                    "target_code", "target_country")
        order = "date DESC NULLS LAST, event_id"

    def side(code: str, cty: str, value: str) -> str:
        params.extend([value, value])
        return f"(starts_with({code}, ?) OR {cty} = ?)"

    if f.actor:
        where.append(f"({side(s_code, s_cty, f.actor.upper())} OR {side(t_code, t_cty, f.actor.upper())})")
    if f.dyad:
        where.append(side(s_code, s_cty, f.dyad[0].upper()))
        where.append(side(t_code, t_cty, f.dyad[1].upper()))
    if f.cameo:
        where.append("starts_with(cameo, ?)")
        params.append(f.cameo)
    if f.plover:
        where.append("plover = ?")
        params.append(f.plover.upper())
    if f.since:
        where.append(f"{date} >= ?")
        params.append(f.since)
    if f.until:
        where.append(f"{date} <= ?")
        params.append(f.until)
    if f.modality:
        where.append("modality = ?")
        params.append(f.modality)
    sql = f"SELECT * FROM {table}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order}"
    if f.limit:
        sql += f" LIMIT {int(f.limit)}"
    return sql, params
