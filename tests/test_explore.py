"""diurna.explore on a hand-made store (no spaCy): every number checked against a hand count of the fixture."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_store_support import add_synthetic, d

from diurna.explore import (ExploreError, actor_partners, dyad_events, dyad_series, next_steps, parse_period,
                            period_label, plot_dyad, top_actors, top_dyads)
from diurna.explore.plot import _html_page

# articles: id, date, publisher. c1 is a syndicated copy of a1 (another publisher, counted as a1's).
ARTICLES = [("a1", "2024-01-10", "p1.com"), ("a2", "2024-01-11", "p2.com"), ("c1", "2024-01-11", "p4.com"),
            ("a3", "2024-03-05", "p1.com"), ("a4", "2024-03-20", "p3.com"), ("a5", "2024-04-02", "p2.com")]


def _m(mid: str, src: str, tgt: str, cameo: str, quad: int, gs: float, date: str, *, modality: str = "actual",
       target_implied: bool = False, text: str | None = None) -> dict[str, Any]:
    """One mention; the country is the code's first three letters."""
    return {"mention_id": mid, "article_id": mid.split(":")[0], "cameo": cameo, "quad_class": quad, "goldstein": gs,
            "date": d(date), "modality": modality, "text": text or f"sentence of {mid}",
            "source_code": src, "source_country": src[:3], "source_name": f"name {src}", "source_text": src,
            "source_implied": False,
            "target_code": tgt, "target_country": tgt[:3], "target_name": f"name {tgt}",
            "target_text": "" if target_implied else tgt, "target_implied": target_implied}


MENTIONS = [
    # E1, 2024-01: TUR -> GRC, quad 1, reported by a1 (p1), a2 (p2) and c1 (a copy of a1: p1 again)
    _m("a1:0", "TURGOV", "GRCGOV", "042", 1, 1.9, "2024-01-10", text="Turkey's minister visited Athens."),
    _m("a2:0", "TUR", "GRC", "042", 1, 1.9, "2024-01-11"),
    _m("c1:0", "TURGOV", "GRC", "042", 1, 1.9, "2024-01-10"),
    # E2, 2024-01: GRC -> TUR, quad 3
    _m("a1:1", "GRC", "TUR", "111", 3, -2.0, "2024-01-10"),
    # nothing in 2024-02
    # E3, E4, 2024-03: TUR -> GRC, quad 4 and quad 2, both from a3 (p1)
    _m("a3:0", "TURMIL", "GRC", "190", 4, -10.0, "2024-03-05"),
    _m("a3:1", "TUR", "GRC", "061", 2, 6.4, "2024-03-05"),
    # E5, 2024-03: TUR -> GRC, anticipated (p3)
    _m("a4:0", "TUR", "GRC", "042", 1, 1.9, "2024-03-21", modality="anticipated"),
    # E6, 2024-03: TUR -> TUR, a self-dyad
    _m("a4:1", "TURGOV", "TUR", "173", 4, -5.0, "2024-03-20"),
    # E7, 2024-04: TUR -> GRC with an implied target (p2)
    _m("a5:0", "TUR", "GRC", "112", 3, -2.0, "2024-04-02", target_implied=True),
    # E8, 2024-04: USA -> TUR
    _m("a5:1", "USAGOV", "TUR", "036", 1, 4.0, "2024-04-02"),
]


def build_explore_store(root: Path) -> Path:
    articles = [{"id": i, "date": d(date), "publisher": pub, "url": f"https://{pub}/{i}"} for i, date, pub in ARTICLES]
    add_synthetic(root, articles, MENTIONS, pairs=[("c1", "a1", 0.8)])
    return root


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_explore_store(tmp_path_factory.mktemp("explore") / "s")


def _rows(frame: pd.DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in frame[list(columns)].itertuples(index=False)]


