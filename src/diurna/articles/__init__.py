"""The article input layer: reading inputs into :class:`Article` objects and normalizing their text."""

from __future__ import annotations

from diurna.articles.model import Article, Dateline, Origin, Paragraph, Sentence
from diurna.articles.normalize import article_from_text, normalize
from diurna.articles.readers import DEFAULT_MAX_BYTES, read_articles

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Article",
    "Dateline",
    "Origin",
    "Paragraph",
    "Sentence",
    "article_from_text",
    "normalize",
    "read_articles",
]
