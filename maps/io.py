"""Check events and mentions against the frame contract, and read them from files.

``read_events`` reads any events file ``maps.export`` writes (GeoJSON as ``build`` writes it,
or corrected by hand; CSV, GeoPackage, GeoParquet, KML) through `maps.export.read_events_file`;
both end in `normalise_events`. The contract is ``geo.frames.EVENT_COLUMNS`` in EPSG:4326 with
``Point(lon, lat)`` geometries, ``date`` an ISO ``YYYY-MM-DD`` string or None and the list
columns as Python lists.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from gazetteer.errors import InputError
from geo.frames import CRS, EVENT_COLUMNS, MENTION_COLUMNS

log = logging.getLogger(__name__)

__all__ = ["as_list", "is_missing", "normalise_events", "normalise_mentions", "read_events",
           "read_mentions"]

LIST_COLUMNS = ("actors", "doc_ids", "sources", "titles", "urls")
_INT_DEFAULTS = {"time_precision": 1, "geo_precision": 1}
_MAX_PROBLEMS = 20


def is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    try:
        return bool(pd.isna(v)) if not isinstance(v, (list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def as_list(v: Any) -> list[str]:
    """A list column value as a list of strings: accepts lists, tuples, JSON strings, scalars.

    Examples
    --------
    >>> as_list('["a", "b"]'), as_list(["a"]), as_list("Reuters"), as_list(None)
    (['a', 'b'], ['a'], ['Reuters'], [])
    """
    if is_missing(v):
        return []
    if hasattr(v, "tolist") and not isinstance(v, str):
        v = v.tolist()
    if isinstance(v, str):
        s = v.strip()
        if not s:
            return []
        if s.startswith("["):
            try:
                parsed = json.loads(s)
            except json.JSONDecodeError:
                parsed = None
            if isinstance(parsed, list):
                return [str(x) for x in parsed if not is_missing(x)]
        return [s]
    if isinstance(v, (list, tuple)):
        return [str(x) for x in v if not is_missing(x)]
    return [str(v)]


def _as_date(v: Any) -> str | None:
    """An ISO date string or None; raises ValueError on anything else."""
    if is_missing(v):
        return None
    if isinstance(v, (dt.datetime, pd.Timestamp)):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    s = str(v).strip()
    if not s:
        return None
    return dt.date.fromisoformat(s[:10]).isoformat()


def _dates(values: list[Any], problems: list[str]) -> list[str | None]:
    """ISO dates (or None) for a date column; bad values are added to ``problems``."""
    cache: dict[Any, str | None] = {}
    out = []
    for i, v in enumerate(values):
        key = v if isinstance(v, str) else None
        if key is not None and key in cache:
            out.append(cache[key])
            continue
        try:
            d = _as_date(v)
        except ValueError:
            problems.append(f"row {i}: date {v!r} is not YYYY-MM-DD")
            d = None
        else:
            if key is not None:
                cache[key] = d
        out.append(d)
    return out


def _precisions(col: str, values: list[Any], problems: list[str]) -> list[int]:
    """ACLED precision codes (time 1-4, geo 1-3); missing ones take the default."""
    top = 4 if col == "time_precision" else 3
    out = []
    for i, v in enumerate(values):
        if type(v) is int and 1 <= v <= top:
            out.append(v)
            continue
        if is_missing(v):
            out.append(_INT_DEFAULTS[col])
            continue
        try:
            n = int(v)
        except (TypeError, ValueError):
            n = 0
        if not 1 <= n <= top:
            problems.append(f"row {i}: {col} {v!r} is not one of 1-{top}")
            n = _INT_DEFAULTS[col]
        out.append(n)
    return out


def normalise_events(frame: gpd.GeoDataFrame, *, source: str = "events") -> gpd.GeoDataFrame:
    """Check and coerce an events frame to the contract; gather every problem, raise once.

    Missing optional columns are filled with empty values; ``date``, ``event_type`` and point
    geometries are required.

    Parameters
    ----------
    frame
        Events as from ``geo.frames.events_to_frame`` or read from a file.
    source
        Name used in error messages (the file path).

    Returns
    -------
    geopandas.GeoDataFrame
        A new frame with exactly ``EVENT_COLUMNS`` plus ``geometry``, in EPSG:4326.

    Raises
    ------
    gazetteer.errors.InputError
        Naming ``source``, each bad row and what is wrong with it.
    """
    if not isinstance(frame, gpd.GeoDataFrame):
        raise InputError(f"{source}: expected a GeoDataFrame of events, got {type(frame).__name__}")
    problems: list[str] = []
    missing = [c for c in ("date", "event_type") if c not in frame.columns]
    if missing:
        raise InputError(f"{source}: missing required column(s) {', '.join(missing)}; "
                         f"an events file has the columns {', '.join(EVENT_COLUMNS)}")
    if frame.crs is None:
        frame = frame.set_crs(CRS)
    elif frame.crs != CRS:
        frame = frame.to_crs(CRS)
    out = pd.DataFrame(index=range(len(frame)))
    for col in EVENT_COLUMNS:
        values = list(frame[col]) if col in frame.columns else [None] * len(frame)
        if col in LIST_COLUMNS:
            out[col] = pd.Series([list(v) if type(v) is list else as_list(v) for v in values],
                                 dtype=object)
        elif col == "date":
            out[col] = pd.Series(_dates(values, problems), dtype=object)
        elif col in _INT_DEFAULTS:
            out[col] = pd.Series(_precisions(col, values, problems), dtype="int64")
        elif col == "confidence":
            confs = []
            for v in values:
                try:
                    confs.append(None if is_missing(v) else float(v))
                except (TypeError, ValueError):
                    confs.append(None)
            out[col] = pd.Series(confs, dtype=object)
        else:
            out[col] = pd.Series([v if type(v) is str else "" if is_missing(v) else str(v)
                                  for v in values], dtype=object)
    geoms = list(frame.geometry) if frame.geometry is not None else []
    for i, g in enumerate(geoms):
        if g is None or g.is_empty or g.geom_type != "Point":
            problems.append(f"row {i}: geometry is {getattr(g, 'geom_type', None) or 'missing'}, "
                            f"expected a Point(lon, lat)")
        elif not (-180 <= g.x <= 180 and -90 <= g.y <= 90):
            problems.append(f"row {i}: point ({g.x}, {g.y}) is outside lon/lat range")
    if problems:
        shown = problems[:_MAX_PROBLEMS]
        extra = len(problems) - len(shown)
        more = f"\n  ... and {extra} more" if extra else ""
        raise InputError(f"{source}: {len(problems)} problem(s) in the events:\n  "
                         + "\n  ".join(shown) + more)
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)


def normalise_mentions(frame: gpd.GeoDataFrame, *, source: str = "mentions") -> gpd.GeoDataFrame:
    """Check a mentions frame (``MENTION_COLUMNS``, points); rows without a point are dropped."""
    if not isinstance(frame, gpd.GeoDataFrame):
        raise InputError(f"{source}: expected a GeoDataFrame of mentions, "
                         f"got {type(frame).__name__}")
    if frame.crs is not None and frame.crs != CRS:
        frame = frame.to_crs(CRS)
    out = pd.DataFrame(index=range(len(frame)))
    for col in MENTION_COLUMNS:
        values = list(frame[col]) if col in frame.columns else [None] * len(frame)
        out[col] = pd.Series(["" if is_missing(v) else v for v in values], dtype=object)
    geoms = list(frame.geometry) if len(frame) else []
    keep = [g is not None and not g.is_empty and g.geom_type == "Point" for g in geoms]
    if not all(keep):
        log.warning("%s: %d mention(s) without a point left out", source, keep.count(False))
    gdf = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)
    return gdf[keep].reset_index(drop=True) if len(gdf) else gdf


def read_events(path: str | Path, *, format: str | None = None) -> gpd.GeoDataFrame:
    """Read an events file (GeoJSON, or another export format) into the events frame contract.

    List fields written as JSON strings (or plain strings) become lists again, dates are
    checked, missing optional columns are filled, and every problem is reported at once.

    Parameters
    ----------
    path
        A GeoJSON FeatureCollection of Point features with the ``EVENT_COLUMNS`` properties
        (or a ``.csv``, ``.gpkg``, ``.parquet``, ``.kml`` file from ``conflictmap export``).
    format
        As for `maps.export.read_events_file`; None picks it from the suffix.

    Returns
    -------
    geopandas.GeoDataFrame
        ``EVENT_COLUMNS`` plus ``geometry``, EPSG:4326.

    Raises
    ------
    gazetteer.errors.InputError
        The file is missing, unreadable or has bad rows; the message names the file.

    Examples
    --------
    >>> read_events("no/such/file.geojson")
    Traceback (most recent call last):
    ...
    gazetteer.errors.InputError: no/such/file.geojson: no such events file
    """
    from maps.export import read_events_file

    return read_events_file(path, format=format)


def read_mentions(path: str | Path) -> gpd.GeoDataFrame:
    """Read a mentions GeoJSON (``MENTION_COLUMNS``); raises InputError naming the file."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such mentions file")
    try:
        frame = gpd.read_file(p)
    except Exception as exc:  # pyogrio raises its own DataSourceError and friends
        raise InputError(f"{p}: cannot read as GeoJSON: {exc}") from exc
    return normalise_mentions(frame, source=str(p))
