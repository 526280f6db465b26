"""Themes: the PLOVER 2.0 contexts found in a sentence, with the words that triggered them.

The mapping is data: ``data/facts/themes.yaml`` (theme -> lemmas or phrases of lemmas), plus the user's file named
by the setting ``themes_file`` (``DIURNA_THEMES``), whose triggers are added. Every theme must be a PLOVER context
(``data/ontology/plover_contexts.tsv``). A trigger matches a token's lemma or its lower-case text, so "talks" and
"sanctions" match whether or not the lemmatizer reduces them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc

from diurna.facts.tokens import Rows, hashes, matching, token_array

from diurna.facts.words import DATA_DIR, FactsDataError

THEMES_FILE = DATA_DIR / "themes.yaml"


@dataclass(frozen=True)
class Hit:
    theme: str
    words: str  # the words as written
    token: int  # the first token of the trigger in its sentence


def read_themes(path: Path, contexts: Iterable[str]) -> dict[str, list[str]]:
    """The theme -> triggers mapping of ``path``, checked against the PLOVER ``contexts``."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise FactsDataError(f"{path}: cannot read the theme mapping ({' '.join(str(exc).split())})") from None
    return check_themes(data, path, contexts)


def check_themes(data: Any, path: Path, contexts: Iterable[str]) -> dict[str, list[str]]:
    known = set(contexts)
    if not isinstance(data, dict) or not data:
        raise FactsDataError(f"{path}: expected a mapping of theme -> list of trigger words")
    out: dict[str, list[str]] = {}
    for theme, triggers in data.items():
        if theme not in known:
            raise FactsDataError(f"{path}: {theme!r} is not a PLOVER context (data/ontology/plover_contexts.tsv)")
        if not isinstance(triggers, list) or not triggers:
            raise FactsDataError(f"{path}: theme {theme!r} needs a non-empty list of trigger words")
        seen: set[str] = set()
        for trigger in triggers:
            if not isinstance(trigger, str) or not trigger.strip() or trigger != trigger.lower():
                raise FactsDataError(f"{path}: theme {theme!r} has the trigger {trigger!r}; triggers are "
                                     f"non-empty lower-case strings")
            if trigger in seen:
                raise FactsDataError(f"{path}: theme {theme!r} lists the trigger {trigger!r} twice")
            seen.add(trigger)
        out[theme] = [" ".join(t.split()) for t in triggers]
    return out


class ThemeMatcher:
    """Finds the triggers of a mapping in parsed sentences (one pass over the tokens)."""

    def __init__(self, mapping: Mapping[str, list[str]]) -> None:
        self.index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for theme, triggers in mapping.items():
            for trigger in triggers:
                words = tuple(trigger.split())
                self.index.setdefault(words[0], []).append((words, theme))
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest phrase first
        self.first_words = hashes(self.index)

    def find(self, doc: Doc, arr: Rows | None = None) -> list[Hit]:
        hits: list[Hit] = []
        n = len(doc)
        for i in matching(token_array(doc) if arr is None else arr, self.first_words):
            token = doc[i]
            keys = {token.lower_, token.lemma_.lower()}
            for key in keys:
                for words, theme in self.index.get(key, ()):
                    end = token.i + len(words)
                    if end > n or not all(w in (doc[token.i + k].lower_, doc[token.i + k].lemma_.lower())
                                          for k, w in enumerate(words)):
                        continue
                    hit = Hit(theme, doc[token.i:end].text, token.i)
                    if hit not in hits:
                        hits.append(hit)
        return hits


def merged(*mappings: Mapping[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for mapping in mappings:
        for theme, triggers in mapping.items():
            known = out.setdefault(theme, [])
            known.extend(t for t in triggers if t not in known)
    return out
