"""Rich renderings shared by the commands that print summaries (`diurna code --format summary`, `diurna ingest`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def print_quad_table(console: Any, counts: Mapping[int, int]) -> None:
    """Actual events by QuadClass, all four classes shown (zero included)."""
    from rich.table import Table

    table = Table(title="Actual events by QuadClass", title_justify="left")
    table.add_column("QuadClass")
    table.add_column("events", justify="right")
    for q in (1, 2, 3, 4):
        table.add_row(f"{q} {QUAD_NAMES[q]}", str(counts.get(q, 0)))
    console.print(table)
