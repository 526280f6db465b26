"""Sentence splitting with a blank spaCy English pipeline and its rule-based ``sentencizer``; bounding what the
parser is given.

spaCy's English tokenizer keeps abbreviations such as "U.S.", "Mr." and "p.m." whole, so the sentencizer does
not split after them. One fix-up is applied: an opening quotation mark that the sentencizer left at the end of
a sentence (``... said. "We``) is moved to the start of the next sentence.

Hostile text is bounded here. spaCy's tokenizer strips prefixes and suffixes one at a time, each time copying the
rest of the word, so a word of thousands of brackets, quotes or "'s" takes time in the square of its length
(5,000 brackets: 9 s), and every symbol is a token the parser pays for. :func:`tokenizable` gives the tokenizer a
copy of the same length (offsets never move) in which runs of symbols are one token and every run of more than
:data:`MAX_RUN_CHARS` characters without a space is broken by spaces; news text has no such runs but long URLs,
which stay readable. :func:`piece_bounds` cuts a sentence that is too long for the parser into pieces at a safe
boundary.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

_OPENING = "\"“‘'«"

MAX_RUN_CHARS = 40  # longest run without a space that the tokenizer is given (its cost grows with its square)
SYMBOL_RUN = 8  # this many symbols in a row are read as one token (each would be a token of its own)
_SYMBOLS = re.compile(rf"[^\w\s]{{{SYMBOL_RUN},}}")
_NO_CUT = ".!?…'’\"“”"  # never replaced by a space unless nothing else is near: they end sentences or words
CLAUSE_END = frozenset({";", ":", "—", "–", "--"})
CONJUNCTIONS = frozenset({"and", "but", "or", "nor", "yet", "while", "whereas", "although", "though", "because",
                          "since", "unless", "until", "when", "after", "before", "as", "which", "who", "where"})


@functools.cache
def sentencizer() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000  # linear once tokenizable() has broken the runs the tokenizer is slow on
    return nlp


def tokenizable(text: str, max_run: int = MAX_RUN_CHARS) -> str:
    """``text`` as the tokenizer should see it: the same length (every offset holds), and ``text`` itself when it
    has nothing odd (real news).

    A run of :data:`SYMBOL_RUN` or more symbols (brackets, quotes, dashes, emoji: neither letters, digits nor
    spaces) becomes full stops, one token instead of one per symbol; then every run of more than ``max_run``
    non-space characters is broken by spaces at most every ``max_run`` characters (at a symbol such as "/" or "("
    where one is near, never at a sentence end)."""
    if _SYMBOLS.search(text):
        text = _SYMBOLS.sub(lambda m: "." * len(m.group()), text)
    runs = list(_long_run(max_run).finditer(text))
    if not runs:
        return text
    chars = list(text)
    for run in runs:
        for cut in _run_cuts(text, run.start(), run.end(), max_run):
            chars[cut] = " "
    return "".join(chars)


@functools.cache
def _long_run(max_run: int) -> re.Pattern[str]:
    return re.compile(rf"\S{{{max_run + 1},}}")


def _run_cuts(text: str, start: int, end: int, max_run: int) -> Iterator[int]:
    """Positions in ``text[start:end]`` to replace by a space so that no part is longer than ``max_run``."""
    while end - start > max_run:
        cut = start + max_run
        for pos in range(start + max_run, start + max_run // 2, -1):
            ch = text[pos]
            if not ch.isalnum() and ch not in _NO_CUT:
                cut = pos
                break
        yield cut
        start = cut + 1


def split_sentences(paragraphs: Iterable[str]) -> Iterator[list[tuple[int, int]]]:
    """For each paragraph, the ``(start, end)`` offsets of its sentences, whitespace trimmed."""
    paras = list(paragraphs)
    for text, doc in zip(paras, sentencizer().pipe((tokenizable(p) for p in paras), batch_size=64), strict=True):
        spans = [[s.start_char, s.end_char] for s in doc.sents]
        for i in range(len(spans) - 1):
            start, end = spans[i]
            chunk = text[start:end].rstrip()
            if len(chunk) >= 2 and chunk[-1] in _OPENING and chunk[-2].isspace():
                cut = start + len(chunk) - 1
                spans[i][1] = cut
                spans[i + 1][0] = cut
        out = []
        for start, end in spans:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append((start, end))
        yield out


def piece_bounds(doc: Doc, max_tokens: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut the tokens of one sentence into pieces of at most ``max_tokens`` tokens and ``max_chars`` characters,
    as ``(first token, end token)`` ranges with no space token at either end; one range when it fits.

    A piece ends, by preference, after the last ";" ":" or dash of the second half of its room, else after its
    last comma there, else before its last conjunction there ("and", "while", "which", ...), else where the room
    ends. Linear in the tokens: each piece is at least half its room, except the last."""
    n = len(doc)
    out: list[tuple[int, int]] = []
    start = 0
    while start < n:
        while start < n and doc[start].is_space:
            start += 1
        if start == n:
            break
        first_char = doc[start].idx
        end = start + 1
        while end < n and end - start < max_tokens and doc[end].idx + len(doc[end]) - first_char <= max_chars:
            end += 1
        if end < n:
            end = _boundary(doc, start, end)
        out.append((start, _trim_space(doc, start, end)))
        start = end
    return out


def _boundary(doc: Doc, start: int, end: int) -> int:
    """The best end (exclusive) for a piece of ``doc[start:end]`` that cannot take ``doc[end]`` (see
    :func:`piece_bounds`); ``end`` itself when no clause boundary is in the second half."""
    best: dict[int, int] = {}
    for cut in range(end, start + max(1, (end - start) // 2) - 1, -1):
        before, after = doc[cut - 1].text, doc[cut].lower_
        if 0 not in best and before in CLAUSE_END:
            best[0] = cut
        elif 1 not in best and before == ",":
            best[1] = cut
        elif 2 not in best and after in CONJUNCTIONS:
            best[2] = cut
        if 0 in best:
            break
    return best[min(best)] if best else end


def _trim_space(doc: Doc, start: int, end: int) -> int:
    while end > start + 1 and doc[end - 1].is_space:
        end -= 1
    return end
