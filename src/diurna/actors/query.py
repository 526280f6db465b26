"""Actor filter values ("Turkey", "Türkiye", "TUR", "the UN", "IGOUNO") -> the actor codes a query matches.

Used by ``diurna events`` / ``diurna export`` (:class:`diurna.store.query.EventFilter`) and the web UI. Cheap: only
the actor dictionary's data files are read (no spaCy). A value is

- an actor code (``TUR``, ``USAGOV``, ``IGOUNO``, case-insensitive) whose first three letters are a country code of
  the dictionary (legacy codes such as ``ROM`` stand for their current code as well), a sector code (``IGO``,
  ``NGO``, ``REB`` ...) or the start of an organisation's code; and/or
- a name the dictionary knows: a country's name, alias, adjective or former name ("Turkey", "Türkiye",
  "Turkish", "Burma"), a capital or metonym ("Ankara", "the Kremlin": their country), an organisation or armed
  group ("the UN", "Hamas"). A name that meant different actors over time ("Taliban": AFGREBTAL, then AFGGOV)
  gives all of them.

The result is a tuple of code prefixes; a query matches an actor whose code starts with one of them or whose
country is one of them. A value that is neither raises :class:`UnknownActorError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from diurna.actors.datafiles import is_actor_code
from diurna.errors import DiurnaError

if TYPE_CHECKING:
    from diurna.actors.dictionary import ActorDictionary
    from diurna.config import Config


class UnknownActorError(DiurnaError, ValueError):
    """An actor filter value names no actor of the dictionaries and is not an actor code."""

    def __init__(self, value: str, message: str) -> None:
        self.value = value
        super().__init__(message)


def _dictionary(source: ActorDictionary | Config | None) -> ActorDictionary:
    from diurna.actors.dictionary import ActorDictionary, load_actor_dictionary

    if isinstance(source, ActorDictionary):
        return source
    if source is None:
        return load_actor_dictionary()
    actors_dir = getattr(source, "actors_dir", None)  # a Config (or anything carrying the actors_dir setting)
    return load_actor_dictionary(actors_dir)


def _code_root_known(code: str, ad: ActorDictionary) -> bool:
    """True when the code's first segment is a country (current or legacy) or sector code of the dictionary."""
    head = code[:3]
    return head in ad.countries or head in ad.legacy_codes or head in ad.sectors


def actor_filter_codes(value: str, source: ActorDictionary | Config | None = None) -> tuple[str, ...]:
    """The actor code prefixes ``value`` stands for (see the module docstring), most specific reading first and
    without duplicates; a code already covered by a shorter one of the result is left out ("BRAZIL" gives
    ``("BRA",)``).

    ``source``: the actor dictionary to use, or a :class:`~diurna.config.Config` whose ``actors_dir`` extends the
    bundled one (default: the bundled dictionary). Raises :class:`UnknownActorError` for an empty value or one
    that names nothing."""
    text = " ".join(str(value).split())
    if not text:
        raise UnknownActorError(value, "empty actor: give a name (Turkey) or a code (TUR), or no actor filter")
    ad = _dictionary(source)
    codes: list[str] = []
    upper = text.upper().replace(" ", "")
    if is_actor_code(upper) and _code_root_known(upper, ad):
        codes.append(upper)
        canonical = ad.canonical_code(upper[:3])
        if canonical != upper[:3]:
            codes.append(canonical + upper[3:])
    for match in (ad.match_country(text), ad.match_capital(text)):
        if match is not None:
            codes.extend((match.code, *match.alternatives))
    org = ad.match_organization(text)
    if org is not None:
        codes.extend((org.code, *org.alternatives))
    if not codes:
        raise UnknownActorError(
            value, f"actor {text!r} is neither an actor code (TUR, USAGOV, IGOUNO) nor a name in the actor "
                   f"dictionaries (a country, capital or organisation: Turkey, Ankara, United Nations); "
                   f"docs/actors.md says how to add one")
    unique = list(dict.fromkeys(codes))
    return tuple(c for c in unique if not any(o != c and c.startswith(o) for o in unique))
