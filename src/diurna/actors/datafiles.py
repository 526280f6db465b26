"""Reading the actor dictionary's data files: TSV rows and YAML mappings with line numbers, dates, name keys.

Every problem is raised as :class:`~diurna.errors.DataFileError` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from diurna.errors import DataFileError

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\-]+")
_DROP = re.compile(r"[.,]")
_SPACE = re.compile(r"\s+")
_CODE = re.compile(r"^(?:[A-Z0-9]{3})+$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")


def is_country_code(value: str) -> bool:
    return bool(_COUNTRY.match(value))


def is_actor_code(value: str) -> bool:
    """Actor codes are sequences of 3-character segments: ``CHLGOV``, ``IGOUNOHCR``, ``CODREBM23``."""
    return bool(_CODE.match(value))


@functools.lru_cache(maxsize=1 << 16)  # pure, and called for the same phrases over and over while coding
def surface(text: str) -> str:
    """Light normalisation that keeps case and punctuation: NFKC, straight quotes, single spaces."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case-, accent-, hyphen- and dot-insensitive key: ``"Côte d’Ivoire"`` -> ``"cote d'ivoire"``."""
    text = unicodedata.normalize("NFKD", surface(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DROP.sub("", _DASHES.sub(" ", text))
    return _SPACE.sub(" ", text).strip().casefold()


def case_sensitive(name: str) -> bool:
    """ALL-CAPS names ("US", "U.S.", "WHO", "MPs" excepted) match only in that case, so "us"/"who" never do."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


@dataclass(frozen=True)
class Period:
    """Inclusive validity period; ``None`` ends are open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def overlaps(self, other: Period) -> bool:
        lo = max((d for d in (self.start, other.start) if d is not None), default=None)
        hi = min((d for d in (self.end, other.end) if d is not None), default=None)
        return lo is None or hi is None or lo <= hi

    def distance(self, day: dt.date) -> int:
        """Days between ``day`` and the period (0 inside)."""
        if self.start is not None and day < self.start:
            return (self.start - day).days
        if self.end is not None and day > self.end:
            return (day - self.end).days
        return 0

    def intersect(self, other: Period) -> Period:
        starts = [d for d in (self.start, other.start) if d is not None]
        ends = [d for d in (self.end, other.end) if d is not None]
        return Period(max(starts) if starts else None, min(ends) if ends else None)


def parse_date(value: Any, *, end: bool, path: Path, line: int | None) -> dt.date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a partial date means its first day (start) or last day (end)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not m:
        raise DataFileError(str(path), f"malformed date {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)", line)
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day is not None:
            return dt.date(year, int(month), int(day))
        if month is not None:
            start = dt.date(year, int(month), 1)
            if not end:
                return start
            nxt = dt.date(year + (start.month == 12), start.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError as exc:
        raise DataFileError(str(path), f"malformed date {text!r}: {exc}", line) from None


def parse_period(start: Any, end: Any, *, path: Path, line: int | None) -> Period:
    period = Period(parse_date(start, end=False, path=path, line=line), parse_date(end, end=True, path=path, line=line))
    if period.start and period.end and period.start > period.end:
        raise DataFileError(str(path), f"validity starts ({period.start}) after it ends ({period.end})", line)
    return period


def split_names(value: str) -> list[str]:
    return [n.strip() for n in value.split("|") if n.strip()]


def read_tsv(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a TSV file with ``#`` comments and a header line; returns ``(line number, row)`` pairs.

    The header must list ``columns`` in order; missing trailing cells count as empty.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), f"cannot read: {exc}") from None
    rows: list[tuple[int, dict[str, str]]] = []
    header_seen = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if not header_seen:
            if cells[: len(columns)] != columns:
                raise DataFileError(str(path), f"header must be {' / '.join(columns)}, got {' / '.join(cells)}", number)
            header_seen = True
            continue
        if len(cells) > len(columns):
            raise DataFileError(str(path), f"{len(cells)} tab-separated cells, expected at most {len(columns)}", number)
        rows.append((number, dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=True))))
    if not header_seen:
        raise DataFileError(str(path), "no header line")
    return rows


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records lines (``__line__`` for a mapping, ``__keylines__`` for each of its keys) and
    leaves dates as text, so that :func:`parse_date` reports malformed ones with their line."""


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__keylines__"] = {
        loader.construct_object(k, deep=True): k.start_mark.line + 1
        for k, _ in node.value
        if isinstance(k, yaml.ScalarNode)
    }
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """A YAML file whose top level is a mapping; nested mappings carry ``__line__``."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataFileError(str(path), f"invalid YAML: {exc.problem}", line) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(str(path), f"cannot read: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DataFileError(str(path), "top level must be a mapping of country codes")
    data.pop("__line__", None)
    for key, line in data.pop("__keylines__", {}).items():
        if isinstance(data.get(key), dict):  # a record's line is the line of its key ("CHL:")
            data[key]["__line__"] = line
    return data
