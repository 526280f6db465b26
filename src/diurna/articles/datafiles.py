"""Loading the data files the article layer uses: boilerplate patterns and news agencies.

Both are bundled under ``diurna/data/`` and can be extended without editing the package: the settings
``boilerplate_files`` and ``agency_files`` of :class:`diurna.config.Config` (environment variables
``DIURNA_BOILERPLATE`` and ``DIURNA_AGENCIES``) name extra files. :func:`article_tables` loads both for a config
(once per set of files); the article stage passes the tables down to every rule that needs them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from diurna.config import Config
from diurna.errors import DataFileError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def _data_lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read data file: {exc.strerror or exc}") from exc
    return [
        (n, line.rstrip("\r\n"))
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


@functools.cache
def _boilerplate(paths: tuple[Path, ...]) -> tuple[re.Pattern[str], ...]:
    patterns = []
    for path in paths:
        for n, line in _data_lines(path):
            try:
                patterns.append(re.compile(line.strip(), re.IGNORECASE))
            except re.error as exc:
                raise DataFileError(str(path), f"invalid regular expression: {exc}", line=n) from exc
    return tuple(patterns)


@functools.cache
def _agencies(paths: tuple[Path, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for path in paths:
        for n, line in _data_lines(path):
            names = [c.strip() for c in line.split("\t") if c.strip()]
            if not names:
                raise DataFileError(str(path), "empty agency row", line=n)
            canonical = names[0]
            for name in names:
                table.setdefault(name.casefold(), canonical)
    return table


@dataclass(frozen=True)
class ArticleTables:
    """The boilerplate patterns and the news-agency names the article stage uses."""

    boilerplate: tuple[re.Pattern[str], ...]
    agencies: dict[str, str]  # casefolded name or alias -> canonical name

    def is_boilerplate_line(self, line: str) -> bool:
        """True when the whole (stripped) line matches a boilerplate pattern."""
        return any(p.fullmatch(line) for p in self.boilerplate)

    def agency(self, name: str) -> str | None:
        """The canonical name of a news agency (``"AFP"`` -> ``"Agence France-Presse"``), else ``None``."""
        key = re.sub(r"\s+", " ", name.strip().strip(".")).casefold()
        return self.agencies.get(key)


@functools.cache
def _tables(boilerplate: tuple[Path, ...], agencies: tuple[Path, ...]) -> ArticleTables:
    return ArticleTables(boilerplate=_boilerplate(boilerplate), agencies=_agencies(agencies))


def article_tables(config: Config | None = None) -> ArticleTables:
    """The bundled tables plus the extra files of ``config`` (default: :meth:`Config.from_env`)."""
    config = config if config is not None else Config.from_env()
    return _tables((DATA_DIR / "boilerplate.txt", *config.boilerplate_files),
                   (DATA_DIR / "agencies.tsv", *config.agency_files))


def canonical_agency(name: str, tables: ArticleTables | None = None) -> str | None:
    return (tables or article_tables()).agency(name)
