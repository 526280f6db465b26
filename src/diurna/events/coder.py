"""The event coder: from parsed sentences and resolved actors to CAMEO/PLOVER events with provenance.

For each sentence, every token whose lemma is a trigger in the pattern table is tried against its patterns
(first match wins); the frame gives the source and target slots; actors come from :mod:`diurna.actors.resolver`.
Then commissive and threat verbs turn the acts they govern into intents (CAMEO 03) or threats (13), reported
speech keeps the reported act, and reports of the same event within the article fold into one event with
several mentions. Nothing fits, no event: there is no default code.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
from spacy.tokens import Doc, Span, Token

from diurna.actors.context import LOCATIVE_PREPS, PLACE_LABELS, StoryContext
from diurna.actors.resolver import PATIENT_OF_NOUNS, ArticleActors
from diurna.articles.model import ActorRef, Article, Event, Mention, Place, Sentence
from diurna.events.dates import MONTH_NUMBERS, long_before, resolve_date
from diurna.events.frames import (ASPECTUAL_VERBS, children, culpable_subject, direct_objects, for_clause_subjects,
                                  is_passive, modifier_lemmas, not_happening, object_candidates, recipient_of,
                                  slot_tokens, subject)
from diurna.events.frames import prep_objects as _prep_objects
from diurna.events.learned import EventModel, features, is_candidate
from diurna.events.modality import modality_of
from diurna.events.patterns import Pattern, PatternSet
from diurna.facts.places import Gazetteer
from diurna.nlp import ents_of, tokens_of
from diurna.ontology import Ontology

log = logging.getLogger(__name__)

# besides speech verbs, words whose "that Y must V" clause is a demand on Y
OBLIGATION_GOVERNORS = {"warn", "urge", "insist", "demand", "conclude", "remind", "reminder", "warning", "message",
                        "stress", "emphasize", "emphasise", "decide", "rule", "believe", "feel"}
ALLEGATION_VERBS = {"accuse", "blame", "charge", "allege", "suspect", "deny", "condemn", "criticize", "criticise",
                    "denounce", "protest"}
# "arrested for spying", "jailed on charges of treason": the reason given is an allegation, not a reported act
PUNISHING_VERBS = {"arrest", "detain", "jail", "imprison", "convict", "sentence", "indict", "prosecute", "punish",
                   "fine", "execute", "try"}
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "there"}
JOINT_GOVERNORS = {"agree"}  # a commitment its conjoined subjects make to each other
MATERIAL_CONFLICT_ROOTS = {"15", "16", "17", "18", "19", "20"}
DIRECTIONS = {"northern", "southern", "eastern", "western", "central", "north-eastern", "northeastern",
              "north-western", "northwestern", "south-eastern", "southeastern", "south-western", "southwestern"}


@dataclass
class Candidate:
    pattern: Pattern
    code: str
    trigger: Token
    obj: Token | None
    source: ActorRef | None
    target: ActorRef | None
    modality: str
    trigger_text: str
    confidence: float
    governor: Token | None = None  # commissive/threat word that turned it into an intent or threat
    drop: bool = False
    symmetric: bool = False  # a joint act (met, signed, clashed with): one event with both parties


class _TokenView:
    """A trigger word's particles, prepositions, objects and modifiers, computed on first use and then shared by
    every pattern of the word (a frequent verb has a dozen)."""

    def __init__(self, token: Token) -> None:
        self.token = token

    @cached_property
    def words(self) -> set[str]:
        words = {c.lower_ for c in self.token.children if c.dep_ in ("prep", "prt", "agent", "dative", "advmod")
                 and not _temporal(c)}
        if for_clause_subjects(self.token):
            words.add("for")  # "called for the UN to act": the parser made "for" the mark of a clause
        return words

    @cached_property
    def objects(self) -> list[Token]:
        return object_candidates(self.token)

    @cached_property
    def object_words(self) -> set[str]:
        return {o.lemma_.lower() for o in self.objects} | {o.lower_ for o in self.objects}

    @cached_property
    def xcomp_lemmas(self) -> list[str]:
        return [c.lemma_.lower() for c in self.token.children if c.dep_ in ("xcomp", "ccomp")]

    @cached_property
    def modifiers(self) -> set[str]:
        return modifier_lemmas(self.token, None)


class SentenceCoder:
    """Codes the sentences of one article; holds the article's actor memory."""

    def __init__(self, article: Article, actors: ArticleActors, patterns: PatternSet, ontology: Ontology,
                 gazetteer: Gazetteer | None, model: EventModel | None = None,
                 collect: list[tuple[str, Sentence, Token, list[str]]] | None = None,
                 skip: frozenset[str] = frozenset(), one_sided: bool = False) -> None:
        self.article = article
        self.one_sided = one_sided  # keep events with one side not found (Config.one_sided_events)
        self.actors = actors
        self.patterns = patterns
        self.ontology = ontology
        self.gazetteer = gazetteer
        self.model = model
        self.collect = collect  # training: the learned pass records (sentence, word, features) instead of acting
        unknown = set(skip) - set(PASSES)
        if unknown:
            raise ValueError(f"unknown coder pass(es): {', '.join(sorted(unknown))} (passes: {', '.join(PASSES)})")
        self.skip = skip
        self._passes: list[tuple[str, PassFn]] = [(name, PASS_FUNCTIONS[name].__get__(self)) for name in PASSES if name not in skip]
        self.events: list[Event] = []
        self.context = StoryContext(actors, patterns.speech)  # actors/: the countries of domestic actors

    # ------------------------------------------------------------------ per sentence
    def code(self, sentence: Sentence, doc: Doc) -> None:
        """Match the patterns, run the passes in order (:data:`PASSES`), emit what is left."""
        self._remember_subjects(doc)
        self.context.read(doc)
        candidates: list[Candidate] = []
        for token in tokens_of(doc):
            candidates.extend(self._match(token))
        for _name, run in self._passes:
            candidates = run(sentence, doc, candidates)
        for cand in candidates:
            self._emit(cand, sentence, doc)
        self.actors.remember_sentence(doc)

    # Each pass takes the sentence, its parse and the candidates so far, and returns the candidates it keeps.
    def _pass_requests(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        return self._requests(cands)

    def _pass_obligations(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        return self._obligations(doc, cands)

    def _pass_commissives(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        return self._commissives(cands)

    def _pass_joint_intents(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """ "Ghana and Togo agreed to patrol their border": an agreement of its conjoined subjects with each other,
        one symmetric intent, not two intents with no partner."""
        groups: dict[tuple[int, int], list[Candidate]] = {}
        for c in cands:
            governor = c.governor if c.governor is not None else c.trigger  # a generic intent's trigger is "agreed"
            if governor.lemma_.lower() in JOINT_GOVERNORS and c.code.startswith("03") and c.target is None \
                    and c.source is not None and c.source.country and not c.drop:
                groups.setdefault((c.trigger.i, governor.i), []).append(c)
        for group in groups.values():
            parties = [c.source for c in group if c.source is not None]
            if len({p.country for p in parties}) < 2:
                continue
            first = group[0]
            for c in group:
                c.drop = True
            for a, b in _unordered_pairs(parties):
                cands.append(replace(first, source=a, target=b, symmetric=True, drop=False))
        return cands

    def _pass_generic_intents(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        return self._generic_intents(doc, cands)

    def _pass_refusals(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        return self._refusals(cands)

    def _pass_conditional_threats(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        return self._conditional_threats(cands)

    def _pass_conditional_intents(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        return self._conditional_intents(cands)

    def _pass_dropped(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """Candidates an earlier pass replaced (the commissive's own generic pattern) leave."""
        return [c for c in cands if not c.drop]

    def _pass_alleged(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """"accused Iran of shelling Juba": the accusation is coded, the alleged shelling is not."""
        return [c for c in cands if not self._alleged(c)]

    def _pass_consequences(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        return [c for c in cands if not _consequence(c, cands)]

    def _pass_purposes(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        return [c for c in cands if not _purpose(c, cands)]

    def _pass_background(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """Descriptions ("the athletes killed at the 1972 Games") and acts the sentence dates half a year or more
        before the article ("Turkey sent troops into Syria in 2016", in 2018) are background, not news."""
        return [c for c in cands if not _background(c) and not self._dated_before(doc, c)
                and not _habitual(c, self.patterns.habitual)]

    def _dated_before(self, doc: Doc, cand: Candidate) -> bool:
        """An actual act the sentence dates half a year or more before the article (see :func:`long_before`)."""
        return cand.modality == "actual" and long_before(doc[:], self.article.date, cand.governor or cand.trigger)

    def _pass_characterizations(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """ "described the move as a blatant betrayal" (111), "termed the decision a positive step" (051): a verb of
        naming (``modality.naming``) whose *as* phrase or predicate judges harshly (``modality.criticism``) or kindly
        (``modality.praise``) criticises or praises what it names: an actor, or the author of an act."""
        p = self.patterns
        taken = {c.trigger.i for c in cands}
        out = list(cands)
        for token in tokens_of(doc):
            if token.pos_ != "VERB" or token.i in taken or token.lemma_.lower() not in p.naming:
                continue
            if {c.lower_ for c in children(token, "prep")} & {"for", "on", "upon", "off"}:
                continue  # "called for", "called on": appeals, coded elsewhere
            holders = [token, *children(token, "dobj")]  # "described the move as ...": "as" often hangs on the object
            judgement = [t for h in holders for prep in children(h, "prep") if prep.lower_ == "as"
                         for t in prep.subtree if t is not prep]
            judgement += [t for c in children(token, "oprd", "xcomp") for t in c.subtree]
            if not judgement or any(t.dep_ == "neg" for t in judgement) or children(token, "neg"):
                continue
            words = {t.lemma_.lower() for t in judgement} | {t.lower_ for t in judgement}
            code = "111" if words & p.criticism else "051" if words & p.praise else None
            if code is None:
                continue
            inside = {t.i for t in judgement}
            if is_passive(token):
                named = children(token, "nsubjpass")
                sources = [a for b in _prep_objects(token, "by") for a in self.actors.resolve(b)]
            else:
                named = [o for o in direct_objects(token) if o.i not in inside]
                sources = [a for h in subject(token) for a in self.actors.resolve(h)]
            targets = [a for h in named
                       for a in (self.actors.resolve(h) or [f for f in [self.actors.fallback(h, places=False)] if f])]
            if not targets and named and named[0].lemma_.lower() in p.act_nouns \
                    and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in named[0].children):
                # "the move", "this decision" with no author named: the act the article reported last
                last = next((e.source for e in reversed(self.events) if e.source is not None and e.source.country), None)
                targets = [last] if last is not None else []
            for source in sources[:3]:
                for target in targets[:1]:
                    if _actor_key(source) == _actor_key(target):
                        continue
                    pattern = Pattern(lemmas=(token.lemma_,), kind="verb", code=code, confidence=0.45)
                    out.append(Candidate(pattern, code, token, None, source, target, modality_of(token, p),
                                         token.text, 0.45))
        return out

    def _pass_statement(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """A public statement when nothing more specific applies (see :meth:`_statement`). An event noun that is
        only the predicate of a judgement ("said the US plan was a blatant attack on its sovereignty") yields to the
        criticism it voices."""
        judged = [c for c in cands if c.trigger.dep_ == "attr" and c.trigger.head.lemma_ == "be"]
        if cands and len(judged) < len(cands):
            return cands
        stated = self._statement(doc)
        if judged and not any(s.code in ("111", "112") for s in stated):
            return cands
        return stated or cands

    def _pass_reporter_party(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """ "A spokesman for the SDF said clashes continued with Isis fighters": fighting with one party named,
        reported by a spokesman or command of an armed party, has the reporter as its other party. Only for an armed
        reporter (an army, police, rebels, an armed group): a rights group that reports clashes is not in them."""
        out = []
        for c in cands:
            if (c.symmetric or c.pattern.symmetric) and c.code[:2] == "19" and (c.source is None) != (c.target is None):
                named = c.source or c.target
                reporter = self._armed_reporter(c.trigger)
                if reporter is not None and named is not None and _actor_key(reporter) != _actor_key(named) \
                        and (reporter.code or "")[:3] != (named.code or "")[:3]:
                    c = replace(c, source=reporter, target=named, symmetric=True)
            out.append(c)
        return out

    def _armed_reporter(self, trigger: Token) -> ActorRef | None:
        """The armed party whose spokesman or command reports the clause holding ``trigger`` (None otherwise)."""
        for verb in trigger.ancestors:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            if verb.lemma_.lower() in ASPECTUAL_VERBS or verb.lemma_.lower() == "be":
                continue  # "said clashes continued with ...": the verb only says the fighting goes on
            if verb.lemma_.lower() not in self.patterns.speech:
                return None  # the nearest governing verb must be the report itself
            for head in children(verb, "nsubj"):
                actor = self.actors.resolve_one(head)
                if actor is None:
                    return None
                code = actor.code or ""
                if actor.sector in REPORTING_ARMED_SECTORS or code.startswith("IMG") or code[3:6] in REPORTING_ARMED_SECTORS:
                    return actor
            return None
        return None

    def _pass_unrest(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """Force inside one country between its police and its people is unrest, not war: police firing on
        protesters, worshippers or party workers is violent repression (175); a crowd attacking the police or
        officials is a riot (145)."""
        return [_unrest(c) for c in cands]

    def _pass_armed_support(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """Backing an armed side is military aid (072), not praise (051): "Kurdish forces backed by a US-led
        coalition", "Turkey has supported rival Syrian rebels" (patterns.yaml: ``support_verbs``,
        ``armed_sectors``)."""
        p = self.patterns
        return [replace(c, code=ARMED_SUPPORT_CODE) if c.code[:2] == "05" and c.target is not None
                and (c.target.sector or "").lower() in p.armed_sectors and c.trigger.lemma_.lower() in p.support_verbs
                else c
                for c in cands]

    def _pass_armed_strikes(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """A strike a state or an armed force launches is an attack (190), not a walkout (143): "Israel launched
        strikes on Gaza", "the army carried out strikes against militants"; its target is whom or where it hits."""
        return [self._armed_strike(c) if c.code[:3] == WALKOUT_CODE and c.source is not None and c.obj is not None
                and self._armed(c.source) else c for c in cands]

    def _armed(self, actor: ActorRef) -> bool:
        if actor.kind == "country" and not actor.sector:
            return True
        return (actor.sector or "").lower() in self.patterns.armed_sectors

    def _armed_strike(self, cand: Candidate) -> Candidate:
        pattern = replace(cand.pattern, code=ARMED_STRIKE_CODE)
        targets = self._fill(STRIKE_TARGET_SLOTS, cand.trigger, cand.obj, pattern)  # a place hit is a target too
        return replace(cand, pattern=pattern, code=ARMED_STRIKE_CODE, target=targets[0] if targets else cand.target)

    def _pass_travellers(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """A visit needs a visitor who represents someone: "he went to Syria", "refugees arriving in Canada" are
        journeys, not visits (patterns.yaml: ``visiting_sectors``)."""
        return [c for c in cands if c.code[:3] not in VISIT_CODES or c.source is None or self._visitor(c.source)]

    def _visitor(self, actor: ActorRef) -> bool:
        if actor.kind in ("country", "organization") and not actor.sector:
            return True
        return (actor.sector or "").lower() in self.patterns.visiting_sectors

    def _pass_agency(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        return self._agency(doc, cands)

    def _pass_learned(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        return self._learned(sentence, doc, cands)

    # ------------------------------------------------------------------ the agency gate
    def _agency(self, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """Conflict events need an agent: a political actor as source, or a weapon or attack word that implies one.
        A force of nature, an accident, a disease or a market as the doer, or a sports report, gives no event."""
        p = self.patterns
        if not any(c.code[:2] in p.agency_roots for c in cands):
            return cands
        sports = any(t.lower_ in p.sports for t in tokens_of(doc))
        kept = []
        for c in cands:
            if c.code[:2] not in p.agency_roots:
                kept.append(c)
                continue
            doers = [t for h in subject(c.trigger) for t in h.subtree]
            if c.obj is not None and c.trigger.pos_ != "VERB":
                doers += list(c.obj.subtree)
            if c.trigger.pos_ != "VERB" or c.trigger.dep_ in ("acl", "advcl", "xcomp"):
                doers += [c.trigger.head] if c.trigger.head.lemma_.lower() in p.non_agents else []
            lemmas = {t.lemma_.lower() for t in doers} | {t.lower_ for t in doers}
            if lemmas & p.non_agents and not (lemmas & p.weapons):
                continue  # "a cyclone killed 40 fishermen", "the landslide hit the village"
            near = {t.lower_ for t in c.trigger.subtree} | {t.lemma_.lower() for t in c.trigger.subtree} | lemmas \
                | {c.trigger.lower_, c.trigger.lemma_.lower()}
            if sports and not (near & p.weapons):
                continue  # "India crushed Pakistan by seven wickets"
            if c.source is None and not (near & p.weapons) and c.trigger.lemma_.lower() not in p.weapons:
                continue  # "12 people were killed" with no attacker and no weapon: not political event data
            kept.append(c)
        return kept

    # ------------------------------------------------------------------ the learned verifier and proposer
    def _learned(self, sentence: Sentence, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """The learned model (diurna.events.learned) drops rule candidates it finds no event in and proposes
        events for words the rules did not code."""
        if self.model is None and self.collect is None:
            return cands
        roots: dict[int, set[str]] = {}
        for c in cands:
            for tok in (c.trigger, c.obj, c.governor):
                if tok is not None:
                    roots.setdefault(tok.i, set()).add(c.code[:2])
        words = [t for t in tokens_of(doc) if is_candidate(t)]
        rows = [features(t, frozenset(roots.get(t.i, ()))) for t in words]
        if self.collect is not None:
            self.collect.extend((self.article.id, sentence, t, row) for t, row in zip(words, rows, strict=True))
            return cands
        model = self.model
        assert model is not None
        if not rows:
            return cands
        probs = model.predict(rows)
        none = model.none_index
        by_token = {t.i: p for t, p in zip(words, probs, strict=True)}
        kept = []
        for c in cands:
            p = by_token.get(c.trigger.i)
            if p is not None and p[none] >= model.drop and not _violent_dyad(c):
                continue
            if p is not None and c.code == "010":
                # a bare comment the rules could not read further: the model, which reads the reported clause, may
                # hear a demand, criticism, rejection or threat in it ("'Chile has shortchanged our fishermen,' Peru's
                # minister said")
                top = _best_event_class(p, none)
                if model.classes[top] in SPOKEN_ROOTS and p[top] >= model.add:
                    c = replace(c, code=model.classes[top] + "0", confidence=round(float(p[top]) * 0.8, 3))
            kept.append(c)
        covered = {tok.i for c in cands for tok in (c.trigger, c.obj, c.governor) if tok is not None}
        for token, p in zip(words, probs, strict=True):
            if token.i in covered:
                continue
            best = _best_event_class(p, none)
            if p[best] < model.add:
                continue
            kept.extend(c for c in self._proposed(token, model.classes[best], float(p[best]))
                        if not self._dated_before(doc, c))  # the background pass ran before the proposals
            covered.update(t.i for t in token.subtree if t.head.i == token.i and t.dep_ == "dobj")
        return kept

    def _proposed(self, token: Token, root: str, probability: float) -> list[Candidate]:
        """Candidates for a word the model finds an event in: the root's general code, actors from the frame."""
        code = root + "0"
        if not self.ontology.is_valid(code):
            return []
        joint = root in ("04", "05", "06")
        if token.pos_ == "VERB":
            targets: tuple[str, ...] = LEARNED_VERB_TARGETS
            if root in SPOKEN_ROOTS and token.lemma_.lower() in self.patterns.speech | self.patterns.statement \
                    | self.patterns.critical_speech:
                # "'The government has failed the farmers,' the Congress leader said": what is judged, demanded or
                # threatened is what the quoted or reported clause is about
                targets = targets + ("ccomp.subj", "ccomp.dobj")
            pattern = Pattern(lemmas=(token.lemma_,), kind="verb", code=code, source=("subj",),
                              target=targets, symmetric=joint, confidence=round(probability * 0.8, 3),
                              note="learned")
        else:
            pattern = Pattern(lemmas=(token.lemma_,), kind="noun", code=code, source=("subj", "poss"),
                              target=LEARNED_NOUN_TARGETS, symmetric=joint, confidence=round(probability * 0.8, 3),
                              note="learned")
        return self._instantiate(pattern, token, None)

    def _match(self, token: Token) -> list[Candidate]:
        if token.pos_ in ("VERB",) or (token.pos_ == "AUX" and token.dep_ == "ROOT") \
                or (token.pos_ == "ADJ" and token.dep_ == "acomp"):
            # a predicative adjective is coded like a verb: "X was sharply critical of Y" (vocabulary files list
            # the adjectives that name an act, each with the preposition it needs)
            options = _lookup(self.patterns.verbs, token)
        elif token.pos_ in ("NOUN", "PROPN"):
            if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
                return []  # a noun naming a kind of thing, not an act: "aid program", "attack helicopter"
            if _names_a_date(token):
                return []  # "on March 15", "a session on march 9": the month, not a protest march
            options = _lookup(self.patterns.nouns, token)
            if options and (self._is_light_object(token) or not_happening(token)):
                return []
        else:
            return []
        if not options:
            return []
        view = _TokenView(token)  # what the patterns test, read once for all the word's patterns
        for pattern in options:
            matched = self._conditions(pattern, token, view)
            if matched is None:
                continue
            obj = matched if isinstance(matched, Token) else None
            found = self._instantiate(pattern, token, obj)
            if found:
                return found  # else the next frame of the same word may still fit ("welcome" a visitor / a move)
        return []

    def _is_light_object(self, noun: Token) -> bool:
        """A noun already coded through its light verb ("held talks", "launched strikes") is not coded again."""
        head = noun.head
        verb_patterns = _lookup(self.patterns.verbs, head) if noun.dep_ in ("dobj", "pobj", "nsubjpass") else None
        if verb_patterns:
            for pattern in verb_patterns:  # via _lookup: "staged" may be lemmatized "stag"
                if pattern.object and (noun.lemma_.lower() in pattern.object or noun.lower_ in pattern.object):
                    return True
        return False

    def _conditions(self, pattern: Pattern, token: Token, view: _TokenView | None = None) -> Token | bool | None:
        """None if the pattern does not apply; else the matched object token (or True when none is needed)."""
        view = view or _TokenView(token)
        words = view.words
        if pattern.requires and not (words & set(pattern.requires)):
            return None
        objects = view.objects if pattern.kind == "verb" else []
        object_words = view.object_words if pattern.kind == "verb" else set()
        if pattern.forbids and ((words | object_words) & set(pattern.forbids)):
            return None
        if pattern.xcomp and not any(lemma in pattern.xcomp or "*" in pattern.xcomp for lemma in view.xcomp_lemmas):
            return None
        if pattern.object:
            for obj in objects:
                if obj.lemma_.lower() in pattern.object or obj.lower_ in pattern.object:
                    if pattern.modified_by and not (modifier_lemmas(token, obj) & set(pattern.modified_by)):
                        continue
                    return obj
            return None
        if pattern.modified_by and not (view.modifiers & set(pattern.modified_by)):
            return None
        if pattern.kind == "verb" and any(slot.startswith("object.") for slot in pattern.target):
            direct = [o for o in objects if o.dep_ in ("dobj", "nsubjpass")]
            if direct:
                return direct[0]  # "signed the agreement WITH Peru": the object's phrases can hold the target
        return True

    def _instantiate(self, pattern: Pattern, token: Token, obj: Token | None) -> list[Candidate]:
        code = pattern.code_for(modifier_lemmas(token, obj))
        if not self.ontology.is_valid(code):
            log.warning("pattern at line %d gives unknown CAMEO code %s", pattern.line, code)
            return []
        sources = self._fill(pattern.source, token, obj, pattern, agent=True)
        targets = self._fill(pattern.target, token, obj, pattern)
        if not targets and obj is not None and pattern.target:
            # "rejected a U.S. request", "Sweden's decision"; a place only for force ("seized weapons in Mali"),
            # never for an agreement or a statement ("signed a ceasefire agreement in Doha": the venue)
            owner = self.actors.fallback(obj, places=code[:2] in MATERIAL_CONFLICT_ROOTS)
            if owner is not None and _own_thing(obj, owner, sources):
                owner = None  # "reinforced their support": one's own thing names no target
            targets = [owner] if owner is not None else []
        # "Russia pulled back its ground forces": a state's own forces or officials are no target of its act
        targets = [t for t in targets if not _own_forces(t, sources)]
        if pattern.kind == "verb" and not sources and is_passive(token):
            # "Israeli missiles were fired at Syrian positions": the weapon's nationality is the attacker's
            weapons = [s for s in children(token, "nsubjpass") if s.lemma_.lower() in self.patterns.weapons]
            sources = [a for w in weapons for a in self._noun_modifier_actor(w)]
        destinations: list[ActorRef] = []
        if pattern.kind == "noun" and code.startswith("042") and not targets:
            # "a UK state visit", "his India visit": a country's name on a visit is where the visit goes
            destinations = [a for a in self._noun_modifier_actor(token)
                            if a.kind == "country" and _names_a_place(token, a)][:1]
            targets = list(destinations)
        if pattern.kind == "noun" and not sources:
            sources = [a for a in self._noun_modifier_actor(token)
                       if all(_actor_key(a) != _actor_key(p) for p in destinations)]
        if pattern.kind == "noun" and not sources:  # "X was responsible for the killings"
            sources = [a for h in culpable_subject(token) for a in self.actors.resolve(h)]
        if pattern.kind == "noun" and not targets:
            # "Kenya received aid", "Idlib suffered airstrikes": the subject receives the act (a place, as its country)
            targets = [a for h in recipient_of(token)
                       for a in (self.actors.resolve(h) or [f for f in [self.actors.fallback(h)] if f is not None])]
            if targets and not sources:  # "Kenya received aid from Japan"
                # "Kenya received aid from Japan", "the Kurds won the backing of France"
                givers = _prep_objects(token, "from") + _prep_objects(token.head, "from") + _prep_objects(token, "of")
                sources = [a for h in givers for a in self.actors.resolve(h)]
        if pattern.source_sector and not any(s.sector in pattern.source_sector for s in sources):
            return []  # "protesters clashed with police" (145) is not "troops clashed with rebels" (190)
        if not sources and pattern.implicit_source and _agentless_passive(token):
            # "50 people were arrested": arrests are made by the police, even when the report does not say so
            sources = [self.actors.implied(None, pattern.implicit_source, "implied by the passive")]
        between = "between" in pattern.target or "object.between" in pattern.target
        pairs: list[tuple[ActorRef | None, ActorRef | None]] = []
        if between and len(targets) >= 2 and not sources:
            pairs = _unordered_pairs(targets)  # "talks between Chile and Peru": one joint act
        elif pattern.symmetric and len(sources) >= 2 and not targets:
            pairs = _unordered_pairs(sources)  # "Chile and Peru met": one joint act, never two
        else:
            # "Germany, France and Britain condemned Iran": one act per subject against the same target; the
            # subjects are never crossed with each other
            source_sides: Sequence[ActorRef | None] = sources or [None]
            target_sides: Sequence[ActorRef | None] = targets or [None]
            pairs = [(s, t) for s in source_sides for t in target_sides]
            if pattern.reverse_code:  # the other side's own act in a clash: police on protesters is 175
                pairs += [(t, s) for s, t in pairs if s is not None and t is not None]
        modality = modality_of(token, self.patterns)
        trigger_text = token.text if obj is None else _phrase(token, obj)
        out = []
        keys: set[tuple[str | None, str | None]] = set()
        for s, t in pairs:
            if s is not None and t is not None and s.code and s.code == t.code and s.name == t.name:
                t = None  # "Israel halted its offensive": the object's owner is the actor itself
            key = (_actor_key(s), _actor_key(t))
            if (s is None and t is None) or (pattern.needs_target and t is None) or key in keys:
                continue
            keys.add(key)
            pair_code = code
            if pattern.reverse_code and s is not None and s.sector not in pattern.source_sector:
                # the other side of the act: police in a clash with protesters use violent repression (175)
                pair_code = dict(pattern.reverse_code).get(s.sector or "", code)
            cand = Candidate(pattern, pair_code, token, obj, s, t, modality, trigger_text, pattern.confidence)
            cand.symmetric = bool((pattern.symmetric or between) and not pattern.reverse_code
                                  and s is not None and t is not None)
            out.append(cand)
        return out

    def _fill(self, slots: tuple[str, ...], token: Token, obj: Token | None, pattern: Pattern,
              agent: bool = False) -> list[ActorRef]:
        """The actors of the first slot that names one. A slot that only gives a nationless sector ("sent troops
        to Mali": troops) is kept in reserve while a later slot may name a country or organisation."""
        reserve: list[ActorRef] = []
        for slot in slots:
            heads = slot_tokens(slot, token, obj, pattern)
            actors: list[ActorRef] = []
            for head in heads:
                found = self.actors.resolve(head)
                if not found:
                    # an attack as the agent ("the bombing of the embassy killed 12"): its "of" is the victim
                    weapon = agent and (head.lemma_.lower() in PATIENT_OF_NOUNS or head.lower_ in self.patterns.weapons)
                    fb = self.actors.fallback(head, of=not weapon, places=not weapon,
                                              nested_places=pattern.code[:2] in MATERIAL_CONFLICT_ROOTS)
                    found = [fb] if fb is not None else []
                actors.extend(found)
            if any(a.country or a.kind in ("organization", "person") for a in actors):
                return actors
            reserve = reserve or actors
        return reserve

    def _noun_modifier_actor(self, noun: Token) -> list[ActorRef]:
        """ "Israeli air strikes", "U.S. sanctions", "Russian and Syrian airstrikes": the adjectives or compounds
        name who acts (each conjoined one an actor of its own)."""
        out: list[ActorRef] = []
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i:
                for word in [child] + [c for c in child.children if c.dep_ == "conj" and c.i < noun.i]:
                    actor = self.actors.resolve_one(word)
                    if actor is not None and all(_actor_key(actor) != _actor_key(a) for a in out):
                        out.append(actor)
        return out

    # ------------------------------------------------------------------ intent, threat, speech
    def _commissives(self, cands: list[Candidate]) -> list[Candidate]:
        """ "pledged to provide aid" -> intent (03x); "threatened to attack" -> threat (13x)."""
        by_trigger = {c.trigger.i: c for c in cands}
        for cand in cands:
            if cand.drop:
                continue
            governor = _commissive_governor(cand.trigger, self.patterns)
            if governor is None:
                continue
            kind = self.patterns.commissive.get(governor.lemma_.lower(), "intent")
            root = cand.code[:2]
            if kind == "threat" and self._recode_warning_not_to(cand, governor, by_trigger):
                continue
            table = self.patterns.threat_codes if kind == "threat" or int(root) >= 11 else self.patterns.intent_codes
            new = self.patterns.lookup(table, cand.code)
            if not new or not self.ontology.is_valid(new):
                continue
            cand.code = new
            cand.governor = governor
            cand.trigger_text = f"{governor.text} ... {cand.trigger_text}"
            cand.modality = modality_of(governor, self.patterns)
            if cand.source is None:
                subs = subject(governor)
                for head in subs:
                    found = self.actors.resolve(head)
                    if found:
                        cand.source = found[0]
                        break
            # the commissive's own generic pattern (offer, agree, threaten, express readiness) gives way
            for tok in (governor, governor.head):
                other = by_trigger.get(tok.i)
                if other is not None and other is not cand and other.code[:2] in ("03", "13", "05", "01"):
                    other.drop = True
        return cands

    def _recode_warning_not_to(self, cand: Candidate, governor: Token, by_trigger: dict[int, Candidate]) -> bool:
        """ "warned the Syrian president not to attack Idlib": no threat, a demand that the one warned refrain
        (1056 for force, 100 otherwise), made by the warner to the one warned. Recodes ``cand`` in place and
        returns True when the warning is of that kind."""
        if governor.lemma_.lower() not in WARNING_VERBS or not any(c.dep_ == "neg" for c in cand.trigger.children):
            return False
        warned = [a for h in direct_objects(governor) for a in self.actors.resolve(h)]
        warners = [a for h in subject(governor) for a in self.actors.resolve(h)]
        if not warned or not warners:
            return False
        code = REFRAIN_FROM_FORCE if cand.code[:2] in MATERIAL_CONFLICT_ROOTS else "100"
        cand.code, cand.governor, cand.modality = code, governor, modality_of(governor, self.patterns)
        cand.trigger_text = f"{governor.text} ... {cand.trigger_text}"
        cand.source, cand.target = warners[0], warned[0]
        other = by_trigger.get(governor.i)
        if other is not None and other is not cand and other.code[:2] == "13":
            other.drop = True  # the warning's own generic threat gives way
        return True

    def _requests(self, cands: list[Candidate]) -> list[Candidate]:
        """ "urged Iran to release the detainees": an appeal for release (0253), not a release."""
        by_trigger = {c.trigger.i: c for c in cands}
        for cand in cands:
            token = cand.trigger
            if token.dep_ not in ("xcomp", "ccomp", "advcl") or token.head == token:
                continue
            request = by_trigger.get(token.head.i)
            if request is None or request.code[:2] not in ("02", "10") or request is cand:
                continue
            table = self.patterns.appeal_codes if request.code[:2] == "02" else self.patterns.demand_codes
            specific = self.patterns.lookup(table, cand.code)
            if specific and self.ontology.is_valid(specific) and request.code in ("020", "100"):
                request.code = specific
            if request.target is None:
                request.target = cand.source
            cand.drop = True
        for cand in cands:
            order = by_trigger.get(cand.trigger.head.i)
            if cand.trigger.dep_ != "dobj" or cand.trigger.pos_ != "NOUN" or order is None or order is cand \
                    or order.code != "100" or order.trigger.lemma_.lower() not in ORDER_VERBS or order.source is None:
                continue
            if cand.source is None or (cand.source.country is not None
                                       and cand.source.country == order.source.country):
                # "Trump ordered the withdrawal of US troops": the government withdraws its own forces; an order
                # to one's own forces is the act itself, not a demand
                cand.source = order.source
                order.drop = True
        return cands

    def _generic_intents(self, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """ "agreed to set up a centre", "is ready to contribute troops": a promise of an act our vocabulary does
        not name is still an intent to cooperate (030), addressed to whoever the promised act concerns."""
        covered = {c.trigger.i for c in cands} | {c.governor.i for c in cands if c.governor is not None}
        out = list(cands)
        for token in tokens_of(doc):
            if token.lemma_.lower() not in self.patterns.commissive or token.i in covered:
                continue
            if self.patterns.commissive[token.lemma_.lower()] != "intent":
                continue
            acts = [c for c in token.children if c.dep_ in ("xcomp", "acl", "pcomp") and c.pos_ in ("VERB", "AUX")]
            acts += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "to"
                     for g in c.children if g.dep_ == "pcomp"]
            acts = [a for a in acts if a.i not in covered]
            if not acts:
                continue
            act = acts[0]
            owner = token
            if token.pos_ == "ADJ" and token.dep_ == "acomp":
                owner = token.head  # "X is ready to ..."
            sources = [a for h in subject(owner) for a in self.actors.resolve(h)]
            if not sources:
                continue
            slots = ("dobj", "prep:to", "prep:with", "prep:for", "prep:on", "dative", "prep:in")
            targets = [a for a in self._fill(slots, act, None, _GENERIC) if a.code != sources[0].code]
            modality = modality_of(token, self.patterns)
            for s in sources:
                out.append(Candidate(_GENERIC, "030", token, None, s, targets[0] if targets else None, modality,
                                     f"{token.text} ... {act.text}", 0.45))
        return out

    def _refusals(self, cands: list[Candidate]) -> list[Candidate]:
        """ "refused to release", "will not accept": a rejection (12x) beside the negated act."""
        out = list(cands)
        rejected_at = {c.trigger.i for c in cands if c.code[:2] == "12"} | \
            {c.trigger.head.i for c in cands if c.code[:2] == "12"}
        for cand in cands:
            if cand.drop or cand.modality != "negated" or cand.code[:2] > "08":
                continue
            token = cand.trigger
            future = any(c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "shall", "'ll") for c in token.children)
            refuser = _refusing_governor(token)
            refusal = refuser is not None
            if not (future or refusal) or token.i in rejected_at or token.head.i in rejected_at:
                continue
            code = self.patterns.lookup(self.patterns.reject_codes, cand.code)
            if not code or not self.ontology.is_valid(code):
                continue
            anchor = refuser if refuser is not None else token
            out.append(Candidate(cand.pattern, code, anchor, cand.obj, cand.source, cand.target, "actual",
                                 f"{anchor.text} ... {cand.trigger_text}" if refusal else f"not {cand.trigger_text}",
                                 cand.confidence))
        return out

    def _conditional_threats(self, cands: list[Candidate]) -> list[Candidate]:
        """ "the EU may halt mediation", "could impose sanctions if ...": a coercive act an actor says it might
        take is, in CAMEO, a threat (13x) made now; the act itself stays hypothetical."""
        out = list(cands)
        for cand in cands:
            if cand.drop or cand.modality != "hypothetical" or cand.code[:2] not in THREAT_ROOTS:
                continue
            if cand.source is None or any(c.lower_ in ("if", "whether", "unless") and c.dep_ == "mark"
                                          for c in cand.trigger.children):
                continue  # the act is the condition ("if X attacks"), not what X holds over someone
            if _attempted(cand.trigger, self.patterns):
                continue  # "tried to arrest": an attempt, not an act held over someone
            if not _said_to_be_possible(cand.trigger):
                continue  # "reports about the possibility of ... arrested": nobody holds the act over anyone
            code = self.patterns.lookup(self.patterns.threat_codes, cand.code)
            if code and self.ontology.is_valid(code):
                out.append(replace(cand, code=code, modality="actual", confidence=cand.confidence * 0.9))
        return out

    def _conditional_intents(self, cands: list[Candidate]) -> list[Candidate]:
        """ "they would meet the mediator if ...": a cooperative act that an actor says it would take, on a
        condition, is an intent (03x) it expresses now; the act itself stays hypothetical. Only when the actor
        speaks of itself (the speaker of the governing "said" is the act's source)."""
        out = list(cands)
        for cand in cands:
            if cand.drop or cand.modality != "hypothetical" or cand.code[:2] > "08" or cand.code[:2] == "03":
                continue
            token = cand.trigger
            if cand.source is None or _attempted(token, self.patterns):
                continue
            if not any(c.dep_ == "aux" and c.lower_ in ("would", "will", "'d") for c in token.children):
                continue
            if not any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless", "provided")
                                                 for m in c.children) for c in token.children):
                continue
            speech = token.head if token.dep_ == "ccomp" else None
            if speech is not None and speech.lemma_.lower() in self.patterns.speech:
                speakers = [a for h in subject(speech) for a in self.actors.resolve(h)]
                if not speakers or _actor_key(speakers[0]) != _actor_key(cand.source):
                    continue
            code = self.patterns.lookup(self.patterns.intent_codes, cand.code) or "030"
            if self.ontology.is_valid(code):
                out.append(replace(cand, code=code, modality="actual", confidence=cand.confidence * 0.9))
        return out

    def _remember_subjects(self, doc: Doc) -> None:
        """Resolve the speakers of reported speech first, so "X said he/they ..." finds X."""
        for token in tokens_of(doc):
            if token.dep_ == "nsubj" and token.head.lemma_.lower() in self.patterns.speech and token.i < token.head.i:
                self.actors.resolve(token)

    def _obligations(self, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """ "X said (that) Y must V": a demand (10x) by X on Y; "should" makes it an appeal (02x)."""
        by_trigger = {c.trigger.i: c for c in cands}
        out = list(cands)
        modals: dict[int, str] = {}  # verb -> its first "must"/"should" auxiliary
        for t in tokens_of(doc):
            if t.dep_ == "aux" and t.lower_ in ("must", "should") and t.head != t:
                modals.setdefault(t.head.i, t.lower_)
        for i in sorted(modals):
            token, modal = doc[i], modals[i]
            that_clause = token.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)
            if token.dep_ not in ("ccomp", "conj") and not that_clause:
                continue  # "said that Y must", or a noun's that-clause: "a reminder that Y must"
            speech = token.head
            while speech.dep_ == "conj" and speech.head != speech:
                speech = speech.head
            if speech.lemma_.lower() not in self.patterns.speech | OBLIGATION_GOVERNORS:
                continue
            speakers = [a for h in subject(speech) for a in self.actors.resolve(h)]
            targets = [a for h in subject(token) for a in self.actors.resolve(h)]
            if speakers and targets and _actor_key(targets[0]) == _actor_key(speakers[0]):
                # "reminded Iraq that it must": "it" is whom the words were addressed to, not the speaker
                verb = speech.head if speech.pos_ == "NOUN" else speech
                addressed = [p for v in (speech, verb) for p in _prep_objects(v, "to")] + \
                    [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.pos_ == "PROPN"]
                targets = [a for h in addressed for a in self.actors.resolve(h)]
            if not speakers or not targets:
                continue
            asked = by_trigger.get(token.i)
            table = self.patterns.demand_codes if modal == "must" else self.patterns.appeal_codes
            code = (self.patterns.lookup(table, asked.code) if asked else None) or ("100" if modal == "must" else "020")
            if not self.ontology.is_valid(code):
                continue
            if asked is not None:
                asked.drop = True
            pattern = Pattern(lemmas=(speech.lemma_,), kind="verb", code=code, confidence=0.55)
            out.append(Candidate(pattern, code, speech, None, speakers[0], targets[0],
                                 modality_of(speech, self.patterns), f"{speech.text} ... {modal} {token.text}", 0.55))
        return out

    def _alleged(self, cand: Candidate) -> bool:
        """An act inside an accusation or denial ("accused Y of shelling Z") is not coded as having happened."""
        token = cand.trigger
        for _ in range(5):
            if token.dep_ in ("xcomp", "advcl") and token.head.pos_ in ("VERB", "AUX") and token.head != token:
                token = token.head  # "criticised the EU for not doing enough to HELP", "for continuing to BOMB"
                continue
            if token.dep_ in ("pcomp", "pobj") and token.head.dep_ == "prep":
                verb = token.head.head
                if verb.lemma_.lower() in ALLEGATION_VERBS:
                    return True
                if verb.lemma_.lower() in PUNISHING_VERBS and token.head.lower_ in ("for", "on", "over"):
                    return True
                token = verb
                continue
            if token.dep_ in ("xcomp", "ccomp") and token.head.lemma_.lower() in ("deny",):
                return True
            break
        return False

    def _statement(self, doc: Doc) -> list[Candidate]:
        """A public statement when nothing more specific applies: 010, or 012/013 when pessimistic/optimistic.

        Coded when the statement is addressed to another actor ("told Iran", "in a message to Chile"), is about
        an actor of another country ("Powell said NATO would need to remain strong": the subject of its
        complement), or voices pessimism or optimism ("said he was skeptical"). A bare "X said <something we
        cannot code>" is attribution, not an event; so are "reported" and "according to".
        """
        out = []
        for token in tokens_of(doc):
            lemma = token.lemma_.lower()
            if token.pos_ != "VERB" or lemma not in self.patterns.statement | self.patterns.critical_speech:
                continue
            if token.dep_ in ("amod", "acl", "advcl", "pcomp") or (token.dep_ == "relcl" and not any(
                    c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in token.children)):
                # "the so-called ...", "as stated", "the words he said": no act of saying by a named speaker;
                # but "the Iraqi government, which has told the ICRC that ..." is the government telling
                continue
            speakers = [a for h in subject(token) for a in self.actors.resolve(h)]
            if not speakers:
                continue
            speaker = speakers[0]
            addressees = [c for c in token.children if c.dep_ in ("dobj", "dative") and lemma == "tell"]
            addressees += [p for p in _prep_objects(token, "to")]
            targets = [a for h in addressees for a in self.actors.resolve(h)]
            clauses = [c for c in token.children if c.dep_ in ("ccomp", "dobj")]
            # "told reporters", "told the news agency": the press is the audience, not the one addressed
            targets = [t for t in targets if _actor_key(t) != _actor_key(speaker) and t.sector != MEDIA_SECTOR]
            code = self._critical(clauses) or self._tone(clauses)
            if code in ("111", "112"):
                # criticism or blame voiced in the complement: at the actor the complement is about, own side too
                # ("the Congress leader said the government had failed")
                judged = [a for h in self._about(clauses) for a in self.actors.resolve(h)]
                targets = targets or [a for a in judged if _actor_key(a) != _actor_key(speaker)]
                if not targets:
                    continue  # a harsh word with nobody judged ("said the storm was a disaster") is no event
            elif lemma not in self.patterns.statement:
                continue  # "added", "claimed": only a critical statement is an event of its own
            if not targets and _nation(speaker):
                # a comment by one country's actor on another's ("Powell said NATO would need to remain strong")
                about = [s for c in clauses for s in subject(c) if s.lower_ not in PRONOUNS]
                targets = [a for h in about for a in self.actors.resolve(h)
                           if _nation(a) not in ("", _nation(speaker))]
            if not targets and code == "010":
                continue  # "X said <something we cannot code>" is attribution, not an event
            pattern = Pattern(lemmas=(token.lemma_,), kind="verb", code=code, confidence=0.4)
            out.append(Candidate(pattern, code, token, None, speaker, targets[0] if targets else None,
                                 modality_of(token, self.patterns), token.text, 0.4))
        return out

    def _critical(self, clauses: list[Token]) -> str | None:
        """112 when the complement lays blame, 111 when it judges harshly (word lists in patterns.yaml), else None.
        A judging word under a negation ("said Iran was not responsible") does not count."""
        p = self.patterns
        for clause in clauses:
            if clause.dep_ != "ccomp":
                continue
            about = {t.i for s in subject(clause) for t in s.subtree}  # the judged, not the judgement
            words = [t for t in clause.subtree if t.i not in about][:40]
            if any(t.dep_ == "neg" and t.head.i == clause.i for t in words):
                continue
            lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
            if lemmas & p.accusation:
                return "112"
            if lemmas & p.criticism:
                return "111"
        return None

    @staticmethod
    def _about(clauses: list[Token]) -> list[Token]:
        """What a complement is about: its subject, else the possessor or compound of its subject ("the US plan"),
        else its object."""
        out: list[Token] = []
        for clause in clauses:
            if clause.dep_ != "ccomp":
                continue
            subs = subject(clause)
            out += subs
            out += [c for s in subs for c in s.children if c.dep_ in ("poss", "compound", "amod") and c.pos_ == "PROPN"]
            out += [c for c in clause.children if c.dep_ == "dobj"]
        return out

    def _tone(self, clauses: list[Token]) -> str:
        """012 for a pessimistic statement, 013 for an optimistic one, else 010 (words in patterns.yaml)."""
        for clause in clauses:
            words = [clause] + [c for c in clause.children if c.dep_ in ("acomp", "attr", "dobj", "advmod")]
            negated = any(c.dep_ == "neg" for c in clause.children)
            for word in words:
                lemma = word.lemma_.lower()
                if lemma in self.patterns.pessimism:
                    return "013" if negated and lemma not in ("concerned", "worried") else "012"
                if lemma in self.patterns.optimism:
                    return "012" if negated else "013"
        return "010"

    # ------------------------------------------------------------------ output
    def _emit(self, cand: Candidate, sentence: Sentence, doc: Doc) -> None:
        info = self.ontology.cameo(cand.code)
        location = self._location(cand)
        # where a meeting or talks take place is a venue, not the parties' country ("talks between the regime and
        # the opposition in Vienna"); only a visit's host is the place visited
        venue = cand.code[:2] == "04"
        host = cand.code[:3] in ("042", "043")
        root = cand.code[:2]
        source = self.context.complete(cand.source, None if venue else location, cand.target, cand.trigger, root)
        target = self.context.complete(cand.target, None if venue and not host else location, cand.source,
                                       cand.trigger, root)
        if target is None and source is not None and source.country and cand.code[:2] in IMPLIED_TARGET \
                and (cand.code[:2] == "14" or self._political(source)):
            # a protest is addressed to the government whoever protests; a concession, investigation or seizure
            # concerns the country only when a political actor makes it ("residents gave in to the temptation")
            target = self.context.implied_target(source, cand.code[:2], location.country if location else None,
                                                 code=cand.code)
        if not ((source and source.code) or (target and target.code)):
            return  # an act between nobody we can name ("she was killed") is not political event data
        if not self.one_sided and self._one_sided(source, target, root):
            return
        if target is not None and target.role == "counterpart" and source is not None:
            target = replace(target, role=source.role, sector=target.sector or source.sector,
                             code=(target.country or "") + (target.sector or source.sector or "") or None)
        resolution = resolve_date(doc[:], self.article.date, trigger=cand.governor or cand.trigger)
        date, precision = resolution.date, resolution.precision
        if resolution.warning:
            self.article.warn(f"sentence {sentence.index}: {resolution.warning}")
        if date is None and cand.modality == "actual" and self.article.date is not None and precision == "unknown":
            date, precision = self.article.date, "week"  # an undated report of a past act: the days before publication
        start = sentence.start + cand.trigger.idx
        confidence = cand.confidence
        confidence *= 1.0 if (source and source.code) else 0.7
        confidence *= 1.0 if (target and target.code) else 0.85
        trigger_span = (start, start + len(cand.trigger.text))
        mention = Mention(sentence=sentence.index, span=(sentence.start, sentence.end), trigger=cand.trigger_text,
                          text=sentence.text, trigger_span=trigger_span)
        base_id = f"{self.article.id}:{sentence.index}:{start}"
        repeat = sum(1 for e in self.events if e.id == base_id or e.id.startswith(base_id + "/"))
        event = Event(
            id=base_id if repeat == 0 else f"{base_id}/{repeat + 1}",  # "Brazil and Chile signed": two events
            source=source,
            target=target,
            cameo=info.code,
            cameo_name=info.name,
            goldstein=info.goldstein,
            quad_class=info.quad_class,
            plover=info.plover or None,
            plover_mode=info.plover_mode or None,
            modality=cand.modality,  # type: ignore[arg-type]
            sentence=sentence.index,
            text=sentence.text,
            span=(sentence.start, sentence.end),
            trigger=cand.trigger_text,
            date=date,
            date_precision=precision,
            location=location,
            confidence=round(min(confidence, 0.99), 3),
            mentions=[mention],
            trigger_span=trigger_span,
            symmetric=cand.symmetric and source is not None and target is not None,
        )
        self._add(event)

    def _one_sided(self, source: ActorRef | None, target: ActorRef | None, root: str) -> bool:
        """An act with no source, or with no target where its root needs one ("Trump asked ..." with nobody
        asked): only half an event, withheld unless the root stands alone (patterns.yaml: ``untargeted_roots``,
        ``unsourced_roots``). An actor with no country is still a side: the text named it."""
        if source is None and root not in self.patterns.unsourced_roots:
            return True
        if target is None:
            # a statement, yielding or show of force with nobody addressed is political event data only when a
            # political actor makes it ("people remained indoors mourning the victims" is not)
            return root not in self.patterns.untargeted_roots or source is None or not self._political(source)
        return False

    def _political(self, actor: ActorRef) -> bool:
        """A state, an organisation, or an actor of a political sector (patterns.yaml: ``political_sectors``)."""
        if actor.kind in ("country", "organization") and (actor.sector or "").lower() not in ("bus", "mnc"):
            return True
        return (actor.sector or "").lower() in self.patterns.political_sectors

    def _add(self, event: Event) -> None:
        """The same event told twice (headline, lead, repeated paragraph) is one event with several mentions."""
        for other in self.events:
            same_dyad = (_actor_key(other.source), _actor_key(other.target)) == (_actor_key(event.source),
                                                                                 _actor_key(event.target))
            if not same_dyad and other.symmetric and event.symmetric:  # "Chile met Peru" ... "Peru met Chile"
                same_dyad = (_actor_key(other.source), _actor_key(other.target)) == (_actor_key(event.target),
                                                                                     _actor_key(event.source))
            if (
                same_dyad
                and other.cameo == event.cameo
                and other.modality == event.modality
                and _dates_compatible(other.date, other.date_precision, event.date, event.date_precision)
                and (all(m.sentence != event.sentence for m in other.mentions) or other.sentence == event.sentence)
            ):
                if not any(m.sentence == event.sentence and m.trigger == event.trigger for m in other.mentions):
                    other.mentions.extend(event.mentions)
                other.confidence = round(min(0.99, max(other.confidence, event.confidence) + 0.05), 3)
                if other.date_precision == "week" and event.date_precision == "day":
                    other.date, other.date_precision = event.date, event.date_precision
                return
        self.events.append(event)

    def _location(self, cand: Candidate) -> Place | None:
        """Where the event happened: a place in an "in/at/near" phrase of the trigger, its object or its
        arguments ("arrested by police in Nairobi"), or the place visited. Never the dateline."""
        token = cand.trigger
        names: list[Span] = []
        if cand.code[:3] in ("042", "043", "044"):
            visited = [c for c in token.children if c.dep_ == "dobj"]
            visited += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "to"
                        for g in c.children if g.dep_ == "pobj"]
            names.extend(_entity_span(v) for v in visited if v.ent_type_ in PLACE_LABELS)
        holders = [token] + ([cand.obj] if cand.obj is not None else [])
        holders += [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent")]
        holders += [g for c in token.children if c.dep_ in ("agent", "prep") for g in c.children if g.dep_ == "pobj"]
        for head in holders:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and pobj.ent_type_ in PLACE_LABELS:
                            names.append(_entity_span(pobj))
        if not names or self.gazetteer is None:
            return None
        for span in names:
            before = span.doc[span.start - 1] if span.start > 0 else None
            text = span.text
            if before is not None and before.lower_ in DIRECTIONS:
                text = f"{before.text} {span.text}"
            place = self.gazetteer.lookup(text)
            if place is not None:
                if place.country:  # the gazetteer is today's map: Juba was in Sudan before 2011
                    place = replace(place, country=self.actors.dictionary.territory_on(place.country, self.article.date))
                return place
            self.article.warn(f"place not in gazetteer: {span.text!r}")
        return None


PassFn = Callable[[Sentence, Doc, list[Candidate]], list[Candidate]]
# The coder's passes, in the order they run (diurna eval --by-pass shows what each adds or removes).
PASSES: tuple[str, ...] = ("requests", "obligations", "commissives", "generic_intents", "joint_intents", "refusals",
                           "conditional_threats", "conditional_intents", "dropped", "alleged", "consequences",
                           "purposes", "background", "characterizations", "statement", "reporter_party", "unrest",
                           "armed_support", "armed_strikes", "travellers", "agency", "learned")
# sectors of a reporter who is a party to the fighting it reports (the army, police, rebels, militias, spies)
REPORTING_ARMED_SECTORS = frozenset({"MIL", "COP", "REB", "INS", "SEP", "UAF", "SPY"})
PASS_FUNCTIONS = {name: getattr(SentenceCoder, f"_pass_{name}") for name in PASSES}


ARMED_SUPPORT_CODE = "072"  # military aid
WALKOUT_CODE = "143"  # a strike by workers
ARMED_STRIKE_CODE = "190"  # a strike by an armed force: conventional military force
STRIKE_TARGET_SLOTS = ("object.prep:against", "object.prep:on", "object.prep:in", "prep:against", "prep:on", "prep:in")
# who suffers violent repression (175) at the hands of the police, and whom a crowd riots against (145)
REPRESSED_SECTORS = frozenset({"CVL", "REL", "OPP", "PTY", "LAB", "EDU", "MED", "REF", "HRI", "NGO", "ETH"})
CROWD_SECTORS = frozenset({"CVL", "REL", "LAB", "EDU"})
RIOTED_SECTORS = frozenset({"COP", "GOV", "JUD", "LEG"})


def _unrest(cand: Candidate) -> Candidate:
    """A 18x/19x act between the police and a country's own people, recoded as repression (175) or a riot (145);
    so is a crowd wrecking a police station or an office (171: "a mob ransacked the police station")."""
    s, t = cand.source, cand.target
    if s is None or t is None:
        return cand
    wrecked = cand.code[:3] == "171"
    if cand.code[:2] not in ("18", "19") and not wrecked:
        return cand
    if s.country and t.country and s.country != t.country:
        return cand  # across a border: not unrest
    if s.sector == "COP" and t.sector in REPRESSED_SECTORS and not wrecked:
        return replace(cand, code="175")
    if s.sector in CROWD_SECTORS and t.sector in RIOTED_SECTORS:
        return replace(cand, code="145")
    return cand


def _best_event_class(probabilities: np.ndarray, none: int) -> int:
    """The index of the most likely class that is an event (any class but "no event")."""
    return next(int(k) for k in np.argsort(-probabilities) if int(k) != none)


def _names_a_date(noun: Token) -> bool:
    """The noun is part of a date: inside a DATE or TIME entity, or a month name before or after a day's number (an
    all-lower-case archive's "march 15", which the tagger may not mark)."""
    if noun.ent_type_ in ("DATE", "TIME"):
        return True
    if noun.lower_ not in MONTH_NUMBERS:
        return False
    doc = noun.doc
    after = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    before = doc[noun.i - 1] if noun.i > 0 else None
    return any(t is not None and t.like_num for t in (after, before))


OWN_SECTORS = frozenset({"MIL", "COP", "GOV", "SPY"})


def _own_forces(target: ActorRef, sources: list[ActorRef]) -> bool:
    """ "its troops", "their officials": the source's own army, police or officials (a possessive pronoun, the
    source's country); its own people ("arrested its critics") stay a target."""
    first = target.text.split(maxsplit=1)[0].lower() if target.text else ""
    if first not in ("its", "their", "his", "her", "our"):
        return False
    if target.country is None:  # "the Turks sent their air force after them": whose, the parse does not say
        return target.sector in OWN_SECTORS and any(s.country for s in sources)
    return (target.sector in OWN_SECTORS or target.sector is None) and any(s.country == target.country for s in sources)


def _own_thing(obj: Token, owner: ActorRef, sources: list[ActorRef]) -> bool:
    """The object is the source's own (a possessive pronoun of its country, or the source itself): "withdrew its
    troops", "reinforced their support"; its owner is no target."""
    if any(_actor_key(owner) == _actor_key(s) for s in sources):
        return True
    mine = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children)
    return mine and owner.country is not None and any(s.country == owner.country for s in sources)


def _names_a_place(noun: Token, actor: ActorRef) -> bool:
    """The actor comes from a proper-noun compound of ``noun`` (the name "UK", not the adjective "British")."""
    return any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i < noun.i and c.text in actor.text
               for c in noun.children)


def _unordered_pairs(actors: list[ActorRef]) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """Each unordered pair of different actors once, in text order; none when more than
    :data:`MAX_JOINT_PARTIES` different actors are named: "clashes between Iran, Israel, Turkey, Syria and the
    Kurds" describes a many-sided conflict, and which of them acted on which the text does not say."""
    if len({_actor_key(a) for a in actors}) > MAX_JOINT_PARTIES:
        return []
    return [(a, b) for i, a in enumerate(actors) for b in actors[i + 1:] if _actor_key(a) != _actor_key(b)]


def _commissive_governor(trigger: Token, patterns: PatternSet) -> Token | None:
    """The pledge/vow/offer/threat word that governs ``trigger`` ("vowed TO RETALIATE", "readiness TO cooperate")."""
    token = trigger
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ == "VERB":
        token = token.head  # "promised to continue military AID": the verb that takes the noun
    for _ in range(3):
        if token.dep_ in ("pcomp", "pobj") and token.head.dep_ == "prep" and token.head.lower_ == "to" \
                and token.head.head.lemma_.lower() in patterns.commissive:
            return token.head.head  # "is committed to opening up the economy", "agreed to the release"
        if token.dep_ not in ("xcomp", "acl", "ccomp", "advcl", "conj") or token.head == token:
            return None
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in token.children):
            return None  # "warned that the US would face consequences IF it struck Syria": the condition, not the act
        head = token.head
        if token.dep_ == "conj":
            token = head
            continue
        lemma = head.lemma_.lower()
        if lemma in patterns.commissive:
            if token.dep_ == "ccomp" and not any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll") for c in token.children):
                return None
            return head
        if lemma == "be" and head.dep_ in ("ccomp", "ROOT"):
            for c in head.children:
                if c.dep_ == "acomp" and c.lemma_.lower() in patterns.commissive:
                    return c
        token = head
    return None


IMPLIED_TARGET = {"08", "09", "14", "17"}
CONDITION_MARKS = frozenset({"if", "unless", "whether"})
WARNING_VERBS = frozenset({"warn", "caution"})
REFRAIN_FROM_FORCE = "1056"  # demand de-escalation of military engagement
ORDER_VERBS = frozenset({"order", "command"})  # "ordered the withdrawal": the act itself when one's own forces do it
MEDIA_SECTOR = "MED"  # journalists and news media: a statement's audience, never its addressee
VISIT_CODES = frozenset({"042", "043"})  # make a visit, host a visit: travellers_pass
MAX_JOINT_PARTIES = 3  # a joint act of more parties is a many-sided description, not dyads (_unordered_pairs)
LEARNED_VERB_TARGETS = ("dobj", "prep:with", "prep:against", "prep:on", "prep:to", "prep:at", "prep:into", "prep:over",
                        "prep:from", "dative")
LEARNED_NOUN_TARGETS = ("prep:with", "prep:against", "prep:on", "prep:to", "prep:at", "prep:of", "prep:over",
                        "prep:between", "between")
THREAT_ROOTS = {"15", "16", "17", "18", "19", "20"}
SPOKEN_ROOTS = {"10", "11", "12", "13"}  # acts a speech verb can carry: demand, disapprove, reject, threaten
_GENERIC = Pattern(lemmas=("*",), kind="verb", code="030", confidence=0.45, note="promise of an unnamed act")


def _lookup(index: dict[str, list[Pattern]], token: Token) -> list[Pattern] | None:
    """Patterns for the token's lemma; when the lemmatizer slips ("staged" -> "stag"), for the word's own
    regular stem ("staged" -> "stage")."""
    lemma = token.lemma_.lower()
    found = index.get(lemma) or index.get(token.lower_)
    if found:
        return found
    for stem in _stems(token.lower_):
        if stem in index:
            return index[stem]
    return None


def _stems(word: str) -> list[str]:
    out = []
    if word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith("ed"):
        out += [word[:-1], word[:-2]]
        if len(word) > 4 and word[-3] == word[-4]:
            out.append(word[:-3])  # "shelled" -> "shell", "planned" -> "plan"
    if word.endswith("ing"):
        out += [word[:-3], word[:-3] + "e"]
        if len(word) > 5 and word[-4] == word[-5]:
            out.append(word[:-4])
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    return out


def _temporal(prep: Token) -> bool:
    """ "on Monday", "in March": a preposition that only dates the event cannot satisfy a frame's 'requires'."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _refusing_governor(trigger: Token) -> Token | None:
    """The "refused"/"declined" that governs the act: "refused to release", "refused to commit to any
    assistance", "refused to allow planes to land"."""
    token = trigger
    for _ in range(4):
        if token.dep_ not in ("xcomp", "pobj", "prep", "pcomp", "dobj", "ccomp") or token.head == token:
            return None
        token = token.head
        if token.lemma_.lower() in ("refuse", "decline", "reject"):
            return token
        if token.pos_ == "VERB" and token.dep_ not in ("xcomp",):
            return None
    return None


def _said_to_be_possible(trigger: Token) -> bool:
    """A modal or a condition on the act itself or on the verb that governs it: "may halt", "could impose
    sanctions if", "threatened that it would"."""
    for token in (trigger, trigger.head):
        if any(c.dep_ == "aux" and c.lower_ in ("may", "might", "could", "would", "will", "'d", "'ll", "can")
               for c in token.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children):
            return True
    return False


def _attempted(trigger: Token, patterns: PatternSet) -> bool:
    """ "tried to arrest", "an attempt to kill", "efforts to free": the act was attempted, not threatened."""
    head = trigger
    for _ in range(3):
        if head.dep_ not in ("xcomp", "acl", "pcomp", "conj") or head.head == head:
            return False
        head = head.head
        if head.lemma_.lower() in patterns.attempt:
            return True
    return False


def _agentless_passive(token: Token) -> bool:
    children = list(token.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children) or (token.tag_ == "VBN" and token.dep_ == "acl")
    return passive and not any(c.dep_ == "agent" for c in children)


def _purpose(cand: Candidate, cands: list[Candidate]) -> bool:
    """ "blocked roads to demand reforms", "demonstrated calling for independence": the purpose of an act already
    coded (a protest, a blockade) specifies that act; it is not an appeal or demand of its own."""
    token = cand.trigger
    if cand.code[:2] not in ("02", "10", "11", "14") or token.dep_ not in ("advcl", "xcomp", "acl"):
        return False
    purpose = token.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    return purpose and any(o is not cand and o.trigger.i == token.head.i and not o.drop for o in cands)


def _background(cand: Candidate) -> bool:
    """ "the athletes killed at the 1972 Games": a participle describing who the people are, not a new event."""
    token = cand.trigger
    return (cand.code[:2] in ("18", "19", "20") and token.dep_ == "acl" and token.tag_ == "VBN"
            and not any(c.dep_ == "agent" for c in token.children))


HABIT_SPANS = frozenset({"years", "decades", "months", "weeks"})


def _habitual(cand: Candidate, adverbs: frozenset[str]) -> bool:
    """An act told as a habit or as earlier history: "Russia had previously backed the YPG", "Assad has used
    chemical weapons more than 100 times", "clashes have erupted in the past", "has been fighting for years"."""
    for word in (cand.trigger, cand.governor):
        if word is None:
            continue
        for child in word.children:
            if child.dep_ == "advmod" and child.lower_ in adverbs:
                return True
            if child.dep_ == "npadvmod" and child.lower_ == "times" and any(g.like_num or g.lower_ == "many"
                                                                           for g in child.subtree):
                return True
            if child.dep_ == "prep" and child.lower_ in ("in", "for", "over"):
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if any(o.lower_ == "past" and child.lower_ == "in" for o in objects):
                    return True
                if any(o.lower_ in HABIT_SPANS and child.lower_ in ("for", "over")
                       and not any(g.like_num for g in o.subtree) for o in objects):
                    return True  # "for years", "over the decades"; never "for three days"
    return False


def _consequence(cand: Candidate, cands: list[Candidate]) -> bool:
    """ "shelled Juba, killing 20 people": the participle reports a consequence of the attack, not an event."""
    token = cand.trigger
    if token.tag_ != "VBG" or token.dep_ not in ("advcl", "conj", "xcomp") or cand.code[:2] not in ("18", "19", "20"):
        return False
    return any(o is not cand and o.trigger.i == token.head.i and o.code[:2] in ("18", "19", "20") for o in cands) or \
        any(o is not cand and o.code[:2] in ("18", "19", "20") and o.trigger.i < token.i for o in cands)


def _phrase(token: Token, obj: Token) -> str:
    lo, hi = sorted((token.i, obj.i))
    span = token.doc[lo : hi + 1]
    return span.text if len(span) <= 6 else f"{token.text} ... {obj.text}"


def _entity_span(token: Token) -> Span:
    for ent in ents_of(token.doc):
        if ent.start <= token.i < ent.end:
            return ent
    return token.doc[token.i : token.i + 1]


def _nation(actor: ActorRef) -> str:
    """The country of an actor, or its IGO/NGO code; "" for a sector alone ("police")."""
    if actor.country:
        return actor.country
    code = actor.code or ""
    return code if code.startswith(("IGO", "NGO")) and len(code) > 3 else ""  # a named organisation


def _actor_key(actor: ActorRef | None) -> str | None:
    if actor is None:
        return None
    return actor.code or actor.name


def _dates_compatible(a: dt.date | None, ap: str, b: dt.date | None, bp: str) -> bool:
    if a is None or b is None or a == b:
        return True
    if "day" in (ap,) and bp == "day":
        return False
    return abs((a - b).days) <= 7


def _violent_dyad(cand: Candidate) -> bool:
    """A rule's violent event (roots 18-20) whose frame found both sides: two different countries, or a state's
    armed force against anyone: the learned pass does not veto it ("Israeli airstrikes killed 12 people in southern
    Lebanon", "the army killed six militants in a raid"). The model learned "killed", "hit", "struck" mostly from
    accidents and crimes, where the rules find no such dyad."""
    s, t = cand.source, cand.target
    if cand.code[:2] not in ("18", "19", "20") or not (s and t and s.country):
        return False
    return bool(t.country and s.country != t.country) or s.sector in ("MIL", "COP")
