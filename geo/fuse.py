"""The same event from several reports becomes one event with several sources.

Two events are the same when all of these hold:

* same ``event_type``, ``sub_event_type`` and finer label (first token of ``notes``; a bare
  ``strike`` counts as ``airstrike``), and both
  happened or both are ``planned``; for ground taken (``capture``, ``siege_broken``) a report
  that does not say who took it ("Armed clash") also matches one that does, and the merged event
  keeps the side's sub-type;
* places: the same id, or within ``radius_km``; but two *different sites* (an air base and a
  military base) must be within 2 km; a country matches a place in that country (a report that
  only names the country); another region-level place (admin1, region) only matches itself;
  and two places below region level named by the same article are two events, unless one is a
  site in or by the other town;
* dates: each event covers a span by its ``time_precision`` (1 the day, 2 the Monday-Sunday week of
  the date, 3 the month, 4 the year; a ``reported`` publication date: the week up to it); the
  spans, widened by ``window_days``, must overlap, and a ``reported`` event never merges with one
  dated to a day after its publication. Undated events only merge with undated ones.

Clusters are complete-link (every member compatible with every other), built greedily in date
order, so the result does not depend on the input order. The merged event keeps the most precise
date, the most specific place, the union of documents/sources/titles/urls (sorted), the sentence of
its most confident report, and a confidence raised by independent sources (noisy-or over each
source's best report, at most 0.99).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field, replace

from gazetteer.model import distance_km
from geo.events import SITE_KINDS
from geo.model import Event

__all__ = ["merge_events"]

_REGION = frozenset({"country", "admin1", "admin2", "region", "desert", "sea", "lake"})
#: Features along which events happen rather than places they happen at ("crossed the Euphrates").
_NATURAL = frozenset({"river", "valley", "mountain", "ridge", "island"})
_KIND_RANK = {"country": 5, "admin1": 4, "region": 4, "desert": 4, "sea": 4, "lake": 4,
              "admin2": 3, "valley": 3, "river": 3, "city": 2, "district": 1}
_SITE_RADIUS_KM = 2.0
_PART_KM = 10.0
_DISTRICT_KM = 60.0


_TAKEN_LABELS = frozenset({"capture", "siege_broken"})
_UNKNOWN_TAKER = "Armed clash"


def _merge_key(e: Event) -> tuple:
    label = "airstrike" if e.label == "strike" else e.label  # a bare "strike" is no other kind
    sub = "" if label in _TAKEN_LABELS else e.sub_event_type
    return (e.event_type, sub, label, _planned(e))


def _same_side(subs: set[str], sub: str) -> bool:
    """Ground-taken reports agree on who took it, or one of them does not say."""
    return sub == _UNKNOWN_TAKER or subs <= {sub, _UNKNOWN_TAKER}


def _planned(e: Event) -> bool:
    return "planned" in (t.strip() for t in e.notes.split(";")[1:])


def _span(e: Event) -> tuple[int, int] | None:
    """The days (as ordinals) the event's date may stand for."""
    if e.date is None:
        return None
    d = e.date
    if "reported" in e.notes:  # publication date: it happened on it or in the week before
        return d.toordinal() - 7, d.toordinal()
    if e.time_precision <= 1:
        return d.toordinal(), d.toordinal()
    if e.time_precision == 2:
        monday = d - dt.timedelta(days=d.weekday())
        return monday.toordinal(), monday.toordinal() + 6
    if e.time_precision == 3:
        first = d.replace(day=1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        return first.toordinal(), nxt.toordinal() - 1
    return dt.date(d.year, 1, 1).toordinal(), dt.date(d.year, 12, 31).toordinal()


def _same_place(a, b, radius_km: float, same_doc: bool = False) -> bool:
    if a.id == b.id:
        return True
    if a.kind in _REGION or b.kind in _REGION:
        wider = _KIND_RANK.get(a.kind, 0) >= _KIND_RANK.get(b.kind, 0)
        region, other = (a, b) if wider else (b, a)
        if region.kind == "country":
            return (other.kind != "country" and bool(region.country)
                    and region.country == other.country)
        return same_doc and _inside(other, region)
    km = distance_km(a.lat, a.lon, b.lat, b.lon)
    if a.kind in SITE_KINDS and b.kind in SITE_KINDS:
        return km <= _SITE_RADIUS_KM
    return km <= radius_km


def _covers(wide, narrow) -> bool:
    """The same place, or a country or area that holds the other."""
    if wide.id == narrow.id:
        return True
    if wide.kind == "country":
        return narrow.kind != "country" and bool(wide.country) and wide.country == narrow.country
    return _inside(narrow, wide)


def _inside(place, area) -> bool:
    """Is the place in the province or district (one article: "in Saada" and "in the Al-Safra
    district of Saada province")? A province holds its admin1 code; a district, what lies in
    its province within `_DISTRICT_KM` of its point."""
    if area.kind not in ("admin1", "admin2") or not area.admin1 or place.kind == "country":
        return False
    if place.admin1 != area.admin1 or place.country != area.country:
        return False
    if area.kind == "admin1":
        return place.kind != "admin1"
    return (place.kind not in ("admin1", "admin2")
            and distance_km(place.lat, place.lon, area.lat, area.lon) <= _DISTRICT_KM)


@dataclass
class _Cluster:
    members: list[Event]
    lo: float | None  # intersection of the members' widened date spans
    hi: float | None
    places: dict[str, object] = field(default_factory=dict)
    subs: set[str] = field(default_factory=set)
    # the places below region level each document of the cluster reported, by document
    doc_places: dict[str, dict[str, object]] = field(default_factory=dict)
    doc_ids: set[str] = field(default_factory=set)

    def add(self, e: Event) -> None:
        self.members.append(e)
        self.subs.add(e.sub_event_type)
        self.places[e.place.id] = e.place
        self.doc_ids.update(e.doc_ids)
        if e.place.kind not in _REGION:
            for d in e.doc_ids:
                self.doc_places.setdefault(d, {})[e.place.id] = e.place


def merge_events(events: list[Event], *, window_days: int = 2,
                 radius_km: float = 25) -> list[Event]:
    """Merge reports of the same event (type, place and date window); keep the rest apart.

    Parameters
    ----------
    events : list of Event
        Events from any number of documents.
    window_days : int, default 2
        How far apart (in days) two reports' dates may be, after their precision is taken into
        account.
    radius_km : float, default 25
        How far apart two reports' places may be (two different sites: 2 km).

    Returns
    -------
    list of Event
        Sorted by (date, place name, event type, sub-event type, label, event_id); undated last.
        A merged event gets a new stable ``event_id`` derived from its members' ids.
    """
    half = window_days / 2
    groups: dict[tuple, list[Event]] = {}
    for e in _without_told_fighting(_borrowed_places_settled(events, window_days), window_days):
        groups.setdefault(_merge_key(e), []).append(e)
    merged: list[Event] = []
    for key in sorted(groups):
        items = sorted(groups[key], key=lambda e: (_span(e) or (math.inf, math.inf),
                                                  e.time_precision, e.place.id, e.event_id))
        active: list[_Cluster] = []
        done: list[_Cluster] = []
        for e in items:
            span = _span(e)
            lo, hi = (None, None) if span is None else (span[0] - half, span[1] + half)
            still = []
            for c in active:
                if lo is not None and c.hi is not None and c.hi < lo:
                    done.append(c)
                else:
                    still.append(c)
            active = still
            target = None
            for c in active:
                if (c.lo is None) != (lo is None):
                    continue
                if lo is not None and (max(c.lo, lo) > min(c.hi, hi)):
                    continue
                if not _same_side(c.subs, e.sub_event_type):
                    continue
                # one article's province and town: the same event only when both are dated
                # to the day or week ("in August" in Cabo Delgado is not the 26 August attack)
                same_doc = (bool(set(e.doc_ids) & c.doc_ids) and e.time_precision <= 2
                            and all(m.time_precision <= 2 for m in c.members))
                if (all(_same_place(p, e.place, radius_km, same_doc) for p in c.places.values())
                        and not _told_apart(c, e)
                        and not any(_after_report(m, e) or _after_report(e, m)
                                    for m in c.members)):
                    target = c
                    break
            if target is None:
                target = _Cluster([], lo, hi)
                active.append(target)
            elif lo is not None:
                target.lo, target.hi = max(target.lo, lo), min(target.hi, hi)
            target.add(e)
        merged.extend(_combine(c.members) for c in done + active)
    return sorted(merged, key=lambda e: (e.date is None, e.date or dt.date.min, e.place.name,
                                         e.event_type, e.sub_event_type, e.label, e.event_id))


def _without_told_fighting(events: list[Event], window_days: int) -> list[Event]:
    """Drop a plain armed clash ("an attack in X killed 32") that its own article also reports
    as a strike or shelling at the same place (or one inside the clash's area) and time, or,
    when the clash took its place from another sentence, as a capture or offensive there; and
    an advance the article also reports as a clash there: one event, not two."""
    by_doc: dict[tuple, list[Event]] = {}
    for e in events:
        by_doc.setdefault(e.doc_ids, []).append(e)
    out = []
    for e in events:
        if e.label == "clash" and e.sub_event_type == _UNKNOWN_TAKER and not _planned(e):
            span = _span(e)
            borrowed = "place from" in e.notes  # its place came from another sentence
            if span is not None and any(
                    f is not e and f.label != "clash"
                    and (f.event_type == "Explosions/Remote violence"
                         or f.event_type == "Battles" and borrowed)
                    and not _planned(f) and _span(f) is not None
                    and _near_in_time(span, _span(f), window_days)
                    and _covers(e.place, f.place)
                    for f in by_doc[e.doc_ids]):
                continue
        if e.label == "advance" and not _planned(e) and _span(e) is not None and any(
                f.label == "clash" and f.sub_event_type == e.sub_event_type
                and "place from" not in f.notes and not _planned(f) and _span(f) is not None
                and _near_in_time(_span(e), _span(f), window_days)
                and (_covers(e.place, f.place) or _covers(f.place, e.place))
                for f in by_doc[e.doc_ids]):
            continue  # "troops entered Jenin" in an article on the fighting in Jenin
        out.append(e)
    return out


def _after_report(report: Event, other: Event) -> bool:
    """Is the other event dated to a day after the report was published? (An article out on
    5 May tells of no attack of 6 May.)"""
    return ("reported" in report.notes and report.date is not None and other.date is not None
            and other.time_precision <= 1 and other.date > report.date)


def _borrowed_places_settled(events: list[Event], window_days: int) -> list[Event]:
    """An event whose place came from another sentence ("place from context") takes the place
    of the same kind of event its own article tells at that time with a place of its own, in
    the same country: it is that event told again ("the drone strike took place in X")."""
    by_doc: dict[tuple, list[Event]] = {}
    for e in events:
        by_doc.setdefault(e.doc_ids, []).append(e)
    out = []
    for e in events:
        span = _span(e)
        if "place from" in e.notes and span is not None:
            own = [f for f in by_doc[e.doc_ids]
                   if "place from" not in f.notes and _merge_key(f) == _merge_key(e)
                   and f.place.country == e.place.country
                   and f.place.kind not in _REGION | _NATURAL
                   and _span(f) is not None and _near_in_time(span, _span(f), window_days)]
            if len({f.place.id for f in own}) == 1:
                f = own[0]
                e = replace(e, place=f.place, place_text=f.place_text,
                            geo_precision=f.geo_precision)
        out.append(e)
    return out


def _near_in_time(a: tuple[int, int], b: tuple[int, int], window_days: int) -> bool:
    return max(a[0], b[0]) - window_days <= min(a[1], b[1])


def _told_apart(c: _Cluster, e: Event) -> bool:
    """One article naming two places below region level reports two events (an air strike on
    eastern Rafah, another on the Nuseirat camp), unless one is a site in or by the other town
    (the siege of Deir ez-Zor broken at the Brigade 137 base)."""
    if e.place.kind in _REGION:
        return False
    return any(pid != e.place.id and not _part_of(p, e.place)
               for d in e.doc_ids for pid, p in c.doc_places.get(d, {}).items())


def _part_of(a, b) -> bool:
    """A site and the town it is in or by (within _PART_KM)."""
    kinds = {a.kind, b.kind}
    return ("city" in kinds and len(kinds) == 2
            and distance_km(a.lat, a.lon, b.lat, b.lon) <= _PART_KM)


def _specificity(e: Event) -> tuple:
    rank = 0 if e.place.kind in SITE_KINDS else _KIND_RANK.get(e.place.kind, 2)
    return (e.geo_precision, rank)


def _combine(members: list[Event]) -> Event:
    if len(members) == 1:
        return members[0]
    by_conf = sorted(members, key=lambda e: (-e.confidence, e.doc_ids, e.event_id))
    best = by_conf[0]
    reported = lambda e: "reported" in e.notes  # noqa: E731
    dated = min(members, key=lambda e: (e.date is None, reported(e), e.time_precision,
                                        -e.confidence, e.event_id))
    votes: dict[str, int] = {}
    for e in members:
        votes[e.place.id] = votes.get(e.place.id, 0) + 1
    placed = min(members, key=lambda e: (_specificity(e), -votes[e.place.id], -e.confidence,
                                         e.event_id))
    per_source: dict[str, float] = {}
    for e in members:
        for src in (e.sources or e.doc_ids):
            per_source[src] = max(per_source.get(src, 0.0), e.confidence)
    miss = 1.0
    for c in per_source.values():
        miss *= 1 - c
    confidence = round(min(0.99, max(best.confidence, 1 - miss)), 3)

    def union(attr: str) -> tuple[str, ...]:
        return tuple(sorted({v for e in members for v in getattr(e, attr) if v}))

    # The side that took the ground: from the surest report that names one.
    sided = [e for e in by_conf if e.sub_event_type != _UNKNOWN_TAKER] or by_conf
    sub_event_type = sided[0].sub_event_type
    actors = tuple(dict.fromkeys(a for e in [*sided, *by_conf] for a in e.actors))
    flags = [t.strip() for t in dated.notes.split(";")[1:] if t.strip() == "reported"]
    if all(_planned(e) for e in members):
        flags.append("planned")
    ids = sorted(e.event_id for e in members)
    event_id = hashlib.sha1("\x1f".join(ids).encode()).hexdigest()[:16]
    return replace(
        best, event_id=event_id, date=dated.date, time_precision=dated.time_precision,
        date_text=dated.date_text, place=placed.place, place_text=placed.place_text,
        geo_precision=placed.geo_precision, actors=actors, sub_event_type=sub_event_type,
        doc_ids=union("doc_ids"),
        sources=union("sources"), titles=union("titles"), urls=union("urls"),
        confidence=confidence, notes="; ".join([best.label, *flags]),
        mentions=tuple(m for e in by_conf for m in e.mentions),
    )
