"""The coding pipeline: normalized articles -> spaCy analysis -> actors -> events -> facts.

``code_articles`` is what the CLI, the evaluation, the store and the Dask workers call; ``diurna.code`` wraps it
for one text in a notebook. Every sentence of a batch of articles goes through ``nlp.pipe`` in one stream (the
spaCy work dominates the cost); the coding that follows only reads the parses.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.symbols import ORTH

from diurna.actors.dictionary import ActorDictionary, load_actor_dictionary
from diurna.actors.people import PeopleTable, load_people
from diurna.actors.resolver import ArticleActors
from diurna.articles.model import Article
from diurna.articles.truecase import Truecaser
from diurna.events.coder import SentenceCoder
from diurna.config import Config
from diurna.events.learned import MODEL_PATH, EventModel, load_event_model
from diurna.events.patterns import PatternSet, load_patterns
from diurna.facts.extract import attach_facts
from diurna.facts.places import Gazetteer, get_gazetteer
from diurna.nlp import load_model
from diurna.ontology import Ontology, load_ontology

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"

ARTICLES_PER_BATCH = 32


@dataclass
class Resources:
    """The data tables the coder needs, loaded once per process for one :class:`Config`."""

    nlp: Language
    patterns: PatternSet
    ontology: Ontology
    dictionary: ActorDictionary
    gazetteer: Gazetteer | None
    model: EventModel | None = None
    people: PeopleTable | None = None
    config: Config = field(default_factory=Config)
    event_model_id: str | None = None  # file name and hash prefix of the learned model, for the record
    _truecaser: Truecaser | None = None
    _description: dict[str, Any] | None = None
    _places: dict[str, str | None] = field(default_factory=dict)

    @property
    def truecaser(self) -> Truecaser:
        """Restores the capitals of known names in all-lower-case articles (built on first use)."""
        if self._truecaser is None:
            self._truecaser = build_truecaser(self.dictionary, self.gazetteer, self.people)
        return self._truecaser

    def place_country(self, name: str) -> str | None:
        """The country of a region or city (``"Gujarat"`` -> ``"IND"``), from the gazetteer; ``None`` when unknown,
        for a continent, or for a name the actor dictionary knows as an organisation."""
        if self.gazetteer is None:
            return None
        key = name.lower()
        if key not in self._places:
            place = None if self.dictionary.match_organization(name) else self.gazetteer.lookup(name)
            self._places[key] = place.country if place is not None and place.kind != "continent" else None
        return self._places[key]

    def describe(self) -> dict[str, Any]:
        """What coded the articles: diurna's version, the spaCy pipeline, the learned model and the settings
        that differ from the defaults. Written to every store manifest and every article's ``metadata``."""
        from diurna import __version__

        if self._description is None:
            meta = self.nlp.meta
            self._description = {
                "diurna": __version__, "spacy_pipeline": f"{meta.get('lang', 'en')}_{meta.get('name')} "
                f"{meta.get('version')}", "event_model": self.event_model_id, "settings": self.config.to_dict()}
        d = self._description
        return {**d, "settings": dict(d["settings"])}


KEEP_WHOLE = ("cease-fire", "cease-fires")


@cache
def build_nlp(model: str | None = None, actors_dir: Path | None = None) -> Language:
    """The spaCy pipeline plus diurna's entity ruler (country, capital, organisation and name patterns).

    The ruler runs after the statistical NER and overrides it where a dictionary pattern matches: the small model
    tags hyphenated personal names ("Hans-Peter Kessler") as organisations and some capitals as people.
    """
    nlp = load_model(model)
    for word in KEEP_WHOLE:  # spaCy splits hyphenated words; these are one event noun in news ("cease-fire")
        for form in (word, word.capitalize()):
            # spaCy types Language.tokenizer as a bare callable; the loaded pipeline's is a Tokenizer
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])  # type: ignore[union-attr]
    dictionary = load_actor_dictionary(actors_dir)
    # Titles are matched on the noun phrase by the resolver; the rulers only mark names. Names are phrase
    # patterns (spaCy's PhraseMatcher: fast, whatever the dictionary's size); case-blind ones in one ruler,
    # case-sensitive ones ("US", "WHO", "CAR") in another, and the hyphenated-name rule as a token pattern.
    lower, exact, token = _split_patterns(p for p in dictionary.patterns() if p["label"] in ("GPE", "NORP", "ORG", "LOC"))
    rulers: list[tuple[str, dict[str, str], list[dict]]] = [
        ("diurna_names", {"phrase_matcher_attr": "LOWER"}, lower),
        ("diurna_names_cased", {"phrase_matcher_attr": "ORTH"}, exact),
        ("diurna_people", {}, token + _name_patterns(dictionary)),
    ]
    previous = "ner"
    for name, config, patterns in rulers:
        ruler = nlp.add_pipe("entity_ruler", name=name, after=previous, config={"overwrite_ents": True, **config})
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
        previous = name
    return nlp


