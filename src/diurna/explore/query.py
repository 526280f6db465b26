"""Questions about a store answered as pandas DataFrames: how relations between two actors moved over time
(:func:`dyad_series`), the events behind a period (:func:`dyad_events`), the most active actors
(:func:`top_actors`), an actor's partners (:func:`actor_partners`) and the most active dyads (:func:`top_dyads`).

Every function reads the store's ``events`` view (one row per event: reports folded, syndicated copies counted
once) with parameterized SQL. What is counted by default, and what each ``include_*`` flag adds back:

- **non-actual events** (``modality`` anticipated, negated or hypothetical: "is expected to visit") are left out;
  ``include_nonactual=True`` counts them;
- **self-dyads** (source and target in the same country, or with the same code when no country is known) are
  left out; ``include_self=True`` counts them;
- **implied actors** (an actor the text does not name but CAMEO's conventions imply, e.g. the government a
  protest addresses: its mention has no actor text or an ``implied`` role) are left out: in dyad counts the whole
  event, in actor counts that side of the event; ``include_implied=True`` counts them.

Actors are given as codes or country codes, matched like ``diurna events``: a code prefix (``USA`` matches
``USAGOV``) or the country (``TUR`` matches every Turkish actor). Names ("Turkey") are turned into codes by
:func:`_codes`. Undated events have no period: the dyad functions leave them out; the ``top_*`` functions count
them unless ``since``/``until`` is given.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from diurna.errors import DiurnaError
from diurna.store.query import Store, reading

BY = ("day", "week", "month", "year")
ROLES = ("source", "target")
MAX_ROWS = 100_000  # the largest `limit` a caller may ask for
MAX_PERIODS = 100_000  # the most rows of a zero-filled series (274 years by day)
FIRST_DAY, LAST_DAY = dt.date(1700, 1, 1), dt.date(2260, 12, 31)  # dates pandas timestamps hold

_FREQ = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}
QUAD_COLUMNS = ("quad1", "quad2", "quad3", "quad4")
SERIES_COLUMNS = ("period", "period_label", "events", *QUAD_COLUMNS, "goldstein_sum", "goldstein_mean", "mentions",
                  "sources")
DIRECTION_COLUMNS = ("events_ab", "events_ba", "goldstein_sum_ab", "goldstein_sum_ba")
EVENT_COLUMNS = ("event_id", "date", "period", "period_label", "cameo", "cameo_name", "quad_class", "goldstein",
                 "source_code", "source_name", "source_country", "target_code", "target_name", "target_country",
                 "modality", "num_mentions", "num_articles", "num_sources", "sentence", "article_id", "mention_id",
                 "url")
ACTOR_COLUMNS = ("actor", "name", "country", "events", "as_source", "as_target", *QUAD_COLUMNS, "goldstein_sum",
                 "goldstein_mean")
PARTNER_COLUMNS = ("partner", "name", "country", "events", "outgoing", "incoming", *QUAD_COLUMNS, "goldstein_sum",
                   "goldstein_mean", "goldstein_mean_out", "goldstein_mean_in")
DYAD_COLUMNS = ("source", "source_name", "target", "target_name", "events", "mentions", *QUAD_COLUMNS,
                "goldstein_sum", "goldstein_mean", "sources")

StoreLike = Store | str | Path


class ExploreError(DiurnaError, ValueError):
    """A value given to an explore function is not usable (an unknown period unit, an actor that resolves to
    nothing, ``since`` after ``until``, ...). The message names the value and the problem."""


# ---------------------------------------------------------------------------------------------------- inputs

def _codes(value: str) -> tuple[str, ...]:
    """The actor codes ``value`` stands for: a name ("Turkey") through the actor dictionaries
    (``diurna.actors.query.actor_filter_codes``), else the value itself as a code (``TUR``, ``USAGOV``)."""
    if not isinstance(value, str) or not value.strip():
        raise ExploreError(f"actor {value!r} is empty: give a code (TUR, USAGOV) or a name")
    try:  # the name resolver (diurna.actors.query) may be missing from an older tree: then codes only
        resolver: Callable[[str], Iterable[str]] = importlib.import_module("diurna.actors.query").actor_filter_codes
    except (ImportError, AttributeError):
        return (value.strip().upper(),)
    try:
        codes = tuple(resolver(value))
    except DiurnaError as exc:  # UnknownActorError: a name that resolves to nothing
        raise ExploreError(str(exc)) from exc
    if not codes:
        raise ExploreError(f"actor {value!r} resolves to no actor code")
    return codes


def _store(store: StoreLike) -> Store:
    return store if isinstance(store, Store) else Store(store)


def _by(by: str) -> str:
    if by not in BY:
        raise ExploreError(f"period unit {by!r} is not one of {', '.join(BY)}")
    return by


def _day(value: dt.date | None, name: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise ExploreError(f"{name} {value!r} is not a date")


def _range(since: dt.date | None, until: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    since, until = _day(since, "since"), _day(until, "until")
    for name, value in (("since", since), ("until", until)):
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ExploreError(f"{name} {value} is out of range ({FIRST_DAY} to {LAST_DAY})")
    if since and until and since > until:
        raise ExploreError(f"since {since} is after until {until}")
    return since, until


def _limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_ROWS:
        raise ExploreError(f"limit {limit!r} is not a whole number between 1 and {MAX_ROWS}")
    return limit


def _role(role: str | None) -> str | None:
    if role is not None and role not in ROLES:
        raise ExploreError(f"role {role!r} is not one of {', '.join(ROLES)} (or None for both)")
    return role


def period_start(day: dt.date, by: str) -> dt.date:
    """The first day of the period of unit ``by`` (day, week from Monday, month, year) holding ``day``."""
    by = _by(by)
    if by == "day":
        return day
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def period_label(start: dt.date, by: str) -> str:
    """How a period is written: ``2024-05-08`` (day), ``2024-W19`` (ISO week), ``2024-05`` (month), ``2024``."""
    if by == "day":
        return start.isoformat()
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{start.year:04d}-{start.month:02d}"
    return f"{start.year:04d}"


_LABEL = {"week": re.compile(r"(\d{4})-W(\d{2})"), "month": re.compile(r"(\d{4})-(\d{2})"),
          "year": re.compile(r"(\d{4})")}


def parse_period(period: str | dt.date, by: str) -> dt.date:
    """The start of a period given as its label (``2024-05`` by month, ``2024-W19`` by week, ``2024`` by year,
    ``2024-05-08`` by day) or as any date inside it (a ``date``, or an ISO date string)."""
    by = _by(by)
    if isinstance(period, dt.date):
        return period_start(_day(period, "period") or period, by)
    text = str(period).strip()
    try:
        return period_start(dt.date.fromisoformat(text), by)
    except ValueError:
        pass
    match = _LABEL[by].fullmatch(text) if by in _LABEL else None
    try:
        if match and by == "week":
            return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        if match and by == "month":
            return dt.date(int(match[1]), int(match[2]), 1)
        if match and by == "year":
            return dt.date(int(match[1]), 1, 1)
    except ValueError:
        pass
    examples = {"day": "2024-05-08", "week": "2024-W19", "month": "2024-05", "year": "2024"}
    raise ExploreError(f"period {period!r} is not a {by} (like {examples[by]}) or a date (YYYY-MM-DD)")


# ---------------------------------------------------------------------------------------------------- SQL

class _Params:
    """Named query parameters: every user value goes through here, never into the SQL text."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"${name}"


