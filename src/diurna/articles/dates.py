"""Publication dates as they appear in input records: ISO 8601 first, other spellings with a warning."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from diurna.articles.model import DatePrecision

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$")
MAX_DATE_CHARS = 100  # the longest date text parsed ("Wednesday, 14th of September 2022, 10:30 a.m. GMT" is 49)


def _shown(value: str) -> str:
    """A date text for a warning: quoted, escaped, and cut to 60 characters."""
    text = value if len(value) <= 60 else value[:57] + "..."
    return repr(text)


@functools.cache
def _dateparser() -> Any:
    import dateparser  # slow import; only when needed

    return dateparser


def parse_date(value: str) -> tuple[dt.date | None, DatePrecision, str | None]:
    """Parse a date string; return ``(date, precision, warning)``.

    ISO forms (``2021-03-14``, ``2021-03-14T10:00:00Z``, ``2021-03``, ``2021``, ``2021-W10``) carry no warning.
    Anything else is tried with dateparser and, if it parses, returned with a warning saying so. A text longer
    than :data:`MAX_DATE_CHARS` is not a date: unknown, with a warning (it never reaches dateparser).
    """
    s = value.strip()
    if not s:
        return None, "unknown", None
    if len(s) > MAX_DATE_CHARS:
        return None, "unknown", (f"date text of {len(s)} characters, over the limit of {MAX_DATE_CHARS}: not a "
                                 f"date ({_shown(s)}); date unknown")
    try:
        if _YEAR.match(s):
            return dt.date(int(s), 1, 1), "year", None
        m = _MONTH.match(s)
        if m:
            return dt.date(int(m[1]), int(m[2]), 1), "month", None
        m = _WEEK.match(s)
        if m:
            return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), "week", None
        if len(s) == 10:
            return dt.date.fromisoformat(s), "day", None
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date(), "day", None
    except ValueError:
        pass
    parsed = parse_human_date(s)
    if parsed is None:
        return None, "unknown", f"could not parse date {_shown(s)}; date unknown"
    return parsed, "day", f"date {_shown(s)} is not ISO 8601; read as {parsed.isoformat()}"


def parse_human_date(text: str, *, relative_to: dt.date | None = None) -> dt.date | None:
    """Parse an English date such as ``14th March, 2021`` with dateparser.

    A date without a year is only accepted when ``relative_to`` gives the year (the most recent such day not
    after ``relative_to``); otherwise it is ambiguous and ``None`` is returned.
    """
    if len(text) > MAX_DATE_CHARS:  # dateparser's time grows fast with the length of its input
        return None
    has_year = re.search(r"\b\d{4}\b", text) is not None
    if not has_year and relative_to is None:
        return None
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
    if relative_to is not None:
        settings["RELATIVE_BASE"] = dt.datetime(relative_to.year, relative_to.month, relative_to.day, 23, 59)
    try:
        result = _dateparser().parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return result.date() if result is not None else None
