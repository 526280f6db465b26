"""Rich renderings shared by the commands that print summaries (`diurna code --format summary`, `diurna ingest`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import IO, Any

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


# --- tables that fit the terminal -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """A column of a fitted table: the row key, its header, its width range and how important it is (``rank``:
    the narrowest terminal keeps the lowest ranks). ``short``: an id cut to this many characters on a terminal
    too narrow for all of it (a unique prefix: ``diurna show`` accepts it). ``sentence``: the column that takes
    the remaining width, cut around its trigger so that the trigger stays visible."""

    key: str
    header: str
    rank: int
    min: int
    max: int
    short: int | None = None
    sentence: bool = False
    right: bool = False


#: the columns each kind of table may show, in display order
LAYOUTS: dict[str, tuple[Col, ...]] = {
    "events": (
        Col("event_id", "id", 0, 11, 19, short=11), Col("date", "date", 5, 10, 10),
        Col("cameo", "cameo", 1, 5, 5), Col("cameo_name", "event", 8, 10, 28),
        Col("source_code", "source", 2, 6, 12), Col("target_code", "target", 3, 6, 12),
        Col("modality", "modality", 6, 8, 12), Col("location_name", "where", 9, 8, 18),
        Col("num_sources", "src", 7, 3, 4, right=True), Col("num_mentions", "rep", 10, 3, 4, right=True),
        Col("confidence", "conf", 11, 4, 4, right=True), Col("text", "sentence", 4, 20, 400, sentence=True),
    ),
    "mentions": (
        Col("event_id", "event", 0, 11, 19, short=11), Col("mention_id", "mention", 7, 14, 40, short=14),
        Col("date", "date", 5, 10, 10), Col("cameo", "cameo", 1, 5, 5),
        Col("source_code", "source", 2, 6, 12), Col("target_code", "target", 3, 6, 12),
        Col("modality", "modality", 6, 8, 12), Col("is_copy", "copy", 9, 4, 5),
        Col("confidence", "conf", 8, 4, 4, right=True), Col("text", "sentence", 4, 20, 400, sentence=True),
    ),
    "code": (
        Col("cameo", "cameo", 0, 5, 5), Col("cameo_name", "event", 6, 10, 28),
        Col("source_code", "source", 1, 6, 14), Col("target_code", "target", 2, 6, 14),
        Col("modality", "modality", 4, 8, 12), Col("date", "date", 5, 10, 18), Col("location_name", "where", 7, 8, 18),
        Col("confidence", "conf", 8, 4, 4, right=True), Col("text", "sentence", 3, 20, 400, sentence=True),
    ),
}
GAP = 2  # characters between two columns
_SENTENCE_MIN = 20


def cell_text(value: Any) -> str:
    """A value as a table shows it: ``-`` for none, two decimals for a float, lists joined with ``;``."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return ";".join(cell_text(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return " ".join(str(value).split())


def trigger_span(row: Mapping[str, Any]) -> tuple[int, int] | None:
    """Where the trigger is in the row's sentence (``text``): from the stored offsets when the row has them, else
    the first occurrence of the trigger's first word."""
    text = row.get("text") or ""
    span = row.get("trigger_span")
    if isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(v, int) for v in span) \
            and 0 <= span[0] < span[1] <= len(text):
        return span[0], span[1]
    start, t0, t1 = row.get("start"), row.get("trigger_start"), row.get("trigger_end")
    if isinstance(start, int) and isinstance(t0, int) and isinstance(t1, int) and 0 <= t0 - start < t1 - start <= len(text):
        return t0 - start, t1 - start
    trigger = str(row.get("trigger") or "").split()
    if not trigger:
        return None
    at = text.lower().find(trigger[0].lower())
    return (at, at + len(trigger[0])) if at >= 0 else None


