"""CI floor: diurna's coder must not fall below bench/floor.json on the development gold set.

Runs the evaluation through the library (no subprocess). Skips when ../shared is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FLOOR_FILE = REPO / "bench" / "floor.json"


def _floor() -> dict:  # type: ignore[type-arg]
    return json.loads(FLOOR_FILE.read_text(encoding="utf-8"))


def _figure(data: dict, dotted: str) -> float:  # type: ignore[type-arg]
    level, metric = dotted.split(".")
    return float(data[level][metric])


def test_floor_file_is_well_formed() -> None:
    floor = _floor()
    assert 0 <= floor["tolerance"] < 0.1
    assert set(floor["floors"]) == {"root.recall", "dyad_root.f1"}
    assert all(0.0 <= v <= 1.0 for v in floor["floors"].values())


@pytest.mark.timeout(120)
def test_dev_scores_stay_above_floor() -> None:
    floor = _floor()
    gold_path = (REPO / floor["gold"]).resolve()
    if not gold_path.exists():
        pytest.skip(f"development gold set not found at {gold_path} (../shared is absent)")
    from diurna.eval import evaluate, read_gold
    from diurna.eval.runner import default_coder

    report = evaluate(read_gold(gold_path), default_coder(), source=str(gold_path)).as_dict()
    failures = [
        f"{name} = {_figure(report, name):.4f} < floor {value:.4f} - {floor['tolerance']}"
        for name, value in floor["floors"].items()
        if _figure(report, name) < value - floor["tolerance"]
    ]
    assert not failures, "; ".join(failures)
