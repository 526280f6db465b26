"""Reports -> events: the derived tables ``duplicates``, ``events`` and ``mention_events``.

Rebuilt at commit time from the current mentions with one DuckDB query (a full recluster; it reads only the
columns it needs, so it stays fast — see docs/store.md for figures). The rules, in order:

1. **Copies.** A syndicated copy (``duplicates``, from MinHash LSH pairs) belongs to its original's *story*; its
   publisher is not an independent source: it counts as the original's publisher.
2. **Key.** Mentions can only be one event if they share the modality (actual, anticipated, negated and
   hypothetical reports are never merged), the CAMEO base code (3 digits; the PLOVER type follows from it), and
   the dyad: the source and the target country (the actor code when no country is known, e.g. ``IGOUNO``).
   Mentions with no country on either side only merge within one story, and so do undated mentions.
3. **Date window.** The date of a mention is the event's date when known to the day or week, else the article's
   date. Within a key, mentions sorted by date chain into one event while consecutive dates are at most
   ``window`` days apart.
4. **Location.** Within one chain, mentions in different known countries are different events; mentions with
   no known location join the chain's most frequent location (ties: the smallest country code).

The event id is ``ev-`` + 16 hex digits of the MD5 of the key and the smallest ``article_id#mention_id`` of the
event: the same store content always gives the same ids, whatever the order or the workers that ingested it.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from diurna.store.dedup import duplicate_groups
from diurna.store.schema import DUPLICATES, fsync_dir

log = logging.getLogger(__name__)

DEFAULT_WINDOW = 3  # days

EVENTS = pa.schema([
    ("event_id", pa.string()), ("modality", pa.string()), ("cameo", pa.string()), ("cameo_base", pa.string()),
    ("cameo_root", pa.string()), ("cameo_name", pa.string()), ("goldstein", pa.float64()), ("quad_class", pa.int8()),
    ("plover", pa.string()), ("plover_mode", pa.string()),
    ("source_code", pa.string()), ("source_name", pa.string()), ("source_country", pa.string()),
    ("source_sector", pa.string()),
    ("target_code", pa.string()), ("target_name", pa.string()), ("target_country", pa.string()),
    ("target_sector", pa.string()),
    ("date", pa.date32()), ("first_date", pa.date32()), ("last_date", pa.date32()),
    ("location_name", pa.string()), ("location_country", pa.string()), ("location_lat", pa.float64()),
    ("location_lon", pa.float64()), ("location_kind", pa.string()),
    ("num_mentions", pa.int64()), ("num_reports", pa.int64()), ("num_articles", pa.int64()),
    ("num_sources", pa.int64()), ("num_copies", pa.int64()),
    ("sources", pa.list_(pa.string())), ("urls", pa.list_(pa.string())), ("article_ids", pa.list_(pa.string())),
    ("confidence", pa.float64()), ("text", pa.string()), ("rep_article_id", pa.string()),
    ("rep_mention_id", pa.string()),
])

MENTION_EVENTS = pa.schema([("mention_id", pa.string()), ("article_id", pa.string()), ("event_id", pa.string())])

_CLUSTER_SQL = """
CREATE TEMP TABLE clustered AS
WITH m AS (
    SELECT m.mention_id, m.article_id, m.cameo, m.cameo_name, m.goldstein, m.quad_class, m.plover, m.plover_mode,
           m.modality, m.confidence, m.repeats, m.text, m.url,
           m.source_code, m.source_name, m.source_country, m.source_sector,
           m.target_code, m.target_name, m.target_country, m.target_sector,
           m.location_name, m.location_country, m.location_lat, m.location_lon, m.location_kind,
           coalesce(d.duplicate_of, m.article_id) AS story,
           d.duplicate_of IS NOT NULL AS is_copy,
           coalesce(m.publisher, 'article:' || m.article_id) AS pub,
           CASE WHEN m.date IS NOT NULL AND m.date_precision IN ('day', 'week') THEN m.date
                ELSE m.article_date END AS d
    FROM mentions m LEFT JOIN new_duplicates d ON d.article_id = m.article_id
), k AS (
    SELECT m.*,
           CASE WHEN is_copy THEN coalesce(o.publisher, 'article:' || story) ELSE pub END AS indep_pub,
           modality || '|' || substr(cameo, 1, 3) || '|'
             || coalesce(source_country, source_code, '') || '>' || coalesce(target_country, target_code, '')
             || CASE WHEN (source_country IS NULL AND target_country IS NULL) OR d IS NULL
                     THEN '|' || story ELSE '' END AS key
    FROM m LEFT JOIN (SELECT id, publisher FROM articles) o ON o.id = m.story
), s AS (
    SELECT *, sum(brk) OVER (PARTITION BY key ORDER BY d NULLS LAST, article_id, mention_id
                             ROWS UNBOUNDED PRECEDING) AS sess
    FROM (SELECT *, CASE WHEN d IS NULL THEN 0
                         ELSE coalesce((datediff('day', lag(d) OVER (PARTITION BY key ORDER BY d NULLS LAST,
                                       article_id, mention_id), d) > $window)::INTEGER, 1) END AS brk
          FROM k)
), best AS (
    SELECT key, sess, loc AS best_loc FROM (
        SELECT key, sess, location_country AS loc,
               row_number() OVER (PARTITION BY key, sess ORDER BY count(*) DESC, location_country) AS rn
        FROM s WHERE location_country IS NOT NULL GROUP BY key, sess, location_country)
    WHERE rn = 1
), c AS (
    SELECT s.*, coalesce(s.location_country, best.best_loc) AS cloc
    FROM s LEFT JOIN best ON best.key = s.key AND best.sess = s.sess
)
SELECT c.*, 'ev-' || substr(md5(key || '|' || min(article_id || '#' || mention_id)
                                OVER (PARTITION BY key, sess, cloc)), 1, 16) AS event_id
