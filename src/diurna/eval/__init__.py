"""Evaluating diurna's coder against gold sets (``diurna eval``): gold readers, metrics and reports."""

from __future__ import annotations

from diurna.eval.gold import detect_format, parse_gold, read_gold, write_gold_jsonl
from diurna.eval.metrics import LEVELS, EvalReport, LevelScore, pair_predictions, score, score_record
from diurna.eval.records import GoldEvent, GoldRecord
from diurna.eval.runner import default_coder, evaluate, record_article

__all__ = [
    "LEVELS",
    "EvalReport",
    "GoldEvent",
    "GoldRecord",
    "LevelScore",
    "default_coder",
    "detect_format",
    "evaluate",
    "pair_predictions",
    "parse_gold",
    "read_gold",
    "record_article",
    "score",
    "score_record",
    "write_gold_jsonl",
]
