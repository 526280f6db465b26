"""diurna actors --unresolved: the actor phrases a corpus leaves without a country."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from diurna.cli import main


def test_unresolved_actors_are_listed_by_frequency_with_an_example(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    rows = [
        {"id": "a1", "date": "2020-03-04", "text": "Zorvani militiamen attacked a village near the river on Monday. "
                                                  "Chile condemned the attack."},
        {"id": "a2", "date": "2020-03-05", "text": "Zorvani militiamen shelled the town on Tuesday."},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = CliRunner().invoke(main, ["actors", "--unresolved", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    top = found[0]
    assert top["phrase"] == "zorvani militiamen" and top["count"] == 2 and "Zorvani" in top["example"]
    assert all(f["phrase"] not in ("chile", "he", "it") for f in found)


def test_files_or_a_store_but_not_both(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["actors", "--unresolved"])
    assert result.exit_code == 2 and "FILES or --store" in result.output
