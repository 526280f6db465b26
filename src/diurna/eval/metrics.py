"""Scoring coded events against gold records: precision, recall and F1 at four levels, a root confusion
table, the false-event rate and the police-source rate. Pure functions over records and events; no NLP.

Every rule is documented in docs/evaluation.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from diurna.articles.model import ActorRef, Event
from diurna.eval.intent import IntentMap, load_intent_map
from diurna.eval.records import GoldEvent, GoldRecord, actor_country, code_sectors

LEVELS: tuple[str, ...] = ("root", "dyad_root", "code", "plover")
CAMEO_LEVELS = frozenset({"root", "dyad_root", "code"})
SCORED_MODALITIES = frozenset({"actual", "anticipated"})
NONE_COLUMN = "none"

# A gold key: (source country or None = any, target country or None = any, value, symmetric).
GoldKey = tuple[str | None, str | None, str, bool]
# A predicted key: (countries our source may stand for, same for the target, value, symmetric).
PredKey = tuple[frozenset[str], frozenset[str], str, bool]


@dataclass
class LevelScore:
    tp: int = 0
    n_gold: int = 0
    n_pred: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: LevelScore) -> None:
        self.tp += other.tp
        self.n_gold += other.n_gold
        self.n_pred += other.n_pred

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "tp": self.tp,
        }


@dataclass
class LevelMatch:
    """One record at one level: distinct gold and predicted keys and which of them matched."""

    gold: list[GoldKey]
    pred: list[PredKey]
    pairs: list[tuple[int, int]]  # (gold index, pred index)
    score: LevelScore


@dataclass
class RecordResult:
    record: GoldRecord
    events: list[Event]  # everything we predicted (all modalities), in order
    missing: bool  # the coder returned nothing for this record
    levels: dict[str, LevelMatch]  # only the levels this record is scored at
    pred_roots: list[str]  # distinct effective CAMEO roots we predicted (after the intent rule)
    police: tuple[int, int] = (0, 0)  # (matched police gold events whose source we coded as police, matched)

    @property
    def n_errors(self) -> int:
        return sum(m.score.n_gold + m.score.n_pred - 2 * m.score.tp for m in self.levels.values())


@dataclass
class EvalReport:
    levels: dict[str, LevelScore]
    records: list[RecordResult]
    confusion: dict[str, Counter[str]] = field(default_factory=dict)  # gold root -> predicted root -> count
    n_no_event: int = 0  # records whose gold is "no event"
    n_false_event: int = 0  # ... of which we predicted at least one event
    police_matched: int = 0  # gold police events matched at plover level
    police_source: int = 0  # ... whose matched event of ours has a police (COP) source

    @property
    def n_records(self) -> int:
        return len(self.records)

    @property
    def n_missing(self) -> int:
        return sum(r.missing for r in self.records)

    @property
    def false_event_rate(self) -> float | None:
        return self.n_false_event / self.n_no_event if self.n_no_event else None

    @property
    def police_source_rate(self) -> float | None:
        return self.police_source / self.police_matched if self.police_matched else None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {level: self.levels[level].as_dict() for level in LEVELS}
        out.update(
            false_event_rate=None if self.false_event_rate is None else round(self.false_event_rate, 4),
            n_records=self.n_records,
            n_missing=self.n_missing,
            n_no_event_records=self.n_no_event,
            police_source_rate=None if self.police_source_rate is None else round(self.police_source_rate, 4),
            police_matched=self.police_matched,
            confusion={g: dict(sorted(row.items())) for g, row in sorted(self.confusion.items())},
        )
        return out


# ---------------------------------------------------------------- actors and keys


def actor_labels(actor: ActorRef | None) -> frozenset[str]:
    """The countries a predicted actor can stand for: the first three letters of its code (or its ``country``
    when it has no code), plus ``IGO``/``NGO`` when its sector says so."""
    if actor is None:
        return frozenset()
    labels: set[str] = set()
    country = actor_country(actor.code) if actor.code else actor_country(actor.country)
    if country:
        labels.add(country)
    sector = (actor.sector or "").strip().upper()
    if sector in ("IGO", "NGO"):
        labels.add(sector)
    return frozenset(labels)


def is_police(actor: ActorRef | None) -> bool:
    if actor is None:
        return False
    return (actor.sector or "").strip().upper() == "COP" or "COP" in code_sectors(actor.code)


def _gold_matches(g: GoldKey, p: PredKey) -> bool:
    """Same value and dyad; a joint act (symmetric on either side) matches in both directions."""
    if g[2] != p[2]:
        return False
    if (g[0] is None or g[0] in p[0]) and (g[1] is None or g[1] in p[1]):
        return True
    return (g[3] or p[3]) and (g[0] is None or g[0] in p[1]) and (g[1] is None or g[1] in p[0])


def _gold_value(level: str, g: GoldEvent) -> str | None:
    if level == "plover":
        return g.plover
    if g.cameo is None:
        return None
    return g.cameo if level == "code" else g.cameo[:2]


def _gold_key(level: str, g: GoldEvent, value: str) -> GoldKey:
    if level == "root":
        return (None, None, value, False)
    return (actor_country(g.source), actor_country(g.target), value, bool(g.extra.get("symmetric")))


def _own_value(level: str, e: Event) -> str | None:
    if level == "plover":
        return e.plover.strip().upper() if e.plover and e.plover.strip() else None
    code = (e.cameo or "").strip()
    if not code:
        return None
    return code if level == "code" else code[:2]


def _pred_key(level: str, e: Event, value: str) -> PredKey:
    if level == "root":
        return (frozenset(), frozenset(), value, False)
    return (actor_labels(e.source), actor_labels(e.target), value, e.symmetric)


def _intent_alternatives(level: str, e: Event, gold: Sequence[GoldEvent], imap: IntentMap) -> list[str]:
    """Gold intent/threat values (in gold order) that our anticipated event ``e`` expresses at ``level``."""
    out: list[str] = []
    for g in gold:
        if level == "plover":
            if g.plover and e.plover and imap.plover_compatible(g.plover, e.plover.strip().upper()):
                out.append(g.plover)
        elif g.cameo and e.cameo:
            ok = imap.code_compatible(g.cameo, e.cameo) if level == "code" else imap.root_compatible(g.cameo, e.cameo)
            if ok:
                out.append(g.cameo if level == "code" else g.cameo[:2])
    return out


def effective_value(level: str, e: Event, gold: Sequence[GoldEvent], imap: IntentMap | None = None) -> str | None:
    """The value our event is scored with at ``level``: its own, or for an anticipated event whose own key
    matches no gold key, the first gold intent/threat coding it expresses with a matching dyad."""
    own = _own_value(level, e)
    if own is None or e.modality != "anticipated":
        return own
    gold_keys = [_gold_key(level, g, v) for g in gold if (v := _gold_value(level, g)) is not None]
    if any(_gold_matches(gk, _pred_key(level, e, own)) for gk in gold_keys):
        return own
    for alt in _intent_alternatives(level, e, gold, imap or load_intent_map()):
        if any(_gold_matches(gk, _pred_key(level, e, alt)) for gk in gold_keys):
            return alt
    return own


# ---------------------------------------------------------------- matching


def max_matching(n_left: int, n_right: int, edge: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Maximum bipartite matching (augmenting paths); returns (left, right) pairs."""
    adj = [[j for j in range(n_right) if edge(i, j)] for i in range(n_left)]
    match_right: list[int | None] = [None] * n_right

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if match_right[j] is None or augment(match_right[j], seen):  # type: ignore[arg-type]
                match_right[j] = i
                return True
        return False

    for i in range(n_left):
        augment(i, set())
    return sorted((i, j) for j, i in enumerate(match_right) if i is not None)


