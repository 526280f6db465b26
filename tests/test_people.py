"""Dated office-holders (src/diurna/data/actors/people.tsv, diurna.actors.people)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from diurna.actors.datafiles import read_tsv
from diurna.actors.dictionary import load_actor_dictionary
from diurna.actors.dictionary import DATA_DIR
from diurna.actors.people import COLUMNS, ONGOING_GRACE_YEARS, load_people, match_person
from diurna.errors import DataFileError

D = dt.date
HEADER = "\t".join(COLUMNS) + "\n"


@pytest.fixture(autouse=True)
def _no_user_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIURNA_ACTORS_DIR", raising=False)


def test_bundled_rows_are_valid_and_dated() -> None:
    table = load_people()
    assert len(table.rows) >= 300
    raw = read_tsv(DATA_DIR / "people.tsv", COLUMNS)
    assert len(raw) == len(table.rows)
    ad = load_actor_dictionary()
    for row in table.rows:
        assert row.recorded.start is not None, row.source
        assert row.usable.end is not None, f"{row.source}: a row usable forever"
        assert row.sector in ad.sectors
        if row.recorded.end is None:
            assert row.ongoing_as_of is not None
            assert row.usable.end == D(row.ongoing_as_of + ONGOING_GRACE_YEARS, 12, 31)
        else:
            assert row.recorded.start <= row.recorded.end


def test_putin_office_depends_on_date() -> None:
    m = match_person("Putin", D(2005, 6, 1))
    assert m is not None and (m.country, m.sector, m.role) == ("RUS", "GOV", "president")
    m = match_person("Putin", D(2010, 6, 1))
    assert m is not None and (m.country, m.sector, m.role) == ("RUS", "GOV", "prime minister")
    assert m.code == "RUSGOV" and m.valid_from == D(2008, 5, 8)


def test_titles_country_adjective_and_possessive_are_ignored() -> None:
    for text in ("President Mubarak", "Mr. Mubarak", "Egyptian President Hosni Mubarak", "Mubarak's"):
        m = match_person(text, D(1995, 1, 1))
        assert m is not None and m.country == "EGY", text
    assert match_person("former President Mubarak", D(1995, 1, 1)) is None


def test_same_surname_resolves_by_date() -> None:
    senior, junior = match_person("Bush", D(1990, 6, 1)), match_person("Bush", D(2003, 6, 1))
    assert senior is not None and senior.name == "George H. W. Bush"
    assert junior is not None and junior.name == "George W. Bush"


def test_ongoing_row_expires_after_grace_period() -> None:
    table = load_people()
    row = next(r for r in table.rows if r.name == "Vladimir Putin" and r.recorded.end is None)
    assert row.ongoing_as_of is not None
    assert match_person("Putin", D(row.ongoing_as_of, 6, 1)) is not None
    assert match_person("Putin", D(row.ongoing_as_of + ONGOING_GRACE_YEARS + 1, 6, 1)) is None


def test_surname_shared_by_two_people_in_office_is_ambiguous() -> None:
    # Fidel Castro (president) and Raul Castro (defence minister) in 2000; two Kings Abdullah in 2010.
    assert match_person("Castro", D(2000, 1, 1)) is None
    assert match_person("King Abdullah", D(2010, 1, 1)) is None
    m = match_person("Castro", D(2015, 1, 1))
    assert m is not None and m.name == "Raúl Castro"
    m = match_person("Fidel Castro", D(2000, 1, 1))
    assert m is not None and m.role == "president"


def test_unknown_name_lowercase_surname_and_out_of_office() -> None:
    assert match_person("Zyxwv Qwerty", D(2000, 1, 1)) is None
    assert match_person("bush", D(2003, 1, 1)) is None
    assert match_person("Laura Bush", D(2003, 1, 1)) is None
    assert match_person("Reagan", D(1995, 1, 1)) is None


def test_undated_lookup_gives_no_office_it_cannot_know() -> None:
    m = match_person("Ronald Reagan", None)
    assert m is not None and m.country == "USA" and m.role == "president"  # a single closed term
    m = match_person("Putin", None)  # president and prime minister: Russia's government, no office named
    assert m is not None and (m.code, m.role) == ("RUSGOV", "")
    m = match_person("Vajpayee", None)  # prime minister twice: the role is known
    assert m is not None and (m.code, m.role) == ("INDGOV", "prime minister")
    assert match_person("Guterres", None) is None  # Portugal's government, then the UN's
    assert match_person("Bush", None) is None  # two presidents of that name


def test_accent_insensitive() -> None:
    for text in ("Lula da Silva", "Luiz Inácio Lula da Silva", "Luiz Inacio Lula da Silva", "LULA"):
        m = match_person(text, D(2005, 1, 1))
        assert m is not None and m.name == "Luiz Inácio Lula da Silva" and m.country == "BRA", text
    m = match_person("Erdogan", D(2016, 1, 1))
    assert m is not None and m.role == "president"


def test_igo_and_group_codes() -> None:
    m = match_person("Secretary-General Kofi Annan", D(2000, 1, 1))
    assert m is not None and (m.country, m.sector, m.code) == ("IGOUNO", "IGO", "IGOUNO")
    m = match_person("Mullah Omar", D(1998, 1, 1))
    assert m is not None and m.code == "AFGGOV"
    m = match_person("Mullah Omar", D(2005, 1, 1))
    assert m is not None and m.code == "AFGREBTAL"


def _user_dir(tmp_path: Path, body: str) -> Path:
    (tmp_path / "people.tsv").write_text("# user people\n" + HEADER + body, encoding="utf-8")
    return tmp_path


def test_user_file_adds_rows(tmp_path: Path) -> None:
    d = _user_dir(tmp_path, "Jane Roe\tRoe\tCHL\tGOV\tforeign minister\t2031-01-01\t2033-12-31\t\n")
    m = load_people(d).match("Foreign Minister Roe", D(2032, 5, 1))
    assert m is not None and (m.name, m.country) == ("Jane Roe", "CHL")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Jane Roe\tRoe\tXXX\tGOV\tminister\t2001\t2002\t\n", "unknown country"),
        ("Jane Roe\tRoe\tCHL\tZZZ\tminister\t2001\t2002\t\n", "unknown sector"),
        ("Jane Roe\tRoe\tCHL\tGOV\tminister\t2001-13\t2002\t\n", "malformed date"),
        ("Jane Roe\tRoe\tCHL\tGOV\tminister\t2003\t2002\t\n", "after it ends"),
        ("Jane Roe\tRoe\tCHL\tGOV\tminister\t2001\t\t\n", "ongoing as of"),
        ("Jane Roe\tRoe\tCHL\tGOV\tminister\t\t2002\t\n", "no start date"),
    ],
)
def test_malformed_user_row_names_file_and_line(tmp_path: Path, row: str, reason: str) -> None:
    d = _user_dir(tmp_path, "Ok Person\tOk\tCHL\tGOV\tminister\t2001\t2002\t\n" + row)
    with pytest.raises(DataFileError) as err:
        load_people(d)
    assert err.value.path == str(d / "people.tsv") and err.value.line == 4
    assert reason in str(err.value)