def _split_patterns(patterns: Iterable[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """Token patterns of plain LOWER or TEXT/ORTH tokens become phrase patterns (joined token texts: the
    ruler's tokenizer splits them again the same way); anything else stays a token pattern."""
    lower: list[dict] = []
    exact: list[dict] = []
    token: list[dict] = []
    for p in patterns:
        specs = p["pattern"]
        keys = {k for spec in specs for k in spec} if isinstance(specs, list) else set()
        plain = isinstance(specs, list) and all(len(spec) == 1 and isinstance(next(iter(spec.values())), str)
                                                for spec in specs)
        if plain and keys == {"LOWER"}:
            lower.append({**p, "pattern": " ".join(spec["LOWER"] for spec in specs)})
        elif plain and keys <= {"TEXT", "ORTH"}:
            exact.append({**p, "pattern": " ".join(next(iter(spec.values())) for spec in specs)})
        else:
            token.append(p)
    return lower, exact, token


def _name_patterns(dictionary: ActorDictionary) -> list[dict]:
    """Hyphenated given names ("Hans-Peter Kessler", "Jean-Marie Ndiaye") are people; a hyphenated place or pair
    of places ("Guinea-Bissau President ...", "Kenya-Somalia Border Talks") is not, and the name stops before an
    office word ("... Foreign Minister")."""
    places = sorted(dictionary.place_words())
    offices = sorted(OFFICE_WORDS)
    part = {"IS_TITLE": True, "IS_ALPHA": True, "LOWER": {"NOT_IN": places + offices}}
    surname = {"IS_TITLE": True, "IS_ALPHA": True, "LOWER": {"NOT_IN": offices}}
    return [{"label": "PERSON", "pattern": [part, {"ORTH": "-"}, part, {**surname, "OP": "+"}]}]


# words that begin an office or a body after a name, never part of a person's name
OFFICE_WORDS = frozenset(
    "president prime minister foreign defence defense interior finance home army chief secretary general "
    "ambassador envoy spokesman spokeswoman spokesperson mayor governor senator minister's party government "
    "police military border talks officials official leader king queen prince".split()
)


WEEKDAYS_AND_MONTHS = ("Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June "
                       "July August September October November December").split()


def build_truecaser(dictionary: ActorDictionary, gazetteer: Gazetteer | None,
                    people: PeopleTable | None = None) -> Truecaser:
    """A truecaser over the names diurna knows: actor dictionaries, office-holders, the gazetteer's countries,
    regions and larger cities, weekdays and months; never over common English words (data/common_words.txt)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    names = list(dictionary.surface_names()) + WEEKDAYS_AND_MONTHS
    for row in (people or load_people()).rows:
        names += [row.name, row.name.split()[-1]]
    if gazetteer is not None:
        names += gazetteer.names()
    common = set(STOP_WORDS)
    for line in (DATA_DIR / "common_words.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            common.add(line.strip())
    return Truecaser(names, common)


def resources(config: Config | None = None) -> Resources:
    """The resources for ``config`` (default: :meth:`Config.from_env`), loaded once per process and config: a
    changed setting is a new config, hence new resources."""
    return _resources(config if config is not None else Config.from_env())


@cache
def _resources(config: Config) -> Resources:
    try:
        gazetteer: Gazetteer | None = get_gazetteer(config.cache_dir)
    except Exception as exc:  # the gazetteer is an aid to locations, never a reason not to code
        log.warning("gazetteer unavailable, events get no coordinates: %s", exc)
        gazetteer = None
    model, model_id = _event_model(config)
    return Resources(nlp=build_nlp(config.spacy_model, config.actors_dir), patterns=load_patterns(config.patterns_file),
                     ontology=load_ontology(config.ontology_dir), dictionary=load_actor_dictionary(config.actors_dir),
                     gazetteer=gazetteer, model=model, people=load_people(config.actors_dir), config=config,
                     event_model_id=model_id)


def _event_model(config: Config) -> tuple[EventModel | None, str | None]:
    """The learned model the config names (the shipped one by default; none when ``event_model`` is "none")."""
    if config.rules_only:
        return None, None
    path = Path(config.event_model).expanduser() if config.event_model else MODEL_PATH
    if config.event_model and not path.is_file():
        from diurna.errors import ConfigError

        raise ConfigError(f"event model file {path} does not exist (setting event_model / DIURNA_EVENT_MODEL)")
    model = load_event_model(path)
    if model is None:
        return None, None
    return model, f"{path.name} sha256:{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}"


def code_articles(articles: Iterable[Article], *, nlp: Language | None = None, res: Resources | None = None,
                  strict: bool = False, collect: list | None = None,
                  skip_passes: frozenset[str] = frozenset()) -> Iterator[Article]:
    """Code each article (in order), setting ``events``, ``entities``, ``quotes`` and ``amounts``.

    Skipped articles (e.g. not English) pass through uncoded. A failure inside one article becomes a warning on
    that article; it never stops the batch — unless ``strict`` (tests), where it raises. ``collect`` (training)
    receives the learned pass's (sentence, word, features) rows instead of its decisions; ``skip_passes`` names
    coder passes to leave out (``diurna eval --by-pass``).
    """
    res = res or resources()
    nlp = nlp or res.nlp
    iterator = iter(articles)
    while True:
        batch = list(islice(iterator, ARTICLES_PER_BATCH))
        if not batch:
            return
        jobs = [(res.truecaser(s.text) if a.lowercase else s.text, (ai, si))
                for ai, a in enumerate(batch) if not a.skipped for si, s in enumerate(a.sentences)]
        docs: dict[int, list] = {}
        for doc, (ai, si) in nlp.pipe(jobs, as_tuples=True, batch_size=256):
            docs.setdefault(ai, []).append((si, doc))
        for ai, article in enumerate(batch):
            if not article.skipped:
                _code_one(article, docs.get(ai, []), res, collect, strict, skip_passes)
            yield article


def _code_one(article: Article, parsed: list, res: Resources, collect: list | None = None,
              strict: bool = False, skip_passes: frozenset[str] = frozenset()) -> None:
    article.metadata["coded_with"] = res.describe()
    actors = ArticleActors(article, res.dictionary, res.people, res.place_country)
    coder = SentenceCoder(article, actors, res.patterns, res.ontology, res.gazetteer, res.model, collect, skip_passes)
    for si, doc in parsed:
        sentence = article.sentences[si]
        try:
            coder.code(sentence, doc)
        except Exception as exc:  # noqa: BLE001 - one bad parse must not lose the article
            if strict:
                raise
            log.debug("coding failed", exc_info=True)
            article.warn(f"sentence {sentence.index}: could not be coded ({type(exc).__name__}: {exc})")
    article.events = coder.events
    article.entities = actors.entity_list()
    try:
        attach_facts(article, [doc for _, doc in parsed], actors)
    except Exception as exc:  # noqa: BLE001
        if strict:
            raise
        article.warn(f"facts not extracted ({type(exc).__name__}: {exc})")


def code(text_or_article: str | Article, *, date=None, title: str | None = None, id: str = "text",
         skip_passes: frozenset[str] = frozenset()) -> Article:
    """Code one text (or an :class:`Article`) and return the article with its events — for notebooks.
    ``skip_passes`` leaves coder passes out (``frozenset({"learned"})``: the rules alone)."""
    from diurna.articles import article_from_text

    if isinstance(text_or_article, Article):
        article = text_or_article
        if not article.sentences:
            from diurna.articles import normalize

            article = normalize(article)
    else:
        article = article_from_text(text_or_article, id=id, date=date, title=title)
    return next(code_articles([article], skip_passes=skip_passes))
