"""Reader for diurna's ontology TSV files: '#' comment lines, one header line, tab-separated rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diurna.errors import DataFileError


@dataclass(frozen=True)
class Row:
    """One data row, with where it came from (for error messages)."""

    path: Path
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def error(self, reason: str) -> DataFileError:
        return DataFileError(str(self.path), reason, self.line)


def read_tsv(path: Path, columns: tuple[str, ...]) -> list[Row]:
    """Read ``path``; the header must name exactly ``columns`` (in any order).

    Blank lines and lines starting with ``#`` are skipped. Every row must have as many
    tab-separated fields as the header. Values are stripped of surrounding spaces.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), f"cannot read: {exc}") from exc
    header: list[str] | None = None
    rows: list[Row] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in raw.split("\t")]
        if header is None:
            header = fields
            missing = [c for c in columns if c not in header]
            extra = [c for c in header if c not in columns]
            if missing or extra or len(set(header)) != len(header):
                raise DataFileError(
                    str(path),
                    f"header must have the columns {', '.join(columns)} (tab-separated); got {', '.join(header)}",
                    number,
                )
            continue
        if len(fields) != len(header):
            raise DataFileError(
                str(path), f"expected {len(header)} tab-separated fields, found {len(fields)}", number
            )
        rows.append(Row(path, number, dict(zip(header, fields, strict=True))))
    if header is None:
        raise DataFileError(str(path), "no header line")
    return rows
