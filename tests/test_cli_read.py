"""Tests of the ``diurna read`` command (click's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from diurna.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()


def test_read_messy_file_end_to_end():
    result = _runner().invoke(main, ["read", str(FIXTURES / "messy_wire.txt")])
    assert result.exit_code == 0, result.stderr
    [line] = result.stdout.splitlines()
    data = json.loads(line)
    assert data["date"] == "2021-03-14" and data["date_precision"] == "day"
    assert data["source"] == "ExampleDaily.com"
    assert data["wire"] == ["Reuters"]
    assert data["dateline"]["place"] == "Nairobi"
    assert data["author"] == "Jane Doe, John Roe"
    assert data["title"] == "Kenya and Somalia Agree to Resume Border Talks"
    assert "border talks" not in data["text"].lower()
    assert data["text"].count("agreed on Sunday to resume talks") == 1
    sentences = [s["text"] for s in data["sentences"]]
    assert sentences[0] == (
        "Kenya and Somalia agreed on Sunday to resume talks on their disputed maritime border, "
        "officials from both governments said."
    )
    assert not any(s.startswith(("By ", "NAIROBI", "2 minutes")) for s in sentences)
    assert "events" not in data and "entities" not in data  # empty analysis lists are left out
    assert "read 1 article, 0 errors" in result.stderr


def test_read_errors_go_to_stderr_with_exit_1(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok", "text": "Officials said the talks would resume next week in the capital."}\n[1]\n')
    result = _runner().invoke(main, ["read", str(bad), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {bad}, line 2: expected a JSON object, got an array",
        f"error: {tmp_path / 'missing.txt'}: no such file or directory",
    ]
    assert "Traceback" not in result.stderr
    assert "read 1 article, 2 errors in 2 inputs" in result.stderr


def test_read_stdin_and_table_format():
    text = "GENEVA (AP) — Humanitarian agencies warned on Tuesday of a shortfall in donor funding for the Sahel."
    result = _runner().invoke(main, ["read", "--format", "table", "-"], input=text)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "stdin" in out and "Associated Press" in out and "Geneva" in out and "Humanitarian agencies" in out


def test_read_max_bytes_and_usage_errors(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Officials said the talks would resume next week in the capital. " * 10)
    result = _runner().invoke(main, ["read", "--max-bytes", "100", str(f)])
    assert result.exit_code == 1 and "over the limit of 100 bytes" in result.stderr
    assert _runner().invoke(main, ["read"]).exit_code == 2
    assert _runner().invoke(main, ["read", "--format", "xml", str(f)]).exit_code == 2
    assert _runner().invoke(main, ["read", "--max-bytes", "0", str(f)]).exit_code == 2
