"""The POLECAT export: the *actual* events of a store in the column layout of the POLECAT event files (PLOVER
ontology), followed by provenance columns that lead each row back to its article and sentence.

Field by field in docs/store.md ("polecat"). Events coded with CAMEO root 01 (make a public statement) or 02
(appeal) have no PLOVER event type (PLOVER drops both): they are not POLECAT events and are not exported; their
number is logged as a warning (on stderr from the command line) and added to ``counts`` when given.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa

from diurna.store.gdelt import ActorNames, PreparedEvent, article_uri, prepare_events
from diurna.store.query import Store

log = logging.getLogger(__name__)

#: the 40 columns of the POLECAT event files, in order
POLECAT_COLUMNS: list[str] = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations",
    "Language", "Version",
]

#: diurna's provenance columns, after the 40 POLECAT columns: the representative report of the event
PROVENANCE_COLUMNS: list[str] = ["Article ID", "Article URL", "Mention ID", "Sentence Number", "Sentence"]

#: the header of the export: the POLECAT columns, then the provenance columns
COLUMNS: list[str] = POLECAT_COLUMNS + PROVENANCE_COLUMNS

NO_PLOVER_TYPE = "no PLOVER type (CAMEO 01/02)"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


class _Ontology:
    """What the rows need from the ontology: PLOVER sector names and the contexts of a CAMEO code."""

    def __init__(self, ontology_dir: Path | None) -> None:
        from diurna.ontology.loader import load_ontology

        self.ontology = load_ontology(ontology_dir)
        self.sectors: dict[str, str] = {}  # CAMEO sector code -> PLOVER sector name ("GOV" -> "Government")
        for sector in self.ontology.plover_sectors.values():
            if sector.slot == "sector":
                for cameo in sector.cameo:
                    self.sectors.setdefault(cameo, sector.name)

    def contexts(self, cameo: str | None) -> str:
        if not cameo or not self.ontology.is_valid(cameo):
            return ""
        return ";".join(self.ontology.cameo(cameo).plover_context)


def _publisher(source: str | None, url: str | None) -> str | None:
    """The publisher as the article names it (not lower-cased), else the URL's host."""
    if source and source.strip():
        return source.strip()
    if url:
        host = urlsplit(url).netloc.lower()  # a host name has no case
        return host.removeprefix("www.") or None
    return None


def _row(ev: PreparedEvent, names: ActorNames, onto: _Ontology, version: str) -> list[str]:
    e, rep = ev.row, ev.rep or {}
    row = [e["event_id"], _cell(ev.sqldate), e["plover"] or "", e["plover_mode"] or "", "", _cell(e["quad_class"]),
           onto.contexts(e["cameo"])]
    for side in ("source", "target"):
        code, country, sector = e[f"{side}_code"], e[f"{side}_country"], e[f"{side}_sector"]
        name = names.name(code, e[f"{side}_name"], country, sector)
        plover_sector = onto.sectors.get(sector or "", sector or "")
        row += [name, country or "", "", plover_sector, plover_sector, "", rep.get(f"{side}_text") or "", ""]
    place = e["location_name"] or ""
    row += [place, "", "", "", e["location_country"] or "", _cell(e["location_lat"]), _cell(e["location_lon"]), "",
            place, ""]
    publishers = sorted({p for p in (_publisher(m["article_source"], m["url"]) for m in ev.reports) if p})
    published = min((m["published"] for m in ev.reports if m["published"] is not None), default=None)
    row += [";".join(publishers), _cell(published), "", "", "", "en", version]
    article = e["rep_article_id"] or ""
    row += [article, rep.get("url") or (article_uri(article) if article else ""), e["rep_mention_id"] or "",
            _cell(rep.get("sentence")), rep.get("text") or e["text"] or ""]
    return row


def polecat_rows(store: Store, events: pa.Table | None = None, *, counts: Counter[str] | None = None,
                 actors_dir: Path | None = None, ontology_dir: Path | None = None) -> Iterator[list[str]]:
    """Actual events with a PLOVER type as rows of :data:`COLUMNS` (the 40 POLECAT columns, then provenance).

    ``events``: a table with an ``event_id`` column to export only those. ``counts`` (optional) receives the
    number of events left out, by reason (:data:`NO_PLOVER_TYPE`); the number is also logged as a warning.
    ``actors_dir``/``ontology_dir``: the settings the store was coded with (names and sector labels)."""
    from diurna import __version__

    names = ActorNames(actors_dir)
    onto = _Ontology(ontology_dir)
    left_out: Counter[str] = Counter()
    prepared, _ = prepare_events(store, events)
    for ev in prepared:
        if not ev.row["plover"]:
            left_out[NO_PLOVER_TYPE] += 1
            continue
        yield _row(ev, names, onto, f"diurna {__version__}")
    if counts is not None:
        counts.update(left_out)
    for reason, n in left_out.items():
        log.warning("%d event%s not exported as POLECAT: %s", n, "" if n == 1 else "s", reason)
