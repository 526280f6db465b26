"""Gold readers (diurna JSONL, PETRARCH validation XML, PLOVER records), the writer and `diurna gold convert` /
`diurna eval --json` through click's CliRunner (with a fixed fake coder)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import diurna.cli.evaluate as cli_evaluate
from diurna.articles.model import ActorRef, Article, Event
from diurna.errors import InputError
from diurna.eval.gold import detect_format, parse_gold, read_gold, write_gold_jsonl
from diurna.eval.records import GoldEvent, actor_country

FIXTURES = Path(__file__).parent / "fixtures" / "gold"


def test_jsonl_reader() -> None:
    records = read_gold(FIXTURES / "ours.jsonl")
    assert [r.id for r in records] == ["G1", "G2", "G3"]
    assert records[0].date == dt.date(2015, 6, 9)
    assert records[0].events == [GoldEvent("USA", "IRQMUS", "195", "ASSAULT")]
    assert records[0].extra == {"origin": "test"}
    assert records[1].no_event and records[1].date is None
    assert records[2].events[0].target is None and records[2].events[0].cameo is None
    assert records[2].extra == {"labels": ["ARREST"]}


def test_petrarch_reader() -> None:
    records = read_gold(FIXTURES / "petrarch.xml")
    assert [r.id for r in records] == ["DEMO-01", "DEMO-02", "DEMO-03"]  # DEMO-04 has <Skip>
    first, noevents, compound = records
    assert first.date == dt.date(2015, 6, 9)
    assert first.text == "The United States launched an air strike on insurgents in northern Iraq & Syria, officials said."
    assert first.events == [GoldEvent("USA", "IRQMUS", "195", None)]  # the duplicate coding is merged
    assert first.extra == {"category": "DEMO"}
    assert noevents.events == [] and noevents.no_event
    assert compound.events == [GoldEvent("FRA", None, "042", "CONSULT"), GoldEvent("DEU", "FRAGOV", "043", None)]


def test_plover_gsr_reader_trailing_commas_compounds_and_variants() -> None:
    records = read_gold(FIXTURES / "plover_gsr.json")
    assert [r.id for r in records] == ["TEST-GSR-AGREE-0001", "TEST-GSR-THREATEN-0002", "TEST-GSR-AID-0003"]
    agree, threat, aid = records
    # reciprocal compound actors (SRC/TAR markup, no target): both directions
    assert [(e.source, e.target, e.plover, e.cameo) for e in agree.events] == [
        ("RURGOV", "FREGOV", "AGREE", None),
        ("FREGOV", "RURGOV", "AGREE", None),
    ]
    assert threat.events == [GoldEvent("RURREB", "RURGOV", None, "THREATEN", {"mode": "force"})]
    assert threat.text.endswith('"no deal, no peace",')  # the comma inside the string is kept
    assert aid.date == dt.date(2000, 1, 3)
    assert [(e.source, e.target) for e in aid.events] == [("IGO", "RUR"), ("IGO", "FRE")]


def test_plover_array_and_jsonl_with_event_type() -> None:
    obj = {"id": "P1", "text": "X hit Y.", "event_type": "assault", "source_actor": "USA", "target_actor": None,
           "date": "2020-05-01T10:00:00Z"}
    for text in (json.dumps([obj]), json.dumps(obj) + "\n"):
        assert detect_format(text) == "plover"
        (record,) = parse_gold(text)
        assert record.events == [GoldEvent("USA", None, None, "ASSAULT")]
        assert record.date == dt.date(2020, 5, 1)


def test_plover_records_sharing_an_id_are_merged() -> None:
    lines = [
        {"id": "S1", "text": "A and B fought.", "event_type": "ASSAULT", "source": "AAA", "target": "BBB"},
        {"id": "S1", "text": "A and B  fought.", "event_type": "ASSAULT", "source": "BBB", "target": "AAA"},
    ]
    (record,) = parse_gold("\n".join(json.dumps(x) for x in lines), fmt="plover")
    assert [(e.source, e.target) for e in record.events] == [("AAA", "BBB"), ("BBB", "AAA")]


def test_format_detection() -> None:
    assert detect_format((FIXTURES / "petrarch.xml").read_text()) == "petrarch"
    assert detect_format((FIXTURES / "ours.jsonl").read_text()) == "jsonl"
    assert detect_format((FIXTURES / "plover_gsr.json").read_text()) == "plover"
    assert detect_format('[{"id": "a", "text": "t", "events": []}]') == "jsonl"


@pytest.mark.parametrize(
    ("text", "fmt", "needle"),
    [
        ('{"id": "a", "text": "t", "events": []}\n{"id": "b", "text": ', None, "line 2"),
        ('{"id": "a", "text": "t", "events": [{"cameo": "19x"}]}\n', None, "invalid CAMEO code '19x'"),
        ('{"id": "a", "text": "t", "events": [{"source": "USA"}]}\n', "jsonl", "neither `cameo` nor `plover`"),
        ('{"id": "a", "text": "t"}\n', "jsonl", "no `events` list"),
        ('{"id": "a", "text": "t", "date": "yesterday", "events": []}\n', "jsonl", "invalid date"),
        ('{"text": "t", "events": []}\n', "jsonl", "no `id`"),
        ('<Sentence id="x1" date="20150101"><EventCoding sourcecode="USA"><Text>t</Text></Sentence>', None, "no eventcode"),
        ('<Sentence id="x2" date="20150101"><EventCoding eventcode="01"></Sentence>', None, "no <Text>"),
        ('<Sentence id="x3" date="20150101"><Text>t</Text>', None, "not closed"),
        ('{"id": "p", "text": "t", "source": "USA"}\n', "plover", "no event type"),
        ('{"id": "a", "text": "x", "events": []}\n{"id": "a", "text": "y", "events": []}\n', None, "different texts"),
    ],
)
def test_malformed_input_names_file_and_record(text: str, fmt: str | None, needle: str) -> None:
    with pytest.raises(InputError) as info:
        parse_gold(text, "bad.gold", fmt)
    message = str(info.value)
    assert message.startswith("bad.gold")
    assert needle in message


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read gold file"):
        read_gold(tmp_path / "absent.jsonl")


def test_actor_country() -> None:
    assert actor_country("ISR***") == "ISR"
    assert actor_country("IGOGOV") == "IGO"
    assert actor_country("NGAELIyor") == "NGA"
    assert actor_country("usa") == "USA"
    assert actor_country("---GOV") is None
    assert actor_country("") is None and actor_country(None) is None


def test_writer_round_trip() -> None:
    records = read_gold(FIXTURES / "petrarch.xml") + read_gold(FIXTURES / "plover_gsr.json")
    buf = io.StringIO()
    assert write_gold_jsonl(records, buf) == 6
    again = parse_gold(buf.getvalue())
    assert [(r.id, r.text, r.date, r.events) for r in again] == [(r.id, r.text, r.date, r.events) for r in records]
    first = json.loads(buf.getvalue().splitlines()[0])
    assert list(first)[:4] == ["id", "date", "text", "events"]
    assert first["date"] == "2015-06-09"


# ---------------------------------------------------------------- CLI


def test_gold_convert_cli(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli_evaluate.gold, ["convert", str(FIXTURES / "petrarch.xml"), "--to", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["DEMO-01", "DEMO-02", "DEMO-03"]
    assert rows[0]["events"] == [{"source": "USA", "target": "IRQMUS", "cameo": "195", "plover": None}]
    forced = CliRunner().invoke(cli_evaluate.gold, ["convert", str(FIXTURES / "ours.jsonl"), "--to", str(out), "--from", "petrarch"])
    assert forced.exit_code != 0 and "ours.jsonl" in forced.output


def _fake_coder(articles: Iterable[Article]) -> Iterator[Article]:
    """G1: the right event plus a negated one; G2: a false event; G3: police arrest without a target."""
    def ev(src: ActorRef | None, tgt: ActorRef | None, cameo: str, plover: str, modality: str = "actual") -> Event:
        return Event(id="e", source=src, target=tgt, cameo=cameo, cameo_name="", goldstein=0.0, quad_class=4,
                     plover=plover, plover_mode=None, modality=modality, sentence=0, text="s", span=(0, 1), trigger="t")  # type: ignore[arg-type]
    usa = ActorRef(text="The United States", name="United States", code="USA", country="USA")
    irq = ActorRef(text="insurgents", name="insurgents", code="IRQREB", country="IRQ")
    cop = ActorRef(text="police", name="police", code="INDCOP", country="IND", sector="COP")
    fixed = {
        "G1": [ev(usa, irq, "195", "ASSAULT"), ev(irq, usa, "190", "ASSAULT", "negated")],
        "G2": [ev(usa, None, "010", "CONSULT")],
        "G3": [ev(cop, None, "173", "COERCE")],
    }
    for article in articles:
        article.events = fixed[article.id]
        yield article


def test_eval_json_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_evaluate, "default_coder", lambda: _fake_coder)
    result = CliRunner().invoke(cli_evaluate.eval_cmd, [str(FIXTURES / "ours.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["n_records"] == 3
    # CAMEO levels: G1 (1 gold, 1 pred, 1 tp) + G2 (0 gold, 1 pred); G3 is PLOVER-only
    assert data["root"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "n_gold": 1, "n_pred": 2, "tp": 1}
    assert data["dyad_root"]["tp"] == 1 and data["code"]["tp"] == 1
    # PLOVER: G1 ASSAULT ok, G2 CONSULT false, G3 COERCE with null gold target ok
    assert data["plover"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "n_gold": 2, "n_pred": 3, "tp": 2}
    assert data["false_event_rate"] == 1.0
    assert data["police_source_rate"] == 1.0


def test_eval_table_cli_with_errors_and_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_evaluate, "default_coder", lambda: _fake_coder)
    result = CliRunner().invoke(cli_evaluate.eval_cmd, [str(FIXTURES / "ours.jsonl"), "--errors", "2", "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "dyad+root" in result.output and "false-event rate: 1.000" in result.output
    assert "worst records" in result.output and "G2" in result.output and "G3" not in result.output
    assert "010/CONSULT (actual)" in result.output
