"""Exports: GeoJSON (RFC 7946), ACLED-style CSV, GeoPackage, GeoParquet, KML; round trips."""

from __future__ import annotations

import datetime as dt
import json
import math
import xml.etree.ElementTree as ET

import geopandas as gpd
import pandas as pd
import pytest

from gazetteer.errors import InputError
from gazetteer.model import Place
from geo.frames import EVENT_COLUMNS, events_to_frame
from geo.model import Event
from maps import export as export_mod
from maps.export import CSV_COLUMNS, FORMATS, export_events, read_events_file

DEIR = Place("geonames:170794", "Deir ez-Zor", "city", 35.33588, 40.14084, "SY",
             "SY.07", 242565, "GeoNames")
AIRBASE = Place("curated:deir-ez-zor-airbase", "Deir ez-Zor Air Base", "airbase",
                35.284722, 40.175833, "SY", "SY.07", 0, "curated")
ABU_KAMAL = Place("geonames:173576", "Abu Kamal", "city", 34.4506541, 40.9186142, "SY",
                  "SY.07", 57572, "GeoNames")
DAMASCUS = Place("geonames:170654", "Damascus", "city", 33.5102, 36.29128, "SY",
                 "SY.13", 1569394, "GeoNames")

ADMIN1_NAMES = {"SY.07": "Deir ez-Zor Governorate", "SY.13": "Damascus Governorate"}
SYRIA = "Military Forces of Syria (2000-)"
IS = "Islamic State (Syria)"
RUSSIA = "Military Forces of Russia (2000-)"


def _event(eid, date, etype, sub, actors, place, place_text, sentence, *, precision=1,
           geo=1, doc_ids=("001_857656f2ad3f2c55",), sources=("SouthFront",), confidence=0.8):
    return Event(
        event_id=eid, date=date, time_precision=precision,
        date_text=date.strftime("%d %B %Y") if date else "", event_type=etype,
        sub_event_type=sub, actors=tuple(actors), place=place, place_text=place_text,
        geo_precision=geo, sentence=sentence, doc_ids=tuple(doc_ids), sources=tuple(sources),
        confidence=confidence, titles=tuple(f"Report {d}" for d in doc_ids),
        urls=tuple(f"https://example.org/{d}" for d in doc_ids),
    )


EVENTS = [
    _event("ev-0001", dt.date(2017, 9, 5), "Battles", "Government regains territory",
           [SYRIA, IS], DEIR, "Deir ez-Zor",
           "Syrian troops broke the three-year ISIS siege of Deir ez-Zor on Tuesday.",
           doc_ids=("000_b2f401e71e06026c", "001_857656f2ad3f2c55"),
           sources=("Only News blog (Xinhua wire story)", "SouthFront"), confidence=0.92),
    _event("ev-0002", dt.date(2017, 9, 9), "Battles", "Armed clash", [SYRIA, IS, RUSSIA],
           AIRBASE, "Deir ez-Zor airbase",
           "Government forces lifted the siege of the Deir ez-Zor airbase.", geo=2),
    _event("ev-0003", dt.date(2017, 11, 3), "Explosions/Remote violence", "Air/drone strike",
           [RUSSIA], ABU_KAMAL, "Abu Kamal",
           "Russian aircraft struck ISIS positions near Abu Kamal; sources said \"heavy\" losses.",
           precision=2, doc_ids=("002_367bf738dcaa9115",),
           sources=("Pan-African News Wire (RT story)",)),
    _event("ev-0004", dt.date(2017, 9, 12), "Strategic developments", "Agreement", [],
           DAMASCUS, "Damascus",
           "Russia's defense minister met President Assad in Damascus, Sept. 12."),
    _event("ev-0005", dt.date(2017, 11, 2), "Battles", "Armed clash", [SYRIA], DEIR,
           "Dayr az Zawr دير الزور",
           "Clashes in Dayr az Zawr دير الزور <script>alert('x')</script> & more, 50% \"done\".",
           geo=3),
    _event("ev-0006", None, "Battles", "Armed clash", [SYRIA, IS], DEIR, "Deir ez-Zor",
           "Fighting continued in Deir ez-Zor, an undated report said.", precision=4,
           sources=(), doc_ids=("004_7ffd0569fd12fbc1",), confidence=0.35),
]


@pytest.fixture
def frame():
    return events_to_frame(EVENTS, admin1_names=ADMIN1_NAMES)


