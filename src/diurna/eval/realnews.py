"""diurna's real-news annotations (docs/annotation.md): units that point into ``../shared/corpora`` by article id
and character offsets, never copies of the texts.

A unit is a whole article (scored at the *story* level: distinct (source country, target country, root) per
article) or one sentence drawn at random (scored per sentence; most hold no event and measure false events).
:func:`read_realnews` joins the annotations with the corpus texts and returns :class:`GoldRecord` objects; the
span of every gold event (trigger, source, target) travels in the event's ``extra`` for the argument level.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diurna.errors import InputError
from diurna.eval.records import GoldEvent, GoldRecord

SCORED_GOLD_MODALITIES = ("actual", "anticipated")
CORPUS_FILES = {"guardian_syria": "guardian_syria.jsonl", "toi_2002": "toi_2002.jsonl"}


@dataclass
class Span:
    start: int
    end: int


def is_realnews(text: str) -> bool:
    """True when the first object of a JSONL text is a real-news unit (has ``unit``, ``span`` and ``corpus``)."""
    for line in text.splitlines():
        if line.strip():
            try:
                obj = json.loads(line)
            except ValueError:
                return False
            return isinstance(obj, dict) and {"unit", "span", "corpus"} <= obj.keys() and "text" not in obj
    return False


def find_corpora(gold_path: str | Path, explicit: str | Path | None = None) -> Path | None:
    """The directory holding the shared corpora: ``explicit``, else a ``shared/corpora`` beside the gold file's
    repository (searched upwards from the file), else ``../shared/corpora`` from the working directory."""
    if explicit is not None:
        return Path(explicit)
    for parent in Path(gold_path).resolve().parents:
        candidate = parent / "shared" / "corpora"
        if candidate.is_dir():
            return candidate
    candidate = Path.cwd().parent / "shared" / "corpora"
    return candidate if candidate.is_dir() else None


def load_texts(corpora: Path, names: set[str]) -> dict[str, dict[str, Any]]:
    """Article rows by id for the named corpora."""
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(names):
        file = corpora / CORPUS_FILES.get(name, f"{name}.jsonl")
        try:
            with open(file, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        row = json.loads(line)
                        out[row["id"]] = row
        except OSError as exc:
            raise InputError(str(file), f"cannot read corpus for the real-news annotations: {exc.strerror or exc}") from exc
    return out


def _units(path: Path) -> list[tuple[str, dict[str, Any]]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raise InputError(str(path), f"not JSON: {exc}", f"line {n}") from None
            if not isinstance(obj, dict) or not {"id", "unit", "span", "corpus", "events"} <= obj.keys():
                raise InputError(str(path), "a real-news unit needs id, corpus, unit, span and events", f"line {n}")
            out.append((f"line {n}", obj))
    return out


def unit_id(obj: dict[str, Any]) -> str:
    """The record id of a unit: the article id, or ``id@start-end`` for a sentence."""
    if obj["unit"] == "article":
        return str(obj["id"])
    start, end = obj["span"]
    return f"{obj['id']}@{start}-{end}"


def read_realnews(path: str | Path, corpora: str | Path | None = None, *, split: str | None = None) -> list[GoldRecord]:
    """Real-news annotation units as gold records (texts from ``corpora``, found by :func:`find_corpora`)."""
    name = str(path)
    where_corpora = find_corpora(path, corpora)
    if where_corpora is None:
        raise InputError(name, "the real-news annotations point into ../shared/corpora, which is not there "
                               "(give its place with --corpora)")
    units = _units(Path(path))
    rows = load_texts(where_corpora, {str(u["corpus"]) for _, u in units})
    records = []
    for where, u in units:
        if split is not None and u.get("split") != split:
            continue
        row = rows.get(u["id"])
        if row is None:
            raise InputError(name, f"article {u['id']!r} is not in corpus {u['corpus']!r}", where)
        full = row["text"]
        start, end = u["span"]
        if not (0 <= start < end <= len(full)):
            raise InputError(name, f"span {start}-{end} is outside article {u['id']!r}", where)
        text = full[start:end]
        date = _date(u.get("date") or row.get("date"))
        events: list[GoldEvent] = []
        unscored: list[GoldEvent] = []
        for ev in u["events"]:
            gold = _event(ev, full, start, name, where)
            scored = ev.get("modality", "actual") in SCORED_GOLD_MODALITIES and not ev.get("background")
            (events if scored else unscored).append(gold)
        extra = {"unit": u["unit"], "corpus": u["corpus"], "split": u.get("split"), "article": u["id"],
                 "offset": start, "annotator": u.get("annotator"), "unscored_events": unscored,
                 "tune": bool(u.get("tune"))}
        records.append(GoldRecord(id=unit_id(u), text=text, date=date, events=events, extra=extra))
    return records


def _date(value: Any) -> dt.date | None:
    if not value or value == "None":
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _text(full: str, span: Any) -> str | None:
    if not span:
        return None
    return full[span[0]:span[1]]


def _event(ev: dict[str, Any], full: str, offset: int, name: str, where: str) -> GoldEvent:
    cameo = ev.get("cameo")
    if not isinstance(cameo, str) or not cameo.isdigit() or not 2 <= len(cameo) <= 4:
        raise InputError(name, f"invalid CAMEO code {cameo!r}", where)
    src = ev.get("source") or {}
    tgt = ev.get("target") or {}
    extra = {
        "sentence": ev.get("sentence"),
        "sentence_text": _text(full, ev.get("sentence")),
        "trigger_text": _text(full, ev.get("trigger")),
        "source_text": _text(full, src.get("span")),
        "target_text": _text(full, tgt.get("span")),
        "target_implied": bool(tgt.get("implied")),
        "symmetric": bool(ev.get("symmetric")),
        "modality": ev.get("modality", "actual"),
        "background": bool(ev.get("background")),
        "date": ev.get("date"),
        "offset": offset,
    }
    return GoldEvent(source=src.get("code"), target=tgt.get("code"), cameo=cameo, plover=ev.get("plover"), extra=extra)


# ---------------------------------------------------------------- scoring beyond the sentence levels

_STOP = {"the", "a", "an", "of", "its", "his", "her", "their", "and", "s", "'s"}


def _squash(text: str | None) -> str:
    return "".join(ch for ch in (text or "").lower() if ch.isascii() and ch.isalnum())


def _words(text: str | None) -> set[str]:
    out = set()
    for w in (text or "").lower().replace("’", "'").split():
        w = "".join(ch for ch in w if ch.isalnum())
        if w and w not in _STOP:
            out.add(w)
    return out


def same_sentence(gold_sentence: str | None, our_sentence: str) -> bool:
    """Our event's sentence (from the normalized article) is the gold sentence (raw text): compared on letters
    and digits only, the shorter's first 40 characters occur in the longer."""
    a, b = _squash(gold_sentence), _squash(our_sentence)
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return short[:40] in long_


