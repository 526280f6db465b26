"""The learned event model: file format, prediction, determinism of fitting, and its pass in the coder."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from diurna.events.learned import MODEL_PATH, NONE, EventModel, load_event_model
from diurna.events.training import fit


def _rows():  # type: ignore[no-untyped-def]
    rows, labels = [], []
    for i in range(30):
        rows.append(["l=attack", "dep=ROOT", "ce=nsubj|GPE", f"w+1=x{i % 3}"])
        labels.append("19")
        rows.append(["l=meet", "dep=ROOT", "ce=nsubj|PERSON", f"w+1=y{i % 3}"])
        labels.append("04")
        rows.append(["l=price", "dep=nsubj", f"w-1=z{i % 3}"])
        labels.append(NONE)
    return rows, labels


def test_fitting_is_deterministic_and_the_file_round_trips():
    a, _ = fit(*_rows())
    b, _ = fit(*_rows())
    assert a.classes == b.classes and np.array_equal(a.weights, b.weights)
    again = EventModel.from_json(json.loads(json.dumps(a.to_json())))
    probs = again.predict([["l=attack", "dep=ROOT"], ["l=price"], ["unknown feature"]])
    assert probs.shape == (3, len(a.classes)) and np.allclose(probs.sum(axis=1), 1.0)
    assert again.classes[int(np.argmax(probs[0]))] == "19"
    assert again.classes[int(np.argmax(probs[1]))] == NONE


def test_a_wrong_file_is_refused():
    with pytest.raises(ValueError, match="not a diurna event model"):
        EventModel.from_json({"format": "something else"})


def test_the_shipped_model_has_its_card():
    if not MODEL_PATH.exists():
        pytest.skip("no shipped model")
    model = load_event_model()
    assert model is not None and NONE in model.classes
    card = model.card
    assert card["data"]["train_units"] > 0 and card["thresholds"] == {"drop": model.drop, "add": model.add}
    assert MODEL_PATH.stat().st_size < 8_000_000  # a few MB


def test_the_learned_pass_drops_and_proposes():
    from diurna.articles import article_from_text
    from diurna.pipeline import code_articles, resources

    text = "Chile recalled its ambassador from Peru on Monday."
    base = resources()
    model = EventModel(classes=[NONE, "16"], vocabulary={"l=recall": 0}, weights=np.array([[10.0, 0.0]]),
                       bias=np.array([0.0, 0.0]), drop=0.5, add=0.5, card={})
    res = copy.copy(base)
    res.model = model  # the model finds no event in "recalled": the rule's event is dropped
    article = next(code_articles([article_from_text(text, date="2024-05-08")], res=res))
    assert not [e for e in article.events if e.trigger_span and text[slice(*e.trigger_span)] == "recalled"]
    proposing = EventModel(classes=[NONE, "04"], vocabulary={"l=chat": 0}, weights=np.array([[0.0, 10.0]]),
                           bias=np.array([0.0, 0.0]), drop=1.01, add=0.5, card={})
    res.model = proposing  # no pattern knows "chatted": the model proposes a consultation, actors from the frame
    article = next(code_articles([article_from_text("Chile chatted with Peru on Monday.", date="2024-05-08")], res=res))
    found = [e for e in article.events if e.cameo == "040"]
    assert found and found[0].source.country == "CHL" and found[0].target.country == "PER" and found[0].symmetric


def test_a_criticism_the_model_hears_in_a_quote_is_aimed_at_what_the_quote_is_about():
    """The model reads the reported clause ("cc=" features). It re-codes a bare comment the rules found (010) as
    the criticism it hears, and a criticism it proposes on "said" is aimed at the clause's subject."""
    from diurna.articles import article_from_text
    from diurna.events.learned import features
    from diurna.pipeline import code_articles, resources

    text = "\u201cChile has shortchanged the fishermen of the north,\u201d Peru's foreign minister said on Monday."
    base = resources()
    said = [t for t in base.nlp(text) if t.lower_ == "said"][0]
    assert "cc=shortchange" in features(said)
    model = EventModel(classes=[NONE, "11"], vocabulary={"cc=shortchange": 0}, weights=np.array([[0.0, 10.0]]),
                       bias=np.array([3.0, 0.0]), drop=1.01, add=0.5, card={})
    res = copy.copy(base)
    res.model = model
    article = next(code_articles([article_from_text(text, date="2024-05-08")], res=res))
    found = [e for e in article.events if e.cameo == "110" and e.trigger == "said"]
    assert found and found[0].source.country == "PER" and found[0].target.country == "CHL"
    other = "\u201cThe Chilean government has shortchanged the farmers,\u201d the opposition leader said."
    article = next(code_articles([article_from_text(other, date="2024-05-08")], res=res))
    found = [e for e in article.events if e.cameo == "110" and e.trigger == "said"]
    assert found and found[0].target is not None and found[0].target.country == "CHL"
