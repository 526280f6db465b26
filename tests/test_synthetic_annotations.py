"""The synthetic training sentences (annotations/synthetic/*.jsonl) are data the model learns from: every line must
be readable, and every event's words must be in its sentence, with a CAMEO code the ontology knows."""

import json
import re
from pathlib import Path

import pytest

from diurna.events.training import read_synthetic
from diurna.ontology.loader import load_ontology

SYNTHETIC = Path(__file__).resolve().parents[1] / "annotations" / "synthetic"
FILES = sorted(SYNTHETIC.glob("*.jsonl"))
STYLES = {"wire", "india", "southasia", "lower", "headline", "other", "feature"}
MODALITIES = {"actual", "anticipated", "negated", "hypothetical", "background"}
ACTOR_CODE = re.compile(r"^[A-Z]{3}[A-Z0-9]{0,12}$")


def test_there_are_synthetic_files():
    assert len(FILES) >= 4


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_each_line_is_a_valid_annotated_sentence(path: Path):
    ontology = load_ontology()
    problems = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        obj = json.loads(line)
        text = obj.get("text") or ""
        if not text.strip():
            problems.append(f"{where}: no text")
        if obj.get("style") not in STYLES:
            problems.append(f"{where}: style {obj.get('style')!r} is not one of {sorted(STYLES)}")
        for ev in obj.get("events", []):
            for field in ("trigger", "source", "target"):
                words = ev.get(field)
                if words and words not in text:
                    problems.append(f"{where}: {field} {words!r} is not in the text")
            if not ev.get("trigger"):
                problems.append(f"{where}: an event without a trigger")
            if not ontology.is_valid(str(ev.get("cameo"))):
                problems.append(f"{where}: unknown CAMEO code {ev.get('cameo')!r}")
            if ev.get("modality", "actual") not in MODALITIES:
                problems.append(f"{where}: modality {ev.get('modality')!r}")
            for field in ("source_code", "target_code"):
                code = ev.get(field)
                if code and not ACTOR_CODE.match(code):
                    problems.append(f"{where}: {field} {code!r} is not an actor code (country or sector letters)")
    assert not problems, "\n".join(problems[:30])


def test_ids_are_unique_across_files():
    seen: dict[str, str] = {}
    for path in FILES:
        for record in read_synthetic(path):
            assert record.id not in seen, f"{record.id} in {path.name} and {seen[record.id]}"
            seen[record.id] = path.name
