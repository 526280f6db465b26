"""Exporting a store: events (or mentions, articles) as JSONL, CSV or Parquet, and events in the GDELT 2.0 event
table layout or the POLECAT layout. The field mappings are documented in docs/store.md.

GDELT and POLECAT have no modality: those two exports hold the *actual* events only.

:data:`FORMATS` is the one registry of output formats: ``diurna code``, ``diurna events`` and ``diurna export``
take their ``--format`` choices from it (:func:`formats_for`) and write through it (:func:`write_rows`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import pyarrow as pa
import pyarrow.parquet as pq

from diurna.errors import DiurnaError
from diurna.store.gdelt import GDELT_COLUMNS, gdelt_rows  # noqa: F401 - re-exported
from diurna.store.polecat import COLUMNS as POLECAT_COLUMNS, polecat_rows  # noqa: F401
from diurna.filters import EventFilter, FilterError
from diurna.store.query import Store


class ExportError(DiurnaError):
    """An export cannot be written (a missing directory, no permission, a full disk, ...)."""

TABLES = ("events", "mentions", "articles")
_ORDER = {"events": "event_id", "mentions": "article_id, mention_id", "articles": "id"}
_DROP = {"articles": ("minhash",)}


def table(store: Store, name: str = "events") -> pa.Table:
    """A whole table in id order: events and mentions with the columns of a query
    (:func:`diurna.filters.table_columns`), articles without their MinHash signature."""
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r} (one of {', '.join(TABLES)})")
    if name in ("events", "mentions"):
        return store.events(EventFilter(sort="id"), mentions=name == "mentions")
    source = name
    excluded = _DROP.get(name)
    select = f"* EXCLUDE ({', '.join(excluded)})" if excluded else "*"
    return store.query(f"SELECT {select} FROM {source} ORDER BY {_ORDER[name]}")


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def write_jsonl(t: pa.Table, out: IO[str]) -> int:
    n = 0
    for row in t.to_pylist():
        out.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
        n += 1
    return n


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join("" if v is None else str(_plain(v)) for v in value)
    return str(_plain(value))


def write_csv(t: pa.Table, out: IO[str]) -> int:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(t.column_names)
    n = 0
    for row in t.to_pylist():
        w.writerow([_cell(v) for v in row.values()])
        n += 1
    return n


def write_parquet(t: pa.Table, path: str | BinaryIO) -> int:
    """Write ``t`` to ``path`` (a file name or an open binary file). Given a name, pyarrow deletes the file when the
    write fails: a device or FIFO must be passed open, so that a failed write never removes it."""
    pq.write_table(t, path, compression="zstd")
    return t.num_rows


def write_tsv(rows: Iterator[list[str]], out: IO[str], header: list[str] | None) -> int:
    w = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        w.writerow(header)
    n = 0
    for row in rows:
        w.writerow([c.replace("\t", " ").replace("\n", " ") for c in row])
        n += 1
    return n


def write_json(t: pa.Table, out: IO[str]) -> int:
    rows = [{k: _plain(v) for k, v in row.items()} for row in t.to_pylist()]
    out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    return len(rows)


@dataclass
class Rows:
    """What a writer of :data:`FORMATS` writes: a table already at hand (``data``: the events ``diurna code``
    found, a query result) or a store's table (``table_name``) selected by a filter, read when first needed."""

    table_name: str = "events"
    store: Store | None = None
    filter: EventFilter | None = None
    data: pa.Table | None = None
    dictionary: Any = None  # the actor dictionary (or Config) that resolves actor names of the filter
    actors_dir: Path | None = None  # settings the store was coded with, for the GDELT/POLECAT names
    ontology_dir: Path | None = None

    def table(self) -> pa.Table:
        if self.data is None:
            if self.store is None:
                raise ValueError("no rows: give a table or a store")
            self.data = select(self.store, self.table_name, self.filter, self.dictionary)
        return self.data

    def event_ids(self) -> pa.Table | None:
        """The events the filter selects (a table of ``event_id``), or None for every event."""
        if self.data is not None:
            return self.data
        if self.filter is None or self.store is None:
            return None
        flt = EventFilter(**{**_fields(self.filter), "columns": ("event_id",)})
        return self.store.events(flt, dictionary=self.dictionary)


def _fields(f: EventFilter) -> dict[str, Any]:
    return {k: getattr(f, k) for k in ("actor", "dyad", "cameo", "plover", "since", "until", "modality",
                                       "min_confidence", "min_sources", "countries_known", "exclude_implied",
                                       "exclude_self", "text", "sort", "columns", "limit")}


def select(store: Store, name: str, f: EventFilter | None = None, dictionary: Any = None) -> pa.Table:
    """A store's table (events, mentions, articles) for an export: the whole table in id order, or the events
    (mentions) that ``f`` selects, in its order. Articles take no filter."""
    if f is None or (name == "articles" and f.selects_all):
        return table(store, name)
    if name == "articles":
        raise FilterError("columns", "the articles table takes no query option: export events or mentions")
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r} (one of {', '.join(TABLES)})")
    return store.events(f, mentions=name == "mentions", dictionary=dictionary)


def _gdelt(rows: Rows, out: IO[str]) -> int:
    assert rows.store is not None
    return write_tsv(gdelt_rows(rows.store, rows.event_ids(), actors_dir=rows.actors_dir), out, None)


