"""The gazetteer's read-only records: a `Place` and a scored `Candidate` for a looked-up name."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)

#: Kinds a place can have. Populated places are ``city``; ``admin1``/``admin2`` are GeoNames'
#: first- and second-level areas (states, provinces; US counties, districts); sites use the others.
KINDS = (
    "country", "admin1", "admin2", "city",
    "airbase", "military_base", "airport", "oil_field", "gas_field", "mountain", "ridge",
    "dam", "bridge", "border_crossing", "junction", "road", "river", "valley", "sea", "lake",
    "island", "desert", "region", "district", "neighbourhood", "facility", "prison", "port",
)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Place:
    """A place in the gazetteer; coordinates are WGS84 degrees."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str = ""
    admin1: str = ""
    population: int = 0
    source: str = ""


@dataclass(frozen=True)
class Candidate:
    """A place proposed for a name, with how well it matched (``score`` in 0..1)."""

    place: Place
    score: float
    matched: str = ""
    match: str = "exact"

    @property
    def id(self) -> str:
        return self.place.id

    @property
    def name(self) -> str:
        return self.place.name

    @property
    def kind(self) -> str:
        return self.place.kind

    @property
    def lat(self) -> float:
        return self.place.lat

    @property
    def lon(self) -> float:
        return self.place.lon

    @property
    def country(self) -> str:
        return self.place.country

    def as_dict(self) -> dict:
        """Flat JSON-ready mapping: the place's fields plus score, matched name and match type."""
        out = asdict(self.place)
        out.update(score=round(self.score, 4), matched=self.matched, match=self.match)
        return out
