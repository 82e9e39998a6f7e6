"""Name to ranked candidates: the `Gazetteer`, its kind cues and its ranking.

Examples
--------
>>> from gazetteer import lookup
>>> lookup("Dayr az Zawr", country="SY")[0].name
'Deir ez-Zor'
"""

from __future__ import annotations

import logging
import pickle
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from gazetteer.candidates import Candidates
from gazetteer.errors import PlaceNotFound
from gazetteer.index import (
    SHORT_CODE_KINDS,
    TIERS,
    abbreviation_key,
    importance,
    index_path,
    keys_path,
    name_rows,
)
from gazetteer.model import Candidate, Place
from gazetteer.normalize import name_key
from gazetteer.sources import read_gazetteer_file

log = logging.getLogger(__name__)

TIER_SCORE = (1.0, 0.95, 0.8)
STEM_PENALTY = 0.85
CUE_BONUS = 0.25
WRONG_KIND = 0.6
FUZZY_MIN_RATIO = 85
# A name written with the Arabic article or Arabic place words ("al-", "Deir", "Tal", "Wadi")
# more likely means a place where Arabic is spoken.
ARABIC_MARKERS = re.compile(
    r"(?:^|[\s-])(?:al|el|ad|ar|as|ash|az|ez|at|an|deir|dayr|tal|tell|jabal|jebel|wadi|bir|"
    r"khirbet|khirbat|ain|ayn|abu|umm|qasr|ras|hayy|kafr|kfar|beit|bayt|bint|bani|beni|nahr|suq|souk|"
    r"sheikh|shaykh|mazraat|qaryat|tall)[\s-]", re.I)
ARABIC_COUNTRIES = frozenset(
    "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE EH TD IL".split())
ARABIC_BOOST = 1.15
SITE_KINDS = frozenset({"airbase", "military_base", "airport", "oil_field", "gas_field",
                        "mountain", "ridge", "dam", "bridge", "border_crossing", "junction",
                        "road", "river", "valley", "sea", "lake", "island", "desert", "facility",
                        "prison", "port"})
_AIR = frozenset({"airbase", "airport"})
# Cue words in a query and the kinds they ask for. Suffix cues follow the name, prefix cues lead.
SUFFIX_CUES: list[tuple[str, frozenset[str]]] = [
    (r"(?:military )?air ?(?:base|field|port)|airbase|airfield|airport|air strip|airstrip", _AIR),
    (r"oil ?fields?|oil and gas fields?", frozenset({"oil_field", "gas_field"})),
    (r"gas ?fields?", frozenset({"gas_field", "oil_field"})),
    (r"(?:military )?base|garrison|barracks", frozenset({"military_base", "airbase"})),
    (r"mountains?|mts?\.?|hills?|range|heights|peak", frozenset({"mountain", "ridge"})),
    (r"ridge", frozenset({"ridge", "mountain"})),
    (r"province|governorate|oblast|state|prefecture|muhafazah|wilayah|countryside",
     frozenset({"admin1"})),
    # "the Red Sea region", "the Sahel region": a sea's shores or a region, as well as a province
    (r"region", frozenset({"admin1", "region", "sea"})),
    (r"county|co\.?|parish|borough|district|raion|rayon",
     frozenset({"admin2", "district", "admin1"})),
    (r"city|town|village|suburb", frozenset({"city", "neighbourhood"})),
    (r"dam|barrage|reservoir", frozenset({"dam", "lake"})),
    (r"bridge", frozenset({"bridge"})),
    (r"(?:border )?crossing|border post|checkpoint", frozenset({"border_crossing", "junction"})),
    (r"junction|crossroads|roundabout", frozenset({"junction", "road"})),
    (r"highway|road|motorway", frozenset({"road"})),
    (r"river", frozenset({"river"})),
    (r"valley|plains?", frozenset({"valley"})),
    (r"desert|badia", frozenset({"desert"})),
    (r"sea|gulf|strait", frozenset({"sea"})),
    (r"lake", frozenset({"lake"})),
    (r"island", frozenset({"island"})),
    (r"refinery|(?:power )?plant|factory|station", frozenset({"facility"})),
    (r"port|harbou?r|naval base", frozenset({"port", "military_base"})),
    (r"prison|jail", frozenset({"prison"})),
    (r"hospital|medical (?:center|centre|complex)", frozenset({"facility"})),
    (r"(?:refugee |displacement |idp )?camp", frozenset({"neighbourhood"})),
]
PREFIX_CUES: list[tuple[str, frozenset[str]]] = [
    (r"mount|mt\.?|jabal|jebel|jabel|jbel|djebel", frozenset({"mountain", "ridge"})),
    (r"lake", frozenset({"lake"})),
    (r"(?:the )?(?:city|town|village) of", frozenset({"city"})),
    (r"(?:the )?(?:province|governorate|region|oblast) of", frozenset({"admin1"})),
    (r"(?:the )?countryside of", frozenset({"admin1"})),
]
_SUFFIX_RE = [(re.compile(rf"^(.+?)[\s-]+(?:{p})$", re.I), k) for p, k in SUFFIX_CUES]
_PREFIX_RE = [(re.compile(rf"^(?:{p})\s+(.+)$", re.I), k) for p, k in PREFIX_CUES]
_LEADING_THE = re.compile(r"^the\s+", re.I)
_ORDINAL_DIRECTION = re.compile(
    r"^(?:(?:north|south|east|west)(?:ern)?|(?:north|south)-?(?:east|west)(?:ern)?|central|"
    r"greater|rural|eastern|western|northern|southern)\s+", re.I)


