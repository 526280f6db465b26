"""``diurna store check [--repair]``: find what is damaged in a store, and mend it (docs/store.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from diurna.cli.ingest import DEFAULT_STORE
from diurna.errors import DiurnaError


@click.group("store")
def store() -> None:
    """Look after a store: check it, repair it."""


@store.command("check")
@click.argument("store_dir", metavar="[STORE]", default=DEFAULT_STORE, type=click.Path(file_okay=False))
@click.option("--repair", is_flag=True,
              help="Mend what is damaged: quarantine broken files, rewrite the manifests, rebuild the derived tables, "
                   "and say what was lost. Takes the writer lock.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object on stdout.")
def check(store_dir: str, repair: bool, as_json: bool) -> None:
    """Check every file of STORE (default: diurna-store): manifests, shards, derived tables, orphans.

    Exit code 0: healthy; 1: problems were found (with --repair: and mended, see the report)."""
    from diurna.store.check import check_store

    report = _report(store_dir, as_json, lambda: check_store(store_dir, repair=repair))
    if report.writer_active:
        click.echo("note: an ingest is writing to this store: uncommitted files and derived tables not yet rebuilt "
                   "were not checked", err=True)
    raise SystemExit(report.exit_code)


@store.command("upgrade")
@click.argument("store_dir", metavar="[STORE]", default=DEFAULT_STORE, type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object on stdout.")
def upgrade(store_dir: str, as_json: bool) -> None:
    """Upgrade STORE (default: diurna-store), written by an older diurna, to this diurna's format, in place.

    Columns and tables the old store lacks are added empty; nothing is dropped. Takes the writer lock."""
    from diurna.store.upgrade import upgrade_store

    _report(store_dir, as_json, lambda: upgrade_store(store_dir))


def _report(store_dir: str, as_json: bool, run: Callable[[], Any]) -> Any:
    """Run a store check or upgrade and print its report (one JSON object, or its lines); a store diurna cannot
    read or write is one ``Error:`` line."""
    try:
        report = run()
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # the store directory itself cannot be read or written
        raise click.ClickException(f"{store_dir}: {exc.strerror or exc}") from None
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        for line in report.lines():
            click.echo(line)
    return report
