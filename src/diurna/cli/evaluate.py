"""``diurna eval`` (score the coder against a gold set) and ``diurna gold convert`` (gold formats -> JSONL)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from diurna.articles.model import Article
from diurna.errors import DiurnaError, InputError
from diurna.eval.gold import FORMATS, read_gold, write_gold_jsonl
from diurna.eval.realnews import evaluate_realnews, is_realnews, read_realnews
from diurna.eval.records import GoldRecord
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
@click.option("--corpora", type=click.Path(exists=True, file_okay=False), default=None,
              help="Real-news annotations: where the corpora they point into are (default: ../shared/corpora).")
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default=None,
              help="Real-news annotations: score only this split.")
@click.option("--by-pass", "by_pass", is_flag=True,
              help="Score again with each coder pass left out: what each pass adds or removes.")
def eval_cmd(gold_path: str, n_errors: int, as_json: bool, fmt: str | None, limit: int | None,
             corpora: str | None, split: str | None, by_pass: bool) -> None:
    """Code the sentences of a gold set and score the events (CAMEO root, dyad+root, code; PLOVER).

    Real-news annotations (docs/annotation.md) are scored at the story level (whole articles), the sentence
    level (random sentences, with the false-event rate) and the argument level."""
    try:
        realnews = fmt is None and is_realnews(Path(gold_path).read_text(encoding="utf-8", errors="replace")[:100_000])
        if by_pass:
            records = read_realnews(gold_path, corpora, split=split) if realnews else _read_gold(gold_path, fmt)
            table = pass_table(records[:limit] if limit else records, realnews, gold_path)
            if as_json:
                click.echo(json.dumps(table, indent=2))
            else:
                Console().print(render_pass_table(table))
            return
        if realnews:
            records = read_realnews(gold_path, corpora, split=split)
            if limit is not None:
                records = records[:limit]
            rn = evaluate_realnews(records, default_coder(), source=gold_path)
            if as_json:
                click.echo(json.dumps(rn.as_dict(), indent=2))
            else:
                console = Console()
                console.print(Text("story level: whole articles", style="bold"))
                console.print(render(rn.story, n_errors))
                console.print(Text("sentence level: random sentences", style="bold"))
                console.print(render(rn.sentences, n_errors))
                console.print(Text("arguments: " + json.dumps(rn.arguments)))
                console.print(Text("self-dyads: " + json.dumps(rn.self_dyads)))
            return
        records = _read_gold(gold_path, fmt)
        if limit is not None:
            records = records[:limit]
        report = evaluate(records, default_coder(), source=gold_path)
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        Console().print(render(report, n_errors))


def _read_gold(path: str, fmt: str | None) -> list[GoldRecord]:
    """The gold records that can be read; each one that cannot is one ``error: FILE, RECORD: PROBLEM`` line on
    stderr (RECORD says where the record is and its id). Fails only when no record at all can be read."""
    errors: list[InputError] = []
    records = read_gold(path, fmt, errors=errors)
    for exc in errors:
        click.echo("error: " + " ".join(str(exc).splitlines()), err=True)
    if errors and not records:
        raise InputError(path, f"no gold record could be read ({len(errors)} error{'s' if len(errors) != 1 else ''})")
    return records


def _figures(records: list, realnews: bool, source: str, skip: frozenset[str]) -> dict[str, float]:
    from diurna.pipeline import code_articles

    def coder(articles: Iterable[Article]) -> Iterator[Article]:
        return code_articles(articles, skip_passes=skip)

    if realnews:
        rn = evaluate_realnews(records, coder, source=source)
        story, sent = rn.story.levels, rn.sentences
        return {"story_dyad_root_f1": round(story["dyad_root"].f1, 4), "story_root_f1": round(story["root"].f1, 4),
                "sentence_root_f1": round(sent.levels["root"].f1, 4),
                "sentence_root_precision": round(sent.levels["root"].precision, 4),
                "false_event_rate": round(sent.false_event_rate or 0.0, 4),
                "events": sum(1 for r in rn.story.records + rn.sentences.records for _ in r.events)}
    report = evaluate(records, coder, source=source)
    return {"root_f1": round(report.levels["root"].f1, 4), "dyad_root_f1": round(report.levels["dyad_root"].f1, 4),
            "root_precision": round(report.levels["root"].precision, 4),
            "false_event_rate": round(report.false_event_rate or 0.0, 4),
            "events": sum(len(r.events) for r in report.records)}


def pass_table(records: list, realnews: bool, source: str) -> dict[str, dict[str, float]]:
    """The figures with every pass, then without each pass in turn."""
    from diurna.events.coder import PASSES

    table = {"all passes": _figures(records, realnews, source, frozenset())}
    for name in PASSES:
        table[f"without {name}"] = _figures(records, realnews, source, frozenset({name}))
    return table


def render_pass_table(table: dict[str, dict[str, float]]) -> Table:
    base = table["all passes"]
    out = Table(title="what each coder pass adds (figures without it, and the change)")
    out.add_column("run")
    for key in base:
        out.add_column(key, justify="right")
    for run, figures in table.items():
        cells = [f"{v}" if run == "all passes" else f"{v} ({v - base[k]:+.3f})" if isinstance(v, float)
                 else f"{v} ({v - base[k]:+d})" for k, v in figures.items()]
        out.add_row(run, *cells)
    return out


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
