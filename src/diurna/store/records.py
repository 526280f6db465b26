"""Rows of the store's base tables, built from coded :class:`~diurna.articles.model.Article` objects."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from diurna.articles.model import ActorRef, Article, Event, _jsonable

_ACTOR_FIELDS = ("text", "name", "code", "country", "sector", "role")


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
        "minhash": sig, "text": article.text,
    }


def _actor(prefix: str, actor: ActorRef | None) -> dict[str, Any]:
    return {f"{prefix}_{k}": (getattr(actor, k) if actor else None) for k in _ACTOR_FIELDS}


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
        "trigger": event.trigger, "repeats": max(1, len(event.mentions)),
        "repeat_sentences": [m.sentence for m in event.mentions],
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


def error_row(batch: str, stage: str, input: str, record: str | None, reason: str,
              article_id: str | None = None) -> dict[str, Any]:
    return {"batch": batch, "stage": stage, "input": input, "record": record, "article_id": article_id,
            "reason": reason}
