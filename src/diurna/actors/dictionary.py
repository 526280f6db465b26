"""diurna's actor dictionary: countries, capitals and metonyms, titles and organizations -> CAMEO-style codes.

The knowledge lives in data files under ``src/diurna/data/actors/`` (see ``docs/actors.md``); users can add their
own files of the same names in a directory given as ``extra_dir`` or in ``$DIURNA_ACTORS_DIR``. Everything that
changes over time (names, capitals, who governs) carries validity dates and lookups take the article's date.

A lookup never refuses a known name because of the date: it returns the entry valid on that date, or else the
nearest one with ``validity="outside"`` (``"unknown"`` when no date is given), so old and new articles both
resolve and the coder decides how far to trust an out-of-period reading.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from diurna.actors.datafiles import (
    Period,
    case_sensitive,
    fold,
    is_actor_code,
    is_country_code,
    parse_period,
    read_tsv,
    read_yaml_mapping,
    split_names,
    surface,
)
from diurna.actors.titles import TitleMatch, TitleTable
from diurna.errors import DataFileError

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "actors"

Validity = Literal["valid", "outside", "unknown"]
CAPITAL_KINDS = ("capital", "seat", "metonym")
_COUNTRY_FIELDS = {
    "name", "aliases", "adjectives", "demonyms", "former", "name_from", "from", "to",
    "ambiguous", "secondary", "legacy", "part_of", "note", "__line__", "__keylines__",
}  # fmt: skip
_PLURAL_ENDINGS = ("an", "i", "ot")

__all__ = [
    "ActorDictionary",
    "CountryMatch",
    "OrgMatch",
    "TitleMatch",
    "load_actor_dictionary",
    "match_capital",
    "match_country",
    "match_organization",
    "match_title",
    "patterns",
]


@dataclass(frozen=True)
class CountryMatch:
    """A country (or capital/metonym standing for its government).

    ``kind``: name, alias, adjective, demonym, former_name (country names) or capital, seat, metonym.
    ``valid_from``/``valid_to``: period of the matched entry. ``validity``: whether the article date falls in it.
    ``sector``: for capitals and metonyms the sector they stand for (GOV; "Pentagon" MIL), else None.
    ``alternatives``: other codes the same words can mean on that date (ambiguous names).
    """

    code: str
    name: str
    kind: str
    matched: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    validity: Validity = "unknown"
    ambiguous: bool = False
    alternatives: tuple[str, ...] = ()
    sector: str | None = None

    @property
    def confident(self) -> bool:
        """Valid on the article date and not flagged ambiguous."""
        return self.validity == "valid" and not self.ambiguous


@dataclass(frozen=True)
class OrgMatch:
    """An organization or armed group as it was on the article date (the Taliban: REB or GOV)."""

    code: str
    name: str
    country: str | None
    sector: str
    matched: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    validity: Validity = "unknown"
    ambiguous: bool = False
    alternatives: tuple[str, ...] = ()

    @property
    def confident(self) -> bool:
        return self.validity == "valid" and not self.ambiguous


@dataclass(frozen=True)
class _Entry:
    code: str
    label: str  # canonical name of the country / capital / organization
    kind: str
    period: Period
    ambiguous: bool
    secondary: bool
    order: int
    source: str  # "path:line"
    sector: str | None = None
    country: str | None = None


@dataclass
class _Index:
    """Names -> entries, one table for case-sensitive names (ALL CAPS) and one for folded names."""

    exact: dict[str, list[_Entry]] = field(default_factory=dict)
    folded: dict[str, list[_Entry]] = field(default_factory=dict)
    names: list[tuple[str, _Entry]] = field(default_factory=list)  # surface names as written, for patterns
    # text -> lookup result; coding asks for the same phrases again and again. Cleared by every add.
    _memo: dict[str, tuple[str, list[_Entry]] | None] = field(default_factory=dict, repr=False, compare=False)

    def add(self, name: str, entry: _Entry) -> None:
        self._memo.clear()
        if case_sensitive(name):
            table, key = self.exact, surface(name)
        else:
            table, key = self.folded, fold(name)
        if not key:
            return
        bucket = table.setdefault(key, [])
        if any(e.source == entry.source and e.code == entry.code and e.period == entry.period for e in bucket):
            return  # the same row spells it twice ("Côte d'Ivoire", "Cote d'Ivoire"; "Swazi" -> "Swazis")
        bucket.append(entry)
        self.names.append((surface(name), entry))

    def lookup(self, text: str) -> tuple[str, list[_Entry]] | None:
        if text in self._memo:
            return self._memo[text]
        found: tuple[str, list[_Entry]] | None = None
        for candidate in _candidates(text):
            hit = self.exact.get(surface(candidate)) or self.folded.get(fold(candidate))
            if hit:
                found = (candidate, hit)
                break
        if len(self._memo) > 1 << 16:
            self._memo.clear()
        self._memo[text] = found
        return found

    def check_collisions(self, what: str) -> None:
        """Two different actors may share a name at the same time only if both entries flag it."""
        for table in (self.exact, self.folded):
            for key, entries in table.items():
                for i, a in enumerate(entries):
                    for b in entries[i + 1 :]:
                        if not a.period.overlaps(b.period) or (a.code == b.code and a.kind != b.kind):
                            continue
                        path, _, line = b.source.rpartition(":")
                        lineno = int(line) if line.isdigit() else None
                        if a.code == b.code:
                            raise DataFileError(
                                path, f"{what} {key!r} listed twice for {b.code} with overlapping validity", lineno
                            )
                        if not ((a.ambiguous or a.secondary) and (b.ambiguous or b.secondary)):
                            raise DataFileError(
                                path,
                                f"{what} {key!r} means both {a.code} ({a.source}) and {b.code} at the same time; "
                                "flag it ambiguous/secondary in both or give validity dates",
                                lineno,
                            )


def _candidates(text: str) -> list[str]:
    """The text, without a possessive ("Chile's", "Chileans'") and without a leading "the"."""
    base = surface(text).strip(" \"“”")
    out = [base]
    no_pos = re.sub(r"(?<=\w)(?:'s|')$", "", base)
    no_the = re.sub(r"^the\s+", "", base, flags=re.IGNORECASE)
    both = re.sub(r"^the\s+", "", no_pos, flags=re.IGNORECASE)
    for c in (no_pos, no_the, both):
        if c and c not in out:
            out.append(c)
    return out


def _choose(entries: list[_Entry], on: dt.date | None) -> tuple[_Entry, Validity, tuple[str, ...], bool]:
    """The entry to report for ``on``, its validity, the alternative codes and whether it is ambiguous."""
    if on is not None:
        valid = [e for e in entries if e.period.contains(on)]
        if valid:
            ranked = sorted(valid, key=lambda e: (e.secondary, e.order))
            best = ranked[0]
            alts = tuple(dict.fromkeys(e.code for e in ranked[1:] if e.code != best.code))
            return best, "valid", alts, best.ambiguous or best.secondary or bool(alts)
        ranked = sorted(entries, key=lambda e: (e.period.distance(on), e.secondary, e.order))
        validity: Validity = "outside"
    else:
        # undated: prefer the current (open-ended, latest) reading
        ranked = sorted(
            entries,
            key=lambda e: (e.secondary, e.period.end is not None, -(e.period.end or dt.date.max).toordinal(), e.order),
        )
        validity = "unknown"
    best = ranked[0]
    alts = tuple(dict.fromkeys(e.code for e in ranked[1:] if e.code != best.code))
    # out of period / undated: the alternatives are other periods' readings, not ambiguity of the words
    return best, validity, alts, best.ambiguous or best.secondary


class ActorDictionary:
    """Indexes over the actor data files. Build it with :func:`load_actor_dictionary`."""

    def __init__(self) -> None:
        self.sectors: dict[str, str] = {}  # code -> label
        self.peoples: dict[str, str] = {}  # lower-case name of a people without one state -> its armed sector
        self.homelands: dict[str, frozenset[str]] = {}  # ... -> the states it lives in (its only possible countries)
        self.countries: dict[str, dict[str, Any]] = {}  # code -> merged YAML record
        self.legacy_codes: dict[str, str] = {}
        self.part_of: dict[str, list[tuple[str, Period]]] = {}  # code -> (earlier state, while part of it)
        self.country_names = _Index()
        self.capitals = _Index()
        self.organizations = _Index()
        self.titles = TitleTable()
        self._order = 0

    # -- lookups ------------------------------------------------------------------------------------------
    def country_name(self, code: str) -> str | None:
        record = self.countries.get(self.canonical_code(code))
        return record["name"] if record else None

    def canonical_code(self, code: str) -> str:
        """Current code for a legacy one (``ROM`` -> ``ROU``, ``ZAR`` -> ``COD``); other codes unchanged."""
        return self.legacy_codes.get(code, code)

    def territory_on(self, code: str, on: dt.date | None) -> str:
        """The state a place of country ``code`` belonged to on ``on``: Juba is in SDN in 2000 and in SSD from
        2011-07-09 (``part_of`` in countries.yaml). Without a date, or after independence: ``code``."""
        if on is None:
            return code
        for parent, period in self.part_of.get(code, ()):
            if period.contains(on):
                return parent
        return code

    def match_country(self, text: str, on: dt.date | None = None) -> CountryMatch | None:
        """Country name, alias, adjective/demonym or former name ("Chile", "Chilean", "Chile's", "Burma")."""
        return self._country_like(self.country_names, text, on)

    def match_capital(self, text: str, on: dt.date | None = None) -> CountryMatch | None:
        """Capital, seat of government or metonym ("Astana", "The Hague", "Kremlin") -> country."""
        return self._country_like(self.capitals, text, on)

    def match_title(self, text: str) -> TitleMatch | None:
        """Title or role phrase -> role, sector and any country named in it; the longest title phrase wins."""
        return self.titles.match(text, self._country_code_in_title)

    def match_organization(self, text: str, on: dt.date | None = None) -> OrgMatch | None:
        """IGO, NGO or armed group as it was on ``on`` (Taliban: AFGREBTAL before 2021-08-15, AFGGOV from)."""
        hit = self.organizations.lookup(text)
        if hit is None:
            return None
        matched, entries = hit
        best, validity, alts, ambiguous = _choose(entries, on)
        return OrgMatch(
            code=best.code, name=best.label, country=best.country, sector=best.sector or "", matched=matched,
            valid_from=best.period.start, valid_to=best.period.end, validity=validity,
            ambiguous=ambiguous, alternatives=alts,
        )  # fmt: skip

    def surface_names(self) -> list[str]:
        """Every country, nationality, capital and organisation name as written in the data files."""
        return [name for index in (self.country_names, self.capitals, self.organizations) for name, _ in index.names]

    def place_words(self) -> set[str]:
        """Lower-cased words that open a known place or country name ("guinea" of Guinea-Bissau, "port" of
        Port-au-Prince, "kenya"): a hyphenated capitalised word starting with one is no person's given name."""
        words: set[str] = set()
        for index in (self.country_names, self.capitals):
            for name, _ in index.names:
                first = name.split()[0] if name.split() else ""
                words.add(first.split("-")[0].lower())
        words.discard("")
        return words

    def patterns(self) -> list[dict[str, Any]]:
        """spaCy SpanRuler/EntityRuler token patterns for every name, capital, organization and title."""
        from diurna.actors.patterns import build_patterns

        return build_patterns(self)

    # -- internals ----------------------------------------------------------------------------------------
    def _country_like(self, index: _Index, text: str, on: dt.date | None) -> CountryMatch | None:
        hit = index.lookup(text)
        if hit is None:
            return None
        matched, entries = hit
        best, validity, alts, ambiguous = _choose(entries, on)
        return CountryMatch(
            code=best.code, name=self.country_name(best.code) or best.label, kind=best.kind, matched=matched,
            valid_from=best.period.start, valid_to=best.period.end, validity=validity,
            ambiguous=ambiguous, alternatives=alts, sector=best.sector,
        )  # fmt: skip

    def _country_code_in_title(self, text: str) -> str | None:
        match = self.match_country(text)
        return match.code if match is not None else None

    def _next(self) -> int:
        self._order += 1
        return self._order

    # -- loading ------------------------------------------------------------------------------------------
    def load_sectors(self, path: Path) -> None:
        for line, row in read_tsv(path, ["code", "label", "description"]):
            code = row["code"]
            if not re.fullmatch(r"[A-Z]{3}", code):
                raise DataFileError(str(path), f"sector code must be 3 capital letters, got {code!r}", line)
            self.sectors[code] = row["label"]

    def load_peoples(self, path: Path) -> None:
        """peoples.tsv: peoples whose name gives no country ("Kurdish forces"), with the sector of their fighters."""
        for line, row in read_tsv(path, ["names", "armed_sector", "countries", "note"]):
            sector = row["armed_sector"]
            if sector not in self.sectors:
                raise DataFileError(str(path), f"unknown sector {sector!r} (sectors.tsv)", line)
            homelands = frozenset(split_names(row["countries"]))
            bad = sorted(c for c in homelands if not is_country_code(c))
            if not homelands or bad:
                raise DataFileError(str(path), f"countries must be ISO alpha-3 codes separated by '|', got "
                                               f"{row['countries']!r}", line)
            for name in split_names(row["names"]):
                self.peoples[name.lower()] = sector
                self.homelands[name.lower()] = homelands

    def homelands_of(self, text: str) -> frozenset[str] | None:
        """The states a phrase's people lives in ("Kurdish forces" -> TUR, SYR, IRQ, IRN); None when it names none."""
        for word in re.findall(r"[\w-]+", text.lower()):
            if word in self.homelands:
                return self.homelands[word]
        return None

    def merge_countries(self, path: Path) -> None:
        for code, record in read_yaml_mapping(path).items():
            line = record.get("__line__") if isinstance(record, dict) else None
            if not isinstance(code, str) or not is_country_code(code):
                raise DataFileError(str(path), f"country code must be 3 capital letters, got {code!r}", line)
            if not isinstance(record, dict):
                raise DataFileError(str(path), f"{code}: expected a mapping of fields", line)
            unknown = set(record) - _COUNTRY_FIELDS
            if unknown:
                first = min(record["__keylines__"].get(k, line) for k in unknown)
                raise DataFileError(str(path), f"{code}: unknown field(s) {', '.join(sorted(map(str, unknown)))}", first)
            target = self.countries.setdefault(code, {"__sources__": []})
            for key, value in record.items():
                if key in ("aliases", "adjectives", "demonyms", "former", "ambiguous", "secondary", "legacy", "part_of"):
                    if not isinstance(value, list):
                        raise DataFileError(str(path), f"{code}: {key} must be a list", line)
                    target.setdefault(key, []).extend(value)
                elif key not in ("__line__", "__keylines__"):
                    target[key] = value
            target.setdefault("__keylines__", {}).update(record["__keylines__"])
            target["__sources__"].append((path, line))
            if not isinstance(target.get("name"), str) or not target["name"].strip():
                raise DataFileError(str(path), f"{code}: missing name", line)

    def index_countries(self) -> None:
        for code, record in self.countries.items():
            path, line = record["__sources__"][-1]
            source = f"{path}:{line}"
            lines = record["__keylines__"]
            exist = parse_period(record.get("from"), record.get("to"), path=path, line=lines.get("from", line))
            flagged = {fold(str(n)) for n in record.get("ambiguous", [])}
            secondary = {fold(str(n)) for n in record.get("secondary", [])}
            names: list[tuple[str, str, Period]] = []
            name_from = parse_period(record.get("name_from"), None, path=path, line=lines.get("name_from", line))
            name_period = exist.intersect(name_from)
            names.append((record["name"], "name", name_period))
            names += [(a, "alias", exist) for a in record.get("aliases", [])]
            for adjective in record.get("adjectives", []):
                names.append((adjective, "adjective", exist))
                if str(adjective).endswith(_PLURAL_ENDINGS) and not case_sensitive(str(adjective)):
                    names.append((f"{adjective}s", "demonym", exist))
            names += [(d, "demonym", exist) for d in record.get("demonyms", [])]
            for former in record.get("former", []):
                if not isinstance(former, dict) or not isinstance(former.get("name"), str):
                    raise DataFileError(str(path), f"{code}: former names need a name (and from/to)", line)
                fline = former.get("__line__", line)
                extra = set(former) - {"name", "from", "to", "__line__", "__keylines__"}
                if extra:
                    raise DataFileError(str(path), f"{code}: unknown field(s) in former name: {sorted(extra)}", fline)
                period = exist.intersect(parse_period(former.get("from"), former.get("to"), path=path, line=fline))
                names.append((former["name"], "former_name", period))
            for name, _, _ in names:
                if not isinstance(name, str) or not name.strip():
                    raise DataFileError(str(path), f"{code}: empty or non-text name {name!r}", line)
            known = {fold(n) for n, _, _ in names}
            for listed in flagged | secondary:
                if listed not in known:
                    where = lines.get("ambiguous" if listed in flagged else "secondary", line)
                    raise DataFileError(str(path), f"{code}: ambiguous/secondary name {listed!r} is not one of its names", where)
            for name, kind, period in names:
                key = fold(name)
                plural_of = key[:-1] if kind == "demonym" and key.endswith("s") else None
                entry = _Entry(
                    code=code, label=record["name"], kind=kind, period=period, order=self._next(), source=source,
                    ambiguous=key in flagged or plural_of in flagged,
                    secondary=key in secondary or plural_of in secondary,
                )  # fmt: skip
                self.country_names.add(name, entry)
            for parent in record.get("part_of", []):
                where = parent.get("__line__", line) if isinstance(parent, dict) else line
                if not isinstance(parent, dict) or not is_country_code(str(parent.get("code", ""))) or "to" not in parent:
                    raise DataFileError(str(path), f"{code}: part_of needs a country code and a 'to' date", where)
                period = parse_period(parent.get("from"), parent.get("to"), path=path, line=where)
                self.part_of.setdefault(code, []).append((parent["code"], period))
            for legacy in record.get("legacy", []):
                where = lines.get("legacy", line)
                if not isinstance(legacy, str) or not is_country_code(legacy):
                    raise DataFileError(str(path), f"{code}: legacy code must be 3 capital letters, got {legacy!r}", where)
                if legacy in self.countries:
                    raise DataFileError(str(path), f"{code}: legacy code {legacy} is also a current code", where)
                self.legacy_codes[legacy] = code
        self.country_names.check_collisions("country name")

    def load_capitals(self, path: Path) -> None:
        columns = ["country", "names", "kind", "sector", "from", "to", "flags", "note"]
        for line, row in read_tsv(path, columns):
            code = row["country"]
            if code not in self.countries:
                raise DataFileError(str(path), f"unknown country code {code!r}", line)
            if row["kind"] not in CAPITAL_KINDS:
                raise DataFileError(str(path), f"kind must be one of {', '.join(CAPITAL_KINDS)}, got {row['kind']!r}", line)
            sector = self._sector(row["sector"] or "GOV", path, line)
            flags = self._flags(row["flags"], path, line)
            names = split_names(row["names"])
            if not names:
                raise DataFileError(str(path), "no name", line)
            period = parse_period(row["from"], row["to"], path=path, line=line)
            for name in names:
                entry = _Entry(
                    code=code, label=names[0], kind=row["kind"], period=period, ambiguous="ambiguous" in flags,
                    secondary=False, order=self._next(), source=f"{path}:{line}", sector=sector, country=code,
                )  # fmt: skip
                self.capitals.add(name, entry)

    def load_organizations(self, path: Path) -> None:
        columns = ["code", "names", "country", "sector", "from", "to", "flags", "note"]
        for line, row in read_tsv(path, columns):
            code = row["code"]
            if not is_actor_code(code):
                raise DataFileError(str(path), f"actor code must be 3-character segments (A-Z, 0-9), got {code!r}", line)
            country = row["country"] or None
            if country is not None and country not in self.countries:
                raise DataFileError(str(path), f"unknown country code {country!r}", line)
            sector = self._sector(row["sector"], path, line)
            if sector is None:
                raise DataFileError(str(path), "an organization needs a sector", line)
            flags = self._flags(row["flags"], path, line)
            names = split_names(row["names"])
            if not names:
                raise DataFileError(str(path), "no name", line)
            period = parse_period(row["from"], row["to"], path=path, line=line)
            for name in names:
                entry = _Entry(
                    code=code, label=names[0], kind="organization", period=period, ambiguous="ambiguous" in flags,
                    secondary=False, order=self._next(), source=f"{path}:{line}", sector=sector, country=country,
                )  # fmt: skip
                self.organizations.add(name, entry)

    def _sector(self, value: str, path: Path, line: int) -> str | None:
        if value in ("", "-"):
            return None
        if value not in self.sectors:
            raise DataFileError(str(path), f"unknown sector {value!r} (see sectors.tsv)", line)
        return value

    @staticmethod
    def _flags(value: str, path: Path, line: int) -> set[str]:
        flags = {f.strip() for f in value.split(",") if f.strip()}
        if flags - {"ambiguous"}:
            raise DataFileError(str(path), f"unknown flag(s) {', '.join(sorted(flags - {'ambiguous'}))}", line)
        return flags


