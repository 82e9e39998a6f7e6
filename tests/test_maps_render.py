"""The map page as HTML (no browser): offline, escaped, one data blob, atomic writes, the CLI."""

from __future__ import annotations

import json
import os
import re

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point

try:
    from test_maps_data import (
        HOSTILE_SENTENCE,
        HOSTILE_SOURCE,
        HOSTILE_TITLE,
        offensive_events,
        offensive_mentions,
    )
except ImportError:  # tests/ became a package
    from tests.test_maps_data import (
        HOSTILE_SENTENCE,
        HOSTILE_SOURCE,
        HOSTILE_TITLE,
        offensive_events,
        offensive_mentions,
    )

import maps
from gazetteer.errors import InputError
from geo import cli
from geo.frames import EVENT_COLUMNS


def _blob(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="[\w-]+-data">(.*?)</script>', html, re.S)
    assert m, "no data blob"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def html() -> str:
    m = maps.render(offensive_events(), mentions=offensive_mentions(), title="T <b>x</b>")
    return m.get_root().render()


def test_render_returns_a_folium_map_that_displays_in_jupyter():
    m = maps.render(offensive_events())
    assert isinstance(m, folium.Map)
    assert "srcdoc=" in m._repr_html_()
    # Jupyter renders again on each display: still one copy of the assets and one init call
    page = m.get_root().render()
    assert page.count("window.conflictmap.init(") == 1
    assert page.count("Leaflet 1.9.4") == 1


def test_the_same_events_give_the_same_page_byte_for_byte(html):
    again = maps.render(offensive_events(), mentions=offensive_mentions(), title="T <b>x</b>")
    assert again.get_root().render() == html
    other = maps.render(offensive_events().iloc[:1], title="T <b>x</b>").get_root().render()
    ids = set(re.findall(r"\bmap_[0-9a-f]+", html))
    assert len(ids) == 1 and ids.isdisjoint(re.findall(r"\bmap_[0-9a-f]+", other))


def test_page_references_no_remote_script_style_or_image(html):
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", html)
    for host in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com",
                 "netdna.bootstrapcdn.com"):
        assert host not in html
    assert "sourceMappingURL" not in html
    assert "url(images/" not in html  # Leaflet's control images are inlined as data: URIs


def test_hostile_text_never_appears_as_markup(html):
    for raw in ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>",
                "<script>window.__xss", "<b>Unidentified gunmen</b>", "<script>alert(4)</script>"):
        # it may appear only inside the JSON blob, with < > escaped
        assert raw not in html
    assert "<title>T &lt;b&gt;x&lt;/b&gt;</title>" in html
    # exactly as many </script> closers as <script> openers: no string closed a tag early
    assert html.count("</script>") == len(re.findall(r"<script\b", html))
    blob = _blob(html)
    assert HOSTILE_SENTENCE in blob["strings"]
    assert HOSTILE_TITLE in blob["strings"] and HOSTILE_SOURCE in blob["strings"]
    assert "javascript:alert(3)" not in blob["strings"]


def test_article_text_is_never_evaluated_as_a_template(html):
    # branca re-compiles macro output as Jinja: data must bypass it, braces stay literal
    assert any("{{ 7*7 }} {% if x %}" in s for s in _blob(html)["strings"])
    assert "{{ 7*7 }}" in html


def test_one_data_blob_not_one_js_object_per_event():
    small = maps.render(offensive_events()).get_root().render()
    many = _synthetic(300)
    big = maps.render(many).get_root().render()
    for marker_call in ("L.marker(", "L.circleMarker(", "L.circle(", "bindPopup("):
        assert big.count(marker_call) == small.count(marker_call)
    assert len(_blob(big)["events"]) == 300


def test_events_are_lat_lon_in_the_blob(html):
    blob = _blob(html)
    first = next(e for e in blob["events"] if blob["strings"][e[8]] == "e01")
    assert first[:2] == [35.297, 40.082]  # Point(lon=40.082, lat=35.297) -> [lat, lon]
    assert blob["title"] == "T <b>x</b>"  # raw in JSON: the browser sets it with textContent
    assert len(blob["mentions"]) == 4  # aggregated per place


def test_empty_and_undated_frames_render():
    empty = gpd.GeoDataFrame({c: [] for c in EVENT_COLUMNS}, geometry=[], crs="EPSG:4326")
    assert _blob(maps.render(empty).get_root().render())["counts"]["events"] == 0
    undated = offensive_events().iloc[[12]]
    blob = _blob(maps.render(undated).get_root().render())
    assert blob["ndays"] == 0 and blob["buckets"][0]["label"] == "undated"


def test_render_rejects_bad_input():
    with pytest.raises(InputError, match="event_type"):
        maps.render(gpd.GeoDataFrame({"date": ["2017-09-05"]}, geometry=[Point(40, 35)]))
    with pytest.raises(InputError, match="expected a GeoDataFrame"):
        maps.render([1, 2, 3])
    bad = offensive_events()
    bad.loc[3, "geometry"] = None
    with pytest.raises(InputError, match="row 3: geometry"):
        maps.render(bad)


def test_write_map_is_atomic_and_replaces(tmp_path, monkeypatch):
    out = tmp_path / "sub" / "map.html"
    assert maps.write_map(offensive_events(), out) == out
    first = out.read_text(encoding="utf-8")
    assert first.startswith("<!DOCTYPE html>")
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600: maps are shared
    maps.write_map(offensive_events().iloc[:3], out, title="Three")
    assert "<title>Three</title>" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.parent.iterdir()) == ["map.html"]

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        maps.write_map(offensive_events(), out, title="Never")
    assert "<title>Three</title>" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.parent.iterdir()) == ["map.html"]


def _write_geojson(frame: gpd.GeoDataFrame, path) -> None:
    out = frame.copy()
    for col in ("actors", "doc_ids", "sources", "titles", "urls"):
        out[col] = out[col].map(json.dumps)
    out.to_file(path, driver="GeoJSON")


def test_cli_map_command(tmp_path, capsys):
    ev, me = tmp_path / "events.geojson", tmp_path / "mentions.geojson"
    _write_geojson(offensive_events(), ev)
    offensive_mentions().to_file(me, driver="GeoJSON")
    out = tmp_path / "map.html"
    code = cli.main(["map", str(ev), "-o", str(out), "--mentions", str(me),
                     "--title", "Deir ez-Zor"])
    assert code == 0
    assert "wrote a map of 13 events" in capsys.readouterr().out
    blob = _blob(out.read_text(encoding="utf-8"))
    assert blob["title"] == "Deir ez-Zor" and len(blob["mentions"]) == 4
    assert blob["counts"]["sources"] == 4


def test_cli_map_reports_bad_file(tmp_path, capsys):
    code = cli.main(["map", str(tmp_path / "nope.geojson"), "-o", str(tmp_path / "m.html")])
    assert code == 2
    assert "nope.geojson: no such events file" in capsys.readouterr().err


def _synthetic(n: int) -> gpd.GeoDataFrame:
    rows = [{"event_id": f"s{i}", "date": f"2017-{9 + i % 3:02d}-{1 + i % 28:02d}",
             "event_type": "Battles", "sentence": f"Event {i}."} for i in range(n)]
    return gpd.GeoDataFrame(rows, geometry=[Point(40 + i % 50 / 100, 35 + i % 37 / 100)
                                            for i in range(n)], crs="EPSG:4326")