# events with their country-level dyad keys and implied-actor flags (from the representative mention; a store
# upgraded from version 1 has no flag: there an implied actor is one with a code but no text, or an "implied" role)
_BASE = """
base AS (
    SELECT e.*,
           coalesce(e.source_country, e.source_code) AS source_key,
           coalesce(e.target_country, e.target_code) AS target_key,
           e.source_code IS NOT NULL AND coalesce(r.source_implied, coalesce(r.source_text, '') = ''
                                                  OR coalesce(r.source_role, '') LIKE 'implied%') AS source_implied,
           e.target_code IS NOT NULL AND coalesce(r.target_implied, coalesce(r.target_text, '') = ''
                                                  OR coalesce(r.target_role, '') LIKE 'implied%') AS target_implied
    FROM events e
    LEFT JOIN mentions r ON r.article_id = e.rep_article_id AND r.mention_id = e.rep_mention_id
)"""

# each mention's independent source, as the store counts num_sources: a syndicated copy counts as its original's
# publisher, an article with no publisher as its own source
_SOURCES = """
src AS (
    SELECT me.event_id,
           CASE WHEN d.duplicate_of IS NOT NULL THEN coalesce(o.publisher, 'article:' || d.duplicate_of)
                ELSE coalesce(m.publisher, 'article:' || m.article_id) END AS pub
    FROM mention_events me
    JOIN mentions m ON m.article_id = me.article_id AND m.mention_id = me.mention_id
    LEFT JOIN duplicates d ON d.article_id = m.article_id
    LEFT JOIN articles o ON o.id = d.duplicate_of
)"""

