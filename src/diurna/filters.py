"""The one filter set of ``diurna events``, ``diurna export`` and the web UI: :class:`EventFilter`, its checks,
and the SQL it becomes (see docs/store.md, "Queries").

Every value is checked before the store is read: an empty value, a malformed or unknown CAMEO code, an unknown
PLOVER type, an actor that is neither a code nor a name of the actor dictionaries, ``since`` after ``until``, a
column or sort key the table does not have: each raises :class:`FilterError`, whose ``field`` names the option
(the CLI turns it into a usage error, exit 2). A repeated value (several actors, CAMEO codes, ...) matches any of
them. A valid filter that matches nothing gives 0 rows; :meth:`EventFilter.describe` says what was searched.

This module reads no store and imports no DuckDB: building the filter is cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from diurna.errors import DiurnaError

if TYPE_CHECKING:
    from diurna.actors.dictionary import ActorDictionary
    from diurna.config import Config
    from diurna.ontology.loader import Ontology

MAX_LIMIT = 2**63 - 1  # DuckDB's LIMIT is a signed 64-bit integer
MODALITIES = ("actual", "anticipated", "negated", "hypothetical")

#: sort keys: (what it means, SQL for events, SQL for mentions or None when mentions cannot be sorted so)
SORTS: dict[str, tuple[str, str, str | None]] = {
    "date": ("newest first", "e.date DESC NULLS LAST, e.event_id",
             "coalesce(e.date, e.article_date) DESC NULLS LAST, e.article_id, e.mention_id"),
    "oldest": ("oldest first", "e.date ASC NULLS LAST, e.event_id",
               "coalesce(e.date, e.article_date) ASC NULLS LAST, e.article_id, e.mention_id"),
    "confidence": ("highest confidence first", "e.confidence DESC NULLS LAST, e.date DESC NULLS LAST, e.event_id",
                   "e.confidence DESC NULLS LAST, e.article_id, e.mention_id"),
    "sources": ("most independent sources first",
                "e.num_sources DESC, e.num_mentions DESC, e.date DESC NULLS LAST, e.event_id", None),
    "mentions": ("most reports first", "e.num_mentions DESC, e.num_sources DESC, e.date DESC NULLS LAST, e.event_id",
                 None),
    "goldstein": ("most conflictual first (lowest Goldstein score)",
                  "e.goldstein ASC NULLS LAST, e.date DESC NULLS LAST, e.event_id",
                  "e.goldstein ASC NULLS LAST, e.article_id, e.mention_id"),
    "id": ("by id", "e.event_id", "e.article_id, e.mention_id"),
}


class FilterError(DiurnaError, ValueError):
    """A filter value that cannot match anything because it is malformed, unknown or contradictory.

    ``field``: the :class:`EventFilter` field at fault (``actor``, ``cameo``, ``since``, ...)."""

    def __init__(self, field_name: str, message: str) -> None:
        self.field = field_name
        super().__init__(message)


def _values(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _dyads(value: tuple[str, str] | Sequence[tuple[str, str]] | None) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if len(value) == 2 and all(isinstance(v, str) for v in value):
        return ((str(value[0]), str(value[1])),)
    out = []
    for pair in value:
        if isinstance(pair, str) or len(pair) != 2:
            raise FilterError("dyad", "a dyad filter needs a source and a target, neither empty")
        out.append((str(pair[0]), str(pair[1])))
    return tuple(out)


@dataclass
class EventFilter:
    """What :meth:`diurna.store.Store.events` and the exports select.

    Every option that takes values accepts one string or a sequence of them: several values match any of them
    (``cameo=("18", "19")``). ``None`` (or an empty sequence) means no filter; an empty or blank string is refused
    (it would otherwise match every event). Names and codes are checked by :meth:`resolve` (called by the store),
    the rest on construction; both raise :class:`FilterError`."""

    actor: str | Sequence[str] | None = None  # a code (TUR, USAGOV: prefix) or a name (Turkey) on either side
    dyad: tuple[str, str] | Sequence[tuple[str, str]] | None = None  # (source, target); a joint act either way
    cameo: str | Sequence[str] | None = None  # "4", "04" (root), "042" (base), "0421" (code): prefix match
    plover: str | Sequence[str] | None = None  # PLOVER type (CONSULT; draft names such as FIGHT are translated)
    since: dt.date | None = None  # event date (mentions: the mention's date, else its article's) on or after
    until: dt.date | None = None  # ... on or before
    modality: str | Sequence[str] | None = None  # actual, anticipated, negated, hypothetical
    min_confidence: float | None = None  # 0-1
    min_sources: int | None = None  # independent sources of the event (mentions: of their event)
    countries_known: bool = False  # both source and target have a country
    exclude_implied: bool = False  # drop events whose source or target is implied (not in the text)
    exclude_self: bool = False  # drop self-dyads (the same country, or code, on both sides)
    text: str | Sequence[str] | None = None  # words in the sentence (events: in any of their reports' sentences)
    sort: str = "date"  # a key of SORTS
    columns: Sequence[str] | None = None  # the columns to return (default: all)
    limit: int | None = None
    actors: tuple[str, ...] = field(init=False, repr=False)
    dyads: tuple[tuple[str, str], ...] = field(init=False, repr=False)
    cameos: tuple[str, ...] = field(init=False, repr=False)
    plovers: tuple[str, ...] = field(init=False, repr=False)
    modalities: tuple[str, ...] = field(init=False, repr=False)
    texts: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.actors = _values(self.actor)
        self.dyads = _dyads(self.dyad)
        self.cameos = _values(self.cameo)
        self.plovers = _values(self.plover)
        self.modalities = _values(self.modality)
        self.texts = _values(self.text)
        for name, values in (("actor", self.actors), ("cameo", self.cameos), ("plover", self.plovers),
                             ("modality", self.modalities), ("text", self.texts)):
            if any(not str(v).strip() for v in values):
                raise FilterError(name, f"empty {name} filter: give a value, or no filter at all")
        if any(not a.strip() or not b.strip() for a, b in self.dyads):
            raise FilterError("dyad", "a dyad filter needs a source and a target, neither empty")
        bad = [m for m in self.modalities if m.strip().lower() not in MODALITIES]
        if bad:
            raise FilterError("modality", f"unknown modality {bad[0]!r} (one of {', '.join(MODALITIES)})")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise FilterError("since", f"since {self.since.isoformat()} is after until {self.until.isoformat()}: "
                                       f"no date is in that range")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise FilterError("min_confidence", f"minimum confidence {self.min_confidence} is not between 0 and 1")
        if self.min_sources is not None and self.min_sources < 1:
            raise FilterError("min_sources", f"minimum sources {self.min_sources} is not 1 or more")
        if self.sort not in SORTS:
            raise FilterError("sort", f"unknown sort {self.sort!r} (one of {', '.join(SORTS)})")
        if self.limit is not None and not 1 <= self.limit <= MAX_LIMIT:
            raise FilterError("limit", f"limit {self.limit} is not between 1 and {MAX_LIMIT}")
        if self.columns is not None:
            self.columns = tuple(c.strip() for c in self.columns if c.strip())
            if not self.columns:
                raise FilterError("columns", "no column chosen: name at least one, or leave the option out")

    def resolve(self, dictionary: ActorDictionary | Config | None = None,
                ontology: Ontology | None = None) -> ResolvedFilter:
        """The filter with every name and code checked and turned into what the query compares: actor code
        prefixes (:func:`diurna.actors.query.actor_filter_codes`), CAMEO prefixes (``4`` -> ``04``), PLOVER 2.0
        type names. :class:`FilterError` for a value that names nothing."""
        from diurna.actors.query import UnknownActorError, actor_filter_codes

        def codes(name: str, value: str) -> tuple[str, ...]:
            try:
                return actor_filter_codes(value, dictionary)
            except UnknownActorError as exc:
                raise FilterError(name, str(exc)) from None

        onto = ontology
        if onto is None and (self.cameos or self.plovers):
            from diurna.ontology.loader import load_ontology

            onto = load_ontology(getattr(dictionary, "ontology_dir", None))
        return ResolvedFilter(
            filter=self,
            actors=tuple(codes("actor", a) for a in self.actors),
            dyads=tuple((codes("dyad", a), codes("dyad", b)) for a, b in self.dyads),
            cameos=tuple(dict.fromkeys(cameo_prefix(c, onto) for c in self.cameos)) if onto else (),
            plovers=tuple(dict.fromkeys(plover_type(p, onto) for p in self.plovers)) if onto else (),
        )

    @property
    def selects_all(self) -> bool:
        """True when the filter keeps every row, with every column (in any order)."""
        return self.describe() == "no filter" and self.columns is None and self.limit is None

    def describe(self, resolved: ResolvedFilter | None = None) -> str:
        """What the filter searches, in one line ("actor Turkey; CAMEO 18 or 19; since 2021-01-01"); given the
        ``resolved`` filter, with the codes the names stand for ("actor Turkey (TUR)", "CAMEO 4 (04)")."""

        def shown(value: str, codes: tuple[str, ...] | str | None) -> str:
            codes = (codes,) if isinstance(codes, str) else codes
            if not codes or codes == (value.strip().upper(),) or codes == (value.strip(),):
                return value
            return f"{value} ({', '.join(codes)})"

        r = resolved
        parts = []
        if self.actors:
            parts.append("actor " + " or ".join(shown(a, r.actors[i] if r else None) for i, a in enumerate(self.actors)))
        if self.dyads:
            parts.append("dyad " + " or ".join(
                f"{shown(a, r.dyads[i][0] if r else None)} -> {shown(b, r.dyads[i][1] if r else None)}"
                for i, (a, b) in enumerate(self.dyads)))
        if self.cameos:
            known = r and len(r.cameos) == len(self.cameos)
            parts.append("CAMEO " + " or ".join(shown(c, r.cameos[i] if r and known else None)
                                                for i, c in enumerate(self.cameos)))
        if self.plovers:
            parts.append("PLOVER " + " or ".join(self.plovers))
        if self.modalities:
            parts.append("modality " + " or ".join(self.modalities))
        if self.since:
            parts.append(f"since {self.since.isoformat()}")
        if self.until:
            parts.append(f"until {self.until.isoformat()}")
        if self.min_confidence is not None:
            parts.append(f"confidence >= {self.min_confidence:g}")
        if self.min_sources is not None:
            parts.append(f"at least {self.min_sources} independent sources")
        if self.countries_known:
            parts.append("both countries known")
        if self.exclude_implied:
            parts.append("no implied actor")
        if self.exclude_self:
            parts.append("no self-dyad")
        if self.texts:
            parts.append("sentence containing " + " or ".join(repr(t) for t in self.texts))
        return "; ".join(parts) or "no filter"


@dataclass(frozen=True)
class ResolvedFilter:
    """An :class:`EventFilter` with its names and codes resolved (see :meth:`EventFilter.resolve`)."""

    filter: EventFilter
    actors: tuple[tuple[str, ...], ...]  # one tuple of code prefixes per actor value
    dyads: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    cameos: tuple[str, ...]
    plovers: tuple[str, ...]


def cameo_prefix(value: str, ontology: Ontology) -> str:
    """A CAMEO filter value as the code prefix it matches: ``4`` and ``04`` -> ``04`` (the root), ``042`` (base
    code: itself and its sub-codes), ``0421``. :class:`FilterError` for anything else, saying why."""
    code = value.strip()
    if not code.isdigit() or not code.isascii():
        raise FilterError("cameo", f"CAMEO code {value!r} is not a number: give a root (4 or 04), a base code (042) "
                                   f"or a code (0421); for an event type by name use --plover")
    if len(code) == 1:
        code = "0" + code
    if len(code) == 2:
        if code not in ontology.roots:
            hint = f"; did you mean the base code 0{code}?" if ontology.is_valid("0" + code) else ""
            raise FilterError("cameo", f"CAMEO root {value!r} does not exist (the roots are 01 to 20){hint}")
        return code
    if len(code) > 4:
        raise FilterError("cameo", f"CAMEO code {value!r} has more than 4 digits")
    if not ontology.is_valid(code):
        root = code[:2]
        where = f"under root {root}" if root in ontology.roots else "(no such root)"
        raise FilterError("cameo", f"CAMEO code {value!r} is not in the ontology {where}; the codes are listed in "
                                   f"src/diurna/data/ontology/cameo.tsv (docs/ontology.md)")
    return code


def plover_type(value: str, ontology: Ontology) -> str:
    """A PLOVER filter value as the PLOVER 2.0 type name (case-insensitive; draft names are translated)."""
    from diurna.ontology.model import UnknownCodeError

    try:
        return ontology.plover_type(value.strip().upper()).name
    except UnknownCodeError:
        raise FilterError("plover", f"unknown PLOVER type {value!r} (one of {', '.join(ontology.plover_types)})"
                          ) from None


# --- SQL ---------------------------------------------------------------------------------------------------------

#: what a query of events adds to the events table's columns, from the representative mention: its trigger
#: words and where they are in ``text`` ([start, end] offsets in the sentence)
EVENT_EXTRAS: dict[str, str] = {
    "trigger": "m.trigger",
    "trigger_span": "CASE WHEN m.trigger_start IS NOT NULL THEN [m.trigger_start - m.start, m.trigger_end - m.start] "
                    "END",
}


def table_columns(mentions: bool) -> tuple[str, ...]:
    """The columns a query returns: the events table and :data:`EVENT_EXTRAS`, or the mentions with their event
    (the ``mentions_full`` view)."""
    from diurna.store.cluster import EVENTS
    from diurna.store.schema import SCHEMAS

    if mentions:
        return (*SCHEMAS["mentions"].names, "event_id", "duplicate_of", "is_copy")
    return (*EVENTS.names, *EVENT_EXTRAS)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def build_query(r: ResolvedFilter | EventFilter, *, mentions: bool) -> tuple[str, list[Any]]:
    """The SQL (and its parameters) that selects ``r`` from a store connection (see ``Store.connect``)."""
    if isinstance(r, EventFilter):
        r = r.resolve()
    f = r.filter
    where: list[str] = []
    params: list[Any] = []
    if mentions:
        source = "mentions_full e"
        m = "e"  # the row holding the implied/symmetric flags
        date = "coalesce(e.date, e.article_date)"
    else:
        source = "events e LEFT JOIN mentions m ON m.article_id = e.rep_article_id AND m.mention_id = e.rep_mention_id"
        m = "m"  # the representative mention: the event's actors are its actors
        date = "e.date"

    def side(prefix: str, codes: tuple[str, ...]) -> str:
        terms = []
        for c in codes:
            params.extend([c, c])
            terms.append(f"starts_with(e.{prefix}_code, ?) OR e.{prefix}_country = ?")
        return "(" + " OR ".join(terms) + ")"

    if r.actors:
        where.append("(" + " OR ".join(f"{side('source', c)} OR {side('target', c)}" for c in r.actors) + ")")
    if r.dyads:
        terms = []
        for a, b in r.dyads:
            forward = f"({side('source', a)} AND {side('target', b)})"
            backward = f"(coalesce({m}.\"symmetric\", false) AND {side('source', b)} AND {side('target', a)})"
            terms.append(f"{forward} OR {backward}")
        where.append("(" + " OR ".join(terms) + ")")
    if r.cameos:
        where.append("(" + " OR ".join("starts_with(e.cameo, ?)" for _ in r.cameos) + ")")
        params.extend(r.cameos)
    if r.plovers:
        where.append(f"e.plover IN ({', '.join('?' for _ in r.plovers)})")
        params.extend(r.plovers)
    if f.modalities:
        where.append(f"e.modality IN ({', '.join('?' for _ in f.modalities)})")
        params.extend(v.strip().lower() for v in f.modalities)
    if f.since:
        where.append(f"{date} >= ?")
        params.append(f.since)
    if f.until:
        where.append(f"{date} <= ?")
        params.append(f.until)
    if f.min_confidence is not None:
        where.append("e.confidence >= ?")
        params.append(float(f.min_confidence))
    if f.min_sources is not None:
        if mentions:
            where.append("e.event_id IN (SELECT event_id FROM events WHERE num_sources >= ?)")
        else:
            where.append("e.num_sources >= ?")
        params.append(int(f.min_sources))
    if f.countries_known:
        where.append("e.source_country IS NOT NULL AND e.target_country IS NOT NULL")
    if f.exclude_implied:
        where.append(f"NOT coalesce({m}.source_implied, false) AND NOT coalesce({m}.target_implied, false)")
    if f.exclude_self:
        where.append("NOT coalesce(coalesce(e.source_country, e.source_code) = "
                     "coalesce(e.target_country, e.target_code), false)")
    if f.texts:
        like = " OR ".join("contains(lower(t.text), ?)" for _ in f.texts)
        params.extend(t.strip().lower() for t in f.texts)
        if mentions:
            where.append(f"({like.replace('t.text', 'e.text')})")
        else:
            where.append(f"EXISTS (SELECT 1 FROM mentions_full t WHERE t.event_id = e.event_id AND ({like}))")
    available = table_columns(mentions)
    if f.columns is not None:
        unknown = [c for c in f.columns if c not in available]
        if unknown:
            raise FilterError("columns", f"unknown column {unknown[0]!r} for {'mentions' if mentions else 'events'} "
                                         f"(the columns are: {', '.join(available)})")
        select = ", ".join(f"{EVENT_EXTRAS[c]} AS {c}" if c in EVENT_EXTRAS and not mentions
                           else f"e.{quote_ident(c)}" for c in f.columns)
    elif mentions:
        select = "e.*"
    else:
        select = "e.*, " + ", ".join(f"{sql} AS {name}" for name, sql in EVENT_EXTRAS.items())
    _meaning, events_order, mentions_order = SORTS[f.sort]
    if mentions and mentions_order is None:
        raise FilterError("sort", f"--sort {f.sort} sorts events (a mention has no such count); "
                                  f"with --mentions use one of {', '.join(k for k, v in SORTS.items() if v[2])}")
    order = mentions_order if mentions else events_order
    sql = f"SELECT {select} FROM {source}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order}"
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    return sql, params
