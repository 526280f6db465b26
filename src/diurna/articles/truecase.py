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

# a word, with a letter in parentheses kept on it ("cpi(m)", "jd(u)": parties are named so)
_TOKEN = re.compile(r"[\w'’.-]+(?:\(\w{1,3}\))?", re.UNICODE)
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

    def __init__(self, names: Iterable[str], common_words: Iterable[str] = (), titles: Iterable[str] = ()) -> None:
        common = {w.lower() for w in common_words}
        self._common = frozenset(common)
        # words written before a person's name ("leader", "secretary", "shri"): the unknown words right after one
        # are that person's name ("cpm leader prakash karat")
        self._titles = frozenset(t.lower() for t in titles)
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
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
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
        for k, word_key in enumerate(keys):
            if word_key in _MONTH_WORDS and _dated(keys, tokens, k):
                _apply(chars, tokens[k][0], _bare(tokens[k][2]), word_key.capitalize())
        self._titled_names(text, chars, tokens, keys)
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


    def _name_word(self, key: str) -> bool:
        """A word that can be part of a person's name: no common English word, no title."""
        return len(key) >= 2 and key.isalpha() and key not in self._common and key not in self._titles

    def _titled_names(self, text: str, chars: list[str], tokens: list[tuple[int, int, str]], keys: list[str]) -> None:
        """Names of people the dictionaries do not know, found after a title: "forward bloc general secretary
        debabrata biswas urged ..." -> "Debabrata Biswas". The words of a name of two or three words are then
        capitalised wherever the article repeats them ("biswas said"), as a mixed-case report would write them."""
        if not self._titles:
            return
        found: set[str] = set()
        i = 0
        while i < len(tokens):
            if keys[i] not in self._titles:
                i += 1
                continue
            j = i + 1
            while j < len(tokens) and keys[j] in self._titles and _adjacent(text, tokens[j - 1], tokens[j]):
                j += 1  # "general secretary", "chief minister"
            run: list[int] = []
            while j < len(tokens) and len(run) < 3 and self._name_word(keys[j]) \
                    and _adjacent(text, tokens[j - 1], tokens[j]):
                run.append(j)
                if tokens[j][2] != _bare(tokens[j][2]):
                    break  # a possessive ends the name: "leader ashok singhal's remarks"
                j += 1
            for k in run:
                start, _end, word = tokens[k]
                _apply(chars, start, _bare(word), _bare(word).capitalize())
            if len(run) >= 2:
                found.update(keys[k] for k in run)
            i = max(j, i + 1)
        if found:
            for (start, _end, word), key in zip(tokens, keys, strict=True):
                if key in found:
                    _apply(chars, start, _bare(word), _bare(word).capitalize())


# month names that are also common words: capitalised only where they are dates
_MONTH_WORDS = frozenset({"march", "may"})
_DATE_WORDS = frozenset({"in", "since", "until", "till", "early", "late", "mid", "last", "next", "this", "of", "by"})
_DAY_NUMBER = re.compile(r"^\d{1,2}(st|nd|rd|th)?$|^\d{4}$")


def _dated(keys: list[str], tokens: list[tuple[int, int, str]], k: int) -> bool:
    """ "march 15", "15 march", "in march 2002", "since may": the month, not a march or a modal verb."""
    after = tokens[k + 1][2] if k + 1 < len(tokens) else ""
    before = tokens[k - 1][2] if k > 0 else ""
    if _DAY_NUMBER.match(after) or _DAY_NUMBER.match(before):
        return True
    return keys[k] == "march" and k > 0 and keys[k - 1] in _DATE_WORDS


def _adjacent(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
    """Two words separated by one space only (no comma, quote or line break between them)."""
    return text[left[1]:right[0]] == " "


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
