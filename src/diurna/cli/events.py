"""``diurna events``: query the events (or mentions) of a store."""

from __future__ import annotations

import sys

import click

from diurna.cli.export import abandon_stdout
from diurna.cli.filters import filter_error, filter_options, note_empty
from diurna.cli.ingest import DEFAULT_STORE
from diurna.errors import DiurnaError
from diurna.filters import EventFilter, FilterError

#: diurna.store.export.formats_for("events"), spelled out: the store modules load DuckDB, which every other
#: command would then pay for at start-up (tests/test_record_schema.py checks that the two agree)
FORMATS = ("jsonl", "json", "csv", "table")


@click.command("events")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False))
@filter_options()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: table on a terminal, jsonl otherwise).")
@click.option("--mentions", is_flag=True, help="List the mentions (one per report) instead of the events.")
def events(store_dir: str, event_filter: EventFilter, fmt: str | None, mentions: bool) -> None:
    """Events of a store (clusters of reports), newest first; with --mentions, the reports themselves."""
    from diurna.config import Config
    from diurna.store import Store
    from diurna.store.export import Rows, write_rows

    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "jsonl"
    try:
        store = Store(store_dir)
        result = store.events(event_filter, mentions=mentions, dictionary=Config.from_env())
    except FilterError as exc:
        raise filter_error(exc) from None
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    what = "mentions" if mentions else "events"
    if result.num_rows == 0:
        note_empty(what, event_filter, store_dir)
    out = sys.stdout
    try:
        write_rows(fmt, Rows(table_name=what, data=result, filter=event_filter), out)
        out.flush()
    except BrokenPipeError:  # `diurna events | head`: the reader went away; stop quietly
        sys.stderr.close()
        sys.exit(0)
    except OSError as exc:
        abandon_stdout()
        raise click.ClickException(f"cannot write the output ({exc.strerror or exc})") from None
