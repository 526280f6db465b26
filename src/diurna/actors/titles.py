"""Titles and role nouns ("Deputy Foreign Minister", "state secretary for foreign trade", "army spokesman").

Grammar of one title, over words (hyphens split words, case-insensitive unless the phrase has capitals)::

    modifier* ( portfolio TITLE | TITLE [ (of|for) [the] portfolio ((and|,|&) portfolio)* ] )

where TITLE rows marked ``portfolio`` in ``titles.tsv`` accept portfolios from ``portfolios.tsv``. Adjacent titles
form one phrase ("foreign ministry spokesman", "opposition lawmakers"); the leftmost title with a sector decides
the sector, unless a modifier such as "former" overrides it. The longest phrase in the text wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from diurna.actors.datafiles import case_sensitive, read_tsv, split_names
from diurna.errors import DataFileError

WORD = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:['\u2019]\w+)*|[&,]")  # "U.S." stays one word
PREPOSITIONS = ("of", "for")
CONJUNCTIONS = ("and", ",", "&")


def words(text: str) -> list[tuple[str, int, int]]:
    """Words of a title phrase with character offsets; hyphens and other punctuation separate words."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w, _, _ in words(phrase))


@dataclass(frozen=True)
class TitleEntry:
    role: str
    sector: str | None  # None: the noun says nothing about the sector ("spokesman")
    portfolio: str  # "no" | "yes" | "only"
    case_sensitive: bool
    source: str  # "path:line"


@dataclass(frozen=True)
class Modifier:
    word: str
    sector: str | None
    label: str


@dataclass(frozen=True)
class TitleMatch:
    """A title phrase: ``role`` is canonical ("deputy foreign minister"), ``country`` the alpha-3 code of a
    country named inside the phrase ("Chilean ..."), ``matched`` the words of the text that form the title."""

    role: str
    sector: str | None
    country: str | None
    matched: str


@dataclass
class _Item:
    start: int  # word index
    end: int  # word index, exclusive
    role: str
    sector: str | None
    modifiers: list[Modifier]


