"""Dated political office-holders: "Reagan said", "President Mubarak", "Putin warned" -> country and sector.

The table is ``src/diurna/data/actors/people.tsv`` plus a user ``people.tsv`` in ``extra_dir`` or
``$DIURNA_ACTORS_DIR`` (the directory the actor dictionary reads). Every row is one office held for a period; a
lookup returns the office held **on the article's date**, never a timeless answer:

* A row without an end date must say "ongoing as of YYYY" in its note; it is used only up to 31 December of
  YYYY + 2 (:data:`ONGOING_GRACE_YEARS`), since an unknown end is not "forever".
* A bare surname ("Bush", "Castro") matches only when exactly one person with that alias is in office on the
  date; two different people holding the same name at once give ``None``. So does a full name shared by two.
* Without a date no office is guessed: a name with exactly one row that has an end date (a closed historical
  term, e.g. "Ronald Reagan") is that office, the only one the name can mean; a name all of whose rows are one
  person of one country and sector ("Vajpayee", prime minister twice) is that person's country and sector, with
  the role only when every row has the same one. A name shared by two people, or a person who changed country
  or sector (from government to opposition), stays unknown.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from diurna.actors.datafiles import Period, fold, is_actor_code, parse_period, read_tsv, split_names, surface
from diurna.actors.dictionary import ActorDictionary, actor_dirs, load_actor_dictionary
from diurna.errors import DataFileError

__all__ = ["ONGOING_GRACE_YEARS", "PeopleTable", "PersonMatch", "load_people", "match_person"]

FILE_NAME = "people.tsv"
COLUMNS = ["name", "aliases", "country", "sector", "role", "from", "to", "note"]
ONGOING_GRACE_YEARS = 2
_ONGOING = re.compile(r"ongoing as of (\d{4})", re.IGNORECASE)
# Title words a caller may leave in front of a name ("President Mubarak", "Russian Prime Minister Putin").
_TITLE = re.compile(
    r"^(?:acting|interim|caretaker|deputy|vice|crown|supreme|then|de\s+facto)?\s*"
    r"(?:president|prime\s+minister|premier|chancellor|king|queen|emperor|empress|prince|princess|sheikh|"
    r"sheik|shaikh|sultan|emir|amir|ayatollah|grand\s+ayatollah|mr|mrs|ms|miss|dr|sir|lord|lady|dame|"
    r"general|gen|field\s+marshal|marshal|colonel|col|pm|secretary\s+of\s+state|secretary[\s-]general|"
    r"foreign\s+minister|foreign\s+secretary|defen[cs]e\s+minister|minister|chairman|chairwoman|chair|"
    r"leader|state\s+counsellor|his\s+majesty|her\s+majesty)\.?\s+",
    re.IGNORECASE,
)
_FORMER = re.compile(r"^(?:former|ex|late|the\s+late)\b[\s-]*", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?<=\w)(?:'s|')$")


@dataclass(frozen=True)
class PersonMatch:
    """The office a named person held on the article date.

    ``country`` is an ISO alpha-3 code, or an organization's actor code for IGO officials and group leaders
    (``IGOUNO``, ``PSEREBHMS``); :attr:`code` combines it with the sector into the actor code.
    ``valid_to`` is None for a term with no recorded end; ``ongoing_as_of`` is then the last year it is known
    to have continued.
    """

    name: str
    country: str
    sector: str
    role: str
    matched: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    ongoing_as_of: int | None = None

    @property
    def code(self) -> str:
        """``AFGGOV`` for a country and sector; an organization's own code (``IGONAT``, ``PSEREBHMS``) as is."""
        return self.country + self.sector if len(self.country) == 3 else self.country


@dataclass(frozen=True)
class _Row:
    name: str
    country: str
    sector: str
    role: str
    recorded: Period  # as written; end None = no end recorded
    usable: Period  # the period lookups use (open ends capped at the ongoing year + grace)
    ongoing_as_of: int | None
    order: int
    source: str


