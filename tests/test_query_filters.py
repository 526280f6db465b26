"""The query options of `diurna events` and `diurna export` (one filter set, diurna.filters.EventFilter): actor
names and codes, CAMEO code forms, contradictory and unknown values (exit 2 with a message), repeated options OR,
the new filters, sort and columns, and the note when a valid filter matches nothing."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from test_store_support import add_synthetic, d

from diurna.actors.query import UnknownActorError, actor_filter_codes
from diurna.cli import main
from diurna.filters import EventFilter, FilterError
from diurna.store import Store

ARTICLES = [{"id": "a", "date": d("2021-03-16"), "publisher": "x.com", "url": "https://x.com/a"},
            {"id": "b", "date": d("2021-03-17"), "publisher": "y.com", "url": "https://y.com/b"},
            {"id": "c", "date": d("2021-03-20"), "publisher": "z.com", "url": None}]


def _m(mention_id: str, article: str, cameo: str, src: tuple[str, str | None], tgt: tuple[str, str | None] | None,
       text: str, trigger: str, **extra):
    start = text.index(trigger)
    row = {"mention_id": mention_id, "article_id": article, "cameo": cameo, "source_code": src[0],
           "source_country": src[1], "source_text": src[0], "date": extra.pop("date", None), "modality": "actual",
           "text": text, "start": 0, "end": len(text), "trigger": trigger, "trigger_start": start,
           "trigger_end": start + len(trigger)}
    if tgt is not None:
        row.update(target_code=tgt[0], target_country=tgt[1], target_text=tgt[0])
    row.update(extra)
    return row


MENTIONS = [
    _m("a:0:0", "a", "190", ("TURGOV", "TUR"), ("IRQ", "IRQ"), "Turkish jets struck targets in northern Iraq.",
       "struck", date=d("2021-03-16"), confidence=0.9, plover="ASSAULT", quad_class=4, goldstein=-10.0),
    _m("b:0:0", "b", "190", ("TUR", "TUR"), ("IRQ", "IRQ"), "Turkiye bombed Kurdish positions in Iraq.",
       "bombed", date=d("2021-03-17"), confidence=0.7, plover="ASSAULT", quad_class=4, goldstein=-10.0),
    _m("c:0:0", "c", "141", ("USACVL", "USA"), ("USAGOV", "USA"), "Protesters marched in Washington.", "marched",
       date=d("2021-03-20"), confidence=0.4, plover="PROTEST", target_implied=True, quad_class=3),
    _m("c:1:0", "c", "040", ("CHL", "CHL"), ("PER", "PER"), "Chile met Peru in Lima.", "met",
       date=d("2021-03-20"), confidence=0.6, plover="CONSULT", symmetric=True),
    _m("c:2:0", "c", "183", ("RUS", "RUS"), None, "Russia may bomb the bridge.", "bomb", date=d("2021-03-20"),
       confidence=0.5, plover="ASSAULT", modality="hypothetical", quad_class=4),
]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("filters") / "s"
    add_synthetic(root, ARTICLES, MENTIONS)
    return root


def run(store_dir, *args):
    return CliRunner().invoke(main, ["events", "--store", str(store_dir), "--format", "jsonl", *args])


def rows(result):
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def cameos(result):
    return sorted(r["cameo"] for r in rows(result))


# --- actors ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Turkey", "Türkiye", "TUR", "tur", "Turkish", "Ankara"])
def test_an_actor_is_a_name_or_a_code(store_dir, value):
    assert cameos(run(store_dir, "--actor", value)) == ["190"]


def test_actor_filter_codes():
    assert actor_filter_codes("Turkey") == actor_filter_codes("Türkiye") == actor_filter_codes("TUR") == ("TUR",)
    assert actor_filter_codes("the UN") == ("IGOUNO",)
    assert actor_filter_codes("usagov") == ("USAGOV",)
    assert actor_filter_codes("BRAZIL") == ("BRA",)  # a name in capitals is not a code of its own
    assert set(actor_filter_codes("Taliban")) == {"AFGGOV", "AFGREBTAL"}  # a name that changed meaning
    with pytest.raises(UnknownActorError, match="Narnia"):
        actor_filter_codes("Narnia")


def test_actor_resolution_does_not_load_spacy():
    code = ("import sys; from diurna.actors.query import actor_filter_codes; "
            "from diurna.filters import EventFilter; EventFilter(actor='Turkey', cameo='4').resolve(); "
            "print(actor_filter_codes('Turkey'), 'spacy' in sys.modules, 'duckdb' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "('TUR',) False False"


def test_an_unknown_actor_is_a_usage_error(store_dir):
    result = run(store_dir, "--actor", "Narnia")
    assert result.exit_code == 2 and "--actor" in result.output and "Narnia" in result.output


# --- CAMEO, PLOVER, dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("4", ["040"]), ("04", ["040"]), ("040", ["040"]), ("19", ["190"]),
                                                 ("190", ["190"]), ("1", [])])
def test_cameo_forms(store_dir, value, expected):
    assert cameos(run(store_dir, "--cameo", value)) == expected


@pytest.mark.parametrize(("value", "message"), [("42", "did you mean the base code 042"),
                                                ("0401", "not in the ontology"), ("abc", "not a number"),
                                                ("21", "roots are 01 to 20"), ("04211", "more than 4 digits")])
def test_a_malformed_or_unknown_cameo_code_is_a_usage_error(store_dir, value, message):
    result = run(store_dir, "--cameo", value)
    assert result.exit_code == 2 and "--cameo" in result.output and message in result.output


def test_plover_is_checked_and_translated(store_dir):
    assert cameos(run(store_dir, "--plover", "assault")) == ["183", "190"]
    assert cameos(run(store_dir, "--plover", "FIGHT")) == ["183", "190"]  # a draft name: PLOVER 2.0's ASSAULT
    result = run(store_dir, "--plover", "BOMBING")
    assert result.exit_code == 2 and "unknown PLOVER type 'BOMBING'" in result.output


def test_since_after_until_is_a_usage_error(store_dir):
    result = run(store_dir, "--since", "2021-03-20", "--until", "2021-03-01")
    assert result.exit_code == 2 and "after until" in result.output
    assert run(store_dir, "--since", "2021-03-32").exit_code == 2


# --- repeated options, new filters --------------------------------------------------------------------------------


def test_repeated_options_or(store_dir):
    assert cameos(run(store_dir, "--cameo", "18", "--cameo", "19")) == ["183", "190"]
    assert cameos(run(store_dir, "--actor", "Turkey", "--actor", "Chile")) == ["040", "190"]
    assert cameos(run(store_dir, "--modality", "actual", "--modality", "hypothetical", "--cameo", "18")) == ["183"]


def test_min_confidence_and_sources(store_dir):
    assert cameos(run(store_dir, "--min-confidence", "0.65")) == ["190"]
    assert cameos(run(store_dir, "--min-sources", "2")) == ["190"]
    assert run(store_dir, "--min-confidence", "1.5").exit_code == 2
    assert run(store_dir, "--min-sources", "0").exit_code == 2


def test_countries_known_implied_self(store_dir):
    assert cameos(run(store_dir, "--countries-known")) == ["040", "141", "190"]
    assert cameos(run(store_dir, "--no-implied")) == ["040", "183", "190"]
    assert cameos(run(store_dir, "--no-self")) == ["040", "183", "190"]


def test_text_search_in_any_report(store_dir):
    assert cameos(run(store_dir, "--text", "BOMBED")) == ["190"]  # the second report of the event
    assert cameos(run(store_dir, "--text", "marched", "--text", "met peru")) == ["040", "141"]
    assert [r["mention_id"] for r in rows(run(store_dir, "--mentions", "--text", "bombed"))] == ["b:0:0"]


def test_a_joint_act_matches_a_dyad_either_way(store_dir):
    assert cameos(run(store_dir, "--dyad", "Peru", "Chile")) == ["040"]
    assert cameos(run(store_dir, "--dyad", "Iraq", "Turkey")) == []  # not a joint act
    assert cameos(run(store_dir, "--dyad", "Iraq", "Turkey", "--dyad", "TUR", "IRQ")) == ["190"]


def test_sort_and_columns(store_dir):
    assert [r["cameo"] for r in rows(run(store_dir, "--sort", "confidence"))][:2] == ["190", "040"]
    assert rows(run(store_dir, "--sort", "sources"))[0]["cameo"] == "190"
    assert [r["cameo"] for r in rows(run(store_dir, "--sort", "goldstein", "--cameo", "19", "--cameo", "04"))] \
        == ["190", "040"]
    got = rows(run(store_dir, "--columns", "event_id,cameo", "--columns", "trigger", "--cameo", "19"))
    assert got == [{"event_id": got[0]["event_id"], "cameo": "190", "trigger": "struck"}]
    result = run(store_dir, "--columns", "event_id,nonsense")
    assert result.exit_code == 2 and "unknown column 'nonsense'" in result.output
    result = run(store_dir, "--mentions", "--sort", "sources")
    assert result.exit_code == 2 and "--sort" in result.output


def test_a_valid_filter_that_matches_nothing_says_what_was_searched(store_dir):
    result = run(store_dir, "--actor", "Chile", "--cameo", "19")
    assert result.exit_code == 0 and result.stdout == ""
    (note,) = result.stderr.splitlines()
    assert note.startswith("note: no events") and "actor Chile" in note and "CAMEO 19" in note


# --- export shares the filter set ---------------------------------------------------------------------------------


def test_export_takes_the_same_filters(store_dir, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--store", str(store_dir), "--format", "csv", "--actor", "Turkey"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2  # header and the one event
    result = runner.invoke(main, ["export", "--store", str(store_dir), "--format", "gdelt", "--cameo", "18",
                                  "--cameo", "19", "--out", str(tmp_path / "g.tsv")])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "g.tsv").read_text().splitlines()) == 1  # the hypothetical 183 is not a GDELT event
    result = runner.invoke(main, ["export", "--store", str(store_dir), "--format", "jsonl", "--cameo", "42"])
    assert result.exit_code == 2 and "042" in result.output
    result = runner.invoke(main, ["export", "--store", str(store_dir), "--format", "jsonl", "--table", "articles",
                                  "--cameo", "19"])
    assert result.exit_code == 2
    result = runner.invoke(main, ["export", "--store", str(store_dir), "--format", "jsonl", "--table", "mentions",
                                  "--actor", "TUR", "--columns", "mention_id"])
    assert sorted(json.loads(x)["mention_id"] for x in result.stdout.splitlines()) == ["a:0:0", "b:0:0"]


# --- the library ------------------------------------------------------------------------------------------------------


def test_the_library_filter(store_dir):
    store = Store(store_dir)
    assert store.events(EventFilter(cameo=("18", "19"), exclude_self=True)).num_rows == 2
    assert store.events(EventFilter(actor="Türkiye"), mentions=True).num_rows == 2
    with pytest.raises(FilterError) as err:
        store.events(EventFilter(cameo="42"))
    assert err.value.field == "cameo"
    with pytest.raises(FilterError, match="after until"):
        EventFilter(since=d("2021-02-01"), until=d("2021-01-01"))
    assert EventFilter().selects_all and not EventFilter(limit=3).selects_all
    assert EventFilter(actor=("Turkey", "Chile"), cameo="4").describe() == "actor Turkey or Chile; CAMEO 4"
