"""The coding pipeline: normalized articles -> spaCy analysis -> actors -> events -> facts.

``code_articles`` is what the CLI, the evaluation, the store and the Dask workers call; ``diurna.code`` wraps it
for one text in a notebook. Every sentence of a batch of articles goes through ``nlp.pipe`` in one stream (the
spaCy work dominates the cost); the coding that follows only reads the parses.

Time and memory are bounded for any input (docs/limits.md): an article is coded up to ``max_article_chars``
characters, a sentence of more than ``max_sentence_tokens`` tokens is parsed in pieces, a batch holds at most
:data:`CHARS_PER_BATCH` characters of parses, and an article that cannot be coded loses only itself.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from diurna.actors.dictionary import ActorDictionary, load_actor_dictionary
from diurna.actors.people import PeopleTable, load_people
from diurna.actors.resolver import ArticleActors
from diurna.articles.model import Article, Sentence
from diurna.articles.sentences import piece_bounds, tokenizable
from diurna.articles.truecase import Truecaser
from diurna.attribute_index import index_attribute_ruler
from diurna.lemma_memo import memoize_lemmatizer
from diurna.name_ruler import NameRuler  # registers the "diurna_name_ruler" factory
from diurna.events.coder import SentenceCoder
from diurna.config import Config
from diurna.errors import printable
from diurna.events.learned import MODEL_PATH, EventModel, load_event_model
from diurna.events.patterns import PatternSet, load_patterns
from diurna.facts.extract import ArticleFacts
from diurna.facts.places import Gazetteer, get_gazetteer
from diurna.nlp import forget_tokens, load_model
from diurna.ontology import Ontology, load_ontology

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"

ARTICLES_PER_BATCH = 32
CHARS_PER_BATCH = 300_000  # fewer articles in a batch when their text is long: the batch's parses are in memory
SENTENCES_PER_PARSE = 256  # nlp.pipe's batch: at most this many sentences...
TOKENS_PER_PARSE = 8192  # ... and this many tokens (a batch of long sentences would hold gigabytes)
PIECE_CHARS_PER_TOKEN = 64  # a piece of a long sentence has at most max_sentence_tokens * this many characters

T = TypeVar("T")


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
            country = self.dictionary.match_country(name)  # "America" is the US, not a town in Argentina
            place = None if country or self.dictionary.match_organization(name) else self.gazetteer.lookup(name)
            self._places[key] = country.code if country else (
                place.country if place is not None and place.kind != "continent" else None)
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

    The model's ``attribute_ruler`` matches through an index (:mod:`diurna.attribute_index`: same matches, about
    a fifth of the time), and its rule lemmatizer works through a memo (:mod:`diurna.lemma_memo`: same lemmas).
    The ruler runs after the statistical NER and overrides it where a dictionary pattern matches: the small model
    tags hyphenated personal names ("Hans-Peter Kessler") as organisations and some capitals as people.
    """
    nlp = load_model(model)
    index_attribute_ruler(nlp)  # the same POS, morphology and lemmas, without the Matcher's cost per token
    memoize_lemmatizer(nlp)  # the same lemmas, each (form, POS, morphology) worked out once
    for word in KEEP_WHOLE:  # spaCy splits hyphenated words; these are one event noun in news ("cease-fire")
        for form in (word, word.capitalize()):
            # spaCy types Language.tokenizer as a bare callable; the loaded pipeline's is a Tokenizer
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])  # type: ignore[union-attr]
    dictionary = load_actor_dictionary(actors_dir)
    # Titles are matched on the noun phrase by the resolver; the ruler only marks names. Names are phrase
    # patterns (spaCy's PhraseMatcher: fast, whatever the dictionary's size): case-blind ones first, then
    # case-sensitive ones ("US", "WHO", "CAR"), then any token pattern and the hyphenated-name rule
    # (diurna.name_ruler: what three entity_ruler components did, for a fraction of their time).
    lower, exact, token = _split_patterns(p for p in dictionary.patterns() if p["label"] in ("GPE", "NORP", "ORG", "LOC"))
    ruler = nlp.add_pipe("diurna_name_ruler", name="diurna_names", after="ner")
    assert isinstance(ruler, NameRuler)
    ruler.add_phrases(lower, cased=False)
    ruler.add_phrases(exact, cased=True)
    ruler.add_tokens(token)
    ruler.add_hyphen_names(label="PERSON", given_not=dictionary.place_words() | OFFICE_WORDS, surname_not=OFFICE_WORDS)
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


# words that begin an office or a body after a name, never part of a person's name
OFFICE_WORDS = frozenset(
    "president prime minister foreign defence defense interior finance home army chief secretary general "
    "ambassador envoy spokesman spokeswoman spokesperson mayor governor senator minister's party government "
    "police military border talks officials official leader king queen prince".split()
)


