"""Dask scale-out of ``ingest``: partitions of articles are coded by Dask workers, which write the Parquet shards
straight into the store; the driver (the ``diurna ingest`` process) commits them.

``workers=N`` starts a :class:`distributed.LocalCluster` of N single-threaded worker processes; ``scheduler``
connects to an existing cluster, whose workers must see the store directory at the same path (a shared file
system) and have diurna and its spaCy model installed. Each worker loads the pipeline once
(:func:`diurna.pipeline.resources` is cached per process).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from diurna.articles.model import Article
from diurna.config import Config
from diurna.errors import ConfigError
from diurna.store.partition import PartitionResult, code_partition

log = logging.getLogger(__name__)


def warm_up(config: Config | None) -> str:
    """Load the coding resources in this worker process (a task run once per worker at start-up, so that the
    spaCy pipeline loads while the driver reads the first partition); returns the worker's process id."""
    from diurna.pipeline import resources

    resources(config)
    return str(os.getpid())


class DaskExecutor:
    """Codes partitions on Dask workers. A local cluster starts in a background thread, so that the driver reads
    and normalizes the first partition meanwhile; each worker then loads its pipeline at once (:func:`warm_up`)
    rather than at its first partition. :meth:`submit` waits for the cluster when it is not up yet."""

    def __init__(self, *, workers: int | None = None, scheduler: str | None = None,
                 config: Config | None = None) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError as exc:  # pragma: no cover - dask is a declared dependency
            raise ConfigError(f"Dask is not installed ({exc}); `pip install 'dask[distributed]'`") from None
        self._cluster: Any = None
        self._client: Any = None
        self._warm: list[Any] = []
        self._error: BaseException | None = None
        self._starting: threading.Thread | None = None
        if scheduler:
            from distributed import Client

            try:
                self._client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise ConfigError(f"cannot connect to the Dask scheduler at {scheduler} ({exc})") from None
            self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
            self._warm_up(config)
        else:
            self.workers = max(1, int(workers or 1))
            self._starting = threading.Thread(target=self._start_local, args=(config,), name="diurna-dask-start",
                                              daemon=True)
            self._starting.start()
        self.max_in_flight = 2 * self.workers

    def _start_local(self, config: Config | None) -> None:
        try:
            from distributed import Client, LocalCluster

            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
            self._warm_up(config)
        except BaseException as exc:  # noqa: BLE001 - raised in the driver's thread by `client`
            self._error = exc

    def _warm_up(self, config: Config | None) -> None:
        for address in self._client.scheduler_info().get("workers", {}):
            self._warm.append(self._client.submit(warm_up, config, pure=False, workers=[address],
                                                  allow_other_workers=False))

    @property
    def client(self) -> Any:
        """The Dask client, once the cluster is up (waits for it; a failed start raises :class:`ConfigError`)."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        if self._error is not None:
            raise ConfigError(f"cannot start a local Dask cluster of {self.workers} workers ({self._error})")
        return self._client

    def submit(self, root: str, batch: str, articles: list[Article], config: Config) -> Any:
        return self.client.submit(code_partition, root, batch, articles, config, pure=False)

    def wait_any(self, pending: list[Any]) -> tuple[list[Any], list[Any]]:
        from distributed import wait

        done, not_done = wait(pending, return_when="FIRST_COMPLETED")
        return [f for f in pending if f in done], [f for f in pending if f in not_done]

    def result(self, future: Any) -> PartitionResult:
        return future.result()

    def close(self) -> None:
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        self._warm = []
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