def _country(code: str | None) -> str | None:
    from diurna.eval.records import actor_country

    return actor_country(code)


def argument_scores(records: list[GoldRecord], predictions: dict[str, list]) -> dict[str, Any]:
    """The argument level: for each scored gold event, is there an event of ours in the same sentence with the
    same root (trigger found)? For those found, does our source (target) span share a content word with the
    gold span, and does it have the gold's country? Also: of the found events whose gold has two countries, how
    many of ours have both."""
    from diurna.eval.metrics import scored_events

    n = found = 0
    src_n = src_span = tgt_n = tgt_span = 0
    src_c_n = src_c = tgt_c_n = tgt_c = 0
    both_n = both = 0
    for record in records:
        ours = scored_events(predictions.get(record.id) or [])
        for g in record.events:
            n += 1
            sent = g.extra.get("sentence_text")
            cands = [e for e in ours if e.cameo[:2] == (g.cameo or "")[:2] and same_sentence(sent, e.text)]
            if not cands:
                continue
            found += 1
            gs, gt = g.extra.get("source_text"), g.extra.get("target_text")
            sym = g.extra.get("symmetric")

            def best(e, g=g, gs=gs, gt=gt, sym=sym) -> int:  # prefer the candidate whose actors agree most with the gold
                pairs = [(e.source, e.target)] + ([(e.target, e.source)] if sym or e.symmetric else [])
                return max(bool(_words(gs) & _words(s.text if s else "")) + bool(_words(gt) & _words(t.text if t else ""))
                           + (s is not None and _country(s.code or s.country) == _country(g.source))
                           + (t is not None and _country(t.code or t.country) == _country(g.target)) for s, t in pairs)

            e = max(cands, key=best)
            src, tgt = e.source, e.target
            if (sym or e.symmetric) and src is not None and gs and not (_words(gs) & _words(src.text)):
                src, tgt = tgt, src
            if gs:
                src_n += 1
                src_span += bool(src is not None and _words(gs) & _words(src.text))
            if gt:
                tgt_n += 1
                tgt_span += bool(tgt is not None and _words(gt) & _words(tgt.text))
            gsc, gtc = _country(g.source), _country(g.target)
            osc = _country(src.code or src.country) if src is not None else None
            otc = _country(tgt.code or tgt.country) if tgt is not None else None
            if gsc:
                src_c_n += 1
                src_c += osc == gsc
            if gtc:
                tgt_c_n += 1
                tgt_c += otc == gtc
            if gsc and gtc:
                both_n += 1
                both += bool(osc and otc)

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {"gold_events": n, "trigger_found": found, "trigger_recall": ratio(found, n),
            "source_span": ratio(src_span, src_n), "target_span": ratio(tgt_span, tgt_n),
            "source_country": ratio(src_c, src_c_n), "target_country": ratio(tgt_c, tgt_c_n),
            "both_countries": ratio(both, both_n), "n_source": src_n, "n_target": tgt_n, "n_both": both_n}