def _same_events(got: gpd.GeoDataFrame, want: gpd.GeoDataFrame) -> None:
    assert list(got.columns[:len(EVENT_COLUMNS)]) == EVENT_COLUMNS
    assert got.crs is not None and got.crs.to_epsg() == 4326
    assert list(got["event_id"]) == list(want["event_id"])
    for col in EVENT_COLUMNS:
        g, w = list(got[col]), list(want[col])
        if col == "confidence":
            assert g == pytest.approx(w)
        elif col == "date":  # events_to_frame gives NaN for None under pandas >= 3
            assert g == [None if pd.isna(v) else v for v in w]
        else:
            assert g == w, col
    for a, b in zip(got.geometry, want.geometry, strict=True):
        assert abs(a.x - b.x) <= 1e-6 and abs(a.y - b.y) <= 1e-6


# --- round trips ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_through_every_format(tmp_path, frame, fmt):
    suffix = {"geojson": ".geojson", "csv": ".csv", "gpkg": ".gpkg", "parquet": ".parquet",
              "kml": ".kml"}[fmt]
    out = export_events(frame, tmp_path / f"events{suffix}")
    assert out == tmp_path / f"events{suffix}" and out.is_file()
    back = read_events_file(out)
    _same_events(back, frame)
    assert back.loc[5, "date"] is None
    assert back.loc[1, "actors"] == [SYRIA, IS, RUSSIA]
    assert back.loc[4, "place_text"] == "Dayr az Zawr دير الزور"
    assert "<script>" in back.loc[4, "sentence"]  # data survives; escaping is for display


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_argument_overrides_suffix(tmp_path, frame, fmt):
    out = export_events(frame, tmp_path / "events.out", format=fmt)
    _same_events(read_events_file(out, format=fmt), frame)


def test_geopandas_reads_the_files_back(tmp_path, frame):
    want_ids = list(frame["event_id"])
    for name in ("e.geojson", "e.gpkg", "e.kml"):
        got = gpd.read_file(export_events(frame, tmp_path / name), engine="pyogrio")
        assert len(got) == len(frame)
        for a, b in zip(got.geometry, frame.geometry, strict=True):
            assert a.x == pytest.approx(b.x, abs=1e-6) and a.y == pytest.approx(b.y, abs=1e-6)
        if name != "e.kml":  # GDAL's KML driver reads name/description only
            assert list(got["event_id"]) == want_ids
            # GDAL reads ISO date strings in GeoJSON as dates: compare the day.
            assert [None if pd.isna(v) else str(v)[:10] for v in got["date"]] == [
                None if pd.isna(v) else v for v in frame["date"]]
    gj = gpd.read_file(tmp_path / "e.geojson", engine="pyogrio")
    assert list(gj["event_type"]) == list(frame["event_type"])
    pq = gpd.read_parquet(export_events(frame, tmp_path / "e.parquet"))
    assert list(pq["event_id"]) == want_ids
    assert [list(a) for a in pq["actors"]] == list(frame["actors"])  # native list column
    gp = gpd.read_file(tmp_path / "e.gpkg", engine="pyogrio")
    assert json.loads(gp.loc[1, "actors"]) == [SYRIA, IS, RUSSIA]  # JSON text in GeoPackage


def test_empty_frame_round_trips(tmp_path):
    empty = events_to_frame([])
    for fmt in FORMATS:
        out = export_events(empty, tmp_path / "empty.x", format=fmt)
        back = read_events_file(out, format=fmt)
        assert len(back) == 0 and list(back.columns[:len(EVENT_COLUMNS)]) == EVENT_COLUMNS


# --- GeoJSON ----------------------------------------------------------------------------------

