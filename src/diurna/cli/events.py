"""``diurna events``: query the events (or mentions) of a store."""

from __future__ import annotations

import datetime as dt
import sys

import click

from diurna.cli.ingest import DEFAULT_STORE
from diurna.errors import DiurnaError

_TABLE_COLUMNS = {
    False: ("event_id", "date", "cameo", "cameo_name", "source_code", "target_code", "modality", "location_name",
            "num_mentions", "num_articles", "num_sources"),
    True: ("article_id", "mention_id", "event_id", "date", "cameo", "source_code", "target_code", "modality",
           "trigger", "is_copy"),
}


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.command("events")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False))
@click.option("--actor", default=None, metavar="CODE", help="Source or target code/country (prefix: USA matches USAGOV).")
@click.option("--dyad", nargs=2, default=None, metavar="SOURCE TARGET", help="Source and target code/country.")
@click.option("--cameo", default=None, metavar="ROOT|CODE", help="CAMEO root (04), base (042) or code (0421).")
@click.option("--plover", default=None, metavar="TYPE", help="PLOVER event type (CONSULT, PROTEST, ...).")
@click.option("--since", default=None, callback=_date, metavar="YYYY-MM-DD")
@click.option("--until", default=None, callback=_date, metavar="YYYY-MM-DD")
@click.option("--modality", type=click.Choice(["actual", "anticipated", "negated", "hypothetical"]), default=None)
@click.option("--limit", type=click.IntRange(min=1), default=None)
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
        result = store.events(EventFilter(actor=actor, dyad=(dyad[0], dyad[1]) if dyad else None, cameo=cameo, plover=plover,
                                          since=since, until=until, modality=modality, limit=limit),
                              mentions=mentions)
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    out = sys.stdout
    if fmt == "jsonl":
        write_jsonl(result, out)
    elif fmt == "csv":
        write_csv(result, out)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{result.num_rows} {'mentions' if mentions else 'events'}", title_justify="left")
        columns = [c for c in _TABLE_COLUMNS[mentions] if c in result.column_names]
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in result.select(columns).to_pylist():
            table.add_row(*("-" if v is None else str(v) for v in row.values()))
        Console().print(table)