def self_dyads(records: list[GoldRecord], predictions: dict[str, list]) -> dict[str, Any]:
    """Our story-level self-dyads (same country on both sides) and how many the gold also has (any root)."""
    from diurna.eval.metrics import actor_labels, scored_events

    ours = right = 0
    for record in records:
        gold_domestic = {_country(g.source) for g in record.events
                         if _country(g.source) and _country(g.source) == _country(g.target)}
        keys = set()
        for e in scored_events(predictions.get(record.id) or []):
            s, t = actor_labels(e.source), actor_labels(e.target)
            for c in s & t:
                keys.add((c, e.cameo[:2]))
        ours += len(keys)
        right += sum(1 for c, _ in keys if c in gold_domestic)
    return {"ours": ours, "in_gold": right, "precision": round(right / ours, 4) if ours else None}


@dataclass
class RealNewsReport:
    """Scores on real-news units: the story level (whole articles), the sentence level (random sentences,
    with the false-event rate), the argument level and the self-dyads."""

    story: Any  # EvalReport over article units
    sentences: Any  # EvalReport over sentence units
    arguments: dict[str, Any]
    self_dyads: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        def part(report: Any) -> dict[str, Any]:
            d = report.as_dict()
            d.pop("confusion", None)
            return d

        return {"story": part(self.story), "sentences": part(self.sentences), "arguments": self.arguments,
                "self_dyads": self.self_dyads}


def evaluate_realnews(records: list[GoldRecord], coder: Any = None, *, source: str = "<gold>") -> RealNewsReport:
    from diurna.eval.metrics import pair_predictions, score
    from diurna.eval.runner import default_coder, predict

    predictions = predict(records, coder or default_coder(), source)
    articles = [r for r in records if r.extra.get("unit") == "article"]
    sentences = [r for r in records if r.extra.get("unit") != "article"]
    return RealNewsReport(
        story=score(pair_predictions(articles, predictions)),
        sentences=score(pair_predictions(sentences, predictions)),
        arguments=argument_scores(records, predictions),
        self_dyads=self_dyads(articles, predictions),
    )
