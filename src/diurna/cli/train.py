"""``diurna train``: rebuild the learned event model from the committed annotations."""

from __future__ import annotations

import json
from pathlib import Path

import click

from diurna.errors import DiurnaError
from diurna.events.learned import MODEL_PATH


@click.command("train")
@click.option("--annotations", type=click.Path(exists=True, file_okay=False), default="annotations/realnews",
              show_default=True, help="Real-news annotations: train.jsonl to learn from, dev.jsonl to tune on.")
@click.option("--synthetic", type=click.Path(exists=True, file_okay=False), default=None,
              help="A folder of synthetic training sentences (*.jsonl) to learn from as well.")
@click.option("--corpora", type=click.Path(exists=True, file_okay=False), default=None,
              help="Where the corpora the annotations point into are (default: ../shared/corpora).")
@click.option("--floor", "floor_file", type=click.Path(dir_okay=False), default="bench/floor.json", show_default=True,
              help="CI floor of the development set: thresholds that fall below it are not chosen (skipped if absent).")
@click.option("--out", type=click.Path(dir_okay=False), default=str(MODEL_PATH), show_default=True,
              help="The model file to write.")
def train(annotations: str, synthetic: str | None, corpora: str | None, floor_file: str, out: str) -> None:
    """Train the learned event model (verifier and proposer) and print its card (docs/model.md)."""
    from diurna.events.training import train as run

    try:
        card = run(Path(annotations), Path(out), Path(corpora) if corpora else None,
                   Path(synthetic) if synthetic else None, Path(floor_file))
    except (DiurnaError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(card, indent=2))
    click.echo(f"model written to {out}", err=True)