def scored_events(events: Iterable[Event]) -> list[Event]:
    """Our events that count as events for scoring: modality actual or anticipated."""
    return [e for e in events if e.modality in SCORED_MODALITIES]


def match_level(
    level: str, record: GoldRecord, events: Sequence[Event], imap: IntentMap | None = None
) -> tuple[LevelMatch, dict[int, list[Event]]] | None:
    """Score one record at one level, or ``None`` when the record is not scored there (its gold events give
    no value for this level). Returns the match and, per distinct predicted key, the events behind it."""
    gold_events = [g for g in record.events if _gold_value(level, g) is not None]
    if record.events and not gold_events:
        return None
    gold_keys: list[GoldKey] = list(dict.fromkeys(_gold_key(level, g, _gold_value(level, g)) for g in gold_events))  # type: ignore[arg-type]
    pred_keys: list[PredKey] = []
    behind: dict[int, list[Event]] = {}
    for e in scored_events(events):
        value = effective_value(level, e, gold_events, imap)
        if value is None:
            continue
        key = _pred_key(level, e, value)
        if key not in pred_keys:
            pred_keys.append(key)
        behind.setdefault(pred_keys.index(key), []).append(e)
    pairs = max_matching(len(gold_keys), len(pred_keys), lambda i, j: _gold_matches(gold_keys[i], pred_keys[j]))
    score = LevelScore(tp=len(pairs), n_gold=len(gold_keys), n_pred=len(pred_keys))
    return LevelMatch(gold=gold_keys, pred=pred_keys, pairs=pairs, score=score), behind


