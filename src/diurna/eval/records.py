"""Gold records: one sentence (or short text) with the events human coders found in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class GoldEvent:
    """One gold coding. ``None`` means the gold coder did not give that field: it is not scored."""

    source: str | None
    target: str | None
    cameo: str | None
    plover: str | None
    extra: dict[str, Any] = field(default_factory=dict)  # mode, context, ... (informational)


@dataclass
class GoldRecord:
    id: str
    text: str
    date: dt.date | None = None
    events: list[GoldEvent] = field(default_factory=list)  # empty: the text should produce no event
    extra: dict[str, Any] = field(default_factory=dict)  # origin, category, ... (informational)

    @property
    def no_event(self) -> bool:
        return not self.events


def actor_country(code: str | None) -> str | None:
    """The country part of a CAMEO-style actor code: its first three letters, upper-cased.

    ``"ISR***"`` -> ``"ISR"``, ``"IGOGOV"`` -> ``"IGO"``, ``"NGAELIyor"`` -> ``"NGA"``. An empty code or one
    whose first three characters are not letters (``"---"``, ``"***"``) has no country: ``None``.
    """
    if code is None:
        return None
    head = code.strip()[:3]
    if len(head) < 3 or not head.isalpha():
        return None
    return head.upper()


def code_sectors(code: str | None) -> list[str]:
    """The three-letter sector/agent codes after the country: ``"INDCOP"`` -> ``["COP"]``."""
    if not code:
        return []
    rest = code.strip()[3:].upper()
    return [rest[i : i + 3] for i in range(0, len(rest) - 2, 3)]
