"""Tables that fit the terminal (`diurna events --format table`, `diurna code --format table`): at 60, 80 and 160
columns every line fits, narrow terminals keep the chosen columns (id shortened, sentence cut around a visible
trigger), and --columns picks them."""

from __future__ import annotations

import io

import pyarrow as pa
import pytest
from click.testing import CliRunner
from rich.console import Console
from test_store_support import add_synthetic, d

from diurna.articles.model import ActorRef, Article, Event
from diurna.cli import main
from diurna.cli.code import _event_table
from diurna.cli.render import fit_sentence, print_rows_table

LONG = ("After weeks of talks that diplomats from both sides described as difficult and at times acrimonious, the "
        "foreign ministers finally signed an agreement on the disputed border crossing late on Friday night.")
EVENT_ID = "ev-0123456789abcdef"


def _events(n: int = 3) -> pa.Table:
    at = LONG.index("signed")
    return pa.Table.from_pylist([{
        "event_id": EVENT_ID[:-1] + str(i), "modality": "actual", "cameo": "057", "cameo_name": "Sign formal agreement",
        "source_code": "CHLGOV", "target_code": "PERGOV", "date": d("2021-03-16"), "location_name": "Lima",
        "num_mentions": 2, "num_sources": 2, "confidence": 0.8, "text": LONG, "trigger": "signed",
        "trigger_span": [at, at + 6]} for i in range(n)])


def _render(t: pa.Table, width: int, kind: str = "events", chosen=None) -> str:
    out = io.StringIO()
    print_rows_table(t, kind, out, width=width, chosen=chosen)
    return out.getvalue()


@pytest.mark.parametrize("width", [60, 80, 160])
def test_every_line_fits_and_the_trigger_stays_visible(width):
    text = _render(_events(), width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    body = [line for line in lines[3:] if line.strip()]
    assert len(body) == 3 and all("signed" in line for line in body)
    header = lines[1].split()
    assert header[:1] == ["id"] and {"cameo", "source", "target", "sentence"} <= set(header)
    if width < 160:
        assert all("…" in line for line in body)  # the sentence is cut, around its trigger


def test_narrow_terminals_get_fewer_chosen_columns():
    narrow, medium, wide = (_render(_events(), w).splitlines()[1].split() for w in (60, 80, 160))
    assert narrow == ["id", "cameo", "source", "target", "sentence"]
    assert "date" in medium and "modality" not in medium
    assert {"date", "modality", "event", "where", "src", "conf"} <= set(wide)
    assert EVENT_ID not in _render(_events(), 60) and EVENT_ID[:11] in _render(_events(), 60)  # id shortened
    assert EVENT_ID[:-1] + "0" in _render(_events(1), 160)  # a wide terminal shows the whole id


def test_columns_picks_them():
    t = _events().select(["event_id", "cameo_name", "num_sources"])
    lines = _render(t, 60, chosen=["event_id", "cameo_name", "num_sources"]).splitlines()
    assert lines[1].split() == ["event_id", "cameo_name", "num_sources"]
    assert "Sign formal agreement" in lines[3]


def test_fit_sentence_keeps_the_trigger():
    at = LONG.index("signed")
    for width in (20, 30, 60):
        shown = fit_sentence(LONG, (at, at + 6), width)
        assert len(shown.plain) <= width and "signed" in shown.plain
        assert any(shown.plain[s.start:s.end] == "signed" for s in shown.spans)
    assert fit_sentence("Short.", None, 40).plain == "Short."


@pytest.mark.parametrize("width", [60, 80, 160])
def test_the_code_table_fits(width):
    actor = ActorRef(text="Chile", name="Chile", code="CHLGOV", country="CHL")
    at = LONG.index("signed")
    event = Event(id="e", source=actor, target=None, cameo="057", cameo_name="Sign formal agreement", goldstein=8.0,
                  quad_class=2, plover="AGREE", plover_mode=None, modality="actual", sentence=0, text=LONG,
                  span=(0, len(LONG)), trigger="signed", trigger_span=(at, at + 6))
    console = Console(record=True, width=width)
    _event_table(console, Article(id="x", title="t", events=[event]))
    out = console.export_text()
    assert max(len(line) for line in out.splitlines()) <= width and "signed" in out and "CHLGOV" in out


def test_the_events_command_fits_the_terminal(tmp_path, monkeypatch):
    text = "Chile and Peru signed a long and detailed agreement on fishing rights in the Pacific on Tuesday."
    at = text.index("signed")
    add_synthetic(tmp_path / "s", [{"id": "a", "date": d("2021-03-16")}],
                  [{"mention_id": "a:0:0", "article_id": "a", "cameo": "057", "source_code": "CHL",
                    "source_country": "CHL", "target_code": "PER", "target_country": "PER", "modality": "actual",
                    "text": text, "start": 0, "trigger": "signed", "trigger_start": at, "trigger_end": at + 6}])
    for width in (60, 80, 160):
        monkeypatch.setenv("COLUMNS", str(width))
        result = CliRunner().invoke(main, ["events", "--store", str(tmp_path / "s"), "--format", "table"])
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.stdout.splitlines()) <= width and "signed" in result.stdout
