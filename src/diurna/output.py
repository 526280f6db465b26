"""The public JSON contract of ``diurna code`` (documented in docs/output.md).

One object per article: ``{"schema", "article", "events", "entities", "quotes", "amounts", "themes", "event_facts",
"tone", "warnings"}``.
The ``schema`` field names the contract version; a field is only ever added within a version.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from diurna.articles.model import ActorRef, Article, Event, _jsonable

SCHEMA = "diurna.code/1"


def actor_record(actor: ActorRef | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"text": actor.text, "name": actor.name, "code": actor.code, "country": actor.country,
            "sector": actor.sector, "role": actor.role, "kind": actor.kind, "implied": actor.implied}


def event_record(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "mentions": [_jsonable(asdict(m)) for m in event.mentions],
        "sentence": event.sentence,
        "text": event.text,
        "span": list(event.span),
        "trigger": event.trigger,
        "trigger_span": list(event.trigger_span) if event.trigger_span else None,
        "source": actor_record(event.source),
        "target": actor_record(event.target),
        "cameo": event.cameo,
        "cameo_name": event.cameo_name,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        "plover": event.plover,
        "plover_mode": event.plover_mode,
        "modality": event.modality,
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "location": _jsonable(asdict(event.location)) if event.location else None,
        "symmetric": event.symmetric,
        "confidence": event.confidence,
    }


def event_facts_record(event: Event) -> dict[str, Any]:
    """The facts of one event: PLOVER's size fields and the themes of its sentences (docs/output.md, "Facts")."""
    return {"event": event.id, "dead": event.dead, "injured": event.injured, "arrested": event.arrested,
            "themes": [_jsonable(asdict(t)) for t in event.themes]}


def article_header(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "date_precision": article.date_precision,
        "source": article.source,
        "wire": list(article.wire),
        "dateline": _jsonable(asdict(article.dateline)) if article.dateline else None,
        "author": article.author,
        "url": article.url,
        "language": article.language,
        "content_hash": article.content_hash,
        "skipped": article.skipped,
        "metadata": _jsonable(article.metadata),
    }


def article_record(article: Article) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "article": article_header(article),
        "events": [event_record(e) for e in article.events],
        "entities": [_jsonable(asdict(e)) for e in article.entities],
        "quotes": [_jsonable(asdict(q)) for q in article.quotes],
        "amounts": [_jsonable(asdict(a)) for a in article.amounts],
        "themes": [_jsonable(asdict(t)) for t in article.themes],
        "event_facts": [event_facts_record(e) for e in article.events],
        "tone": {"article": article.tone, "sentences": [s.tone for s in article.sentences]},
        "warnings": list(article.warnings),
    }