_QUADS = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS quad{q}" for q in (1, 2, 3, 4))


def _side(p: _Params, side: str, codes: tuple[str, ...]) -> str:
    """SQL: the ``side`` (source/target) actor matches one of ``codes`` (code prefix or country)."""
    parts = []
    for code in codes:
        value = p.add(code.strip().upper())
        parts.append(f"starts_with({side}_code, {value}) OR {side}_country = {value}")
    return "(" + " OR ".join(parts) + ")"


def _conditions(p: _Params, *, include_self: bool, include_implied: bool, include_nonactual: bool,
                since: dt.date | None, until: dt.date | None, dated: bool) -> list[str]:
    where = []
    if not include_nonactual:
        where.append("modality = 'actual'")
    if not include_self:
        where.append("(source_key IS NULL OR target_key IS NULL OR source_key <> target_key)")
    if not include_implied:
        where.append("NOT source_implied AND NOT target_implied")
    if dated:
        where.append("date IS NOT NULL")
    if since is not None:
        where.append(f"date >= {p.add(since)}")
    if until is not None:
        where.append(f"date <= {p.add(until)}")
    return where


@contextlib.contextmanager
def _connection(store: Store) -> Iterator[Any]:
    snap = store.snapshot()
    con = store.connect(snap)
    try:
        with reading(store.root, snap):
            yield con
    finally:
        con.close()


def _frame(store: Store, sql: str, p: _Params) -> pd.DataFrame:
    with _connection(store) as con:
        return con.execute(sql, p.values).df()


def _dyad_select(p: _Params, a: str, b: str, *, by: str, both_directions: bool, include_self: bool,
                 include_implied: bool, include_nonactual: bool, since: dt.date | None,
                 until: dt.date | None) -> str:
    """SQL of the CTE ``sel``: the dyad's dated events with their ``period`` and ``direction``."""
    codes_a, codes_b = _codes(a), _codes(b)
    ab = f"({_side(p, 'source', codes_a)} AND {_side(p, 'target', codes_b)})"
    where = _conditions(p, include_self=include_self, include_implied=include_implied,
                        include_nonactual=include_nonactual, since=since, until=until, dated=True)
    if both_directions:
        ba = f"({_side(p, 'source', codes_b)} AND {_side(p, 'target', codes_a)})"
        where.append(f"({ab} OR {ba})")
    else:
        where.append(ab)
    unit = p.add(by)
    direction = f"CASE WHEN {ab} THEN 'ab' ELSE 'ba' END" if both_directions else "'ab'"
    return (f"sel AS (SELECT *, CAST(date_trunc({unit}, date) AS DATE) AS period, {direction} AS direction FROM base "
            f"WHERE {' AND '.join(where)})")


