"""The typed records that carry one article through every stage of diurna.

Data flows one way: read -> normalize -> analyze -> resolve actors -> code events -> attach facts -> store.
Each stage reads what earlier stages set on the :class:`Article` and adds its own fields; no stage re-reads the
input file.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

DatePrecision = Literal["day", "week", "month", "year", "unknown"]
Modality = Literal["actual", "anticipated", "negated", "hypothetical"]


@dataclass
class Origin:
    """Where an article came from: the input (file path, URL or ``-``) and the record within it."""

    input: str
    record: str | None = None  # "line 12", "record 3", ...

    def describe(self) -> str:
        return f"{self.input}, {self.record}" if self.record else self.input


@dataclass
class Sentence:
    """A sentence of the normalized text; ``start``/``end`` are character offsets into ``Article.text``."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    tone: float | None = None  # VADER compound x 100 (-100...+100), set by the facts stage; None when not coded


@dataclass
class Paragraph:
    index: int
    start: int
    end: int


@dataclass
class Dateline:
    """The dateline that opens wire copy: ``NAIROBI (Example Daily / Reuters - 14th March, 2021) -``.

    ``place`` is where the story was *filed*, not where the reported events happened.
    """

    raw: str
    place: str | None = None
    agencies: list[str] = field(default_factory=list)
    date: dt.date | None = None


@dataclass
class Place:
    name: str
    country: str | None = None  # CAMEO/ISO alpha-3
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None  # "country", "city", "region", ...


@dataclass
class ActorRef:
    """One resolved actor as it takes part in an event or appears in the article."""

    text: str  # the words in the sentence
    name: str  # canonical name ("Chile", "Ana Ruiz")
    code: str | None  # CAMEO-style code, e.g. "CHLGOV"
    country: str | None = None  # alpha-3 as CAMEO spells it
    sector: str | None = None  # GOV, MIL, ... or IGO/NGO
    role: str | None = None  # "deputy foreign minister"
    kind: str | None = None  # "person", "country", "organization", "group", "people" (Kurds: no one state), "place"
    implied: bool = False  # not in the text: implied by CAMEO convention (a protest's government, a passive's police)


@dataclass
class Entity:
    """An actor of the article with all its mentions (coreference within the article)."""

    name: str
    type: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    mentions: list[str] = field(default_factory=list)  # the distinct words that name it
    count: int = 0  # how many times the article names it (named-entity mentions; at least 1)
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets of those mentions in Article.text
    lat: float | None = None  # a place's coordinates, from the gazetteer
    lon: float | None = None


@dataclass
class Mention:
    """One place in the article that reports an event."""

    sentence: int
    span: tuple[int, int]  # the sentence, as offsets into Article.text
    trigger: str
    text: str
    trigger_span: tuple[int, int] | None = None  # the trigger word, as offsets into Article.text


@dataclass
class Event:
    id: str
    source: ActorRef | None
    target: ActorRef | None
    cameo: str
    cameo_name: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None
    modality: Modality
    sentence: int
    text: str
    span: tuple[int, int]
    trigger: str
    date: dt.date | None = None
    date_precision: DatePrecision = "unknown"
    location: Place | None = None
    confidence: float = 0.5
    mentions: list[Mention] = field(default_factory=list)
    trigger_span: tuple[int, int] | None = None  # the trigger word, as offsets into Article.text
    symmetric: bool = False  # a joint act with no direction (met, held talks, signed, clashed): one event, not two
    # PLOVER's size fields: casualties the event's sentence counts ("six civilians were killed" -> dead 6)
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    themes: list[Theme] = field(default_factory=list)  # PLOVER contexts of the event's sentences


@dataclass
class Theme:
    """A PLOVER context found in an article or an event's sentences, with the words that triggered it."""

    name: str
    triggers: list[str] = field(default_factory=list)  # distinct trigger words as written, first seen first
    count: int = 0  # trigger occurrences
    sentences: list[int] = field(default_factory=list)


@dataclass
class Quote:
    """A direct quotation (the words between quotation marks) or an indirect statement ("X said that ...")."""

    text: str
    speaker: str | None  # the resolved speaker's name, else the words that name it
    speaker_code: str | None
    sentence: int  # the sentence the quote starts in
    span: tuple[int, int]  # the quoted words (without the marks) as offsets into Article.text
    kind: str = "direct"  # "direct" or "indirect"
    verb: str | None = None  # the reporting verb ("said", "added", "according to")
    speaker_text: str | None = None  # the words naming the speaker in the text ("the ministry", "she")
    speaker_country: str | None = None
    speaker_span: tuple[int, int] | None = None
    sentences: list[int] = field(default_factory=list)  # every sentence the quote spans


@dataclass
class Amount:
    """A number the article states: money, a count of something, a percentage, a duration or a quantity."""

    text: str
    value: float | None  # normalized ("$50 billion" -> 5e10); a range's low end
    unit: str | None  # currency code (money), "%" (percent), the time unit (duration) or the unit word (quantity)
    sentence: int
    span: tuple[int, int]
    kind: str = "money"  # money, count, percent, duration, quantity
    low: float | None = None  # a range ("between 10 and 15") or a vague count ("hundreds of"): its ends
    high: float | None = None
    approximate: bool = False  # "over", "about", "nearly", "at least", a vague count
    qualifier: str | None = None  # the words that make it approximate ("over", "at least")
    counted: str | None = None  # what a count counts ("companies", "civilians")
    verb: str | None = None  # the verb it goes with ("killed", "arrested"), as lemma
    casualty: str | None = None  # PLOVER size field for a casualty count: dead, injured, arrested
    actors: list[str] = field(default_factory=list)  # codes of the actors named in its sentence
    event: str | None = None  # id of the event a casualty count is attached to


@dataclass
class Article:
    """One news article and everything diurna has learned about it."""

    id: str
    text: str = ""
    title: str | None = None
    url: str | None = None
    date: dt.date | None = None
    date_precision: DatePrecision = "unknown"
    source: str | None = None  # publisher
    wire: list[str] = field(default_factory=list)  # relayed agencies
    dateline: Dateline | None = None
    author: str | None = None
    language: str | None = None
    content_hash: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None  # reason, when the article is not coded (e.g. not English)
    lowercase: bool = False  # the whole text is in lower case (some archives): spaCy is given a truecased copy
    metadata: dict[str, Any] = field(default_factory=dict)
    origin: Origin | None = None
    # analysis results, set by later stages
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)  # PLOVER contexts, most triggered first
    tone: float | None = None  # mean sentence tone, -100...+100 (docs/output.md, "Tone"); None when not coded

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def compute_hash(self) -> str:
        """Hash of the normalized content (title + text), used to recognise re-ingested articles."""
        h = hashlib.sha256()
        h.update((self.title or "").encode("utf-8"))
        h.update(b"\x00")
        h.update(self.text.encode("utf-8"))
        self.content_hash = h.hexdigest()
        return self.content_hash

    def to_dict(self) -> dict[str, Any]:
        """The article as JSON values (what ``dataclasses.asdict`` gives, with dates as ISO strings and tuples as
        lists), built without ``asdict``'s deep copies (three times faster on an article of 200,000 sentences)."""
        result: dict[str, Any] = _plain(self)
        return result


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(value: Any) -> Any:
    """``_jsonable(asdict(value))`` for the dataclasses of this module, without copying twice."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