def split_cue(query: str) -> tuple[str, frozenset[str]]:
    """Split a query into the name and the kinds its cue words ask for.

    >>> split_cue("Deir ez-Zor air base")
    ('Deir ez-Zor', frozenset({'airbase', 'airport'}))
    >>> split_cue("Homs")[1]
    frozenset()
    """
    q = _LEADING_THE.sub("", query.strip())
    for rx, kinds in _SUFFIX_RE:
        m = rx.match(q)
        if m:
            return m.group(1).strip(" ,-"), kinds
    for rx, kinds in _PREFIX_RE:
        m = rx.match(q)
        if m:
            return m.group(1).strip(" ,-"), kinds
    return q, frozenset()


@dataclass(frozen=True)
class _Hit:
    place: Place
    tier: int
    stem: bool
    name: str
    importance: float


class Gazetteer:
    """The offline place index; ``lookup`` gives candidates best first.

    Parameters
    ----------
    path
        The compiled SQLite index (default: built and cached on first use).
    extra
        Curated-format CSV files or GeoNames dumps that add or override places.
    """

    def __init__(self, path: str | Path | None = None, *, extra: Iterable[str | Path] = ()):
        self.path = Path(path) if path else index_path()
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                    check_same_thread=False)
        self._overlay: dict[str, list[tuple[int, int, str, Place]]] = defaultdict(list)
        self._overlay_ids: dict[str, Place] = {}
        self._keysets: dict[int, dict[str, None]] = {}
        for f in extra:
            self.add_file(f)
        self._query = lru_cache(maxsize=100_000)(self._query_uncached)

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> Gazetteer:
        """The default index plus user gazetteer files (cached when ``extra`` is empty)."""
        extra = list(extra)
        return cls(extra=extra) if extra else default_gazetteer()

    def add_file(self, path: str | Path) -> int:
        """Add or override places from a curated-format CSV or a GeoNames dump."""
        entries = read_gazetteer_file(path)
        for place, names in entries:
            self.add_place(place, names)
        log.info("%s: %d places added", path, len(entries))
        return len(entries)

    def add_place(self, place: Place, names: Iterable[str] = ()) -> None:
        """Add a place in memory; a place with an existing id replaces the indexed one.

        An override that leaves population or admin1 empty keeps the indexed place's values.
        """
        old = self.get_place(place.id)
        if old is not None and (not place.population or not place.admin1):
            place = replace(place, population=place.population or old.population,
                            admin1=place.admin1 or old.admin1)
        is_site = place.kind in SITE_KINDS
        rows = name_rows([place.name, *names], is_site=is_site,
                         is_country=place.kind in SHORT_CODE_KINDS)
        for (key, tier, is_stem), nm in rows.items():
            self._overlay[key].append((tier, is_stem, nm, place))
        self._overlay_ids[place.id] = place
        if hasattr(self, "_query"):
            self._query.cache_clear()
        self._keysets.clear()

    # -- places by id -------------------------------------------------------------------------
    def get_place(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        if place_id in self._overlay_ids:
            return self._overlay_ids[place_id]
        row = self._con.execute(
            "SELECT id,name,kind,lat,lon,country,admin1,population,source FROM places "
            "WHERE id=?", (place_id,)).fetchone()
        return Place(*row) if row else None

    def place(self, place_id: str) -> Place:
        """The place with this id; raises `PlaceNotFound` if there is none."""
        p = self.get_place(place_id)
        if p is None:
            raise PlaceNotFound(f"no place with id {place_id!r} in the gazetteer")
        return p

    # -- keys, for recognising names in text ------------------------------------------------
    def keys(self, tier: int) -> Mapping[str, None]:
        """Every name key of a tier (0 fold, 1 name_key, 2 skeleton), for fast membership tests.

        A dict of str keys, not a frozenset: CPython's cyclic garbage collector skips a dict
        that holds only strings but walks every element of a set, and with two million keys
        that walk made each full collection cost 0.2 s (a third of the time of `build`).
        """
        if tier not in self._keysets:
            stored = keys_path(self.path)
            if stored.exists():
                with stored.open("rb") as f:
                    keys = set(pickle.load(f)[tier])
            else:
                rows = self._con.execute("SELECT DISTINCT key FROM names WHERE tier=?", (tier,))
                keys = {k for (k,) in rows}
            keys.update(k for k, hits in self._overlay.items() if any(h[0] == tier for h in hits))
            self._keysets[tier] = dict.fromkeys(keys)
        return self._keysets[tier]

    # -- lookup --------------------------------------------------------------------------------
    def _query_uncached(self, keys: tuple[str, ...]) -> tuple[_Hit, ...]:
        hits = []
        rows = self._con.execute(
            "SELECT n.key, n.tier, n.stem, n.name, p.id, p.name, p.kind, p.lat, p.lon, "
            "p.country, p.admin1, p.population, p.source, p.importance "
            "FROM names n JOIN places p ON p.rid = n.rid "
            f"WHERE n.key IN ({','.join('?' * len(keys))})",
            keys,
        )
        for key, tier, is_stem, nm, *pf, imp in rows:
            if keys[tier] != key or pf[0] in self._overlay_ids:
                continue
            hits.append(_Hit(Place(*pf), tier, bool(is_stem), nm, imp))
        for tier, key in enumerate(keys):
            for t, is_stem, nm, place in self._overlay.get(key, ()):
                if t == tier:
                    hits.append(_Hit(place, tier, bool(is_stem), nm, importance(place)))
        return tuple(hits)

    def _hits(self, name: str) -> tuple[_Hit, ...]:
        keys = tuple(fn(name) for fn in TIERS)
        if not keys[1]:
            return ()
        abbreviation = abbreviation_key(name)
        if abbreviation:  # "Ga." (Georgia) is keyed with its dot, and then means only that
            hits = self._query((abbreviation, "\0", "\0"))
            if hits:
                return hits
        return self._query(keys)

    def lookup(self, name: str, country: str | None = None, *,
               kinds: Iterable[str] | None = None, limit: int = 10,
               fuzzy: bool = True) -> list[Candidate]:
        """Candidate places for ``name``, best first.

        Parameters
        ----------
        name
            A place name as written in the news, cue words allowed ("Deir ez-Zor air base").
        country
            Keep only places in this ISO 3166-1 alpha-2 country.
        kinds
            Prefer these kinds (in addition to those the cue words ask for).
        limit
            At most this many candidates.
        fuzzy
            Fall back to fuzzy matching when nothing matches exactly or by normalisation.

        Returns
        -------
        list[Candidate]
            Empty when nothing matches: "no match" is not an error.
        """
        name = " ".join((name or "").split())
        if not name:
            return []
        country = country.upper() if country else None
        bare, cue_kinds = split_cue(name)
        wanted = frozenset(kinds or ()) | cue_kinds
        scored: dict[str, tuple[float, Candidate]] = {}
        arabic = bool(ARABIC_MARKERS.search(f" {name} "))

        def consider(hits: Iterable[_Hit], factor: float, match_prefix: str = "",
                     whole: bool = False, ceiling: float = 1.0) -> None:
            for h in hits:
                p = h.place
                if country and p.country != country:
                    continue
                s = TIER_SCORE[h.tier] * (0.4 + 0.6 * h.importance) * factor
                if h.stem and cue_kinds and p.kind not in wanted:
                    continue  # "Salahuddin Province" is no "Salahuddin refinery"
                if h.stem:
                    s *= 1.0 if p.kind in wanted else STEM_PENALTY
                if arabic and p.country in ARABIC_COUNTRIES:
                    s *= ARABIC_BOOST
                if wanted:  # a place named with its cue ("Kurdistan Region") is what was asked
                    asked = p.kind in wanted or (whole and h.tier == 0 and not h.stem)
                    s = s + CUE_BONUS if asked else s * WRONG_KIND
                match = match_prefix + ("exact", "normalised", "variant")[h.tier]
                if h.stem:
                    match += "+stem"
                if p.id not in scored or s > scored[p.id][0]:
                    scored[p.id] = (s, Candidate(p, min(ceiling, s), h.name, match))

        whole = self._hits(name)
        consider(whole, 1.0, whole=bare != name)
        if bare != name:  # "Washington County" is the county before the state
            named = any(h.tier == 0 and not h.stem for h in whole)
            consider(self._hits(bare), 0.97, ceiling=0.9 if named else 1.0)
        stripped = _ORDINAL_DIRECTION.sub("", bare)
        if stripped != bare and stripped:
            consider(self._hits(stripped), 0.8, "part-of:")
        if not scored and fuzzy:
            consider(self._fuzzy(bare), 1.0)
        ranked = sorted(scored.values(), key=lambda sc: (-sc[1].score, -sc[0],
                                                         -sc[1].place.population,
                                                         sc[1].place.id))
        return Candidates(c for _, c in ranked[:limit])

    def _fuzzy(self, name: str) -> list[_Hit]:
        """Misspellings: name keys within a small edit distance, scored below any exact match."""
        from rapidfuzz import fuzz, process

        key = name_key(name)
        if len(key) < 4:
            return []
        upper = chr(ord(key[0]) + 1)
        rows = self._con.execute(
            "SELECT DISTINCT key FROM names WHERE tier=1 AND key >= ? AND key < ? "
            "AND length(key) BETWEEN ? AND ?", (key[0], upper, len(key) - 2, len(key) + 2))
        choices = [k for (k,) in rows] + [k for k in self._overlay if k[:1] == key[0]]
        out = []
        for match, ratio, _ in process.extract(key, choices, scorer=fuzz.ratio,
                                               score_cutoff=FUZZY_MIN_RATIO, limit=5):
            for h in self._query(("\0", match, "\0")):
                if h.tier == 1:
                    out.append(_Hit(h.place, 2, h.stem, h.name,
                                    h.importance * (ratio / 100) ** 4 * 0.8))
        return out


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shared default index (opened once per process)."""
    return Gazetteer()


def lookup(name: str, country: str | None = None, **options) -> list[Candidate]:
    """Candidates for ``name`` from the default gazetteer, best first (see `Gazetteer.lookup`)."""
    return default_gazetteer().lookup(name, country, **options)
