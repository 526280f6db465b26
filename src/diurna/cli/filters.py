"""The query options shared by ``diurna events`` and ``diurna export``: one click decorator over
:class:`diurna.filters.EventFilter` (the library's one filter set)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import click

from diurna.filters import MAX_LIMIT, MODALITIES, SORTS, EventFilter, FilterError

#: EventFilter field -> the option that sets it (for the messages of FilterError)
OPTION_OF = {"actor": "--actor", "dyad": "--dyad", "cameo": "--cameo", "plover": "--plover", "since": "--since",
             "until": "--until", "modality": "--modality", "min_confidence": "--min-confidence",
             "min_sources": "--min-sources", "text": "--text", "sort": "--sort", "columns": "--columns",
             "limit": "--limit"}


def _not_empty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """An empty filter value (``--actor ""``) is refused: it would match every event. Leave the option out
    for no filter."""
    flat = [v for item in (value or ()) for v in (item if isinstance(item, tuple) else (item,))]
    if any(not str(v).strip() for v in flat):
        raise click.BadParameter("is empty; leave the option out to list every event")
    return value


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _columns(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...] | None:
    names = [c.strip() for v in value for c in v.split(",")]
    if value and not any(names):
        raise click.BadParameter("is empty; name columns (event_id,date,cameo) or leave the option out")
    return tuple(n for n in names if n) or None


_OPTIONS: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
    click.option("--actor", multiple=True, callback=_not_empty, metavar="NAME|CODE",
                 help="Source or target: a name (Turkey, Türkiye, the UN) or a code (TUR; a prefix: USA matches "
                      "USAGOV). Repeat for any of several."),
    click.option("--dyad", nargs=2, multiple=True, callback=_not_empty, metavar="SOURCE TARGET",
                 help="Source and target names or codes (a joint act matches either way). Repeatable."),
    click.option("--cameo", multiple=True, callback=_not_empty, metavar="CODE",
                 help="CAMEO root (4 or 04), base (042) or code (0421). Repeatable."),
    click.option("--plover", multiple=True, callback=_not_empty, metavar="TYPE",
                 help="PLOVER event type (CONSULT, PROTEST, ...). Repeatable."),
    click.option("--since", default=None, callback=_date, metavar="YYYY-MM-DD", help="Events on or after."),
    click.option("--until", default=None, callback=_date, metavar="YYYY-MM-DD", help="Events on or before."),
    click.option("--modality", multiple=True, type=click.Choice(MODALITIES),
                 help="actual, anticipated, negated or hypothetical. Repeatable."),
    click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None, metavar="0-1",
                 help="Only events of at least this confidence."),
    click.option("--min-sources", type=click.IntRange(min=1), default=None, metavar="N",
                 help="Only events reported by at least N independent sources."),
    click.option("--countries-known", is_flag=True, help="Only events whose source and target countries are known."),
    click.option("--no-implied", "exclude_implied", is_flag=True,
                 help="Leave out events with an implied source or target (not named in the text)."),
    click.option("--no-self", "exclude_self", is_flag=True,
                 help="Leave out self-dyads (the same country on both sides)."),
    click.option("--text", multiple=True, callback=_not_empty, metavar="WORDS",
                 help="Only events with a report whose sentence contains WORDS (case-insensitive). Repeatable."),
    click.option("--sort", type=click.Choice(list(SORTS)), default=None,
                 help="; ".join(f"{k}: {v[0]}" for k, v in SORTS.items())
                      + " (default: date for diurna events, id for diurna export)."),
    click.option("--columns", multiple=True, callback=_columns, metavar="COL,COL...",
                 help="Only these columns, in this order (comma-separated or repeated)."),
    click.option("--limit", type=click.IntRange(min=1, max=MAX_LIMIT), default=None, help="At most N rows."),
]

FILTER_PARAMS = ("actor", "dyad", "cameo", "plover", "since", "until", "modality", "min_confidence", "min_sources",
                 "countries_known", "exclude_implied", "exclude_self", "text", "sort", "columns", "limit")


def filter_error(exc: FilterError) -> click.BadParameter:
    """A :class:`FilterError` as the usage error of the option at fault (exit 2)."""
    return click.BadParameter(str(exc), param_hint=f"'{OPTION_OF.get(exc.field, exc.field)}'")


def filter_options(default_sort: str = "date") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add the query options to a click command; the command receives one ``event_filter`` argument (an
    :class:`EventFilter`, its names and codes already checked) instead of the separate options. ``default_sort``:
    the order when ``--sort`` is not given."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def wrapper(**kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in FILTER_PARAMS}
            values["sort"] = values["sort"] or default_sort
            kwargs["event_filter"] = make_filter(values)
            return command(**kwargs)

        for option in reversed(_OPTIONS):
            wrapper = option(wrapper)
        return wrapper

    return decorate


def make_filter(values: dict[str, Any]) -> EventFilter:
    """The :class:`EventFilter` of the parsed option values, checked (names, codes, contradictions): a bad value
    is a usage error naming its option."""
    from diurna.config import Config

    try:
        options: dict[str, Any] = {k: (v or None) if isinstance(v, tuple) else v for k, v in values.items()}
        flt = EventFilter(**options)
        flt.resolve(Config.from_env())
    except FilterError as exc:
        raise filter_error(exc) from None
    return flt


def note_empty(what: str, flt: EventFilter, store: str) -> None:
    """The one-line note on stderr when a valid filter matched nothing: what was searched, with the codes the names
    stand for."""
    from diurna.config import Config

    click.echo(f"note: no {what} in {store} match {flt.describe(flt.resolve(Config.from_env()))}", err=True)