def _files(dirs: Iterable[Path], name: str) -> list[Path]:
    return [d / name for d in dirs if (d / name).is_file()]


@functools.cache
def _load(dirs: tuple[Path, ...]) -> ActorDictionary:
    ad = ActorDictionary()
    for path in _files(dirs, "sectors.tsv"):
        ad.load_sectors(path)
    for path in _files(dirs, "peoples.tsv"):
        ad.load_peoples(path)
    for path in _files(dirs, "countries.yaml"):
        ad.merge_countries(path)
    ad.index_countries()
    for path in _files(dirs, "capitals.tsv"):
        ad.load_capitals(path)
    ad.capitals.check_collisions("capital")
    for path in _files(dirs, "organizations.tsv"):
        ad.load_organizations(path)
    ad.organizations.check_collisions("organization name")
    sectors = set(ad.sectors)
    for path in _files(dirs, "portfolios.tsv"):
        ad.titles.load_portfolios(path)
    for path in _files(dirs, "title_modifiers.tsv"):
        ad.titles.load_modifiers(path, sectors)
    for path in _files(dirs, "titles.tsv"):
        ad.titles.load_titles(path, sectors)
    log.debug("actor dictionary loaded from %s: %d countries", ", ".join(map(str, dirs)), len(ad.countries))
    return ad


