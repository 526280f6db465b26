"""``diurna ingest``: code a corpus into a store, with a progress bar and a summary."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

from diurna.cli.render import print_quad_table
from diurna.config import Config
from diurna.errors import DiurnaError

if TYPE_CHECKING:
    from rich.progress import TaskID

DEFAULT_STORE = "diurna-store"


def print_summary(console: Any, store: Any) -> None:
    """Articles, events by QuadClass, top dyads, duplicates folded and errors of a store."""
    from rich.markup import escape
    from rich.table import Table

    con = store.connect()
    try:
        n_art, n_skip = con.execute("SELECT count(*), count(skipped) FROM articles").fetchone()
        n_men = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
        n_ev, n_actual = con.execute("SELECT count(*), count(*) FILTER (WHERE modality = 'actual') FROM events").fetchone()
        n_dup = con.execute("SELECT count(*) FROM duplicates").fetchone()[0]
        n_err = con.execute("SELECT count(*) FROM errors").fetchone()[0]
        multi = con.execute("SELECT count(*), coalesce(sum(num_mentions - 1), 0) FROM events WHERE num_mentions > 1"
                            ).fetchone()
        quads = dict(con.execute("SELECT quad_class, count(*) FROM events WHERE modality = 'actual' GROUP BY 1"
                                 ).fetchall())
        dyads = con.execute(
            "SELECT coalesce(source_country, source_code, '?'), coalesce(target_country, target_code, '?'), "
            "count(*) n, sum(num_mentions) FROM events WHERE modality = 'actual' AND "
            "(source_country IS NOT NULL OR source_code IS NOT NULL) AND "
            "(target_country IS NOT NULL OR target_code IS NOT NULL) GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 10"
        ).fetchall()
        modal = con.execute("SELECT modality, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    finally:
        con.close()
    console.print(f"[bold]{escape(str(store.root))}[/bold]: {n_art} articles ({n_skip} not coded), {n_men} event "
                  f"mentions -> "
                  f"[bold]{n_ev} events[/bold] ({n_actual} actual); {n_dup} syndicated copies folded into their "
                  f"originals; {multi[0]} events reported more than once ({multi[1]} repeat mentions folded); "
                  f"{n_err} input errors")
    print_quad_table(console, quads)
    table = Table(title="Top dyads (actual events)", title_justify="left")
    for col in ("source", "target", "events", "mentions"):
        table.add_column(col, justify="right" if col in ("events", "mentions") else "left")
    for s, t, n, m in dyads:
        table.add_row(escape(s), escape(t), str(n), str(m))
    console.print(table)
    console.print("Modality: " + ", ".join(f"{k} {v}" for k, v in modal))


class _Bar:
    """A rich progress bar on stderr fed by :class:`~diurna.store.IngestProgress` callbacks."""

    def __init__(self, console: Any, enabled: bool) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("[bold]ingest[/bold]"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                                 TextColumn("{task.fields[rate]:.1f} articles/s  {task.fields[info]}"),
                                 TimeElapsedColumn(), TimeRemainingColumn(), console=console, disable=not enabled,
                                 transient=False)
        self.task: TaskID | None = None

    def __enter__(self) -> _Bar:
        self.progress.__enter__()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.progress.__exit__(exc_type, exc, tb)

    def __call__(self, p: Any) -> None:
        info = (f"coded {p.coded}, unchanged {p.unchanged}, mentions {p.mentions}, events {p.events}, "
                f"errors {p.errors}")
        rate = p.read / p.elapsed if p.elapsed > 0 else 0.0
        if self.task is None:
            self.task = self.progress.add_task("ingest", total=p.total, rate=rate, info=info)
        self.progress.update(self.task, completed=p.read, total=p.total, rate=rate, info=info)


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH...|-")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False),
              help="Store directory (created if needed).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Code with a local Dask cluster of N worker processes.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Code on an existing Dask cluster (its workers must see the store at the same path).")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Articles per partition (one commit each); default 200, or 25 with Dask so that every worker "
                   "gets work.")
@click.option("--window", type=click.IntRange(min=0), default=3, show_default=True,
              help="Days between reports that may still be the same event.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Largest record to read, in bytes (default: DIURNA_MAX_RECORD_BYTES, 20 MiB).")
@click.option("--model", default=None, help="spaCy pipeline to use (default: DIURNA_SPACY_MODEL or en_core_web_sm).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when it is a terminal).")
@click.option("--summary/--no-summary", default=True, show_default=True, help="Print a summary of the store at the end.")
def ingest(inputs: tuple[str, ...], store_dir: str, workers: int | None, scheduler: str | None, batch_size: int | None,
           window: int, max_bytes: int | None, model: str | None, progress: bool | None, summary: bool) -> None:
    """Code PATH... (files, directories, globs, JSONL(.gz), WARC(.gz), or - for stdin) into a store.

    Safe to interrupt and re-run: committed batches are kept, articles already in the store with the same
    content are skipped, and a changed article replaces its old version. Exit code 1 if any input failed.
    """
    from rich.console import Console

    from diurna.store import IngestOptions, Store
    from diurna.store import ingest as run_ingest
    from diurna.store.ingest import DASK_BATCH_SIZE, DEFAULT_BATCH_SIZE

    if workers and scheduler:
        raise click.UsageError("use either --workers or --scheduler, not both")
    err = Console(stderr=True)
    if batch_size is None:
        batch_size = DASK_BATCH_SIZE if (workers or scheduler) else DEFAULT_BATCH_SIZE
    try:
        config = Config.from_env(spacy_model=model)
        options = IngestOptions(batch_size=batch_size, window=window, workers=workers, scheduler=scheduler,
                                config=config, max_bytes=max_bytes)
        with _Bar(err, err.is_terminal if progress is None else progress) as bar:
            report = run_ingest(inputs, store_dir, options, progress=bar)
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    for message in report.error_messages[:50]:
        click.echo(f"error: {message}", err=True)
    if len(report.error_messages) > 50:
        click.echo(f"... and {len(report.error_messages) - 50} more (see the errors table)", err=True)
    p = report.progress
    click.echo(f"ingested {p.read} articles in {report.seconds:.1f}s ({p.read / max(report.seconds, 1e-9):.1f}/s): "
               f"{p.coded} coded, {p.skipped} not coded, {p.unchanged} unchanged, {p.replaced} replaced, "
               f"{p.mentions} mentions, {p.errors} errors", err=True)
    if summary:
        print_summary(Console(), Store(store_dir))
    if report.failed_inputs:
        sys.exit(1)
