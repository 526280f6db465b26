"""Shared test helpers: coding one sentence (cached per session) and checking it against an expected code and
dyad, for the vocabulary tests of every CAMEO root range."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from diurna.articles.model import Article, Event
from diurna.config import Config
from diurna.pipeline import code

WED = dt.date(2024, 5, 8)  # a Wednesday
_CODED: dict[str, list[Event]] = {}


# The vocabulary and coder tests pin the RULES (patterns and passes); the learned pass, calibrated on real news,
# has its own tests (tests/test_learned_model.py) and is measured on the real-news annotations.
RULES_ONLY = frozenset({"learned"})
# ... and they pin what the rules recognise, so they keep the events whose other side a one-sentence text leaves
# unnamed ("Chile is exploring the possibility of sending troops"), which the default settings withhold
# (tests/test_one_sided.py tests that).
ONE_SIDED = Config.from_env(one_sided_events=True)


def coded_events(text: str) -> list[Event]:
    """The events of one English sentence published on ``WED`` (language given: a very short sentence can fool
    the language detector), coded by the rules."""
    if text not in _CODED:
        _CODED[text] = code(Article(id="t", text=text, language="en", date=WED), skip_passes=RULES_ONLY,
                              config=ONE_SIDED).events
    return _CODED[text]


def check_sentence(text: str, expected: str, dyad: tuple[str | None, str | None] | None) -> None:
    """Some event of ``text`` has a CAMEO code starting with ``expected`` and, when ``dyad`` is given, that
    source and target country (None: not checked)."""
    events = [e for e in coded_events(text) if e.cameo.startswith(expected)]
    assert events, f"{text!r}: no {expected} event in {[(e.cameo, e.trigger) for e in coded_events(text)]}"
    if dyad is None:
        return
    source, target = dyad
    assert any(
        (source is None or (e.source and e.source.country == source))
        and (target is None or (e.target and e.target.country == target))
        for e in events
    ), [(e.cameo, e.source and e.source.code, e.target and e.target.code) for e in events]


@pytest.fixture
def coded() -> Callable[[str], list[Event]]:
    return coded_events


@pytest.fixture
def check() -> Callable[[str, str, tuple[str | None, str | None] | None], None]:
    return check_sentence
