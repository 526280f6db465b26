"""Coding one partition of articles and writing its shards — the unit of work of a Dask worker (or of the
single-process ingest, which runs the same function in-process).

Each worker process loads the spaCy pipeline and the data tables once (:func:`diurna.pipeline.resources` is
cached per process) and keeps them for every partition it codes.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from diurna.articles.model import Article
from diurna.config import Config
from diurna.store.dedup import signature
from diurna.store.records import article_row, entity_rows, error_row, fact_rows, mention_rows
from diurna.store.writer import write_shard

if TYPE_CHECKING:
    from diurna.pipeline import Resources

log = logging.getLogger(__name__)


@dataclass
class PartitionResult:
    batch: str
    files: dict[str, list[str]]
    signatures: list[tuple[str, str, bytes | None, int]] = field(default_factory=list)  # id, hash, minhash, size
    coded: int = 0
    skipped: int = 0
    mentions: int = 0
    errors: list[str] = field(default_factory=list)
    quad: dict[int, int] = field(default_factory=dict)
    coded_with: dict = field(default_factory=dict)  # Resources.describe(): versions and settings
    seconds: float = 0.0  # wall time the worker spent on the partition (coding and writing its shards)
    cpu_seconds: float = 0.0  # CPU time of that work in the worker's process
    worker: str = ""  # "host:pid" of the process that coded it


def _code_all(articles: list[Article], res: Resources) -> tuple[list[Article], list[tuple[Article, str]]]:
    """Code the partition in one stream: :func:`~diurna.pipeline.code_articles` isolates an article that cannot be
    coded (it comes back with :func:`~diurna.pipeline.coding_error` set and is returned among the failures). Should
    the stream itself fail, the partition is coded again article by article, so one bad article loses only itself."""
    from diurna.pipeline import code_articles

    try:
        return _split_failures(list(code_articles(articles, res=res)))
    except Exception:  # noqa: BLE001 - isolate the article that breaks the coder
        log.debug("partition coding failed, retrying article by article", exc_info=True)
    done: list[Article] = []
    failed: list[tuple[Article, str]] = []
    for article in articles:
        article.events, article.entities, article.quotes, article.amounts = [], [], [], []
        try:
            done.extend(code_articles([article], res=res))
        except Exception as exc:  # noqa: BLE001
            failed.append((article, f"could not be coded ({type(exc).__name__}: {exc})"))
    coded, isolated = _split_failures(done)
    return coded, isolated + failed


def _split_failures(articles: list[Article]) -> tuple[list[Article], list[tuple[Article, str]]]:
    from diurna.pipeline import coding_error

    coded: list[Article] = []
    failed: list[tuple[Article, str]] = []
    for article in articles:
        reason = coding_error(article)
        if reason is None:
            coded.append(article)
        else:
            failed.append((article, reason))
    return coded, failed


def code_partition(root: str, batch: str, articles: list[Article], config: Config | None = None) -> PartitionResult:
    """Code ``articles``, write their rows as shards named ``batch`` in the store at ``root`` (not committed)."""
    from diurna.pipeline import resources

    t0, c0 = time.perf_counter(), time.process_time()
    res = resources(config)
    coded, failed = _code_all(articles, res)
    result = PartitionResult(batch=batch, files={}, coded_with=res.describe())
    rows: dict[str, list[dict]] = {"articles": [], "mentions": [], "entities": [], "errors": [], "quotes": [],
                                   "amounts": [], "themes": []}
    quad: Counter[int] = Counter()
    for article in coded:
        sig, ntok = signature(article.text)
        rows["articles"].append(article_row(article, batch, sig, ntok))
        rows["mentions"].extend(mention_rows(article, batch))
        rows["entities"].extend(entity_rows(article, batch))
        for table, facts in fact_rows(article, batch).items():  # quotes, amounts, themes
            rows[table].extend(facts)
        result.signatures.append((article.id, article.content_hash, sig, ntok))
        result.skipped += bool(article.skipped)
        result.coded += not article.skipped
        result.mentions += len(article.events)
        quad.update(e.quad_class for e in article.events)
    for article, reason in failed:
        origin = article.origin
        rows["errors"].append(error_row(batch, "code", origin.input if origin else article.id,
                                        origin.record if origin else None, reason, article.id))
        result.errors.append(f"{origin.describe() if origin else article.id}: {reason}")
    result.quad = dict(quad)
    for table, table_rows in rows.items():
        if table_rows or table == "articles":
            result.files[table] = [write_shard(Path(root), table, batch, table_rows)]
    result.seconds, result.cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    result.worker = f"{os.uname().nodename}:{os.getpid()}"
    return result
