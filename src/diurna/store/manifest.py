"""Commit manifests: the only thing that makes data in a store visible.

Every committed batch is one JSON file ``commits/<seq>.json`` written atomically (temporary file in the same
directory, fsync, rename, fsync of the directory). A shard that no manifest names does not exist for readers;
a crash between writing shards and writing the manifest therefore leaves nothing half-visible.

Manifests are checked when they are read: the types of their fields, the numbering (1, 2, 3, ... with no gap),
and every path they name, which must be a Parquet file of the store's own ``data/<table>/`` or ``derived/``
directory (never an absolute path, never ``..``, no glob characters DuckDB would expand). A manifest that fails
is refused with a :class:`~diurna.store.schema.DamagedStoreError` naming it, and no file it names is read.
Symbolic links inside the store are followed (``data/`` may live on another disk).
"""

from __future__ import annotations

import json
import os
import re
import stat
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diurna.store.schema import BASE_TABLES, DERIVED_TABLES, DamagedStoreError, StoreError, fsync_dir, one_line

COMMITS = "commits"
_NAME = re.compile(r"^(\d{8})\.json$")
KEEP_DERIVED = 3  # derived generations kept for readers that opened a slightly older snapshot
MAX_MANIFEST_BYTES = 64 << 20  # a manifest of 200 articles is a few KB; a larger file is not one of ours
_GLOB = frozenset("*?[]{}")  # DuckDB's read_parquet expands these; a store file name never has them
PARQUET_MAGIC = b"PAR1"


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


def path_problem(rel: object, directory: str) -> str | None:
    """Why ``rel`` (a path from a manifest) is not a Parquet file of the store directory ``directory``
    (``data/<table>`` or ``derived``), or None when it is one."""
    if not isinstance(rel, str):
        return f"path {rel!r} is not a string"
    if rel.startswith(("/", "\\")) or os.path.isabs(rel) or re.match(r"^[A-Za-z]:", rel):
        return f"absolute path {rel!r}: paths are relative to the store and stay inside it"
    parts = rel.split("/")
    if ".." in parts or ".." in rel.split("\\"):
        return f"path {rel!r} leaves the store directory"
    name = parts[-1]
    if "\\" in rel or not rel.isprintable() or _GLOB & set(rel):
        return f"path {rel!r} has characters no store file name has"
    if "/".join(parts[:-1]) != directory or not name.endswith(".parquet") or name.startswith("."):
        return f"path {rel!r} is not a file of {directory}/ (expected {directory}/NAME.parquet)"
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _json_type(value: object) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")


def manifest_problems(body: object, seq: int) -> list[str]:
    """Everything wrong with the manifest ``body`` of commit number ``seq`` (empty: it is sound)."""
    if not isinstance(body, dict):
        return [f"not a JSON object but a JSON {_json_type(body)}"]
    problems = []
    if body.get("seq") != seq or not _is_int(body.get("seq")):
        problems.append(f"seq is {body.get('seq')!r}, not {seq} as the file name says")
    if body.get("batch") is not None and not isinstance(body["batch"], str):
        problems.append(f"batch is a JSON {_json_type(body['batch'])}, not a string")
    files = body.get("files", {})
    if not isinstance(files, dict):
        problems.append(f"files is a JSON {_json_type(files)}, not an object")
        files = {}
    for table, rels in files.items():
        if table not in BASE_TABLES:
            problems.append(f"files names an unknown table {table!r}")
        elif not isinstance(rels, list):
            problems.append(f"files.{table} is a JSON {_json_type(rels)}, not a list")
        else:
            problems.extend(f"files.{table}: {p}" for p in (path_problem(r, f"data/{table}") for r in rels) if p)
    superseded = body.get("superseded", [])
    if not isinstance(superseded, list) or not all(
            isinstance(s, list) and len(s) == 2 and all(isinstance(x, str) for x in s) for s in superseded):
        problems.append("superseded is not a list of [article id, batch] pairs")
    derived = body.get("derived")
    if derived is not None:
        if not isinstance(derived, dict):
            problems.append(f"derived is a JSON {_json_type(derived)}, not an object")
        else:
            for table, rel in derived.items():
                if table not in DERIVED_TABLES:
                    problems.append(f"derived names an unknown table {table!r}")
                elif (p := path_problem(rel, "derived")) is not None:
                    problems.append(f"derived.{table}: {p}")
        if "derived_from" in body and not _is_int(body["derived_from"]):
            problems.append(f"derived_from is {body['derived_from']!r}, not a commit number")
    if not isinstance(body.get("params", {}), dict):
        problems.append("params is not an object")
    return problems


def load_manifest(path: Path) -> Any:
    """The JSON of one manifest file; ``ValueError`` or ``OSError`` when it cannot be read as JSON."""
    with open(path, "rb") as f:
        raw = f.read(MAX_MANIFEST_BYTES + 1)
    if len(raw) > MAX_MANIFEST_BYTES:
        raise ValueError(f"larger than {MAX_MANIFEST_BYTES} bytes")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def manifest_names(root: Path) -> list[str]:
    """The manifest file names of the store, in commit order (temporary and foreign files are ignored)."""
    directory = root / COMMITS
    if not directory.is_dir():
        return []
    return sorted(name for name in os.listdir(directory) if _NAME.match(name))


def numbering_problem(expected: int, name: str) -> str:
    if expected == 1:
        return f"commit 1 is missing (the first manifest is {name})"
    return f"commit {expected} is missing (the manifests go from {expected - 1:08d}.json to {name})"


def read_manifests(root: Path) -> list[dict[str, Any]]:
    """Every manifest, checked (numbering, types, paths); a bad one raises :class:`DamagedStoreError`."""
    directory = root / COMMITS
    out = []
    for expected, name in enumerate(manifest_names(root), start=1):
        path = directory / name
        seq = int(name[:8])
        if seq != expected:
            raise DamagedStoreError(root, directory / f"{expected:08d}.json", numbering_problem(expected, name))
        try:
            body = load_manifest(path)
        except (OSError, ValueError) as exc:
            raise DamagedStoreError(root, path, f"unreadable commit manifest ({one_line(exc)})") from None
        problems = manifest_problems(body, seq)
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise DamagedStoreError(root, path, f"bad commit manifest: {problems[0]}{more}")
        out.append(body)
    return out


def quick_file_problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot be a Parquet file (missing, not a file, too short, no magic bytes at its
    start or end), or None. Cheap: two small reads; the content itself is checked by ``diurna store check``."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # never open a FIFO or a device: it could block
            return "not a regular file"
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size < 12:
                return f"truncated Parquet file ({size} bytes)"
            head = f.read(4)
            f.seek(size - 4)
            tail = f.read(4)
    except FileNotFoundError:
        return "file missing"
    except OSError as exc:
        return f"cannot be opened ({one_line(exc)})"
    if head != PARQUET_MAGIC:
        return "not a Parquet file (no magic bytes at its start)"
    if tail != PARQUET_MAGIC:
        return "truncated or damaged Parquet file (no magic bytes at its end)"
    return None


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
