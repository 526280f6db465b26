"""Facts around the events: entities, quotes with their speakers, amounts, themes and tone.

Read from the same parses as the events (no second spaCy pass), sentence by sentence as the coder walks the article
(:class:`ArticleFacts`), so that a speaker ("she", "the ministry") and an entity resolve through the article's actor
memory as it stands at that sentence. The resolutions made here never change the coder's memory: what the events
are does not depend on whether facts are extracted. The word lists, the theme mapping and the VADER analyzer are
loaded once per configuration (:func:`facts_resources`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from spacy.tokens import Doc, Token

from diurna.actors.resolver import ArticleActors
from diurna.articles.model import ActorRef, Amount, Article, Entity, Event, Place, Sentence, Theme
from diurna.facts.amounts import AmountReader
from diurna.facts.quotes import QuoteSpan, SpeechFrames, attribute, find_quotes
from diurna.facts.themes import THEMES_FILE, Hit, ThemeMatcher, merged, read_themes
from diurna.facts.tokens import token_array
from diurna.facts.tone import ToneScorer
from diurna.facts.words import FactWords, load_words
from diurna.nlp import ents_of

if TYPE_CHECKING:
    from diurna.pipeline import Resources

log = logging.getLogger(__name__)
T = TypeVar("T")

ENTITY_LABELS = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "place", "LOC": "place",
                 "FAC": "place"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOT_PLACES = {"country", "continent"}
MAX_PLACE_CACHE = 100_000
# which events a casualty count belongs to: PLOVER types (and CAMEO roots when PLOVER has none)
SIZE_EVENTS = {"dead": ({"ASSAULT", "COERCE"}, ("18", "19", "20")),
               "injured": ({"ASSAULT", "COERCE"}, ("18", "19", "20")),
               "arrested": ({"COERCE", "ASSAULT"}, ("17",))}


@dataclass
class FactsResources:
    """What facts extraction loads once per configuration."""

    words: FactWords
    themes: ThemeMatcher
    tone: ToneScorer
    amounts: AmountReader
    places: dict[str, Place | None] = field(default_factory=dict)  # gazetteer look-ups, by name


def facts_resources(res: Resources) -> FactsResources:
    """The facts resources of ``res`` (built on first use for its configuration, then shared)."""
    return _facts_resources(res.config.themes_file, tuple(sorted(res.ontology.plover_contexts)))


@functools.cache
def _facts_resources(themes_file: Path | None, contexts: tuple[str, ...]) -> FactsResources:
    mapping = read_themes(THEMES_FILE, contexts)
    if themes_file is not None:
        mapping = merged(mapping, read_themes(themes_file, contexts))
    words = load_words()
    return FactsResources(words=words, themes=ThemeMatcher(mapping), tone=ToneScorer(), amounts=AmountReader(words))


@contextmanager
def _memory_kept(actors: ArticleActors) -> Iterator[None]:
    """Resolve without changing what the coder remembers: every list, dict, set and counter the resolver holds
    (recent actors, people, countries, entities, ...) is put back as it was, in place."""
    saved: list[tuple[list | dict | set, list | dict | set]] = []
    for value in vars(actors).values():
        if isinstance(value, (list, dict, set)):  # Counter is a dict
            saved.append((value, value.copy()))
    try:
        yield
    finally:
        for live, copy in saved:
            live.clear()
            if isinstance(live, list):
                live.extend(copy)
            else:
                live.update(copy)


class ArticleFacts:
    """Collects the facts of one article: :meth:`sentence` after the coder codes each sentence, :meth:`finish`
    once the events are known. A failure in one kind of fact is a warning on the article, never an exception
    (unless ``strict``)."""

    def __init__(self, article: Article, actors: ArticleActors, res: Resources, coded: int,
                 strict: bool = False) -> None:
        self.article = article
        self.actors = actors
        self.res = res
        self.fr = facts_resources(res)
        self.strict = strict
        self.coded = coded
        self.entities: dict[str, Entity] = {}
        self._resolved: dict[tuple[str, str], ActorRef | None] = {}
        self.sentence_actors: dict[int, list[str]] = {}
        self.amounts: list[Amount] = []
        self.hits: dict[int, list[Hit]] = {}
        self.tones: list[float] = []
        self.failed: set[str] = set()
        limit = article.sentences[coded - 1].end if coded else 0
        self.spans: list[QuoteSpan] = []
        spans = self._safely("quotes", lambda: find_quotes(article, limit))
        if spans is not None:
            self.spans, warnings = spans
            for message in warnings:
                article.warn(message)
        self.frames = SpeechFrames(article, actors, self.fr.words, self.spans)

    def _safely(self, what: str, step: Callable[[], T]) -> T | None:
        if what in self.failed:
            return None
        try:
            return step()
        except Exception as exc:  # noqa: BLE001 - facts are an aid; the events must survive them
            if self.strict:
                raise
            self.failed.add(what)
            log.debug("facts: %s failed", what, exc_info=True)
            detail = " ".join(str(exc).split())[:200]
            self.article.warn(f"facts: {what} not extracted ({type(exc).__name__}: {detail})")
            return None

    # ------------------------------------------------------------------ per sentence
    def sentence(self, sentence: Sentence, doc: Doc) -> None:
        arr = token_array(doc)  # the tokens' words as hashes: each kind of fact looks only at its few tokens
        with _memory_kept(self.actors):  # speakers first, against the coder's memory of the article so far
            self._safely("quotes", lambda: self.frames.sentence(sentence, doc, arr))
            self._safely("entities", lambda: self._entities(sentence, doc))
        found = self._safely("amounts", lambda: self.fr.amounts.read(sentence, doc, arr))
        if found:
            self.amounts.extend(found)
        hits = self._safely("themes", lambda: self.fr.themes.find(doc, arr))
        if hits:
            self.hits[sentence.index] = hits
        tone = self._safely("tone", lambda: self.fr.tone.sentence(sentence.text))
        if tone is not None:
            sentence.tone = tone
            self.tones.append(tone)

    def _entities(self, sentence: Sentence, doc: Doc) -> None:
        codes = self.sentence_actors.setdefault(sentence.index, [])
        for ent in ents_of(doc):
            kind = ENTITY_LABELS.get(ent.label_)
            if kind is None:
                continue
            span = (sentence.start + ent.start_char, sentence.start + ent.end_char)
            text = sentence.text[ent.start_char: ent.end_char]
            place = self._place(text) if ent.label_ in PLACE_LABELS else None
            actor = self._resolve(ent.root, text, ent.label_) if place is None else None
            if actor is None and place is None and ent.label_ == "NORP":
                place = self._place(text)  # the small model tags some cities as nationalities ("Aleppo")
            if place is not None:
                key = f"place:{place.name.lower()}"
                entity = self.entities.get(key) or Entity(name=place.name, type="place", code=place.country,
                                                          country=place.country, lat=place.lat, lon=place.lon)
                if place.country:
                    codes.append(place.country)
            elif actor is not None:
                key = _entity_key(actor)
                entity = self.entities.get(key) or Entity(name=actor.name, type=actor.kind or kind, code=actor.code,
                                                          country=actor.country, sector=actor.sector, role=actor.role)
                if entity.role is None and actor.role:
                    entity.role = actor.role
                code = actor.code or actor.country
                if code:
                    codes.append(code)
            else:
                key = f"{kind}:{text.lower()}"
                entity = self.entities.get(key) or Entity(name=text, type=kind)
            self.entities[key] = entity
            entity.count += 1
            entity.spans.append(span)
            if text not in entity.mentions:
                entity.mentions.append(text)

    def _resolve(self, root: Token, text: str, label: str) -> ActorRef | None:
        """The actor a name resolves to; a name seen before in the article resolves as it did then (names are
        stable within an article, and resolving is the costly part of entities)."""
        key = (text.lower(), label)
        if key not in self._resolved:
            self._resolved[key] = self.actors.resolve_one(root)
        return self._resolved[key]

    def _place(self, name: str) -> Place | None:
        """A city, region or site the gazetteer knows (not a country, continent or organisation), else None."""
        cache = self.fr.places
        key = name.lower()
        if key not in cache:
            place = None
            d = self.actors.dictionary
            gazetteer = self.res.gazetteer
            if gazetteer is not None and d.match_country(name) is None and d.match_organization(name) is None:
                found = gazetteer.lookup(name)
                if found is not None and found.kind not in NOT_PLACES:
                    place = found
            if len(cache) >= MAX_PLACE_CACHE:
                cache.clear()
            cache[key] = place
        return cache[key]

    # ------------------------------------------------------------------ per article
    def finish(self) -> None:
        article = self.article
        article.entities = self._entity_list()
        quotes = self._safely("quotes", lambda: attribute(article, self.spans, self.frames.frames, self.coded)) or []
        article.quotes = sorted(quotes + self.frames.statements, key=lambda q: q.span)
        self._safely("amounts", self._finish_amounts)
        article.amounts = self.amounts
        article.themes = _themes(self.hits.items())
        for event in article.events:
            sentences = sorted({m.sentence for m in event.mentions} | {event.sentence})
            event.themes = _themes((i, self.hits.get(i, [])) for i in sentences)
        article.tone = ToneScorer.article(self.tones)

    def _entity_list(self) -> list[Entity]:
        """The named entities of the article, then the other actors the coder resolved ("the ministry",
        "police"), which name no entity but take part in events."""
        out = list(self.entities.values())
        for entity in self.actors.entity_list():
            key = f"person:{entity.name}" if entity.type == "person" else (entity.code or entity.name)
            if key not in self.entities and not any(e.name == entity.name and e.code == entity.code for e in out):
                out.append(Entity(name=entity.name, type=entity.type, code=entity.code, country=entity.country,
                                  sector=entity.sector, role=entity.role, mentions=list(entity.mentions),
                                  count=max(1, len(entity.mentions))))
        return out

    def _finish_amounts(self) -> None:
        """Give each amount the actors of its sentence, and casualty counts to their events as PLOVER sizes."""
        by_sentence: dict[int, list[Event]] = {}
        for event in self.article.events:
            by_sentence.setdefault(event.sentence, []).append(event)
            for m in event.mentions:
                if m.sentence != event.sentence:
                    by_sentence.setdefault(m.sentence, []).append(event)
        for amount in self.amounts:
            codes = list(self.sentence_actors.get(amount.sentence, []))
            for event in by_sentence.get(amount.sentence, []):
                for actor in (event.source, event.target):
                    code = _code(actor)
                    if code:
                        codes.append(code)
            amount.actors = list(dict.fromkeys(codes))
            if amount.casualty is None or amount.value is None:
                continue
            target = _size_event(by_sentence.get(amount.sentence, []), amount)
            if target is not None:
                amount.event = target.id
                current = getattr(target, amount.casualty)
                # several counts of one kind in a sentence are often a total and its part ("six killed,
                # including two children"): the event keeps the largest
                setattr(target, amount.casualty, max(int(amount.value), current or 0))


def _entity_key(actor: ActorRef) -> str:
    return f"person:{actor.name}" if actor.kind == "person" else (actor.code or actor.name)


def _code(actor: ActorRef | None) -> str | None:
    if actor is None:
        return None
    return actor.code or actor.country


def _size_event(events: list[Event], amount: Amount) -> Event | None:
    """The event of the amount's sentence its casualty count belongs to: one whose trigger is the count's verb,
    else the first of a type that kills, wounds or arrests."""
    types, roots = SIZE_EVENTS[amount.casualty or ""]
    fitting = [e for e in events if (e.plover in types or e.cameo[:2] in roots) and e.modality == "actual"]
    if not fitting:
        return None
    for event in fitting:
        if amount.verb and amount.verb in event.trigger.lower():
            return event
    return fitting[0]


def _themes(hits_by_sentence: Iterable[tuple[int, list[Hit]]]) -> list[Theme]:
    themes: dict[str, Theme] = {}
    for index, hits in hits_by_sentence:
        for hit in hits:
            theme = themes.setdefault(hit.theme, Theme(name=hit.theme))
            theme.count += 1
            words = hit.words.lower()
            if words not in theme.triggers:
                theme.triggers.append(words)
            if index not in theme.sentences:
                theme.sentences.append(index)
    return sorted(themes.values(), key=lambda t: (-t.count, t.name))
