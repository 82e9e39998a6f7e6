"""Scoring helpers: a pipeline run against the hand annotation ``tests/data/sample_gold.json``.

Pure functions over the gold (a dict, see :func:`load_gold`) and predictions. Predictions may be the
pipeline's dataclasses (``geo.model.Mention``, ``DateMention``, ``Event``) or plain mappings such as
the properties of a ``mentions.geojson`` feature (``doc_id``, ``start``, ``end``, ``lat``, ``lon``,
``kind``, ``country``, ``place_id``).

Recognition and resolution are kept apart:

* recognition: a predicted span matches a gold span when they overlap (one-to-one, largest overlap
  first, as score.py's overlap mode); predictions overlapping an ``optional`` gold row are neutral;
* resolution: a matched prediction is correct when its point lies within the gold row's tolerance
  (:func:`tolerance_km`), or, for a country, when it resolves to a country with the same ISO code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOLD_PATH = REPO / "tests" / "data" / "sample_gold.json"
SAMPLE_DIR = REPO / "geo" / "data" / "sample" / "deir-ez-zor-2017"

#: Resolution tolerance by gold ``kind``; a row's own ``tolerance_km`` wins.
TOLERANCE_KM = {
    "country": 100.0, "admin1": 100.0, "admin2": 100.0, "region": 100.0, "district": 100.0,
    "valley": 150.0, "river": 250.0, "desert": 300.0, "sea": 500.0, "lake": 100.0,
}
SIEGE_EVENT_ID = "siege-deir-ez-zor-broken"
SITE_TOLERANCE_KM = 25.0  # cities, bases, airbases, oil fields, mountains and other sites
EARTH_RADIUS_KM = 6371.0088


def load_gold(path: Path | str = GOLD_PATH) -> dict:
    """The gold as a dict: ``documents`` (mentions, dates, boilerplate), ``events``, ``places``."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def gold_text(doc_id: str, sample_dir: Path = SAMPLE_DIR) -> str:
    """The exact text the gold offsets index into."""
    with open(Path(sample_dir) / f"{doc_id}.txt", encoding="utf-8") as f:
        return f.read()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def tolerance_km(row: Mapping) -> float:
    """How far from the gold point a resolution may be and still count as correct."""
    if row.get("tolerance_km") is not None:
        return float(row["tolerance_km"])
    return TOLERANCE_KM.get(row.get("kind", ""), SITE_TOLERANCE_KM)


# --------------------------------------------------------------------------------------------
# predictions, normalised


@dataclass(frozen=True)
class Pred:
    """A prediction reduced to what scoring needs; ``obj`` is the original object."""

    doc_id: str
    start: int
    end: int
    text: str = ""
    lat: float | None = None
    lon: float | None = None
    kind: str = ""
    country: str = ""
    date: dt.date | None = None
    precision: int | None = None
    obj: Any = field(default=None, compare=False, repr=False)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def to_pred(obj: Any) -> Pred:
    """Normalise a Mention/DateMention (or a mapping with the same keys) to a :class:`Pred`."""
    place = _get(obj, "place")
    if place is not None and not isinstance(place, str):
        lat, lon = _get(place, "lat"), _get(place, "lon")
        kind, country = _get(place, "kind", ""), _get(place, "country", "")
    else:
        lat, lon = _get(obj, "lat"), _get(obj, "lon")
        kind, country = _get(obj, "kind", ""), _get(obj, "country", "")
        if not country:
            pid = str(_get(obj, "place_id", "") or "")
            if pid.startswith("country:"):
                country = pid.split(":", 1)[1]
    return Pred(
        doc_id=str(_get(obj, "doc_id")), start=int(_get(obj, "start")), end=int(_get(obj, "end")),
        text=_get(obj, "text", "") or "",
        lat=None if lat is None else float(lat), lon=None if lon is None else float(lon),
        kind=kind or "", country=country or "",
        date=_as_date(_get(obj, "date")), precision=_get(obj, "precision"), obj=obj,
    )


