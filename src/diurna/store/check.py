"""``diurna store check [--repair]``: find what is damaged in a store, and mend it without deleting user data.

**Check** (read-only, no lock): ``store.json``; every commit manifest (readable JSON, field types, numbering with
no gap, paths confined to the store's ``data/<table>/`` and ``derived/`` directories); every Parquet file the
manifests make visible, read in full (missing, truncated, garbage, wrong columns), each named once; which article
versions the ``superseded`` lists hide, against the articles the shards hold; whether the derived tables are as
new as the data; and files no manifest names (orphans). While a writer holds the lock, orphans and stale derived
tables are expected and not reported.

**Repair** (takes the writer lock): a batch is visible whole or not at all, so a damaged article, mention, entity
or pair shard takes its whole batch out of sight (its articles are listed as lost; ingesting their inputs again
restores them, because the store no longer holds them); a damaged error shard loses only its error rows. A shard
that a bad manifest entry no longer names but that is still in its place (``data/<table>/<batch>.parquet``) is
taken back. Damaged and orphan files are moved to ``quarantine/<time>/`` inside the store (never deleted, never
outside the store: a manifest naming ``/etc/passwd`` loses that entry, the file is not touched), mended manifests
are written at the same commit number (the original goes to the quarantine), a missing commit number gets an
empty manifest, the ``superseded`` lists are recomputed from the data, and the derived tables (duplicates, events,
mention_events) are rebuilt from the base tables. A ``REPAIR.json`` in the quarantine folder records what was
done and what was lost; the store is then checked again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from diurna.store.cluster import DEFAULT_WINDOW, EVENTS, MENTION_EVENTS
from diurna.store.manifest import (COMMITS, KEEP_DERIVED, atomic_write_bytes, load_manifest, manifest_names,
                                   manifest_problems, path_problem, quick_file_problem)
from diurna.store.schema import (BASE_TABLES, DERIVED_TABLES, DUPLICATES, SCHEMAS, STORE_FILE, DamagedStoreError,
                                 StoreError, StoreVersionError, VERSION, one_line, read_store_info, schema_problem,
                                 write_store_file)

QUARANTINE = "quarantine"
BATCH_TABLES = ("articles", "mentions", "entities", "pairs")  # a batch is visible whole or not at all
DERIVED_SCHEMAS: dict[str, pa.Schema] = {"duplicates": DUPLICATES, "events": EVENTS, "mention_events": MENTION_EVENTS}
MAX_GAP = 1000  # manifests numbered further beyond the previous one are strays, not a gap to fill
_SHOW_IDS = 20  # article ids listed per lost batch in the text report (all of them are in the JSON report)


def shown(text: str) -> str:
    """``text`` as a report shows it: as it is when printable, else quoted and escaped (one line, no escapes)."""
    return text if text.isprintable() else repr(text)


@dataclass
class Finding:
    """One problem of a store: the file (relative to the store, or as a manifest names it) and what is wrong."""

    path: str
    problem: str
    kind: str  # store | manifest | shard | derived | orphan | stale | superseded

    def __str__(self) -> str:
        return f"{shown(self.path)}: {self.problem}"


@dataclass
class Loss:
    """What a repair took out of sight: one batch (or the error rows of one), with what is known of it."""

    commit: int
    batch: str | None
    reason: str
    articles: list[str] = field(default_factory=list)  # ids that were visible and are not any more
    articles_count: int | None = None  # when the ids cannot be read, the count the manifest recorded
    mentions: int | None = None
    error_rows: int | None = None
    inputs: list[str] = field(default_factory=list)  # where those articles came from: ingest these again
    unknown: bool = False  # how many articles is not known (a lost manifest whose shards are not found)
    restored: list[str] = field(default_factory=list)  # ids whose older version is visible again

    @property
    def count(self) -> int:
        """Articles out of sight (the count the manifest recorded when their ids cannot all be read)."""
        if self.error_rows is not None and not self.articles and self.articles_count is None:
            return 0
        return self.articles_count if self.articles_count is not None else len(self.articles)

    def describe(self) -> str:
        who = f"batch {self.batch} (commit {self.commit})" if self.batch else f"commit {self.commit}"
        if self.error_rows is not None and not self.articles and self.articles_count is None:
            return f"{who}: {self.error_rows} error rows ({self.reason})"
        n = "an unknown number of" if self.unknown else str(self.count)
        parts = [f"{who}: {n} articles no longer visible ({self.reason})"]
        if self.articles:
            listed = ", ".join(repr(a) for a in self.articles[:_SHOW_IDS])
            more = len(self.articles) - _SHOW_IDS
            parts.append(f"ids: {listed}" + (f" and {more} more" if more > 0 else ""))
        if self.mentions:
            parts.append(f"{self.mentions} mentions")
        if self.restored:
            parts.append(f"older version visible again: {', '.join(repr(a) for a in self.restored[:_SHOW_IDS])}")
        if self.inputs:
            parts.append(f"ingest again to restore: {', '.join(shown(i) for i in self.inputs)}")
        return "; ".join(parts)


@dataclass
class CheckReport:
    """The result of :func:`check_store`. ``exit_code`` is 0 for a healthy store, 1 when problems were found
    (also when ``--repair`` mended them: ``after`` is then the check of the repaired store)."""

    root: Path
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    articles_visible: int = 0
    writer_active: bool = False
    repaired: bool = False
    actions: list[str] = field(default_factory=list)
    lost: list[Loss] = field(default_factory=list)
    quarantine: str | None = None
    after: CheckReport | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    @property
    def lost_articles(self) -> list[str]:
        return sorted({a for loss in self.lost for a in loss.articles})

    @property
    def lost_batches(self) -> list[str]:
        return sorted({loss.batch for loss in self.lost if loss.batch and loss.error_rows is None})

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "store": str(self.root), "ok": self.ok, "exit_code": self.exit_code, "files_checked": self.files_checked,
            "articles_visible": self.articles_visible, "writer_active": self.writer_active,
            "findings": [{"path": f.path, "problem": f.problem, "kind": f.kind} for f in self.findings],
            "repaired": self.repaired, "seconds": round(self.seconds, 3),
        }
        if self.repaired:
            out.update(actions=self.actions, quarantine=self.quarantine, lost_articles=self.lost_articles,
                       lost_count=sum(loss.count for loss in self.lost),
                       lost_batches=self.lost_batches, lost=[loss.__dict__ | {"text": loss.describe()}
                                                             for loss in self.lost],
                       after=self.after.to_dict() if self.after else None)
        return out

    def lines(self) -> list[str]:
        """The report as text lines (what ``diurna store check`` prints)."""
        if self.ok and not self.repaired:
            return [f"{self.root}: healthy ({self.files_checked} files checked, {self.articles_visible} articles)"]
        out = [f"{self.root}: {len(self.findings)} problem{'s' if len(self.findings) != 1 else ''} found "
               f"({self.files_checked} files checked)"]
        out += [f"  {f}" for f in self.findings]
        if not self.repaired:
            out.append(f"  repair: `diurna store check --repair {self.root}` quarantines what is broken, rebuilds "
                       f"what is derived and says what is lost")
            return out
        out.append("repair:")
        out += [f"  {a}" for a in self.actions]
        if self.lost:
            n, b = sum(loss.count for loss in self.lost), len(self.lost_batches)
            unknown = " and an unknown number more" if any(loss.unknown for loss in self.lost) else ""
            out.append(f"lost (no longer visible): {n} article{'s' if n != 1 else ''}{unknown} in {b} "
                       f"batch{'es' if b != 1 else ''}")
            out += [f"  {loss.describe()}" for loss in self.lost]
        else:
            out.append("lost: nothing (every article that was visible still is)")
        if self.after is not None:
            out.append(f"after the repair: {self.after.lines()[0]}" if self.after.ok else
                       f"after the repair, still {len(self.after.findings)} problems:")
            if not self.after.ok:
                out += [f"  {f}" for f in self.after.findings]
        return out


# --- reading the store as it is ---------------------------------------------------------------------------------


@dataclass
class Shard:
    """A file a manifest names, read in full."""

    rel: str
    table: str
    problem: str | None = None
    rows: int | None = None
    ids: list[str] = field(default_factory=list)  # articles: id; mentions, entities: distinct article_id
    inputs: list[str] = field(default_factory=list)  # articles: distinct origin_input


@dataclass
class Commit:
    """One commit number, as its manifest says (or the gap where its manifest should be)."""

    seq: int
    name: str | None  # manifest file name (None: missing)
    problems: list[str] = field(default_factory=list)
    readable: bool = True
    batch: str | None = None
    files: dict[str, list[str]] = field(default_factory=dict)  # base table -> paths that are valid store paths
    bad_refs: list[tuple[str, str]] = field(default_factory=list)  # (table, problem) of entries to drop
    superseded: list[tuple[str, str]] = field(default_factory=list)
    derived: dict[str, str] | None = None
    derived_from: int | None = None
    params: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    taken_back: str | None = None  # the repair found this commit's batch in orphan shards


def read_shard(root: Path, rel: str, table: str) -> Shard:
    """Read the file ``rel`` of the store in full and say what is wrong with it, if anything."""
    shard = Shard(rel=rel, table=table)
    path = root / rel
    shard.problem = quick_file_problem(path)
    if shard.problem is not None:
        return shard
    expected = SCHEMAS.get(table) if table in BASE_TABLES else DERIVED_SCHEMAS[table]
    assert expected is not None
    try:
        pf = pq.ParquetFile(path)
        shard.rows = pf.metadata.num_rows
        shard.problem = schema_problem(pf.schema_arrow, expected, table)
        if shard.problem is not None:
            return shard
        for _ in pf.iter_batches(batch_size=8192):  # decode every page: garbage inside the file shows here
            pass
        if table == "articles":
            t = pf.read(columns=["id", "origin_input"])
            shard.ids = [str(i) for i in t.column("id").to_pylist() if i is not None]
            shard.inputs = sorted({str(i) for i in t.column("origin_input").to_pylist() if i})
        elif table in ("mentions", "entities"):
            shard.ids = sorted({str(i) for i in pf.read(columns=["article_id"]).column(0).to_pylist() if i})
    except (OSError, pa.ArrowException, ValueError, IndexError) as exc:
        shard.problem = f"unreadable Parquet file ({one_line(exc)})"
    return shard


def _parse_commit(seq: int, name: str, body: Any) -> Commit:
    """What can be salvaged of a manifest: the valid entries (paths are only checked here, not read)."""
    c = Commit(seq=seq, name=name, problems=manifest_problems(body, seq))
    if not isinstance(body, dict):
        c.readable = False
        return c
    c.body = body
    c.batch = body.get("batch") if isinstance(body.get("batch"), str) else None
    files = body.get("files", {})
    if not isinstance(files, dict):
        c.bad_refs.append(("articles", f"files is a JSON {type(files).__name__}, not an object"))
    for table, rels in (files.items() if isinstance(files, dict) else ()):
        if table not in BASE_TABLES or not isinstance(rels, list):
            c.bad_refs.append((str(table), f"files.{table!s}: unknown table or not a list"))
            continue
        for rel in rels:
            problem = path_problem(rel, f"data/{table}")
            if problem is None:
                c.files.setdefault(table, []).append(rel)
            else:
                c.bad_refs.append((table, problem))
    if c.batch is None and len(c.files.get("articles", [])) == 1:
        c.batch = Path(c.files["articles"][0]).stem  # shards are named after their batch
    superseded = body.get("superseded", [])
    if isinstance(superseded, list):
        c.superseded = [(s[0], s[1]) for s in superseded
                        if isinstance(s, list) and len(s) == 2 and all(isinstance(x, str) for x in s)]
    derived = body.get("derived")
    if isinstance(derived, dict) and derived:
        if set(derived) == set(DERIVED_TABLES) and all(path_problem(r, "derived") is None for r in derived.values()):
            c.derived = dict(derived)
        derived_from = body.get("derived_from")
        c.derived_from = derived_from if isinstance(derived_from, int) and not isinstance(derived_from, bool) else seq
        params = body.get("params")
        c.params = params if isinstance(params, dict) else {}
    counts = body.get("counts")
    c.counts = counts if isinstance(counts, dict) else {}
    return c


class Scan:
    """Everything :func:`check_store` reads: the commits, the shards they name, the orphans; and the findings."""

    def __init__(self, root: Path, *, locked: bool = False) -> None:
        self.root = root
        self.locked = locked  # True: this process holds the writer lock (a repair)
        self.visible_articles = 0
        self.findings: list[Finding] = []
        self.commits: list[Commit] = []
        self.strays: list[str] = []  # manifest files out of numbering (e.g. 00000000.json)
        self.shards: dict[str, Shard] = {}
        self.owner: dict[str, int] = {}  # path -> the first commit that names it
        self.orphans: list[str] = []
        self.store_file_damaged = False
        self.writer_active = False

    def add(self, path: str | Path, problem: str, kind: str) -> None:
        self.findings.append(Finding(str(path), problem, kind))

    def run(self) -> Scan:
        from diurna.store.writer import writer_active

        self.writer_active = not self.locked and writer_active(self.root)
        self._store_file()
        self._manifests()
        self._base_shards()
        self._derived()
        self._superseded()
        if not self.writer_active:
            self._orphans()
            self._stale()
        return self

    # store.json and manifests

    def _store_file(self) -> None:
        try:
            read_store_info(self.root)
        except StoreVersionError:
            raise
        except DamagedStoreError as exc:
            self.store_file_damaged = True
            self.add(STORE_FILE, exc.problem, "store")

    def _manifests(self) -> None:
        directory = self.root / COMMITS
        names = manifest_names(self.root)
        by_seq = {int(n[:8]): n for n in names}
        for name in names:
            if int(name[:8]) < 1:
                self.strays.append(name)
                self.add(f"{COMMITS}/{name}", "a manifest number below 1 (not one of ours)", "manifest")
        top = 0
        for seq in sorted(n for n in by_seq if n >= 1):
            if seq - top > MAX_GAP:  # not a lost manifest or two: files that are not ours
                self.strays.append(by_seq[seq])
                self.add(f"{COMMITS}/{by_seq[seq]}", f"numbered far beyond the last commit ({top})", "manifest")
            else:
                top = seq
        for seq in range(1, top + 1):
            found = by_seq.get(seq)
            if found is None:
                self.commits.append(Commit(seq=seq, name=None, readable=False))
                self.add(f"{COMMITS}/{seq:08d}.json", "commit manifest missing (a gap in the numbering)", "manifest")
                continue
            name = found
            try:
                body = load_manifest(directory / name)
            except (OSError, ValueError) as exc:
                self.commits.append(Commit(seq=seq, name=name, readable=False,
                                           problems=[f"unreadable ({one_line(exc)})"]))
            else:
                self.commits.append(_parse_commit(seq, name, body))
            for problem in self.commits[-1].problems:
                self.add(f"{COMMITS}/{name}", f"bad commit manifest: {problem}", "manifest")

    # the files the manifests name

    def read(self, rel: str, table: str) -> Shard:
        if rel not in self.shards:
            self.shards[rel] = read_shard(self.root, rel, table)
        return self.shards[rel]

    def _base_shards(self) -> None:
        for c in self.commits:
            for table, rels in c.files.items():
                for rel in rels:
                    first = self.owner.setdefault(rel, c.seq)
                    if first != c.seq:
                        self.add(rel, f"named again by commit {c.seq} (first by commit {first}): its rows "
                                      f"would count twice", "shard")
                        continue
                    shard = self.read(rel, table)
                    if shard.problem is not None:
                        self.add(rel, f"{shard.problem} ({table} of commit {c.seq})", "shard")

    def current_derived(self) -> Commit | None:
        return next((c for c in reversed(self.commits) if c.derived), None)

    def live_derived(self) -> set[str]:
        gens = [c.derived for c in self.commits if c.derived]
        return {rel for gen in gens[-KEEP_DERIVED:] for rel in gen.values()}

    def _derived(self) -> None:
        current = self.current_derived()
        if current is None or current.derived is None:
            return
        for table, rel in sorted(current.derived.items()):
            self.owner.setdefault(rel, current.seq)
            shard = self.read(rel, table)
            if shard.problem is not None:
                self.add(rel, f"{shard.problem} (derived {table} table of commit {current.seq}; rebuilt by "
                              f"--repair from the base tables)", "derived")

    def own(self, c: Commit, table: str) -> list[str]:
        """The entries of ``table`` that commit ``c`` is the first to name."""
        return [r for r in c.files.get(table, []) if self.owner.get(r) == c.seq]

    def articles_of(self, c: Commit) -> Shard | None:
        """The one sound articles shard of commit ``c`` (None: the commit shows no articles)."""
        rels = self.own(c, "articles")
        if not c.batch or len(rels) != 1 or rels[0] not in self.shards:
            return None
        shard = self.shards[rels[0]]
        return shard if shard.problem is None else None

    def _ids(self, c: Commit) -> list[str]:
        shard = self.articles_of(c)
        return shard.ids if shard is not None else []

    def kept_batches(self, dropped: set[int]) -> set[str]:
        """The batches whose articles are visible, when the commits ``dropped`` are taken out of sight."""
        return {c.batch for c in self.commits
                if c.seq not in dropped and c.batch and self.articles_of(c) is not None}

    def recompute_superseded(self, batches: set[str]) -> dict[int, list[tuple[str, str]]]:
        """For each commit of a batch in ``batches``, the article versions it hides: the same id in the latest
        earlier batch of ``batches`` (the rule ``ingest`` follows when an article comes back with new content)."""
        latest: dict[str, str] = {}
        out: dict[int, list[tuple[str, str]]] = {}
        for c in self.commits:
            shard = self.articles_of(c)
            if c.batch not in batches or shard is None or c.batch is None:
                continue
            hidden = []
            for article_id in shard.ids:
                if article_id in latest and latest[article_id] != c.batch:
                    hidden.append((article_id, latest[article_id]))
                latest[article_id] = c.batch
            out[c.seq] = hidden
        return out

    def _superseded(self) -> None:
        """The article versions the manifests hide must be the ones the data says are older (a damaged or
        hand-edited ``superseded`` list shows an article twice, or hides its only version)."""
        batches = self.kept_batches(set())
        visible = [(a, c.batch) for c in self.commits if c.batch in batches for a in self._ids(c)]
        if any(f.kind in ("shard", "manifest") for f in self.findings):
            self.visible_articles = len(visible)  # an estimate: the lists may be damaged too
            return  # the repair recomputes the lists anyway; differences now would only repeat the damage
        stated = {(a, b) for c in self.commits if c.batch in batches for a, b in c.superseded}
        computed = {pair for pairs in self.recompute_superseded(batches).values() for pair in pairs}
        wrong = [(a, b) for a, b in visible if ((a, b) in stated) != ((a, b) in computed)]
        self.visible_articles = len(visible) - len(computed)
        if wrong:
            shown = ", ".join(f"{a!r} (batch {b})" for a, b in wrong[:5])
            self.add(COMMITS, f"the superseded lists hide or show the wrong versions of {len(wrong)} articles: "
                              f"{shown}", "superseded")

    # what no manifest names

    def _orphans(self) -> None:
        named = set(self.owner) | self.live_derived()
        for sub in ("data", "derived"):
            base = self.root / sub
            for dirpath, _dirs, files in os.walk(base):
                for name in sorted(files):
                    rel = os.path.relpath(os.path.join(dirpath, name), self.root).replace(os.sep, "/")
                    if rel in named or name.startswith("."):
                        continue  # dot files: temporary files of an interrupted write, removed by the next writer
                    self.orphans.append(rel)
        for rel in self.orphans:
            what = ("a shard no commit makes visible (left by an interrupted ingest, or its manifest was lost)"
                    if rel.startswith("data/") else "a derived file no current generation uses")
            self.add(rel, what, "orphan")

    def _stale(self) -> None:
        base_seq = max((c.seq for c in self.commits if c.files), default=0)
        current = self.current_derived()
        derived_seq = current.derived_from if current is not None and current.derived_from is not None else 0
        if base_seq and derived_seq < base_seq:
            self.add(COMMITS, f"the derived tables (events, duplicates) are older than commit {base_seq} (an ingest "
                              f"stopped before its last rebuild)", "stale")


# --- repairing -----------------------------------------------------------------------------------------------


class Repair:
    """Mend the store of ``scan`` (the caller holds the writer lock)."""

    def __init__(self, scan: Scan, report: CheckReport) -> None:
        self.scan = scan
        self.root = scan.root
        self.report = report
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
        self.quarantine = self.root / QUARANTINE / stamp
        self.moved: list[str] = []
        self.named: set[str] = set()  # the data files the mended manifests name
        self.superseded: dict[int, list[tuple[str, str]]] = {}

    def run(self, lock: Any) -> None:
        from diurna.store.ingest import rebuild_derived
        from diurna.store.writer import StoreWriter

        scan = self.scan
        if scan.store_file_damaged:
            if (self.root / STORE_FILE).exists():
                self._move(STORE_FILE, f"damaged {STORE_FILE}")
            write_store_file(self.root)
            self.report.actions.append(f"wrote a new {STORE_FILE} (store format version {VERSION})")
        for name in scan.strays:
            self._move(f"{COMMITS}/{name}", f"manifest {name} out of the numbering")
        dropped = self._drop_damaged_batches()
        self._mend_manifests(dropped)
        self._quarantine_unnamed()
        for rel, shard in sorted(scan.shards.items()):
            if shard.problem is not None and shard.table in DERIVED_TABLES and (self.root / rel).is_file():
                self._move(rel, f"damaged derived file {rel}")
        window = self._window()
        with StoreWriter(self.root, create=False, lock=lock) as writer:
            counts = rebuild_derived(writer, window)
        self.report.actions.append(f"rebuilt the derived tables from the base tables (window {window} days): "
                                   f"{counts['events']} events, {counts['duplicates']} syndicated copies")
        if self.moved:
            self.report.quarantine = str(self.quarantine.relative_to(self.root))
            self._write_record()

    # batches

    def _drop_damaged_batches(self) -> set[int]:
        """The commits whose batch goes out of sight (the bad entries of the others are dropped one by one), and
        what that loses."""
        scan = self.scan
        for c in scan.commits:
            self._adopt(c)
        self._take_back_orphan_batch()
        dropped = {c.seq for c in scan.commits if self._damaged_tables(c) & set(BATCH_TABLES)}
        kept = scan.kept_batches(dropped)
        self.superseded = scan.recompute_superseded(kept)
        stated = {pair for c in scan.commits for pair in c.superseded}
        still_hidden = {pair for pairs in self.superseded.values() for pair in pairs}
        for c in scan.commits:
            if c.seq in dropped:
                self.report.lost.append(self._batch_loss(c, stated, still_hidden, kept))
            elif "errors" in self._damaged_tables(c):
                rows = [scan.shards[r].rows for r in self._damaged_rels(c, "errors") if r in scan.shards]
                self.report.lost.append(Loss(commit=c.seq, batch=c.batch, reason="damaged error shard",
                                             error_rows=sum(r or 0 for r in rows)))
        return dropped

    def _damaged_rels(self, c: Commit, table: str) -> list[str]:
        """Entries of ``table`` that commit ``c`` owns and that are missing, unreadable or malformed."""
        shards = self.scan.shards
        return [r for r in self.scan.own(c, table) if r not in shards or shards[r].problem is not None]

    def _dropped_rels(self, c: Commit, table: str) -> list[str]:
        """Entries of ``table`` the mended manifest of ``c`` leaves out: damaged, or named by an earlier commit."""
        own = set(self.scan.own(c, table))
        return [r for r in c.files.get(table, []) if r not in own] + self._damaged_rels(c, table)

    def _damaged_tables(self, c: Commit) -> set[str]:
        bad = {table for table, _ in c.bad_refs}
        bad |= {t for t in c.files if self._damaged_rels(c, t)}
        if not c.readable and not c.files:
            bad.add("articles")  # a lost or unreadable manifest: whatever it held is out of sight
        return bad

    def _adopt(self, c: Commit) -> None:
        """For a commit with bad entries: its shards still at their usual place (``data/<table>/<batch>.parquet``),
        named by no commit and sound, are taken back."""
        if not c.batch or not c.bad_refs:
            return
        for table in BASE_TABLES:
            names = [f"{c.batch}.parquet"] + ([f"{c.batch}-read.parquet"] if table == "errors" else [])
            for rel in (f"data/{table}/{n}" for n in names):
                if rel in self.scan.orphans and rel not in c.files.get(table, []) and self._take(c, table, rel):
                    self.report.actions.append(f"commit {c.seq}: took back {rel}, still in its place")
        c.bad_refs = [(t, p) for t, p in c.bad_refs if not self.scan.own(c, t)]

    def _take(self, c: Commit, table: str, rel: str) -> bool:
        shard = self.scan.read(rel, table)
        if shard.problem is not None:
            return False
        c.files.setdefault(table, []).append(rel)
        self.scan.owner[rel] = c.seq
        self.scan.orphans.remove(rel)
        return True

    def _orphan_batches(self) -> dict[str, list[tuple[str, str]]]:
        """Orphan shards grouped by the batch their name gives: batch -> [(table, path)]."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for rel in self.scan.orphans:
            parts = rel.split("/")
            if len(parts) == 3 and parts[0] == "data" and parts[1] in BASE_TABLES:
                batch = parts[2].removesuffix(".parquet").removesuffix("-read")
                groups.setdefault(batch, []).append((parts[1], rel))
        return groups

    def _take_back_orphan_batch(self) -> None:
        """One lost or unreadable manifest and one orphan batch with sound articles: that batch is the
        manifest's (a batch's shards are written just before its manifest), and is taken back."""
        slots = [c for c in self.scan.commits if not c.readable and not c.files]
        groups = {b: g for b, g in self._orphan_batches().items()
                  if ("articles", f"data/articles/{b}.parquet") in g
                  and self.scan.read(f"data/articles/{b}.parquet", "articles").problem is None
                  and b not in {c.batch for c in self.scan.commits}}
        if len(slots) != 1 or len(groups) != 1:
            return
        (c,), ((batch, group),) = slots, groups.items()
        c.batch = batch
        taken = [rel for table, rel in sorted(group) if self._take(c, table, rel)]
        c.taken_back = batch
        self.report.actions.append(f"commit {c.seq}: its manifest was lost; took back batch {batch} from its shards "
                                   f"still in place ({', '.join(taken)})")

    def _batch_loss(self, c: Commit, stated: set[tuple[str, str]], still_hidden: set[tuple[str, str]],
                    kept: set[str]) -> Loss:
        scan = self.scan
        if not c.readable:
            reason = "commit manifest lost or unreadable; its shards, if any, are orphans now"
        else:
            reason = "damaged or missing " + ", ".join(sorted(self._damaged_tables(c))) + " shard"
        loss = Loss(commit=c.seq, batch=c.batch, reason=reason)
        sound = {t: scan.shards[rels[0]] for t in c.files if (rels := scan.own(c, t))
                 and rels[0] in scan.shards and scan.shards[rels[0]].problem is None}
        ids = next((sound[t].ids for t in ("articles", "mentions", "entities") if t in sound), [])
        loss.articles = sorted(a for a in set(ids) if (a, c.batch) not in stated)
        if "articles" not in sound:
            coded, skipped = c.counts.get("coded"), c.counts.get("skipped")
            if isinstance(coded, int) and isinstance(skipped, int):
                loss.articles_count = coded + skipped
            elif not c.readable:
                loss.articles_count = None
                loss.unknown = True
        if "mentions" in sound:
            loss.mentions = sound["mentions"].rows
        elif isinstance(c.counts.get("mentions"), int):
            loss.mentions = c.counts["mentions"]
        if "articles" in sound:
            loss.inputs = sound["articles"].inputs
        loss.restored = sorted(a for a, b in c.superseded if b in kept and (a, b) not in still_hidden)
        return loss

    # manifests

    def _mend_manifests(self, dropped: set[int]) -> None:
        current = self.scan.current_derived()
        for c in self.scan.commits:
            body, notes = self._mended(c, dropped, current)
            self.named.update(rel for rels in body.get("files", {}).values() for rel in rels)
            if not notes:
                continue
            name = c.name or f"{c.seq:08d}.json"
            if c.name is not None:
                self._move(f"{COMMITS}/{name}", f"original of {COMMITS}/{name}")
            body["repaired"] = {"time": _now(), "notes": notes}
            atomic_write_bytes(self.root / COMMITS / name,
                               (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
            self.report.actions.append(f"wrote {COMMITS}/{name}: {'; '.join(notes)}")

    def _mended(self, c: Commit, dropped: set[int], current: Commit | None) -> tuple[dict[str, Any], list[str]]:
        """The manifest ``c`` should have, and what changed (nothing: the file stays as it is)."""
        notes: list[str] = []
        if c.name is None:
            notes.append("the manifest was missing; an empty one keeps the numbering")
        elif not c.readable:
            notes.append("the manifest was unreadable; replaced by an empty one")
        elif c.problems:
            notes.append("bad fields mended: " + "; ".join(c.problems[:5]))
        if c.taken_back:
            notes.append(f"batch {c.taken_back} taken back from its shards (its counts are unknown)")
        files = {t: list(rels) for t, rels in c.files.items()}
        if c.seq in dropped and c.readable:
            files = {t: r for t, r in files.items() if t == "errors"}
            notes.append("batch taken out of sight (a shard of it is damaged or missing)")
        for table in list(files):
            bad = self._dropped_rels(c, table)
            if bad:
                files[table] = [r for r in files[table] if r not in bad]
                notes.append(f"dropped {len(bad)} damaged or repeated {table} entries")
            if not files[table]:
                del files[table]
        superseded = self.superseded.get(c.seq, [])
        if set(superseded) != set(c.superseded) and not (c.seq in dropped and not c.readable):
            notes.append("superseded list recomputed from the data")
        body: dict[str, Any] = {"seq": c.seq, "batch": c.batch,
                                "time": c.body.get("time") if isinstance(c.body.get("time"), str) else _now()}
        if files or c.batch:
            body.update(files={t: sorted(r) for t, r in sorted(files.items())},
                        superseded=[list(s) for s in superseded])
            if c.counts:
                body["counts"] = c.counts
        if isinstance(c.body.get("coded_with"), dict):
            body["coded_with"] = c.body["coded_with"]
        if c.derived is not None and not (c is current and self._derived_damaged(c)):
            body.update(derived=c.derived, derived_from=c.derived_from, params=c.params)
        elif c.derived is not None:
            notes.append("damaged derived generation dropped (rebuilt below)")
        return body, notes

    def _derived_damaged(self, c: Commit) -> bool:
        assert c.derived is not None
        return any(rel in self.scan.shards and self.scan.shards[rel].problem is not None for rel in c.derived.values())

    def _window(self) -> int:
        current = self.scan.current_derived()
        window = current.params.get("window") if current is not None else None
        return window if isinstance(window, int) and not isinstance(window, bool) and window >= 0 else DEFAULT_WINDOW

    # quarantine

    def _quarantine_unnamed(self) -> None:
        """Every file of ``data/`` the mended manifests do not name goes to the quarantine (the next writer would
        delete it): damaged shards, shards of batches taken out of sight, orphans."""
        for dirpath, _dirs, files in os.walk(self.root / "data"):
            for name in sorted(files):
                rel = os.path.relpath(os.path.join(dirpath, name), self.root).replace(os.sep, "/")
                if rel in self.named or name.startswith("."):
                    continue
                shard = self.scan.shards.get(rel)
                if shard is not None and shard.problem is not None:
                    what = f"damaged shard {rel}"
                elif rel in self.scan.owner:
                    what = f"shard {rel} of a batch taken out of sight"
                else:
                    what = f"orphan shard {rel}{self._orphan_rows(rel)}"
                self._move(rel, what)

    def _move(self, rel: str, what: str) -> None:
        """Move the store file ``rel`` into the quarantine folder (same relative path)."""
        source = self.root / rel
        target = self.quarantine / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if _same_device(source, target.parent):
            os.replace(source, target)
        else:
            shutil.move(source, target)
        self.moved.append(rel)
        self.report.actions.append(f"{what}: moved to {QUARANTINE}/{self.quarantine.name}/{rel}")

    def _orphan_rows(self, rel: str) -> str:
        table = rel.split("/")[1] if rel.count("/") == 2 else ""
        if table not in BASE_TABLES:
            return ""
        shard = read_shard(self.root, rel, table)
        if shard.problem is not None:
            return f" ({shard.problem})"
        return f" ({shard.rows} {table} rows no commit made visible)"

    def _write_record(self) -> None:
        record = {"time": _now(), "store": str(self.root), "actions": self.report.actions,
                  "findings": [str(f) for f in self.report.findings],
                  "lost": [loss.describe() for loss in self.report.lost],
                  "lost_articles": self.report.lost_articles}
        self.quarantine.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.quarantine / "REPAIR.json",
                           (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _same_device(source: Path, directory: Path) -> bool:
    try:
        return os.lstat(source).st_dev == os.stat(directory).st_dev
    except OSError:
        return False


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# --- entry point ---------------------------------------------------------------------------------------------


def check_store(root: str | Path, repair: bool = False) -> CheckReport:
    """Check the store at ``root`` (see the module docstring); with ``repair=True``, mend it as well (under the
    writer lock: refused with :class:`StoreError` while an ingest writes). A store of another format version
    raises :class:`StoreVersionError`; a directory that is not a store, :class:`StoreError`."""
    t0 = time.monotonic()
    root = Path(root)
    if not root.is_dir():
        raise StoreError(f"{root}: no such store")
    if not (root / STORE_FILE).exists() and not (root / COMMITS).is_dir():
        read_store_info(root)  # raises the usual "not a diurna store" error
    lock = None
    if repair:
        from diurna.store.writer import acquire_lock

        lock = acquire_lock(root)
    try:
        scan = Scan(root, locked=lock is not None).run()
        report = _report(scan)
        if repair and not report.ok:
            Repair(scan, report).run(lock)
            report.repaired = True
            report.after = _report(Scan(root).run())
    finally:
        if lock is not None and not lock.closed:
            lock.close()
    report.seconds = time.monotonic() - t0
    return report


def _report(scan: Scan) -> CheckReport:
    return CheckReport(root=scan.root, findings=scan.findings, files_checked=len(scan.shards),
                       articles_visible=getattr(scan, "visible_articles", 0), writer_active=scan.writer_active)
