"""Sentence splitting with a blank spaCy English pipeline and its rule-based ``sentencizer``.

spaCy's English tokenizer keeps abbreviations such as "U.S.", "Mr." and "p.m." whole, so the sentencizer does
not split after them. One fix-up is applied: an opening quotation mark that the sentencizer left at the end of
a sentence (``... said. "We``) is moved to the start of the next sentence.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

_OPENING = "\"“‘'«"


@functools.cache
def sentencizer() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000  # the sentencizer is linear; long paragraphs are fine
    return nlp


def split_sentences(paragraphs: Iterable[str]) -> Iterator[list[tuple[int, int]]]:
    """For each paragraph, the ``(start, end)`` offsets of its sentences, whitespace trimmed."""
    for doc in sentencizer().pipe(paragraphs, batch_size=64):
        text = doc.text
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
