"""Running a coder over gold records and scoring the result. The coder is injected, so the metrics can be
tested with fixed events; by default it is :func:`diurna.pipeline.code_articles`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence

from diurna.articles.model import Article, Event, Origin, Paragraph, Sentence
from diurna.errors import ConfigError, InputError
from diurna.eval.intent import IntentMap
from diurna.eval.metrics import EvalReport, pair_predictions, score
from diurna.eval.records import GoldRecord

log = logging.getLogger(__name__)

Coder = Callable[[Iterable[Article]], Iterator[Article]]


def default_coder() -> Coder:
    """diurna's coder (:func:`diurna.pipeline.code_articles`)."""
    try:
        from diurna.pipeline import code_articles
    except ImportError as exc:
        raise ConfigError(f"the event coder (diurna.pipeline.code_articles) is not available: {exc}") from exc
    return code_articles


def record_article(record: GoldRecord, source: str = "<gold>") -> Article:
    """The normalized article a gold record is coded as (its text, id and date)."""
    try:
        from diurna.articles import article_from_text
    except ImportError:  # the article builder is not there yet: one paragraph, one sentence
        text = record.text
        article = Article(
            id=record.id,
            text=text,
            date=record.date,
            date_precision="day" if record.date else "unknown",
            language="en",
            paragraphs=[Paragraph(index=0, start=0, end=len(text))],
            sentences=[Sentence(index=0, start=0, end=len(text), text=text, paragraph=0)],
        )
        article.compute_hash()
    else:
        article = article_from_text(record.text, id=record.id, date=record.date)
    if article.origin is None:
        article.origin = Origin(input=source, record=f"id {record.id}")
    return article


def predict(records: Sequence[GoldRecord], coder: Coder, source: str = "<gold>") -> dict[str, list[Event]]:
    """Code the records' texts; returns our events by record id. Articles the coder skips are left out
    (scored as missing)."""
    ids = [r.id for r in records]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InputError(source, "duplicate record id in gold set", f"id {dup!r}")
    predictions: dict[str, list[Event]] = {}
    for article in coder(record_article(r, source) for r in records):
        if article.skipped:
            log.info("%s: coder skipped record %s: %s", source, article.id, article.skipped)
            continue
        predictions[article.id] = list(article.events)
    return predictions


def evaluate(
    records: Sequence[GoldRecord],
    coder: Coder | None = None,
    *,
    source: str = "<gold>",
    imap: IntentMap | None = None,
) -> EvalReport:
    """Code ``records`` with ``coder`` (default: diurna's) and score the events against the gold."""
    predictions = predict(records, coder or default_coder(), source)
    return score(pair_predictions(records, predictions), imap)
