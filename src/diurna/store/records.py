"""Rows of the store's base tables, built from coded :class:`~diurna.articles.model.Article` objects."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from diurna.articles.model import ActorRef, Article, Event, _jsonable



#: The one record schema of an event report: every field of the JSON event record (diurna.output.event_record,
#: docs/output.md) and the columns of the store's mentions table (diurna.store.schema.MENTIONS, docs/store.md)
#: that hold it; a field the store does not keep in the mentions table maps to an empty tuple. Actor fields
#: (``source``, ``target``) expand to ``{side}_{field}`` for each of ACTOR_FIELDS. tests/test_record_schema.py
#: fails when a field or column is added in one place only.
EVENT_FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("mention_id",), "mentions": ("repeats", "repeat_sentences"), "sentence": ("sentence",),
    "text": ("text",), "span": ("start", "end"), "trigger": ("trigger",),
    "trigger_span": ("trigger_start", "trigger_end"), "source": (), "target": (), "cameo": ("cameo",),
    "cameo_name": ("cameo_name",), "goldstein": ("goldstein",), "quad_class": ("quad_class",),
    "plover": ("plover",), "plover_mode": ("plover_mode",), "modality": ("modality",), "date": ("date",),
    "date_precision": ("date_precision",),
    "location": ("location_name", "location_country", "location_lat", "location_lon", "location_kind"),
    "symmetric": ("symmetric",), "confidence": ("confidence",),
}
ACTOR_FIELDS = ("text", "name", "code", "country", "sector", "role", "kind", "implied")
#: columns of the mentions table that come from the article or the store, not from the event record
MENTION_STORE_COLUMNS = ("article_id", "content_hash", "batch", "article_date", "publisher", "url")


def mention_columns() -> tuple[str, ...]:
    """The mentions table's columns as the record schema defines them (the order of the Arrow schema may differ)."""
    cols = [c for cs in EVENT_FIELD_COLUMNS.values() for c in cs]
    cols += [f"{side}_{f}" for side in ("source", "target") for f in ACTOR_FIELDS]
    return (*cols, *MENTION_STORE_COLUMNS)


def publisher(article: Article) -> str | None:
    """The publisher key used to count independent sources: the site name, else the URL host, lower-cased."""
    if article.source and article.source.strip():
        name = article.source.strip().lower()
    elif article.url:
        name = urlsplit(article.url).netloc.lower()
    else:
        return None
    return name.removeprefix("www.") or None


def article_row(article: Article, batch: str, sig: bytes | None, num_shingles: int) -> dict[str, Any]:
    origin = article.origin
    return {
        "id": article.id, "content_hash": article.content_hash, "batch": batch,
        "title": article.title, "date": article.date, "date_precision": article.date_precision,
        "source": article.source, "publisher": publisher(article), "url": article.url, "author": article.author,
        "language": article.language, "wire": list(article.wire),
        "dateline_place": article.dateline.place if article.dateline else None,
        "skipped": article.skipped, "warnings": list(article.warnings),
        "metadata": json.dumps(_jsonable(article.metadata), ensure_ascii=False, sort_keys=True),
        "origin_input": origin.input if origin else None, "origin_record": origin.record if origin else None,
        "num_sentences": len(article.sentences), "num_mentions": len(article.events), "num_shingles": num_shingles,
        "minhash": sig, "text": article.text, "tone": article.tone,
    }


def _actor(prefix: str, actor: ActorRef | None) -> dict[str, Any]:
    return {f"{prefix}_{k}": (getattr(actor, k) if actor else None) for k in ACTOR_FIELDS}


def mention_rows(article: Article, batch: str) -> list[dict[str, Any]]:
    """One row per coded event report. The coder gives the events of a compound actor ("Saudi Arabia and the
    UAE pledged") one id; the store numbers the repeats (``id``, ``id/2``, ...) so that mention ids are unique."""
    seen: dict[str, int] = {}
    rows = []
    for event in article.events:
        n = seen[event.id] = seen.get(event.id, 0) + 1
        rows.append(mention_row(article, event, batch, event.id if n == 1 else f"{event.id}/{n}"))
    return rows


def mention_row(article: Article, event: Event, batch: str, mention_id: str | None = None) -> dict[str, Any]:
    loc = event.location
    return {
        "mention_id": mention_id or event.id, "article_id": article.id, "content_hash": article.content_hash, "batch": batch,
        "sentence": event.sentence, "start": event.span[0], "end": event.span[1], "text": event.text,
        "trigger": event.trigger,
        "trigger_start": event.trigger_span[0] if event.trigger_span else None,
        "trigger_end": event.trigger_span[1] if event.trigger_span else None,
        "repeats": max(1, len(event.mentions)),
        "repeat_sentences": [m.sentence for m in event.mentions], "symmetric": event.symmetric,
        **_actor("source", event.source), **_actor("target", event.target),
        "cameo": event.cameo, "cameo_name": event.cameo_name, "goldstein": event.goldstein,
        "quad_class": event.quad_class, "plover": event.plover, "plover_mode": event.plover_mode,
        "modality": event.modality, "date": event.date, "date_precision": event.date_precision,
        "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
        "location_lat": loc.lat if loc else None, "location_lon": loc.lon if loc else None,
        "location_kind": loc.kind if loc else None, "confidence": event.confidence,
        "article_date": article.date, "publisher": publisher(article), "url": article.url,
    }


def entity_rows(article: Article, batch: str) -> list[dict[str, Any]]:
    return [{"article_id": article.id, "content_hash": article.content_hash, "batch": batch, "name": e.name,
             "type": e.type, "code": e.code, "country": e.country, "sector": e.sector, "role": e.role,
             "mentions": list(e.mentions)} for e in article.entities]


def fact_rows(article: Article, batch: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of the facts tables (``quotes``, ``amounts``, ``themes``) for one coded article."""
    keys = {"article_id": article.id, "content_hash": article.content_hash, "batch": batch,
            "article_date": article.date}
    quotes = [{**keys, "sentence": q.sentence, "start": q.span[0], "end": q.span[1], "kind": q.kind, "text": q.text,
               "speaker": q.speaker, "speaker_code": q.speaker_code, "speaker_country": q.speaker_country,
               "speaker_text": q.speaker_text, "verb": q.verb} for q in article.quotes]
    amounts = [{**keys, "sentence": a.sentence, "start": a.span[0], "end": a.span[1], "kind": a.kind, "text": a.text,
                "value": a.value, "unit": a.unit, "low": a.low, "high": a.high, "approximate": a.approximate,
                "qualifier": a.qualifier, "counted": a.counted, "verb": a.verb, "casualty": a.casualty,
                "actors": list(a.actors), "event_mention_id": a.event} for a in article.amounts]
    themes = [{"article_id": article.id, "content_hash": article.content_hash, "batch": batch,
               "article_date": article.date, "theme": t.name, "count": t.count, "triggers": list(t.triggers),
               "sentences": list(t.sentences)} for t in article.themes]
    return {"quotes": quotes, "amounts": amounts, "themes": themes}


def error_row(batch: str, stage: str, input: str, record: str | None, reason: str,
              article_id: str | None = None) -> dict[str, Any]:
    return {"batch": batch, "stage": stage, "input": input, "record": record, "article_id": article_id,
            "reason": reason}