def actor_dirs(extra_dir: Path | None = None) -> tuple[Path, ...]:
    """The bundled data folder, then ``extra_dir`` (the ``actors_dir`` setting) when given: where every actor data
    file (the dictionary's and people.tsv) is looked for."""
    dirs: tuple[Path, ...] = (DATA_DIR,)
    if extra_dir is not None:
        extra = Path(extra_dir).expanduser().resolve()
        if not extra.is_dir():
            raise DataFileError(str(extra), "actor dictionary directory does not exist")
        dirs += (extra,)
    return dirs


def load_actor_dictionary(extra_dir: Path | None = None) -> ActorDictionary:
    """The bundled dictionary plus the files in ``extra_dir`` (the ``actors_dir`` setting of
    :class:`diurna.config.Config`, environment variable ``DIURNA_ACTORS_DIR``); loaded once per directory.

    Extra files have the bundled names (countries.yaml, capitals.tsv, titles.tsv, portfolios.tsv,
    title_modifiers.tsv, organizations.tsv, sectors.tsv, peoples.tsv); their rows are added to the bundled ones and a
    country record extends the bundled record of the same code.
    """
    return _load(actor_dirs(extra_dir))


def match_country(text: str, on: dt.date | None = None) -> CountryMatch | None:
    """:meth:`ActorDictionary.match_country` on the default dictionary."""
    return load_actor_dictionary().match_country(text, on)


def match_capital(text: str, on: dt.date | None = None) -> CountryMatch | None:
    """:meth:`ActorDictionary.match_capital` on the default dictionary."""
    return load_actor_dictionary().match_capital(text, on)


def match_title(text: str) -> TitleMatch | None:
    """:meth:`ActorDictionary.match_title` on the default dictionary."""
    return load_actor_dictionary().match_title(text)


def match_organization(text: str, on: dt.date | None = None) -> OrgMatch | None:
    """:meth:`ActorDictionary.match_organization` on the default dictionary."""
    return load_actor_dictionary().match_organization(text, on)


def patterns() -> list[dict[str, Any]]:
    """:meth:`ActorDictionary.patterns` on the default dictionary."""
    return load_actor_dictionary().patterns()
