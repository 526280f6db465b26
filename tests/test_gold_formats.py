"""Gold readers (diurna JSONL, PETRARCH validation XML, PLOVER records), the writer and `diurna gold convert` /
`diurna eval --json` through click's CliRunner (with a fixed fake coder)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import diurna.cli.evaluate as cli_evaluate
from diurna.articles.model import ActorRef, Article, Event
from diurna.errors import InputError
from diurna.eval.gold import detect_format, parse_gold, parse_gold_date, read_gold, write_gold_jsonl
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
    assert first.text == (
        "The United States launched an air strike on insurgents in northern Iraq & Syria, officials said."
    )
    assert first.events == [GoldEvent("USA", "IRQMUS", "195", None)]  # the duplicate coding is merged
    assert first.extra == {"category": "DEMO"}
    assert noevents.events == [] and noevents.no_event
    assert compound.events == [GoldEvent("FRA", None, "042", "CONSULT"), GoldEvent("DEU", "FRAGOV", "043", None)]


MIXED = FIXTURES / "petrarch_mixed.xml"
MIXED_DATES = {
    "MIX-01": dt.date(2015, 6, 9),  # 150609: YYMMDD
    "MIX-02": dt.date(2015, 6, 10),  # 20150610
    "MIX-03": dt.date(2015, 6, 11),  # 2015-06-11
    "MIX-05": dt.date(1998, 12, 24),  # 981224: YYMMDD, 70-99 -> 19xx
    "MIX-06": dt.date(2015, 6, 12),  # 2015/06/12
    "MIX-07": dt.date(2015, 6, 13),  # 2015-06-13T08:30:00Z
    "MIX-08": None,  # no date attribute: unknown, not guessed
}


def test_petrarch_mixed_dates_and_one_broken_record() -> None:
    errors: list[InputError] = []
    records = read_gold(MIXED, errors=errors)
    assert {r.id: r.date for r in records} == MIXED_DATES
    assert [r.id for r in records] == list(MIXED_DATES)  # file order, MIX-04 left out
    assert records[0].events == [GoldEvent("KENCOP", "KENOPP", "173", None)]
    assert records[0].text == (
        "Kenyan police arrested twelve opposition supporters outside the parliament in Nairobi on Tuesday."
    )
    assert records[1].no_event
    (error,) = errors
    assert error.input == str(MIXED)
    assert error.record == "sentence 4 (line 23, id 'MIX-04')"
    assert error.reason.startswith("invalid date '991345': no such day (month must be in 1..12)")
    assert str(error).startswith(f"{MIXED}, sentence 4 (line 23, id 'MIX-04'): invalid date '991345'")


def test_petrarch_broken_record_raises_without_an_error_list() -> None:
    with pytest.raises(InputError, match=r"line 23, id 'MIX-04'\): invalid date '991345'"):
        read_gold(MIXED)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20150609", dt.date(2015, 6, 9)),
        ("150609", dt.date(2015, 6, 9)),
        ("000101", dt.date(2000, 1, 1)),
        ("691231", dt.date(2069, 12, 31)),
        ("700101", dt.date(1970, 1, 1)),
        ("991231", dt.date(1999, 12, 31)),
        ("2015-06-09", dt.date(2015, 6, 9)),
        ("2015/06/09", dt.date(2015, 6, 9)),
        ("2015-06-09T23:59:59Z", dt.date(2015, 6, 9)),
        ("2015-06-09T23:59:59.250+05:30", dt.date(2015, 6, 9)),  # the date as written: the zone is not applied
        ("2015-06-09 08:30", dt.date(2015, 6, 9)),
        (" 20150609 ", dt.date(2015, 6, 9)),
        (20150609, dt.date(2015, 6, 9)),
        (None, None),
        ("", None),
        ("  ", None),
    ],
)
def test_gold_date_forms(value: object, expected: dt.date | None) -> None:
    assert parse_gold_date(value) == expected


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("991345", "month must be in 1..12"),
        ("150631", "day is out of range"),
        ("20150230", "day is out of range"),
        ("2015-13-01", "month must be in 1..12"),
        ("2015-06-09T25:00", "not a time of day"),
        ("2015-06/09", "not a date"),
        ("15069", "not a date"),
        ("yesterday", "not a date"),
        ("2015-06-09 and more", "not a date"),
    ],
)
def test_impossible_or_unknown_gold_dates(value: str, needle: str) -> None:
    with pytest.raises(ValueError, match=re.escape(needle)):
        parse_gold_date(value)


@pytest.mark.parametrize(
    ("text", "fmt", "good", "where", "needle"),
    [
        ('<Sentence id="a" date="150609"><Text>t</Text></Sentence>\n'
         '<Sentence id="b" date="150609"></Sentence>\n'
         '<Sentence id="c"><EventCoding eventcode="19x"><Text>u</Text></Sentence>\n'
         '<Sentence id="d"><EventCoding sourcecode="USA"><Text>v</Text></Sentence>\n'
         '<Sentence id="e"><Text>w</Text>\n'
         '<Sentence id="f" date="2015-06-10"><Text>x</Text></Sentence>\n',
         None, ["a", "f"],
         ["sentence 2 (line 2, id 'b')", "sentence 3 (line 3, id 'c')", "sentence 4 (line 4, id 'd')",
          "sentence 5 (line 5, id 'e')"],
         ["no <Text>", "invalid CAMEO code '19x'", "has no eventcode", "not closed"]),
        ('{"id": "a", "text": "t", "events": []}\n'
         '{"id": "b", "text": \n'
         '{"id": "c", "text": "t", "date": "991345", "events": []}\n'
         '[1]\n'
         '{"id": "a", "text": "other", "events": []}\n'
         '{"id": "d", "text": "t", "date": "150609", "events": []}\n',
         None, ["a", "d"],
         ["line 2", "line 3 (id 'c')", "line 4", "line 5 (id 'a')"],
         ["invalid JSON", "invalid date '991345'", "expected a JSON object", "different texts"]),
        ('{"id": "p1", "text": "t", "event_type": "ASSAULT", "date": "20150609"}\n'
         '{"id": "p2", "text": "t", "source": "USA"}\n'
         '{"id": "p3", "text": "t", "event_type": "AID", "date": "2015-02-30"}\n',
         "plover", ["p1"],
         ["line 2 (id 'p2')", "line 3 (id 'p3')"],
         ["no event type", "invalid date '2015-02-30'"]),
    ],
    ids=["petrarch", "jsonl", "plover"],
)
def test_each_bad_record_is_one_error_and_the_rest_is_read(
    text: str, fmt: str | None, good: list[str], where: list[str], needle: list[str]
) -> None:
    errors: list[InputError] = []
    records = parse_gold(text, "bad.gold", fmt, errors=errors)
    assert [r.id for r in records] == good
    assert [e.record for e in errors] == where
    assert all(e.input == "bad.gold" for e in errors)
    for error, expected in zip(errors, needle, strict=True):
        assert expected in error.reason
    with pytest.raises(InputError) as info:  # without an error list the first bad record stops the reading
        parse_gold(text, "bad.gold", fmt)
    assert info.value.record == where[0]


def test_file_level_problems_are_raised_even_with_an_error_list() -> None:
    for text, fmt, needle in [
        ("", None, "empty"),
        ("<Validation></Validation>", None, "no <Sentence> records"),
        ('[{"id": "a", "text": "t", "events": []}', None, "invalid JSON"),
        ('{"id": "a",\n "text": "t"\n "events": []}\n', "jsonl", "invalid JSON"),
    ]:
        with pytest.raises(InputError, match=re.escape(needle)):
            parse_gold(text, "bad.gold", fmt, errors=[])


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
        ('<Sentence id="x1" date="20150101"><EventCoding sourcecode="USA"><Text>t</Text></Sentence>', None,
         "no eventcode"),
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
    forced = CliRunner().invoke(
        cli_evaluate.gold, ["convert", str(FIXTURES / "ours.jsonl"), "--to", str(out), "--from", "petrarch"]
    )
    assert forced.exit_code != 0 and "ours.jsonl" in forced.output


def _fake_coder(articles: Iterable[Article]) -> Iterator[Article]:
    """G1: the right event plus a negated one; G2: a false event; G3: police arrest without a target."""
    def ev(src: ActorRef | None, tgt: ActorRef | None, cameo: str, plover: str, modality: str = "actual") -> Event:
        return Event(id="e", source=src, target=tgt, cameo=cameo, cameo_name="", goldstein=0.0, quad_class=4,
                     plover=plover, plover_mode=None, modality=modality,  # type: ignore[arg-type]
                     sentence=0, text="s", span=(0, 1), trigger="t")
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


def _mixed_coder(articles: Iterable[Article]) -> Iterator[Article]:
    """petrarch_mixed.xml: right on MIX-01, 03, 06, 07, 08; the wrong root on MIX-05; nothing on MIX-02. MIX-04
    (the broken record) must never reach the coder: it has no entry, so it would raise KeyError."""
    def ev(src: str, tgt: str | None, cameo: str) -> Event:
        def actor(code: str | None) -> ActorRef | None:
            return None if code is None else ActorRef(text=code, name=code, code=code, country=code[:3])
        return Event(id="e", source=actor(src), target=actor(tgt), cameo=cameo, cameo_name="", goldstein=0.0,
                     quad_class=4, plover=None, plover_mode=None, modality="actual", sentence=0, text="s",
                     span=(0, 1), trigger="t")
    fixed = {
        "MIX-01": [ev("KENCOP", "KENOPP", "173")],
        "MIX-02": [],
        "MIX-03": [ev("JPNGOV", "KORGOV", "040")],
        "MIX-05": [ev("BRAGOV", "BRAAGR", "010")],
        "MIX-06": [ev("EGYGOV", None, "111")],
        "MIX-07": [ev("VENOPP", "VENGOV", "100")],
        "MIX-08": [ev("TURMIL", "SYRREB", "194")],
    }
    for article in articles:
        article.events = fixed[article.id]
        yield article


MIXED_ERROR_LINE = (
    f"error: {MIXED}, sentence 4 (line 23, id 'MIX-04'): invalid date '991345': no such day"
    " (month must be in 1..12); expected YYYYMMDD, YYMMDD, YYYY-MM-DD, YYYY/MM/DD or an ISO date-time"
)


def test_eval_cli_scores_the_rest_of_a_file_with_a_broken_record(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_evaluate, "default_coder", lambda: _mixed_coder)
    result = CliRunner().invoke(cli_evaluate.eval_cmd, [str(MIXED), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [MIXED_ERROR_LINE]  # one line, on stderr
    data = json.loads(result.stdout)
    assert data["n_records"] == 7 and data["n_missing"] == 0 and data["n_no_event_records"] == 1
    # roots: gold 17, 04, 03, 11, 10, 19; ours 17, 04, 01 (wrong), 11, 10, 19
    assert data["root"] == {"precision": 0.8333, "recall": 0.8333, "f1": 0.8333, "n_gold": 6, "n_pred": 6, "tp": 5}
    assert data["dyad_root"]["tp"] == 5
    assert data["false_event_rate"] == 0.0


def test_eval_cli_table_with_a_broken_record(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_evaluate, "default_coder", lambda: _mixed_coder)
    result = CliRunner().invoke(cli_evaluate.eval_cmd, [str(MIXED)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [MIXED_ERROR_LINE]
    assert "MIX-04" not in result.stdout and "7 records" in result.stdout and "dyad+root" in result.stdout


def test_eval_cli_fails_when_no_record_can_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_evaluate, "default_coder", lambda: _mixed_coder)
    gold = tmp_path / "all_bad.xml"
    gold.write_text('<Sentence id="B1" date="991345"><Text>t</Text></Sentence>\n'
                    '<Sentence id="B2" date="2015-06-09"></Sentence>\n', encoding="utf-8")
    result = CliRunner().invoke(cli_evaluate.eval_cmd, [str(gold)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[1] for line in lines[:2]] == [
        f"{gold}, sentence 1 (line 1, id 'B1')", f"{gold}, sentence 2 (line 2, id 'B2')"
    ]
    assert lines[2] == f"Error: {gold}: no gold record could be read (2 errors)"
