"""``diurna actors``: the most active actors of a store, by role; with ``--unresolved``, the actor phrases a corpus
leaves without a country, to grow the dictionaries."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from diurna.cli.dyad import check_range, include_options, print_frame
from diurna.errors import DiurnaError

ACTORS_TABLE = ("actor", "name", "events", "as_source", "as_target", "quad1", "quad2", "quad3", "quad4",
                "goldstein_mean")
ACTORS_COLUMNS = ("actor", "name", "country", "events", "as_source", "as_target", "quad1", "quad2", "quad3", "quad4",
                  "goldstein_sum", "goldstein_mean")


@click.command("actors")
@click.argument("inputs", nargs=-1, metavar="[FILES]...")
@click.option("--unresolved", is_flag=True,
              help="List actor phrases left without a country, by frequency, with an example sentence each.")
@click.option("--store", "store_dir", default=None, type=click.Path(file_okay=False),
              help="The store to read (default diurna-store); with --unresolved, instead of coding FILES.")
@click.option("--role", type=click.Choice(["source", "target"]), default=None,
              help="Top actors: count one role only (default: both).")
@include_options
@click.option("--limit", type=click.IntRange(min=1, max=100_000), default=None,
              help="How many rows (default 20 actors, 50 phrases).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default=None,
              help="Output format (default: table on a terminal, jsonl otherwise).")
def actors(inputs: tuple[str, ...], unresolved: bool, store_dir: str | None, role: str | None, include_self: bool,
           include_implied: bool, include_nonactual: bool, since: dt.date | None, until: dt.date | None,
           limit: int | None, fmt: str | None) -> None:
    """The actors of a store with the most events (as source, target or both); with --unresolved, the actor
    phrases of a corpus (FILES, coded now) or of a store left without a country."""
    if not unresolved:
        _top_actors(inputs, store_dir, role, include_self, include_implied, include_nonactual, since, until,
                    limit or 20, fmt)
        return
    if role or include_self or include_implied or include_nonactual or since or until:
        raise click.UsageError("--role, --include-*, --since and --until list the top actors: leave out --unresolved")
    limit = limit or 50
    from diurna.actors.unresolved import from_articles, from_store

    if bool(inputs) == bool(store_dir):
        raise click.UsageError("give either FILES or --store DIR")
    try:
        if store_dir:
            rows = from_store(store_dir)
        else:
            from diurna.articles import read_articles
            from diurna.config import Config
            from diurna.pipeline import code_articles, resources

            from diurna.errors import InputError

            def good():
                for item in read_articles(list(inputs)):
                    if isinstance(item, InputError):
                        click.echo(f"error: {item}", err=True)
                    else:
                        yield item

            # an actor the dictionaries miss often leaves its event one-sided, which coding withholds by default:
            # keep those events here, where their phrases are what the list is for
            res = resources(Config.from_env(one_sided_events=True))
            rows = from_articles(code_articles(good(), res=res))
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = rows[:limit]
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps({"phrase": r.phrase, "count": r.count, "example": r.example, "article": r.article},
                                  ensure_ascii=False))
        return
    table = Table(title="actor phrases without a country")
    for col in ("phrase", "count", "example"):
        table.add_column(col, justify="right" if col == "count" else "left")
    for r in rows:
        table.add_row(escape(r.phrase), str(r.count), escape(r.example[:160]))
    Console().print(table)


def _top_actors(inputs: tuple[str, ...], store_dir: str | None, role: str | None, include_self: bool,
                include_implied: bool, include_nonactual: bool, since: dt.date | None, until: dt.date | None,
                limit: int, fmt: str | None) -> None:
    from diurna.cli.ingest import DEFAULT_STORE
    from diurna.explore import ExploreError, top_actors

    if inputs:
        raise click.UsageError("FILES are coded only with --unresolved; the top actors come from --store DIR")
    check_range(since, until)
    try:
        frame = top_actors(store_dir or DEFAULT_STORE, limit=limit, role=role, since=since, until=until,
                           include_implied=include_implied, include_self=include_self,
                           include_nonactual=include_nonactual)
    except ExploreError as exc:
        raise click.UsageError(str(exc)) from None
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    title = f"top {len(frame)} actors" + (f" as {role}" if role else "")
    print_frame(frame, ACTORS_TABLE if fmt == "table" else ACTORS_COLUMNS, title, fmt)
    if frame.empty:
        click.echo("note: no events match", err=True)
