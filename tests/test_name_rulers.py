"""The name rulers: hyphenated given names are people, hyphenated places and place pairs are not."""

from __future__ import annotations

import pytest

from diurna.pipeline import build_nlp


@pytest.mark.parametrize(
    ("text", "person", "not_person"),
    [
        ("Hans-Peter Kessler met the minister.", "Hans-Peter Kessler", None),
        ("Jean-Pierre Bemba Gombo returned to Kinshasa.", "Jean-Pierre Bemba Gombo", None),
        ("Guinea-Bissau President Umaro Embalo met Senegal officials.", None, "Guinea-Bissau"),
        ("Bosnia-Herzegovina Foreign Minister Elmedin Konakovic visited Ankara.", None, "Bosnia-Herzegovina"),
        ("Kenya-Somalia Border Talks resumed on Monday.", None, "Kenya"),
    ],
)
def test_hyphenated_names(text, person, not_person):
    ents = [(e.text, e.label_) for e in build_nlp()(text).ents]
    if person:
        assert (person, "PERSON") in ents, ents
    if not_person:
        assert not any(label == "PERSON" and not_person in name for name, label in ents), ents
