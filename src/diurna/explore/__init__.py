"""Exploring a store: dyad timelines, the events behind them, top actors, partners and dyads as pandas
DataFrames, and dyad charts (PNG, SVG, self-contained HTML). The ``diurna dyad``, ``diurna top-dyads`` and
``diurna actors --store`` commands and the web UI are thin layers over these functions."""

from __future__ import annotations

from diurna.explore.nextsteps import next_steps
from diurna.explore.plot import plot_dyad
from diurna.explore.query import (BY, ROLES, ExploreError, actor_partners, dyad_events, dyad_series, parse_period,
                                  period_label, period_start, top_actors, top_dyads)

__all__ = ["BY", "ROLES", "ExploreError", "actor_partners", "dyad_events", "dyad_series", "next_steps",
           "parse_period", "period_label", "period_start", "plot_dyad", "top_actors", "top_dyads"]
