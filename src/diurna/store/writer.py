"""Writing a store: atomic Parquet shards, commits, supersession, and the single-writer lock.

Shards are written by whoever codes a batch (this process or a Dask worker) with :func:`write_shard`; only the
:class:`StoreWriter` (one per store at a time, holding ``.lock``) commits them. On opening, the writer deletes
files no manifest names: the leftovers of a crashed batch, which no reader ever saw.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from diurna.store.manifest import Snapshot, snapshot, write_manifest
from diurna.store.schema import SCHEMAS, STORE_FILE, StoreError, fsync_dir, read_store_info, write_store_file

log = logging.getLogger(__name__)

DATA = "data"
DERIVED = "derived"
LOCK = ".lock"


def write_shard(root: str | Path, table: str, batch: str, rows: Sequence[dict[str, Any]]) -> str:
    """Write ``rows`` as ``data/<table>/<batch>.parquet`` atomically; return the path relative to the store.

    ``batch`` is the shard's unique name (a batch id, optionally with a suffix)."""
    root = Path(root)
    directory = root / DATA / table
    directory.mkdir(parents=True, exist_ok=True)
    rel = f"{DATA}/{table}/{batch}.parquet"
    final = root / rel
    tmp = directory / f".{batch}.{uuid.uuid4().hex[:8]}.tmp"
    arrow = pa.Table.from_pylist(list(rows), schema=SCHEMAS[table])
    with open(tmp, "wb") as f:
        pq.write_table(arrow, f, compression="zstd")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, final)
    fsync_dir(directory)
    return rel


def init_store(root: Path) -> None:
    """Create an empty store in ``root`` (a new or empty directory); open an existing one unchanged."""
    if (root / STORE_FILE).exists():
        read_store_info(root)
        return
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root}: exists and is not a directory")
    if root.exists() and any(not n.startswith(".") for n in os.listdir(root)):
        raise StoreError(f"{root}: directory is not empty and not a diurna store; choose a new directory")
    root.mkdir(parents=True, exist_ok=True)
    for sub in (DATA, DERIVED, "commits"):
        (root / sub).mkdir(exist_ok=True)
    write_store_file(root)


def acquire_lock(root: Path) -> IO[str]:
    """Take the writer lock of the store at ``root`` (an ``flock`` on ``.lock``); release it by closing the
    returned file. :class:`StoreError` when another process holds it."""
    try:
        lock_file = open(root / LOCK, "a+")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise StoreError(f"{root / LOCK}: cannot open the writer lock ({exc.strerror or exc})") from None
    try:
        fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock_file.close()
        raise StoreError(f"{root}: another ingest is writing to this store; wait for it to finish") from None
    return lock_file


def writer_active(root: Path) -> bool:
    """True when a writer (an ingest, a repair) holds the store's lock right now."""
    try:
        probe = open(root / LOCK)  # noqa: SIM115 - closed below
    except OSError:
        return False  # no lock file: no writer ever opened this store
    try:
        fcntl.flock(probe.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        probe.close()  # closing releases the probe's shared lock
    return False


class StoreWriter:
    """The one writer of a store. Use as a context manager; it holds the store's lock while open.

    ``lock``: a lock already taken with :func:`acquire_lock` (``diurna store check --repair`` holds it while it
    mends the manifests, then writes through a StoreWriter); the writer releases it on close."""

    #: test hook, called after a batch's shards exist and before its manifest is written
    before_commit: Callable[[str], None] | None = None

    def __init__(self, root: str | Path, *, create: bool = True, lock: IO[str] | None = None) -> None:
        self.root = Path(root)
        if create:
            init_store(self.root)
        else:
            read_store_info(self.root)
        self._lock_file = lock if lock is not None else acquire_lock(self.root)
        try:
            self.snap = snapshot(self.root)
            self._collect_garbage()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self._lock_file.closed:
            fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_UN)
            self._lock_file.close()

    def refresh(self) -> Snapshot:
        self.snap = snapshot(self.root)
        return self.snap

    def commit(self, batch: str, files: dict[str, list[str]], *, superseded: Sequence[tuple[str, str]] = (),
               counts: dict[str, int] | None = None, coded_with: dict[str, Any] | None = None) -> int:
        """Make a batch's shards visible (one manifest); returns the commit number."""
        hook = type(self).before_commit
        if hook is not None:
            hook(batch)
        for rel in (r for rels in files.values() for r in rels):
            if not (self.root / rel).exists():
                raise StoreError(f"{self.root / rel}: shard missing at commit of batch {batch}")
        seq = self.snap.seq + 1
        write_manifest(self.root, seq, {
            "batch": batch, "time": _now(), "files": {t: sorted(r) for t, r in sorted(files.items()) if r},
            "superseded": [list(s) for s in superseded], "counts": counts or {},
            **({"coded_with": coded_with} if coded_with else {}),
        })
        return self.refresh().seq

    def commit_derived(self, files: dict[str, str], derived_from: int, params: dict[str, Any] | None = None) -> int:
        seq = self.snap.seq + 1
        write_manifest(self.root, seq, {"batch": None, "time": _now(), "derived": dict(sorted(files.items())),
                                        "derived_from": derived_from, "params": params or {}})
        snap = self.refresh()
        self._drop_old_derived(snap)
        return snap.seq

    def derived_path(self, table: str, seq: int) -> Path:
        (self.root / DERIVED).mkdir(exist_ok=True)
        return self.root / DERIVED / f"{table}-{seq:08d}-{uuid.uuid4().hex[:6]}.parquet"

    # --- garbage ---------------------------------------------------------------------------------------------

    def _referenced(self) -> set[str]:
        refs = {rel for files in self.snap.files.values() for rel in files}
        return refs | self.snap.live_derived

    def _collect_garbage(self) -> None:
        refs = self._referenced()
        removed = 0
        for sub in (DATA, DERIVED):
            base = self.root / sub
            if not base.is_dir():
                continue
            for dirpath, _dirs, names in os.walk(base):
                for name in names:
                    rel = os.path.relpath(os.path.join(dirpath, name), self.root)
                    if rel not in refs:
                        os.unlink(os.path.join(dirpath, name))
                        removed += 1
        if removed:
            log.info("%s: removed %d uncommitted or obsolete files", self.root, removed)

    def _drop_old_derived(self, snap: Snapshot) -> None:
        base = self.root / DERIVED
        for name in os.listdir(base):
            rel = f"{DERIVED}/{name}"
            if rel not in snap.live_derived and not name.startswith("."):
                with contextlib.suppress(OSError):
                    os.unlink(base / name)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
