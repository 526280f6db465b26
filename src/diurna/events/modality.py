"""Modality of an event trigger: actual, anticipated, negated or hypothetical.

Read off the dependency tree around the trigger: auxiliaries (will, would, could), negation, and the verbs and
adjectives that govern it ("is expected to visit", "refused to meet", "plans to", "if ..."). The word lists are
data in ``data/events/patterns.yaml`` (section ``modality``).
"""

from __future__ import annotations

from spacy.tokens import Token

from diurna.articles.model import Modality
from diurna.events.patterns import PatternSet

FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPO_AUX = {"would", "could", "might", "may", "should", "must", "'d", "can", "ca"}
GOVERNING_DEPS = {"xcomp", "ccomp", "advcl", "acl", "pcomp", "pobj", "relcl", "conj"}


def _own_modality(token: Token, words: PatternSet) -> Modality | None:
    children = list(token.children)
    for child in children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in ("never",)):
            return "negated"
    for child in children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in FUTURE_AUX:
            return "anticipated"
        if child.dep_ in ("aux", "auxpass") and child.lower_ in HYPO_AUX:
            if child.lower_ in ("would", "'d") and _reported_future(token, words):
                return "anticipated"  # "NATO confirmed it would tighten the blockade": a backshifted "will"
            return "hypothetical"
        if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
            return "hypothetical"
        if child.dep_ == "aux" and child.lower_ == "to" and token.head == token:
            return "anticipated"
    for child in children:
        if child.dep_ in ("amod", "compound") and child.lemma_.lower() in words.anticipation:
            return "anticipated"  # "the planned visit", "upcoming talks"
    return None


def _reported_future(token: Token, words: PatternSet) -> bool:
    """ "would" in a clause reported by a speech verb, with no condition attached, is the future of the past."""
    clause = token
    while clause.dep_ == "conj" and clause.head != clause:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in words.speech | {"confirm", "announce", "pledge",
                                                                                   "promise", "vow", "warn"}:
        return False
    return not any(c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children) for c in token.children)


def modality_of(trigger: Token, words: PatternSet) -> Modality:
    """Walk from the trigger up through the verbs that govern it; the first marker found decides."""
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubjpass") \
            and trigger.head.lemma_.lower() in words.negating - {"call", "not", "no"}:
        return "negated"  # "cancelled a planned visit", "postponed the talks"
    own = _own_modality(trigger, words)
    if own is None and trigger.dep_ == "acomp" and trigger.head != trigger:
        own = _own_modality(trigger.head, words)  # "was not willing to", "is not critical of": the copula's
    if own is not None:
        return own
    token = trigger
    steps = 0
    while token.dep_ in GOVERNING_DEPS and token.head != token and steps < 4:
        dep = token.dep_
        head = token.head
        if dep == "acl" and token.tag_ == "VBN" and head.pos_ in ("NOUN", "PROPN"):
            break  # "the two members arrested in Kolkata": a past fact about the noun, whatever governs the noun
        if dep in ("pcomp", "pobj") and head.dep_ == "prep" and head.head != head:
            if head.lower_ == "to" and head.head.lower_ in ("due", "owing", "thanks"):
                break  # "deaths due to police firing": a cause, not something due to happen
            head = head.head  # over the preposition: "the possibility of sending troops", "plans for an attack"
            if head.pos_ in ("NOUN", "PROPN", "ADJ"):
                dep = "acl"  # the act complements the noun, as "plans to attack" does
        lemma = head.lemma_.lower()
        if dep in ("xcomp", "acl", "pcomp"):
            if lemma in words.negating and lemma not in ("call",):
                return "negated"
            if lemma in words.anticipation or lemma in words.commissive:
                return "anticipated"
            if lemma in words.hypothetical | words.attempt:
                return "hypothetical"
            if lemma == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
                return "anticipated"  # "is to visit"
            if dep == "acl" and head.pos_ in ("NOUN", "PROPN") and token.tag_ == "VB" \
                    and lemma not in words.act_nouns and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
                # "units raised specifically to fight Isis", "his desire to fight Isis", "the right to protest": a
                # purpose or capacity that describes the noun, not an act the text reports ("the decision to
                # withdraw", an act noun, reports one)
                return "hypothetical"
        if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children):
            return "hypothetical"
        if dep == "conj":
            token = head
            own = _own_modality(token, words)
            if own is not None:
                return own
            steps += 1
            continue
        head_own = _own_modality(head, words)
        if head_own in ("anticipated", "hypothetical") and dep in ("xcomp", "acl"):
            return head_own
        if head_own == "negated" and dep == "xcomp":
            return "negated"
        if dep in ("ccomp", "relcl"):
            break  # reported speech: the embedded clause has its own tense and modality
        token = head
        steps += 1
    return "actual"
