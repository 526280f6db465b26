"""What to try after ``make run``: commands computed from the store (a dyad that really is in it)."""

from __future__ import annotations

import shlex
from pathlib import Path

from diurna.explore.query import StoreLike, _store, dyad_series, top_dyads

DEFAULT_STORE = "diurna-store"  # as diurna.cli.ingest.DEFAULT_STORE (not imported: the library does not import the CLI)


def next_steps(store: StoreLike, *, store_arg: str | None = None) -> list[str]:
    """Shell commands to try next on ``store``: its busiest dyad's events, timeline and chart (by month, else by
    the coarsest period that gives the chart more than one bar), the top dyads and actors, and the web UI.
    ``store_arg`` is the store as the user typed it (default: the store's path); the
    ``--store`` option is left out for the default store."""
    st = _store(store)
    where = store_arg if store_arg is not None else str(st.root)
    opt = "" if Path(where) == Path(DEFAULT_STORE) else f" --store {shlex.quote(where)}"
    dyads = top_dyads(st, limit=1)
    commands = []
    if len(dyads):
        source, target = str(dyads["source"].iloc[0]), str(dyads["target"].iloc[0])
        a, b = shlex.quote(source), shlex.quote(target)
        # the coarsest period that shows the dyad's timeline as more than one bar (the default: month)
        by = next((unit for unit in ("month", "week", "day")
                   if len(dyad_series(st, source, target, by=unit, both_directions=True)) > 1), "month")
        by_opt = "" if by == "month" else f" --by {by}"
        commands += [f"diurna events{opt} --dyad {a} {b}",
                     f"diurna dyad {a} {b}{opt}{by_opt} --both-directions --plot dyad.png"]
    else:
        commands.append(f"diurna events{opt}")
    commands += [f"diurna top-dyads{opt}", f"diurna actors{opt}", f"diurna serve{opt}"]
    return commands
