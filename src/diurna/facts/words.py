"""The word lists behind quotes and amounts (``data/facts/words.yaml``), loaded and checked once."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from diurna.errors import DiurnaError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "facts"
WORDS_FILE = DATA_DIR / "words.yaml"
SIZE_FIELDS = ("dead", "injured", "arrested")  # PLOVER 2.0's size object (PLOVER manual, "Information object for size")


class FactsDataError(DiurnaError):
    """A facts data file (word lists, themes) is missing, unreadable or malformed."""


@dataclass(frozen=True)
class FactWords:  # frozen, with cached properties: a __dict__ is kept
    currencies: dict[str, str]
    scales: dict[str, float]
    number_words: dict[str, float]
    vague_counts: dict[str, tuple[float, float]]
    approximators: tuple[str, ...]  # longest first
    range_words: frozenset[str]
    casualties: dict[str, str]
    duration_units: dict[str, str]
    percent_words: tuple[str, ...]
    speech_verbs: frozenset[str]
    attribution: tuple[str, ...]

    @functools.cached_property
    def currency_symbols(self) -> tuple[str, ...]:
        """The currency keys that are not words ("$", "us$", "€"), longest first: matched inside a token."""
        return tuple(sorted((k for k in self.currencies if not k.isalpha() and k != "rs."), key=len, reverse=True))

    @functools.cached_property
    def number_starts(self) -> frozenset[str]:
        """First characters of a token that may be a number: digits, "." and the currency symbols' first
        characters ("$50", "€1.2bn", "us$5")."""
        return frozenset("0123456789.") | frozenset(s[0] for s in self.currency_symbols)


def _mapping(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise FactsDataError(f"{path}: '{key}' must be a non-empty mapping")
    for k in value:
        if not isinstance(k, str) or k != k.lower() or not k.strip():
            raise FactsDataError(f"{path}: '{key}' has the key {k!r}; keys are non-empty lower-case strings")
    return value


def _words(data: dict[str, Any], key: str, path: Path) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise FactsDataError(f"{path}: '{key}' must be a non-empty list")
    for w in value:
        if not isinstance(w, str) or w != w.lower() or not w.strip():
            raise FactsDataError(f"{path}: '{key}' lists {w!r}; entries are non-empty lower-case strings")
    if len(set(value)) != len(value):
        dupes = sorted({w for w in value if value.count(w) > 1})
        raise FactsDataError(f"{path}: '{key}' lists {', '.join(dupes)} more than once")
    return value


def _number(value: Any, where: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise FactsDataError(f"{path}: {where} must be a positive number, not {value!r}")
    return float(value)


def parse_words(data: Any, path: Path) -> FactWords:
    """Check the contents of a words file and build :class:`FactWords`; a problem raises :class:`FactsDataError`
    naming the file and the entry."""
    if not isinstance(data, dict):
        raise FactsDataError(f"{path}: expected a mapping of word lists")
    currencies = _mapping(data, "currencies", path)
    for k, code in currencies.items():
        if not isinstance(code, str) or len(code) != 3 or not code.isupper():
            raise FactsDataError(f"{path}: currency {k!r} maps to {code!r}, not a three-letter ISO 4217 code")
    scales = {k: _number(v, f"scale {k!r}", path) for k, v in _mapping(data, "scales", path).items()}
    numbers = {k: _number(v, f"number word {k!r}", path) for k, v in _mapping(data, "number_words", path).items()}
    vague: dict[str, tuple[float, float]] = {}
    for k, v in _mapping(data, "vague_counts", path).items():
        if not isinstance(v, list) or len(v) != 2:
            raise FactsDataError(f"{path}: vague count {k!r} must be [low, high]")
        low, high = (_number(x, f"vague count {k!r}", path) for x in v)
        if low > high:
            raise FactsDataError(f"{path}: vague count {k!r} has low {low} above high {high}")
        vague[k] = (low, high)
    casualties = _mapping(data, "casualties", path)
    for k, v in casualties.items():
        if v not in SIZE_FIELDS:
            raise FactsDataError(f"{path}: casualty word {k!r} maps to {v!r}, not one of {', '.join(SIZE_FIELDS)}")
    units = _mapping(data, "duration_units", path)
    for k, v in units.items():
        if not isinstance(v, str) or not v.isalpha():
            raise FactsDataError(f"{path}: duration unit {k!r} maps to {v!r}, not a unit word")
    return FactWords(
        currencies=dict(currencies), scales=scales, number_words=numbers, vague_counts=vague,
        approximators=tuple(sorted(_words(data, "approximators", path), key=lambda w: -len(w.split()))),
        range_words=frozenset(_words(data, "range_words", path)), casualties=dict(casualties),
        duration_units=dict(units),
        percent_words=tuple(sorted(_words(data, "percent_words", path), key=lambda w: -len(w.split()))),
        speech_verbs=frozenset(_words(data, "speech_verbs", path)),
        attribution=tuple(_words(data, "attribution", path)),
    )


@functools.cache
def load_words(path: Path = WORDS_FILE) -> FactWords:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise FactsDataError(f"{path}: cannot read the facts word lists ({' '.join(str(exc).split())})") from None
    return parse_words(data, path)
