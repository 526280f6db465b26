"""An indexed replacement for the matching step of spaCy's ``attribute_ruler``: the same matches, a tenth of the time.

The English pipelines' ``attribute_ruler`` maps each fine-grained tag (and a few word forms) to the coarse POS,
morphology and lemma exceptions through a :class:`spacy.matcher.Matcher` of about 180 one- and two-token patterns.
The Matcher tries every pattern at every token, which costs more than the tagger and parser together on news
(about 1.1 ms per sentence here, 13% of the whole pipeline: docs/benchmarks.md). Almost every pattern asks for an
exact tag or an exact lower-case form, so indexing the patterns by those values leaves one or two to test per token.

:func:`index_attribute_ruler` compiles the ruler's own patterns (whatever pipeline was loaded) and replaces only its
``match`` method; ``set_annotations`` and everything else stay spaCy's. The matches are the same set of (pattern,
start, end) the Matcher returns, sorted the same way, so every token gets the same POS, morphology and lemma
(``tests/test_attribute_index.py`` compares both on real sentences). A pattern this module cannot read (an ``OP``
quantifier, a predicate other than equality, ``IN``, ``NOT_IN`` and ``REGEX`` on the attributes below) leaves the
ruler untouched.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger(__name__)

# the token attributes a pattern may test, read for all tokens at once with Doc.to_array: strings as their hashes
_ATTRS: dict[str, str] = {"TAG": "TAG", "LOWER": "LOWER", "DEP": "DEP", "ORTH": "ORTH", "TEXT": "ORTH",
                          "NORM": "NORM", "IS_SPACE": "IS_SPACE", "IS_PUNCT": "IS_PUNCT"}
_FLAGS = ("IS_SPACE", "IS_PUNCT")  # booleans (0/1 in the array); the others are string hashes
_INDEXED = ("LOWER", "TAG", "DEP", "IS_SPACE")  # exact values (or IN lists) of these select candidate tokens


class UnsupportedPattern(ValueError):
    """A pattern the index cannot reproduce exactly; the ruler keeps spaCy's Matcher."""


Row = list[int]
Test = Callable[[Row], bool]


def _value(attr: str, value: Any, strings: Any) -> int:
    """A pattern value as the array holds it: a flag as 0/1, a string as its hash."""
    if attr in _FLAGS:
        if not isinstance(value, bool):
            raise UnsupportedPattern(f"{attr}: {value!r}")
        return int(value)
    if not isinstance(value, str):
        raise UnsupportedPattern(f"{attr}: {value!r}")
    return int(strings[value])


def _test(col: int, attr: str, value: Any, strings: Any) -> Test:
    if not isinstance(value, dict):
        wanted = _value(attr, value, strings)
        return lambda row: row[col] == wanted
    if len(value) == 1:
        (op, arg), = value.items()
        if op == "IN":
            members = frozenset(_value(attr, v, strings) for v in arg)
            return lambda row: row[col] in members
        if op == "NOT_IN":
            excluded = frozenset(_value(attr, v, strings) for v in arg)
            return lambda row: row[col] not in excluded
        if op == "REGEX" and isinstance(arg, str) and attr not in _FLAGS:
            rx = re.compile(arg)
            seen: dict[int, bool] = {}  # hash -> result: a regex rule is tried at every token

            def search(row: Row) -> bool:
                h = row[col]
                found = seen.get(h)
                if found is None:
                    if len(seen) > 1 << 16:
                        seen.clear()
                    found = seen[h] = rx.search(strings[h]) is not None
                return found

            return search
    raise UnsupportedPattern(f"{attr}: {value!r}")


@dataclass
class _Pattern:
    attr_id: int  # the ruler's rule index (its match key as a number)
    key: int  # the match key's hash, as the Matcher reports it
    size: int  # tokens
    flat: list[tuple[int, Test]]  # (token offset, test), the index's own test left out

    def matches(self, rows: list[Row], i: int) -> bool:
        for k, test in self.flat:  # noqa: SIM110 - a plain loop: measurably faster than all() here
            if not test(rows[i + k]):
                return False
        return True


