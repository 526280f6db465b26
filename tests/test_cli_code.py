"""`diurna code`: the public JSON contract (docs/output.md), ids and order, formats, bad input."""

from __future__ import annotations

import json

from click.testing import CliRunner

from diurna.cli import main
from diurna.output import SCHEMA

EVENT_KEYS = {"id", "mentions", "sentence", "text", "span", "trigger", "trigger_span", "source", "target", "cameo", "cameo_name",
              "goldstein", "quad_class", "plover", "plover_mode", "modality", "date", "date_precision", "location",
              "symmetric", "confidence"}  # = diurna.store.records.EVENT_FIELD_COLUMNS (tests/test_record_schema.py)
ACTOR_KEYS = {"text", "name", "code", "country", "sector", "role", "kind", "implied"}
ARTICLE_KEYS = {"id", "title", "date", "source", "wire", "dateline", "author", "url"}

RECORDS = [
    {"id": "z-last", "date": "2024-05-08", "source": "Example Daily",
     "text": "Chile's Deputy Foreign Minister Ana Ruiz visited Brasilia on Tuesday. She met her Brazilian "
             "counterpart and praised Brazil's role in the region."},
    {"id": "a-first", "date": "2024-05-08", "text": "The weather in Santiago was mild on Tuesday."},
    {"id": "m-middle", "date": "2024-05-06", "text": "Police arrested 12 protesters in Lagos on Friday."},
]


def _write(tmp_path, records, extra_lines=()):
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(r) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_contract_ids_and_order(tmp_path):
    result = CliRunner().invoke(main, ["code", str(_write(tmp_path, RECORDS)), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [o["article"]["id"] for o in objects] == ["z-last", "a-first", "m-middle"]
    for obj in objects:
        assert obj["schema"] == SCHEMA
        assert set(obj["article"]) >= ARTICLE_KEYS
        for event in obj["events"]:
            assert set(event) == EVENT_KEYS
            assert event["source"] is None or set(event["source"]) == ACTOR_KEYS
            assert event["target"] is None or set(event["target"]) == ACTOR_KEYS
        for entity in obj["entities"]:
            assert {"name", "type", "code", "country", "sector", "role", "mentions"} <= set(entity)
    visit = next(e for e in objects[0]["events"] if e["cameo"] == "042")
    assert visit["source"]["code"] == "CHLGOV" and visit["target"]["country"] == "BRA"
    assert visit["date"] == "2024-05-07" and visit["date_precision"] == "day"
    start, end = visit["span"]
    text = RECORDS[0]["text"]
    assert text[start:end] == visit["text"]
    t0, t1 = visit["trigger_span"]
    assert text[t0:t1] == "visited"
    assert objects[1]["events"] == []  # nothing fits, no event


def test_json_format_is_one_array(tmp_path):
    result = CliRunner().invoke(main, ["code", str(_write(tmp_path, RECORDS[:2])), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and [o["article"]["id"] for o in data] == ["z-last", "a-first"]


def test_bad_line_is_reported_and_the_rest_is_coded(tmp_path):
    path = _write(tmp_path, RECORDS[:1], extra_lines=["{not json", json.dumps({"id": "no-text"})])
    result = CliRunner().invoke(main, ["code", str(path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert "line 2" in result.stderr and "line 3" in result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [o["article"]["id"] for o in objects] == ["z-last"]
    assert "Traceback" not in result.output