# ---------------------------------------------------------------------------------------------------- API

def dyad_series(store: StoreLike, a: str, b: str, *, by: str = "month", both_directions: bool = False,
                include_self: bool = False, include_implied: bool = False, include_nonactual: bool = False,
                since: dt.date | None = None, until: dt.date | None = None) -> pd.DataFrame:
    """Events of the dyad ``a`` → ``b`` (and ``b`` → ``a`` with ``both_directions``) per period.

    One row per period, every period from the first to the last (from ``since``/``until`` when given) with
    zeros where nothing happened; no rows when no event matches. Columns: ``period`` (Timestamp, the first day of
    the period), ``period_label`` (``2024-05``, ``2024-W19``, ``2024``, ``2024-05-08``), ``events``,
    ``quad1``..``quad4`` (events per QuadClass), ``goldstein_sum``, ``goldstein_mean`` (NaN without events),
    ``mentions`` (reports of these events), ``sources`` (distinct independent publishers that reported them: a
    syndicated copy counts as its original's publisher, as in the store's ``num_sources``); with
    ``both_directions`` also ``events_ab``, ``events_ba``, ``goldstein_sum_ab``, ``goldstein_sum_ba``.
    """
    st, by = _store(store), _by(by)
    since, until = _range(since, until)
    p = _Params()
    sel = _dyad_select(p, a, b, by=by, both_directions=both_directions, include_self=include_self,
                       include_implied=include_implied, include_nonactual=include_nonactual, since=since,
                       until=until)
    sql = f"""WITH {_BASE}, {_SOURCES}, {sel},
        agg AS (SELECT period, count(*) AS events, {_QUADS},
                       round(coalesce(sum(goldstein), 0), 3) AS goldstein_sum, round(avg(goldstein), 4) AS goldstein_mean,
                       CAST(coalesce(sum(num_mentions), 0) AS BIGINT) AS mentions,
                       count(*) FILTER (WHERE direction = 'ab') AS events_ab,
                       count(*) FILTER (WHERE direction = 'ba') AS events_ba,
                       round(coalesce(sum(goldstein) FILTER (WHERE direction = 'ab'), 0), 3) AS goldstein_sum_ab,
                       round(coalesce(sum(goldstein) FILTER (WHERE direction = 'ba'), 0), 3) AS goldstein_sum_ba
                FROM sel GROUP BY period),
        srcs AS (SELECT sel.period, count(DISTINCT src.pub) AS sources FROM sel JOIN src USING (event_id)
                 GROUP BY sel.period)
        SELECT agg.*, coalesce(srcs.sources, 0) AS sources FROM agg LEFT JOIN srcs USING (period)
        ORDER BY period"""
    found = _frame(st, sql, p)
    columns = [*SERIES_COLUMNS, *(DIRECTION_COLUMNS if both_directions else ())]
    if found.empty:
        return _empty(columns, {"period": "datetime64[ns]", "goldstein_sum": "float64",
                                "goldstein_mean": "float64", "goldstein_sum_ab": "float64",
                                "goldstein_sum_ba": "float64"})
    found["period"] = pd.to_datetime(found["period"])
    first = pd.Timestamp(period_start(since, by)) if since else found["period"].min()
    last = pd.Timestamp(period_start(until, by)) if until else found["period"].max()
    first, last = min(first, found["period"].min()), max(last, found["period"].max())
    if (last - first).days > MAX_PERIODS * {"day": 1, "week": 7, "month": 28, "year": 365}[by]:
        raise ExploreError(f"{period_label(first.date(), by)} to {period_label(last.date(), by)} is more than "
                           f"{MAX_PERIODS} periods of a {by}: use a longer period or since/until")
    periods = pd.date_range(first, last, freq=_FREQ[by])
    series = found.set_index("period").reindex(periods)
    series.index.name = "period"
    series = series.reset_index()
    counts = ["events", *QUAD_COLUMNS, "mentions", "sources", "events_ab", "events_ba"]
    series[counts] = series[counts].fillna(0).astype("int64")
    for col in ("goldstein_sum", "goldstein_sum_ab", "goldstein_sum_ba"):
        series[col] = series[col].fillna(0.0).astype("float64")
    series["goldstein_mean"] = series["goldstein_mean"].astype("float64")
    series["period_label"] = [period_label(ts.date(), by) for ts in series["period"]]
    return series[columns]