def test_series_by_month_matches_the_hand_count_with_zero_filled_months(store: Path) -> None:
    s = dyad_series(store, "TUR", "GRC")
    assert list(s.columns) == ["period", "period_label", "events", "quad1", "quad2", "quad3", "quad4",
                               "goldstein_sum", "goldstein_mean", "mentions", "sources"]
    assert _rows(s, "period_label", "events", "quad1", "quad2", "quad3", "quad4", "mentions", "sources") == [
        ("2024-01", 1, 1, 0, 0, 0, 3, 2),  # E1: three reports, two independent publishers (the copy is p1's)
        ("2024-02", 0, 0, 0, 0, 0, 0, 0),  # zero-filled
        ("2024-03", 2, 0, 1, 0, 1, 2, 1),  # E3 + E4, both from p1; E5 (anticipated) and E6 (self) left out
    ]
    assert list(s["period"]) == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01"), pd.Timestamp("2024-03-01")]
    assert s["goldstein_sum"].tolist() == pytest.approx([1.9, 0.0, -3.6])
    assert s["goldstein_mean"][0] == pytest.approx(1.9) and math.isnan(s["goldstein_mean"][1])
    assert s["goldstein_mean"][2] == pytest.approx(-1.8)


def test_series_other_units(store: Path) -> None:
    weeks = dyad_series(store, "TUR", "GRC", by="week")
    assert weeks["period_label"].iloc[0] == "2024-W02" and weeks["period_label"].iloc[-1] == "2024-W10"
    assert len(weeks) == 9 and weeks["events"].sum() == 3
    assert all(ts.weekday() == 0 for ts in weeks["period"])  # weeks start on Monday
    days = dyad_series(store, "TUR", "GRC", by="day")
    assert len(days) == (dt.date(2024, 3, 5) - dt.date(2024, 1, 10)).days + 1
    assert _rows(dyad_series(store, "TUR", "GRC", by="year"), "period_label", "events") == [("2024", 3)]


def test_both_directions_adds_the_reverse_events_and_direction_columns(store: Path) -> None:
    s = dyad_series(store, "TUR", "GRC", both_directions=True)
    assert _rows(s, "period_label", "events", "events_ab", "events_ba", "quad3") == [
        ("2024-01", 2, 1, 1, 1), ("2024-02", 0, 0, 0, 0), ("2024-03", 2, 2, 0, 0)]
    assert s["goldstein_sum_ab"][0] == pytest.approx(1.9) and s["goldstein_sum_ba"][0] == pytest.approx(-2.0)
    assert s["goldstein_sum"][0] == pytest.approx(-0.1)
    one_way = dyad_series(store, "GRC", "TUR")
    assert _rows(one_way, "period_label", "events") == [("2024-01", 1)]


def test_include_flags(store: Path) -> None:
    nonactual = dyad_series(store, "TUR", "GRC", include_nonactual=True)
    assert _rows(nonactual, "period_label", "events", "quad1", "sources") == [
        ("2024-01", 1, 1, 2), ("2024-02", 0, 0, 0), ("2024-03", 3, 1, 2)]  # E5 adds p3
    implied = dyad_series(store, "TUR", "GRC", include_implied=True)
    assert _rows(implied, "period_label", "events", "quad3") == [
        ("2024-01", 1, 0), ("2024-02", 0, 0), ("2024-03", 2, 0), ("2024-04", 1, 1)]
    assert dyad_series(store, "TUR", "TUR").empty  # a self-dyad is left out by default
    assert _rows(dyad_series(store, "TUR", "TUR", include_self=True), "period_label", "events") == [("2024-03", 1)]


def test_codes_prefixes_and_date_range(store: Path) -> None:
    assert dyad_series(store, "TURMIL", "GRC")["events"].tolist() == [1]  # E3 only
    assert dyad_series(store, "TURGOV", "GRCGOV")["events"].tolist() == [1]  # E1's representative mention
    ranged = dyad_series(store, "TUR", "GRC", since=dt.date(2023, 12, 1), until=dt.date(2024, 1, 31))
    assert _rows(ranged, "period_label", "events") == [("2023-12", 0), ("2024-01", 1)]  # rows span the range
    empty = dyad_series(store, "TUR", "GRC", since=dt.date(2025, 1, 1))
    assert empty.empty and "period_label" in empty.columns and "sources" in empty.columns


