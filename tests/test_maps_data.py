"""Fixture: the Deir ez-Zor offensive (Sept-Nov 2017) as an events frame; payload and I/O tests.

Other map test modules import ``offensive_events`` and ``offensive_mentions`` from here.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import Point

from gazetteer.errors import InputError
from geo.frames import EVENT_COLUMNS, MENTION_COLUMNS
from maps import escape_text, read_events
from maps.escape import safe_url, script_json
from maps.io import as_list, normalise_events
from maps.payload import EVENT_FIELDS, advance_lines, build_payload

HOSTILE_SENTENCE = ("Witnesses said <script>alert(1)</script> gunmen entered the village "
                    "<img src=x onerror=alert(2)> before dawn </script>. {{ 7*7 }} {% if x %}")
HOSTILE_TITLE = "<img src=x onerror=alert(2)> Village raid </script><script>window.__xss=1</script>"
HOSTILE_SOURCE = "</script><script>window.__xss=2</script>"

SAA = "Syrian Arab Army"
IS = "Islamic State"
SDF = "Syrian Democratic Forces"
ADMIN1_CODES = {"Deir ez-Zor": "SY.07", "Damascus": "SY.13"}


def _event(eid, date, tp, etype, sub, actors, place, lat, lon, gp, sentence, *, kind="site",
           date_text="", place_text=None, notes="", sources=("Reuters",), titles=None,
           urls=None, admin1="Deir ez-Zor", country="SY", confidence=0.8):
    titles = list(titles) if titles is not None else [f"Report on {place}"]
    urls = list(urls) if urls is not None else [f"https://example.org/{eid}"]
    return {
        "event_id": eid, "date": date, "time_precision": tp, "date_text": date_text or date or "",
        "event_type": etype, "sub_event_type": sub, "actors": list(actors),
        "place_id": f"test:{place.lower().replace(' ', '-')}", "place_name": place,
        "place_kind": kind, "place_text": place_text or place, "country": country,
        "admin1": ADMIN1_CODES.get(admin1, ""), "admin1_name": admin1, "geo_precision": gp,
        "sentence": sentence,
        "doc_ids": [f"doc-{eid}"], "sources": list(sources), "titles": titles, "urls": urls,
        "confidence": confidence, "notes": notes, "geometry": Point(lon, lat),
    }


def offensive_events() -> gpd.GeoDataFrame:
    """Twelve events of the 2017 Deir ez-Zor offensive, including the hostile one."""
    gov = "Government regains territory"
    rows = [
        _event("e01", "2017-09-05", 1, "Battles", gov, [SAA, IS], "Brigade 137 base", 35.297,
               40.082, 1, "Syrian troops broke the siege of Deir ez-Zor, linking up with the "
               "garrison at the Brigade 137 base.", notes="siege_broken", date_text="Tuesday"),
        _event("e02", "2017-09-09", 1, "Battles", gov, [SAA, IS], "Deir ez-Zor air base", 35.285,
               40.175, 1, "Government forces broke the siege of the air base on Saturday.",
               notes="siege_broken", date_text="Saturday", sources=("Reuters", "SANA"),
               titles=["Army reaches air base", "Siege of airport lifted"],
               urls=["https://example.org/e02a", ""]),
        _event("e03", "2017-09-10", 1, "Battles", gov, [SAA, IS], "Teym oil field", 35.233,
               40.060, 1, "The army took the Teym oil field south-west of the city.",
               notes="capture"),
        _event("e04", "2017-09-12", 1, "Strategic developments", "Other",
               ["Sergei Shoigu", "Bashar al-Assad"], "Damascus", 33.5138, 36.2765, 1,
               "Russian Defence Minister Sergei Shoigu met President Bashar al-Assad in "
               "Damascus.", kind="city", admin1="Damascus", notes="meeting"),
        _event("e05", "2017-10-14", 1, "Battles", gov, [SAA, IS], "Al-Mayadeen", 35.0205,
               40.4527, 1, "Syrian troops and allied fighters captured the town of "
               "Al-Mayadeen.", kind="city", place_text="Mayadin", notes="capture"),
        _event("e06", "2017-11-19", 1, "Battles", gov, [SAA, IS], "Abu Kamal", 34.4509,
               40.9186, 1, "The army retook Abu Kamal, the last IS-held town in Syria.",
               kind="city", notes="recapture", sources=("Reuters", "AFP"),
               titles=["Syrian army retakes Abu Kamal", "Abu Kamal falls"],
               urls=["https://example.org/e06a", "https://example.org/e06b"]),
        _event("e07", "2017-09-20", 2, "Explosions/Remote violence", "Air/drone strike",
               ["Russian Air Force"], "Deir ez-Zor", 35.336, 40.140, 2,
               "Russian jets struck IS positions near Deir ez-Zor last week.",
               kind="city", date_text="last week", notes="airstrike"),
        _event("e08", "2017-10-01", 3, "Strategic developments",
               "Disrupted weapons use", ["Russian military engineers"], "Deir ez-Zor", 35.336,
               40.140, 1, "Russian sappers cleared mines in Deir ez-Zor in October.",
               kind="city", date_text="in October", notes="demining"),
        _event("e09", "2017-09-15", 1, "Battles", "Armed clash", [SAA, IS],
               "Deir ez-Zor Governorate", 35.0, 40.5, 3,
               "Fierce clashes continued across Deir ez-Zor province.", kind="region",
               admin1="Deir ez-Zor"),
        _event("e10", "2017-10-20", 1, "Violence against civilians", "Attack",
               ["<b>Unidentified gunmen</b>"], "Al-Shuhayl", 35.118, 40.297, 1, HOSTILE_SENTENCE,
               sources=(HOSTILE_SOURCE,), titles=[HOSTILE_TITLE],
               urls=["javascript:alert(3)"], notes="<i>raid</i>"),
        _event("e11", "2017-09-09", 1, "Battles", "Non-state actor overtakes territory",
               [SDF, IS], "Deir ez-Zor industrial zone", 35.365, 40.180, 1,
               "The SDF said it had entered the industrial zone east of the Euphrates.",
               notes="capture"),
        _event("e12", "2017-09-23", 1, "Battles", "Non-state actor overtakes territory",
               [SDF, IS], "Conoco gas field", 35.384, 40.313, 1,
               "The SDF seized the Conoco gas field.", notes="capture"),
        _event("e13", None, 1, "Strategic developments", "Other", ["UN"], "Deir ez-Zor",
               35.336, 40.140, 1, "The UN called for humanitarian access to the city.",
               kind="city", notes="statement", date_text=""),
    ]
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return frame[[*EVENT_COLUMNS, "geometry"]]


def offensive_mentions() -> gpd.GeoDataFrame:
    """A few resolved place mentions (including one hostile surface form)."""
    rows = []
    for i, (text, name, lat, lon) in enumerate([
        ("Deir al-Zour", "Deir ez-Zor", 35.336, 40.140),
        ("Deir ez-Zor", "Deir ez-Zor", 35.336, 40.140),
        ("Mayadin", "Al-Mayadeen", 35.0205, 40.4527),
        ("Abu Kamal", "Abu Kamal", 34.4509, 40.9186),
        ("<script>alert(4)</script>Damascus", "Damascus", 33.5138, 36.2765),
    ]):
        rows.append({"doc_id": f"doc-{i % 2}", "start": i * 10, "end": i * 10 + len(text),
                     "text": text, "place_id": f"test:{name.lower()}", "name": name,
                     "kind": "city", "country": "SY", "score": 0.9, "geometry": Point(lon, lat)})
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return frame[[*MENTION_COLUMNS, "geometry"]]


@pytest.fixture
def events() -> gpd.GeoDataFrame:
    return offensive_events()


def test_escape_text_makes_markup_inert():
    out = escape_text(HOSTILE_TITLE)
    assert "<" not in out and ">" not in out
    assert "&lt;img src=x onerror=alert(2)&gt;" in out
    assert escape_text(None) == "" and escape_text(float("nan")) == ""


def test_script_json_cannot_close_the_script_tag():
    text = script_json({"s": HOSTILE_SENTENCE, "t": "a & b", "u": "\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"s": HOSTILE_SENTENCE, "t": "a & b", "u": "\u2028"}


def test_safe_url_keeps_only_http():
    assert safe_url("https://example.org/x") == "https://example.org/x"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", None, 3):
        assert safe_url(bad) == ""


def test_as_list_accepts_lists_and_json_strings():
    assert as_list('["SAA", "IS"]') == ["SAA", "IS"]
    assert as_list(["SAA"]) == ["SAA"]
    assert as_list("") == [] and as_list(None) == []
    assert as_list("[not json") == ["[not json"]


def test_payload_layers_are_days_in_order_with_undated_last(events):
    p = build_payload(normalise_events(events))
    labels = [b["label"] for b in p["buckets"]]
    assert labels[-1] == "undated"
    starts = [b["start"] for b in p["buckets"][:-1]]
    assert starts == sorted(starts)
    days = [label for label in labels if label[:1].isdigit()]
    assert days == sorted(days)
    assert days[0] == "2017-09-05" and days[-1] == "2017-11-19"
    # week/month precision events get a layer of their own, named as the popup dates them
    assert "week of 2017-09-18" in labels and "month of 2017-10" in labels
    assert "2017-09-18" not in labels and "2017-10-01" not in labels
    assert labels.index("week of 2017-09-18") < labels.index("2017-09-23")
    assert sum(b["count"] for b in p["buckets"]) == len(events)
    assert p["t0"] == "2017-09-05" and p["t1"] == "2017-11-19"
    assert p["counts"]["events"] == 13 and p["counts"]["undated"] == 1


def test_initial_view_is_the_core_of_the_offensive(events):
    p = build_payload(normalise_events(events))
    (south, west), (north, east) = p["view"]
    assert west == pytest.approx(40.06) and east == pytest.approx(40.9186)  # not Damascus
    assert south == pytest.approx(34.4509) and north == pytest.approx(35.384)
    spread = normalise_events(events.iloc[[0, 3]])  # two events: fit both
    assert build_payload(spread)["view"] == [[33.5138, 36.2765], [35.297, 40.082]]


def test_payload_precision_intervals_and_labels(events):
    p = build_payload(normalise_events(events))
    fields = {f: i for i, f in enumerate(EVENT_FIELDS)}
    by_id = {p["strings"][e[fields["s:event_id"]]]: e for e in p["events"]}
    week, month = by_id["e07"], by_id["e08"]
    assert p["strings"][week[fields["s:date"]]] == "week of 2017-09-18"
    assert week[fields["end"]] - week[fields["start"]] == 6
    assert p["strings"][month[fields["s:date"]]] == "month of 2017-10"
    assert month[fields["end"]] - month[fields["start"]] == 30
    assert by_id["e13"][fields["start"]] == -1
    # the popup shows the area's name, not its code (SY.07)
    assert p["strings"][week[fields["s:admin1_name"]]] == "Deir ez-Zor"
    # the hostile event's javascript: URL is dropped, its text kept verbatim for textContent
    hostile = by_id["e10"]
    assert p["strings"][hostile[fields["s*:urls"]][0]] == ""
    assert p["strings"][hostile[fields["s:sentence"]]] == HOSTILE_SENTENCE


def test_payload_groups_layers_by_week_when_many_days():
    rows = [_event(f"x{i}", f"2017-{9 + i // 30:02d}-{i % 30 + 1:02d}", 1, "Battles",
                   "Armed clash", ["A"], "P", 35.0, 40.0, 1, "s") for i in range(40)]
    frame = normalise_events(gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326"))
    p = build_payload(frame)
    assert p["grain"] == "week"
    assert all(b["label"].startswith("week of ") for b in p["buckets"])
    assert [b["label"] for b in p["buckets"]] == sorted(b["label"] for b in p["buckets"])


def test_advance_lines_follow_places_taken_in_date_order(events):
    lines = advance_lines(normalise_events(events))
    saa = next(line for line in lines if line["actor"] == SAA)
    assert saa["labels"] == ["Brigade 137 base", "Deir ez-Zor air base", "Teym oil field",
                             "Al-Mayadeen", "Abu Kamal"]
    assert saa["dates"] == sorted(saa["dates"])
    assert saa["points"][0] == [35.297, 40.082]  # [lat, lon]: the one flip for Leaflet
    sdf = next(line for line in lines if line["actor"] == SDF)
    assert len(sdf["points"]) == 2
    # the meeting, the airstrike and the region-only clash are not ground taken
    assert all("Damascus" not in line["labels"] for line in lines)


def test_read_events_round_trip_with_json_string_lists(tmp_path, events):
    path = tmp_path / "events.geojson"
    out = events.copy()
    for col in ("actors", "doc_ids", "sources", "titles", "urls"):
        out[col] = out[col].map(json.dumps)
    out.to_file(path, driver="GeoJSON")
    back = read_events(path)
    assert list(back.columns) == [*EVENT_COLUMNS, "geometry"]
    assert back.crs == "EPSG:4326"
    assert back.loc[1, "sources"] == ["Reuters", "SANA"]
    assert back.loc[0, "geometry"].x == pytest.approx(40.082)
    assert back.loc[12, "date"] is None
    assert back.loc[0, "sentence"] == events.loc[0, "sentence"]


def test_read_events_reports_every_bad_row_and_the_file(tmp_path, events):
    bad = events.copy()
    bad.loc[0, "date"] = "5 Sept 2017"
    bad.loc[2, "time_precision"] = 9
    path = tmp_path / "hand-edited.geojson"
    bad.assign(actors=bad["actors"].map(json.dumps), doc_ids=bad["doc_ids"].map(json.dumps),
               sources=bad["sources"].map(json.dumps), titles=bad["titles"].map(json.dumps),
               urls=bad["urls"].map(json.dumps)).to_file(path, driver="GeoJSON")
    with pytest.raises(InputError) as err:
        read_events(path)
    msg = str(err.value)
    assert str(path) in msg and "row 0" in msg and "5 Sept 2017" in msg and "row 2" in msg


def test_read_events_without_required_columns_names_the_file(tmp_path):
    # read_events is read_events_file: missing and unreadable files are tested in test_export
    nocols = tmp_path / "nocols.geojson"
    gpd.GeoDataFrame({"x": [1]}, geometry=[Point(40, 35)], crs="EPSG:4326").to_file(
        nocols, driver="GeoJSON")
    with pytest.raises(InputError, match=r"nocols.geojson: missing required column\(s\) date"):
        read_events(nocols)
