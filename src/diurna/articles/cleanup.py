"""Line-level clean-up of scraped article text: scraper header, boilerplate, headlines, bylines and credits."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from diurna.articles.datafiles import ArticleTables, article_tables
from diurna.articles.dateline import DAY_RE, MONTH_RE

# ` date 2021-03-14 ExampleDaily.com` — written by some scrapers as the first line of each file
_HEADER = re.compile(r"^ ?date\s+(?P<date>\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+\-Z]+)?)(?:\s+(?P<site>\S+))?\s*$", re.I)


@dataclass
class Header:
    date: str
    site: str | None


def parse_header(line: str) -> Header | None:
    m = _HEADER.match(line.rstrip("\r\n"))
    return Header(m["date"], m["site"]) if m else None


def is_boilerplate(line: str, tables: ArticleTables | None = None) -> bool:
    s = line.strip()
    if not s or len(s) > 300:
        return False
    return (tables or article_tables()).is_boilerplate_line(s)


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold()
    return " ".join(re.findall(r"\w+", text))


def same_text(a: str, b: str, threshold: float = 90.0) -> bool:
    """True when ``a`` and ``b`` say the same thing up to case, punctuation and small edits."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    return ka == kb or fuzz.ratio(ka, kb) >= threshold


def looks_like_headline(line: str, tables: ArticleTables | None = None) -> bool:
    """A short line that starts with a capital or digit and does not end like a sentence."""
    s = line.strip()
    words = s.split()
    if not (2 <= len(words) <= 25) or len(s) > 200:
        return False
    if not (s[0].isupper() or s[0].isdigit() or s[0] in "\"'“‘"):
        return False
    if s[-1] in ".,;:" and not s.endswith("..."):
        return False
    return parse_byline(s, tables) is None


# --- bylines -------------------------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_NAME_WORD = rf"(?:[{_UP}][{_LO}{_UP}'’\-]*\.?|[{_UP}]\.)"
_PARTICLE = r"(?:de|da|del|della|di|du|van|von|der|den|al|el|bin|ibn|le|la|dos|das|y)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_NAME_WORD}){{0,4}}"
_NAMES = rf"{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*"
_BY = re.compile(
    rf"^(?:[Bb]y|BY|[Ww]ritten\s+by|[Ss]tory\s+by|[Ww]ords\s+by)\s*:?\s+(?P<names>{_NAMES})"
    rf"(?:\s*(?:,|\||–|—|-|\bfor\b|\bin\b)\s*(?P<role>[{_UP}][^\n]{{0,60}}))?\s*$"
)
_PIPE = re.compile(rf"^(?P<names>{_NAME}(?:\s+(?:and|&)\s+{_NAME})?)\s*\|\s*(?P<role>[^|\n]{{2,60}})$")
_CREDIT_PART = re.compile(
    r"^(?:additional|further|extra)?\s*(?:reporting|writing|editing|compiled|compiling|research|translation|"
    r"translated|graphics|production|written|edited|fact-checking)\s+by\s+(?P<names>.+)$",
    re.I,
)


_ROLE_WORDS = {
    "staff", "writer", "writers", "correspondent", "reporter", "reporters", "editor", "editors", "bureau",
    "chief", "senior", "contributor", "contributing", "columnist", "news", "daily", "times", "press", "agency",
    "desk", "team", "newsroom", "special", "international", "political", "affairs", "analyst", "online",
}
_TIME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "then", "now", "early", "late", "last", "next", "noon", "midnight", "dawn", "dusk", "contrast",
    "comparison", "law", "decree", "order", "mistake", "chance", "far", "year", "end", "mid",
}


def _split_names(names: str, tables: ArticleTables) -> list[str]:
    """Split a list of names; stop at the first item that is a job title or an outlet ("Staff Writer")."""
    out: list[str] = []
    for name in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", names):
        name = re.sub(r"\s+in\s+.*$", "", name.strip()).strip(" .")
        if not name:
            continue
        words = {w.strip(".").casefold() for w in name.split()}
        agency = tables.agency(name)
        if agency:
            if not out:
                out.append(agency)  # "By Reuters": the agency is the author
            break
        if words & _ROLE_WORDS:
            break
        if words & _TIME_WORDS:
            return []
        if name.isupper():
            name = " ".join(w.capitalize() if len(w) > 2 or "." not in w else w for w in name.split())
        out.append(name)
    return out


def _plausible(names: list[str]) -> bool:
    return bool(names) and all(
        1 <= len(n.split()) <= 6 and len(n) <= 60 and not any(c.isdigit() for c in n) for n in names
    )


def parse_byline(line: str, tables: ArticleTables | None = None) -> list[str] | None:
    """Author names from a byline such as ``By Jane Doe and John Roe`` or ``Jane Doe | Example Daily``."""
    s = line.strip()
    if len(s) > 160:
        return None
    m = _BY.match(s) or _PIPE.match(s)
    if not m:
        return None
    names = m["names"]
    if m.re is _PIPE and len(names.split()) < 2:
        return None
    found = _split_names(names, tables or article_tables())
    return found if _plausible(found) else None