FROM c
"""

_EVENTS_SQL = """
WITH rep AS (
    SELECT * FROM (
        SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY is_copy, confidence DESC,
                                     location_country IS NULL, d NULLS LAST, article_id, mention_id) AS rn
        FROM clustered) WHERE rn = 1
), agg AS (
    SELECT event_id, count(*) AS num_mentions, sum(repeats) AS num_reports,
           count(DISTINCT article_id) AS num_articles, count(DISTINCT indep_pub) AS num_sources,
           count(DISTINCT CASE WHEN is_copy THEN article_id END) AS num_copies,
           list_sort(list_distinct(list(pub))) AS sources, list_sort(list_distinct(list(url))) AS urls,
           list_sort(list_distinct(list(article_id))) AS article_ids,
           min(d) AS first_date, max(d) AS last_date, max(confidence) AS confidence
    FROM clustered GROUP BY event_id
)
SELECT r.event_id, r.modality, r.cameo, substr(r.cameo, 1, 3) AS cameo_base, substr(r.cameo, 1, 2) AS cameo_root,
       r.cameo_name, r.goldstein, r.quad_class::TINYINT AS quad_class, r.plover, r.plover_mode,
       r.source_code, r.source_name, r.source_country, r.source_sector,
       r.target_code, r.target_name, r.target_country, r.target_sector,
       a.first_date AS date, a.first_date, a.last_date,
       r.location_name, r.location_country, r.location_lat, r.location_lon, r.location_kind,
       a.num_mentions, a.num_reports::BIGINT AS num_reports, a.num_articles, a.num_sources, a.num_copies,
       a.sources, a.urls, a.article_ids, a.confidence, r.text, r.article_id AS rep_article_id,
       r.mention_id AS rep_mention_id
FROM rep r JOIN agg a USING (event_id)
ORDER BY r.event_id
"""


def _copy_to(con: duckdb.DuckDBPyConnection, sql: str, final: Path, params: dict | None = None) -> None:
    tmp = final.with_name(f".{final.name}.tmp")
    target = "'" + str(tmp).replace("'", "''") + "'"  # a store path may hold a quote
    con.execute(f"COPY ({sql}) TO {target} (FORMAT parquet, COMPRESSION zstd)", params or {})
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, final)
    fsync_dir(final.parent)


def build_derived(con: duckdb.DuckDBPyConnection, paths: dict[str, Path], window: int = DEFAULT_WINDOW) -> dict[str, int]:
    """Compute duplicates, events and mention_events from the views of ``con`` (see :class:`Store.connect`) and
    write them atomically to ``paths``; returns row counts."""
    t0 = time.perf_counter()
    pairs = con.execute("SELECT a_id, b_id, max(similarity) FROM pairs GROUP BY ALL").fetchall()
    ids = sorted({p[0] for p in pairs} | {p[1] for p in pairs})
    dates: dict = {}
    if ids:
        con.register("_ids", pa.table({"id": ids}))
        dates = dict(con.execute("SELECT a.id, a.date FROM articles a JOIN _ids USING (id)").fetchall())
    groups = duplicate_groups(pairs, dates)
    hashes: dict = {}
    if groups:
        con.register("_copies", pa.table({"id": [g[0] for g in groups]}))
        hashes = dict(con.execute("SELECT a.id, a.content_hash FROM articles a JOIN _copies USING (id)").fetchall())
    dup = pa.Table.from_pylist([{"article_id": c, "content_hash": hashes.get(c), "duplicate_of": o, "similarity": s}
                                for c, o, s in groups], schema=DUPLICATES)
    con.register("new_duplicates", dup)
    tmp = paths["duplicates"].with_name(f".{paths['duplicates'].name}.tmp")
    with open(tmp, "wb") as f:
        pq.write_table(dup, f, compression="zstd")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, paths["duplicates"])
    con.execute(_CLUSTER_SQL, {"window": int(window)})
    _copy_to(con, _EVENTS_SQL, paths["events"])
    _copy_to(con, "SELECT mention_id, article_id, event_id FROM clustered ORDER BY article_id, mention_id",
             paths["mention_events"])
    n_mentions = con.execute("SELECT count(*), count(DISTINCT event_id) FROM clustered").fetchone()
    assert n_mentions is not None  # an aggregate without GROUP BY always returns one row
    con.execute("DROP TABLE clustered")
    counts = {"duplicates": len(groups), "mentions": n_mentions[0], "events": n_mentions[1]}
    log.info("reclustered %d mentions into %d events (%d copies) in %.2fs", counts["mentions"], counts["events"],
             counts["duplicates"], time.perf_counter() - t0)
    return counts