class AttributeIndex:
    """The ruler's patterns indexed by one exact value (or ``IN`` list) of their first token."""

    def __init__(self, ruler: Any) -> None:
        strings = ruler.vocab.strings
        raw: list[tuple[int, int, list[dict[str, Any]]]] = []
        for attr_id in range(len(ruler.attrs)):
            key_text = str(attr_id)
            _, patterns = ruler.matcher.get(key_text)
            for tokens in patterns:
                if not tokens:
                    raise UnsupportedPattern("empty pattern")
                specs = [{str(k).upper(): v for k, v in spec.items()} for spec in tokens]
                if any("OP" in spec for spec in specs):
                    raise UnsupportedPattern("OP")
                unknown = {a for spec in specs for a in spec} - set(_ATTRS)
                if unknown:
                    raise UnsupportedPattern(f"attribute {sorted(unknown)[0]}")
                raw.append((attr_id, strings[key_text], specs))
        self.columns: list[int | str] = sorted({_ATTRS[a] for _, _, specs in raw for spec in specs for a in spec})
        col = {a: self.columns.index(_ATTRS[a]) for a in _ATTRS if _ATTRS[a] in self.columns}
        self.by_value: list[dict[Any, list[_Pattern]]] = [{} for _ in self.columns]
        self.unindexed: list[_Pattern] = []
        for attr_id, key, specs in raw:
            self._index(attr_id, key, specs, col, strings)

    def _index(self, attr_id: int, key: int, specs: list[dict[str, Any]], col: dict[str, int], strings: Any) -> None:
        first = specs[0]
        indexed: str | None = next((a for a in _INDEXED if isinstance(first.get(a), (str, bool))), None)
        members: list[int] = []
        if indexed is not None:
            members = [_value(indexed, first[indexed], strings)]
        else:
            indexed = next((a for a in _INDEXED if isinstance(first.get(a), dict) and list(first[a]) == ["IN"]), None)
            if indexed is not None:
                members = list(dict.fromkeys(_value(indexed, v, strings) for v in first[indexed]["IN"]))
        flat = [(k, _test(col[a], a, v, strings)) for k, spec in enumerate(specs) for a, v in spec.items()
                if not (k == 0 and a == indexed)]
        pattern = _Pattern(attr_id, key, len(specs), flat)
        if indexed is None:
            self.unindexed.append(pattern)
            return
        for member in members:
            self.by_value[col[indexed]].setdefault(member, []).append(pattern)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """``AttributeRuler.match``: (rule index, match key, start, end) for every match, sorted."""
        rows: list[Row] = doc.to_array(self.columns).tolist() if len(doc) else []
        indexes = [(c, table) for c, table in enumerate(self.by_value) if table]
        unindexed = self.unindexed
        n = len(rows)
        out: list[tuple[int, int, int, int]] = []
        for i, row in enumerate(rows):
            for c, table in indexes:
                found = table.get(row[c])
                if found:
                    for p in found:
                        end = i + p.size
                        if end <= n and (not p.flat or p.matches(rows, i)):
                            out.append((p.attr_id, p.key, i, end))
            for p in unindexed:
                end = i + p.size
                if end <= n and p.matches(rows, i):
                    out.append((p.attr_id, p.key, i, end))
        out.sort()
        return out


def index_attribute_ruler(nlp: Language) -> bool:
    """Give the pipeline's ``attribute_ruler`` (if any) the indexed matcher; False when it keeps spaCy's."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler: Any = nlp.get_pipe("attribute_ruler")
    try:
        index = AttributeIndex(ruler)
    except (UnsupportedPattern, KeyError, TypeError, AttributeError) as exc:
        log.info("attribute_ruler keeps spaCy's Matcher (%s)", exc)
        return False
    ruler.match = index.match
    return True