WEEKDAYS_AND_MONTHS = ("Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February April June "
                       "July August September October November December").split()
# "March" and "May" are capitalised by the truecaser only as dates ("on march 15"): "a flag march", "may not"


def build_truecaser(dictionary: ActorDictionary, gazetteer: Gazetteer | None,
                    people: PeopleTable | None = None) -> Truecaser:
    """A truecaser over the names diurna knows: actor dictionaries, office-holders, the gazetteer's countries,
    regions and larger cities, weekdays and months; never over common English words (data/common_words.txt)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    names = list(dictionary.surface_names()) + WEEKDAYS_AND_MONTHS
    # titles written with capitals ("MPs", "NGOs", "CEO"); not two-letter ones, whose lower case is a common word
    # or abbreviation ("pm" of "4 pm")
    names += [phrase for phrase, _ in dictionary.titles.entries if len(phrase) > 2 and any(c.isupper() for c in phrase)]
    for row in (people or load_people()).rows:
        names += [row.name, row.name.split()[-1]]
    if gazetteer is not None:
        names += gazetteer.names()
    common = set(STOP_WORDS)
    for line in (DATA_DIR / "common_words.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            common.add(line.strip())
    # the last word of each title ("general secretary" -> "secretary") and the honorifics written before a name
    titles = {phrase.split()[-1].lower() for phrase, _ in dictionary.titles.entries if phrase.split()}
    for line in (DATA_DIR / "actors" / "honorifics.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            titles.add(line.strip().lower())
    return Truecaser(names, common, titles)


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

    Skipped articles (e.g. not English) pass through uncoded. Each article is bounded first (see
    :func:`bound_sentences`): its text past ``config.max_article_chars`` is not coded (with a warning) and a sentence
    longer than ``config.max_sentence_tokens`` is parsed in pieces. The sentences of a batch of articles go through
    ``nlp.pipe`` in one stream; if that stream fails, each article of the batch is parsed alone, so that a failure
    loses one article only. A failure inside one sentence is a warning on its article; a failure of a whole
    article leaves it uncoded, with the reason in ``skipped``, in its warnings and in :func:`coding_error`. No
    failure stops the stream — unless ``strict`` (tests), where it raises. ``collect`` (training) receives the
    learned pass's (sentence, word, features) rows instead of its decisions; ``skip_passes`` names coder passes to
    leave out (``diurna eval --by-pass``).
    """
    res = res or resources()
    nlp = nlp or res.nlp
    iterator = iter(articles)
    while batch := _next_batch(iterator, res.config):
        yield from _code_batch(batch, nlp, res, strict, collect, skip_passes)


CODING_ERROR = "coding_error"  # key in Article.metadata: why the article could not be coded


def coding_error(article: Article) -> str | None:
    """Why ``article`` could not be coded (one line), or None when it was coded or skipped for another reason."""
    reason = article.metadata.get(CODING_ERROR)
    return str(reason) if reason is not None else None


def _next_batch(iterator: Iterator[Article], config: Config) -> list[Article]:
    """Up to :data:`ARTICLES_PER_BATCH` articles, fewer when their text reaches :data:`CHARS_PER_BATCH` (the parses
    of a batch are held in memory together)."""
    batch: list[Article] = []
    chars = 0
    for article in iterator:
        batch.append(article)
        chars += min(len(article.text), config.max_article_chars)
        if len(batch) >= ARTICLES_PER_BATCH or chars >= CHARS_PER_BATCH:
            break
    return batch


def _code_batch(batch: list[Article], nlp: Language, res: Resources, strict: bool, collect: list | None,
                skip_passes: frozenset[str]) -> Iterator[Article]:
    for article in batch:
        if coding_error(article) is not None:  # it failed before: try again
            article.skipped = None
            del article.metadata[CODING_ERROR]
    plans = [None if a.skipped else _attempt(a, strict, partial(_prepare, a, nlp, res)) for a in batch]
    parsed = _parse_stream(nlp, plans, strict)
    for ai, article in enumerate(batch):
        if plans[ai] is not None:
            if parsed is None:  # the stream failed: this article alone, tokenized afresh (the stream may have marked
                docs = _attempt(article, strict, partial(_parse_alone, article, nlp, res))  # the old tokens)
            else:
                docs = parsed.pop(ai, [])
            if docs is not None:
                _attempt(article, strict, partial(_code_one, article, list(enumerate(docs)), res, collect, strict,
                                                  skip_passes))
            plans[ai] = None  # the parses leave with their article: memory holds one batch at most
        yield article


