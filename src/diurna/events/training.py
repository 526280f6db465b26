"""Training the learned event model (``diurna train`` / ``make model``) from diurna's real-news annotations.

Deterministic: the same annotations, corpora, spaCy model and library versions give the same model file.

1. The training split's units are coded by the rule coder with the learned pass in *collect* mode: every verb and
   noun of every sentence becomes a row of features (diurna.events.learned.features).
2. A row's label is the CAMEO root of the gold event whose trigger holds that word (an actual or anticipated,
   non-background event), else "none"; words of gold events that are not scored (negated, hypothetical,
   background) are left out.
3. A multinomial logistic regression (scikit-learn, L2, lbfgs) is fitted on features seen at least twice.
4. The two thresholds (drop a rule candidate; add a proposed event) are chosen on the dev split and the training
   split's held-out articles (``"tune": true``, the second draw of annotations/draw.py) by the story-level
   dyad+root F1 plus the sentence-level root F1 of the whole coder plus the root F1 on the CAMEO development set,
   among the settings that keep the real-news false-event rate at most 3 % and the development set's dyad+root F1
   above its CI floor (bench/floor.json).
5. The model, its thresholds and its card (data, cross-validated scores, dev figures) go to one JSON file.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import logging
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from diurna.eval.realnews import read_realnews, same_sentence
from diurna.eval.records import GoldEvent, GoldRecord
from diurna.events.learned import MODEL_PATH, NONE, EventModel

log = logging.getLogger(__name__)

DROP_GRID = (0.6, 0.75, 0.9, 1.01)
ADD_GRID = (0.3, 0.4, 0.55, 1.01)
MIN_FEATURE_COUNT = 2
C = 0.5
MAX_FALSE_EVENT_RATE = 0.03


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def collect_rows(records: Sequence[GoldRecord]) -> tuple[list[list[str]], list[str]]:
    """Feature rows and labels for every verb and noun of the records' texts (rule coder, collect mode)."""
    from diurna.eval.runner import record_article
    from diurna.pipeline import code_articles, resources

    res = copy.copy(resources())
    res.model = None
    collected: list = []
    by_id = {r.id: r for r in records}
    for _ in code_articles((record_article(r) for r in records), res=res, collect=collected):
        pass
    rows: list[list[str]] = []
    labels: list[str] = []
    for article_id, sentence, token, row in collected:
        record = by_id[article_id]
        label = NONE
        skip = False
        word = _squash(token.text)
        for gold, scored in [(g, True) for g in record.events] + [(g, False) for g in record.extra.get("unscored_events", [])]:
            trigger = gold.extra.get("trigger_text") or ""
            if not word or word not in {_squash(w) for w in trigger.split()}:
                continue
            if not same_sentence(gold.extra.get("sentence_text"), sentence.text):
                continue
            if scored:
                label = (gold.cameo or "")[:2] or NONE
                skip = False
                break
            skip = True
        if skip:
            continue
        rows.append(row)
        labels.append(label)
    return rows, labels


def fit(rows: list[list[str]], labels: list[str]) -> tuple[EventModel, dict[str, Any]]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import KFold, cross_val_predict

    counts = Counter(f for row in rows for f in set(row))
    kept = [[f for f in row if counts[f] >= MIN_FEATURE_COUNT] for row in rows]
    vec = DictVectorizer(sort=True)
    X = vec.fit_transform([dict.fromkeys(row, 1) for row in kept])
    y = np.asarray(labels)
    clf = LogisticRegression(C=C, max_iter=3000)
    clf.fit(X, y)
    classes = [str(c) for c in clf.classes_]
    cv: dict[str, Any] = {}
    if len(set(labels)) > 1 and len(labels) >= 50:
        n_splits = 5
        pred = cross_val_predict(LogisticRegression(C=C, max_iter=3000), X, y,
                                 cv=KFold(n_splits=n_splits, shuffle=True, random_state=0))
        event_labels = [c for c in classes if c != NONE]
        cv = {"folds": n_splits,
              "macro_f1_roots": round(float(f1_score(y, pred, labels=event_labels, average="macro", zero_division=0)), 4),
              "micro_f1_roots": round(float(f1_score(y, pred, labels=event_labels, average="micro", zero_division=0)), 4),
              "event_vs_none_f1": round(float(f1_score(y != NONE, pred != NONE, zero_division=0)), 4)}
    names = vec.get_feature_names_out()
    weights = clf.coef_.T if len(classes) > 2 else np.column_stack([-clf.coef_[0], clf.coef_[0]])
    bias = clf.intercept_ if len(classes) > 2 else np.asarray([-clf.intercept_[0], clf.intercept_[0]])
    model = EventModel(classes=classes, vocabulary={str(n): i for i, n in enumerate(names)},
                       weights=np.asarray(weights, dtype=np.float64), bias=np.asarray(bias, dtype=np.float64),
                       drop=1.01, add=1.01, card={})
    return model, cv


def _floor_check(floor_file: Path | None) -> tuple[list[GoldRecord], dict[str, float]] | None:
    """The development set and the floors of bench/floor.json (minus the tolerance), when they are there."""
    if floor_file is None or not floor_file.exists():
        return None
    from diurna.eval.gold import read_gold

    spec = json.loads(floor_file.read_text(encoding="utf-8"))
    gold = (floor_file.parent.parent / spec["gold"]).resolve()
    if not gold.exists():
        return None
    floors = {k: float(v) - float(spec.get("tolerance", 0.0)) for k, v in spec["floors"].items()}
    return read_gold(gold), floors