class TitleTable:
    """Title phrases, portfolios and modifiers, indexed for matching."""

    def __init__(self) -> None:
        self.literal: dict[tuple[str, ...], TitleEntry] = {}  # lower-case words (or exact words if case-sensitive)
        self.heads: dict[tuple[str, ...], TitleEntry] = {}  # titles that take "of/for <portfolio>"
        self.portfolios: dict[tuple[str, ...], str] = {}  # phrase words -> canonical
        self.modifiers: dict[str, Modifier] = {}
        self.entries: list[tuple[str, TitleEntry]] = []  # (phrase, entry) as written, for patterns
        self._max = 1
        self._memo: dict[str, TitleMatch | None] = {}  # text -> match; cleared whenever a table is loaded

    # -- loading ------------------------------------------------------------------------------------------
    def load_portfolios(self, path: Path) -> None:
        self._memo.clear()
        for line, row in read_tsv(path, ["canonical", "phrases"]):
            canonical = row["canonical"].lower()
            if not canonical:
                raise DataFileError(str(path), "empty canonical portfolio", line)
            for phrase in split_names(row["phrases"]) + [canonical]:
                key = phrase_words(phrase.lower())
                if key in self.portfolios and self.portfolios[key] != canonical:
                    raise DataFileError(
                        str(path), f"portfolio {phrase!r} already means {self.portfolios[key]!r}", line
                    )
                self.portfolios[key] = canonical

    def load_modifiers(self, path: Path, sectors: set[str]) -> None:
        self._memo.clear()
        for line, row in read_tsv(path, ["modifier", "sector", "label", "note"]):
            word = row["modifier"].lower()
            if not word or len(phrase_words(word)) != 1:
                raise DataFileError(str(path), f"modifier must be one word, got {row['modifier']!r}", line)
            sector = _sector(row["sector"], sectors, path, line)
            self.modifiers[word] = Modifier(word, sector, row["label"] or word)

    def load_titles(self, path: Path, sectors: set[str]) -> None:
        self._memo.clear()
        for line, row in read_tsv(path, ["titles", "sector", "role", "portfolio", "note"]):
            phrases = split_names(row["titles"])
            if not phrases:
                raise DataFileError(str(path), "no title phrase", line)
            sector = _sector(row["sector"], sectors, path, line)
            mode = row["portfolio"] or "no"
            if mode not in ("no", "yes", "only"):
                raise DataFileError(str(path), f"portfolio must be no, yes or only, got {mode!r}", line)
            for phrase in phrases:
                cs = case_sensitive(phrase) or any(ch.isupper() for ch in phrase)
                entry = TitleEntry(row["role"] or phrase.lower(), sector, mode, cs, f"{path}:{line}")
                key = phrase_words(phrase if cs else phrase.lower())
                if not key:
                    raise DataFileError(str(path), f"title {phrase!r} has no words", line)
                previous = self.literal.get(key) or self.heads.get(key)
                if previous is not None:
                    if previous.source == entry.source:  # "vice president|vice-president": same words
                        continue
                    raise DataFileError(str(path), f"duplicate title {phrase!r} (also {previous.source})", line)
                self.entries.append((phrase, entry))
                if mode != "only":
                    self.literal[key] = entry
                if mode != "no":
                    self.heads[key] = entry
                self._max = max(self._max, len(key))
        # "<portfolio> <title>" forms, e.g. "foreign minister", "justice department"
        for key, head in list(self.heads.items()):
            for pkey, canonical in self.portfolios.items():
                self.literal.setdefault(pkey + key, _with_portfolio(head, [canonical], None))
                self._max = max(self._max, len(pkey + key))

    # -- matching -----------------------------------------------------------------------------------------
    def match(self, text: str, country_of: Callable[[str], str | None]) -> TitleMatch | None:
        """The title phrase in ``text``; ``country_of`` must be a pure function of its text (results are memoized
        per text: coding asks about the same noun phrases again and again)."""
        if text in self._memo:
            return self._memo[text]
        if len(self._memo) > 1 << 16:
            self._memo.clear()
        self._memo[text] = found = self._match(text, country_of)
        return found

    def _match(self, text: str, country_of: Callable[[str], str | None]) -> TitleMatch | None:
        toks = words(text)
        low = [w.lower() for w, _, _ in toks]
        exact = [w for w, _, _ in toks]
        items: list[_Item] = []
        country: str | None = None
        pending: list[Modifier] = []
        pending_start: int | None = None
        i = 0
        while i < len(toks):
            found = self._title_at(low, exact, i)
            if found is not None:
                end, role, sector = found
                start = pending_start if pending_start is not None else i
                items.append(_Item(start, end, role, sector, pending))
                pending, pending_start = [], None
                i = end
                continue
            if low[i] in self.modifiers:
                if pending_start is None:
                    pending_start = i
                pending.append(self.modifiers[low[i]])
                i += 1
                continue
            span = self._country_at(text, toks, i, country_of)
            if span is not None:  # "former Chilean president": the country does not break the title
                code, i = span
                country = country or code
                continue
            pending, pending_start = [], None
            i += 1
        if not items:
            return None
        # group adjacent items into phrases; the longest phrase wins (the first one on ties)
        groups: list[list[_Item]] = []
        for item in items:
            if groups and groups[-1][-1].end == item.start:
                groups[-1].append(item)
            else:
                groups.append([item])
        best = max(groups, key=lambda g: g[-1].end - g[0].start)
        roles, sector = [], None
        override = None
        for item in best:
            labels = [m.label for m in item.modifiers]
            roles.append(" ".join(labels + [item.role]))
            override = override or next((m.sector for m in item.modifiers if m.sector), None)
            sector = sector or item.sector
        matched = text[toks[best[0].start][1] : toks[best[-1].end - 1][2]]
        return TitleMatch(" ".join(roles), override or sector, country, matched)

    def _title_at(self, low: list[str], exact: list[str], i: int) -> tuple[int, str, str | None] | None:
        best: tuple[int, str, str | None] | None = None
        for length in range(min(self._max, len(low) - i), 0, -1):
            entry = self.literal.get(tuple(exact[i : i + length])) or self.literal.get(tuple(low[i : i + length]))
            head = self.heads.get(tuple(exact[i : i + length])) or self.heads.get(tuple(low[i : i + length]))
            if head is not None:
                tail = self._tail(low, i + length)
                if tail is not None:
                    end, canonicals, tail_text = tail
                    role_entry = _with_portfolio(head, canonicals, tail_text)
                    return end, role_entry.role, role_entry.sector
            if entry is not None and best is None:
                best = (i + length, entry.role, entry.sector)
                if head is None:
                    return best
        return best

    def _tail(self, low: list[str], j: int) -> tuple[int, list[str], str] | None:
        """``of/for [the] portfolio ((and|,|&) portfolio)*`` starting at word ``j``."""
        if j >= len(low) or low[j] not in PREPOSITIONS:
            return None
        k = j + 1
        if k < len(low) and low[k] == "the":
            k += 1
        canonicals: list[str] = []
        parts: list[str] = []
        while True:
            found = self._portfolio_at(low, k)
            if found is None:
                break
            end, canonical = found
            canonicals.append(canonical)
            parts.append(" ".join(low[k:end]))
            k = end
            nxt = k
            while nxt < len(low) and low[nxt] in CONJUNCTIONS:
                nxt += 1
            if nxt == k or self._portfolio_at(low, nxt) is None:
                break
            k = nxt
        if not canonicals:
            return None
        return k, canonicals, f"{low[j]} " + " and ".join(parts)

    def _portfolio_at(self, low: list[str], k: int) -> tuple[int, str] | None:
        for length in range(min(4, len(low) - k), 0, -1):
            canonical = self.portfolios.get(tuple(low[k : k + length]))
            if canonical is not None:
                return k + length, canonical
        return None

    @staticmethod
    def _country_at(
        text: str, toks: list[tuple[str, int, int]], i: int, country_of: Callable[[str], str | None]
    ) -> tuple[str, int] | None:
        for length in range(min(6, len(toks) - i), 0, -1):
            candidate = text[toks[i][1] : toks[i + length - 1][2]]
            code = country_of(candidate)
            if code is not None:
                return code, i + length
        return None


def _with_portfolio(head: TitleEntry, canonicals: list[str], tail_text: str | None) -> TitleEntry:
    """Role label of a title with portfolios: "foreign minister", "state secretary for foreign trade and development"."""
    if len(canonicals) == 1 and (tail_text is None or " " not in head.role):
        role = f"{canonicals[0]} {head.role}"
    else:
        role = f"{head.role} {tail_text}"
    return TitleEntry(role, head.sector, "no", head.case_sensitive, head.source)


def _sector(value: str, sectors: set[str], path: Path, line: int) -> str | None:
    if value in ("", "-"):
        return None
    if value not in sectors:
        raise DataFileError(str(path), f"unknown sector {value!r} (see sectors.tsv)", line)
    return value
