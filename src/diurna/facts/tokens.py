"""Finding the few tokens of a parsed sentence that matter to a fact, without making a Python object of every token:
spaCy keeps each token's lower-case form, lemma and first character as hashes, read in one array per sentence."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.symbols import LEMMA, LIKE_NUM, LOWER, PREFIX
from spacy.tokens import Doc

COLUMNS = [LOWER, LEMMA, PREFIX, LIKE_NUM]
Rows = list[list[int]]


def hashes(words: Iterable[str]) -> frozenset[int]:
    """The spaCy string hashes of ``words``, as a set :func:`matching` can test against."""
    return frozenset(hash_string(w) for w in words)


def token_array(doc: Doc) -> Rows:
    """One row per token: lower-case form, lemma, first character (hashes) and like_num."""
    return doc.to_array(COLUMNS).tolist() if len(doc) else []


def matching(rows: Rows, words: frozenset[int], *, lemma: bool = True, prefixes: frozenset[int] = frozenset(),
             numbers: bool = False) -> list[int]:
    """Indices of the tokens whose lower-case form (or lemma) is one of ``words``, whose first character is one of
    ``prefixes``, or (``numbers``) that look like a number."""
    return [i for i, (lower, lem, prefix, like_num) in enumerate(rows)
            if lower in words or (lemma and lem in words) or prefix in prefixes or (numbers and like_num)]