def dyad_events(store: StoreLike, a: str, b: str, *, period: str | dt.date | None = None, by: str = "month",
                both_directions: bool = False, include_self: bool = False, include_implied: bool = False,
                include_nonactual: bool = False, since: dt.date | None = None, until: dt.date | None = None,
                limit: int | None = None) -> pd.DataFrame:
    """The events behind :func:`dyad_series`: those of one ``period`` (its label, e.g. ``2024-05`` by month,
    or any date inside it), or of every period when ``period`` is None; oldest first.

    Columns: ``event_id, date, period, period_label, cameo, cameo_name, quad_class, goldstein, source_code,
    source_name, source_country, target_code, target_name, target_country, modality, num_mentions, num_articles,
    num_sources``, ``sentence`` (the text of the event's representative mention), ``article_id`` and
    ``mention_id`` (that mention: the evidence), ``url`` (its article's first URL); with ``both_directions`` also
    ``direction`` (``ab``: ``a`` → ``b``, ``ba``: ``b`` → ``a``).
    """
    st, by = _store(store), _by(by)
    since, until = _range(since, until)
    if limit is not None:
        _limit(limit)
    p = _Params()
    sel = _dyad_select(p, a, b, by=by, both_directions=both_directions, include_self=include_self,
                       include_implied=include_implied, include_nonactual=include_nonactual, since=since,
                       until=until)
    where = ""
    if period is not None:
        where = f"WHERE period = {p.add(parse_period(period, by))}"
    sql = f"""WITH {_BASE}, {sel}
        SELECT event_id, date, period, cameo, cameo_name, quad_class, goldstein, source_code, source_name,
               source_country, target_code, target_name, target_country, modality, num_mentions, num_articles,
               num_sources, text AS sentence, rep_article_id AS article_id, rep_mention_id AS mention_id,
               urls[1] AS url, direction
        FROM sel {where} ORDER BY date, event_id"""
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    found = _frame(st, sql, p)
    columns = [*EVENT_COLUMNS, *(("direction",) if both_directions else ())]
    if found.empty:
        return _empty(columns, {"date": "object", "period": "datetime64[ns]", "goldstein": "float64",
                                "quad_class": "int8"})
    found["period"] = pd.to_datetime(found["period"])
    found["period_label"] = [period_label(ts.date(), by) for ts in found["period"]]
    found["date"] = [ts.date() for ts in pd.to_datetime(found["date"])]
    return found[columns].reset_index(drop=True)


