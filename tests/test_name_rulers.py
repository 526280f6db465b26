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


# The same entities as spaCy's own entity_ruler, run three times in a row with overwrite_ents (case-blind
# phrases, case-sensitive phrases, the hyphenated-name token pattern), which diurna used before its name ruler.
SENTENCES = [
    "Hans-Peter Kessler met Guinea-Bissau President Jean-Marie Ndiaye Foreign Minister in Dakar.",
    "The WHO and the US said CAR troops had left the Central African Republic.",
    "Kenya-Somalia Border Talks with Anne-Marie Schmidt Von Berg resumed in Nairobi.",
    "the united states and the european union urged hamas and israel to agree a ceasefire in gaza.",
    "Prime Minister Atal Bihari Vajpayee met President Pervez Musharraf in Kathmandu on Saturday.",
    "New Delhi and Islamabad traded charges as the Lashkar-e-Taiba claimed the attack in Jammu and Kashmir.",
    "Syrian opposition fighters and Hezbollah clashed near Aleppo, the Syrian Observatory for Human Rights said.",
    "Jean-Claude Juncker, the European Commission president, spoke to reporters in Brussels.",
    "UN Secretary-General Ban Ki-moon called on Russia, Turkey and Iran to respect the cease-fire.",
]


def _entity_rulers_nlp():
    from spacy.symbols import ORTH

    from diurna.actors.dictionary import load_actor_dictionary
    from diurna.attribute_index import index_attribute_ruler
    from diurna.lemma_memo import memoize_lemmatizer
    from diurna.nlp import load_model
    from diurna.pipeline import KEEP_WHOLE, OFFICE_WORDS, _split_patterns

    nlp = load_model(None)
    index_attribute_ruler(nlp)
    memoize_lemmatizer(nlp)
    for word in KEEP_WHOLE:
        for form in (word, word.capitalize()):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    dictionary = load_actor_dictionary()
    lower, exact, token = _split_patterns(p for p in dictionary.patterns() if p["label"] in ("GPE", "NORP", "ORG", "LOC"))
    given = {"IS_TITLE": True, "IS_ALPHA": True, "LOWER": {"NOT_IN": sorted(dictionary.place_words() | OFFICE_WORDS)}}
    surname = {"IS_TITLE": True, "IS_ALPHA": True, "LOWER": {"NOT_IN": sorted(OFFICE_WORDS)}}
    hyphen = {"label": "PERSON", "pattern": [given, {"ORTH": "-"}, given, {**surname, "OP": "+"}]}
    previous = "ner"
    for name, config, patterns in [("a", {"phrase_matcher_attr": "LOWER"}, lower),
                                   ("b", {"phrase_matcher_attr": "ORTH"}, exact), ("c", {}, [*token, hyphen])]:
        ruler = nlp.add_pipe("entity_ruler", name=name, after=previous, config={"overwrite_ents": True, **config})
        ruler.add_patterns(patterns)
        previous = name
    return nlp


def test_same_entities_as_spacy_entity_rulers():
    reference = _entity_rulers_nlp()
    ours = build_nlp()
    for text in SENTENCES:
        want = [(e.start, e.end, e.label_, e.id_) for e in reference(text).ents]
        got = [(e.start, e.end, e.label_, e.id_) for e in ours(text).ents]
        assert got == want, text


def test_one_component_and_token_patterns():
    from diurna.name_ruler import NameRuler

    nlp = build_nlp()
    assert [n for n in nlp.pipe_names if n.startswith("diurna")] == ["diurna_names"]
    ruler = NameRuler(nlp)
    ruler.add_tokens([{"label": "ORG", "id": "org:x", "pattern": [{"LOWER": "blue"}, {"IS_DIGIT": True}]}])
    doc = ruler(nlp.make_doc("Members of Blue 7 met."))
    assert [(e.text, e.label_, e.id_) for e in doc.ents] == [("Blue 7", "ORG", "org:x")]
