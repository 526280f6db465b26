"""The POLECAT export, loaded as its users load it (pandas and DuckDB read the header), with the CAMEO 01/02
events left out and counted, publication dates, publishers as written, and provenance columns."""

from __future__ import annotations

import logging
from collections import Counter

import duckdb
import pandas as pd
import pytest
from test_store_support import add_synthetic, d

from diurna.store import Store
from diurna.store.export import export_to_file
from diurna.store.polecat import COLUMNS, NO_PLOVER_TYPE, POLECAT_COLUMNS, PROVENANCE_COLUMNS, polecat_rows


def _store(root):
    arts = [{"id": "a", "date": d("2021-03-16"), "source": "The Example Daily", "publisher": "the example daily",
             "url": "https://x.com/a"},
            {"id": "b", "date": d("2021-03-15"), "source": None, "publisher": "www.y-news.com",
             "url": "https://www.Y-News.com/b"},
            {"id": "c", "date": None, "source": "AFP", "publisher": "afp", "url": None}]
    ms = [
        {"mention_id": "a:0", "article_id": "a", "cameo": "0421", "source_code": "CHLGOV", "source_country": "CHL",
         "source_name": "Ana Ruiz", "source_text": "Deputy Foreign Minister Ana Ruiz", "source_sector": "GOV",
         "target_code": "IGOUNO", "target_name": "UN", "target_sector": "IGO", "target_text": "the UN",
         "date": d("2021-03-17"), "modality": "actual", "plover": "CONSULT", "plover_mode": "visit",
         "quad_class": 1, "location_name": "Brasilia", "location_country": "BRA", "location_kind": "city",
         "location_lat": -15.78, "location_lon": -47.93, "sentence": 2, "text": "Ruiz visited the UN in Brasilia.",
         "confidence": 0.9},
        {"mention_id": "b:3", "article_id": "b", "cameo": "042", "source_code": "CHL", "source_country": "CHL",
         "target_code": "IGOUNO", "date": d("2021-03-17"), "modality": "actual", "plover": "CONSULT",
         "quad_class": 1, "sentence": 3},
        # CAMEO 01 and 02: PLOVER has no type for them
        {"mention_id": "a:1", "article_id": "a", "cameo": "010", "source_code": "CHL", "source_country": "CHL",
         "date": d("2021-03-16"), "modality": "actual", "quad_class": 1},
        {"mention_id": "c:0", "article_id": "c", "cameo": "0231", "source_code": "GBR", "source_country": "GBR",
         "target_code": "ISR", "target_country": "ISR", "modality": "actual", "quad_class": 1},
        {"mention_id": "c:1", "article_id": "c", "cameo": "190", "source_code": "RUS", "source_country": "RUS",
         "target_code": "UKR", "target_country": "UKR", "date": d("2021-03-01"), "date_precision": "day",
         "modality": "actual", "plover": "ASSAULT", "quad_class": 4, "sentence": 0, "text": "Russia attacked."},
        {"mention_id": "c:2", "article_id": "c", "cameo": "190", "source_code": "RUS", "source_country": "RUS",
         "modality": "anticipated", "plover": "ASSAULT", "quad_class": 4},
    ]
    add_synthetic(root, arts, ms)
    return Store(root)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("polecat")
    store = _store(root / "s")
    path = root / "events.tsv"
    assert export_to_file(store, "polecat", path) == 2  # 01 and 02 left out, the anticipated one too
    return store, path


def test_header_is_polecats_then_provenance():
    assert len(POLECAT_COLUMNS) == 40 and POLECAT_COLUMNS[0] == "Event ID" and POLECAT_COLUMNS[-1] == "Version"
    assert COLUMNS == POLECAT_COLUMNS + PROVENANCE_COLUMNS
    assert PROVENANCE_COLUMNS == ["Article ID", "Article URL", "Mention ID", "Sentence Number", "Sentence"]


def test_pandas_reads_the_export(exported):
    _, path = exported
    df = pd.read_csv(path, sep="\t", dtype={"Event Date": str, "Publication Date": str})
    assert list(df.columns) == COLUMNS and len(df) == 2
    assert df["Event Type"].notna().all()  # no row without a PLOVER type
    assert pd.api.types.is_integer_dtype(df["Quad Code"]) and pd.api.types.is_float_dtype(df["Latitude"])
    consult = df[df["Event Type"] == "CONSULT"].iloc[0]
    assert (consult["Event Date"], consult["Publication Date"]) == ("2021-03-17", "2021-03-15")  # first article
    assert consult["Source"] == "The Example Daily;y-news.com"  # as the article names it; else the URL's host
    assert (consult["Actor Name"], consult["Actor Country"], consult["Primary Actor Sector"]) == (
        "Chile", "CHL", "Government")
    assert consult["Actor Name Raw"] == "Deputy Foreign Minister Ana Ruiz"
    assert (consult["Recipient Name"], consult["Recipient Name Raw"]) == ("United Nations", "the UN")
    assert (consult["Placename"], consult["Country"], consult["Latitude"]) == ("Brasilia", "BRA", -15.78)
    assert consult["Event Mode"] == "visit" and consult["Language"] == "en"
    assert consult["Version"].startswith("diurna ")
    assert (consult["Article ID"], consult["Article URL"], consult["Mention ID"], consult["Sentence Number"]) == (
        "a", "https://x.com/a", "a:0", 2)
    assert consult["Sentence"] == "Ruiz visited the UN in Brasilia."
    assault = df[df["Event Type"] == "ASSAULT"].iloc[0]
    assert assault["Article URL"] == "diurna:article:c" and assault["Source"] == "AFP"
    assert pd.isna(assault["Publication Date"])  # the article has no date
    assert assault["Contexts"] == "military" and pd.isna(consult["Contexts"])  # from the CAMEO->PLOVER crosswalk


def test_duckdb_reads_the_export(exported):
    _, path = exported
    con = duckdb.connect()
    rel = con.sql(f"SELECT * FROM read_csv('{path}', delim='\t', header=true, quote='\"')")
    types = dict(zip(rel.columns, (str(t) for t in rel.types), strict=True))
    assert list(types) == COLUMNS
    assert types["Event Date"] == "DATE" and types["Quad Code"] == "BIGINT" and types["Latitude"] == "DOUBLE"
    rows = con.sql('SELECT "Event Type", "Event Date", "Publication Date", "Mention ID" FROM rel '
                   'ORDER BY "Event Type"').fetchall()
    assert [(r[0], str(r[1]), str(r[2]), r[3]) for r in rows] == [
        ("ASSAULT", "2021-03-01", "None", "c:1"), ("CONSULT", "2021-03-17", "2021-03-15", "a:0")]


def test_events_without_a_plover_type_are_counted(exported, caplog):
    store, _ = exported
    counts: Counter[str] = Counter()
    with caplog.at_level(logging.WARNING, logger="diurna.store.polecat"):
        rows = list(polecat_rows(store, counts=counts))
    assert len(rows) == 2 and counts == {NO_PLOVER_TYPE: 2}
    assert "2 events not exported as POLECAT: no PLOVER type (CAMEO 01/02)" in caplog.text
    assert all(len(r) == len(COLUMNS) for r in rows)