def top_actors(store: StoreLike, *, limit: int = 20, role: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None, include_implied: bool = False, include_self: bool = False,
               include_nonactual: bool = False) -> pd.DataFrame:
    """The actors (by actor code) in the most events, as source and target or in one ``role`` (``source``,
    ``target``). Columns: ``actor`` (code), ``name`` (its most frequent name), ``country``, ``events``,
    ``as_source``, ``as_target``, ``quad1``..``quad4``, ``goldstein_sum``, ``goldstein_mean``; most events first
    (ties: by code). An implied actor is not counted unless ``include_implied``; the event's other side is."""
    st, limit, role = _store(store), _limit(limit), _role(role)
    since, until = _range(since, until)
    p = _Params()
    where = _conditions(p, include_self=include_self, include_implied=True, include_nonactual=include_nonactual,
                        since=since, until=until, dated=False)
    sides = " UNION ALL ".join(
        f"SELECT '{side}' AS role, event_id, {side}_code AS code, {side}_name AS name, {side}_country AS country, "
        f"{side}_implied AS implied, quad_class, goldstein FROM sel" for side in ROLES)
    keep = ["code IS NOT NULL"]
    if not include_implied:
        keep.append("NOT implied")
    if role is not None:
        keep.append(f"role = {p.add(role)}")
    sql = f"""WITH {_BASE}, sel AS (SELECT * FROM base {'WHERE ' + ' AND '.join(where) if where else ''}),
        sides AS ({sides}),
        one AS (SELECT code, event_id, any_value(name) AS name, any_value(country) AS country,
                       bool_or(role = 'source') AS is_source, bool_or(role = 'target') AS is_target,
                       any_value(quad_class) AS quad_class, any_value(goldstein) AS goldstein
                FROM sides WHERE {' AND '.join(keep)} GROUP BY code, event_id)
        SELECT code AS actor, mode(name) AS name, mode(country) AS country, count(*) AS events,
               count(*) FILTER (WHERE is_source) AS as_source, count(*) FILTER (WHERE is_target) AS as_target,
               {_QUADS}, round(coalesce(sum(goldstein), 0), 3) AS goldstein_sum, round(avg(goldstein), 4) AS goldstein_mean
        FROM one GROUP BY code ORDER BY events DESC, actor LIMIT {int(limit)}"""
    found = _frame(st, sql, p)
    if found.empty:
        return _empty(list(ACTOR_COLUMNS), {"goldstein_sum": "float64", "goldstein_mean": "float64"})
    return found[list(ACTOR_COLUMNS)]


def actor_partners(store: StoreLike, actor: str, *, limit: int = 20, since: dt.date | None = None,
                   until: dt.date | None = None, include_self: bool = False, include_implied: bool = False,
                   include_nonactual: bool = False) -> pd.DataFrame:
    """The actors ``actor`` has events with (by the partner's actor code), most events first. Columns:
    ``partner`` (code), ``name``, ``country``, ``events``, ``outgoing`` (``actor`` → partner), ``incoming``
    (partner → ``actor``), ``quad1``..``quad4``, ``goldstein_sum``, ``goldstein_mean``, ``goldstein_mean_out``,
    ``goldstein_mean_in`` (NaN when there is no event that way)."""
    st, limit = _store(store), _limit(limit)
    since, until = _range(since, until)
    codes = _codes(actor)
    p = _Params()
    where = _conditions(p, include_self=include_self, include_implied=include_implied,
                        include_nonactual=include_nonactual, since=since, until=until, dated=False)
    out_match, in_match = _side(p, "source", codes), _side(p, "target", codes)
    sql = f"""WITH {_BASE},
        sel AS (SELECT *, coalesce({out_match}, false) AS is_out, coalesce({in_match}, false) AS is_in FROM base
                {'WHERE ' + ' AND '.join(where) if where else ''}),
        pairs AS (SELECT CASE WHEN is_out THEN target_code ELSE source_code END AS partner,
                         CASE WHEN is_out THEN target_name ELSE source_name END AS name,
                         CASE WHEN is_out THEN target_country ELSE source_country END AS country,
                         is_out, quad_class, goldstein
                  FROM sel WHERE (is_out AND target_code IS NOT NULL) OR (is_in AND source_code IS NOT NULL))
        SELECT partner, mode(name) AS name, mode(country) AS country, count(*) AS events,
               count(*) FILTER (WHERE is_out) AS outgoing, count(*) FILTER (WHERE NOT is_out) AS incoming,
               {_QUADS}, round(coalesce(sum(goldstein), 0), 3) AS goldstein_sum, round(avg(goldstein), 4) AS goldstein_mean,
               round(avg(goldstein) FILTER (WHERE is_out), 4) AS goldstein_mean_out,
               round(avg(goldstein) FILTER (WHERE NOT is_out), 4) AS goldstein_mean_in
        FROM pairs GROUP BY partner ORDER BY events DESC, partner LIMIT {int(limit)}"""
    found = _frame(st, sql, p)
    floats = {c: "float64" for c in ("goldstein_sum", "goldstein_mean", "goldstein_mean_out", "goldstein_mean_in")}
    if found.empty:
        return _empty(list(PARTNER_COLUMNS), floats)
    return found[list(PARTNER_COLUMNS)].astype(floats)


