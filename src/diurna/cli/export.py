"""``diurna export``: write a store's events as JSONL, CSV, Parquet, GDELT 2.0 or POLECAT files."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from diurna.cli.filters import filter_error, filter_options, note_empty
from diurna.cli.ingest import DEFAULT_STORE
from diurna.errors import DiurnaError
from diurna.filters import EventFilter, FilterError

if TYPE_CHECKING:
    from diurna.config import Config
    from diurna.store import Store

#: diurna.store.export.formats_for("export"), spelled out so that the command does not load DuckDB at start-up
#: (tests/test_record_schema.py checks that the two agree)
FORMATS = ("jsonl", "csv", "parquet", "gdelt", "polecat")


def abandon_stdout() -> None:
    """After standard output failed: point it at /dev/null, so that the interpreter's last flush of what is still
    buffered fails no more (it would print a second, traceback-like message)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="gdelt: the 61 tab-separated columns of the GDELT 2.0 event table (no header); polecat: the "
                   "POLECAT columns (tab-separated, with header). Both hold actual events only.")
@click.option("--out", "out_path", default=None, type=click.Path(dir_okay=False),
              help="Output file (default: standard output; required for parquet). Written to a temporary file "
                   "renamed at the end: a failed export leaves no partial file.")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False))
@click.option("--table", "table_name", type=click.Choice(["events", "mentions", "articles"]), default="events",
              show_default=True, help="Table to export (jsonl, csv and parquet only).")
@click.option("--provenance", "provenance_path", default=None, type=click.Path(dir_okay=False),
              help="With --format gdelt: also write the provenance table to this file (tab-separated, with header): "
                   "one row per report of each exported event, keyed by GLOBALEVENTID, with its article, URL, "
                   "mention id, sentence, offsets and trigger (docs/store.md).")
@filter_options(default_sort="id")
def export(fmt: str, out_path: str | None, store_dir: str, table_name: str, provenance_path: str | None,
           event_filter: EventFilter) -> None:
    """Export the events of a store, or those the query options select (see docs/store.md for the GDELT and
    POLECAT field mappings)."""
    from diurna.config import Config
    from diurna.store import Store
    from diurna.store.export import export as run_export
    from diurna.store.export import export_to_file

    if fmt == "parquet" and not out_path:
        raise click.UsageError("--format parquet needs --out FILE")
    if fmt in ("gdelt", "polecat") and table_name != "events":
        raise click.UsageError(f"--format {fmt} exports events only")
    if provenance_path and fmt != "gdelt":
        raise click.UsageError("--provenance goes with --format gdelt")
    if fmt in ("gdelt", "polecat") and event_filter.columns is not None:
        raise click.UsageError(f"--columns does not apply to --format {fmt}: its columns are fixed")
    whole = event_filter.selects_all and event_filter.sort == "id"
    if table_name == "articles" and not event_filter.selects_all:
        raise click.UsageError("the query options select events or mentions: export --table events or mentions")
    config = Config.from_env()
    settings = {"dictionary": config, "actors_dir": config.actors_dir, "ontology_dir": config.ontology_dir}
    flt = None if whole else event_filter
    try:
        store = Store(store_dir)
        if out_path:
            n = export_to_file(store, fmt, out_path, table_name, flt, **settings)
        else:
            n = run_export(store, fmt, sys.stdout, None, table_name, flt, **settings)
            sys.stdout.flush()
        if provenance_path:
            _write_provenance(store, provenance_path, flt, config)
    except FilterError as exc:
        raise filter_error(exc) from None
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    except BrokenPipeError:  # `diurna export ... | head`: the reader went away; stop quietly
        sys.stderr.close()
        sys.exit(0)
    except OSError as exc:  # standard output cannot be written (a full disk, ...)
        abandon_stdout()
        raise click.ClickException(f"cannot write the export to standard output ({exc.strerror or exc})") from None
    if n == 0 and not whole:
        note_empty(table_name, event_filter, store_dir)
    click.echo(f"exported {n} rows ({fmt})", err=True)


def _write_provenance(store: Store, path: str, flt: EventFilter | None, config: Config) -> None:
    """The GDELT export's provenance table for the same events, written to ``path`` through a temporary file."""
    from diurna.store.export import Rows
    from diurna.store.gdelt import write_provenance

    events = Rows(table_name="events", store=store, filter=flt, dictionary=config).event_ids()
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            n = write_provenance(store, out, events)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise click.ClickException(f"{path}: cannot write the provenance table ({exc.strerror or exc})") from None
    click.echo(f"wrote {n} provenance rows to {path}", err=True)
