"""``ingest``: stream articles from any input into a store, batch by batch, crash-safe and idempotent.

The driver reads and normalizes articles, drops those the store already holds with the same content hash,
cuts the rest into partitions of ``batch_size`` articles, has them coded (in this process, or by Dask workers,
see :mod:`diurna.store.dask_ingest`), and commits each partition with one manifest, together with the
near-duplicate pairs of its articles and the read errors met since the last commit. The derived tables
(duplicates, events) are rebuilt after a commit at most every ``refresh_seconds`` and always at the end.

``kill -9`` at any moment loses at most the uncommitted partitions; running the same command again codes exactly
those (everything committed is recognised by id and content hash) and duplicates nothing.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from diurna.articles.model import Article
from diurna.articles.readers import read_articles
from diurna.config import Config
from diurna.errors import InputError
from diurna.store.cluster import DEFAULT_WINDOW, build_derived
from diurna.store.dedup import DuplicateIndex
from diurna.store.manifest import new_batch_id
from diurna.store.partition import PartitionResult, code_partition
from diurna.store.query import Store, reading
from diurna.store.records import error_row
from diurna.store.schema import DERIVED_TABLES, StoreError
from diurna.store.writer import StoreWriter, write_shard

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 200  # one process: large partitions, fewer commits
DASK_BATCH_SIZE = 25  # Dask: enough partitions to keep every worker busy
# Dask: a partition is also cut at about this many sentences (long articles make long partitions, and the last
# partitions decide when an ingest ends: small ones keep every worker busy to the end)
DASK_PARTITION_SENTENCES = 400


@dataclass
class IngestOptions:
    batch_size: int = DEFAULT_BATCH_SIZE
    window: int = DEFAULT_WINDOW
    workers: int | None = None  # start a local Dask cluster with this many worker processes
    scheduler: str | None = None  # or use an existing Dask cluster
    config: Config = field(default_factory=Config.from_env)  # every setting (docs: src/diurna/config.py)
    max_bytes: int | None = None  # largest record; None: the config's max_record_bytes
    refresh_seconds: float = 30.0  # rebuild events at most this often during the ingest (always at the end)
    # cut a partition once its articles hold this many sentences (None: DASK_PARTITION_SENTENCES with Dask
    # workers, no limit in one process); a partition never holds more than batch_size articles
    partition_sentences: int | None = None


@dataclass
class IngestProgress:
    """Counters of a running ingest (passed to the progress callback)."""

    total: int | None = None  # articles expected, when the inputs allow counting them up front
    read: int = 0  # articles read (including unchanged ones)
    unchanged: int = 0  # already in the store with the same content hash
    replaced: int = 0  # in the store with another content hash: the new version supersedes the old
    coded: int = 0
    skipped: int = 0  # not coded (e.g. not English), kept in the store
    mentions: int = 0
    errors: int = 0
    events: int = 0  # events in the store after the last rebuild
    duplicates: int = 0  # syndicated copies in the store after the last rebuild
    batches: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


@dataclass
class IngestReport:
    progress: IngestProgress
    error_messages: list[str]
    failed_inputs: set[str]
    seconds: float
    # where the driver's time went (seconds): reading and normalizing, submitting partitions, waiting for the
    # workers, committing, rebuilding the derived tables; and per partition: (articles, worker seconds, worker
    # CPU seconds, worker) as the executor reported them
    timings: dict[str, float] = field(default_factory=dict)
    partitions: list[tuple[int, float, float, str]] = field(default_factory=list)


class Executor(Protocol):
    workers: int
    max_in_flight: int

    def submit(self, root: str, batch: str, articles: list[Article], config: Config) -> Any: ...
    def wait_any(self, pending: list[Any]) -> tuple[list[Any], list[Any]]: ...
    def result(self, future: Any) -> PartitionResult: ...
    def close(self) -> None: ...


class LocalExecutor:
    """Codes each partition in this process, at submission."""

    workers = 1
    max_in_flight = 1

    def submit(self, root: str, batch: str, articles: list[Article], config: Config) -> PartitionResult:
        return code_partition(root, batch, articles, config)

    def wait_any(self, pending: list[Any]) -> tuple[list[Any], list[Any]]:
        return pending, []

    def result(self, future: Any) -> PartitionResult:
        return future

    def close(self) -> None:
        pass


def estimate_total(inputs: Iterable[str]) -> int | None:
    """The number of articles the inputs hold, when it can be known cheaply (files, plain JSONL); else None."""
    from diurna.articles.readers import _expand

    total = 0
    for item in inputs:
        for target in _expand(os.fspath(item)):
            if isinstance(target, InputError):
                continue
            if target == "-":
                return None
            name = target.lower()
            if name.endswith((".gz", ".warc", ".json", ".arc")):
                return None
            if name.endswith(".jsonl"):
                try:
                    with open(target, "rb") as f:
                        total += sum(1 for line in f if line.strip())
                except OSError:
                    continue
            else:
                total += 1
    return total


class _Driver:
    def __init__(self, writer: StoreWriter, executor: Executor, options: IngestOptions,
                 progress: IngestProgress, callback: Callable[[IngestProgress], None] | None) -> None:
        self.w = writer
        self.root = str(writer.root.resolve())
        self.ex = executor
        self.opt = options
        self.p = progress
        self.callback = callback
        self.messages: list[str] = []
        self.failed_inputs: set[str] = set()
        self.read_errors: list[dict] = []
        self.buffer: list[Article] = []
        self.buffer_ids: dict[str, str] = {}
        self.buffer_sentences = 0
        self.max_sentences = options.partition_sentences or (
            DASK_PARTITION_SENTENCES if executor.workers > 1 or options.workers or options.scheduler else None)
        self.pending: list[Any] = []
        self.in_flight: dict[str, str] = {}  # article id -> hash, submitted and not yet committed
        self.batch_ids: dict[str, list[str]] = {}
        self.last_refresh = time.monotonic()
        self.quad: Counter[int] = Counter()
        self.timings: defaultdict[str, float] = defaultdict(float)
        self.partitions: list[tuple[int, float, float, str]] = []
        store = Store(writer.root)
        con = store.connect(writer.snap, derived=False)
        try:
            with reading(writer.root, writer.snap):
                self.current: dict[str, tuple[str, str]] = {
                    i: (h, b) for i, h, b in con.execute("SELECT id, content_hash, batch FROM articles").fetchall()}
                self.index = DuplicateIndex()
                self.index.load(con.execute("SELECT id, content_hash, minhash, num_shingles FROM articles").fetchall())
        finally:
            con.close()

    def notify(self) -> None:
        if self.callback:
            self.callback(self.p)

    def add(self, item: Article | InputError) -> None:
        if isinstance(item, InputError):
            self.p.errors += 1
            self.failed_inputs.add(item.input)
            self.messages.append(str(item))
            self.read_errors.append(error_row("", "read", item.input, item.record, item.reason))
            return
        self.p.read += 1
        cur = self.current.get(item.id)
        if item.id in self.in_flight or item.id in self.buffer_ids:
            other = self.buffer_ids.get(item.id) or self.in_flight.get(item.id)
            if other == item.content_hash:
                self.p.unchanged += 1
                return
            self.submit_buffer()
            self.drain()
            cur = self.current.get(item.id)
        if cur and cur[0] == item.content_hash:
            self.p.unchanged += 1
            return
        if cur:
            self.p.replaced += 1
        self.buffer.append(item)
        self.buffer_ids[item.id] = item.content_hash
        self.buffer_sentences += len(item.sentences)
        if len(self.buffer) >= self.opt.batch_size or (
                self.max_sentences is not None and self.buffer_sentences >= self.max_sentences):
            self.submit_buffer()

    def submit_buffer(self) -> None:
        if not self.buffer:
            return
        batch = new_batch_id()
        self.in_flight.update(self.buffer_ids)
        self.batch_ids[batch] = list(self.buffer_ids)
        t0 = time.perf_counter()
        self.pending.append(self.ex.submit(self.root, batch, self.buffer, self.opt.config))
        self.timings["submit"] += time.perf_counter() - t0
        self.buffer, self.buffer_ids, self.buffer_sentences = [], {}, 0
        while len(self.pending) >= self.ex.max_in_flight:
            self.wait_some()

    def wait_some(self) -> None:
        t0 = time.perf_counter()
        done, self.pending = self.ex.wait_any(self.pending)
        results = [self.ex.result(future) for future in done]
        self.timings["wait"] += time.perf_counter() - t0
        for result in results:
            t0 = time.perf_counter()
            self.commit(result)
            self.timings["commit"] += time.perf_counter() - t0

    def drain(self) -> None:
        while self.pending:
            self.wait_some()

    def commit(self, result: PartitionResult) -> None:
        self.partitions.append((len(result.signatures), result.seconds, result.cpu_seconds, result.worker))
        superseded = []
        pairs = []
        for article_id, content_hash, sig, size in result.signatures:
            old = self.current.get(article_id)
            if old and old[0] != content_hash:
                superseded.append((article_id, old[1]))
                self.index.remove(article_id, old[0])
            pairs.extend(self.index.add(article_id, content_hash, sig, size))
            self.current[article_id] = (content_hash, result.batch)
        files = {k: list(v) for k, v in result.files.items()}
        if pairs:
            rows = [{"batch": result.batch, "a_id": p.a_id, "a_hash": p.a_hash, "b_id": p.b_id, "b_hash": p.b_hash,
                     "similarity": p.similarity} for p in pairs]
            files["pairs"] = [write_shard(self.root, "pairs", result.batch, rows)]
        if self.read_errors:
            for row in self.read_errors:
                row["batch"] = result.batch
            files.setdefault("errors", []).append(write_shard(self.root, "errors", f"{result.batch}-read",
                                                              self.read_errors))
        self.w.commit(result.batch, files, superseded=superseded, coded_with=result.coded_with,
                      counts={"coded": result.coded, "skipped": result.skipped, "mentions": result.mentions,
                              "errors": len(result.errors) + len(self.read_errors), "pairs": len(pairs)})
        self.read_errors = []
        for article_id in self.batch_ids.pop(result.batch, []):
            self.in_flight.pop(article_id, None)
        self.p.batches += 1
        self.p.coded += result.coded
        self.p.skipped += result.skipped
        self.p.mentions += result.mentions
        self.p.errors += len(result.errors)
        self.messages.extend(result.errors)
        self.quad.update(result.quad)
        for msg in result.errors:
            self.failed_inputs.add(msg.split(":")[0].split(",")[0])
        if time.monotonic() - self.last_refresh >= self.opt.refresh_seconds:
            self.rebuild()
        self.notify()

    def flush_read_errors(self) -> None:
        if self.read_errors:
            batch = new_batch_id()
            for row in self.read_errors:
                row["batch"] = batch
            rel = write_shard(self.root, "errors", f"{batch}-read", self.read_errors)
            self.w.commit(batch, {"errors": [rel]}, counts={"errors": len(self.read_errors)})
            self.read_errors = []

    def rebuild(self) -> None:
        t0 = time.perf_counter()
        counts = rebuild_derived(self.w, self.opt.window)
        self.timings["rebuild"] += time.perf_counter() - t0
        self.p.events, self.p.duplicates = counts["events"], counts["duplicates"]
        self.last_refresh = time.monotonic()


def rebuild_derived(writer: StoreWriter, window: int = DEFAULT_WINDOW) -> dict[str, int]:
    """Recompute duplicates and events over the committed data and commit them as a new derived generation."""
    snap = writer.refresh()
    con = Store(writer.root).connect(snap, derived=False)  # built from the base tables only
    try:
        paths = {t: writer.derived_path(t, snap.seq) for t in DERIVED_TABLES}
        with reading(writer.root, snap):
            counts = build_derived(con, paths, window)
    finally:
        con.close()
    writer.commit_derived({t: f"derived/{p.name}" for t, p in paths.items()}, derived_from=snap.base_seq,
                          params={"window": window})
    return counts


def _derived_counts(writer: StoreWriter, p: IngestProgress) -> bool:
    """Read the event and duplicate counts of the current derived tables into ``p``; False when they cannot be
    read (a damaged derived file: the caller rebuilds them, they are computed from the base tables)."""
    snap = writer.snap
    try:
        con = Store(writer.root).connect(snap)
    except StoreError as exc:
        log.warning("%s; rebuilding the derived tables", exc)
        return False
    try:
        with reading(writer.root, snap):
            events = con.execute("SELECT count(*) FROM events").fetchone()
            duplicates = con.execute("SELECT count(*) FROM duplicates").fetchone()
    except StoreError as exc:
        log.warning("%s; rebuilding the derived tables", exc)
        return False
    finally:
        con.close()
    assert events is not None and duplicates is not None  # count(*) always returns one row
    p.events, p.duplicates = events[0], duplicates[0]
    return True


def make_executor(options: IngestOptions) -> Executor:
    if options.workers or options.scheduler:
        from diurna.store.dask_ingest import DaskExecutor

        return DaskExecutor(workers=options.workers, scheduler=options.scheduler, config=options.config)
    return LocalExecutor()


def ingest(inputs: Iterable[str], store: str | Path, options: IngestOptions | None = None, *,
           progress: Callable[[IngestProgress], None] | None = None,
           executor: Executor | None = None) -> IngestReport:
    """Ingest ``inputs`` (files, directories, globs, ``-``) into the store at ``store`` (created if needed)."""
    options = options or IngestOptions()
    inputs = list(inputs)
    p = IngestProgress(total=estimate_total(inputs))
    t0 = time.monotonic()
    timings: defaultdict[str, float] = defaultdict(float)
    with StoreWriter(store) as writer:
        own_executor = executor is None
        started = time.perf_counter()
        executor = executor or make_executor(options)
        timings["start executor"] = time.perf_counter() - started
        try:
            driver = _Driver(writer, executor, options, p, progress)
            driver.notify()
            articles = read_articles(inputs, max_bytes=options.max_bytes, config=options.config)
            n = 0
            while True:
                started = time.perf_counter()
                item = next(articles, None)
                driver.timings["read"] += time.perf_counter() - started
                if item is None:
                    break
                n += 1
                driver.add(item)
                if n % 25 == 0:
                    driver.notify()
            driver.submit_buffer()
            driver.drain()
            driver.flush_read_errors()
        finally:
            if own_executor:
                started = time.perf_counter()
                executor.close()
                timings["close executor"] = time.perf_counter() - started
        snap = writer.refresh()
        if snap.stale or snap.derived_params.get("window") != options.window or not _derived_counts(writer, p):
            driver.rebuild()
        driver.notify()
    timings.update(driver.timings)
    return IngestReport(progress=p, error_messages=driver.messages, failed_inputs=driver.failed_inputs,
                        seconds=time.monotonic() - t0, timings={k: round(v, 3) for k, v in timings.items()},
                        partitions=driver.partitions)