# --- byline lines with dates, agencies and relative times ------------------------------------------------
# Aggregators and Indian outlets put the byline, an agency and a time stamp on one line, in parts separated by
# "|": "Aamir Khan 3 minutes ago Mon 14th March 2022 | 11:05 AM", "By Jane Doe | Updated: Mar 14, 2022, 11:05 IST",
# "PTI | Mar 14, 2022, 11:05 IST", "Jane Doe | TNN | Updated: Mar 14, 2022". A relative time ("3 minutes ago")
# is never a date: it is relative to a moment nobody recorded.

_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\.?"
_DATE = (rf"(?:(?:{_WEEKDAY},?\s+)?(?:{MONTH_RE}\s+{DAY_RE},?\s+\d{{4}}|{DAY_RE}\s+(?:of\s+)?{MONTH_RE},?\s+\d{{4}})"
         r"|\d{4}-\d{2}-\d{2})")
_CLOCK = r"\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)?(?:\s*\(?[A-Z]{2,4}\)?)?"
_STAMP = re.compile(
    rf"^(?:(?P<kind>last\s+updated|updated|first\s+published|published|posted|created)\s*(?:on|at)?\s*:?\s*)?"
    rf"(?:(?P<date>{_DATE})(?:\s*,?\s*(?:at\s+)?{_CLOCK})?|{_CLOCK})$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"(?:^|\s)(?:updated\s*:?\s*)?(?:\d+|an?|one)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b",
    re.IGNORECASE,
)
_PLAIN_NAMES = re.compile(rf"^{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*$")


@dataclass
class Byline:
    """What a byline line says: author names, agencies, and the time stamp it carries (if any)."""

    names: list[str]
    agencies: list[str]
    date_text: str | None = None
    date_kind: str | None = None  # "updated", "published", ... as the line says; None when unlabelled


def _stamp(part: str) -> re.Match[str] | None:
    return _STAMP.match(part.strip(" ,"))


def parse_byline_line(line: str, tables: ArticleTables | None = None) -> Byline | None:
    """A byline line with its parts (see above); ``None`` when the line is not a byline.

    Plain ``By Jane Doe`` lines are read too (as :func:`parse_byline`). A line of names without "By" is only a
    byline when a time stamp, a relative time or an agency stands beside it on the line.
    """
    s = line.strip()
    if not s or len(s) > 200:
        return None
    tables = tables or article_tables()
    names: list[str] = []
    agencies: list[str] = []
    date_text = kind = None
    stamped = False
    for part in (p.strip() for p in s.split("|")):
        pieces = [part]
        rel = _RELATIVE.search(part)
        if rel:  # "Aamir Khan 3 minutes ago Mon 14th March 2022": name, relative time, date
            stamped = True
            pieces = [part[: rel.start()], part[rel.end() :]]
        for piece in (p.strip(" ,") for p in pieces):
            if not piece:
                continue
            m = _stamp(piece)
            if m:
                stamped = True
                if m["date"] and date_text is None:
                    date_text, kind = m["date"], (" ".join(m["kind"].lower().split()) if m["kind"] else None)
                continue
            agency = tables.agency(piece)
            if agency:
                agencies.append(agency)
                continue
            by = _BY.match(piece)
            found = _split_names(by["names"], tables) if by else (
                _split_names(piece, tables) if _PLAIN_NAMES.match(piece) and len(piece.split()) >= 2 else [])
            if found and _plausible(found) and not names:
                names = found
                continue
            return None  # a part that is none of these: not a byline line
    if not (names or agencies):
        return None
    if not stamped and not agencies and s[:3].lower() != "by ":
        return None
    for name in names:  # "By Reuters": the agency is the author, and the copy is the agency's
        agency = tables.agency(name)
        if agency and agency not in agencies:
            agencies.append(agency)
    return Byline(names=names, agencies=agencies, date_text=date_text, date_kind=kind)


def parse_credits(line: str, tables: ArticleTables | None = None) -> list[str] | None:
    """Reporter names from end credits: ``Reporting by Jane Doe; Editing by John Roe``.

    Returns the reporters (or writers when no reporter is named); ``None`` when the line is not a credit line.
    """
    s = line.strip().strip("()[]").strip().rstrip(".")
    if not s or len(s) > 400:
        return None
    parts = [p.strip() for p in re.split(r"\s*;\s*", s) if p.strip()]
    reporters: list[str] = []
    writers: list[str] = []
    for part in parts:
        m = _CREDIT_PART.match(part)
        if not m:
            return None
        names = _split_names(m["names"], tables or article_tables())
        if not _plausible(names):
            return None
        role = part.split()[0].lower()
        if "report" in part.lower().split(" by ")[0]:
            reporters.extend(n for n in names if n not in reporters)
        elif role.startswith("writ"):
            writers.extend(n for n in names if n not in writers)
    return reporters or writers or []
