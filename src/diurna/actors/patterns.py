"""spaCy token patterns (SpanRuler / EntityRuler format) built from the actor dictionary.

Names are split with the spaCy English tokenizer (``spacy.blank("en")``), so "Guinea-Bissau", "Port-au-Prince"
and "U.S." become exactly the tokens the pipeline will see. Case-sensitive names (ALL CAPS: "US", "WHO") use the
``TEXT`` attribute, all others ``LOWER``. Labels: GPE (country names, capitals), NORP (adjectives, demonyms),
ORG (organizations, government metonyms such as "Kremlin"), TITLE (titles and role nouns). The ``id`` names the
dictionary entry ("country:CHL", "capital:Astana", "org:Taliban", "title:minister"); resolve the matched text
with the ``match_*`` functions and the article date, since what a name means can depend on the date.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diurna.actors.datafiles import case_sensitive, surface
from diurna.actors.titles import CONJUNCTIONS, PREPOSITIONS

if TYPE_CHECKING:
    from diurna.actors.dictionary import ActorDictionary

_APOSTROPHES = ("'", "\u2019")


@functools.cache
def _tokenizer() -> Any:
    import spacy

    return spacy.blank("en").tokenizer


def token_pattern(phrase: str, exact: bool) -> list[dict[str, Any]]:
    """Tokens of ``phrase`` as spaCy Matcher token specs (``TEXT`` when ``exact``, else ``LOWER``)."""
    doc = _tokenizer()(phrase)
    if exact:
        return [{"TEXT": t.text} for t in doc]
    return [{"LOWER": t.text.lower()} for t in doc]


@functools.cache
def common_words() -> frozenset[str]:
    """data/common_words.txt: English words that are lower case in running news text at least as often as not."""
    path = Path(__file__).resolve().parents[1] / "data" / "common_words.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _variants(name: str) -> list[str]:
    """The name, plus its curly-apostrophe spelling ("Côte d’Ivoire") when it has an apostrophe."""
    if "'" in name:
        return [name, name.replace("'", "\u2019")]
    return [name]


def build_patterns(ad: ActorDictionary) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(label: str, pattern: list[dict[str, Any]], ident: str) -> None:
        key = repr((label, pattern, ident))
        if pattern and key not in seen:
            seen.add(key)
            out.append({"label": label, "pattern": pattern, "id": ident})

    as_place: set[str] = set()  # "U.S." is a name and an adjective: keep one pattern, labelled GPE
    for name, entry in ad.country_names.names:
        label = "NORP" if entry.kind in ("adjective", "demonym") else "GPE"
        for variant in _variants(name):
            pattern = token_pattern(variant, case_sensitive(variant))
            key = repr((pattern, entry.code))
            if label == "GPE":
                as_place.add(key)
            elif key in as_place:
                continue
            add(label, pattern, f"country:{entry.code}")
    for name, entry in ad.capitals.names:
        label = "ORG" if entry.kind == "metonym" else "GPE"
        for variant in _variants(name):
            add(label, token_pattern(variant, case_sensitive(variant)), f"{entry.kind}:{entry.label}")
    common = common_words()
    for name, entry in ad.organizations.names:
        for variant in _variants(name):
            # a one-word name that is also an English word ("Amnesty", "LeT") matches only as written: never
            # "offers of amnesty", "let them go"
            exact = case_sensitive(variant) or (" " not in variant and variant.lower() in common)
            add("ORG", token_pattern(variant, exact), f"org:{entry.label}")
    _title_patterns(ad, add)
    return out


def _title_patterns(ad: ActorDictionary, add: Any) -> None:
    table = ad.titles
    mods: list[dict[str, Any]] = []
    if table.modifiers:
        mods = [{"LOWER": {"IN": sorted(table.modifiers)}, "OP": "*"}, {"ORTH": "-", "OP": "?"}]
    portfolio_words = sorted({w for key in table.portfolios for w in key})
    portfolio_phrases = sorted({" ".join(key) for key in table.portfolios})
    tail = [
        {"LOWER": {"IN": list(PREPOSITIONS)}},
        {"LOWER": "the", "OP": "?"},
        {"LOWER": {"IN": portfolio_words + list(CONJUNCTIONS)}, "OP": "*"},
        {"LOWER": {"IN": portfolio_words}},
    ]
    for phrase, entry in table.entries:
        exact = entry.case_sensitive
        base = token_pattern(surface(phrase), exact)
        ident = f"title:{entry.role}"
        if entry.portfolio != "only":
            add("TITLE", mods + base, ident)
        if entry.portfolio != "no":
            add("TITLE", mods + base + tail, ident)
            for p in portfolio_phrases:
                add("TITLE", mods + token_pattern(p, False) + base, ident)
