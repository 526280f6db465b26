"""Metric unit tests with hand-computed values (fake predictions; no NLP)."""

from __future__ import annotations

from pathlib import Path

import pytest

from diurna.articles.model import ActorRef, Event
from diurna.errors import DataFileError
from diurna.eval.intent import load_intent_map
from diurna.eval.metrics import (
    NONE_COLUMN,
    LevelScore,
    actor_labels,
    max_matching,
    pair_predictions,
    score,
    score_record,
)
from diurna.eval.records import GoldEvent, GoldRecord


def actor(code: str | None, sector: str | None = None, country: str | None = None) -> ActorRef:
    return ActorRef(text=code or "someone", name=code or "someone", code=code, country=country, sector=sector)


def ev(src: str | None, tgt: str | None, cameo: str, plover: str | None = None, modality: str = "actual",
       src_sector: str | None = None) -> Event:
    return Event(
        id="e", source=actor(src, src_sector) if src or src_sector else None, target=actor(tgt) if tgt else None,
        cameo=cameo, cameo_name="", goldstein=0.0, quad_class=1, plover=plover, plover_mode=None,
        modality=modality, sentence=0, text="sentence", span=(0, 8), trigger="t",  # type: ignore[arg-type]
    )


def rec(rid: str, *events: GoldEvent) -> GoldRecord:
    return GoldRecord(id=rid, text=f"text of {rid}", events=list(events))


def g(src: str | None, tgt: str | None, cameo: str | None, plover: str | None = None) -> GoldEvent:
    return GoldEvent(source=src, target=tgt, cameo=cameo, plover=plover)


def counts(result, level: str) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    s = result.levels[level].score
    return s.tp, s.n_gold, s.n_pred


def test_level_score_arithmetic() -> None:
    s = LevelScore(tp=1, n_gold=4, n_pred=2)
    assert (s.precision, s.recall) == (0.5, 0.25)
    assert s.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)
    assert LevelScore().as_dict() == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n_gold": 0, "n_pred": 0, "tp": 0}


def test_exact_match_all_levels() -> None:
    r = score_record(rec("a", g("USA", "IRQMUS", "195", "ASSAULT")), [ev("USAGOV", "IRQ", "195", "ASSAULT")])
    for level in ("root", "dyad_root", "code", "plover"):
        assert counts(r, level) == (1, 1, 1)


def test_reversed_dyad_and_wrong_subcode() -> None:
    r = score_record(rec("a", g("USA", "IRQ", "195", "ASSAULT")), [ev("IRQ", "USA", "193", "ASSAULT")])
    assert counts(r, "root") == (1, 1, 1)
    assert counts(r, "dyad_root") == (0, 1, 1)
    assert counts(r, "code") == (0, 1, 1)
    assert counts(r, "plover") == (0, 1, 1)
    right_dyad = score_record(rec("a", g("USA", "IRQ", "195")), [ev("USA", "IRQ", "193")])
    assert counts(right_dyad, "dyad_root") == (1, 1, 1) and counts(right_dyad, "code") == (0, 1, 1)


def test_duplicate_predictions_count_once() -> None:
    gold = rec("a", g("USA", "IRQ", "195"))
    r = score_record(gold, [ev("USA", "IRQ", "195"), ev("USAMIL", "IRQ", "195"), ev("USA", "IRQ", "190"), ev("USA", "IRQ", "042")])
    # root: {19, 04} predicted, {19} gold; dyad triples: (USA,IRQ,19) twice + (USA,IRQ,04)
    assert counts(r, "root") == (1, 1, 2)
    assert counts(r, "dyad_root") == (1, 1, 2)
    # code: 195, 190, 042 distinct (the USAMIL duplicate collapses)
    assert counts(r, "code") == (1, 1, 3)


def test_duplicate_gold_triples_count_once() -> None:
    r = score_record(rec("a", g("USAGOV", "IRQ", "195"), g("USAMIL", "IRQ", "190")), [ev("USA", "IRQ", "195")])
    assert counts(r, "dyad_root") == (1, 1, 1)
    assert counts(r, "code") == (1, 2, 1)


def test_missing_record_is_all_false_negatives() -> None:
    report = score(pair_predictions([rec("a", g("USA", "IRQ", "195", "ASSAULT"), g("IRQ", "USA", "111", "ACCUSE"))], {}))
    assert report.n_missing == 1
    assert report.levels["root"].as_dict() == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n_gold": 2, "n_pred": 0, "tp": 0}
    assert report.levels["plover"].n_gold == 2
    assert report.confusion == {}  # two gold roots: not in the confusion table


def test_empty_gold_and_false_event_rate() -> None:
    records = [rec("n1"), rec("n2"), rec("n3"), rec("x", g("USA", "IRQ", "195"))]
    predictions = {
        "n1": [ev("USA", None, "010", "CONSULT")],
        "n2": [ev("USA", None, "010", modality="negated"), ev("USA", None, "190", modality="hypothetical")],
        "x": [ev("USA", "IRQ", "195")],
    }  # n3 missing: no event predicted
    report = score(pair_predictions(records, predictions))
    assert (report.n_no_event, report.n_false_event) == (3, 1)
    assert report.false_event_rate == pytest.approx(1 / 3)
    root = report.levels["root"]
    assert (root.tp, root.n_gold, root.n_pred) == (1, 1, 2)  # n1's event is a false positive
    assert (report.levels["plover"].n_gold, report.levels["plover"].n_pred) == (0, 1)


def test_no_predictions_at_all() -> None:
    report = score(pair_predictions([rec("a", g("USA", "IRQ", "195"))], {"a": []}))
    assert report.n_missing == 0
    assert (report.levels["root"].tp, report.levels["root"].n_gold, report.levels["root"].n_pred) == (0, 1, 0)
    assert report.false_event_rate is None
    assert report.confusion == {"19": {NONE_COLUMN: 1}}


def test_negated_and_hypothetical_are_not_events() -> None:
    r = score_record(rec("a", g("USA", "IRQ", "195")), [ev("USA", "IRQ", "195", modality="negated"), ev("USA", "IRQ", "195", modality="hypothetical")])
    assert counts(r, "root") == (0, 1, 0)


def test_null_gold_sides_match_anything_one_to_one() -> None:
    gold = rec("a", g("TUR", None, None, "AGREE"), g("GRC", None, None, "AGREE"))
    both = score_record(gold, [ev("TUR", "GRC", "030", "AGREE"), ev("GRC", "TUR", "030", "AGREE")])
    assert counts(both, "plover") == (2, 2, 2)
    assert set(both.levels) == {"plover"}  # no CAMEO coding in the gold: not scored at CAMEO levels
    one_gold = rec("b", g("TUR", None, None, "AGREE"))
    two_targets = score_record(one_gold, [ev("TUR", "GRC", "030", "AGREE"), ev("TUR", "CYP", "030", "AGREE")])
    assert counts(two_targets, "plover") == (1, 1, 2)
    none_none = score_record(rec("c", g(None, None, "036")), [ev("DEU", "ALB", "036")])
    assert counts(none_none, "dyad_root") == (1, 1, 1)
    # our missing side does not match a given gold side
    assert counts(score_record(rec("d", g("USA", "IRQ", "195")), [ev("USA", None, "195")]), "dyad_root") == (0, 1, 1)


def test_maximum_matching_not_greedy() -> None:
    gold = rec("a", g("USA", None, "195"), g("USA", "IRQ", "195"))
    r = score_record(gold, [ev("USA", "IRQ", "195"), ev("USA", "SYR", "195")])
    assert counts(r, "dyad_root") == (2, 2, 2)
    assert max_matching(2, 2, lambda i, j: i == 0 or j == 0) == [(0, 1), (1, 0)]


def test_igo_ngo_and_junk_codes() -> None:
    gold = rec("a", g("IGO", "JPN", "031"), g("ISR***", "NGO", "111"))
    ours = [
        Event(id="1", source=actor(None, "IGO"), target=actor("JPN"), cameo="031", cameo_name="", goldstein=0.0,
              quad_class=1, plover=None, plover_mode=None, modality="actual", sentence=0, text="s", span=(0, 1), trigger="t"),
        ev("ISRGOV", "NGOHRI", "111"),
    ]
    r = score_record(gold, ours)
    assert counts(r, "dyad_root") == (2, 2, 2)
    assert actor_labels(actor("IGOUNO")) == frozenset({"IGO"})
    assert actor_labels(actor("GBR", sector="NGO")) == frozenset({"GBR", "NGO"})
    assert actor_labels(ActorRef(text="x", name="x", code=None, country="fra")) == frozenset({"FRA"})
    assert actor_labels(None) == frozenset()


def test_cameo_null_and_plover_null_fields_are_not_scored() -> None:
    plover_only = score_record(rec("a", g("INDCOP", None, None, "COERCE")), [ev("INDCOP", None, "173", "COERCE")])
    assert set(plover_only.levels) == {"plover"}
    cameo_only = score_record(rec("b", g("USA", "IRQ", "195")), [ev("USA", "IRQ", "195", "ASSAULT")])
    assert set(cameo_only.levels) == {"root", "dyad_root", "code"}
    # our event without a PLOVER type makes no PLOVER claim
    no_plover = score_record(rec("c", g("USA", "IRQ", "195", "ASSAULT")), [ev("USA", "IRQ", "195", None)])
    assert counts(no_plover, "plover") == (0, 1, 0)


def test_anticipated_matches_gold_intent() -> None:
    # "Norway is willing to send material to Saudi Arabia": gold 033 / AGREE, ours anticipated 070 / AID
    r = score_record(rec("a", g("NOR", "SAU", "033", "AGREE")), [ev("NOR", "SAU", "070", "AID", "anticipated")])
    for level in ("root", "dyad_root", "code", "plover"):
        assert counts(r, level) == (1, 1, 1), level
    assert r.pred_roots == ["03"]
    # four-digit gold code: 0332 (military aid) <-> our 072 at code level; 071 matches the root only
    exact = score_record(rec("b", g("GBRGOV", "MOZ", "0332")), [ev("GBR", "MOZ", "072", modality="anticipated")])
    assert counts(exact, "code") == (1, 1, 1)
    other = score_record(rec("c", g("GBRGOV", "MOZ", "0332")), [ev("GBR", "MOZ", "071", modality="anticipated")])
    assert counts(other, "dyad_root") == (1, 1, 1) and counts(other, "code") == (0, 1, 1)
    # threats: anticipated 190 <-> 1384 (conventional attack) and 138; not <-> 131 (non-force)
    assert counts(score_record(rec("d", g("IRN", "IRQ", "1384", "THREATEN")), [ev("IRN", "IRQ", "190", "ASSAULT", "anticipated")]), "code") == (1, 1, 1)
    assert counts(score_record(rec("e", g("IRN", "IRQ", "138")), [ev("IRN", "IRQ", "193", modality="anticipated")]), "root") == (1, 1, 1)
    assert counts(score_record(rec("f", g("IRN", "AZE", "131")), [ev("IRN", "AZE", "190", modality="anticipated")]), "root") == (0, 1, 1)


def test_intent_rule_needs_anticipated_and_prefers_own_code() -> None:
    # an actual 070 is not an intent
    assert counts(score_record(rec("a", g("NOR", "SAU", "033")), [ev("NOR", "SAU", "070")]), "root") == (0, 1, 1)
    # an anticipated event whose own code is in the gold counts with its own code
    both = rec("b", g("DEU", "ALB", "036"), g("DEU", "ALB", "042"))
    assert counts(score_record(both, [ev("DEU", "ALB", "042", modality="anticipated")]), "code") == (1, 2, 1)
    # no gold intent: anticipated counts with its own code
    assert counts(score_record(rec("c", g("USA", "IRQ", "190")), [ev("USA", "IRQ", "190", modality="anticipated")]), "code") == (1, 1, 1)
    # the intent rewrite needs the dyad at dyad levels
    wrong_dyad = score_record(rec("d", g("NOR", "SAU", "033")), [ev("SAU", "NOR", "070", modality="anticipated")])
    assert counts(wrong_dyad, "root") == (1, 1, 1) and counts(wrong_dyad, "dyad_root") == (0, 1, 1)


def test_micro_average_over_records() -> None:
    records = [rec("a", g("USA", "IRQ", "195")), rec("b", g("FRA", "DEU", "042"))]
    report = score(pair_predictions(records, {"a": [ev("USA", "IRQ", "195"), ev("USA", "IRQ", "111")], "b": []}))
    s = report.levels["dyad_root"]
    assert (s.tp, s.n_gold, s.n_pred) == (1, 2, 2)
    assert (s.precision, s.recall, s.f1) == (0.5, 0.5, 0.5)


def test_confusion_table() -> None:
    records = [
        rec("a", g("USA", "IRQ", "195")),
        rec("b", g("USA", "IRQ", "190")),
        rec("c", g("FRA", "DEU", "042")),
        rec("d", g("FRA", "DEU", "042"), g("DEU", "FRA", "043")),  # one root (04) over two events
        rec("e", g("FRA", "DEU", "042"), g("DEU", "FRA", "111")),  # two roots: left out
    ]
    predictions = {"a": [ev("USA", "IRQ", "195"), ev("USA", "IRQ", "173")], "b": [], "c": [ev("FRA", "DEU", "057")], "d": [ev("FRA", "DEU", "042")]}
    report = score(pair_predictions(records, predictions))
    assert report.confusion == {"19": {"19": 1, "17": 1, NONE_COLUMN: 1}, "04": {"05": 1, "04": 1}}


def test_police_source_rate() -> None:
    records = [rec(f"p{i}", g("INDCOP", None, None, "COERCE")) for i in range(3)]
    predictions = {
        "p0": [ev("INDCOP", None, "173", "COERCE")],
        "p1": [ev(None, "IND", "173", "COERCE", src_sector="COP")],  # sector COP, no code: no country -> no match
        "p2": [ev("INDGOV", None, "173", "COERCE")],
    }
    report = score(pair_predictions(records, predictions))
    assert report.levels["plover"].tp == 2  # p1's source has no country
    assert (report.police_source, report.police_matched) == (1, 2)
    assert report.police_source_rate == 0.5
    assert report.as_dict()["police_source_rate"] == 0.5


def test_report_dict_shape() -> None:
    report = score(pair_predictions([rec("a", g("USA", "IRQ", "195", "ASSAULT"))], {"a": [ev("USA", "IRQ", "195", "ASSAULT")]}))
    data = report.as_dict()
    for level in ("root", "dyad_root", "code", "plover"):
        assert set(data[level]) >= {"precision", "recall", "f1", "n_gold", "n_pred"}  # type: ignore[arg-type]
    assert data["n_records"] == 1 and data["false_event_rate"] is None


def test_intent_map_data_file_is_valid() -> None:
    imap = load_intent_map()
    assert imap.roots["036"] == frozenset({"04"})
    assert all(code[:3] in imap.roots for code in imap.codes)
    assert imap.plover_compatible("THREATEN", "ASSAULT") and not imap.plover_compatible("AGREE", "ASSAULT")
    # every 4-digit entry is consistent with its 3-digit parent's roots
    for gold, prefixes in imap.codes.items():
        for prefix in prefixes:
            assert prefix[:2] in imap.roots[gold[:3]], (gold, prefix)


def test_intent_map_rejects_malformed_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('intent_roots:\n  "036": ["4"]\nintent_codes: {}\nplover: {}\n')
    with pytest.raises(DataFileError, match="not a valid CAMEO code"):
        load_intent_map(bad)
    bad.write_text('intent_roots:\n  "041": ["04"]\nintent_codes: {}\nplover: {}\n')
    with pytest.raises(DataFileError, match="not a CAMEO 03x/13x code"):
        load_intent_map(bad)
