"""``diurna export``: write a store's events as JSONL, CSV, Parquet, GDELT 2.0 or POLECAT files."""

from __future__ import annotations

import sys

import click

from diurna.cli.ingest import DEFAULT_STORE
from diurna.errors import DiurnaError


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "polecat"]), required=True,
              help="gdelt: the 61 tab-separated columns of the GDELT 2.0 event table (no header); polecat: the "
                   "POLECAT columns (tab-separated, with header). Both hold actual events only.")
@click.option("--out", "out_path", default=None, type=click.Path(dir_okay=False),
              help="Output file (default: standard output; required for parquet).")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False))
@click.option("--table", "table_name", type=click.Choice(["events", "mentions", "articles"]), default="events",
              show_default=True, help="Table to export (jsonl, csv and parquet only).")
def export(fmt: str, out_path: str | None, store_dir: str, table_name: str) -> None:
    """Export the events of a store (see docs/store.md for the GDELT and POLECAT field mappings)."""
    from diurna.store import Store
    from diurna.store.export import export as run_export

    if fmt == "parquet" and not out_path:
        raise click.UsageError("--format parquet needs --out FILE")
    if fmt in ("gdelt", "polecat") and table_name != "events":
        raise click.UsageError(f"--format {fmt} exports events only")
    try:
        store = Store(store_dir)
        if fmt == "parquet":
            n = run_export(store, fmt, None, out_path, table_name)
        elif out_path:
            with open(out_path, "w", encoding="utf-8", newline="") as f:
                n = run_export(store, fmt, f, None, table_name)
        else:
            n = run_export(store, fmt, sys.stdout, None, table_name)
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"exported {n} rows ({fmt})", err=True)
