"""The ``diurna`` command line: a thin click layer over the library.

Each command lives in its own module in this package and is registered on :data:`main` below; the
commands only parse options, call library functions and format output.
"""

from __future__ import annotations

import logging

import click

from diurna import __version__
from diurna.cli.actors import actors
from diurna.cli.code import code
from diurna.cli.evaluate import eval_cmd, gold
from diurna.cli.events import events
from diurna.cli.export import export
from diurna.cli.ingest import ingest
from diurna.cli.read import read
from diurna.cli.train import train


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="diurna")
@click.option("-v", "--verbose", count=True, help="More diagnostics on stderr (-v info, -vv debug).")
def main(verbose: int) -> None:
    """diurna: turn news articles into political event data (CAMEO and PLOVER) with provenance."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


for _command in (read, code, eval_cmd, gold, ingest, events, export, train, actors):
    main.add_command(_command)