def fit_sentence(text: str, span: tuple[int, int] | None, width: int) -> Any:
    """``text`` (one line) cut to ``width`` characters around ``span`` so that the trigger stays visible, the
    trigger in bold; ``…`` marks a cut. A rich :class:`~rich.text.Text` (never read as markup)."""
    from rich.text import Text

    flat = " ".join(text.split()) if span is None else text.replace("\n", " ")
    if span is not None and flat != text:  # same length: offsets stay valid
        span = None if len(flat) != len(text) else span
    begin, end = 0, len(flat)
    if len(flat) > width:
        if span is None:
            begin, end = 0, width - 1
        else:
            keep = min(span[1] - span[0], width - 2)
            room = width - 2 - keep
            begin = max(0, min(span[0] - room // 3, len(flat) - (width - 1)))
            end = min(len(flat), begin + width - (2 if begin else 1))
    shown = Text(("…" if begin else "") + flat[begin:end] + ("…" if end < len(flat) else ""))
    if span is not None:
        offset = 1 if begin else 0
        a, b = max(span[0], begin) - begin + offset, min(span[1], end) - begin + offset
        if a < b:
            shown.stylize("bold reverse", a, b)
    return shown


def choose_columns(layout: tuple[Col, ...], available: list[str], width: int,
                   chosen: list[str] | None = None) -> list[tuple[Col, int]]:
    """The columns to show on a terminal ``width`` characters wide and the width of each: the most important
    (lowest rank) first while they fit at their minimum width, the sentence taking what is left. ``chosen``: the
    columns the user picked (``--columns``), all shown, in their order."""
    by_key = {c.key: c for c in layout}
    if chosen:
        cols = [replace(by_key[k], header=k) if k in by_key else Col(k, k, i, min(len(k), 12), 40)
                for i, k in enumerate(chosen)]
    else:
        cols = [c for c in layout if c.key in available]
        kept: list[Col] = []
        used = 0
        for c in sorted(cols, key=lambda c: c.rank):
            need = (max(c.min, width // 3) if c.sentence else c.min) + (GAP if kept else 0)
            if used + need <= width or not kept:
                kept.append(c)
                used += need
        cols = [c for c in cols if c in kept]
    return [(c, max(c.min, width // 3) if c.sentence else c.min) for c in cols]


def _widths(picked: list[tuple[Col, int]], rows: Sequence[Mapping[str, Any]], width: int) -> list[int]:
    """Each column's natural width (its longest cell), shrunk until the table fits ``width``: first the sentence to
    its minimum (a third of the width), then every other column to its usual maximum, then to its minimum, then
    the ids to their short prefix, then the sentence to 20 characters."""
    widths = [max(low, len(c.header), *(len(cell_text(r.get(c.key))) for r in rows[:500]))
              for c, low in picked]

    def shrink(floors: list[int]) -> None:
        excess = sum(widths) + GAP * (len(widths) - 1) - width
        while excess > 0:
            candidates = [i for i in range(len(widths)) if widths[i] > floors[i]]
            if not candidates:
                return
            i = max(candidates, key=lambda j: widths[j] - floors[j])
            give = min(excess, widths[i] - floors[i], max(1, (widths[i] - floors[i]) // 2))
            widths[i] -= give
            excess -= give

    big = 10**6
    shrink([low if c.sentence else big for c, low in picked])
    shrink([big if c.short else low if c.sentence else max(low, c.max) for c, low in picked])
    shrink([big if c.short else low for c, low in picked])
    shrink([max(low, c.short) if c.short else low for c, low in picked])  # ids: a unique prefix
    shrink([_SENTENCE_MIN if c.sentence else low for c, low in picked])
    return widths


def build_rows_table(rows: Sequence[Mapping[str, Any]], kind: str, width: int, *, title: str | None = None,
                     chosen: list[str] | None = None) -> Any:
    """A rich table of ``rows`` (dicts) that fits ``width`` characters: the columns of ``LAYOUTS[kind]`` that fit,
    ids shortened and the sentence cut around its trigger when space is short. Every cell is plain text."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    available = list(rows[0].keys()) if rows else [c.key for c in LAYOUTS[kind]]
    picked = choose_columns(LAYOUTS[kind], available, width, chosen)
    widths = _widths(picked, rows, width)
    table = Table(title=Text(title) if title else None, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                  pad_edge=False, padding=(0, GAP // 2), collapse_padding=True, expand=False)
    for (c, _), w in zip(picked, widths, strict=True):
        table.add_column(c.header, width=w, no_wrap=True, overflow="ellipsis", justify="right" if c.right else "left")
    for row in rows:
        cells = []
        for (c, _), w in zip(picked, widths, strict=True):
            if c.sentence:
                cells.append(fit_sentence(str(row.get(c.key) or ""), trigger_span(row), w))
                continue
            text = cell_text(row.get(c.key))
            if c.short and len(text) > w:
                text = text[: max(c.short, w)]
            cells.append(Text(text))
        table.add_row(*cells)
    return table


def print_rows_table(t: Any, kind: str, out: IO[str], *, chosen: list[str] | None = None,
                     width: int | None = None) -> int:
    """Print a query result (a pyarrow table of events or mentions) as a fitted table on ``out``; the number of
    rows. The width is the terminal's (``width`` overrides it; 160 when ``out`` is not a terminal). ``chosen``: the
    columns the user picked (all shown, in that order)."""
    from rich.console import Console

    console = Console(file=out, width=width, soft_wrap=False) if width else Console(file=out, soft_wrap=False)
    rows = t.to_pylist()
    layout = kind if kind in LAYOUTS else "events"
    table = build_rows_table(rows, layout, console.width, title=f"{t.num_rows} {kind}", chosen=chosen)
    console.print(table)
    return t.num_rows
