"""The indexed attribute matcher (diurna.attribute_index) gives exactly spaCy's attribute_ruler matches."""

from __future__ import annotations

import pytest
import spacy

from diurna.attribute_index import AttributeIndex, UnsupportedPattern, index_attribute_ruler
from diurna.nlp import load_model

SENTENCES = [
    "Turkish troops shelled Kurdish positions near Afrin on Tuesday, the army said.",
    "\"We ain't gonna let 's see them go,\" y'all said, and there's nothin' to add.",
    "There are  two  spaces here ,and 3.5 million people fled to Jordan in 2013 .",
    "the prime minister's office didn't confirm whether talks had been held in new delhi.",
    "Who does what to whom?  It's what they'd done: got ta go, wanna leave, let's not.",
    "U.S. Secretary of State Mike Pompeo met his Indian counterpart; both sides agreed.",
    "\u201cThis is unacceptable,\u201d she said \u2013 adding that the E.U. would respond.\n\nNext paragraph.",
]


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def test_same_matches_and_same_annotations_as_spacy(nlp) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    index = AttributeIndex(ruler)
    before = [p for p in nlp.pipe_names if p not in ("attribute_ruler", "lemmatizer", "ner")]
    with nlp.select_pipes(enable=before):
        docs = list(nlp.pipe(SENTENCES))
    total = 0
    for doc in docs:
        expected = ruler.match(doc)
        assert index.match(doc) == expected, doc.text
        total += len(expected)
    assert total > sum(len(d) for d in docs)  # every token has its tag's rule, some a word's rule too
    # and in the pipeline: the indexed ruler writes the same POS, morphology and lemmas
    fast = load_model()
    assert index_attribute_ruler(fast)
    for a, b in zip(nlp.pipe(SENTENCES), fast.pipe(SENTENCES), strict=True):
        assert [(t.pos_, str(t.morph), t.lemma_) for t in a] == [(t.pos_, str(t.morph), t.lemma_) for t in b]


def test_a_pattern_it_cannot_read_leaves_spacys_matcher() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "the"}, {"LOWER": "big", "OP": "?"}]], {"LEMMA": "x"})
    with pytest.raises(UnsupportedPattern):
        AttributeIndex(ruler)
    original = ruler.match
    assert not index_attribute_ruler(nlp)
    assert ruler.match == original


def test_blank_ruler_patterns_match_like_spacy() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["a", "an"]}}, {"ORTH": {"REGEX": "^[A-Z]"}}]], {"LEMMA": "art"}, index=0)
    ruler.add([[{"IS_SPACE": True}]], {"POS": "SPACE"})
    ruler.add([[{"LOWER": {"NOT_IN": ["a"]}}]], {"MORPH": "X=1"})
    doc = nlp.make_doc("an Apple a day  and A Pear, an egg")
    assert AttributeIndex(ruler).match(doc) == ruler.match(doc)
