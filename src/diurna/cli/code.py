"""``diurna code``: read, normalize and code articles; print events as JSONL, JSON, a table or a summary."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import click

from diurna.articles.model import Article
from diurna.articles.readers import DEFAULT_MAX_BYTES, read_articles
from diurna.config import Config
from diurna.errors import DiurnaError, InputError
from diurna.cli.render import print_quad_table
from diurna.output import article_record


#: diurna.store.export.formats_for("code"), spelled out so that the command does not load DuckDB at start-up
#: (tests/test_record_schema.py checks that the two agree)
FORMATS = ("jsonl", "json", "csv", "table", "summary")


class _Tally:
    def __init__(self) -> None:
        self.articles = self.skipped = self.errors = 0
        self.not_coded = 0  # articles that were read but could not be coded (each reported on stderr)
        self.failed: set[str] = set()


def _articles(inputs: tuple[str, ...], max_bytes: int, tally: _Tally, config: Config) -> Iterator[Article]:
    for item in read_articles(inputs, max_bytes=max_bytes, config=config):
        if isinstance(item, InputError):
            tally.errors += 1
            tally.failed.add(item.input)
            click.echo(f"error: {item}", err=True)
            continue
        tally.articles += 1
        if item.skipped:
            tally.skipped += 1
        yield item


def event_rows(article: Article) -> list[dict[str, Any]]:
    """One article's events as rows with the store's mention columns (diurna.store.records.mention_row): what
    ``--format table`` and ``--format csv`` show."""
    from diurna.store.records import mention_rows

    return mention_rows(article, batch="")


def _event_table(console: Any, article: Article) -> None:
    """One article's events as a table that fits the console (docs/cli.md, "Tables"): the sentence of each event
    with its trigger highlighted and kept visible. Everything from the article (id, title, actors, places,
    triggers) is plain :class:`~rich.text.Text`: square brackets in it are shown, never read as rich markup."""
    from rich.text import Text

    from diurna.cli.render import build_rows_table

    title = f"{article.id} — {article.title or ''} ({article.date.isoformat() if article.date else 'date unknown'})"
    if article.skipped:
        console.print(Text.assemble((title, "bold"), f": skipped ({article.skipped})"))
        return
    rows = []
    for row in event_rows(article):
        row["source_code"] = row["source_code"] or row["source_name"]
        row["target_code"] = row["target_code"] or row["target_name"]
        row["date"] = f"{row['date'].isoformat()} ({row['date_precision']})" if row["date"] else "unknown"
        rows.append(row)
    console.print(build_rows_table(rows, "code", console.width, title=title))


def _summary(console: Any, coded: list[Article], tally: _Tally) -> None:
    from rich.table import Table
    from rich.text import Text

    events = [e for a in coded for e in a.events]
    actual = [e for e in events if e.modality == "actual"]
    console.print(f"[bold]{tally.articles} articles read[/bold], {tally.skipped} skipped, {tally.errors} input errors; "
                  f"{len(events)} events ({len(actual)} actual, "
                  f"{sum(len(e.mentions) - 1 for e in events)} repeated mentions folded)")
    quads = Counter(e.quad_class for e in actual)
    print_quad_table(console, quads)
    dyads = Counter((e.source.country or e.source.code, e.target.country or e.target.code)
                    for e in actual if e.source and e.target)
    table = Table(title="Top dyads (source country -> target country)", title_justify="left")
    for col in ("source", "target", "events"):
        table.add_column(col)
    for (s, t), n in dyads.most_common(10):
        table.add_row(Text(s or "?"), Text(t or "?"), str(n))
    console.print(table)
    modal = Counter(e.modality for e in events)
    console.print(Text("Modality: " + ", ".join(f"{k} {v}" for k, v in modal.most_common())))


def _progress(fmt: str) -> Any:
    """A progress line on stderr (articles, articles/s, events) when stderr is a terminal and the output is not
    a table printed on the same terminal."""
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    err = Console(stderr=True)
    if not err.is_terminal or fmt == "table":
        return None
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), MofNCompleteColumn(),
                        TextColumn("articles, {task.fields[events]} events"), TimeElapsedColumn(),
                        console=err, transient=True)
    progress.start()
    return progress


@click.command("code")
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...|-")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: table on a terminal, jsonl otherwise); csv: one row per event.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest file (or JSONL line / WARC record) to read.")
@click.option("--model", default=None, help="spaCy pipeline to use (default: DIURNA_SPACY_MODEL or en_core_web_sm).")
def code(inputs: tuple[str, ...], fmt: str | None, max_bytes: int, model: str | None) -> None:
    """Code the events in FILE... (text, JSONL, HTML, WARC, directories, globs, or - for stdin).

    Prints one JSON object per article (the contract in docs/output.md): the article, its events with
    provenance, its entities, quotes and amounts.
    """
    from diurna.pipeline import code_articles, coding_error, resources

    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "jsonl"
    tally = _Tally()
    try:
        config = Config.from_env(spacy_model=model)
        res = resources(config)
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    console = None
    if fmt in ("table", "summary"):
        from rich.console import Console

        console = Console()
    out = sys.stdout
    collected: list[dict[str, Any]] = []
    csv_out = _CsvRows(out) if fmt == "csv" else None
    coded: list[Article] = []
    progress = _progress(fmt)
    task = progress.add_task("coding", total=None, events=0) if progress else None
    n_events = 0
    began = time.monotonic()
    for article in code_articles(_articles(inputs, max_bytes, tally, config), res=res):
        _report_failure(article, coding_error(article), tally)
        n_events += len(article.events)
        if progress is not None:
            elapsed = max(time.monotonic() - began, 1e-6)
            progress.update(task, advance=1, events=n_events,
                            description=f"coding ({(tally.articles) / elapsed:.1f} articles/s)")
        if fmt == "jsonl":
            out.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
        elif fmt == "json":
            collected.append(article_record(article))
        elif fmt == "table":
            _event_table(console, article)
        elif csv_out is not None:
            csv_out.write(event_rows(article))
        else:
            coded.append(article)
    if progress is not None:
        progress.stop()
    if fmt == "json":
        out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    if fmt == "summary":
        _summary(console, coded, tally)
    not_coded = f", {tally.not_coded} could not be coded" if tally.not_coded else ""
    click.echo(f"coded {tally.articles - tally.skipped - tally.not_coded} of {tally.articles} articles, "
               f"{tally.errors} input errors{not_coded}", err=True)
    if tally.errors or tally.not_coded:
        sys.exit(1)


class _CsvRows:
    """``--format csv``: the events of every article as CSV rows with the store's mention columns (lists joined
    with ``;``, as ``diurna export --format csv`` writes them); the header first, even with no event."""

    def __init__(self, out: Any) -> None:
        import csv

        from diurna.store.schema import SCHEMAS

        self.columns = [c for c in SCHEMAS["mentions"].names if c != "batch"]
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow(self.columns)

    def write(self, rows: list[dict[str, Any]]) -> None:
        from diurna.store.export import _cell

        for row in rows:
            self.writer.writerow([_cell(row.get(c)) for c in self.columns])


def _report_failure(article: Article, reason: str | None, tally: _Tally) -> None:
    """One ``error:`` line for an article that could not be coded (it is still printed, uncoded, with the reason
    in ``skipped``): the run goes on and exits 1."""
    if reason is None:
        return
    tally.not_coded += 1
    origin = article.origin
    error = InputError(origin.input if origin else "-", f"article {article.id}: {reason}",
                       record=origin.record if origin else None)
    click.echo(f"error: {error}", err=True)
