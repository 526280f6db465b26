"""The layout and version of a diurna store, and the Arrow schemas of its tables.

A store is a directory::

    store.json                      format name and store version (checked on open)
    commits/00000001.json ...       one manifest per committed batch (the only thing that makes data visible)
    data/<table>/<batch>.parquet    base-table shards, written atomically, visible once a manifest lists them
    derived/<table>-<seq>.parquet   derived tables (duplicates, events, mention_events), rebuilt at commit time
    .lock                           held by the one writer (readers never lock)

Base tables (append-only, one shard per batch): ``articles``, ``mentions``, ``entities``, ``errors``, ``pairs``.
Derived tables (a new generation per rebuild): ``duplicates``, ``events``, ``mention_events``.
See docs/store.md for every column.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path
from typing import Any

import pyarrow as pa

from diurna.errors import DiurnaError

FORMAT = "diurna-store"
VERSION = 2  # 2: mentions gained trigger_start/trigger_end, symmetric, {source,target}_{kind,implied}
UPGRADABLE_FROM = 1  # the oldest version `diurna store upgrade` brings up to VERSION (diurna/store/upgrade.py)
STORE_FILE = "store.json"
MAX_STORE_FILE_BYTES = 1 << 20  # store.json is a few lines; a larger one is not ours
BASE_TABLES = ("articles", "mentions", "entities", "errors", "pairs", "quotes", "amounts", "themes")
DERIVED_TABLES = ("duplicates", "events", "mention_events")


class StoreError(DiurnaError):
    """A store cannot be opened or written (not a store, locked, corrupt)."""


class StoreVersionError(StoreError):
    """The store was written by an older or newer diurna than this one."""


class DamagedStoreError(StoreError):
    """A file of the store is missing, unreadable or malformed (a shard, a derived table, a commit manifest).

    The message is one line: the damaged file, the problem, and the command that repairs the store."""

    def __init__(self, root: Path, path: str | Path, problem: str) -> None:
        self.root = Path(root)
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}; the store is damaged: {repair_hint(self.root)}")


def repair_hint(root: Path) -> str:
    """The advice every error about a damaged store ends with."""
    return f"`diurna store check --repair {shlex.quote(str(root))}` mends it and says what is lost"


_actor = [("text", pa.string()), ("name", pa.string()), ("code", pa.string()), ("country", pa.string()),
          ("sector", pa.string()), ("role", pa.string()), ("kind", pa.string()), ("implied", pa.bool_())]

ARTICLES = pa.schema([
    ("id", pa.string()), ("content_hash", pa.string()), ("batch", pa.string()),
    ("title", pa.string()), ("date", pa.date32()), ("date_precision", pa.string()),
    ("source", pa.string()), ("publisher", pa.string()), ("url", pa.string()), ("author", pa.string()),
    ("language", pa.string()), ("wire", pa.list_(pa.string())), ("dateline_place", pa.string()),
    ("skipped", pa.string()), ("warnings", pa.list_(pa.string())), ("metadata", pa.string()),
    ("origin_input", pa.string()), ("origin_record", pa.string()),
    ("num_sentences", pa.int32()), ("num_mentions", pa.int32()), ("num_shingles", pa.int32()),
    ("minhash", pa.binary()), ("text", pa.string()),
    ("tone", pa.float64()),  # facts: mean sentence tone, -100...+100 (docs/output.md, "Tone"); GDELT's AvgTone
])

MENTIONS = pa.schema(
    [("mention_id", pa.string()), ("article_id", pa.string()), ("content_hash", pa.string()), ("batch", pa.string()),
     ("sentence", pa.int32()), ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()),
     ("trigger", pa.string()), ("trigger_start", pa.int32()), ("trigger_end", pa.int32()),
     ("repeats", pa.int32()), ("repeat_sentences", pa.list_(pa.int32())), ("symmetric", pa.bool_())]
    + [(f"source_{k}", t) for k, t in _actor] + [(f"target_{k}", t) for k, t in _actor]
    + [("cameo", pa.string()), ("cameo_name", pa.string()), ("goldstein", pa.float64()), ("quad_class", pa.int8()),
       ("plover", pa.string()), ("plover_mode", pa.string()), ("modality", pa.string()),
       ("date", pa.date32()), ("date_precision", pa.string()),
       ("location_name", pa.string()), ("location_country", pa.string()), ("location_lat", pa.float64()),
       ("location_lon", pa.float64()), ("location_kind", pa.string()), ("confidence", pa.float64()),
       ("article_date", pa.date32()), ("publisher", pa.string()), ("url", pa.string())]
)

ENTITIES = pa.schema([
    ("article_id", pa.string()), ("content_hash", pa.string()), ("batch", pa.string()),
    ("name", pa.string()), ("type", pa.string()), ("code", pa.string()), ("country", pa.string()),
    ("sector", pa.string()), ("role", pa.string()), ("mentions", pa.list_(pa.string())),
])

ERRORS = pa.schema([
    ("batch", pa.string()), ("stage", pa.string()), ("input", pa.string()), ("record", pa.string()),
    ("article_id", pa.string()), ("reason", pa.string()),
])

# candidate near-duplicate pairs found by MinHash LSH when the later of the two was committed (a_id < b_id)
PAIRS = pa.schema([
    ("batch", pa.string()), ("a_id", pa.string()), ("a_hash", pa.string()), ("b_id", pa.string()),
    ("b_hash", pa.string()), ("similarity", pa.float64()),
])

# facts (diurna/facts, docs/output.md): quotes with speakers, amounts, themes; one row each, per article
_fact_keys = [("article_id", pa.string()), ("content_hash", pa.string()), ("batch", pa.string()),
              ("article_date", pa.date32()), ("sentence", pa.int32()), ("start", pa.int32()), ("end", pa.int32())]
QUOTES = pa.schema(_fact_keys + [
    ("kind", pa.string()), ("text", pa.string()), ("speaker", pa.string()), ("speaker_code", pa.string()),
    ("speaker_country", pa.string()), ("speaker_text", pa.string()), ("verb", pa.string()),
])
AMOUNTS = pa.schema(_fact_keys + [
    ("kind", pa.string()), ("text", pa.string()), ("value", pa.float64()), ("unit", pa.string()),
    ("low", pa.float64()), ("high", pa.float64()), ("approximate", pa.bool_()), ("qualifier", pa.string()),
    ("counted", pa.string()), ("verb", pa.string()), ("casualty", pa.string()), ("actors", pa.list_(pa.string())),
    ("event_mention_id", pa.string()),
])
THEMES = pa.schema([
    ("article_id", pa.string()), ("content_hash", pa.string()), ("batch", pa.string()), ("article_date", pa.date32()),
    ("theme", pa.string()), ("count", pa.int32()), ("triggers", pa.list_(pa.string())),
    ("sentences", pa.list_(pa.int32())),
])

SCHEMAS: dict[str, pa.Schema] = {"articles": ARTICLES, "mentions": MENTIONS, "entities": ENTITIES,
                                 "errors": ERRORS, "pairs": PAIRS, "quotes": QUOTES, "amounts": AMOUNTS,
                                 "themes": THEMES}

DUPLICATES = pa.schema([
    ("article_id", pa.string()), ("content_hash", pa.string()), ("duplicate_of", pa.string()),
    ("similarity", pa.float64()),
])
SCHEMAS["duplicates"] = DUPLICATES


def write_store_file(path: Path) -> None:
    from diurna import __version__

    info = {"format": FORMAT, "version": VERSION, "created_by": f"diurna {__version__}"}
    tmp = path / f".{STORE_FILE}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path / STORE_FILE)
    fsync_dir(path)


def read_store_info(path: Path, *, upgrading: bool = False) -> dict[str, Any]:
    """Read ``store.json`` and refuse a store of another format or version, saying what to do.

    ``upgrading=True`` (``diurna store upgrade``) accepts the older versions it can upgrade as well."""
    file = path / STORE_FILE
    if not path.is_dir():
        raise StoreError(f"{path}: no such store (create one with `diurna ingest FILE... --store {path}`)")
    looks_like_store = (path / "commits").is_dir()
    if not file.exists():
        if looks_like_store:
            raise DamagedStoreError(path, file, f"{STORE_FILE} is missing")
        raise StoreError(f"{path}: not a diurna store (no {STORE_FILE}); "
                         f"create one with `diurna ingest FILE... --store DIR` in a new or empty directory")
    try:
        with open(file, "rb") as f:
            raw = f.read(MAX_STORE_FILE_BYTES + 1)
        if len(raw) > MAX_STORE_FILE_BYTES:
            raise ValueError(f"larger than {MAX_STORE_FILE_BYTES} bytes")
        info = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise DamagedStoreError(path, file, f"unreadable store description ({one_line(exc)})") from None
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        what = f"format {info.get('format')!r}" if isinstance(info, dict) else f"a JSON {type(info).__name__}"
        if looks_like_store:
            raise DamagedStoreError(path, file, f"not a diurna store description ({what})")
        raise StoreError(f"{file}: not a diurna store description ({what})")
    version = info.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise DamagedStoreError(path, file, "store version missing or not a number")
    written_by = info.get("created_by", "an unknown diurna")
    if UPGRADABLE_FROM <= version < VERSION and not upgrading:
        raise StoreVersionError(
            f"{path}: this store has format version {version} (written by {written_by}); this diurna reads "
            f"version {VERSION}. Upgrade it in place with `diurna store upgrade {shlex.quote(str(path))}` "
            f"(nothing is lost; the old columns are kept and the new ones left empty), or keep using the diurna "
            f"that wrote it.")
    if version < UPGRADABLE_FROM:
        raise StoreVersionError(
            f"{path}: this store has format version {version} (written by {written_by}); this diurna reads "
            f"version {VERSION}. There is no in-place upgrade from version {version}: ingest the same inputs "
            f"into a new store (`diurna ingest INPUTS... --store NEW_DIR`; the inputs of the old store are listed "
            f"in its articles table, column origin_input), or keep using the diurna that wrote it.")
    if version > VERSION:
        raise StoreVersionError(
            f"{path}: this store has format version {version} (written by {written_by}), newer than this diurna "
            f"understands (version {VERSION}); upgrade diurna (`pip install -U diurna`) to read it.")
    return info


def _same_type(a: pa.DataType, b: pa.DataType) -> bool:
    if pa.types.is_list(a) and pa.types.is_list(b):
        return _same_type(a.value_type, b.value_type)
    return a.equals(b)


def schema_problem(actual: pa.Schema, expected: pa.Schema, table: str) -> str | None:
    """Why a file with the schema ``actual`` is not a shard of ``table`` (schema ``expected``), or None."""
    if actual.names != expected.names:
        missing = [n for n in expected.names if n not in actual.names]
        extra = [n for n in actual.names if n not in expected.names]
        detail = "; ".join(x for x in (f"missing {', '.join(missing[:5])}" if missing else "",
                                       f"unexpected {', '.join(extra[:5])}" if extra else "") if x)
        return f"not a shard of the {table} table (columns differ: {detail or 'order'})"
    for f in expected:
        other = actual.field(f.name).type
        if not _same_type(other, f.type):
            return f"not a shard of the {table} table (column {f.name} is {other}, not {f.type})"
    return None


def one_line(exc: BaseException | str) -> str:
    """An exception message (or any text) on one line, at most 300 characters: what error messages quote
    (DuckDB's echo of the SQL, from ``LINE 1:`` on, is left out)."""
    text = str(exc).split("\nLINE ")[0]
    text = " ".join(text.split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
