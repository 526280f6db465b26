"""``diurna dyad``, ``diurna top-dyads``, ``diurna actors --store`` and ``diurna next-steps`` on the hand-made store
of tests/test_explore.py."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_explore import build_explore_store

from diurna.cli import main


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_explore_store(tmp_path_factory.mktemp("cli-dyad") / "s"))


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_dyad_table(store: str) -> None:
    code, out, err = _run("dyad", "TUR", "GRC", "--store", store)
    assert code == 0, out + err
    assert "TUR -> GRC: 3 events by month" in out
    lines = {line.split()[0]: line.split() for line in out.splitlines() if line.strip().startswith("2024-")}
    assert lines["2024-01"][:7] == ["2024-01", "1", "1", "0", "0", "0", "1.9"]
    assert lines["2024-02"][1] == "0" and lines["2024-02"][7] == "-"  # zero-filled, no mean
    assert lines["2024-03"][:9] == ["2024-03", "2", "0", "1", "0", "1", "-3.6", "-1.80", "1"]


def test_dyad_jsonl_both_directions_and_flags(store: str) -> None:
    code, out, _ = _run("dyad", "Turkey", "Greece", "--store", store, "--both-directions", "--include-implied",
                        "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["period_label"], r["events"], r["events_ab"], r["events_ba"]) for r in rows] == [
        ("2024-01", 2, 1, 1), ("2024-02", 0, 0, 0), ("2024-03", 2, 2, 0), ("2024-04", 1, 1, 0)]
    assert rows[1]["goldstein_mean"] is None
    code, out, _ = _run("dyad", "TUR", "TUR", "--store", store, "--include-self", "--include-nonactual",
                        "--by", "year", "--format", "csv")
    assert code == 0 and out.splitlines()[1].startswith("2024,1,0,0,0,1,")


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_dyad_plot(store: str, tmp_path: Path, suffix: str) -> None:
    chart = tmp_path / f"chart{suffix}"
    code, _, err = _run("dyad", "TUR", "GRC", "--store", store, "--plot", str(chart))
    assert code == 0 and "chart written" in err
    data = chart.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif suffix == ".svg":
        assert ET.fromstring(data).tag.endswith("svg")
    else:
        assert b"<svg" in data and b"http" not in data  # no external asset: no URL at all


@pytest.mark.parametrize("args,message", [
    (["--by", "fortnight"], "fortnight"),
    (["--since", "2024-05-01", "--until", "2024-01-01"], "after"),
    (["--since", "May 2024"], "YYYY-MM-DD"),
    (["--plot", "chart.pdf"], ".png"),
])
def test_dyad_bad_values_exit_2(store: str, args: list[str], message: str) -> None:
    code, out, err = _run("dyad", "TUR", "GRC", "--store", store, *args)
    assert code == 2 and message in out + err


def test_dyad_unknown_name_or_empty_actor_exits_2(store: str) -> None:
    code, out, err = _run("dyad", "Atlantis", "GRC", "--store", store)
    assert code == 2 and "Atlantis" in err and "Traceback" not in out + err
    code, _, err = _run("dyad", "", "GRC", "--store", store)
    assert code == 2 and "empty" in err


def test_dyad_no_rows_is_an_empty_table_and_a_note(store: str, tmp_path: Path) -> None:
    chart = tmp_path / "none.png"
    code, out, err = _run("dyad", "TUR", "GRC", "--store", store, "--since", "2030-01-01", "--plot", str(chart))
    assert code == 0 and "0 events" in out
    assert err.count("\n") == 1 and err.startswith("note: no events") and not chart.exists()


def test_dyad_missing_store_exits_1(tmp_path: Path) -> None:
    code, _, err = _run("dyad", "TUR", "GRC", "--store", str(tmp_path / "nowhere"))
    assert code == 1 and "no such store" in err


def test_top_dyads(store: str) -> None:
    code, out, _ = _run("top-dyads", "--store", store, "--format", "jsonl", "--limit", "2")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["source"], r["target"], r["events"], r["sources"]) for r in rows] == [("TUR", "GRC", 3, 2),
                                                                                     ("GRC", "TUR", 1, 1)]
    code, out, _ = _run("top-dyads", "--store", store)
    assert code == 0 and "TUR" in out and "q1 verbal cooperation" in out
    assert _run("top-dyads", "--store", store, "--limit", "0")[0] == 2


def test_actors_top_by_role(store: str) -> None:
    code, out, _ = _run("actors", "--store", store, "--role", "target", "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["actor"], r["events"], r["as_target"]) for r in rows] == [("GRC", 2, 2), ("TUR", 2, 2),
                                                                         ("GRCGOV", 1, 1)]
    code, out, _ = _run("actors", "--store", store, "--format", "table", "--limit", "1")
    assert code == 0 and "TUR" in out and "GRCGOV" not in out


def test_actors_option_combinations_are_checked(store: str, tmp_path: Path) -> None:
    assert _run("actors", "--store", store, "--role", "agent")[0] == 2
    assert _run("actors", "--store", store, "--since", "2024-05-01", "--until", "2024-01-01")[0] == 2
    code, _, err = _run("actors", "--unresolved", "--store", store, "--role", "source")
    assert code == 2 and "--unresolved" in err
    code, _, err = _run("actors", str(tmp_path))
    assert code == 2 and "--unresolved" in err


def test_next_steps(store: str) -> None:
    code, out, _ = _run("next-steps", "--store", store)
    assert code == 0
    assert f"diurna dyad TUR GRC --store {store}" in out and f"diurna serve --store {store}" in out
    assert "next-steps" not in _run("--help")[1]  # hidden
