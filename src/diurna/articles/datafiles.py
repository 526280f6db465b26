"""Loading the data files the article layer uses: boilerplate patterns and news agencies.

Both are bundled under ``diurna/data/`` and can be extended without editing the package: the environment
variables ``DIURNA_BOILERPLATE`` and ``DIURNA_AGENCIES`` list extra files (separated by ``os.pathsep``).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from diurna.errors import DataFileError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def _paths(bundled: str, env: str) -> tuple[Path, ...]:
    extra = [Path(p) for p in os.environ.get(env, "").split(os.pathsep) if p.strip()]
    return (DATA_DIR / bundled, *extra)


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


def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled boilerplate patterns; each must match a whole (stripped) line."""
    return _boilerplate(_paths("boilerplate.txt", "DIURNA_BOILERPLATE"))


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


def agency_aliases() -> dict[str, str]:
    """Map of casefolded agency name or alias -> canonical agency name."""
    return _agencies(_paths("agencies.tsv", "DIURNA_AGENCIES"))


def canonical_agency(name: str) -> str | None:
    key = re.sub(r"\s+", " ", name.strip().strip(".")).casefold()
    return agency_aliases().get(key)