def _polecat(rows: Rows, out: IO[str]) -> int:
    assert rows.store is not None
    return write_tsv(polecat_rows(rows.store, rows.event_ids(), actors_dir=rows.actors_dir,
                                  ontology_dir=rows.ontology_dir), out, POLECAT_COLUMNS)


def _rich_table(rows: Rows, out: IO[str]) -> int:
    from diurna.cli.render import print_rows_table  # rich is imported only when a table is printed

    return print_rows_table(rows.table(), rows.table_name, out,
                            chosen=list(rows.filter.columns) if rows.filter and rows.filter.columns else None)


@dataclass(frozen=True)
class OutputFormat:
    """One output format: what it writes, for which commands, and its writer."""

    name: str
    help: str
    commands: frozenset[str]  # code, events, export
    write: Callable[[Rows, IO[Any]], int] | None  # None: the command writes it itself (code's summary)
    binary: bool = False  # written to a path or a binary file (parquet)
    events_only: bool = False  # needs the store's events table (gdelt, polecat)


_ALL = frozenset({"code", "events", "export"})
FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("jsonl", "one JSON object per line (diurna code: per article, docs/output.md; else per row)", _ALL,
                 lambda rows, out: write_jsonl(rows.table(), out)),
    OutputFormat("json", "one JSON array", frozenset({"code", "events"}), lambda rows, out: write_json(rows.table(), out)),
    OutputFormat("csv", "comma-separated with a header; lists joined with ';' (diurna code: one row per event, "
                        "the store's mention columns)", _ALL, lambda rows, out: write_csv(rows.table(), out)),
    OutputFormat("parquet", "Apache Parquet (needs --out)", frozenset({"export"}),
                 lambda rows, out: write_parquet(rows.table(), cast(BinaryIO, out)), binary=True),
    OutputFormat("table", "a table that fits the terminal", frozenset({"code", "events"}), _rich_table),
    OutputFormat("summary", "counts by QuadClass, top dyads, modality", frozenset({"code"}), None),
    OutputFormat("gdelt", "the 61 columns of the GDELT 2.0 event table, tab-separated, no header (actual events)",
                 frozenset({"export"}), _gdelt, events_only=True),
    OutputFormat("polecat", "the POLECAT columns, tab-separated, with header (actual events with a PLOVER type)",
                 frozenset({"export"}), _polecat, events_only=True),
)}


def formats_for(command: str) -> list[str]:
    """The format names ``command`` (code, events, export) offers, in registry order."""
    return [name for name, f in FORMATS.items() if command in f.commands]


def write_rows(fmt: str, rows: Rows, out: IO[Any]) -> int:
    """Write ``rows`` in the format ``fmt`` of :data:`FORMATS` to ``out``; return the number of rows written."""
    spec = FORMATS.get(fmt)
    if spec is None or spec.write is None:
        raise ValueError(f"unknown output format {fmt!r} (one of {', '.join(n for n, f in FORMATS.items() if f.write)})")
    if spec.events_only and rows.table_name != "events":
        raise ValueError(f"the {fmt} format exports events only")
    return spec.write(rows, out)


def export(store: Store, fmt: str, out: IO[str] | None, path: str | None = None, table_name: str = "events",
           f: EventFilter | None = None, **settings: Any) -> int:
    """Write the export ``fmt`` to ``out`` (text formats) or ``path`` (parquet); return the number of rows.

    ``f``: only the events (mentions) it selects; ``settings``: ``dictionary``, ``actors_dir``, ``ontology_dir``
    of :class:`Rows`."""
    rows = Rows(table_name=table_name, store=store, filter=f, **settings)
    if fmt == "parquet":
        if not path:
            raise ValueError("the parquet export needs an output path")
        return write_parquet(rows.table(), path)
    assert out is not None
    return write_rows(fmt, rows, out)


def export_to_file(store: Store, fmt: str, path: str | Path, table_name: str = "events",
                   f: EventFilter | None = None, **settings: Any) -> int:
    """Write the export ``fmt`` to the file ``path``; return the number of rows.

    The export goes to a temporary file beside ``path``, renamed over it once complete: a failed export (no such
    directory, no permission, a full disk, a damaged store) leaves no partial file and keeps an existing one, and
    raises :class:`ExportError` (or the store's error). A path that exists and is not a regular file
    (``/dev/stdout``, a FIFO, a device) is written directly."""
    target = Path(path)
    direct = target.exists() and not target.is_file()
    if not direct and not target.parent.is_dir():
        what = "is not a directory" if target.parent.exists() else "does not exist"
        raise ExportError(f"{path}: cannot write the export: {target.parent} {what}")
    tmp = target if direct else target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        if fmt == "parquet":
            data = Rows(table_name=table_name, store=store, filter=f, **settings).table()
            if direct:
                with open(tmp, "wb") as fh:  # a device: never by name (see write_parquet)
                    n = write_parquet(data, fh)
            else:
                n = write_parquet(data, str(tmp))
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                n = export(store, fmt, out, None, table_name, f, **settings)
        if not direct:
            os.replace(tmp, target)
    except (OSError, pa.ArrowException) as exc:
        _remove(tmp, direct)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else " ".join(str(exc).split())
        raise ExportError(f"{path}: cannot write the export ({reason})") from None
    except BaseException:
        _remove(tmp, direct)
        raise
    return n


def _remove(tmp: Path, direct: bool) -> None:
    if not direct:
        with contextlib.suppress(OSError):
            tmp.unlink()
