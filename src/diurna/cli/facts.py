"""``diurna quotes`` and ``diurna amounts``: the quotes and amounts of a store (library:
:mod:`diurna.store.facts_query`)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from typing import IO, TYPE_CHECKING, Any

import click

from diurna.cli.export import abandon_stdout
from diurna.cli.ingest import DEFAULT_STORE
from diurna.errors import DiurnaError

if TYPE_CHECKING:
    import pyarrow as pa

# diurna.store.facts_query's names, spelled out: importing it loads DuckDB, which every other command would pay for
QUOTE_KINDS = ("direct", "indirect")
AMOUNT_KINDS = ("money", "count", "percent", "duration", "quantity")
CASUALTIES = ("dead", "injured", "arrested")
MAX_LIMIT = 2**63 - 1
FORMATS = ("table", "csv", "jsonl")
QUOTE_TABLE = ("article_id", "sentence", "kind", "speaker", "speaker_code", "verb", "text")
AMOUNT_TABLE = ("article_id", "sentence", "kind", "text", "value", "unit", "approximate", "counted", "verb",
                "casualty", "actors")


def _not_empty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    values = value if isinstance(value, tuple) else (value,)
    if value is not None and any(not str(v).strip() for v in values):
        raise click.BadParameter("is empty; leave the option out for no filter")
    return value


@click.command("quotes")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False))
@click.option("--speaker", default=None, callback=_not_empty, metavar="CODE|NAME",
              help="Speaker code or country (prefix: RUS matches RUSGOV), or part of the speaker's name.")
@click.option("--kind", type=click.Choice(QUOTE_KINDS), default=None,
              help="direct (in quotation marks) or indirect (\"X said that ...\").")
@click.option("--limit", type=click.IntRange(min=1, max=MAX_LIMIT), default=None, help="At most N rows.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: table on a terminal, jsonl otherwise).")
def quotes(store_dir: str, speaker: str | None, kind: str | None, limit: int | None, fmt: str | None) -> None:
    """Quotes of a store with their speakers, newest articles first."""
    from diurna.store import Store
    from diurna.store.facts_query import QuoteFilter
    from diurna.store.facts_query import quotes as select

    try:
        result = select(Store(store_dir), QuoteFilter(speaker=speaker, kind=kind, limit=limit))
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    _write(result, fmt, QUOTE_TABLE)


@click.command("amounts")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False))
@click.option("--dyad", nargs=2, default=None, callback=_not_empty, metavar="A B",
              help="Both codes or countries among the actors of the amount's sentence (prefix: USA matches USAGOV).")
@click.option("--actor", default=None, callback=_not_empty, metavar="CODE",
              help="One code or country among the actors of the amount's sentence.")
@click.option("--kind", type=click.Choice(AMOUNT_KINDS), default=None, help="The kind of amount.")
@click.option("--casualty", type=click.Choice(CASUALTIES), default=None,
              help="Casualty counts of one kind (PLOVER's size fields).")
@click.option("--limit", type=click.IntRange(min=1, max=MAX_LIMIT), default=None, help="At most N rows.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: table on a terminal, jsonl otherwise).")
def amounts(store_dir: str, dyad: tuple[str, str] | None, actor: str | None, kind: str | None,
            casualty: str | None, limit: int | None, fmt: str | None) -> None:
    """Amounts of a store (money, counts, percentages, durations), newest articles first."""
    from diurna.store import Store
    from diurna.store.facts_query import AmountFilter
    from diurna.store.facts_query import amounts as select

    try:
        result = select(Store(store_dir), AmountFilter(dyad=(dyad[0], dyad[1]) if dyad else None, actor=actor,
                                                       kind=kind, casualty=casualty, limit=limit))
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    _write(result, fmt, AMOUNT_TABLE)


def _write(result: pa.Table, fmt: str | None, table_columns: tuple[str, ...]) -> None:
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "jsonl"
    rows = result.to_pylist()
    try:
        if fmt == "jsonl":
            for row in rows:
                sys.stdout.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        elif fmt == "csv":
            _csv(rows, result.column_names, sys.stdout)
        else:
            _table(rows, table_columns)
        sys.stdout.flush()
    except BrokenPipeError:
        abandon_stdout()
    if not rows:
        click.echo("no rows match", err=True)


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


def _csv(rows: list[dict[str, Any]], columns: list[str], out: IO[str]) -> None:
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    Console().print(table)
