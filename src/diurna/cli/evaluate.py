"""``diurna eval`` (score the coder against a gold set) and ``diurna gold convert`` (gold formats -> JSONL)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console

from diurna.errors import DiurnaError
from diurna.eval.gold import FORMATS, read_gold, write_gold_jsonl
from diurna.eval.report import render
from diurna.eval.runner import default_coder, evaluate

_FROM = click.option(
    "--from", "fmt", type=click.Choice(FORMATS), default=None, help="Gold format (default: detected from the content)."
)


@click.command("eval")
@click.argument("gold_path", metavar="GOLD", type=click.Path(exists=True, dir_okay=False))
@click.option("--errors", "n_errors", type=click.IntRange(min=0), default=0, help="Show the N worst records.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON on stdout.")
@_FROM
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N records.")
def eval_cmd(gold_path: str, n_errors: int, as_json: bool, fmt: str | None, limit: int | None) -> None:
    """Code the sentences of a gold set and score the events (CAMEO root, dyad+root, code; PLOVER)."""
    try:
        records = read_gold(gold_path, fmt)
        if limit is not None:
            records = records[:limit]
        report = evaluate(records, default_coder(), source=gold_path)
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        Console().print(render(report, n_errors))


@click.group("gold")
def gold() -> None:
    """Gold-set utilities."""


@gold.command("convert")
@click.argument("in_path", metavar="IN", type=click.Path(exists=True, dir_okay=False))
@click.option("--to", "out_path", required=True, type=click.Path(dir_okay=False), help="Output JSONL file.")
@_FROM
def convert(in_path: str, out_path: str, fmt: str | None) -> None:
    """Convert a gold set (PETRARCH validation XML, PLOVER records, JSONL) to diurna's gold JSONL."""
    try:
        records = read_gold(in_path, fmt)
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        with Path(out_path).open("w", encoding="utf-8") as out:
            n = write_gold_jsonl(records, out)
    except OSError as exc:
        raise click.ClickException(f"{out_path}: cannot write: {exc.strerror or exc}") from exc
    click.echo(f"{n} records, {sum(len(r.events) for r in records)} events -> {out_path}", err=True)
