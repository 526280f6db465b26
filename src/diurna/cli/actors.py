"""``diurna actors --unresolved``: the actor phrases a corpus leaves without a country, to grow the dictionaries."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from diurna.errors import DiurnaError


@click.command("actors")
@click.argument("inputs", nargs=-1, metavar="[FILES]...")
@click.option("--unresolved", is_flag=True, required=True,
              help="List actor phrases left without a country, by frequency, with an example sentence each.")
@click.option("--store", "store_dir", default=None, type=click.Path(file_okay=False),
              help="Read the mentions of a store instead of coding FILES.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default=None,
              help="Output format (default: table on a terminal, jsonl otherwise).")
def actors(inputs: tuple[str, ...], unresolved: bool, store_dir: str | None, limit: int, fmt: str | None) -> None:
    """Actors of a corpus (FILES, coded now) or of a store."""
    from diurna.actors.unresolved import from_articles, from_store

    if bool(inputs) == bool(store_dir):
        raise click.UsageError("give either FILES or --store DIR")
    try:
        if store_dir:
            rows = from_store(store_dir)
        else:
            from diurna.articles import read_articles
            from diurna.pipeline import code_articles

            from diurna.errors import InputError

            def good():
                for item in read_articles(list(inputs)):
                    if isinstance(item, InputError):
                        click.echo(f"error: {item}", err=True)
                    else:
                        yield item

            rows = from_articles(code_articles(good()))
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