def test_bad_values_raise_explore_errors(store: Path) -> None:
    with pytest.raises(ExploreError, match="fortnight"):
        dyad_series(store, "TUR", "GRC", by="fortnight")
    with pytest.raises(ExploreError, match="after"):
        dyad_series(store, "TUR", "GRC", since=dt.date(2024, 5, 1), until=dt.date(2024, 1, 1))
    with pytest.raises(ExploreError, match="empty"):
        dyad_series(store, " ", "GRC")
    with pytest.raises(ExploreError, match="role"):
        top_actors(store, role="agent")
    with pytest.raises(ExploreError, match="limit"):
        top_dyads(store, limit=0)
    with pytest.raises(ExploreError, match="out of range"):
        dyad_series(store, "TUR", "GRC", since=dt.date(1, 1, 1))
    with pytest.raises(ExploreError, match="periods"):  # 330 years of zero-filled days
        dyad_series(store, "TUR", "GRC", by="day", since=dt.date(1700, 1, 1))
    with pytest.raises(ExploreError, match="2024-13"):
        dyad_events(store, "TUR", "GRC", period="2024-13")


def test_user_values_never_reach_the_sql_text(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import diurna.explore.query as query

    monkeypatch.setattr(query, "_codes", lambda value: (value,))  # let a hostile code through the resolver
    assert dyad_series(store, "TUR' OR 1=1 --", "GRC").empty
    assert dyad_events(store, "TUR", "GRC') OR ('1'='1").empty


def test_names_resolve_to_codes_and_unknown_names_are_refused(store: Path) -> None:
    assert dyad_series(store, "Turkey", "Greece")["events"].tolist() == dyad_series(store, "TUR", "GRC")["events"].tolist()
    with pytest.raises(ExploreError, match="Atlantis"):
        dyad_series(store, "Atlantis", "GRC")


def test_dyad_events_behind_a_period(store: Path) -> None:
    march = dyad_events(store, "TUR", "GRC", period="2024-03")
    assert sorted(march["cameo"]) == ["061", "190"] and set(march["period_label"]) == {"2024-03"}
    assert set(march["article_id"]) == {"a3"} and set(march["sentence"]) == {"sentence of a3:0", "sentence of a3:1"}
    january = dyad_events(store, "TUR", "GRC", period=dt.date(2024, 1, 20))
    (e1,) = january.to_dict("records")
    assert (e1["source_code"], e1["target_code"], e1["mention_id"], e1["article_id"]) == ("TURGOV", "GRCGOV",
                                                                                         "a1:0", "a1")
    assert e1["sentence"] == "Turkey's minister visited Athens." and e1["date"] == dt.date(2024, 1, 10)
    assert (e1["num_mentions"], e1["num_articles"], e1["num_sources"]) == (3, 3, 2)
    assert e1["event_id"].startswith("ev-") and "direction" not in january.columns
    both = dyad_events(store, "TUR", "GRC", period="2024-01", both_directions=True)
    assert sorted(both["direction"]) == ["ab", "ba"]
    assert len(dyad_events(store, "TUR", "GRC")) == 3  # every period: the sum of the series
    assert dyad_events(store, "TUR", "GRC", period="2024-02").empty
    weekly = dyad_events(store, "TUR", "GRC", by="week", period="2024-W10")
    assert len(weekly) == 2


def test_top_actors_by_role(store: Path) -> None:
    actors = top_actors(store)
    # actual, no self-dyad (E6), implied side of E7 (GRC) not counted, its source TUR is
    assert _rows(actors, "actor", "events", "as_source", "as_target") == [
        ("TUR", 4, 2, 2), ("GRC", 3, 1, 2), ("GRCGOV", 1, 0, 1), ("TURGOV", 1, 1, 0), ("TURMIL", 1, 1, 0),
        ("USAGOV", 1, 1, 0)]
    assert actors["name"][0] == "name TUR" and actors["country"][0] == "TUR"
    assert _rows(top_actors(store, role="target"), "actor", "events") == [("GRC", 2), ("TUR", 2), ("GRCGOV", 1)]
    assert top_actors(store, include_implied=True)["events"][1] == 4  # GRC as E7's implied target
    assert top_actors(store, limit=2)["actor"].tolist() == ["TUR", "GRC"]
    assert top_actors(store, since=dt.date(2024, 4, 1))["actor"].tolist() == ["TUR", "USAGOV"]


def test_actor_partners(store: Path) -> None:
    partners = actor_partners(store, "TUR")
    assert _rows(partners, "partner", "events", "outgoing", "incoming") == [
        ("GRC", 3, 2, 1), ("GRCGOV", 1, 1, 0), ("USAGOV", 1, 0, 1)]
    grc = partners.iloc[0]
    assert grc["goldstein_mean_out"] == pytest.approx(-1.8) and grc["goldstein_mean_in"] == pytest.approx(-2.0)
    assert grc["quad2"] == 1 and grc["quad3"] == 1 and grc["quad4"] == 1
    assert actor_partners(store, "Côte d'Ivoire").empty


def test_top_dyads(store: Path) -> None:
    dyads = top_dyads(store)
    assert _rows(dyads, "source", "target", "events", "mentions", "sources") == [
        ("TUR", "GRC", 3, 5, 2), ("GRC", "TUR", 1, 1, 1), ("USA", "TUR", 1, 1, 1)]
    assert dyads["goldstein_sum"][0] == pytest.approx(1.9 - 10.0 + 6.4)
    with_self = top_dyads(store, include_self=True, include_implied=True, include_nonactual=True)
    assert ("TUR", "TUR", 1) in _rows(with_self, "source", "target", "events")
    assert _rows(with_self, "source", "target", "events")[0] == ("TUR", "GRC", 5)


def test_next_steps_name_a_dyad_of_the_store(store: Path) -> None:
    commands = next_steps(store, store_arg="my store")
    assert "diurna events --store 'my store' --dyad TUR GRC" in commands
    assert any(c.startswith("diurna dyad TUR GRC --store 'my store'") for c in commands)
    assert commands[-1] == "diurna serve --store 'my store'"
    assert "diurna top-dyads" in next_steps(store, store_arg="diurna-store")


def test_periods() -> None:
    assert parse_period("2024-05", "month") == dt.date(2024, 5, 1)
    assert parse_period("2024-05-17", "month") == dt.date(2024, 5, 1)
    assert parse_period("2024-W19", "week") == dt.date(2024, 5, 6)
    assert parse_period("2024", "year") == dt.date(2024, 1, 1)
    assert period_label(dt.date(2024, 12, 30), "week") == "2025-W01"  # ISO week of a late-December Monday
    with pytest.raises(ExploreError):
        parse_period("2024-05", "year")


def test_plots_are_written_and_valid(store: Path, tmp_path: Path) -> None:
    series = dyad_series(store, "TUR", "GRC", both_directions=True)
    png = plot_dyad(series, tmp_path / "chart.png", title="TUR - GRC")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    svg = plot_dyad(series, tmp_path / "chart.svg")
    assert ET.parse(svg).getroot().tag.endswith("svg")
    page = plot_dyad(series, tmp_path / "chart.html", title="TUR <-> GRC").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "2024-02" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page and "<link" not in page
    assert "TUR &lt;-&gt; GRC" in page  # the title is escaped
    with pytest.raises(ExploreError, match="suffix"):
        plot_dyad(series, tmp_path / "chart.pdf")
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left


def test_html_page_escapes_and_shows_missing_means() -> None:
    frame = pd.DataFrame({"period_label": ["<b>"], "events": [0], "quad1": [0], "quad2": [0], "quad3": [0],
                          "quad4": [0], "goldstein_sum": [0.0], "goldstein_mean": [float("nan")], "sources": [0]})
    page = _html_page("<svg></svg>", frame, None)
    assert "&lt;b&gt;" in page and "<td>-</td>" in page


def test_a_partner_without_a_country_is_counted_in_its_direction(tmp_path: Path) -> None:
    """An IGO partner has a code and no country: its events count as outgoing or incoming, never neither."""
    out = _m("a1:0", "USAGOV", "IGOUNO", "042", 1, 1.9, "2024-01-10")
    back = _m("a1:1", "IGOUNO", "USAGOV", "020", 1, 3.0, "2024-01-10")
    out["target_country"] = back["source_country"] = None
    add_synthetic(tmp_path / "s", [{"id": "a1", "date": d("2024-01-10"), "publisher": "p1.com", "url": None}],
                  [out, back])
    assert _rows(actor_partners(tmp_path / "s", "USA"), "partner", "events", "outgoing", "incoming") == [
        ("IGOUNO", 2, 1, 1)]
