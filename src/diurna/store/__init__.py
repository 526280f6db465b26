"""The diurna store: a directory of Parquet files, queried with DuckDB, filled by ``ingest``.

See docs/store.md for the layout, the tables, the rules that fold reports into events, and the guarantees
(atomic batches, readers during ingest, idempotent re-ingest, schema versions).
"""

from __future__ import annotations

from diurna.store.ingest import IngestOptions, IngestProgress, IngestReport, ingest, rebuild_derived
from diurna.store.query import EventFilter, Store
from diurna.store.schema import VERSION, StoreError, StoreVersionError

__all__ = ["VERSION", "EventFilter", "IngestOptions", "IngestProgress", "IngestReport", "Store", "StoreError",
           "StoreVersionError", "ingest", "rebuild_derived"]