def offset_mapper(pred_text: str, gold_txt: str) -> Callable[[int], int | None]:
    """Map offsets in ``pred_text`` (the pipeline's Document.text) to offsets in the gold file text.

    Identity when the texts are equal; otherwise offsets inside unchanged stretches are carried
    over and offsets inside changed stretches map to None.
    """
    if pred_text == gold_txt:
        return lambda i: i
    matcher = difflib.SequenceMatcher(None, pred_text, gold_txt, autojunk=False)
    blocks = matcher.get_matching_blocks()

    def mapper(i: int) -> int | None:
        for a, b, size in blocks:
            if a <= i <= a + size and size:
                return b + (i - a)
        return None

    return mapper


def normalise(items: Iterable[Any], *, texts: Mapping[str, str] | None = None,
              sample_dir: Path = SAMPLE_DIR) -> list[Pred]:
    """Predictions as :class:`Pred`, spans moved into gold-text offsets when ``texts`` differ.

    ``texts`` maps doc_id to the text the pipeline's offsets refer to (``Document.text``);
    predictions whose span cannot be mapped are dropped.
    """
    preds = [to_pred(x) for x in items]
    if not texts:
        return preds
    mappers: dict[str, Callable[[int], int | None]] = {}
    out = []
    for p in preds:
        if p.doc_id not in texts or not (Path(sample_dir) / f"{p.doc_id}.txt").exists():
            out.append(p)
            continue
        if p.doc_id not in mappers:
            mappers[p.doc_id] = offset_mapper(texts[p.doc_id], gold_text(p.doc_id, sample_dir))
        s, e = mappers[p.doc_id](p.start), mappers[p.doc_id](p.end)
        if s is None or e is None or e <= s:
            continue
        out.append(Pred(p.doc_id, s, e, p.text, p.lat, p.lon, p.kind, p.country, p.date,
                        p.precision, p.obj))
    return out


# --------------------------------------------------------------------------------------------
# span matching (recognition)


