"""The whole pipeline: read a corpus, find places and dates, extract and merge events, write files.

``run`` chains the stages (``ingest`` -> ``mentions`` (-> ``online``, when asked) -> ``dates`` ->
``events`` -> ``fuse``);
``write_outputs`` writes ``OUTDIR`` (every file replaced atomically); ``read_corpus`` and
``extract_events`` give GeoDataFrames for Jupyter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd

from gazetteer import Gazetteer
from geo.model import DateMention, Document, Event, Mention
from geo.online import ONLINE_FLAG, OnlineFallback, Resolver

log = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]


@dataclass
class BuildResult:
    """Everything one run produced, stage by stage."""

    documents: list[Document] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    problems: list = field(default_factory=list)
    #: admin1 code (``SY.07``) -> the area's name, for the events' places.
    admin1_names: dict[str, str] = field(default_factory=dict)
    #: The online fallback, when the run had one (``online=``).
    online: OnlineFallback | None = None

    @property
    def unresolved(self) -> list[Mention]:
        return [m for m in self.mentions if m.place is None]

    def summary(self) -> dict[str, int]:
        """Counts for the end-of-run summary (``online``: mentions resolved online, if used)."""
        counts = {
            "documents": len(self.documents),
            "undated": sum(1 for d in self.documents if d.published is None),
            "mentions": sum(1 for m in self.mentions if m.place is not None),
            "places": len({m.place.id for m in self.mentions if m.place is not None}),
            "events": len(self.events),
            "unresolved": len({m.text for m in self.unresolved}),
            "skipped": sum(1 for p in self.problems if getattr(p, "severity", "") == "error"),
            "warnings": sum(1 for p in self.problems if getattr(p, "severity", "") != "error"),
        }
        if self.online is not None:
            counts["online"] = self.online.resolved
        return counts

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """The first and last event dates, or None when no event is dated."""
        dates = [e.date for e in self.events if e.date is not None]
        return (min(dates), max(dates)) if dates else None


def run(paths: Iterable[PathLike] | PathLike, *, gazetteer: Gazetteer | None = None,
        gazetteer_files: Iterable[PathLike] = (), corrections: PathLike | None = None,
        progress: Callable[[int, int], None] | None = None,
        online: Resolver | None = None) -> BuildResult:
    """Run every stage over a corpus.

    Parameters
    ----------
    paths
        Files and directories of articles (see `geo.ingest.read_documents`).
    gazetteer
        The place index (default: the shipped one plus ``gazetteer_files``).
    gazetteer_files
        Curated-format CSVs or GeoNames dumps that add or override places.
    corrections
        An analyst's corrections file (see `geo.corrections`), applied to mentions and events.
    progress
        Called as ``progress(done, total)`` after each document.
    online
        A resolver for names the gazetteer lacks (e.g. `gazetteer.online.NominatimResolver`);
        None (the default) keeps the run offline. See `geo.online`.

    Returns
    -------
    BuildResult
    """
    from geo.dates import find_dates
    from geo.events import extract_events as events_of
    from geo.fuse import merge_events
    from geo.ingest import read_documents
    from geo.mentions import MentionFinder

    if gazetteer is None:
        gazetteer = Gazetteer.load(extra=list(gazetteer_files))
    fixes = None
    if corrections is not None:
        from geo.corrections import load_corrections

        fixes = load_corrections(corrections)
    documents, problems = read_documents(paths)
    finder = MentionFinder(gazetteer)
    result = BuildResult(documents=documents, problems=list(problems))
    fallback = result.online = OnlineFallback(online) if online is not None else None
    raw_events: list[Event] = []
    for i, doc in enumerate(documents, 1):
        mentions = finder.find(doc)
        if fallback is not None:
            mentions = fallback.resolve(mentions)
        if fixes is not None and fixes.mentions:
            from geo.corrections import apply_to_mentions

            own = tuple(c for c in fixes.mentions if c.doc_id == doc.id)
            if own:
                mentions = apply_to_mentions(mentions, replace(fixes, mentions=own, events=()),
                                             gazetteer.get_place)
        dates = find_dates(doc.text, doc.published, doc_id=doc.id, spans=doc.body or None)
        raw_events += events_of(doc, [m for m in mentions if m.place is not None or m.within],
                               dates)
        result.mentions += mentions
        result.dates += dates
        if progress:
            progress(i, len(documents))
    events = merge_events(raw_events)
    if fallback is not None:
        events = [replace(e, notes=f"{e.notes}; {ONLINE_FLAG}")
                  if e.place.id in fallback.place_ids else e for e in events]
        if fallback.failure is not None:
            from geo.ingest import Problem

            result.problems.append(Problem(
                "online", None, f"{fallback.failure}; the online fallback was switched off and "
                "the remaining names stay unresolved (the build went on offline)", "warning"))
    if fixes is not None:
        known = {d.id for d in documents}
        for c in fixes.mentions:
            if c.doc_id not in known:
                log.warning("%s: correction for document %r, which is not in this corpus",
                            fixes.path, c.doc_id)
        from geo.corrections import apply_to_events

        events = apply_to_events(events, fixes, gazetteer.get_place)
    result.events = events
    result.admin1_names = admin1_names(gazetteer, {e.place.admin1 for e in events})
    return result


def admin1_names(gazetteer: Gazetteer, codes: Iterable[str]) -> dict[str, str]:
    """First-level area names for admin1 codes (``SY.07`` -> ``Dayr az Zawr``).

    A code the gazetteer does not know keeps itself as its name (online places already carry
    the area's name in ``admin1``).
    """
    names = {}
    for code in filter(None, codes):
        place = gazetteer.get_place(f"admin1:{code}")
        names[code] = place.name if place is not None else code
    return names


def default_title(inputs: Iterable[PathLike], result: BuildResult) -> str:
    """A map title from the corpus and its dates: ``deir-ez-zor-2017, 2017-09-05 to 2017-11-03``.
    """
    paths = [Path(p).resolve() for p in inputs]
    names = [p.stem if p.is_file() else p.name for p in paths] or ["Events"]
    title = names[0] + (f" and {len(names) - 1} more" if len(names) > 1 else "")
    span = result.date_range()
    if span is not None:
        first, last = (d.isoformat() for d in span)
        title += f", {first}" if first == last else f", {first} to {last}"
    return title


# -- GeoDataFrames for Jupyter ---------------------------------------------------------------
def read_corpus(paths: Iterable[PathLike] | PathLike, **options) -> gpd.GeoDataFrame:
    """The resolved place mentions of a corpus as a GeoDataFrame (EPSG:4326).

    Options are those of `run`. Columns: ``geo.frames.MENTION_COLUMNS``.
    """
    from geo.frames import mentions_to_frame

    return mentions_to_frame(run(paths, **options).mentions)


def extract_events(paths: Iterable[PathLike] | PathLike | BuildResult, **options
                   ) -> gpd.GeoDataFrame:
    """The merged events of a corpus (or of a `BuildResult`) as a GeoDataFrame (EPSG:4326).

    Columns: ``geo.frames.EVENT_COLUMNS``; one row per event, ``doc_ids`` lists its reports.
    """
    from geo.frames import events_to_frame

    result = paths if isinstance(paths, BuildResult) else run(paths, **options)
    return events_to_frame(result.events, admin1_names=result.admin1_names)


# -- files ------------------------------------------------------------------------------------
def unresolved_rows(result: BuildResult) -> list[dict[str, object]]:
    """Names found but not in the gazetteer: name, count, documents, an example sentence."""
    from geo.sentences import split_sentences

    by_name: dict[str, dict[str, object]] = {}
    texts = {d.id: d for d in result.documents}
    for m in result.unresolved:
        row = by_name.setdefault(m.text, {"name": m.text, "count": 0, "documents": set(),
                                          "example": ""})
        row["count"] += 1
        row["documents"].add(m.doc_id)
        if not row["example"]:
            doc = texts[m.doc_id]
            for s, e in split_sentences(doc.text, doc.body or None):
                if s <= m.start < e:
                    row["example"] = " ".join(doc.text[s:e].split())
                    break
    rows = sorted(by_name.values(), key=lambda r: (-r["count"], r["name"]))
    for r in rows:
        r["documents"] = " ".join(sorted(r["documents"]))
    return rows


def _mentions_geojson(result: BuildResult) -> str:
    from maps.export import geojson_text

    return geojson_text(
        ({"doc_id": m.doc_id, "start": m.start, "end": m.end, "text": m.text,
          "place_id": m.place.id, "name": m.place.name, "kind": m.place.kind,
          "country": m.place.country, "score": m.score}, m.place.lon, m.place.lat)
        for m in result.mentions if m.place is not None)


def _events_csv(frame: gpd.GeoDataFrame) -> str:
    from geo.frames import EVENT_COLUMNS

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*EVENT_COLUMNS, "latitude", "longitude"])
    for row, geom in zip(frame[EVENT_COLUMNS].itertuples(index=False), frame.geometry,
                         strict=True):
        cells = []
        for v in row:
            if isinstance(v, list):
                v = json.dumps(v, ensure_ascii=False)
            elif v is None or (isinstance(v, float) and v != v):
                v = ""
            cells.append(v)
        w.writerow([*cells, f"{geom.y:.6f}", f"{geom.x:.6f}"])
    return buf.getvalue()


def _unresolved_csv(result: BuildResult) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["name", "count", "documents", "example"],
                       lineterminator="\n")
    w.writeheader()
    w.writerows(unresolved_rows(result))
    return buf.getvalue()


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so no reader sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_outputs(result: BuildResult, outdir: PathLike, *, map_html: bool = True,
                  title: str | None = None) -> dict[str, Path]:
    """Write events.geojson, events.csv, mentions.geojson, unresolved.csv (and map.html).

    ``title`` is the map's (default "Events"; the CLI passes `default_title`). Every file is
    rendered in memory first and then replaced atomically, so a failed run leaves the previous
    outputs (or none), never half-written files.
    """
    from geo.frames import events_to_frame, mentions_to_frame
    from maps.export import export_events

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    events = events_to_frame(result.events, admin1_names=result.admin1_names)
    texts = {
        "events.csv": _events_csv(events),
        "mentions.geojson": _mentions_geojson(result),
        "unresolved.csv": _unresolved_csv(result),
    }
    written = {}
    export_events(events, outdir / "events.geojson", format="geojson")
    written["events.geojson"] = outdir / "events.geojson"
    for name, text in texts.items():
        write_text_atomic(outdir / name, text)
        written[name] = outdir / name
    if map_html:
        from maps import write_map

        mentions = mentions_to_frame(result.mentions)
        written["map.html"] = write_map(events, outdir / "map.html", mentions=mentions,
                                        title=title)
    return written
