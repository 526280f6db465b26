"""Shared helpers for the store tests (no tests here): small corpora and a direct writer of synthetic rows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from diurna.store.manifest import new_batch_id
from diurna.store.schema import SCHEMAS
from diurna.store.writer import StoreWriter, write_shard

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "diurna" / "data" / "sample" / "corpus"

STORIES = [
    {"id": "a1", "date": "2021-05-03", "source": "ExampleDaily.com",
     "text": "Kenyan President Ana Ruiz visited Uganda on Monday and met Ugandan officials in Kampala to discuss "
             "trade and border security, the Kenyan government said in a statement."},
    {"id": "a2", "date": "2021-05-04", "source": "ExampleTimes.net",
     "text": "Police arrested dozens of protesters in Nairobi on Tuesday after a march against fuel prices turned "
             "violent, witnesses said."},
    {"id": "a3", "date": "2021-05-05", "source": "ExampleWire",
     "text": "France condemned the attack on the embassy in Bamako and called on Mali to protect diplomats, the "
             "French foreign ministry said on Wednesday."},
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _row(table: str, **values: Any) -> dict[str, Any]:
    row = {name: None for name in SCHEMAS[table].names}
    row.update(values)
    return row


def add_synthetic(root: Path, articles: list[dict[str, Any]], mentions: list[dict[str, Any]],
                  pairs: list[tuple[str, str, float]] = ()) -> None:
    """Commit hand-made articles and mentions (one batch) and rebuild the derived tables."""
    from diurna.store.ingest import rebuild_derived

    batch = new_batch_id()
    with StoreWriter(root) as w:
        hashes = {a["id"]: a.get("content_hash", "h-" + a["id"]) for a in articles}
        arts = [_row("articles", batch=batch, content_hash=hashes[a["id"]], wire=[], warnings=[], metadata="{}",
                     **{k: v for k, v in a.items() if k != "content_hash"}) for a in articles]
        by_id = {a["id"]: a for a in articles}
        rows = []
        for m in mentions:
            art = by_id[m["article_id"]]
            values = {"quad_class": 1, "goldstein": 1.0, "confidence": 0.5, "repeats": 1, "repeat_sentences": [],
                      "sentence": 0, "start": 0, "end": 1, "text": "t", "trigger": "t", "cameo_name": "n",
                      "date_precision": "day" if m.get("date") else "unknown", **m}
            rows.append(_row("mentions", batch=batch, content_hash=hashes[m["article_id"]],
                             article_date=art.get("date"), publisher=art.get("publisher"), url=art.get("url"),
                             **values))
        files = {"articles": [write_shard(root, "articles", batch, arts)]}
        if rows:
            files["mentions"] = [write_shard(root, "mentions", batch, rows)]
        if pairs:
            files["pairs"] = [write_shard(root, "pairs", batch, [
                {"batch": batch, "a_id": a, "a_hash": hashes[a], "b_id": b, "b_hash": hashes[b], "similarity": s}
                for a, b, s in pairs])]
        w.commit(batch, files)
        rebuild_derived(w, window=3)


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)
