"""Dask scale-out of ``ingest``: partitions of articles are coded by Dask workers, which write the Parquet shards
straight into the store; the driver (the ``diurna ingest`` process) commits them.

``workers=N`` starts a :class:`distributed.LocalCluster` of N single-threaded worker processes; ``scheduler``
connects to an existing cluster, whose workers must see the store directory at the same path (a shared file
system) and have diurna and its spaCy model installed. Each worker loads the pipeline once
(:func:`diurna.pipeline.resources` is cached per process).
"""

from __future__ import annotations

import logging
from typing import Any

from diurna.articles.model import Article
from diurna.config import Config
from diurna.errors import ConfigError
from diurna.store.partition import PartitionResult, code_partition

log = logging.getLogger(__name__)


class DaskExecutor:
    def __init__(self, *, workers: int | None = None, scheduler: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is a declared dependency
            raise ConfigError(f"Dask is not installed ({exc}); `pip install 'dask[distributed]'`") from None
        self._cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise ConfigError(f"cannot connect to the Dask scheduler at {scheduler} ({exc})") from None
            self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        else:
            self.workers = max(1, int(workers or 1))
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self._cluster)
        self.max_in_flight = 2 * self.workers

    def submit(self, root: str, batch: str, articles: list[Article], config: Config) -> Any:
        return self.client.submit(code_partition, root, batch, articles, config, pure=False)

    def wait_any(self, pending: list[Any]) -> tuple[list[Any], list[Any]]:
        from distributed import wait

        done, not_done = wait(pending, return_when="FIRST_COMPLETED")
        return [f for f in pending if f in done], [f for f in pending if f in not_done]

    def result(self, future: Any) -> PartitionResult:
        return future.result()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
