"""Exporting a store: events (or mentions, articles) as JSONL, CSV or Parquet, and events in the GDELT 2.0 event
table layout or the POLECAT layout. The field mappings are documented in docs/store.md.

GDELT and POLECAT have no modality: those two exports hold the *actual* events only.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from diurna.errors import DiurnaError
from diurna.store.query import Store


class ExportError(DiurnaError):
    """An export cannot be written (a missing directory, no permission, a full disk, ...)."""

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "Fullname", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]

#: the 61 columns of the GDELT 2.0 event table, in order
GDELT_COLUMNS: list[str] = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
       "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO] + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)

#: the columns of the POLECAT event files, in order
POLECAT_COLUMNS: list[str] = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations",
    "Language", "Version",
]

_GEO_TYPE = {"country": 1, "city": 4, "region": 5}  # GDELT: 1 country, 4 world city, 5 world state (ADM1)
_SECTORS = {"IGO", "NGO"}

TABLES = ("events", "mentions", "articles")
_ORDER = {"events": "event_id", "mentions": "article_id, mention_id", "articles": "id"}
_DROP = {"articles": ("minhash",)}


def table(store: Store, name: str = "events") -> pa.Table:
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r} (one of {', '.join(TABLES)})")
    source = "mentions_full" if name == "mentions" else name
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


def _global_id(event_id: str) -> int:
    return int(event_id.removeprefix("ev-")[:15], 16)


def _actor_cells(code: str | None, name: str | None, country: str | None, sector: str | None) -> list[str]:
    known_group = code[3:] if code and code.startswith(("IGO", "NGO")) and len(code) > 3 else ""
    type1 = sector if sector and sector not in _SECTORS else ""
    return [code or "", (name or "").upper(), country or "", known_group, "", "", "", type1, "", ""]


def gdelt_rows(store: Store) -> Iterator[list[str]]:
    """Actual events as rows of the 61 GDELT 2.0 event columns (see :data:`GDELT_COLUMNS`)."""
    t = store.query("SELECT * FROM events WHERE modality = 'actual' ORDER BY date NULLS LAST, event_id")
    for e in t.to_pylist():
        d: dt.date | None = e["date"]
        geo = ["", "", "", "", "", "", "", ""]
        if e["location_name"] or e["location_country"]:
            geo = [_cell(_GEO_TYPE.get(e["location_kind"] or "")), e["location_name"] or "",
                   e["location_country"] or "", "", "", _cell(e["location_lat"]), _cell(e["location_lon"]), ""]
        row = [str(_global_id(e["event_id"])),
               d.strftime("%Y%m%d") if d else "", d.strftime("%Y%m") if d else "", str(d.year) if d else "",
               f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}" if d else ""]
        row += _actor_cells(e["source_code"], e["source_name"], e["source_country"], e["source_sector"])
        row += _actor_cells(e["target_code"], e["target_name"], e["target_country"], e["target_sector"])
        row += ["", e["cameo"], e["cameo_base"], e["cameo_root"], str(e["quad_class"]), _cell(e["goldstein"]),
                str(e["num_mentions"]), str(e["num_sources"]), str(e["num_articles"]), ""]
        row += [""] * 16 + geo
        row += ["", (e["urls"] or [""])[0]]
        yield row


def polecat_rows(store: Store) -> Iterator[list[str]]:
    """Actual events as rows of the POLECAT columns (see :data:`POLECAT_COLUMNS`)."""
    from diurna import __version__

    t = store.query("SELECT * FROM events WHERE modality = 'actual' ORDER BY date NULLS LAST, event_id")
    for e in t.to_pylist():
        row = [e["event_id"], _cell(e["date"]), e["plover"] or "", e["plover_mode"] or "", "",
               str(e["quad_class"]), ""]
        for side in ("source", "target"):
            row += [e[f"{side}_name"] or "", e[f"{side}_country"] or "", "", e[f"{side}_sector"] or "",
                    e[f"{side}_sector"] or "", "", "", ""]
        row += [e["location_name"] or "", "", "", "", e["location_country"] or "", _cell(e["location_lat"]),
                _cell(e["location_lon"]), "", e["location_name"] or "", "", ";".join(e["sources"] or []), "",
                "", "", "", "en", f"diurna {__version__}"]
        yield row


def write_tsv(rows: Iterator[list[str]], out: IO[str], header: list[str] | None) -> int:
    w = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        w.writerow(header)
    n = 0
    for row in rows:
        w.writerow([c.replace("\t", " ").replace("\n", " ") for c in row])
        n += 1
    return n


def export(store: Store, fmt: str, out: IO[str] | None, path: str | None = None, table_name: str = "events") -> int:
    """Write the export ``fmt`` to ``out`` (text formats) or ``path`` (parquet); return the number of rows."""
    if fmt == "parquet":
        if not path:
            raise ValueError("the parquet export needs an output path")
        return write_parquet(table(store, table_name), path)
    assert out is not None
    if fmt == "jsonl":
        return write_jsonl(table(store, table_name), out)
    if fmt == "csv":
        return write_csv(table(store, table_name), out)
    if fmt == "gdelt":
        return write_tsv(gdelt_rows(store), out, None)
    if fmt == "polecat":
        return write_tsv(polecat_rows(store), out, POLECAT_COLUMNS)
    raise ValueError(f"unknown export format {fmt!r}")


def export_to_file(store: Store, fmt: str, path: str | Path, table_name: str = "events") -> int:
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
        if fmt == "parquet" and direct:
            with open(tmp, "wb") as fh:  # a device: never by name (see write_parquet)
                n = write_parquet(table(store, table_name), fh)
        elif fmt == "parquet":
            n = write_parquet(table(store, table_name), str(tmp))
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                n = export(store, fmt, f, None, table_name)
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
