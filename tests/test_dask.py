"""Dask scale-out: a 2-worker LocalCluster ingest of the sample corpus equals the single-process ingest."""

from __future__ import annotations

import pytest
from test_store_support import SAMPLE

from diurna.store import IngestOptions, Store, ingest

_TABLES = {
    "articles": ("SELECT * EXCLUDE (batch) FROM articles ORDER BY id", ()),
    "mentions": ("SELECT * EXCLUDE (batch) FROM mentions ORDER BY article_id, mention_id", ()),
    "entities": ("SELECT * EXCLUDE (batch) FROM entities ORDER BY ALL", ()),
    "duplicates": ("SELECT * FROM duplicates ORDER BY article_id", ()),
    "events": ("SELECT * FROM events ORDER BY event_id", ()),
    "mention_events": ("SELECT * FROM mention_events ORDER BY article_id, mention_id", ()),
}


@pytest.mark.filterwarnings("ignore")
def test_two_dask_workers_give_the_same_store(tmp_path):
    pytest.importorskip("distributed")
    # in one process, partitions cut at about 60 sentences; with Dask, at 10 articles or the default sentence count
    single = ingest([str(SAMPLE)], tmp_path / "one", IngestOptions(batch_size=100, partition_sentences=60))
    report = ingest([str(SAMPLE)], tmp_path / "dask", IngestOptions(batch_size=10, workers=2))
    one, two = Store(tmp_path / "one"), Store(tmp_path / "dask")
    assert two.snapshot().seq > 2  # several partitions were committed
    assert len(single.partitions) >= 3  # 46 short articles, over 200 sentences: cut by sentences, not articles
    assert sum(p[0] for p in single.partitions) == sum(p[0] for p in report.partitions) == report.progress.coded + (
        report.progress.skipped)
    assert len({p[3] for p in report.partitions}) >= 1 and all(p[1] > 0 for p in report.partitions)
    assert {"read", "wait", "commit", "start executor"} <= set(report.timings)
    for name, (sql, _) in _TABLES.items():
        a, b = one.query(sql), two.query(sql)
        assert a.num_rows > 0 or name == "duplicates"
        assert a.equals(b), name
