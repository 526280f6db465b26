"""``diurna dyad``, ``diurna top-dyads`` and ``diurna next-steps``: a thin layer over :mod:`diurna.explore`."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from diurna.cli.ingest import DEFAULT_STORE
from diurna.errors import DiurnaError

if TYPE_CHECKING:
    import pandas as pd

BY = ("day", "week", "month", "year")  # diurna.explore.BY (not imported: pandas and DuckDB load slowly)
PLOT_SUFFIXES = (".png", ".svg", ".html")
SERIES_TABLE = ("period_label", "events", "quad1", "quad2", "quad3", "quad4", "goldstein_sum", "goldstein_mean",
                "sources")
DIRECTION_TABLE = ("events_ab", "events_ba")
DYADS_TABLE = ("source", "source_name", "target", "target_name", "events", "mentions", "quad1", "quad2", "quad3",
               "quad4", "goldstein_sum", "goldstein_mean", "sources")
DYADS_TABLE_SHORT = ("source", "source_name", "target", "target_name", "events", "quad1", "quad2", "quad3", "quad4",
                     "goldstein_mean", "sources")
_HEADERS = {"period_label": "period", "goldstein_sum": "gs sum", "goldstein_mean": "gs mean", "quad1": "q1",
            "quad2": "q2", "quad3": "q3", "quad4": "q4", "source_name": "name", "target_name": "name",
            "as_source": "as source", "as_target": "as target", "events_ab": "A->B", "events_ba": "B->A"}
CAPTION = ("q1 verbal cooperation, q2 material cooperation, q3 verbal conflict, q4 material conflict (events); "
           "gs Goldstein scale")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def include_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The three ``--include-*`` flags and ``--since``/``--until`` shared by the explore commands."""
    for option in reversed((
        click.option("--include-self", is_flag=True,
                     help="Count self-dyads (source and target in the same country)."),
        click.option("--include-implied", is_flag=True,
                     help="Count actors the text does not name but CAMEO implies (a protest's government)."),
        click.option("--include-nonactual", is_flag=True,
                     help="Count anticipated, negated and hypothetical events as well as actual ones."),
        click.option("--since", default=None, callback=_date, metavar="YYYY-MM-DD", help="First event date."),
        click.option("--until", default=None, callback=_date, metavar="YYYY-MM-DD", help="Last event date."),
    )):
        command = option(command)
    return command


def check_range(since: dt.date | None, until: dt.date | None) -> None:
    if since and until and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}", param_hint="'--since'/'--until'")


def _cell(value: Any, column: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}" if column.endswith("mean") else f"{value:.1f}"
    return str(value)


def _plain(value: Any) -> Any:
    """A DataFrame cell as JSON/CSV shows it: dates as YYYY-MM-DD, NaN as null."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "date") and callable(value.date):  # pandas Timestamp
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def print_frame(frame: pd.DataFrame, columns: Sequence[str], title: str, fmt: str) -> None:
    """``frame``'s ``columns`` as a rich table (every cell plain text), CSV or JSON lines on stdout."""
    columns = [c for c in columns if c in frame.columns]
    rows = [[_plain(v) for v in row] for row in frame[columns].itertuples(index=False)]
    try:
        if fmt == "jsonl":
            for row in rows:
                sys.stdout.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([["" if v is None else v for v in row] for row in rows])
        else:
            from rich import box
            from rich.console import Console
            from rich.table import Table
            from rich.text import Text

            quads = any(c.startswith("quad") for c in columns)
            table = Table(title=title, title_justify="left", caption=CAPTION if quads else None,
                          caption_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                          collapse_padding=True)
            for c in columns:
                numeric = c in ("events", "mentions", "sources") or c.startswith(("quad", "goldstein", "events_",
                                                                                    "as_"))
                header = _HEADERS.get(c, c.replace("_", " "))
                table.add_column(header, justify="right" if numeric else "left", overflow="ellipsis", no_wrap=True,
                                 min_width=len(header) if numeric else 6, max_width=None if numeric else 24)
            for row in rows:
                table.add_row(*(Text(_cell(v, c)) for v, c in zip(row, columns, strict=True)))
            Console().print(table)
        sys.stdout.flush()
    except BrokenPipeError:  # `diurna dyad ... | head`: the reader went away
        sys.stderr.close()
        sys.exit(0)


