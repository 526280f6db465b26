"""The GDELT 2.0 event table export: one row of the 61 GDELT columns per *actual* event of a store, and a
provenance table that leads each row back to the sentences it was coded from.

Every field is documented in docs/store.md ("gdelt"): what we fill, from what, and what stays empty and why.
In short:

- dates: ``SQLDATE`` is the event's date; an event the text does not date takes its article's publication date,
  as GDELT does (the provenance table says which: ``date_from``);
- actors: CAMEO codes as coded; ``Actor*Name`` is the name the actor dictionaries give the actor (a known person,
  an organization, else the country, else the sector's label), never the phrase of the text;
- geography: GDELT's country codes are FIPS 10-4 (``data/ontology/iso3_fips.tsv``); our own exports keep ISO;
- ``IsRootEvent``: 1 when a report of the event is among the first :data:`LEAD_SENTENCES` sentences of its
  article (the lead), else 0;
- ``DATEADDED``: when the event's first report was committed to the store (UTC, YYYYMMDDHHMMSS);
- ``AvgTone``: the mean ``tone`` of the event's articles when the store has that column, else empty;
- ``SOURCEURL``: the URL of the article whose report the row carries, else a stable ``diurna:article:ID`` URI.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import duckdb
import pyarrow as pa

from diurna.actors.datafiles import fold, read_tsv
from diurna.errors import DataFileError
from diurna.store.manifest import read_manifests
from diurna.store.query import Store, reading

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]

#: the 61 columns of the GDELT 2.0 event table, in order (GDELT's files have no header line)
GDELT_COLUMNS: list[str] = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
       "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO] + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)

#: the columns of the provenance table (tab-separated, with this header): one row per report of each exported
#: event, the representative report (whose coding the GDELT row carries) first
PROVENANCE_COLUMNS: list[str] = [
    "GLOBALEVENTID", "event_id", "representative", "mention_id", "article_id", "source_url", "publisher",
    "sentence", "start", "end", "trigger", "text", "mention_date", "mention_date_precision", "date_from",
    "action_country_iso3",
]

#: a report among the first this many sentences of its article is in the lead (IsRootEvent = 1)
LEAD_SENTENCES = 3

FIPS_FILE = Path(__file__).resolve().parents[1] / "data" / "ontology" / "iso3_fips.tsv"

_SECTOR_GROUPS = ("IGO", "NGO", "IMG")
_DAY_PRECISIONS = ("day", "week")


def article_uri(article_id: str) -> str:
    """The stable URI of an article that has no URL: ``diurna:article:`` and its id, percent-encoded."""
    return "diurna:article:" + quote(article_id, safe="")


@dataclass(frozen=True)
class Country:
    iso3: str
    fips: str
    name: str


@functools.cache
def fips_table(path: Path = FIPS_FILE) -> dict[str, Country]:
    """ISO alpha-3 (as diurna and CAMEO spell it) -> FIPS 10-4 country code and name, from ``iso3_fips.tsv``."""
    table: dict[str, Country] = {}
    for line, row in read_tsv(path, ["iso3", "fips", "name", "note"]):
        iso3, code = row["iso3"], row["fips"]
        if not (len(iso3) == 3 and iso3.isascii() and iso3.isalpha() and iso3.isupper()):
            raise DataFileError(str(path), f"{iso3!r} is not a 3-letter upper-case code", line)
        if code and not (len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()):
            raise DataFileError(str(path), f"{iso3}: FIPS code {code!r} is not 2 upper-case letters", line)
        if iso3 in table:
            raise DataFileError(str(path), f"{iso3} is listed twice", line)
        if not row["name"]:
            raise DataFileError(str(path), f"{iso3}: no name", line)
        table[iso3] = Country(iso3, code, row["name"])
    return table


def fips(iso3: str | None) -> str:
    """The FIPS 10-4 code of a country given in ISO alpha-3; empty when unknown or when it has none."""
    if not iso3:
        return ""
    row = fips_table().get(iso3)
    return row.fips if row else ""


class ActorNames:
    """The dictionary name of an actor (GDELT's ``Actor1Name`` holds it in upper case): a person of the people
    table by their canonical name, an organization by its code (organizations.tsv), else the actor's country
    (its English name in iso3_fips.tsv), else its sector's label ("police"); empty when none of these is known.
    A phrase of the text ("more than 2,000 people") is never used. Reads the actor data files of the bundled
    folder and of ``actors_dir`` (the ``actors_dir`` setting) directly, without building the dictionary."""

    def __init__(self, actors_dir: Path | None = None) -> None:
        from diurna.actors.dictionary import actor_dirs
        from diurna.actors.people import COLUMNS as PEOPLE_COLUMNS

        self.people: dict[str, str] = {}
        self.organizations: dict[str, str] = {}
        self.sectors: dict[str, str] = {}
        for folder in actor_dirs(actors_dir):
            if (folder / "people.tsv").is_file():
                for _, row in read_tsv(folder / "people.tsv", PEOPLE_COLUMNS):
                    self.people.setdefault(fold(row["name"]), row["name"])
            if (folder / "organizations.tsv").is_file():
                for _, row in read_tsv(folder / "organizations.tsv",
                                       ["code", "names", "country", "sector", "from", "to", "flags", "note"]):
                    first = row["names"].split("|")[0].strip()
                    if first:
                        self.organizations.setdefault(row["code"], first)
            if (folder / "sectors.tsv").is_file():
                for _, row in read_tsv(folder / "sectors.tsv", ["code", "label", "description"]):
                    self.sectors.setdefault(row["code"], row["label"])

    def name(self, code: str | None, name: str | None, country: str | None, sector: str | None) -> str:
        if name and fold(name) in self.people:
            return self.people[fold(name)]
        if code:
            for end in range(len(code), 5, -3):  # IGOUNOUSC, then IGOUNO: the most specific organization known
                if code[:end] in self.organizations:
                    return self.organizations[code[:end]]
        if country and country in fips_table():
            return fips_table()[country].name
        if sector and sector in self.sectors and sector not in _SECTOR_GROUPS:
            return self.sectors[sector].capitalize()
        return ""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _actor_cells(code: str | None, name: str, country: str | None, sector: str | None) -> list[str]:
    known_group = code[3:] if code and code.startswith(_SECTOR_GROUPS[:2]) and len(code) > 3 else ""
    type1 = sector if sector and sector not in _SECTOR_GROUPS else ""
    return [code or "", name, country or "", known_group, "", "", "", type1, "", ""]


def fraction_date(d: dt.date) -> str:
    """GDELT's FractionDate: YYYY + ((month − 1) × 30 + day) / 365, four decimals (from 0 to 0.9890)."""
    return f"{d.year + ((d.month - 1) * 30 + d.day) / 365:.4f}"


def _geo_type(kind: str | None, country: str | None) -> int:
    us = country == "USA"
    if kind == "country":
        return 1
    if kind == "region":
        return 2 if us else 5
    return 3 if us else 4  # a city or any other named place


def action_geo(name: str | None, country: str | None, kind: str | None, lat: float | None,
               lon: float | None) -> list[str]:
    """The 8 ActionGeo cells of an event location (country codes converted to FIPS 10-4). A location without a
    country (a continent) has no GDELT resolution: all empty."""
    if not country:
        return [""] * 8
    code = fips(country)
    country_name = (fips_table().get(country or "") or Country("", "", "")).name
    kind = kind or ("country" if not name else None)
    gtype = _geo_type(kind, country)
    if gtype == 1:
        full = name or country_name
        return ["1", full, code, code, "", _cell(lat), _cell(lon), code]
    parts = [name or country_name] + ([country_name] if name and country_name and country_name != name else [])
    full = ", ".join(p for p in parts if p)
    return [str(gtype), full, code, "", "", _cell(lat), _cell(lon), ""]


@dataclass
class PreparedEvent:
    """An event of the ``events`` view (``row``) with what the GDELT and POLECAT rows derive from its reports."""

    row: dict[str, Any]
    sqldate: dt.date | None
    date_from: str
    lead: bool
    added: str
    tone: float | None
    url: str  # SOURCEURL: the representative report's article URL, else its diurna: URI
    rep: dict[str, Any] | None = None  # the representative report (a row of the reports list)
    reports: list[dict[str, Any]] = field(default_factory=list)


def _dateadded(root: Path) -> dict[str, str]:
    """Batch -> its commit time, as GDELT's DATEADDED (UTC, YYYYMMDDHHMMSS)."""
    out = {}
    for m in read_manifests(root):
        if m.get("batch") and isinstance(m.get("time"), str):
            try:
                t = dt.datetime.fromisoformat(m["time"])
            except ValueError:
                continue
            if t.tzinfo is not None:
                t = t.astimezone(dt.timezone.utc)
            out[m["batch"]] = t.strftime("%Y%m%d%H%M%S")
    return out


def _columns(con: duckdb.DuckDBPyConnection, view: str) -> set[str]:
    return {d[0] for d in con.execute(f"SELECT * FROM {view} LIMIT 0").description}


def prepare_events(store: Store, events: pa.Table | None = None) -> tuple[list[PreparedEvent], list[dict[str, Any]]]:
    """The actual events (all, or those of ``events``) with what an export row needs, and their reports (the
    rows of ``mentions_full`` with their article's URL, ``article_source`` and ``published`` date)."""
    snap = store.snapshot()
    con = store.connect(snap)
    try:
        with reading(store.root, snap):
            if events is not None:
                con.register("_chosen", events.select(["event_id"]))
                con.execute("CREATE TEMP TABLE sel AS SELECT * FROM events WHERE modality = 'actual' "
                            "AND event_id IN (SELECT event_id FROM _chosen)")
            else:
                con.execute("CREATE TEMP TABLE sel AS SELECT * FROM events WHERE modality = 'actual'")
            rows = con.sql("SELECT * FROM sel ORDER BY date NULLS LAST, event_id").to_arrow_table().to_pylist()
            mention_cols = _columns(con, "mentions_full")
            lead = "least(m.sentence, coalesce(list_min(m.repeat_sentences), m.sentence))" \
                if "repeat_sentences" in mention_cols else "m.sentence"
            mentions = con.sql(f"""
                SELECT m.event_id, m.mention_id, m.article_id, m.batch, m.sentence, m.start, m."end", m.trigger,
                       m.text, m.date, m.date_precision, m.article_date, m.publisher, a.url, {lead} AS lead_sentence,
                       m.source_text, m.target_text, a.source AS article_source, a.date AS published
                FROM mentions_full m JOIN sel USING (event_id) LEFT JOIN articles a ON a.id = m.article_id
                ORDER BY m.event_id, m.article_id, m.mention_id""").to_arrow_table().to_pylist()
            tones: dict[str, float] = {}
            if "tone" in _columns(con, "articles"):
                tones = dict(con.execute("""
                    SELECT e.event_id, avg(a.tone) FROM (SELECT event_id, unnest(article_ids) AS aid FROM sel) e
                    JOIN articles a ON a.id = e.aid WHERE a.tone IS NOT NULL GROUP BY ALL""").fetchall())
    finally:
        con.close()
    added = _dateadded(store.root)
    by_event: dict[str, list[dict[str, Any]]] = {}
    for m in mentions:
        by_event.setdefault(m["event_id"], []).append(m)
    out = []
    for e in rows:
        ms = by_event.get(e["event_id"], [])
        rep = next((m for m in ms if m["mention_id"] == e["rep_mention_id"] and m["article_id"] == e["rep_article_id"]),
                   None)
        sqldate, date_from = event_date(e["date"], ms)
        stamps = [added[m["batch"]] for m in ms if m["batch"] in added]
        url = (rep or {}).get("url") or article_uri(e["rep_article_id"] or "")
        out.append(PreparedEvent(row=e, sqldate=sqldate, date_from=date_from,
                          lead=any(m["lead_sentence"] is not None and m["lead_sentence"] < LEAD_SENTENCES for m in ms),
                          added=min(stamps) if stamps else "", tone=tones.get(e["event_id"]), url=url,
                                 rep=rep, reports=ms))
    return out, mentions


def event_date(date: dt.date | None, mentions: list[dict[str, Any]]) -> tuple[dt.date | None, str]:
    """The date of SQLDATE and where it comes from: ``event`` (a report dated to the day or week), ``article``
    (the publication date of the first article: the text gives none), ``month``/``year`` (only a coarser date
    is known; its first day), or ``none``."""
    if date is not None:
        own = any(m["date"] == date and m["date_precision"] in _DAY_PRECISIONS for m in mentions)
        return date, "event" if own else "article"
    coarse = sorted((m["date"], m["date_precision"]) for m in mentions if m["date"] is not None)
    if coarse:
        return coarse[0][0], coarse[0][1] or "unknown"
    return None, "none"


def gdelt_rows(store: Store, events: pa.Table | None = None, *, actors_dir: Path | None = None) -> Iterator[list[str]]:
    """Actual events as rows of the 61 GDELT 2.0 event columns (:data:`GDELT_COLUMNS`), in date order.

    ``events``: a table with an ``event_id`` column (e.g. a filtered ``Store.events()``) to export only those;
    events whose modality is not ``actual`` are never exported (GDELT has no modality). ``actors_dir``: the extra
    actor dictionaries the store was coded with (the ``actors_dir`` setting), for the actor names."""
    names = ActorNames(actors_dir)
    prepared, _ = prepare_events(store, events)
    for ev in prepared:
        e, d = ev.row, ev.sqldate
        row = [str(global_id(e["event_id"])),
               d.strftime("%Y%m%d") if d else "", d.strftime("%Y%m") if d else "", str(d.year) if d else "",
               fraction_date(d) if d else ""]
        for side in ("source", "target"):
            code, country, sector = e[f"{side}_code"], e[f"{side}_country"], e[f"{side}_sector"]
            row += _actor_cells(code, names.name(code, e[f"{side}_name"], country, sector).upper(), country,
                                sector)
        row += ["1" if ev.lead else "0", e["cameo"] or "", e["cameo_base"] or "", e["cameo_root"] or "",
                _cell(e["quad_class"]), _cell(e["goldstein"]), _cell(e["num_reports"]), _cell(e["num_sources"]),
                _cell(e["num_articles"]), "" if ev.tone is None else f"{ev.tone:.4f}"]
        row += [""] * 16
        row += action_geo(e["location_name"], e["location_country"], e["location_kind"], e["location_lat"],
                          e["location_lon"])
        row += [ev.added, ev.url]
        yield row


def gdelt_provenance_rows(store: Store, events: pa.Table | None = None) -> Iterator[list[str]]:
    """Rows of :data:`PROVENANCE_COLUMNS` for the events :func:`gdelt_rows` exports: every report of each event
    (representative first), with its article, URL (or ``diurna:`` URI), sentence, offsets and trigger."""
    prepared, _ = prepare_events(store, events)
    for ev in prepared:
        e = ev.row
        reports = sorted(ev.reports, key=lambda m: (m is not ev.rep, m["article_id"], m["mention_id"]))
        for m in reports:
            yield [str(global_id(e["event_id"])), e["event_id"], "1" if m is ev.rep else "0", m["mention_id"],
                   m["article_id"], m["url"] or article_uri(m["article_id"]), m["publisher"] or "",
                   _cell(m["sentence"]), _cell(m["start"]), _cell(m["end"]), m["trigger"] or "", m["text"] or "",
                   _cell(m["date"]), m["date_precision"] or "", ev.date_from, e["location_country"] or ""]


def write_provenance(store: Store, out: IO[str], events: pa.Table | None = None) -> int:
    """Write the provenance table (header :data:`PROVENANCE_COLUMNS`, tab-separated) to ``out``; return its rows."""
    w = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(PROVENANCE_COLUMNS)
    n = 0
    for row in gdelt_provenance_rows(store, events):
        w.writerow([c.replace("\t", " ").replace("\n", " ") for c in row])
        n += 1
    return n


def global_id(event_id: str) -> int:
    """GLOBALEVENTID: the first 15 hex digits of our event id as an integer (fits a signed 64-bit integer)."""
    return int(event_id.removeprefix("ev-")[:15], 16)
