"""diurna: turn news into event data.

Library first: :func:`diurna.read_articles` yields normalized :class:`~diurna.articles.model.Article` objects,
:func:`diurna.code` codes one text or article into events, :func:`diurna.code_articles` codes a stream.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "code": ("diurna.pipeline", "code"),
    "code_articles": ("diurna.pipeline", "code_articles"),
    "read_articles": ("diurna.articles", "read_articles"),
    "article_from_text": ("diurna.articles", "article_from_text"),
    "Article": ("diurna.articles.model", "Article"),
    "Event": ("diurna.articles.model", "Event"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import on first use, so that ``import diurna`` (and the CLI's start) stays fast."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'diurna' has no attribute {name!r}")