def _attempt(article: Article, strict: bool, step: Callable[[], T]) -> T | None:
    """``step()``; an exception makes ``article`` a coding failure (None) unless ``strict``."""
    try:
        return step()
    except Exception as exc:  # noqa: BLE001 - one bad article must never lose the others
        if strict:
            raise
        _fail(article, exc)
        return None


def _fail(article: Article, exc: Exception) -> None:
    reason = f"could not be coded ({_one_line(exc)})"
    log.debug("article %s %s", article.id, reason, exc_info=True)
    article.events, article.entities, article.quotes, article.amounts = [], [], [], []
    article.themes, article.tone = [], None
    article.metadata[CODING_ERROR] = reason
    article.skipped = reason
    article.warn(f"article {article.id}: {reason}")


def _one_line(exc: Exception) -> str:
    """``exc`` as one printable line of at most 300 characters: its type, and its message when it has one."""
    detail = printable(" ".join(str(exc).split()))[:300]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _parse_stream(nlp: Language, plans: list[list[Doc] | None], strict: bool) -> dict[int, list[Doc]] | None:
    """The parses of every planned sentence of a batch, by article; None when the stream failed. The sentences go
    to the parser in groups of at most :data:`TOKENS_PER_PARSE` tokens (the parser's memory grows with them)."""
    jobs = [(doc, ai) for ai, plan in enumerate(plans) if plan for doc in plan]
    parsed: dict[int, list[Doc]] = {}
    try:
        for group in _token_groups(jobs):
            for doc, ai in nlp.pipe(group, as_tuples=True, batch_size=len(group)):
                parsed.setdefault(ai, []).append(doc)
    except Exception:  # noqa: BLE001 - fall back to one article at a time
        if strict:
            raise
        log.debug("parsing a batch failed; parsing its articles one by one", exc_info=True)
        return None
    return parsed


def _token_groups(jobs: list[tuple[Doc, int]]) -> Iterator[list[tuple[Doc, int]]]:
    group: list[tuple[Doc, int]] = []
    tokens = 0
    for job in jobs:
        if group and (tokens + len(job[0]) > TOKENS_PER_PARSE or len(group) >= SENTENCES_PER_PARSE):
            yield group
            group, tokens = [], 0
        group.append(job)
        tokens += len(job[0])
    if group:
        yield group


def _parse_alone(article: Article, nlp: Language, res: Resources) -> list[Doc]:
    return [doc for group in _token_groups([(d, 0) for d in _prepare(article, nlp, res)])
            for doc in nlp.pipe([d for d, _ in group], batch_size=len(group))]


def _prepare(article: Article, nlp: Language, res: Resources) -> list[Doc]:
    """Bound the article (:func:`bound_sentences`) and tokenize the sentences to code as the parser gets them:
    truecased when the article is all lower case, long space-free runs broken (:func:`tokenizable`)."""
    config = res.config

    def for_parser(text: str) -> str:
        return tokenizable(res.truecaser(text) if article.lowercase else text)

    return bound_sentences(article, nlp.tokenizer, for_parser, config.max_sentence_tokens, config.max_article_chars,
                           max_chars=min(config.max_sentence_tokens * PIECE_CHARS_PER_TOKEN, nlp.max_length))


def bound_sentences(article: Article, tokenizer: Callable[[str], Doc], for_parser: Callable[[str], str],
                    max_tokens: int, max_article_chars: int, max_chars: int) -> list[Doc]:
    """Make ``article.sentences`` fit the parser, and return the tokens of the sentences to code (a prefix of them,
    each tokenized from ``for_parser(text)``, which keeps the length of the text).

    The sentences past ``max_article_chars`` characters (the one that crosses the limit is cut, at a space where
    one is near) are kept in ``article.sentences`` but not coded, and the article is warned of it. A sentence of
    more than ``max_tokens`` tokens (or ``max_chars`` characters) becomes several sentences, cut at a clause
    boundary where one is near (:func:`piece_bounds`), each with its own offsets into ``article.text``. The
    sentences are numbered again when anything was cut. Running it again on its result changes nothing."""
    coded, rest = _within_chars(article, max_article_chars)
    sentences: list[Sentence] = []
    docs: list[Doc] = []
    for sentence in coded:
        doc = tokenizer(for_parser(sentence.text))
        fits = len(doc) <= max_tokens and len(sentence.text) <= max_chars
        bounds = [(0, len(doc))] if fits else piece_bounds(doc, max_tokens, max_chars)
        if len(bounds) <= 1:
            sentences.append(sentence)
            docs.append(doc)
            continue
        _warn_once(article, f"article {article.id}: sentence {sentence.index} has {len(doc):,} tokens "
                            f"({len(sentence.text):,} characters), more than max_sentence_tokens ({max_tokens:,}): "
                            f"parsed in {len(bounds)} pieces")
        for first, end in bounds:
            a, b = doc[first].idx, doc[end - 1].idx + len(doc[end - 1])
            sentences.append(replace(sentence, start=sentence.start + a, end=sentence.start + b,
                                     text=sentence.text[a:b]))
            docs.append(doc[first:end].as_doc())
    if len(sentences) != len(coded) or rest:
        article.sentences = [replace(s, index=i) for i, s in enumerate(sentences + rest)]
    return docs


