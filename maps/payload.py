"""Turn an events frame into the one JSON data blob the browser-side map code draws.

The blob is compact: strings are interned in one table and each event is one array of numbers
(see ``EVENT_FIELDS``); popups are built from it only when a marker is clicked.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Any

import geopandas as gpd

from maps.escape import safe_url

__all__ = ["ADVANCE_SUB_EVENT_TYPES", "EVENT_FIELDS", "advance_lines", "build_payload"]

#: Order of the per-event array in the blob (``s:`` fields index the string table).
EVENT_FIELDS = (
    "lat", "lon", "start", "end", "time_precision", "geo_precision", "type", "bucket",
    "s:event_id", "s:date", "s:date_text", "s:sub_event_type", "s:place_name", "s:place_text",
    "s:place_kind", "s:admin1_name", "s:country", "s:sentence", "s:notes", "confidence",
    "s*:actors", "s*:sources", "s*:titles", "s*:urls", "s*:doc_ids",
)

#: ACLED sub-event types that mean ground changed hands: the axis of advance goes through them.
ADVANCE_SUB_EVENT_TYPES = frozenset({
    "government regains territory",
    "non-state actor overtakes territory",
    "non-violent transfer of territory",
})
#: Finer labels (in ``notes``) that also mean ground was taken.
ADVANCE_LABELS = frozenset({"capture", "recapture", "siege_broken", "territory_taken"})

#: Colours for the ACLED event types; other types take the next colour of ``_PALETTE``.
TYPE_COLOURS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Strategic developments": "#1f77b4",
    "Protests": "#2ca02c",
    "Riots": "#bcbd22",
}
_PALETTE = ("#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#393b79", "#637939", "#843c39")
_ADVANCE_COLOURS = ("#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#4d4d4d")

#: Above this many distinct days the date layers are weeks, above ``_MAX_WEEKS`` weeks months.
MAX_DAY_LAYERS = 20
_MAX_WEEKS = 60
_WORD = re.compile(r"[a-z_]+")


def _interval(day: dt.date, precision: int) -> tuple[dt.date, dt.date]:
    """The days an event may have happened on, from its date and ACLED time precision."""
    if precision == 2:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if precision == 3:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if precision >= 4:
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    return day, day


def _date_label(day: dt.date, precision: int) -> str:
    """How the popup shows a date: the day, or "week of ...", "month of ...", "year ..."."""
    start, _ = _interval(day, precision)
    if precision == 2:
        return f"week of {start.isoformat()}"
    if precision == 3:
        return f"month of {start:%Y-%m}"
    if precision >= 4:
        return f"year {start.year}"
    return day.isoformat()


def _bucketing(days: list[dt.date]) -> str:
    """``"day"``, ``"week"`` or ``"month"``: the date-layer grain for these event days."""
    distinct = set(days)
    if len(distinct) <= MAX_DAY_LAYERS:
        return "day"
    weeks = {d - dt.timedelta(days=d.weekday()) for d in distinct}
    return "week" if len(weeks) <= _MAX_WEEKS else "month"


_GRAIN_LEVEL = {"day": 1, "week": 2, "month": 3}


def _bucket_key(day: dt.date, precision: int, grain: str) -> tuple[dt.date, str]:
    """The date layer of an event: ``(first day, label)``.

    An event whose date is coarser than the layers' grain gets a layer of its own, named as
    its popup dates it ("week of 2017-09-04", "month of 2017-10"), so no layer claims a day
    that is not known.
    """
    if precision > _GRAIN_LEVEL[grain]:
        return _interval(day, precision)[0], _date_label(day, precision)
    if grain == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, f"week of {start.isoformat()}"
    if grain == "month":
        start = day.replace(day=1)
        return start, f"{start:%Y-%m}"
    return day, day.isoformat()


def _is_advance(sub_event_type: str, notes: str) -> bool:
    if sub_event_type.strip().lower() in ADVANCE_SUB_EVENT_TYPES:
        return True
    return bool(ADVANCE_LABELS.intersection(_WORD.findall(notes.lower())))


def advance_lines(events: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The axis of advance: per advancing side, the places taken in date order.

    An event counts as ground taken when its ``sub_event_type`` is one of
    ``ADVANCE_SUB_EVENT_TYPES`` or its ``notes`` holds one of ``ADVANCE_LABELS``, and it has a
    date known to the day or the week (``time_precision`` 1 or 2) and a located place
    (``geo_precision`` 1 or 2). Events are grouped by
    their first actor (the side that advanced); each place is kept at its first date; a side
    with at least two places gives one line.

    Returns
    -------
    list of dict
        ``{"actor", "colour", "points": [[lat, lon], ...], "labels": [place, ...],
        "dates": [YYYY-MM-DD, ...]}``, strongest side first.
    """
    by_actor: dict[str, list[tuple[str, str, float, float, str]]] = defaultdict(list)
    for row in events.itertuples(index=False):
        if not row.date or row.time_precision > 2 or row.geo_precision > 2:
            continue
        if not _is_advance(row.sub_event_type or "", row.notes or ""):
            continue
        actor = row.actors[0] if row.actors else "unknown side"
        key = row.place_id or f"{row.geometry.y:.4f},{row.geometry.x:.4f}"
        by_actor[actor].append((row.date, key, row.geometry.y, row.geometry.x,
                                row.place_name or row.place_text))
    lines = []
    for actor, rows in sorted(by_actor.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        seen: set[str] = set()
        points, labels, dates = [], [], []
        for date, key, lat, lon, name in sorted(rows):
            if key in seen:
                continue
            seen.add(key)
            points.append([round(lat, 5), round(lon, 5)])
            labels.append(name)
            dates.append(date)
        if len(points) >= 2:
            colour = _ADVANCE_COLOURS[len(lines) % len(_ADVANCE_COLOURS)]
            lines.append({"actor": actor, "colour": colour, "points": points,
                          "labels": labels, "dates": dates})
    return lines


def initial_view(lats: list[float], lons: list[float]) -> list[list[float]] | None:
    """The bounds the map opens on: all events, or their core when a few lie far away.

    With at least 8 events, the box between the 10th and 90th percentiles of latitude and
    longitude is widened by its size (at least 1 degree) on each side; when it holds at
    least 80 % of the events, the map opens on those (a meeting in a distant capital stays one
    zoom-out away). Otherwise, and for fewer events, it opens on all of them.

    Returns
    -------
    list or None
        ``[[south, west], [north, east]]``, or None without events.

    Examples
    --------
    >>> initial_view([35.0, 35.1, 35.2, 35.3, 35.1, 35.2, 35.0, 35.3, 55.7],
    ...              [40.0, 40.1, 40.2, 40.3, 40.1, 40.2, 40.0, 40.3, 37.6])
    [[35.0, 40.0], [35.3, 40.3]]
    """
    if not lats:
        return None
    if len(lats) >= 8:
        box = []
        for values in (lats, lons):
            s = sorted(values)
            lo, hi = s[int(0.1 * (len(s) - 1))], s[round(0.9 * (len(s) - 1))]
            pad = max(hi - lo, 1.0)
            box.append((lo - pad, hi + pad))
        core = [(a, b) for a, b in zip(lats, lons, strict=True)
                if box[0][0] <= a <= box[0][1] and box[1][0] <= b <= box[1][1]]
        if len(core) >= 0.8 * len(lats):
            lats, lons = [a for a, _ in core], [b for _, b in core]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


class _Strings:
    """Interns strings into one table; index 0 is the empty string."""

    def __init__(self) -> None:
        self.table: list[str] = [""]
        self._index: dict[str, int] = {"": 0}

    def __call__(self, s: str) -> int:
        i = self._index.get(s)
        if i is None:
            i = self._index[s] = len(self.table)
            self.table.append(s)
        return i


def _mentions_payload(mentions: gpd.GeoDataFrame | None) -> list[list[Any]]:
    """Mentions aggregated per place: ``[lat, lon, name, count, [surface forms]]``."""
    if mentions is None or len(mentions) == 0:
        return []
    groups: dict[str, dict[str, Any]] = {}
    for row in mentions.itertuples(index=False):
        key = str(row.place_id or f"{row.geometry.y:.4f},{row.geometry.x:.4f}")
        g = groups.setdefault(key, {"lat": row.geometry.y, "lon": row.geometry.x,
                                    "name": str(row.name or row.text), "n": 0,
                                    "forms": Counter(), "docs": set()})
        g["n"] += 1
        g["forms"][str(row.text)] += 1
        g["docs"].add(str(row.doc_id))
    return [[round(g["lat"], 5), round(g["lon"], 5), g["name"], g["n"],
             [f for f, _ in g["forms"].most_common(5)], len(g["docs"])]
            for g in groups.values()]


def build_payload(events: gpd.GeoDataFrame, *, mentions: gpd.GeoDataFrame | None = None,
                  title: str | None = None) -> dict[str, Any]:
    """The data blob for a normalised events frame (see ``maps.io.normalise_events``).

    Days are counted from ``t0``, the first day any event may have happened on; an undated
    event has ``start`` and ``end`` -1 and sits in the last date layer, "undated".
    """
    strings = _Strings()
    dated = [(dt.date.fromisoformat(d), int(p))
             for d, p in zip(events["date"], events["time_precision"], strict=True) if d]
    intervals = [_interval(d, p) for d, p in dated]
    t0 = min((a for a, _ in intervals), default=None)
    t1 = max((b for _, b in intervals), default=None)
    grain = _bucketing([a for a, _ in intervals])

    types = sorted({str(t) or "Unknown" for t in events["event_type"]},
                   key=lambda t: (t not in TYPE_COLOURS, t))
    extra = iter(_PALETTE * (len(types) // len(_PALETTE) + 1))
    type_list = [{"name": t, "colour": TYPE_COLOURS.get(t) or next(extra), "count": 0}
                 for t in types]
    type_index = {t["name"]: i for i, t in enumerate(type_list)}

    bucket_keys: dict[tuple[dt.date, str], int] = {}
    if t0 is not None:
        for d, p in dated:
            bucket_keys.setdefault(_bucket_key(d, p, grain), 0)
    ordered = sorted(bucket_keys)
    buckets = [{"label": label, "count": 0, "start": (k - t0).days} for k, label in ordered]
    bucket_pos = {key: i for i, key in enumerate(ordered)}
    undated_bucket = None

    rows: list[list[Any]] = []
    places: set[str] = set()
    sources: set[str] = set()
    docs: set[str] = set()
    for r in events.itertuples(index=False):
        etype = str(r.event_type) or "Unknown"
        ti = type_index[etype]
        type_list[ti]["count"] += 1
        if r.date:
            day = dt.date.fromisoformat(r.date)
            a, b = _interval(day, r.time_precision)
            start, end = (a - t0).days, (b - t0).days
            bi = bucket_pos[_bucket_key(day, r.time_precision, grain)]
            date_label = _date_label(day, r.time_precision)
        else:
            if undated_bucket is None:
                undated_bucket = len(buckets)
                buckets.append({"label": "undated", "count": 0, "start": -1})
            start = end = -1
            bi = undated_bucket
            date_label = "undated"
        buckets[bi]["count"] += 1
        places.add(r.place_id or f"{r.geometry.y:.4f},{r.geometry.x:.4f}")
        sources.update(r.sources)
        docs.update(r.doc_ids)
        conf = r.confidence
        rows.append([
            round(r.geometry.y, 5), round(r.geometry.x, 5), start, end,
            int(r.time_precision), int(r.geo_precision), ti, bi,
            strings(r.event_id), strings(date_label), strings(r.date_text),
            strings(r.sub_event_type), strings(r.place_name), strings(r.place_text),
            strings(r.place_kind), strings(r.admin1_name or r.admin1), strings(r.country),
            strings(r.sentence), strings(r.notes),
            None if conf is None else round(float(conf), 3),
            [strings(a) for a in r.actors], [strings(s) for s in r.sources],
            [strings(t) for t in r.titles], [strings(safe_url(u)) for u in r.urls],
            [strings(d) for d in r.doc_ids],
        ])
    return {
        "version": 1,
        "title": title or "Events",
        "t0": t0.isoformat() if t0 else None,
        "t1": t1.isoformat() if t1 else None,
        "ndays": (t1 - t0).days + 1 if t0 else 0,
        "grain": grain,
        "fields": list(EVENT_FIELDS),
        "types": type_list,
        "buckets": buckets,
        "strings": strings.table,
        "events": rows,
        "view": initial_view([r[0] for r in rows], [r[1] for r in rows]),
        "advance": advance_lines(events),
        "mentions": _mentions_payload(mentions),
        "counts": {"events": len(rows), "places": len(places), "sources": len(sources),
                   "documents": len(docs), "undated": buckets[undated_bucket]["count"]
                   if undated_bucket is not None else 0},
    }
