"""``diurna store upgrade``: bring a store written by an older diurna up to this diurna's format version, in place.

The upgrade is generic: it compares every committed shard with the table's schema in
:data:`diurna.store.schema.SCHEMAS` and rewrites the shards that differ with the columns this diurna has and the
old store lacks added as nulls (a column keeps its values; a new table the old store never had is simply empty:
readers see an empty table for a table without shards). Nothing is dropped: a shard holding a column that the
schema no longer has is refused with a message. Each shard is rewritten atomically at the same path (temporary
file, fsync, rename), so the manifests stay as they are; the new version is written to ``store.json`` last. An
upgrade that is interrupted leaves a store of the old version, part of whose shards are already converted: running
the command again finishes it. The derived tables are rebuilt only when their own schemas changed.

It takes the writer lock (refused while an ingest writes). Readers refuse a store of an older version, so nobody
reads a half-upgraded store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from diurna.errors import DiurnaError
from diurna.store.manifest import atomic_write_bytes, snapshot
from diurna.store.schema import (BASE_TABLES, DERIVED_TABLES, SCHEMAS, STORE_FILE, VERSION, StoreError, fsync_dir,
                                 one_line, read_store_info)


class UpgradeError(DiurnaError):
    """A store cannot be upgraded (a shard holds a column this diurna does not know, a type that cannot be cast)."""


@dataclass
class UpgradeReport:
    """What :func:`upgrade_store` did."""

    root: Path
    from_version: int
    to_version: int
    shards_rewritten: int = 0
    columns_added: dict[str, list[str]] = field(default_factory=dict)  # table -> columns added as nulls
    empty_tables: list[str] = field(default_factory=list)  # tables of this diurna the store has no shard of
    derived_rebuilt: bool = False

    @property
    def changed(self) -> bool:
        return self.from_version != self.to_version or self.shards_rewritten > 0

    def lines(self) -> list[str]:
        if not self.changed:
            return [f"{self.root}: already at store format version {self.to_version}; nothing to upgrade"]
        out = [f"{self.root}: upgraded from store format version {self.from_version} to {self.to_version}; "
               f"{self.shards_rewritten} shards rewritten"]
        for table, cols in sorted(self.columns_added.items()):
            out.append(f"  {table}: added {', '.join(cols)} (empty in the rows already stored; articles ingested "
                       f"from now on fill them, and so does ingesting the inputs into a new store)")
        if self.empty_tables:
            out.append(f"  tables with no rows yet: {', '.join(self.empty_tables)}")
        if self.derived_rebuilt:
            out.append("  rebuilt the derived tables (events, duplicates, mention_events)")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"store": str(self.root), "from_version": self.from_version, "to_version": self.to_version,
                "shards_rewritten": self.shards_rewritten, "columns_added": self.columns_added,
                "empty_tables": self.empty_tables, "derived_rebuilt": self.derived_rebuilt}


def _expected(table: str) -> pa.Schema:
    if table in SCHEMAS:
        return SCHEMAS[table]
    from diurna.store.cluster import EVENTS, MENTION_EVENTS

    return {"events": EVENTS, "mention_events": MENTION_EVENTS}[table]


def convert(t: pa.Table, expected: pa.Schema, table: str, where: str) -> pa.Table:
    """``t`` with the columns of ``expected`` in its order: a missing column is all nulls, a present one is cast
    to the expected type. :class:`UpgradeError` for a column ``expected`` does not have, or a failed cast."""
    extra = [n for n in t.column_names if n not in expected.names]
    if extra:
        raise UpgradeError(f"{where}: column {', '.join(extra)} is not in this diurna's {table} table; was the store "
                           f"written by a newer diurna? Nothing was changed in this shard")
    columns = []
    for f in expected:
        if f.name in t.column_names:
            try:
                columns.append(t.column(f.name).cast(f.type))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise UpgradeError(f"{where}: column {f.name} cannot be read as {f.type} ({one_line(exc)})") from None
        else:
            columns.append(pa.nulls(t.num_rows, type=f.type))
    return pa.Table.from_arrays(columns, schema=expected)


def _rewrite(path: Path, t: pa.Table) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "wb") as f:
            pq.write_table(t, f, compression="zstd")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _needs(path: str, expected: pa.Schema) -> bool:
    actual = pq.read_schema(path)
    return actual.names != expected.names or not all(
        actual.field(f.name).type.equals(f.type) for f in expected)


def upgrade_store(root: str | Path) -> UpgradeReport:
    """Upgrade the store at ``root`` to :data:`~diurna.store.schema.VERSION` in place (see the module docstring).

    A store already at this version is only checked for shards of an older layout (an upgrade that was
    interrupted after its last shard). :class:`StoreError` while an ingest writes; :class:`UpgradeError` when a
    shard cannot be converted (nothing is lost: that shard is left as it was)."""
    from diurna.store.writer import acquire_lock

    root = Path(root)
    info = read_store_info(root, upgrading=True)
    report = UpgradeReport(root=root, from_version=int(info["version"]), to_version=VERSION)
    lock = acquire_lock(root)
    try:
        snap = snapshot(root)
        for table in (*BASE_TABLES, *(t for t in SCHEMAS if t not in BASE_TABLES and t not in DERIVED_TABLES)):
            expected = _expected(table)
            paths = snap.paths(table)
            if not paths:
                report.empty_tables.append(table)
            for p in paths:
                try:
                    if not _needs(p, expected):
                        continue
                    old = pq.read_table(p)
                except (OSError, pa.ArrowException) as exc:
                    raise StoreError(f"{p}: unreadable ({one_line(exc)}); `diurna store check --repair {root}` "
                                     f"mends the store, then upgrade it") from None
                missing = [n for n in expected.names if n not in old.column_names]
                _rewrite(Path(p), convert(old, expected, table, p))
                report.shards_rewritten += 1
                added = report.columns_added.setdefault(table, [])
                added.extend(n for n in missing if n not in added)
        stale_derived = [t for t in DERIVED_TABLES for p in snap.paths(t) if _needs(p, _expected(t))]
        if report.from_version != VERSION:
            _write_version(root, info, report.from_version)
        if stale_derived or (snap.base_seq and not snap.derived):
            from diurna.store.cluster import DEFAULT_WINDOW
            from diurna.store.ingest import rebuild_derived
            from diurna.store.writer import StoreWriter

            window = int(snap.derived_params.get("window", DEFAULT_WINDOW))
            with StoreWriter(root, create=False, lock=lock) as writer:
                rebuild_derived(writer, window)
            report.derived_rebuilt = True
    finally:
        if not lock.closed:
            lock.close()
    return report


def _write_version(root: Path, info: dict[str, Any], old: int) -> None:
    from diurna import __version__

    previous = info.get("upgrades")
    history: list[Any] = previous if isinstance(previous, list) else []
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    new = {**info, "version": VERSION,
           "upgrades": [*history, {"from": old, "to": VERSION, "by": f"diurna {__version__}", "time": now}]}
    atomic_write_bytes(root / STORE_FILE, (json.dumps(new, indent=2) + "\n").encode("utf-8"))
