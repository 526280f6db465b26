"""The learned event model: a linear classifier over spaCy parse features that verifies the rules' candidates and
proposes events the rules miss.

For every verb and noun of a sentence the model gives a probability for each CAMEO root and for "no event". The
coder's ``learned`` pass then (1) drops a rule candidate whose trigger the model finds no event in
(P(none) >= ``drop``), and (2) adds an event for a word where the rules found none and the model's best root is
likely enough (P(root) >= ``add``), with the actors the dependency frame gives (subject -> source; object or a
with/against/on/to phrase -> target). Both thresholds are chosen on the dev split by ``diurna train``.

The model file (``data/models/events.json``) holds the feature vocabulary, the weights and the thresholds as plain
JSON: prediction needs only numpy, and the file is readable and stable across library versions. Model card:
docs/model.md. Training: :mod:`diurna.events.training` (``diurna train`` / ``make model``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from diurna.nlp import children_of

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "models" / "events.json"
NONE = "none"
CANDIDATE_POS = ("VERB", "NOUN")
ARG_DEPS = ("nsubj", "nsubjpass", "dobj", "agent", "dative", "attr", "ccomp", "xcomp", "neg", "aux", "prt", "advmod")


def is_candidate(token: Token) -> bool:
    """The words the model looks at: verbs, and nouns that are not mere modifiers of another noun."""
    return token.pos_ in CANDIDATE_POS and token.dep_ != "compound" and token.is_alpha


def features(token: Token, rule_roots: frozenset[str] = frozenset()) -> list[str]:
    """Sparse binary features of one word: itself, its place in the parse, its arguments and the rules' view."""
    lemma = token.lemma_.lower()
    head = token.head
    f = [f"l={lemma}", f"pos={token.pos_}", f"tag={token.tag_}", f"dep={token.dep_}", f"ld={lemma}|{token.dep_}",
         f"hl={head.lemma_.lower()}", f"hd={token.dep_}|{head.lemma_.lower()}", f"hp={head.pos_}"]
    for child in children_of(token):
        dep = child.dep_
        if dep in ARG_DEPS:
            f.append(f"c={dep}")
            f.append(f"cl={dep}|{child.lemma_.lower()}")
            ent = child.ent_type_ or ("PRON" if child.pos_ == "PRON" else child.pos_)
            f.append(f"ce={dep}|{ent}")
            f.append(f"lce={lemma}|{dep}|{ent}")
            if dep == "ccomp":  # what a speech verb reports: "said the government HAD FAILED", "must STOP"
                f.extend(_complement(child))
        elif dep == "prep":
            word = child.lower_
            f.append(f"p={word}")
            f.append(f"lp={lemma}|{word}")
            for pobj in children_of(child):
                if pobj.dep_ == "pobj":
                    f.append(f"pl={word}|{pobj.lemma_.lower()}")
                    f.append(f"pe={word}|{pobj.ent_type_ or pobj.pos_}")
    doc = token.doc
    if token.i > 0:
        f.append(f"w-1={doc[token.i - 1].lower_}")
    if token.i + 1 < len(doc):
        f.append(f"w+1={doc[token.i + 1].lower_}")
    for root in rule_roots:
        f.append(f"rule={root}")
        f.append(f"lrule={lemma}|{root}")
    if not rule_roots:
        f.append("rule=none")
    return f


COMPLEMENT_POS = ("VERB", "NOUN", "ADJ", "AUX")
COMPLEMENT_WORDS = 25  # words of a reported clause read: its head's neighbourhood, not a whole paragraph


def _complement(clause: Token) -> list[str]:
    """Features of a reported clause: its content words ("cc=fail", "cc=must", "cc=wrong") and its negation."""
    out = []
    for word in list(clause.subtree)[:COMPLEMENT_WORDS]:
        if word.pos_ in COMPLEMENT_POS or word.dep_ == "neg":
            out.append(f"cc={word.lemma_.lower()}")
    return out


@dataclass
class EventModel:
    classes: list[str]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (n_features, n_classes)
    bias: np.ndarray  # (n_classes,)
    drop: float  # drop a rule candidate when P(none) >= drop
    add: float  # add an event when P(best root) >= add
    card: dict

    @property
    def none_index(self) -> int:
        return self.classes.index(NONE)

    def predict(self, rows: list[list[str]]) -> np.ndarray:
        """Class probabilities (rows x classes) for feature lists."""
        vocabulary = self.vocabulary
        idx: list[int] = []
        ends = []
        for row in rows:
            idx.extend(j for f in row if (j := vocabulary.get(f)) is not None)
            ends.append(len(idx))
        # the sum of each row's weight vectors, as differences of one running sum
        running = np.zeros((len(idx) + 1, len(self.classes)))
        if idx:
            np.cumsum(self.weights[idx], axis=0, out=running[1:])
        ends_arr = np.asarray(ends)
        starts = np.concatenate(([0], ends_arr[:-1]))
        scores = running[ends_arr] - running[starts] + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        return {"format": "diurna-event-model/1", "classes": self.classes,
                "features": sorted(self.vocabulary, key=self.vocabulary.__getitem__),
                "weights": [[round(float(x), 5) for x in row] for row in self.weights],
                "bias": [round(float(x), 5) for x in self.bias], "drop": self.drop, "add": self.add,
                "card": self.card}

    @classmethod
    def from_json(cls, data: dict) -> EventModel:
        if data.get("format") != "diurna-event-model/1":
            raise ValueError(f"not a diurna event model (format {data.get('format')!r})")
        feats = data["features"]
        return cls(classes=data["classes"], vocabulary={f: i for i, f in enumerate(feats)},
                   weights=np.asarray(data["weights"], dtype=np.float64).reshape(len(feats), len(data["classes"])),
                   bias=np.asarray(data["bias"], dtype=np.float64), drop=float(data["drop"]), add=float(data["add"]),
                   card=data.get("card", {}))


@cache
def load_event_model(path: Path | None = None) -> EventModel | None:
    """The shipped model (or ``path``); ``None`` when there is no model file."""
    path = path or MODEL_PATH
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as fh:
        return EventModel.from_json(json.load(fh))