@dataclass(frozen=True)
class SpanScore:
    """Recognition counts plus the matched pairs, false positives and misses."""

    tp: int
    fp: int
    fn: int
    neutral: int
    pairs: tuple[tuple[str, dict, Pred], ...] = ()
    false_positives: tuple[Pred, ...] = ()
    misses: tuple[tuple[str, dict], ...] = ()

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def match_spans(gold_rows: list[dict], preds: list[Pred]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of overlapping spans, largest overlap first."""
    cands = []
    for i, g in enumerate(gold_rows):
        for j, p in enumerate(preds):
            ov = _overlap(g["start"], g["end"], p.start, p.end)
            if ov:
                cands.append((-ov, abs(g["start"] - p.start) + abs(g["end"] - p.end), i, j))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def score_spans(gold: dict, preds: Iterable[Pred], *, layer: str = "mentions") -> SpanScore:
    """Recognition of the gold ``layer`` ("mentions" or "dates") by overlapping predicted spans."""
    by_doc: dict[str, list[Pred]] = {}
    for p in preds:
        by_doc.setdefault(p.doc_id, []).append(p)
    tp = fp = fn = neutral = 0
    pairs, fps, misses = [], [], []
    for doc_id, doc in gold["documents"].items():
        rows = doc[layer]
        required = [r for r in rows if not r.get("optional")]
        optional = [r for r in rows if r.get("optional")]
        doc_preds = by_doc.get(doc_id, [])
        matched = match_spans(required, doc_preds)
        used = {j for _, j in matched}
        tp += len(matched)
        fn += len(required) - len(matched)
        pairs += [(doc_id, required[i], doc_preds[j]) for i, j in matched]
        hit = {i for i, _ in matched}
        misses += [(doc_id, r) for i, r in enumerate(required) if i not in hit]
        for j, p in enumerate(doc_preds):
            if j in used:
                continue
            if any(_overlap(r["start"], r["end"], p.start, p.end) for r in optional):
                neutral += 1
            else:
                fp += 1
                fps.append(p)
    # predictions for documents the gold does not know are false positives too
    for doc_id, doc_preds in by_doc.items():
        if doc_id not in gold["documents"]:
            fp += len(doc_preds)
            fps += doc_preds
    return SpanScore(tp, fp, fn, neutral, tuple(pairs), tuple(fps), tuple(misses))


# --------------------------------------------------------------------------------------------
# resolution


@dataclass(frozen=True)
class ResolutionScore:
    """Resolution of recognised names: ``accuracy`` over matched, ``end_to_end`` over all gold."""

    matched: int
    unresolved: int
    correct: int
    n_gold: int
    wrong: tuple[tuple[str, dict, Pred, float | None], ...] = ()

    @property
    def accuracy(self) -> float:
        return self.correct / self.matched if self.matched else 0.0

    @property
    def end_to_end(self) -> float:
        return self.correct / self.n_gold if self.n_gold else 0.0


def resolution_ok(row: Mapping, pred: Pred) -> tuple[bool, float | None]:
    """Whether ``pred`` resolves gold ``row`` correctly, and its error in km (None: unresolved)."""
    if pred.lat is None or pred.lon is None:
        return False, None
    km = haversine_km(row["lat"], row["lon"], pred.lat, pred.lon)
    if km <= tolerance_km(row):
        return True, km
    same_country = (row.get("kind") == "country" and pred.kind == "country"
                    and row.get("country") and pred.country.upper() == row["country"].upper())
    return bool(same_country), km


def score_resolution(spans: SpanScore) -> ResolutionScore:
    """Resolution accuracy of the pairs :func:`score_spans` matched."""
    correct = unresolved = 0
    wrong = []
    for doc_id, row, pred in spans.pairs:
        ok, km = resolution_ok(row, pred)
        if km is None:
            unresolved += 1
        if ok:
            correct += 1
        else:
            wrong.append((doc_id, row, pred, km))
    return ResolutionScore(len(spans.pairs), unresolved, correct, spans.tp + spans.fn, tuple(wrong))


# --------------------------------------------------------------------------------------------
# dates


@dataclass(frozen=True)
class DateScore:
    """Date resolution of the recognised expressions: same precision and the right date."""

    matched: int
    correct: int
    n_gold: int
    wrong: tuple[tuple[str, dict, Pred], ...] = ()

    @property
    def accuracy(self) -> float:
        return self.correct / self.matched if self.matched else 0.0

    @property
    def end_to_end(self) -> float:
        return self.correct / self.n_gold if self.n_gold else 0.0


def date_ok(row: Mapping, pred: Pred) -> bool:
    """Same precision and the same date, or, for a week/month/year, a date inside the gold range."""
    if pred.date is None or pred.precision != row["precision"]:
        return False
    if pred.date == dt.date.fromisoformat(row["date"]):
        return True
    rng = row.get("range")
    return bool(rng) and dt.date.fromisoformat(rng[0]) <= pred.date <= dt.date.fromisoformat(rng[1])


def score_dates(spans: SpanScore) -> DateScore:
    """Date accuracy of the pairs :func:`score_spans` matched on the ``dates`` layer."""
    correct, wrong = 0, []
    for doc_id, row, pred in spans.pairs:
        if date_ok(row, pred):
            correct += 1
        else:
            wrong.append((doc_id, row, pred))
    return DateScore(len(spans.pairs), correct, spans.tp + spans.fn, tuple(wrong))


# --------------------------------------------------------------------------------------------
# events


def _event_point(event: Any) -> tuple[float, float] | None:
    place = _get(event, "place")
    if place is not None and not isinstance(place, str):
        return float(_get(place, "lat")), float(_get(place, "lon"))
    lat, lon = _get(event, "lat"), _get(event, "lon")
    return None if lat is None or lon is None else (float(lat), float(lon))


def _event_docs(event: Any) -> set[str]:
    return set(_get(event, "doc_ids", ()) or ())


def _event_type(event: Any) -> str:
    return str(_get(event, "event_type", "") or "").strip().lower()


def event_fits(gold_event: Mapping, event: Any, *, require_docs: bool = True) -> bool:
    """Same type, a date in the gold window, near the gold place and (optionally) a shared doc."""
    if _event_type(event) != gold_event["type"].lower():
        return False
    if require_docs and not (_event_docs(event) & set(gold_event["docs"])):
        return False
    date = _as_date(_get(event, "date"))
    lo, hi = gold_event.get("date_window") or (None, None)
    if date is None:
        if gold_event.get("date") is not None:
            return False
    else:
        if lo and date < dt.date.fromisoformat(lo):
            return False
        if hi and date > dt.date.fromisoformat(hi):
            return False
    point = _event_point(event)
    if point is None:
        return False
    spots = [gold_event, *gold_event.get("alternatives", ())]
    return any(haversine_km(s["lat"], s["lon"], *point) <= float(s.get("tolerance_km") or 25.0)
               for s in spots)


@dataclass(frozen=True)
class EventScore:
    """Gold events found (one-to-one) among the predicted events."""

    n_gold: int
    matched: tuple[tuple[str, Any], ...]
    missed: tuple[str, ...]
    n_pred: int
    sub_type_agree: int = 0
    spurious: tuple[Any, ...] = ()  # predictions fitting no gold event at all (core or not)

    @property
    def recall(self) -> float:
        return len(self.matched) / self.n_gold if self.n_gold else 0.0

    @property
    def precision(self) -> float:
        """Share of predicted events that fit some gold event (any, core or not)."""
        return 1 - len(self.spurious) / self.n_pred if self.n_pred else 0.0


def score_events(gold: dict, events: Iterable[Any], *, core_only: bool = True) -> EventScore:
    """Event recall: largest one-to-one matching of gold to predicted events (``event_fits``)."""
    gold_events = [e for e in gold["events"] if e["core"] or not core_only]
    preds = list(events)
    fits = [[j for j, p in enumerate(preds) if event_fits(g, p)] for g in gold_events]
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(i: int, seen: set[int]) -> bool:  # Kuhn's algorithm
        for j in fits[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold_events)):
        augment(i, set())
    by_gold = {i: j for j, i in owner.items()}
    matched = tuple((gold_events[i]["id"], preds[j]) for i, j in sorted(by_gold.items()))
    missed = tuple(g["id"] for i, g in enumerate(gold_events) if i not in by_gold)
    agree = sum(1 for i, j in by_gold.items()
                if str(_get(preds[j], "sub_event_type", "")).lower()
                == gold_events[i]["sub_type"].lower())
    spurious = tuple(p for p in preds if not any(event_fits(g, p) for g in gold["events"]))
    return EventScore(len(gold_events), matched, missed, len(preds), agree, spurious)


def best_merge(gold: dict, events: Iterable[Any], event_id: str = SIEGE_EVENT_ID) -> Any:
    """The predicted event fitting gold ``event_id`` that cites most of its documents (or None)."""
    g = next(e for e in gold["events"] if e["id"] == event_id)
    fitting = [e for e in events if event_fits(g, e, require_docs=False)]
    if not fitting:
        return None
    return max(fitting, key=lambda e: (len(_event_docs(e) & set(g["docs"])), -len(_event_docs(e))))


# --------------------------------------------------------------------------------------------
# boilerplate, publication dates, report


def boilerplate_hits(gold: dict, preds: Iterable[Pred]) -> list[tuple[str, str, Pred]]:
    """Predictions overlapping a gold boilerplate block: (doc_id, block description, prediction)."""
    hits = []
    for p in preds:
        doc = gold["documents"].get(p.doc_id)
        for b in (doc or {}).get("boilerplate", ()):
            if _overlap(b["start"], b["end"], p.start, p.end):
                hits.append((p.doc_id, b["what"], p))
    return hits


def published_mismatches(gold: dict, documents: Iterable[Any]) -> list[tuple[str, str, str | None]]:
    """Documents whose ``published`` date differs from the gold one: (doc_id, gold, predicted)."""
    out = []
    for d in documents:
        g = gold["documents"].get(_get(d, "id"))
        if g is None:
            continue
        pub = _as_date(_get(d, "published"))
        if pub is None or pub.isoformat() != g["published"]:
            out.append((_get(d, "id"), g["published"], pub.isoformat() if pub else None))
    return out


def metrics_table(rows: Iterable[tuple[str, float | str, float | None]]) -> str:
    """A markdown table of (metric, value, threshold) rows."""
    lines = ["| metric | value | threshold |", "|---|---|---|"]
    for name, value, threshold in rows:
        v = f"{value:.3f}" if isinstance(value, float) else str(value)
        t = "" if threshold is None else (f">= {threshold:g}")
        lines.append(f"| {name} | {v} | {t} |")
    return "\n".join(lines)