def score_record(record: GoldRecord, events: Sequence[Event] | None, imap: IntentMap | None = None) -> RecordResult:
    """Score one record; ``events=None`` means the record is missing from the predictions."""
    imap = imap or load_intent_map()
    evs = list(events or [])
    levels: dict[str, LevelMatch] = {}
    police = (0, 0)
    for level in LEVELS:
        result = match_level(level, record, evs, imap)
        if result is None:
            continue
        match, behind = result
        levels[level] = match
        if level == "plover":
            police = _police(record, match, behind)
    gold_cameo = [g for g in record.events if g.cameo]
    pred_roots = list(
        dict.fromkeys(v for e in scored_events(evs) if (v := effective_value("root", e, gold_cameo, imap)) is not None)
    )
    return RecordResult(record=record, events=evs, missing=events is None, levels=levels, pred_roots=pred_roots, police=police)


def _police(record: GoldRecord, match: LevelMatch, behind: dict[int, list[Event]]) -> tuple[int, int]:
    """Among gold plover keys with a police source (sector COP) that we matched: how many of our matched
    events have a police source."""
    police_countries = {
        (actor_country(g.source), actor_country(g.target), g.plover, bool(g.extra.get("symmetric")))
        for g in record.events
        if g.plover and "COP" in code_sectors(g.source)
    }
    matched = police_hits = 0
    for gi, pj in match.pairs:
        if match.gold[gi] in police_countries:
            matched += 1
            police_hits += any(is_police(e.source) for e in behind.get(pj, []))
    return police_hits, matched


# ---------------------------------------------------------------- whole sets


def pair_predictions(
    records: Iterable[GoldRecord], predictions: Mapping[str, Sequence[Event]]
) -> list[tuple[GoldRecord, Sequence[Event] | None]]:
    """Pair each gold record with our events by id; records absent from ``predictions`` get ``None``."""
    return [(r, predictions.get(r.id)) for r in records]


def score(pairs: Iterable[tuple[GoldRecord, Sequence[Event] | None]], imap: IntentMap | None = None) -> EvalReport:
    """Score (gold record, our events or ``None`` when missing) pairs; micro-averaged over records."""
    imap = imap or load_intent_map()
    totals = {level: LevelScore() for level in LEVELS}
    report = EvalReport(levels=totals, records=[])
    for record, events in pairs:
        rr = score_record(record, events, imap)
        report.records.append(rr)
        for level, match in rr.levels.items():
            totals[level].add(match.score)
        if record.no_event:
            report.n_no_event += 1
            report.n_false_event += bool(scored_events(rr.events))
        gold_roots = {g.cameo[:2] for g in record.events if g.cameo}
        if len(gold_roots) == 1:
            row = report.confusion.setdefault(next(iter(gold_roots)), Counter())
            for root in rr.pred_roots or [NONE_COLUMN]:
                row[root] += 1
        report.police_source += rr.police[0]
        report.police_matched += rr.police[1]
    return report