def _validate_rfc7946(doc: dict) -> None:
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    assert isinstance(doc["features"], list)
    for f in doc["features"]:
        assert f["type"] == "Feature"
        assert {"type", "geometry", "properties"} <= f.keys()
        assert isinstance(f["properties"], dict)
        geom = f["geometry"]
        assert geom["type"] == "Point"
        lon, lat = geom["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        for c in (lon, lat):
            assert round(c, 6) == c


def test_geojson_is_rfc7946(tmp_path, frame):
    out = export_events(frame, tmp_path / "events.geojson")
    doc = json.loads(out.read_text(encoding="utf-8"))
    _validate_rfc7946(doc)
    first = doc["features"][0]
    assert first["geometry"]["coordinates"] == [40.14084, 35.33588]  # lon, lat
    assert list(first["properties"]) == EVENT_COLUMNS
    assert first["properties"]["actors"] == [SYRIA, IS]
    assert first["properties"]["doc_ids"] == ["000_b2f401e71e06026c", "001_857656f2ad3f2c55"]
    assert doc["features"][5]["properties"]["date"] is None
    assert "دير الزور" in out.read_text(encoding="utf-8")  # not \u-escaped


def test_geojson_rounds_coordinates_to_six_decimals(tmp_path):
    place = Place("x:1", "Al-Mayadin", "city", 35.0207612345678, 40.4513498765432, "SY")
    ev = _event("ev-r", dt.date(2017, 10, 14), "Battles", "Armed clash", [SYRIA], place,
                "Mayadin", "Troops entered Mayadin.")
    out = export_events(events_to_frame([ev]), tmp_path / "r.geojson")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["features"][0]["geometry"]["coordinates"] == [40.45135, 35.020761]


def test_geojson_output_is_byte_identical(tmp_path, frame):
    a = export_events(frame, tmp_path / "a.geojson").read_bytes()
    b = export_events(events_to_frame(EVENTS, admin1_names=ADMIN1_NAMES),
                      tmp_path / "b.geojson").read_bytes()
    assert a == b
    again = export_events(read_events_file(tmp_path / "a.geojson"), tmp_path / "c.geojson")
    assert again.read_bytes() == a  # read back and written again: still the same bytes


def test_reprojects_other_crs(tmp_path, frame):
    out = export_events(frame.to_crs(3857), tmp_path / "m.geojson")
    coords = json.loads(out.read_text(encoding="utf-8"))["features"][0]["geometry"]["coordinates"]
    assert coords == pytest.approx([40.14084, 35.33588], abs=1e-6)


# --- CSV --------------------------------------------------------------------------------------

def test_csv_uses_acled_names(tmp_path, frame):
    out = export_events(frame, tmp_path / "events.csv")
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(df.columns) == CSV_COLUMNS
    for acled in ("event_date", "year", "time_precision", "event_type", "sub_event_type",
                  "actor1", "actor2", "admin1", "country", "location", "latitude", "longitude",
                  "geo_precision", "source", "notes"):
        assert acled in df.columns
    row = df.iloc[0]
    assert (row.event_date, row.year, row.actor1, row.actor2) == ("2017-09-05", "2017", SYRIA, IS)
    # ACLED's admin1 is the area's name; our code is kept beside it
    assert (row.location, row.admin1, row.admin1_code) == (
        "Deir ez-Zor", "Deir ez-Zor Governorate", "SY.07")
    assert (row.country, row.country_code) == ("Syria", "SY")  # ACLED writes country names
    assert (row.latitude, row.longitude) == ("35.335880", "40.140840")
    assert row.source == "Only News blog (Xinhua wire story); SouthFront"
    assert json.loads(row.doc_ids) == ["000_b2f401e71e06026c", "001_857656f2ad3f2c55"]
    assert df.iloc[3].actor1 == "" and df.iloc[3].actor2 == ""
    assert df.iloc[5].event_date == "" and df.iloc[5].year == ""
    assert df.iloc[4].sentence == EVENTS[4].sentence  # quotes, commas, & survive csv quoting


def test_reads_an_acled_style_csv(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_text(
        "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,"
        "admin1,country,location,latitude,longitude,geo_precision,source,notes\n"
        "SYR12345,2017-11-08,2017,1,Battles,Armed clash,Military Forces of Syria (2000-),"
        "Islamic State (Syria),Deir ez-Zor,Syria,Abu Kamal,34.4506,40.9186,1,"
        "SANA; SOHR,Clashes in Abu Kamal.\n", encoding="utf-8")
    got = read_events_file(path)
    assert got.loc[0, "event_id"] == "SYR12345"
    assert got.loc[0, "actors"] == [SYRIA, IS]
    assert got.loc[0, "sources"] == ["SANA", "SOHR"]
    assert got.loc[0, "country"] == "SY"  # name mapped back to the ISO code
    assert got.loc[0, "place_name"] == "Abu Kamal" and got.loc[0, "date"] == "2017-11-08"
    assert (got.geometry[0].x, got.geometry[0].y) == (40.9186, 34.4506)


# --- KML --------------------------------------------------------------------------------------

def test_kml_escapes_article_text(tmp_path, frame):
    out = export_events(frame, tmp_path / "events.kml")
    raw = out.read_text(encoding="utf-8")
    assert "<script>" not in raw
    root = ET.parse(out).getroot()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    marks = root.findall(".//k:Placemark", ns)
    assert len(marks) == len(EVENTS)
    balloon = marks[4].findtext("k:description", namespaces=ns)
    # After XML parsing the balloon is HTML in which the script is still escaped text.
    assert "&lt;script&gt;" in balloon and "<script>" not in balloon
    assert "دير الزور" in raw
    assert marks[0].findtext("k:TimeStamp/k:when", namespaces=ns) == "2017-09-05"
    assert marks[5].find("k:TimeStamp", ns) is None  # undated: no time stamp
    assert marks[0].findtext("k:Point/k:coordinates", namespaces=ns) == "40.14084,35.33588"


# --- errors and atomic writes -----------------------------------------------------------------

def test_unknown_suffix_and_format(tmp_path, frame):
    with pytest.raises(InputError, match="suffix"):
        export_events(frame, tmp_path / "events.xlsx")
    with pytest.raises(InputError, match="unknown export format"):
        export_events(frame, tmp_path / "events.geojson", format="shp")
    assert not list(tmp_path.iterdir())


def test_missing_columns_and_bad_coordinates(tmp_path, frame):
    with pytest.raises(InputError, match="lacks columns"):
        export_events(frame.drop(columns=["actors"]), tmp_path / "e.geojson")
    xs = [200.0] + [g.x for g in frame.geometry[1:]]
    bad = frame.set_geometry(gpd.points_from_xy(xs, [g.y for g in frame.geometry]), crs=4326)
    bad.loc[2, "geometry"] = None
    with pytest.raises(InputError, match=r"(?s)ev-0001.*not a lon/lat point.*ev-0003.*Point"):
        export_events(bad, tmp_path / "e.geojson")
    assert not list(tmp_path.iterdir())


def test_failed_write_leaves_no_partial_file(tmp_path, frame, monkeypatch):
    target = tmp_path / "events.geojson"
    export_events(frame, target)
    before = target.read_bytes()

    def broken(frame, tmp):
        tmp.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
        raise RuntimeError("disk full")

    monkeypatch.setitem(export_mod._WRITERS, "geojson", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        export_events(frame, target)
    assert target.read_bytes() == before  # the old file is untouched
    with pytest.raises(RuntimeError):
        export_events(frame, tmp_path / "new.geojson")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.geojson"]  # no temp files


def test_read_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match="no such events file"):
        read_events_file(tmp_path / "missing.geojson")
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.geojson"):
        read_events_file(bad)
    nocoords = tmp_path / "x.csv"
    nocoords.write_text("event_id,event_date\nx,2017-01-01\n", encoding="utf-8")
    with pytest.raises(InputError, match="latitude and longitude"):
        read_events_file(nocoords)


def test_geojson_nan_confidence_is_null_not_invalid_json(tmp_path, frame):
    frame.loc[0, "confidence"] = math.nan
    out = export_events(frame, tmp_path / "n.geojson")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["features"][0]["properties"]["confidence"] is None


# --- the CLI ----------------------------------------------------------------------------------

def test_cli_export_converts_between_formats(tmp_path, frame, capsys):
    from geo.cli import main

    src = export_events(frame, tmp_path / "events.geojson")
    assert main(["export", str(src), "-o", str(tmp_path / "events.csv")]) == 0
    assert "wrote 6 events" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "events.csv"), "-o", str(tmp_path / "e.data"),
                 "--format", "parquet"]) == 0
    _same_events(read_events_file(tmp_path / "e.data", format="parquet"), frame)


def test_cli_export_errors_exit_2(tmp_path, frame, capsys):
    from geo.cli import main

    src = export_events(frame, tmp_path / "events.geojson")
    assert main(["export", str(src), "-o", str(tmp_path / "events.xlsx")]) == 2
    assert "suffix" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing.geojson"), "-o", str(tmp_path / "x.csv")]) == 2
    assert "no such events file" in capsys.readouterr().err
    assert main(["export", str(src), "-o", str(tmp_path / "no" / "dir.csv")]) == 2
    assert not (tmp_path / "x.csv").exists()
