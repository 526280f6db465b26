"""A dyad timeline as a chart: stacked bars of events per QuadClass and the Goldstein sum as a line on a second
axis. PNG and SVG through matplotlib (Agg backend, no display needed); HTML as one self-contained page holding
the SVG inline (no script, no stylesheet or font from elsewhere)."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd

from diurna.explore.query import QUAD_COLUMNS, ExploreError

FORMATS = (".png", ".svg", ".html")

# QuadClass colours (colour-blind safe: Okabe-Ito) and their names
QUAD_STYLE = (("quad1", "verbal cooperation", "#56B4E9"), ("quad2", "material cooperation", "#009E73"),
              ("quad3", "verbal conflict", "#E69F00"), ("quad4", "material conflict", "#D55E00"))
_REQUIRED = ("period_label", "events", *QUAD_COLUMNS, "goldstein_sum")


def plot_dyad(series: pd.DataFrame, path: str | Path, *, title: str | None = None) -> Path:
    """Draw a :func:`~diurna.explore.dyad_series` frame to ``path`` (``.png``, ``.svg`` or ``.html``, by its
    suffix) and return the path. The file is written whole or not at all (temporary file, then rename)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExploreError(f"{path}: cannot tell the chart format from the suffix {suffix or '(none)'!r}; use "
                           f"{', '.join(FORMATS)}")
    missing = [c for c in _REQUIRED if c not in series.columns]
    if missing:
        raise ExploreError(f"the series has no column {', '.join(missing)}: pass a dyad_series() frame")
    figure = _figure(series, title)
    if suffix == ".html":
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        data: bytes = _html_page(buffer.getvalue(), series, title).encode("utf-8")
    else:
        raw = io.BytesIO()
        figure.savefig(raw, format=suffix[1:], bbox_inches="tight", dpi=120,
                       metadata={"Date": None} if suffix == ".svg" else None)
        data = raw.getvalue()
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExploreError(f"{path}: cannot write the chart ({exc.strerror or exc})") from None
    return path


def _figure(series: pd.DataFrame, title: str | None) -> Any:
    # a Figure of its own (no pyplot): no global state, no display, and a notebook's backend is left alone
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    n = len(series)
    fig = Figure(figsize=(min(16.0, max(7.0, 0.35 * n + 3)), 4.8))
    bars = fig.subplots()
    x = list(range(n))
    bottom = [0] * n
    for col, name, colour in QUAD_STYLE:
        values = [int(v) for v in series[col]]
        bars.bar(x, values, bottom=bottom, color=colour, label=name, width=0.8, zorder=2)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    bars.set_ylabel("events")
    bars.set_ylim(0, max([*bottom, 1]) * 1.05)
    bars.yaxis.set_major_locator(MaxNLocator(integer=True))
    bars.grid(axis="y", color="#dddddd", zorder=0)
    labels = list(series["period_label"])
    step = max(1, n // 24)
    crowded = sum(len(label) + 2 for label in labels[::step]) > 70  # the labels would touch: slant them
    bars.set_xticks(x[::step], labels[::step], rotation=40 if crowded else 0, ha="right" if crowded else "center",
                    rotation_mode="anchor" if crowded else "default")
    bars.set_xlim(-0.6, max(n, 1) - 0.4)
    line_axis = bars.twinx()
    goldstein = [float(v) for v in series["goldstein_sum"]]
    line_axis.plot(x, goldstein, color="#222222", marker="o", markersize=4, linewidth=1.6, label="Goldstein sum",
                   zorder=3)
    line_axis.axhline(0, color="#888888", linewidth=0.8, linestyle="--")
    extent = max([abs(v) for v in goldstein] + [1.0]) * 1.15
    line_axis.set_ylim(-extent, extent)
    line_axis.set_ylabel("Goldstein sum")
    handles = bars.get_legend_handles_labels()[0] + line_axis.get_legend_handles_labels()[0]
    names = bars.get_legend_handles_labels()[1] + line_axis.get_legend_handles_labels()[1]
    # the legend above the plot area (never over a bar), the title above the legend
    bars.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize="small", frameon=False,
                ncols=3)
    if title:
        bars.set_title(title, pad=40)
    return fig


def _html_page(svg: str, series: pd.DataFrame, title: str | None) -> str:
    """One HTML page: the chart's SVG inline and the numbers as a table (no external asset)."""
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    # inline in HTML, the SVG needs neither its RDF metadata nor its namespace declarations (the HTML parser puts
    # <svg> and xlink:href in their namespaces): the page then names no URL at all
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, count=1, flags=re.DOTALL)
    head_end = svg.find(">")
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg[:head_end]) + svg[head_end:]
    heading = html.escape(title or "dyad timeline")
    columns = [c for c in ("period_label", "events", *QUAD_COLUMNS, "goldstein_sum", "goldstein_mean", "sources")
               if c in series.columns]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    rows = []
    for record in series[columns].to_dict("records"):
        cells = []
        for c in columns:
            value = record[c]
            text = "-" if value is None or (isinstance(value, float) and value != value) else (
                f"{value:.2f}" if isinstance(value, float) else str(value))
            cells.append(f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{heading}</title><style>body{{font-family:sans-serif;margin:1.5em}}"
        "svg{max-width:100%;height:auto}table{border-collapse:collapse;margin-top:1em}"
        "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style></head>\n"
        f"<body><h1>{heading}</h1>\n{svg}\n<table><thead><tr>{head}</tr></thead><tbody>\n"
        + "\n".join(rows) + "\n</tbody></table></body></html>\n")