def _within_chars(article: Article, limit: int) -> tuple[list[Sentence], list[Sentence]]:
    """The sentences to code (at most ``limit`` characters in all) and the rest, with the article warned."""
    coded: list[Sentence] = []
    used = 0
    for k, sentence in enumerate(article.sentences):
        room = limit - used
        if len(sentence.text) > room:
            cut = _cut_at_space(sentence.text, room)
            head, tail = _split_sentence(sentence, cut)
            if head is not None:
                coded.append(head)
            rest = [tail] + article.sentences[k + 1:] if tail is not None else article.sentences[k + 1:]
            left = sum(len(s.text) for s in rest)
            _warn_once(article, f"article {article.id}: not coded past max_article_chars ({limit:,} characters): "
                                f"{left:,} characters in {len(rest):,} sentence{'s' if len(rest) != 1 else ''}, from "
                                f"sentence {sentence.index} on, are left uncoded")
            return coded, rest
        coded.append(sentence)
        used += len(sentence.text)
    return coded, []


def _cut_at_space(text: str, room: int) -> int:
    """Where to cut ``text`` to keep at most ``room`` characters: after the last space of the second half, else at
    ``room`` itself."""
    if room <= 0:
        return 0
    space = text.rfind(" ", room // 2, room + 1)
    return space if space > 0 else room


def _split_sentence(sentence: Sentence, cut: int) -> tuple[Sentence | None, Sentence | None]:
    """``sentence`` cut at ``cut`` into two sentences (whitespace trimmed; None for an empty side)."""
    def part(a: int, b: int) -> Sentence | None:
        text = sentence.text
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        return replace(sentence, start=sentence.start + a, end=sentence.start + b, text=text[a:b]) if b > a else None

    return part(0, cut), part(cut, len(sentence.text))


def _warn_once(article: Article, message: str) -> None:
    if message not in article.warnings:
        article.warn(message)


def _code_one(article: Article, parsed: list, res: Resources, collect: list | None = None,
              strict: bool = False, skip_passes: frozenset[str] = frozenset()) -> None:
    article.metadata["coded_with"] = res.describe()
    actors = ArticleActors(article, res.dictionary, res.people, res.place_country)
    coder = SentenceCoder(article, actors, res.patterns, res.ontology, res.gazetteer, res.model, collect, skip_passes,
                          one_sided=res.config.one_sided_events)
    facts = _attempt_facts(article, strict, lambda: ArticleFacts(article, actors, res, len(parsed), strict))
    for si, doc in parsed:
        sentence = article.sentences[si]
        try:
            coder.code(sentence, doc)
        except Exception as exc:  # noqa: BLE001 - one bad parse must not lose the article
            if strict:
                raise
            log.debug("coding failed", exc_info=True)
            article.warn(f"sentence {sentence.index}: could not be coded ({_one_line(exc)})")
        if facts is not None:  # facts read the actor memory as it stands at this sentence (docs/output.md)
            facts.sentence(sentence, doc)
        forget_tokens(doc)
    article.events = coder.events
    article.entities = actors.entity_list()
    if facts is not None:
        _attempt_facts(article, strict, facts.finish)


def _attempt_facts(article: Article, strict: bool, step: Callable[[], T]) -> T | None:
    """A facts step (diurna.facts.extract): its failure costs the facts, never the events."""
    try:
        return step()
    except Exception as exc:  # noqa: BLE001
        if strict:
            raise
        article.warn(f"facts not extracted ({_one_line(exc)})")
        return None


def code(text_or_article: str | Article, *, date=None, title: str | None = None, id: str = "text",
         skip_passes: frozenset[str] = frozenset(), config: Config | None = None) -> Article:
    """Code one text (or an :class:`Article`) and return the article with its events — for notebooks.
    ``skip_passes`` leaves coder passes out (``frozenset({"learned"})``: the rules alone); ``config`` replaces the
    settings read from the environment."""
    from diurna.articles import article_from_text

    if isinstance(text_or_article, Article):
        article = text_or_article
        if not article.sentences:
            from diurna.articles import normalize

            article = normalize(article)
    else:
        article = article_from_text(text_or_article, id=id, date=date, title=title)
    return next(code_articles([article], skip_passes=skip_passes, res=resources(config) if config else None))
