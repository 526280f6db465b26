"""Queries over the facts tables of a store: quotes (with their speakers) and amounts.

The rows of an article that a later batch superseded are left out (joined on the store's ``articles`` view), as
for events. Newest articles first, then in the order of the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from diurna.store.query import Store

QUOTE_KINDS = ("direct", "indirect")
AMOUNT_KINDS = ("money", "count", "percent", "duration", "quantity")
CASUALTIES = ("dead", "injured", "arrested")
MAX_LIMIT = 2**63 - 1  # DuckDB's LIMIT is a signed 64-bit integer

QUOTE_COLUMNS = ("article_id", "article_date", "sentence", "start", "end", "kind", "speaker", "speaker_code",
                 "speaker_country", "speaker_text", "verb", "text")
AMOUNT_COLUMNS = ("article_id", "article_date", "sentence", "start", "end", "kind", "text", "value", "unit", "low",
                  "high", "approximate", "qualifier", "counted", "verb", "casualty", "actors", "event_mention_id")


def _filled(name: str, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise ValueError(f"{name} is empty; leave it out for no filter")
    return value.strip() if value is not None else None


def _limit(limit: int | None) -> int | None:
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    return limit


@dataclass
class QuoteFilter:
    """What :func:`quotes` selects; ``None`` means no filter. ``speaker`` matches a speaker code by prefix
    ("RUS" matches "RUSGOV") or a speaker's name by a case-blind substring ("lavrov")."""

    speaker: str | None = None
    kind: str | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        self.speaker = _filled("speaker", self.speaker)
        if self.kind is not None and self.kind not in QUOTE_KINDS:
            raise ValueError(f"quote kind must be one of {', '.join(QUOTE_KINDS)}, not {self.kind!r}")
        self.limit = _limit(self.limit)


@dataclass
class AmountFilter:
    """What :func:`amounts` selects; ``None`` means no filter. ``dyad``: both codes (prefixes: "USA" matches
    "USAGOV") among the actors of the amount's sentence; ``actor``: one of them."""

    dyad: tuple[str, str] | None = None
    actor: str | None = None
    kind: str | None = None
    casualty: str | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        if self.dyad is not None:
            self.dyad = (str(_filled("dyad", self.dyad[0])).upper(), str(_filled("dyad", self.dyad[1])).upper())
        actor = _filled("actor", self.actor)
        self.actor = actor.upper() if actor else None
        if self.kind is not None and self.kind not in AMOUNT_KINDS:
            raise ValueError(f"amount kind must be one of {', '.join(AMOUNT_KINDS)}, not {self.kind!r}")
        if self.casualty is not None and self.casualty not in CASUALTIES:
            raise ValueError(f"casualty must be one of {', '.join(CASUALTIES)}, not {self.casualty!r}")
        self.limit = _limit(self.limit)


def quotes(store: Store, f: QuoteFilter | None = None) -> pa.Table:
    """The quotes of ``store`` that match ``f``."""
    f = f or QuoteFilter()
    where: list[str] = []
    params: list[Any] = []
    if f.speaker is not None:
        where.append("(starts_with(upper(q.speaker_code), ?) OR upper(q.speaker_country) = ? "
                     "OR contains(lower(q.speaker), ?) OR contains(lower(q.speaker_text), ?))")
        params += [f.speaker.upper(), f.speaker.upper(), f.speaker.lower(), f.speaker.lower()]
    if f.kind is not None:
        where.append("q.kind = ?")
        params.append(f.kind)
    return store.query(_select("raw_quotes", QUOTE_COLUMNS, where, f.limit), params)


def amounts(store: Store, f: AmountFilter | None = None) -> pa.Table:
    """The amounts of ``store`` that match ``f``."""
    f = f or AmountFilter()
    where: list[str] = []
    params: list[Any] = []
    has_actor = "EXISTS (SELECT 1 FROM unnest(q.actors) AS u(code) WHERE starts_with(u.code, ?))"
    for code in ([*f.dyad] if f.dyad else []) + ([f.actor] if f.actor else []):
        where.append(has_actor)
        params.append(code)
    if f.kind is not None:
        where.append("q.kind = ?")
        params.append(f.kind)
    if f.casualty is not None:
        where.append("q.casualty = ?")
        params.append(f.casualty)
    return store.query(_select("raw_amounts", AMOUNT_COLUMNS, where, f.limit), params)


def _select(table: str, columns: tuple[str, ...], where: list[str], limit: int | None) -> str:
    cols = ", ".join(f'q."{c}"' for c in columns)
    sql = (f"SELECT {cols} FROM {table} q JOIN articles a ON a.id = q.article_id AND a.batch = q.batch "
           f"AND a.content_hash = q.content_hash")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY q.article_date DESC NULLS LAST, q.article_id, q.start"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql
