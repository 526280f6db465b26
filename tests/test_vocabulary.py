"""The event vocabulary (patterns.yaml plus the vocabulary-*.yaml files): coverage of every CAMEO root, valid
codes, and short sentences of our own coded to the expected root."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from importlib import resources

import pytest

from diurna.events.patterns import load_patterns, parse_patterns
from diurna.ontology import load_ontology
from diurna.pipeline import code

WED = dt.date(2024, 5, 8)
ROOTS = [f"{i:02d}" for i in range(1, 21)]
MIN_LEMMAS_PER_ROOT = 8


def _codes(pattern) -> list[str]:
    return [pattern.code] + [c for _, c in pattern.modifiers]


def test_vocabulary_files_are_bundled_and_parse():
    folder = resources.files("diurna") / "data" / "events"
    files = sorted(f.name for f in folder.iterdir() if f.name.startswith("vocabulary"))
    assert len(files) >= 3, files
    for name in files:
        parsed = parse_patterns((folder / name).read_text(encoding="utf-8"), name)
        assert parsed.all(), f"{name} has no patterns"


def test_every_root_has_enough_trigger_lemmas():
    lemmas: dict[str, set[str]] = defaultdict(set)
    for pattern in load_patterns().all():
        for c in _codes(pattern):
            lemmas[c[:2]].update(pattern.lemmas)
    thin = {root: sorted(lemmas[root]) for root in ROOTS if len(lemmas[root]) < MIN_LEMMAS_PER_ROOT}
    assert not thin, f"roots with fewer than {MIN_LEMMAS_PER_ROOT} trigger lemmas: {thin}"


def test_every_pattern_code_is_in_the_ontology():
    ontology = load_ontology()
    bad = [(p.lemmas[0], c, p.line) for p in load_patterns().all() for c in _codes(p) if not ontology.is_valid(c)]
    assert not bad, bad
    patterns = load_patterns()
    for table in (patterns.intent_codes, patterns.threat_codes, patterns.appeal_codes, patterns.demand_codes):
        assert all(ontology.is_valid(c) for c in table.values())


def test_ambiguous_words_need_a_condition_in_the_vocabulary_files():
    """ "hit", "fire", "seize", "capture", "take", "close" say nothing alone; the vocabulary never uses them bare."""
    folder = resources.files("diurna") / "data" / "events"
    ambiguous = {"hit", "fire", "take", "close", "shut", "seize", "capture", "strike", "charge", "hold", "launch"}
    for f in folder.iterdir():
        if not f.name.startswith("vocabulary"):
            continue
        for p in parse_patterns(f.read_text(encoding="utf-8"), f.name).all():
            if p.kind == "verb" and set(p.lemmas) & ambiguous:
                assert p.object or p.requires or p.modified_by or p.xcomp, (f.name, p.line, p.lemmas)


# (sentence, expected root, expected (source country, target country) or None when not checked)
SENTENCES = [
    ("Japan's prime minister laid a wreath at the war memorial in Hanoi.", "01", ("JPN", None)),
    ("Kenya sought mediation from the African Union over the border dispute.", "02", ("KEN", None)),
    ("Pakistan offered talks to India on Tuesday.", "03", ("PAK", "IND")),
    ("The Indian prime minister paid a visit to Moscow last week.", "04", ("IND", "RUS")),
    ("India and Japan strengthened ties during the summit.", "05", ("IND", "JPN")),
    ("Australia shared intelligence with New Zealand about the smuggling ring.", "06", ("AUS", "NZL")),
    ("The European Union released 500 million euros in humanitarian aid to Syria.", "07", (None, "SYR")),
    ("Armenia and Azerbaijan exchanged prisoners on Wednesday.", "08", ("ARM", "AZE")),
    ("Brazil set up a commission to investigate the killings.", "09", ("BRA", None)),
    ("The opposition issued a list of demands to the government.", "10", None),
    ("Poland summoned the Russian ambassador on Thursday.", "11", ("POL", "RUS")),
    ("Russia vetoed the resolution on Syria.", "12", ("RUS", None)),
    ("Turkey warned Syria of retaliation.", "13", ("TUR", "SYR")),
    ("Thousands of farmers took to the streets of Paris on Monday.", "14", None),
    ("China put its military on high alert.", "15", ("CHN", None)),
    ("The United States halted military aid to Egypt.", "16", ("USA", "EGY")),
    ("Police in Lagos detained three journalists on Monday.", "17", ("NGA", "NGA")),
    ("Gunmen took 20 hostages in northern Nigeria.", "18", None),
    ("Houthi rebels launched missiles at Saudi Arabia.", "19", (None, "SAU")),
    ("The Syrian army used chemical weapons against civilians.", "20", ("SYR", None)),
]


@pytest.mark.parametrize("text,root,dyad", SENTENCES, ids=[s[1] for s in SENTENCES])
def test_sentence_codes_to_expected_root(check, text, root, dyad):
    check(text, root, dyad)


def test_detained_journalists_are_media():
    events = [e for e in code("Police in Lagos detained three journalists on Monday.", date=WED).events
              if e.cameo.startswith("17")]
    assert events and events[0].target is not None and events[0].target.sector == "MED"


def test_light_verbs_pick_the_specific_code():
    cases = {
        "Unions called off the strike on Monday.": "082",
        "The United States halted military aid to Egypt.": "1622",
        "Authorities in Dhaka banned the opposition party.": "1722",
        "Russian forces captured the town of Avdiivka.": "192",
    }
    for text, expected in cases.items():
        codes = [e.cameo for e in code(text, date=WED).events]
        assert expected in codes, (text, codes)


def test_reverse_code_needs_a_source_sector_and_valid_codes():
    from diurna.errors import DataFileError

    with pytest.raises(DataFileError, match="needs 'source_sector'"):
        parse_patterns('patterns:\n  - verb: clash\n    code: "145"\n    reverse_code: {COP: "175"}\n', "x.yaml")
    with pytest.raises(DataFileError, match="reverse_code"):
        parse_patterns('patterns:\n  - verb: clash\n    code: "145"\n    source_sector: [CVL]\n'
                       '    reverse_code: {COP: "17x"}\n', "x.yaml")
