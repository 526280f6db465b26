"""``diurna events``: query the events (or mentions) of a store."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

import click

from diurna.cli.export import abandon_stdout
from diurna.cli.ingest import DEFAULT_STORE
from diurna.errors import DiurnaError

if TYPE_CHECKING:
    import pyarrow as pa

MAX_LIMIT = 2**63 - 1  # diurna.store.query.MAX_LIMIT (DuckDB's LIMIT is a signed 64-bit integer), not imported:
# the store modules load DuckDB, which every other command would then pay for at start-up

_TABLE_COLUMNS = {
    False: ("event_id", "date", "cameo", "cameo_name", "source_code", "target_code", "modality", "location_name",
            "num_mentions", "num_articles", "num_sources"),
    True: ("article_id", "mention_id", "event_id", "date", "cameo", "source_code", "target_code", "modality",
           "trigger", "is_copy"),
}


def _not_empty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """An empty filter value (``--actor ""``) is refused: it would match every event. Leave the option out
    for no filter."""
    values = value if isinstance(value, tuple) else (value,)
    if value is not None and any(not str(v).strip() for v in values):
        raise click.BadParameter("is empty; leave the option out to list every event")
    return value


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.command("events")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False))
@click.option("--actor", default=None, callback=_not_empty, metavar="CODE",
              help="Source or target code/country (prefix: USA matches USAGOV).")
@click.option("--dyad", nargs=2, default=None, callback=_not_empty, metavar="SOURCE TARGET",
              help="Source and target code/country.")
@click.option("--cameo", default=None, callback=_not_empty, metavar="ROOT|CODE",
              help="CAMEO root (04), base (042) or code (0421).")
@click.option("--plover", default=None, callback=_not_empty, metavar="TYPE",
              help="PLOVER event type (CONSULT, PROTEST, ...).")
@click.option("--since", default=None, callback=_date, metavar="YYYY-MM-DD")
@click.option("--until", default=None, callback=_date, metavar="YYYY-MM-DD")
@click.option("--modality", type=click.Choice(["actual", "anticipated", "negated", "hypothetical"]), default=None)
@click.option("--limit", type=click.IntRange(min=1, max=MAX_LIMIT), default=None, help="At most N rows.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default=None,
              help="Output format (default: table on a terminal, jsonl otherwise).")
@click.option("--mentions", is_flag=True, help="List the mentions (one per report) instead of the events.")
def events(store_dir: str, actor: str | None, dyad: tuple[str, str] | None, cameo: str | None, plover: str | None,
           since: dt.date | None, until: dt.date | None, modality: str | None, limit: int | None, fmt: str | None,
           mentions: bool) -> None:
    """Events of a store (clusters of reports), newest first; with --mentions, the reports themselves."""
    from diurna.store import EventFilter, Store
    from diurna.store.export import write_csv, write_jsonl

    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "jsonl"
    try:
        store = Store(store_dir)
        result = store.events(EventFilter(actor=actor, dyad=(dyad[0], dyad[1]) if dyad else None, cameo=cameo,
                                          plover=plover, since=since, until=until, modality=modality, limit=limit),
                              mentions=mentions)
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    out = sys.stdout
    try:
        if fmt == "jsonl":
            write_jsonl(result, out)
        elif fmt == "csv":
            write_csv(result, out)
        else:
            print_events_table(result, mentions)
        out.flush()
    except BrokenPipeError:  # `diurna events | head`: the reader went away; stop quietly
        sys.stderr.close()
        sys.exit(0)
    except OSError as exc:
        abandon_stdout()
        raise click.ClickException(f"cannot write the output ({exc.strerror or exc})") from None


def print_events_table(result: pa.Table, mentions: bool) -> None:
    """The events (or mentions) as a rich table; every cell is plain text (a title or id that looks like rich
    markup is shown as it is)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{result.num_rows} {'mentions' if mentions else 'events'}", title_justify="left")
    columns = [c for c in _TABLE_COLUMNS[mentions] if c in result.column_names]
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in result.select(columns).to_pylist():
        table.add_row(*(Text("-" if v is None else str(v)) for v in row.values()))
    Console().print(table)
