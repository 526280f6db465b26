"""Case restoration for archives published entirely in lower case.

Some publishers' archives are all lower case (the whole Times of India archive of 2002 is). spaCy's small English
model then finds almost no names and misparses many sentences, so the coder loses its actors. A lower-case article
is detected (:func:`is_lowercase`), warned about, and the text given to spaCy is *truecased*: sentence starts, the
pronoun "I", and every known name (countries, nationalities, capitals, organisations, office-holders from the actor
dictionaries; cities and regions from the gazetteer) get their usual capitals. Only the case of letters changes,
so every offset into the article stays valid; ``Article.text`` itself is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# at most this share of words may start with a capital in a "lower-case" text (normal news: 10-15 %)
MAX_CAPITALISED_SHARE = 0.02
MIN_WORDS = 20

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
# two or three initials and a surname ("l k advani", "p. p. rahurkar"): an Indian-English way of naming people
_INITIALS = re.compile(r"(?<![\w'’])((?:[^\W\d_]\.? ){2,3})([^\W\d_]{3,})\b", re.UNICODE)
_SENTENCE_START = re.compile(r"(^|[.!?]['\"’”)]*\s+|\n\s*|[\"“‘]\s*)([^\W\d_])", re.UNICODE)


def is_lowercase(text: str) -> bool:
    """True when a text of some length has (almost) no capitalised words."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) <= MAX_CAPITALISED_SHARE


class Truecaser:
    """Restores the case of known names in lower-case text (the case of letters only; lengths never change)."""

    def __init__(self, names: Iterable[str], common_words: Iterable[str] = ()) -> None:
        common = {w.lower() for w in common_words}
        self._common = frozenset(common)
        self._forms: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._longest: dict[str, int] = {}  # first word of a name -> the most words a name starting with it has
        self._max = 1
        for name in names:
            words = tuple(name.split())
            if not words or not any(ch.isupper() for ch in name):
                continue
            key = tuple(w.lower() for w in words)
            if len(key) == 1 and (key[0] in common or len(key[0]) < 3):
                continue  # "mobile", "reading", "us": a common word before it is a name
            if any(len(w) != len(k) for w, k in zip(words, key, strict=True)):
                continue  # case mapping that changes length (rare scripts): never
            self._forms.setdefault(key, words)
            self._max = max(self._max, len(key))
            self._longest[key[0]] = max(self._longest.get(key[0], 0), len(key))

    def __len__(self) -> int:
        return len(self._forms)

    def __call__(self, text: str) -> str:
        chars = list(text)
        tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w'’.-]+", text)]
        keys = [_bare(t[2]).lower() for t in tokens]
        i = 0
        while i < len(tokens):
            longest = self._longest.get(keys[i], 0)
            for n in range(min(longest, len(tokens) - i), 0, -1):
                parts = tokens[i:i + n]
                key = tuple(keys[i:i + n])
                form = self._forms.get(key)
                if form is None:
                    continue
                for (start, _end, word), cased in zip(parts, form, strict=True):
                    _apply(chars, start, _bare(word), cased)
                i += n
                break
            else:
                i += 1
        for m in _INITIALS.finditer(text):
            # a name by its initials: "l k advani" -> "L K Advani"; never "it''s a prospect" (the apostrophe is
            # excluded above) or "u p governor" (a common word after the letters is no surname)
            if m.group(2).lower() in self._common:
                continue
            for k in range(m.start(1), m.end(2)):
                if k == m.start(1) or chars[k - 1] in " ." and k < m.end(1) or k == m.start(2):
                    chars[k] = chars[k].upper() if len(chars[k].upper()) == 1 else chars[k]
        for m in _SENTENCE_START.finditer(text):
            pos = m.start(2)
            chars[pos] = chars[pos].upper() if len(chars[pos].upper()) == 1 else chars[pos]
        for m in re.finditer(r"(?<![\w'’])i(?=['’ ]|$)", text):
            chars[m.start()] = "I"
        return "".join(chars)


def _bare(word: str) -> str:
    """A token without a possessive or trailing dot ("india's" -> "india", "u.s." stays)."""
    for suffix in ("'s", "’s"):
        if word.lower().endswith(suffix):
            return word[: -len(suffix)]
    return word.rstrip(".") if word.count(".") == 1 else word


def _apply(chars: list[str], start: int, word: str, cased: str) -> None:
    for k, (have, want) in enumerate(zip(word, cased, strict=False)):  # lower() may change a length (rare scripts)
        if have.lower() == want.lower() and len(want) == 1:
            chars[start + k] = want