@dataclass
class PeopleTable:
    """Aliases -> office rows. Build it with :func:`load_people`."""

    dictionary: ActorDictionary
    rows: list[_Row] = field(default_factory=list)
    index: dict[str, list[_Row]] = field(default_factory=dict)
    by_name: dict[str, list[_Row]] = field(default_factory=dict)

    def load(self, path: Path) -> None:
        dictionary = self.dictionary
        org_codes = {e.code for table in (dictionary.organizations.exact, dictionary.organizations.folded)
                     for entries in table.values() for e in entries}  # fmt: skip
        for line, row in read_tsv(path, COLUMNS):
            self._add(path, line, row, dictionary, org_codes)

    def _add(self, path: Path, line: int, row: dict[str, str], ad: ActorDictionary, orgs: set[str]) -> None:
        def fail(reason: str) -> DataFileError:
            return DataFileError(str(path), reason, line)

        name, country, sector, role = row["name"], row["country"], row["sector"], row["role"]
        if not name:
            raise fail("no name")
        if not role:
            raise fail(f"{name}: no role")
        if not is_actor_code(country) or (country not in ad.countries and country not in orgs):
            raise fail(f"{name}: unknown country or organization code {country!r} (see countries.yaml, organizations.tsv)")
        if sector not in ad.sectors:
            raise fail(f"{name}: unknown sector {sector!r} (see sectors.tsv)")
        if not row["from"]:
            raise fail(f"{name}: no start date (every office needs dates)")
        recorded = parse_period(row["from"], row["to"], path=path, line=line)
        ongoing: int | None = None
        usable = recorded
        if recorded.end is None:
            m = _ONGOING.search(row["note"])
            if m is None:
                raise fail(f"{name}: no end date and no 'ongoing as of YYYY' in the note")
            ongoing = int(m[1])
            assert recorded.start is not None
            if ongoing < recorded.start.year:
                raise fail(f"{name}: 'ongoing as of {ongoing}' is before the start {recorded.start}")
            usable = Period(recorded.start, dt.date(ongoing + ONGOING_GRACE_YEARS, 12, 31))
        entry = _Row(name=name, country=country, sector=sector, role=role, recorded=recorded, usable=usable,
                     ongoing_as_of=ongoing, order=len(self.rows), source=f"{path}:{line}")  # fmt: skip
        for other in self.by_name.get(name, []):
            if (
                other.name == name and other.role == role and other.country == country and other.usable.overlaps(usable)
                and other.recorded.end != usable.start  # a term ending the day the next begins is fine
            ):
                raise fail(f"{name}: {role} of {country} overlaps {other.source}")
        self.rows.append(entry)
        self.by_name.setdefault(name, []).append(entry)
        keys = {fold(n) for n in [name, *split_names(row["aliases"])]}
        for key in sorted(k for k in keys if k):
            self.index.setdefault(key, []).append(entry)

    # -- lookups ------------------------------------------------------------------------------------------
    def match(self, text: str, on: dt.date | None) -> PersonMatch | None:
        """The office held on ``on`` by the person named in ``text`` (see the module docstring for the rules)."""
        hit = self._lookup(text)
        if hit is None:
            return None
        matched, rows = hit
        if on is None:
            if len(rows) == 1 and rows[0].recorded.end is not None:
                return _result(rows[0], matched)
            if len({(r.name, r.country, r.sector) for r in rows}) != 1:
                return None
            latest = max(rows, key=lambda r: (r.recorded.start or dt.date.min, -r.order))
            undated = _result(latest, matched)
            roles = {r.role for r in rows}
            return undated if len(roles) == 1 else replace(undated, role="")
        valid = [r for r in rows if r.usable.contains(on)]
        if len({r.name for r in valid}) != 1:
            return None  # nobody in office, or two people with that name (a shared surname) at once
        best = max(valid, key=lambda r: (r.recorded.start or dt.date.min, -r.order))  # the most recent office
        return _result(best, matched)

    def candidates(self, text: str) -> list[PersonMatch]:
        """Every office of every person the name can mean, whatever the date (e.g. to code "former" leaders)."""
        hit = self._lookup(text)
        if hit is None:
            return []
        matched, rows = hit
        return [_result(r, matched) for r in sorted(rows, key=lambda r: (r.recorded.start or dt.date.min, r.order))]

    def _lookup(self, text: str) -> tuple[str, list[_Row]] | None:
        base = _POSSESSIVE.sub("", surface(text).strip(" \"“”"))
        if _FORMER.match(base):
            return None  # "former President Bush" is not whoever holds the office now
        candidate = base
        while candidate:
            rows = self.index.get(fold(candidate))
            if rows and not (" " not in candidate and candidate.islower()):
                return candidate, rows  # a bare surname needs its capital ("Bush", not "bush")
            stripped = _TITLE.sub("", candidate, count=1)
            if stripped == candidate:
                stripped = self._strip_country(candidate)
            if stripped == candidate:
                return None
            candidate = stripped.strip()
        return None

    def _strip_country(self, text: str) -> str:
        """ "Russian President Putin" -> "President Putin": a leading country name or adjective, before a title."""
        words = text.split()
        for n in (3, 2, 1):
            rest = " ".join(words[n:])
            if len(words) > n and _TITLE.match(rest) and self.dictionary.match_country(" ".join(words[:n])):
                return rest
        return text


def _result(row: _Row, matched: str) -> PersonMatch:
    return PersonMatch(
        name=row.name, country=row.country, sector=row.sector, role=row.role, matched=matched,
        valid_from=row.recorded.start, valid_to=row.recorded.end, ongoing_as_of=row.ongoing_as_of,
    )  # fmt: skip


@functools.cache
def _load(dirs: tuple[Path, ...]) -> PeopleTable:
    dictionary = load_actor_dictionary(dirs[1] if len(dirs) > 1 else None)
    table = PeopleTable(dictionary)
    for d in dirs:
        if (d / FILE_NAME).is_file():
            table.load(d / FILE_NAME)
    return table


def load_people(extra_dir: Path | None = None) -> PeopleTable:
    """The bundled table plus ``people.tsv`` in ``extra_dir`` (the ``actors_dir`` setting); loaded once per directory.

    Codes are checked against the actor dictionary of the same directories (so a user's own countries and
    organizations may be used); a bad row raises :class:`DataFileError` naming file and line.
    """
    return _load(actor_dirs(extra_dir))


def match_person(text: str, on: dt.date | None) -> PersonMatch | None:
    """:meth:`PeopleTable.match` on the default table: the office the named person held on ``on``."""
    return load_people().match(text, on)