def top_dyads(store: StoreLike, *, limit: int = 20, include_self: bool = False, include_implied: bool = False,
              include_nonactual: bool = False, since: dt.date | None = None,
              until: dt.date | None = None) -> pd.DataFrame:
    """The directed dyads with the most events. A side is its country (its actor code when no country is
    known), as ``diurna ingest``'s summary counts them. Columns: ``source``, ``source_name``, ``target``,
    ``target_name``, ``events``, ``mentions``, ``quad1``..``quad4``, ``goldstein_sum``, ``goldstein_mean``,
    ``sources`` (distinct independent publishers); most events first (ties: by source, target)."""
    st, limit = _store(store), _limit(limit)
    since, until = _range(since, until)
    p = _Params()
    where = _conditions(p, include_self=include_self, include_implied=include_implied,
                        include_nonactual=include_nonactual, since=since, until=until, dated=False)
    where.append("source_key IS NOT NULL AND target_key IS NOT NULL")
    sql = f"""WITH {_BASE}, {_SOURCES}, sel AS (SELECT * FROM base WHERE {' AND '.join(where)}),
        agg AS (SELECT source_key AS source, target_key AS target,
                       coalesce(mode(source_name) FILTER (WHERE source_code = source_key), mode(source_name))
                         AS source_name,
                       coalesce(mode(target_name) FILTER (WHERE target_code = target_key), mode(target_name))
                         AS target_name,
                       count(*) AS events, CAST(coalesce(sum(num_mentions), 0) AS BIGINT) AS mentions, {_QUADS},
                       round(coalesce(sum(goldstein), 0), 3) AS goldstein_sum, round(avg(goldstein), 4) AS goldstein_mean
                FROM sel GROUP BY source_key, target_key),
        srcs AS (SELECT source_key AS source, target_key AS target, count(DISTINCT src.pub) AS sources
                 FROM sel JOIN src USING (event_id) GROUP BY source_key, target_key)
        SELECT agg.*, coalesce(srcs.sources, 0) AS sources FROM agg LEFT JOIN srcs USING (source, target)
        ORDER BY events DESC, source, target LIMIT {int(limit)}"""
    found = _frame(st, sql, p)
    if found.empty:
        return _empty(list(DYAD_COLUMNS), {"goldstein_sum": "float64", "goldstein_mean": "float64"})
    for side in ("source", "target"):  # a country's own name, not that of its most frequent official
        found[f"{side}_name"] = [_country_name(key) or name for key, name in
                                 zip(found[side], found[f"{side}_name"], strict=True)]
    return found[list(DYAD_COLUMNS)]


def _country_name(code: Any) -> str | None:
    """The dictionary's name of a country code (``BRA`` -> ``Brazil``); None for another code."""
    if not isinstance(code, str) or len(code) != 3:
        return None
    from diurna.actors.dictionary import load_actor_dictionary

    return load_actor_dictionary().country_name(code)


def _empty(columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    """A frame with no rows and the columns (and types) a non-empty answer would have."""
    return pd.DataFrame({c: pd.Series([], dtype=dtypes.get(c, "int64" if c not in _TEXT else "str"))
                         for c in columns})


_TEXT = frozenset({"period_label", "event_id", "date", "cameo", "cameo_name", "source_code", "source_name",
                   "source_country", "target_code", "target_name", "target_country", "modality", "sentence",
                   "article_id", "mention_id", "url", "direction", "actor", "name", "country", "partner", "source",
                   "target"})
