"""Exports (jsonl, csv, parquet, GDELT 2.0, POLECAT) and the `diurna events` / `diurna export` commands."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
from click.testing import CliRunner
from test_store_support import add_synthetic, d

from diurna.cli import main
from diurna.store import Store
from diurna.store.export import GDELT_COLUMNS, POLECAT_COLUMNS, export


def _store(tmp_path):
    arts = [{"id": "a", "date": d("2021-03-16"), "publisher": "x.com", "url": "https://x.com/a"},
            {"id": "b", "date": d("2021-03-17"), "publisher": "y.com", "url": None}]
    ms = [{"mention_id": "a:0", "article_id": "a", "cameo": "0421", "source_code": "CHLGOV", "source_country": "CHL",
           "source_name": "Chile", "source_sector": "GOV", "target_code": "IGOUNO", "target_name": "UN",
           "date": d("2021-03-16"), "modality": "actual", "plover": "CONSULT", "quad_class": 1, "goldstein": 1.9,
           "location_name": "Brasilia", "location_country": "BRA", "location_kind": "city",
           "location_lat": -15.8, "location_lon": -47.9},
          {"mention_id": "b:0", "article_id": "b", "cameo": "042", "source_code": "CHL", "source_country": "CHL",
           "target_code": "IGOUNO", "date": d("2021-03-17"), "modality": "actual", "quad_class": 1},
          {"mention_id": "b:1", "article_id": "b", "cameo": "190", "source_code": "RUS", "source_country": "RUS",
           "date": d("2021-03-17"), "modality": "anticipated", "quad_class": 4}]
    add_synthetic(tmp_path, arts, ms)
    return Store(tmp_path)


def test_gdelt_has_the_61_columns_in_order(tmp_path):
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    assert GDELT_COLUMNS[25:35] == ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    assert GDELT_COLUMNS[-2:] == ["DATEADDED", "SOURCEURL"] and GDELT_COLUMNS[51] == "ActionGeo_Type"
    out = io.StringIO()
    assert export(_store(tmp_path), "gdelt", out) == 1  # the anticipated event is not exported
    (row,) = [r.split("\t") for r in out.getvalue().splitlines()]
    assert len(row) == 61
    rec = dict(zip(GDELT_COLUMNS, row, strict=True))
    assert (rec["SQLDATE"], rec["MonthYear"], rec["Year"]) == ("20210316", "202103", "2021")
    assert (rec["Actor1Code"], rec["Actor1CountryCode"], rec["Actor1Type1Code"]) == ("CHLGOV", "CHL", "GOV")
    assert (rec["Actor2Code"], rec["Actor2KnownGroupCode"]) == ("IGOUNO", "UNO")
    assert (rec["EventCode"], rec["EventBaseCode"], rec["EventRootCode"]) == ("0421", "042", "04")
    assert (rec["NumMentions"], rec["NumArticles"], rec["NumSources"]) == ("2", "2", "2")
    assert (rec["ActionGeo_Type"], rec["ActionGeo_FullName"], rec["ActionGeo_CountryCode"]) == (
        "4", "Brasilia, Brazil", "BR")  # GDELT's FIPS 10-4 country code, not ISO
    assert rec["SOURCEURL"] == "https://x.com/a"


def test_polecat_header_and_rows(tmp_path):
    out = io.StringIO()
    assert export(_store(tmp_path), "polecat", out) == 1
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter="\t"))
    assert rows[0] == POLECAT_COLUMNS and len(POLECAT_COLUMNS) == 45  # POLECAT's 40, then 5 of provenance
    rec = dict(zip(rows[0], rows[1], strict=True))
    assert (rec["Event Type"], rec["Actor Country"], rec["Country"], rec["Event Date"]) == (
        "CONSULT", "CHL", "BRA", "2021-03-16")


def test_jsonl_csv_parquet(tmp_path):
    store = _store(tmp_path / "s")
    out = io.StringIO()
    assert export(store, "jsonl", out) == 2
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["event_id"].startswith("ev-") and isinstance(first["article_ids"], list)
    out = io.StringIO()
    export(store, "csv", out, table_name="mentions")
    assert list(csv.DictReader(io.StringIO(out.getvalue())))[0]["event_id"].startswith("ev-")
    export(store, "parquet", None, str(tmp_path / "e.parquet"))
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 2


def test_events_and_export_commands(tmp_path):
    _store(tmp_path / "s")
    runner = CliRunner()
    r = runner.invoke(main, ["events", "--store", str(tmp_path / "s"), "--actor", "CHL", "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    assert len(r.output.splitlines()) == 1
    r = runner.invoke(main, ["events", "--store", str(tmp_path / "s"), "--modality", "anticipated", "--mentions",
                             "--format", "csv"])
    assert r.exit_code == 0 and "b:1" in r.output
    for since, n in (("2021-03-16", 1), ("2021-03-17", 0)):  # the event's date is its first report's
        r = runner.invoke(main, ["events", "--store", str(tmp_path / "s"), "--dyad", "CHL", "IGO", "--cameo", "04",
                                 "--since", since, "--format", "jsonl"])
        assert r.exit_code == 0 and len(r.stdout.splitlines()) == n
        assert ("note: no events" in r.stderr) == (n == 0)  # a valid filter that matches nothing says so
    r = runner.invoke(main, ["export", "--store", str(tmp_path / "s"), "--format", "gdelt", "--out",
                             str(tmp_path / "g.tsv")])
    assert r.exit_code == 0 and len((tmp_path / "g.tsv").read_text().split("\t")) == 61
    r = runner.invoke(main, ["events", "--store", str(tmp_path / "nothing")])
    assert r.exit_code == 1 and "no such store" in r.output
