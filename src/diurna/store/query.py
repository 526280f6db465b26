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

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from diurna.store.cluster import EVENTS, MENTION_EVENTS
from diurna.filters import MAX_LIMIT, EventFilter, FilterError, build_query
from diurna.store.manifest import Snapshot, quick_file_problem, snapshot
from diurna.store.schema import (BASE_TABLES, DERIVED_TABLES, SCHEMAS, DamagedStoreError, StoreError, one_line,
                                 read_store_info, schema_problem)

_EMPTY_SCHEMAS = {**SCHEMAS, "events": EVENTS, "mention_events": MENTION_EVENTS}
_GLOB = frozenset("*?[]{}")

if TYPE_CHECKING:
    from diurna.actors.dictionary import ActorDictionary
    from diurna.config import Config

__all__ = ["MAX_LIMIT", "EventFilter", "FilterError", "Store", "build_query", "damaged", "reading", "sql_string"]


def sql_string(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _sql_list(paths: list[str]) -> str:
    return "[" + ", ".join(sql_string(p) for p in paths) + "]"


@contextlib.contextmanager
def reading(root: Path, snap: Snapshot | None = None) -> Iterator[None]:
    """Turn the errors DuckDB and Arrow raise on a damaged file of the store into one-line
    :class:`DamagedStoreError` messages that name the file. Other DuckDB errors (a mistake in a query) pass
    through, unless a file of ``snap`` turns out to be damaged."""
    try:
        yield
    except (duckdb.IOException, duckdb.InvalidInputException, pa.ArrowException, OSError) as exc:
        raise damaged(root, snap, exc) or StoreError(
            f"{root}: cannot read or write the store ({one_line(exc)}); `diurna store check {root}` looks for "
            f"damaged files") from None
    except duckdb.Error as exc:
        located = damaged(root, snap, exc)
        if located is None:
            raise
        raise located from None


def _store_file_in(root: Path, message: str) -> str | None:
    """The first file of the store quoted in an error message, if any."""
    for quoted in re.findall(r"['\"]([^'\"]+\.parquet)['\"]", message):
        if quoted.startswith((str(root.resolve()), str(root))):
            return quoted
    return None


def damaged(root: Path, snap: Snapshot | None, exc: BaseException) -> DamagedStoreError | None:
    """The error to raise for ``exc``, met while reading the store at ``root``: it names the damaged file (from
    the message, else the first file of ``snap`` that is not a Parquet file of its table); None when no damaged
    file can be found."""
    path = _store_file_in(root, str(exc))
    if path is not None:
        return DamagedStoreError(root, path, f"unreadable ({one_line(exc)})")
    if snap is None:
        return None
    for table in (*BASE_TABLES, *DERIVED_TABLES):
        for p in snap.paths(table):
            problem = quick_file_problem(Path(p))
            if problem is None:
                try:
                    problem = schema_problem(pq.read_schema(p), _EMPTY_SCHEMAS[table], table)
                except (OSError, pa.ArrowException) as error:
                    problem = f"unreadable ({one_line(error)})"
            if problem is not None:
                return DamagedStoreError(root, p, problem)
    return None


def _article_tables() -> list[tuple[str, str]]:
    """The base tables that hold rows of an article version (every table of SCHEMAS with the article's id and its
    batch, except errors and pairs, which have views of their own) and their article id column: the view of each
    hides the rows of superseded versions."""
    out = []
    for table in BASE_TABLES:
        names = SCHEMAS[table].names if table in SCHEMAS else []
        key = "id" if table == "articles" else "article_id"
        if table not in ("errors", "pairs") and key in names and "batch" in names:
            out.append((table, key))
    return out


class Store:
    """A store opened for reading (the version is checked on open)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.info = read_store_info(self.root)

    def snapshot(self) -> Snapshot:
        return snapshot(self.root)

    def verify(self, snap: Snapshot, tables: tuple[str, ...] = (*BASE_TABLES, *DERIVED_TABLES)) -> None:
        """Refuse a snapshot with a missing file or one that is not Parquet (cheap: the magic bytes only)."""
        for table in tables:
            for path in snap.paths(table):
                problem = quick_file_problem(Path(path))
                if problem is not None:
                    raise DamagedStoreError(self.root, path, f"{problem} ({table} table)")

    def _files_sql(self, paths: list[str]) -> str:
        if not any(_GLOB & set(p) for p in paths):
            return _sql_list(paths)
        # the store's own path has a glob character, which read_parquet would expand: name the files relative to
        # the store (their names never have one; see manifest.path_problem) and let DuckDB search the store
        prefix = str(self.root) + "/"
        return _sql_list([p.removeprefix(prefix) for p in paths])

    def connect(self, snap: Snapshot | None = None, *, threads: int | None = None,
                derived: bool = True) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with the store's views, as of ``snap`` (default: now).

        Every file the snapshot names must exist and look like Parquet; a damaged store raises
        :class:`DamagedStoreError` (see ``diurna store check``). ``derived=False``: the derived tables
        (duplicates, events, mention_events) are left empty and their files are not opened (what a rebuild
        of them needs)."""
        snap = snap or self.snapshot()
        self.verify(snap, (*BASE_TABLES, *DERIVED_TABLES) if derived else BASE_TABLES)
        con = duckdb.connect(":memory:")
        try:
            with reading(self.root, snap):
                self._create_views(con, snap, threads, derived)
        except BaseException:
            con.close()
            raise
        return con

    def _create_views(self, con: duckdb.DuckDBPyConnection, snap: Snapshot, threads: int | None,
                      derived: bool) -> None:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        if _GLOB & set(str(self.root)):
            if "," in str(self.root):
                raise StoreError(f"{self.root}: a store path may not hold both a comma and one of {''.join(_GLOB)}")
            con.execute(f"SET file_search_path = {sql_string(str(self.root.resolve()))}")
        for table, schema in _EMPTY_SCHEMAS.items():
            paths = snap.paths(table) if derived or table not in DERIVED_TABLES else []
            if paths:
                source = f"read_parquet({self._files_sql(paths)})"
            else:
                con.register(f"_empty_{table}", pa.Table.from_pylist([], schema=schema))
                source = f"_empty_{table}"
            con.execute(f"CREATE VIEW raw_{table} AS SELECT * FROM {source}")
        if snap.superseded:
            con.register("_superseded_arrow", pa.table({"article_id": [a for a, _ in snap.superseded],
                                                        "batch": [b for _, b in snap.superseded]}))
            con.execute("CREATE TABLE superseded AS SELECT * FROM _superseded_arrow")
            for table, key in _article_tables():
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM raw_{table} r WHERE NOT EXISTS "
                            f"(SELECT 1 FROM superseded s WHERE s.article_id = r.{key} AND s.batch = r.batch)")
        else:
            for table, _key in _article_tables():
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

    def query(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        snap = self.snapshot()
        con = self.connect(snap)
        try:
            with reading(self.root, snap):
                return con.sql(sql, params=params or None).to_arrow_table()
        finally:
            con.close()

    def events(self, f: EventFilter | None = None, *, mentions: bool = False,
               dictionary: ActorDictionary | Config | None = None) -> pa.Table:
        """Events (or, with ``mentions=True``, mentions) matching the filter, in its order (default: newest
        first). Names and codes are checked first (:class:`~diurna.filters.FilterError`); ``dictionary``:
        the actor dictionary (or the :class:`~diurna.config.Config` naming extra actor files) that resolves
        actor names."""
        f = f or EventFilter()
        sql, params = build_query(f.resolve(dictionary), mentions=mentions)
        return self.query(sql, params)
