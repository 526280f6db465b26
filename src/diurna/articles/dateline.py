"""Datelines that open wire copy, e.g. ``NAIROBI (Example Daily / Reuters - 14th March, 2021) -``.

:func:`parse_dateline` recognises the dateline at the start of a paragraph and returns it with the rest of the
paragraph. Recognised shapes (the place may be followed by a region and/or a date, then by agencies in
brackets or slashes, then by a dash):

* ``NAIROBI, March 14 (Reuters) -``  * ``GENEVA (AP) —``  * ``PORT-AU-PRINCE, Haiti —``
* ``Santiago, Chile (AFP) --``  * ``BRASILIA, 3 May 2023 /Xinhua/ --``

An upper-case place may stand alone before the dash (``WASHINGTON —``); a place written in ordinary case
must be followed by a region or by agencies, so that ordinary sentences are not mistaken for datelines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from diurna.articles.datafiles import ArticleTables, article_tables
from diurna.articles.dates import parse_human_date
from diurna.articles.model import Dateline

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_CAPS_WORD = rf"[{_UP}][{_UP}.'’]*(?:-[{_UP}][{_UP}.'’]*)*"
_TITLE_WORD = rf"[{_UP}][{_LO}{_UP}.'’]*(?:-[{_UP}{_LO}][{_LO}{_UP}.'’]*)*"
_PARTICLE = r"(?:de|da|do|dos|das|del|de la|la|el|al|es|of|on|upon|sur|am|an der|im)"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:[ ](?:{_CAPS_WORD}|{_PARTICLE.upper()}))*"
_TITLE_PLACE = rf"{_TITLE_WORD}(?:[ ](?:{_TITLE_WORD}|{_PARTICLE}))*"
MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DAY_RE = r"\d{1,2}(?:st|nd|rd|th)?"
DATE_RE = rf"(?:{MONTH_RE}\s+{DAY_RE}(?:,?\s+\d{{4}})?|{DAY_RE}\s+(?:of\s+)?{MONTH_RE},?(?:\s+\d{{4}})?)"
_D = r"(?:--?|—|–|‒|―)"
# a hyphen needs a space on one side (or a closing bracket before it), so "NATO-led" is no dateline
_DASH = rf"(?:(?<=[)/])\s*{_D}\s*|\s+{_D}\s*|\s*{_D}\s+|\s*—\s*)"

_DATELINE = re.compile(
    rf"""^(?P<raw>
        (?P<place>{_CAPS_PLACE}|{_TITLE_PLACE})
        (?:,\s*(?P<date1>{DATE_RE}))?
        (?:,\s*(?P<region>(?!{DATE_RE})(?:{_TITLE_PLACE}|{_CAPS_PLACE})))?
        (?:,\s*(?P<date2>{DATE_RE}))?
        (?:\s*\((?P<paren>[^()\n]{{1,120}})\)|\s+/(?P<slash>[^/\n]{{1,60}})/)?
        (?:(?P<dash>{_DASH})|(?P<colon>\s*:\s+)|(?<=[)/])\s+)
    )(?=\S)""",
    re.VERBOSE,
)
# "(AFP) — The United Nations ...": agencies in brackets and a dash or colon, no place
_AGENCY_LEAD = re.compile(rf"^(?P<raw>\((?P<paren>[^()\n]{{1,60}})\)\s*(?:{_D}|:)\s*)(?=\S)")
# upper-case words that open a paragraph with a colon and are no place ("BREAKING: ...", "UPDATE: ...")
_NOT_PLACES = frozenset(
    "breaking update updated watch exclusive analysis opinion live editorial note photos video correction "
    "clarification warning alert read also listen explainer comment review profile interview fact check "
    "q&a faq tldr ps nb summary background context timeline".split()
)
_CAPS_ONLY = re.compile(rf"^{_CAPS_PLACE}$")
_TRAILING_DATE = re.compile(rf"^(?P<name>.*?)\s*(?:[-–—,]\s*)?(?P<date>{DATE_RE})$")


@dataclass
class DatelineMatch:
    dateline: Dateline
    rest: str  # the paragraph without the dateline
    publisher: str | None = None  # a non-agency name inside the brackets ("Example Daily")
    date_text: str | None = None
    extra: list[str] = field(default_factory=list)


def _split_names(inner: str, tables: ArticleTables) -> tuple[list[str], list[str], str | None]:
    """Split bracket contents into (agencies, other names, date text)."""
    agencies: list[str] = []
    others: list[str] = []
    date_text: str | None = None
    for piece in re.split(r"\s*[/;|]\s*", inner):
        piece = piece.strip(" -–—,")
        if not piece:
            continue
        m = _TRAILING_DATE.match(piece)
        if m:
            date_text = m["date"]
            piece = m["name"].strip(" -–—,")
            if not piece:
                continue
        for name in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*|\s+[-–—]\s+", piece):
            name = name.strip()
            if not name:
                continue
            agency = tables.agency(name)
            if agency:
                if agency not in agencies:
                    agencies.append(agency)
            else:
                others.append(name)
    return agencies, others, date_text


def parse_dateline(paragraph: str, *, article_date: dt.date | None = None,
                   tables: ArticleTables | None = None) -> DatelineMatch | None:
    """Recognise a dateline at the start of ``paragraph``; ``None`` when there is none."""
    tables = tables or article_tables()
    m = _DATELINE.match(paragraph)
    if not m:
        return _agency_lead(paragraph, tables)
    place = m["place"]
    paren = m["paren"] or m["slash"]
    has_caps_place = bool(_CAPS_ONLY.match(place)) and sum(c.isalpha() for c in place) >= 2
    if not has_caps_place and not (paren or m["region"]):
        return None
    if m["colon"]:  # "NEW DELHI:" or "ISLAMABAD, Mar 14 (APP):"; not "BREAKING:"; ordinary case only with an agency
        if place.casefold() in _NOT_PLACES or not (has_caps_place or (paren and _split_names(paren, tables)[0])):
            return None
    elif not m["dash"] and not (paren and _split_names(paren, tables)[0] and (has_caps_place or date_text_present(m))):
        return None  # "New Delhi, Dec 2 (IANS) Text": no dash is accepted only after a known agency
    agencies: list[str] = []
    others: list[str] = []
    date_text = m["date1"] or m["date2"]
    if paren:
        agencies, others, inner_date = _split_names(paren, tables)
        date_text = date_text or inner_date
        if not agencies and not others and not inner_date:
            return None
        # ordinary-case place with brackets: insist on something that looks like a source
        if not has_caps_place and not agencies and not m["region"]:
            return None
    place_text = place if not m["region"] else f"{place}, {m['region']}"
    date = parse_human_date(date_text, relative_to=article_date) if date_text else None
    raw = m["raw"].strip()
    dateline = Dateline(raw=raw, place=_tidy_place(place_text), agencies=agencies, date=date)
    return DatelineMatch(
        dateline=dateline,
        rest=paragraph[m.end("raw") :],
        publisher=others[0] if others else None,
        date_text=date_text,
        extra=others[1:],
    )


def _agency_lead(paragraph: str, tables: ArticleTables) -> DatelineMatch | None:
    """``(AFP) — Text``: a lead that names only its agencies."""
    m = _AGENCY_LEAD.match(paragraph)
    if m is None:
        return None
    agencies, others, _ = _split_names(m["paren"], tables)
    if not agencies or others:
        return None
    return DatelineMatch(dateline=Dateline(raw=m["raw"].strip(), agencies=agencies), rest=paragraph[m.end("raw"):])


# "... agreed to continue. — Xinhua", a last line "(AFP)", "(With inputs from PTI)", "Source: Reuters"
_CREDIT_TAIL = re.compile(
    rf"(?:^|(?<=[.!?\"'”’)])\s*)(?P<raw>(?:{_D}\s*|\(\s*)?(?:(?:with\s+)?inputs?\s+from\s+|source\s*:\s*)?"
    rf"(?P<names>[A-Za-z][\w .&'’-]{{0,60}}?(?:\s*(?:,|and|&)\s*[A-Za-z][\w .&'’-]{{0,40}}?)*)\s*\)?\s*\.?)$",
    re.IGNORECASE,
)


def parse_agency_credit(paragraph: str, tables: ArticleTables | None = None) -> tuple[str, list[str]] | None:
    """An agency credit closing the copy: returns (the paragraph without it, the agencies), or ``None``.

    The credit must name known agencies only (``— Xinhua``, ``(AFP)``, ``With inputs from PTI, ANI``); it may
    stand alone as the last paragraph (the returned text is then empty) or close the last sentence."""
    m = _CREDIT_TAIL.search(paragraph)
    if m is None:
        return None
    raw = m["raw"]
    lead = raw.lstrip()[:1]
    body = paragraph[: m.start("raw")].rstrip()
    if body and lead not in ("—", "–", "-", "(") and not re.match(r"\s*(?:with\s+)?inputs?\b|\s*source\b", raw, re.I):
        return None  # "... said Reuters." is a sentence, not a credit
    names = [n.strip(" .") for n in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", m["names"]) if n.strip(" .")]
    tables = tables or article_tables()
    agencies = [tables.agency(n) for n in names]
    if not names or any(a is None for a in agencies):
        return None
    return body, [a for a in dict.fromkeys(agencies) if a]


def date_text_present(m: re.Match[str]) -> bool:
    return bool(m["region"] or m["date1"] or m["date2"])


def _tidy_place(place: str) -> str:
    """``PORT-AU-PRINCE, Haiti`` -> ``Port-au-Prince, Haiti``; ordinary-case places are kept as written."""
    parts = []
    for part in place.split(", "):
        if _CAPS_ONLY.match(part) and any(c.isalpha() for c in part):
            words = []
            for word in re.split(r"([ \-])", part.lower()):
                if "." in word:
                    words.append(word.upper())
                elif word in {"au", "de", "la", "le", "du", "des", "da", "do", "del", "es", "of", "al", "el", "sur"}:
                    words.append(word)
                else:
                    words.append(word[:1].upper() + word[1:])
            tidy = "".join(words)
            parts.append(tidy[:1].upper() + tidy[1:])
        else:
            parts.append(part)
    return ", ".join(parts)


_LOWER_DATELINE = re.compile(r"^(?P<place>[a-z][a-z.'’-]*(?: [a-z][a-z.'’-]*){0,2}):\s+(?=\S)")


def parse_lowercase_dateline(paragraph: str) -> DatelineMatch | None:
    """The dateline of an all-lower-case archive: ``new delhi: the centre has ...`` (a place of one to three
    words and a colon opening the first paragraph). Only used for articles known to be all lower case."""
    m = _LOWER_DATELINE.match(paragraph)
    if m is None:
        return None
    place = " ".join(w.capitalize() for w in m.group("place").split())
    return DatelineMatch(dateline=Dateline(raw=m.group(0).strip(), place=place), rest=paragraph[m.end():])
