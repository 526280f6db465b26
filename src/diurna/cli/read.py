"""``diurna read``: read and normalize articles, print them as JSONL or as a readable table."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from diurna.articles.model import Article
from diurna.articles.readers import read_articles
from diurna.config import Config
from diurna.errors import ConfigError, InputError

_ANALYSIS_FIELDS = ("entities", "events", "quotes", "amounts")


def article_json(article: Article) -> dict[str, Any]:
    """``article.to_dict()`` without the analysis lists that are still empty at this stage."""
    data = article.to_dict()
    for key in _ANALYSIS_FIELDS:
        if not data.get(key):
            data.pop(key, None)
    return data


def _json_line(data: dict[str, Any]) -> str:
    """One JSON line; all-ASCII (``\\u`` escapes) if the text cannot be written as UTF-8, so that the output is
    valid UTF-8 whatever an article holds."""
    line = json.dumps(data, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True)
    return line


def _table(console: Any, article: Article) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(overflow="fold")
    date = f"{article.date.isoformat()} ({article.date_precision})" if article.date else "unknown"
    rows = [
        ("title", article.title or "-"),
        ("date", date),
        ("source", article.source or "-"),
        ("wire", ", ".join(article.wire) or "-"),
        ("dateline", (article.dateline.place or article.dateline.raw) if article.dateline else "-"),
        ("author", article.author or "-"),
        ("language", article.language or "unknown"),
        ("url", article.url or "-"),
    ]
    if article.skipped:
        rows.append(("skipped", article.skipped))
    for key, value in rows:
        grid.add_row(key, Text(value))
    lead = " ".join(s.text for s in article.sentences[:3])
    more = len(article.sentences) - 3
    grid.add_row("text", Text(lead + (f" [... {more} more sentences]" if more > 0 else "")))
    for warning in article.warnings:
        grid.add_row("note", Text(warning, style="yellow"))
    console.print(Panel(grid, title=Text(article.id, style="bold"), title_align="left"))


@click.command("read")
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default=None,
    help="Output format (default: table on a terminal, jsonl otherwise).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Largest record to read, in bytes: a text or HTML file, a JSONL line, a WARC record "
         "(default: DIURNA_MAX_RECORD_BYTES, 20 MiB).",
)
def read(inputs: tuple[str, ...], fmt: str | None, max_bytes: int | None) -> None:
    """Read articles from FILE... (text, JSONL, HTML, WARC, directories, glob patterns, or - for stdin),
    normalize them and print them."""
    try:
        config = Config.from_env()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "jsonl"
    console = None
    if fmt == "table":
        from rich.console import Console

        console = Console()
    articles = skipped = errors = 0
    failed_inputs: set[str] = set()
    for item in read_articles(inputs, max_bytes=max_bytes, config=config):
        if isinstance(item, InputError):
            errors += 1
            failed_inputs.add(item.input)
            click.echo(f"error: {item}", err=True)
            continue
        articles += 1
        if item.skipped:
            skipped += 1
        if console is not None:
            _table(console, item)
        else:
            try:
                click.echo(_json_line(article_json(item)))
            except BrokenPipeError:  # `diurna read ... | head`: the reader went away; stop quietly
                sys.stderr.close()
                sys.exit(0)
    summary = f"read {articles} article{'s' if articles != 1 else ''}"
    if skipped:
        summary += f" ({skipped} marked skipped)"
    summary += f", {errors} error{'s' if errors != 1 else ''}"
    if errors:
        summary += f" in {len(failed_inputs)} input{'s' if len(failed_inputs) != 1 else ''}"
    click.echo(summary, err=True)
    if errors:
        sys.exit(1)