def _format_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table",
                        show_default=True, help="Output format.")(command)


def _plot_path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise click.BadParameter(f"{value!r}: the chart format comes from the suffix; use one of "
                                 f"{', '.join(PLOT_SUFFIXES)}")
    return path


@click.command("dyad")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False))
@click.option("--by", type=click.Choice(BY), default="month", show_default=True, help="Period of each row.")
@click.option("--both-directions", is_flag=True, help="Count B -> A events as well as A -> B.")
@include_options
@click.option("--plot", "plot", default=None, callback=_plot_path, metavar="FILE.png|FILE.svg|FILE.html",
              help="Also draw the timeline: stacked QuadClass bars and the Goldstein sum.")
@_format_option
def dyad(a: str, b: str, store_dir: str, by: str, both_directions: bool, include_self: bool, include_implied: bool,
         include_nonactual: bool, since: dt.date | None, until: dt.date | None, plot: Path | None,
         fmt: str) -> None:
    """How relations between A and B moved: events per period by QuadClass, Goldstein sum and mean, independent
    sources. A and B are actor codes (USAGOV; a prefix, USA matches USAGOV), countries (TUR) or names."""
    from diurna.explore import ExploreError, dyad_series, plot_dyad

    check_range(since, until)
    for name, value in (("A", a), ("B", b)):
        if not value.strip():
            raise click.BadParameter("is empty: give an actor code or name", param_hint=name)
    try:
        series = dyad_series(store_dir, a, b, by=by, both_directions=both_directions, include_self=include_self,
                             include_implied=include_implied, include_nonactual=include_nonactual, since=since,
                             until=until)
    except ExploreError as exc:
        raise click.UsageError(str(exc)) from None
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    arrow = "<->" if both_directions else "->"
    total = int(series["events"].sum()) if len(series) else 0
    title = f"{a} {arrow} {b}: {total} events by {by}"
    columns = [*SERIES_TABLE, *(DIRECTION_TABLE if both_directions else ())]
    print_frame(series, columns, title, fmt)
    if series.empty:
        click.echo(f"note: no events of {a} {arrow} {b} match; try --both-directions, --include-nonactual, "
                   f"or `diurna top-dyads` for the dyads the store has"
                   + ("; no chart written" if plot else ""), err=True)
        return
    if plot is not None:
        try:
            written = plot_dyad(series, plot, title=f"{a} {arrow} {b}, by {by}")
        except DiurnaError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"chart written to {written}", err=True)


@click.command("top-dyads")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False))
@click.option("--limit", type=click.IntRange(min=1, max=100_000), default=20, show_default=True,
              help="How many dyads.")
@include_options
@_format_option
def top_dyads(store_dir: str, limit: int, include_self: bool, include_implied: bool, include_nonactual: bool,
              since: dt.date | None, until: dt.date | None, fmt: str) -> None:
    """The directed dyads (source country -> target country) with the most events."""
    from diurna.explore import ExploreError
    from diurna.explore import top_dyads as query

    check_range(since, until)
    try:
        frame = query(store_dir, limit=limit, include_self=include_self, include_implied=include_implied,
                      include_nonactual=include_nonactual, since=since, until=until)
    except ExploreError as exc:
        raise click.UsageError(str(exc)) from None
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    print_frame(frame, DYADS_TABLE if fmt != "table" else DYADS_TABLE_SHORT, f"top {len(frame)} dyads", fmt)
    if frame.empty:
        click.echo("note: no events match", err=True)


@click.command("next-steps", hidden=True)
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False))
def next_steps(store_dir: str) -> None:
    """Commands to try next on a store (printed at the end of `make run`)."""
    from diurna.explore import next_steps as steps

    try:
        commands = steps(store_dir, store_arg=store_dir)
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("\nNext, try (after `. .venv/bin/activate`):")
    for command in commands:
        click.echo(f"  {command}")
