"""diurna's name ruler: one spaCy component that marks the names of the actor dictionary as entities.

It does what three of spaCy's ``entity_ruler`` components in a row did (case-blind names, then case-sensitive
names such as "US" or "WHO", then hyphenated personal names), with the same results, at a fraction of the cost:

* spaCy's ruler counts all its patterns on every document (``EntityRuler._require_patterns`` calls ``len``,
  which walks one list per pattern id: about a thousand here) and reassigns ``doc.ents`` even when nothing
  matched;
* the hyphenated-name rule was a token pattern whose first token tested ``NOT_IN`` a list of every place word,
  a Python predicate the Matcher ran on every token of every sentence. Here it is looked for only at hyphens.

Each pass keeps the entity ruler's semantics with ``overwrite_ents``: longer matches first (then the earlier
one), a match never overlaps a longer one of the same pass, and it replaces any entity it overlaps.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

Match = tuple[int, int, int]  # (match id, start, end)


class NameRuler:
    """Case-blind phrase names, case-sensitive phrase names, and hyphenated personal names, in that order."""

    def __init__(self, nlp: Language, name: str = "diurna_names") -> None:
        self.nlp = nlp
        self.name = name
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.tokens = Matcher(nlp.vocab)  # token patterns (a user's dictionary may have some), with the hyphen pass
        self.labels: dict[int, tuple[str, str | None]] = {}  # match id -> (entity label, pattern id)
        self.person_key = 0  # match id of the hyphenated names (set by add_hyphen_names)
        self.given_not: frozenset[str] = frozenset()  # lower-case words that are never part of a given name
        self.surname_not: frozenset[str] = frozenset()  # lower-case words that end a name (offices)
        self.hyphen_names = False

    def add_phrases(self, patterns: Iterable[dict[str, Any]], *, cased: bool) -> None:
        """Phrase patterns ``{"label", "pattern": str, "id"?}``; tokenized by the pipeline's own tokenizer."""
        matcher = self.exact if cased else self.lower
        for p in patterns:
            matcher.add(self._key(p["label"], p.get("id")), [self.nlp.make_doc(p["pattern"])])

    def add_tokens(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Token patterns ``{"label", "pattern": [token specs], "id"?}``, matched in the last pass."""
        for p in patterns:
            self.tokens.add(self._key(p["label"], p.get("id")), [p["pattern"]])

    def add_hyphen_names(self, *, label: str, given_not: Iterable[str], surname_not: Iterable[str]) -> None:
        """Given-Given Surname...: title-case alphabetic words around a hyphen, then one or more surnames."""
        self.person_key = self.nlp.vocab.strings[self._key(label, None)]
        self.given_not = frozenset(w.lower() for w in given_not)
        self.surname_not = frozenset(w.lower() for w in surname_not)
        self.hyphen_names = True

    def _key(self, label: str, ident: str | None) -> str:
        """The matcher key of a label and pattern id (as spaCy's entity ruler names it), registered in ``labels``."""
        key = f"{label}||{ident}" if ident else label
        self.labels[self.nlp.vocab.strings.add(key)] = (label, ident)
        return key

    def __len__(self) -> int:
        return len(self.lower) + len(self.exact) + len(self.tokens) + int(self.hyphen_names)

    def __call__(self, doc: Doc) -> Doc:
        for matches in (self._phrases(self.lower, doc), self._phrases(self.exact, doc), self._people(doc)):
            if matches:
                self._annotate(doc, matches)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    # -- the passes ---------------------------------------------------------------------------------------
    @staticmethod
    def _phrases(matcher: PhraseMatcher, doc: Doc) -> list[Match]:
        if not len(matcher):
            return []
        return _ordered({(m, s, e) for m, s, e in matcher(doc) if s != e})

    def _people(self, doc: Doc) -> list[Match]:
        found: set[Match] = {(m, s, e) for m, s, e in self.tokens(doc) if s != e} if len(self.tokens) else set()
        if not self.hyphen_names or "-" not in doc.text:
            return _ordered(found)
        key = self.person_key
        n = len(doc)
        for i in range(1, n - 2):
            if doc[i].orth_ != "-" or not (self._given(doc[i - 1]) and self._given(doc[i + 1])):
                continue
            j = i + 2
            while j < n and self._surname(doc[j]):
                found.add((key, i - 1, j + 1))
                j += 1
        return _ordered(found)

    def _given(self, token: Any) -> bool:
        return token.is_title and token.is_alpha and token.lower_ not in self.given_not

    def _surname(self, token: Any) -> bool:
        return token.is_title and token.is_alpha and token.lower_ not in self.surname_not

    def _annotate(self, doc: Doc, matches: list[Match]) -> None:
        entities = list(doc.ents)
        new: list[Span] = []
        seen: set[int] = set()
        for match_id, start, end in matches:
            if start in seen or end - 1 in seen:
                continue
            label, ident = self.labels[match_id]
            new.append(Span(doc, start, end, label=label, span_id=ident or 0))
            entities = [e for e in entities if not (e.start < end and e.end > start)]
            seen.update(range(start, end))
        doc.ents = entities + new


def _ordered(matches: set[Match]) -> list[Match]:
    """Longest first, then leftmost, as spaCy's EntityRuler orders them."""
    return sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


@Language.factory("diurna_name_ruler")
def make_name_ruler(nlp: Language, name: str) -> NameRuler:
    return NameRuler(nlp, name)
