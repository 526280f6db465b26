"""Commit manifests: the only thing that makes data in a store visible.

Every committed batch is one JSON file ``commits/<seq>.json`` written atomically (temporary file in the same
directory, fsync, rename, fsync of the directory). A shard that no manifest names does not exist for readers;
a crash between writing shards and writing the manifest therefore leaves nothing half-visible.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diurna.store.schema import BASE_TABLES, DERIVED_TABLES, StoreError, fsync_dir

COMMITS = "commits"
_NAME = re.compile(r"^(\d{8})\.json$")
KEEP_DERIVED = 3  # derived generations kept for readers that opened a slightly older snapshot


def new_batch_id() -> str:
    return uuid.uuid4().hex


def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


@dataclass
class Snapshot:
    """What a reader sees: the committed files of every table, as of the moment it was read."""

    root: Path
    seq: int = 0
    files: dict[str, list[str]] = field(default_factory=lambda: {t: [] for t in BASE_TABLES})
    superseded: list[tuple[str, str]] = field(default_factory=list)  # (article id, batch)
    derived: dict[str, str] = field(default_factory=dict)
    derived_params: dict[str, Any] = field(default_factory=dict)
    derived_seq: int = 0  # the base commit the derived tables were built from
    base_seq: int = 0  # the last commit that added base data
    live_derived: set[str] = field(default_factory=set)
    batches: set[str] = field(default_factory=set)

    def paths(self, table: str) -> list[str]:
        if table in DERIVED_TABLES:
            return [str(self.root / self.derived[table])] if table in self.derived else []
        return [str(self.root / f) for f in self.files.get(table, [])]

    @property
    def stale(self) -> bool:
        """True when base data was committed after the derived tables were last rebuilt."""
        return self.base_seq > self.derived_seq or (self.base_seq > 0 and not self.derived)


def read_manifests(root: Path) -> list[dict[str, Any]]:
    directory = root / COMMITS
    if not directory.is_dir():
        return []
    out = []
    for name in sorted(os.listdir(directory)):
        if not _NAME.match(name):
            continue
        try:
            out.append(json.loads((directory / name).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{directory / name}: unreadable commit manifest ({exc})") from None
    return out


def snapshot(root: Path) -> Snapshot:
    snap = Snapshot(root=root)
    derived_history: list[dict[str, str]] = []
    for m in read_manifests(root):
        snap.seq = m["seq"]
        if m.get("batch"):
            snap.batches.add(m["batch"])
        for table, rels in m.get("files", {}).items():
            snap.files.setdefault(table, []).extend(rels)
        if m.get("files"):
            snap.base_seq = m["seq"]
        snap.superseded.extend((a, b) for a, b in m.get("superseded", []))
        if m.get("derived"):
            snap.derived = dict(m["derived"])
            snap.derived_seq = m.get("derived_from", m["seq"])
            snap.derived_params = dict(m.get("params", {}))
            derived_history.append(snap.derived)
    for gen in derived_history[-KEEP_DERIVED:]:
        snap.live_derived.update(gen.values())
    return snap


def write_manifest(root: Path, seq: int, body: dict[str, Any]) -> Path:
    directory = root / COMMITS
    directory.mkdir(exist_ok=True)
    path = directory / f"{seq:08d}.json"
    if path.exists():
        raise StoreError(f"{path}: commit {seq} already exists (two writers?)")
    body = {"seq": seq, **body}
    atomic_write_bytes(path, (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return path
