"""The ``diurna`` command line: a thin click layer over the library.

Each command lives in its own module in this package and is registered on :data:`main` below; the
commands only parse options, call library functions and format output.
"""

from __future__ import annotations

import logging
from typing import Any

import click

from diurna import __version__
from diurna.cli.actors import actors
from diurna.cli.code import code
from diurna.cli.dyad import dyad, next_steps, top_dyads
from diurna.cli.evaluate import eval_cmd, gold
from diurna.cli.events import events
from diurna.cli.export import export
from diurna.cli.facts import amounts, quotes
from diurna.cli.ingest import ingest
from diurna.cli.read import read
from diurna.cli.serve import serve
from diurna.cli.show import show
from diurna.cli.store import store
from diurna.cli.train import train
from diurna.errors import DiurnaError


class _Main(click.Group):
    """The command group; an error diurna raises on purpose, or one DuckDB raises on a damaged store, that a
    command did not turn into a message itself is still one ``Error:`` line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DiurnaError as exc:
            raise click.ClickException(" ".join(str(exc).split())) from None
        except Exception as exc:
            if type(exc).__module__.lstrip("_").split(".")[0] != "duckdb":
                raise
            message = " ".join(str(exc).split())[:500]
            raise click.ClickException(f"cannot read the store ({message}); if a file of it is damaged, "
                                       f"`diurna store check --repair STORE` mends it") from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="diurna")
@click.option("-v", "--verbose", count=True, help="More diagnostics on stderr (-v info, -vv debug).")
def main(verbose: int) -> None:
    """diurna: turn news articles into political event data (CAMEO and PLOVER) with provenance."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


for _command in (read, code, eval_cmd, gold, ingest, events, export, train, actors, store, quotes, amounts):
    main.add_command(_command)
for _command in (dyad, top_dyads, next_steps):  # diurna.explore
    main.add_command(_command)
main.add_command(serve)  # diurna.web
main.add_command(show)  # one event's evidence
