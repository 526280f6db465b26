"""A memo in front of spaCy's rule lemmatizer: the same lemmas, without its per-token Python work on repeated words.

spaCy's English rule lemmatizer decides a token's lemma from three things only: its form (``ORTH``), its coarse
part of speech (``POS``) and its morphology (``MORPH``); spaCy itself caches its rule results under that key. Its
``__call__`` still walks every token in Python, building a ``Token`` and its morphology object each time, which costs
about 8% of the English pipeline on news (docs/benchmarks.md). :func:`memoize_lemmatizer` reads the three values of
all tokens at once (``Doc.to_array``), asks the lemmatizer only for a (form, POS, morphology) it has not seen, and
writes the lemmas back in one call. Tokens that already have a lemma (set by the ``attribute_ruler``) keep it, as in
spaCy (``overwrite`` false). ``tests/test_lemma_memo.py`` compares the lemmas of both on real sentences.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from spacy.symbols import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger(__name__)

_MAX_MEMO = 500_000  # (form, POS, morphology) keys kept; a larger vocabulary starts the memo afresh


def _memo_call(self: Any, doc: Doc) -> Doc:
    """The lemmatizer's ``__call__`` through the memo (bound to the component's class by :func:`memoize_lemmatizer`)."""
    if not self._validated:
        self._validate_tables(Errors.E1004)  # the message spaCy's own __call__ gives
    if self.overwrite or not len(doc):
        return self._unmemoized_call(doc)
    try:
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = np.flatnonzero(values[:, 3] == 0)
        if not len(todo):
            return doc
        memo: dict[tuple[int, int, int], int] = self._lemma_memo
        strings = doc.vocab.strings
        lemmas = values[:, 3:4].copy()
        for i, key in zip(todo.tolist(), map(tuple, values[todo, :3].tolist()), strict=True):
            lemma = memo.get(key)
            if lemma is None:
                if len(memo) >= _MAX_MEMO:
                    memo.clear()
                lemma = strings.add(self.lemmatize(doc[i])[0])
                memo[key] = lemma
            lemmas[i, 0] = lemma
        doc.from_array([LEMMA], lemmas.astype(np.uint64))  # type: ignore[arg-type]  # spaCy types it as Ints2d
        return doc
    except Exception as exc:  # noqa: BLE001 - spaCy's own error handler decides, as in its __call__
        self.get_error_handler()(self.name, self, [doc], exc)
        return doc


def memoize_lemmatizer(nlp: Language) -> bool:
    """Put the memo in front of the pipeline's rule ``lemmatizer``; False when there is none (or another mode)."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    component: Any = nlp.get_pipe("lemmatizer")
    if getattr(component, "mode", None) != "rule" or not hasattr(component, "lemmatize"):
        return False
    if getattr(component, "_lemma_memo", None) is not None:
        return True
    base = type(component)
    # Python looks __call__ up on the type, so the memo needs a subclass of the component's own class
    component.__class__ = type(f"Memoized{base.__name__}", (base,), {"__call__": _memo_call,
                                                                     "_unmemoized_call": base.__call__})
    component._lemma_memo = {}
    return True