def tune(model: EventModel, records: Sequence[GoldRecord],
         floor_file: Path | None = None) -> tuple[float, float, dict[str, Any]]:
    """Choose (drop, add) on the dev records (see the module docstring, step 4)."""
    from diurna.eval.metrics import pair_predictions, score
    from diurna.eval.runner import predict
    from diurna.pipeline import code_articles, resources

    base = resources()
    floor = _floor_check(floor_file)
    best: tuple[float, float, float, dict[str, Any]] = (-100.0, 1.01, 1.01, {})
    articles = [r for r in records if r.extra.get("unit") == "article"]
    sentences = [r for r in records if r.extra.get("unit") != "article"]
    for drop in DROP_GRID:
        for add in ADD_GRID:
            trial = copy.copy(model)
            trial.drop, trial.add = drop, add
            res = copy.copy(base)
            res.model = trial
            preds = predict(records, functools.partial(code_articles, res=res))
            story = score(pair_predictions(articles, preds)).levels["dyad_root"]
            sent = score(pair_predictions(sentences, preds))
            figures = {"story_dyad_root_f1": round(story.f1, 4), "sentence_root_f1": round(sent.levels["root"].f1, 4),
                       "sentence_root_precision": round(sent.levels["root"].precision, 4),
                       "false_event_rate": sent.false_event_rate}
            # the false-event budget first (at most 3 % of no-event sentences; each point over it costs 0.1, so
            # when no setting keeps to it the one that exceeds it least wins, not an arbitrary one); then the
            # real-news story dyads and sentence roots, and the root F1 of the CAMEO development set (recall on clear
            # sentences is kept in the balance); its headline dyad+root F1 must stay above the CI floor
            fer = sent.false_event_rate or 0.0
            objective = story.f1 + sent.levels["root"].f1 - 10.0 * max(0.0, fer - MAX_FALSE_EVENT_RATE)
            if floor is not None:
                codebook = score(pair_predictions(floor[0], predict(floor[0], functools.partial(code_articles, res=res))))
                objective += codebook.levels["root"].f1
                figures["codebook_root_f1"] = round(codebook.levels["root"].f1, 4)
                figures["codebook_root_recall"] = round(codebook.levels["root"].recall, 4)
                figures["codebook_dyad_root_f1"] = round(codebook.levels["dyad_root"].f1, 4)
                if codebook.levels["dyad_root"].f1 < floor[1].get("dyad_root.f1", 0.0):
                    log.info("drop %.2f add %.2f: below the development floor of dyad+root F1", drop, add)
                    objective -= 10.0
            log.info("drop %.2f add %.2f: %s", drop, add, figures)
            if objective > best[0] + 1e-9:
                best = (objective, drop, add, figures)
    return best[1], best[2], best[3]


def read_synthetic(path: Path) -> list[GoldRecord]:
    """Synthetic training sentences written by the team (annotations/synthetic/*.jsonl): the text and its events
    with the exact words of trigger, source and target."""
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        obj = json.loads(line)
        text = obj["text"]
        events = []
        for ev in obj.get("events", []):
            if ev.get("modality", "actual") not in ("actual", "anticipated"):
                continue
            events.append(GoldEvent(source=ev.get("source_code"), target=ev.get("target_code"), cameo=str(ev["cameo"]),
                                    plover=None, extra={"trigger_text": ev.get("trigger"), "sentence_text": text,
                                                        "source_text": ev.get("source"), "target_text": ev.get("target"),
                                                        "symmetric": bool(ev.get("symmetric"))}))
        date = dt.date.fromisoformat(obj["date"]) if obj.get("date") else None
        records.append(GoldRecord(id=str(obj.get("id") or f"{path.stem}-{n}"), text=text, date=date, events=events,
                                  extra={"unit": "sentence", "synthetic": True}))
    return records


def train(annotations: Path, out: Path = MODEL_PATH, corpora: Path | None = None,
          synthetic: Path | None = None, floor_file: Path | None = None) -> dict[str, Any]:
    """Train on ``annotations/train.jsonl`` (and the synthetic sentences), tune on ``dev.jsonl`` and the training
    units marked ``tune``; write the model to ``out``; return its card."""
    training_split = read_realnews(annotations / "train.jsonl", corpora)
    # articles of the second draw (annotations/draw.py) are of the training split but are held out of the fit: with
    # dev they choose the thresholds, which 11 dev articles alone chose coarsely (docs/model.md)
    train_records = [r for r in training_split if not r.extra.get("tune")]
    tune_records = [r for r in training_split if r.extra.get("tune")]
    dev_records = read_realnews(annotations / "dev.jsonl", corpora)
    synthetic_records = [r for f in sorted(synthetic.glob("*.jsonl")) for r in read_synthetic(f)] if synthetic else []
    rows, labels = collect_rows(train_records + synthetic_records)
    model, cv = fit(rows, labels)
    drop, add, dev = tune(model, dev_records + tune_records, floor_file)
    model.drop, model.add = drop, add
    model.card = {
        "data": {"train_units": len(train_records), "synthetic_sentences": len(synthetic_records),
                 "dev_units": len(dev_records), "tune_units": len(tune_records), "rows": len(rows),
                 "labels": dict(sorted(Counter(labels).items())), "features": len(model.vocabulary)},
        "cross_validation_on_train": cv, "thresholds": {"drop": drop, "add": add}, "dev": dev,
        "learner": f"multinomial logistic regression, L2, C={C}, features seen >= {MIN_FEATURE_COUNT} times",
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(model.to_json(), fh, separators=(",", ":"))
        fh.write("\n")
    return model.card
