"""The web UI and JSON API of ``diurna serve`` (docs/web.md): :func:`create_app` builds the FastAPI app for a
store."""

from __future__ import annotations

from diurna.web.app import WebLimits, create_app

__all__ = ["WebLimits", "create_app"]
