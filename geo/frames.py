"""The spatial boundary: events and mentions as GeoDataFrames (EPSG:4326, ``Point(lon, lat)``).

These column sets are the stable contract that ``maps/`` and the exporters consume.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import geopandas as gpd
from shapely.geometry import Point

from geo.model import Event, Mention

EVENT_COLUMNS = [
    "event_id", "date", "time_precision", "date_text", "event_type", "sub_event_type",
    "actors", "place_id", "place_name", "place_kind", "place_text", "country", "admin1",
    "admin1_name", "geo_precision", "sentence", "doc_ids", "sources", "titles", "urls",
    "confidence", "notes",
]
MENTION_COLUMNS = [
    "doc_id", "start", "end", "text", "place_id", "name", "kind", "country", "score",
]
CRS = "EPSG:4326"


def events_to_frame(events: Iterable[Event], *,
                    admin1_names: Mapping[str, str] | None = None) -> gpd.GeoDataFrame:
    """Events as a GeoDataFrame; ``date`` is an ISO string (or None), list fields are lists.

    ``admin1_names`` maps the places' admin1 codes to area names (``BuildResult.admin1_names``)
    for the ``admin1_name`` column; without it the column is empty.
    """
    names = admin1_names or {}
    rows, points = [], []
    for e in events:
        p = e.place
        rows.append({
            "event_id": e.event_id,
            "date": e.date.isoformat() if e.date else None,
            "time_precision": e.time_precision,
            "date_text": e.date_text,
            "event_type": e.event_type,
            "sub_event_type": e.sub_event_type,
            "actors": list(e.actors),
            "place_id": p.id,
            "place_name": p.name,
            "place_kind": p.kind,
            "place_text": e.place_text,
            "country": p.country,
            "admin1": p.admin1,
            "admin1_name": names.get(p.admin1, ""),
            "geo_precision": e.geo_precision,
            "sentence": e.sentence,
            "doc_ids": list(e.doc_ids),
            "sources": list(e.sources),
            "titles": list(e.titles),
            "urls": list(e.urls),
            "confidence": e.confidence,
            "notes": e.notes,
        })
        points.append(Point(p.lon, p.lat))
    return gpd.GeoDataFrame(rows, columns=EVENT_COLUMNS, geometry=points or [], crs=CRS)


def mentions_to_frame(mentions: Iterable[Mention]) -> gpd.GeoDataFrame:
    """Resolved mentions as a GeoDataFrame; unresolved ones are left out (see unresolved.csv)."""
    rows, points = [], []
    for m in mentions:
        if m.place is None:
            continue
        rows.append({
            "doc_id": m.doc_id, "start": m.start, "end": m.end, "text": m.text,
            "place_id": m.place.id, "name": m.place.name, "kind": m.place.kind,
            "country": m.place.country, "score": round(m.score, 4),
        })
        points.append(Point(m.place.lon, m.place.lat))
    return gpd.GeoDataFrame(rows, columns=MENTION_COLUMNS, geometry=points or [], crs=CRS)
