"""Both sides of an event: an act whose source, or whose needed target, the text does not name is withheld by
default (issue: actors, "a parse the rules cannot read gives no event rather than a wrong dyad"); the setting
``one_sided_events`` keeps it; roots that stand alone (a resignation, a show of force) are always kept."""

from __future__ import annotations

import datetime as dt

import pytest

from diurna.config import Config
from diurna.events.patterns import load_patterns
from diurna.ontology import load_ontology
from diurna.pipeline import code

DAY = dt.date(2019, 3, 6)
KEEP = Config.from_env(one_sided_events=True)


def _codes(text: str, config: Config | None = None) -> list[tuple[str, str | None, str | None]]:
    events = code(text, date=DAY, config=config).events
    return [(e.cameo, e.source.code if e.source else None, e.target.code if e.target else None) for e in events]


def test_an_appeal_to_nobody_named_is_withheld_unless_the_setting_keeps_it():
    text = "The Turkish president urged restraint."
    assert not [c for c in _codes(text) if c[0].startswith("02")]
    kept = [c for c in _codes(text, KEEP) if c[0].startswith("02")]
    assert kept and kept[0][1] == "TURGOV" and kept[0][2] is None


@pytest.mark.parametrize("text, root", [
    ("The Turkish interior minister resigned on Monday.", "08"),  # yielding needs no target
    ("Russian troops massed near the border on Sunday.", "15"),  # a show of force needs none
])
def test_roots_that_stand_without_a_target_are_kept(text, root):
    assert [c for c in _codes(text) if c[0].startswith(root)], _codes(text, KEEP)


def test_an_event_with_both_sides_is_never_withheld():
    assert ("173", "KENCOP", "KENCVL") in _codes("Kenyan police arrested 12 protesters in Nairobi on Monday.")


def test_the_lone_roots_are_cameo_roots():
    patterns = load_patterns()
    ontology = load_ontology()
    roots = patterns.untargeted_roots | patterns.unsourced_roots
    assert roots and all(len(r) == 2 and ontology.is_valid(r + "0") for r in roots), sorted(roots)


@pytest.mark.parametrize("text", [
    "People generally remained indoors mourning the earthquake victims.",
    "Residents of the university hostels gave in to the temptation of having fun with colours.",
])
def test_non_political_actors_acting_alone_are_no_events(text):
    assert not _codes(text), _codes(text, KEEP)


def test_a_political_actor_acting_alone_still_is():
    assert [c for c in _codes("The Turkish interior minister resigned on Monday.") if c[0].startswith("08")]
