"""Rendering an :class:`~diurna.eval.metrics.EvalReport` as rich tables (for the CLI)."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from diurna.articles.model import ActorRef, Event
from diurna.eval.metrics import LEVELS, NONE_COLUMN, EvalReport, RecordResult

LEVEL_LABELS = {"root": "root", "dyad_root": "dyad+root", "code": "code", "plover": "plover"}


def scores_table(report: EvalReport) -> Table:
    table = Table(title=f"diurna eval: {report.n_records} records ({report.n_missing} missing)")
    for col in ("level", "precision", "recall", "F1", "n_gold", "n_pred", "tp"):
        table.add_column(col, justify="left" if col == "level" else "right")
    for level in LEVELS:
        s = report.levels[level]
        table.add_row(LEVEL_LABELS[level], f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.n_gold), str(s.n_pred), str(s.tp))
    return table


def rates_text(report: EvalReport) -> Text:
    lines = []
    if report.false_event_rate is None:
        lines.append("false-event rate: n/a (no gold record without events)")
    else:
        lines.append(f"false-event rate: {report.false_event_rate:.3f} ({report.n_false_event}/{report.n_no_event} no-event records)")
    if report.police_source_rate is not None:
        lines.append(
            f"police source: {report.police_source_rate:.3f} ({report.police_source}/{report.police_matched} matched police events)"
        )
    return Text("\n".join(lines))


def confusion_table(report: EvalReport) -> Table:
    cols = sorted({c for row in report.confusion.values() for c in row if c != NONE_COLUMN}) + [NONE_COLUMN]
    table = Table(title="CAMEO root confusion")
    table.add_column("gold", justify="left")
    table.add_column("n", justify="right")
    for c in cols:
        table.add_column(c, justify="right")
    for gold, row in sorted(report.confusion.items()):
        n = sum(1 for r in report.records if {g.cameo[:2] for g in r.record.events if g.cameo} == {gold})
        cells = []
        for c in cols:
            v = row.get(c, 0)
            cells.append(f"[bold]{v}[/bold]" if c == gold and v else (str(v) if v else "."))
        table.add_row(gold, str(n), *cells)
    return table


def _actor(a: ActorRef | None) -> str:
    if a is None:
        return "-"
    return escape(f"{a.code or '?'} ({a.text})" if a.text else (a.code or "?"))


def _event_line(e: Event) -> str:
    plover = f"/{e.plover}" if e.plover else ""
    return (
        f"{_actor(e.source)} -> {_actor(e.target)}: {escape(e.cameo + plover)} ({e.modality}) "
        f"trigger {escape(repr(e.trigger))}\n  \u201c{escape(e.text)}\u201d"
    )


def worst_records(report: EvalReport, n: int) -> list[RecordResult]:
    """The ``n`` records with the most errors (misses + false positives summed over levels)."""
    return sorted((r for r in report.records if r.n_errors), key=lambda r: (-r.n_errors, r.record.id))[:n]


def errors_table(report: EvalReport, n: int) -> Table:
    table = Table(title=f"{n} worst records", show_lines=True)
    table.add_column("record", ratio=2)
    table.add_column("gold", ratio=1)
    table.add_column("ours", ratio=3)
    for r in worst_records(report, n):
        gold = "\n".join(
            escape(f"{g.source or '*'} -> {g.target or '*'}: {g.cameo or '-'}/{g.plover or '-'}") for g in r.record.events
        ) or "(no event)"
        ours = "(missing)" if r.missing else ("\n".join(_event_line(e) for e in r.events) or "(no event)")
        table.add_row(escape(f"{r.record.id} ({r.n_errors} errors)\n{r.record.text}"), gold, ours)
    return table


def render(report: EvalReport, n_errors: int = 0) -> Group:
    parts: list[object] = [scores_table(report), rates_text(report)]
    if report.confusion:
        parts.append(confusion_table(report))
        parts.append(Text("rows: gold root (records with one gold root); columns: roots we predicted; none: no event"))
    if n_errors > 0:
        parts.append(errors_table(report, n_errors))
    return Group(*parts)  # type: ignore[arg-type]
