"""The offensive map in a real browser: Debian's headless Chromium driven by Playwright.

The network is blocked for the page (any request that is not file:/data:/blob:/about: is
aborted and recorded). Runs on the fixture corpus of ``test_maps_data``.
"""

from __future__ import annotations

import os
import re
import statistics
import struct
import zlib
from pathlib import Path

import pytest

try:
    from test_maps_data import HOSTILE_SENTENCE, offensive_events, offensive_mentions
except ImportError:  # tests/ became a package
    from tests.test_maps_data import HOSTILE_SENTENCE, offensive_events, offensive_mentions

import maps

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL = ("file:", "data:", "blob:", "about:")


def _need_browser():
    if os.environ.get("CI"):
        return  # in CI a missing browser is a failure, not a skip
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: run `bash scripts/ensure_chromium.sh`")
    pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def map_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("map") / "map.html"
    return maps.write_map(offensive_events(), out, mentions=offensive_mentions(),
                          title="Deir ez-Zor offensive, 2017")


class Page:
    """A page with the network blocked, its errors, blocked requests and dialogs recorded."""

    def __init__(self, browser, path: Path):
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.conflictmap && window.conflictmap.ready === true")

    def _route(self, route):
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _console(self, msg):
        if msg.type == "error":
            self.errors.append(f"console: {msg.text}")

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def click_event(self, event_id: str):
        pt = self.js("id => window.conflictmap.markerPoint(id)", event_id)
        assert pt is not None, f"no marker for {event_id}"
        box = self.page.locator(".folium-map").bounding_box()
        self.page.mouse.click(box["x"] + pt["x"], box["y"] + pt["y"])
        self.page.wait_for_selector(".leaflet-popup-content .cm-popup")
        return self.page.locator(".leaflet-popup-content")


@pytest.fixture
def page(browser, map_file):
    p = Page(browser, map_file)
    yield p
    p.context.close()


def test_loads_offline_without_errors(page):
    page.page.wait_for_timeout(300)
    assert page.requests == []
    assert page.errors == []
    assert page.js("window.conflictmap.visibleCount()") == len(offensive_events())
    # opens on the offensive: Abu Kamal and Brigade 137 in view, the Damascus meeting just out
    for eid, inside in (("e06", True), ("e01", True), ("e04", False)):
        pt = page.js("id => window.conflictmap.markerPoint(id)", eid)
        assert (0 <= pt["x"] <= 1280 and 0 <= pt["y"] <= 800) is inside, eid
    # the offline outline is drawn and credited
    attribution = page.page.locator(".leaflet-control-attribution").inner_text()
    assert "Natural Earth" in attribution
    assert page.page.locator(".leaflet-cmBase-pane canvas").count() == 1


def test_layer_control_lists_dates_in_order(page):
    labels = page.page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    dates = [m.group(0) for t in labels if (m := re.match(r"\s*\d{4}-\d{2}-\d{2}", t))]
    dates = [d.strip() for d in dates]
    assert dates == sorted(dates) and len(dates) == len(set(dates))
    assert dates[0] == "2017-09-05" and dates[-1] == "2017-11-19"
    texts = [t.strip() for t in labels]
    assert any(t.startswith("Axis of advance") for t in texts)
    assert any(t.startswith("week of 2017-09-18") for t in texts)
    # the mentions layer exists and is off by default
    mentions = page.page.locator(".leaflet-control-layers-overlays label",
                                 has_text="Place mentions")
    assert not mentions.locator("input").is_checked()


def test_slider_changes_visible_markers(page):
    total = page.js("window.conflictmap.visibleCount()")
    slider = page.page.locator(".cm-slider input[type=range]")
    slider.fill("0")  # the first day: only the siege broken at Brigade 137 (+ undated)
    first_day = page.js("window.conflictmap.visibleCount()")
    assert first_day == 2
    slider.fill("40")  # 2017-10-15: after Mayadin, before the attack and Abu Kamal
    mid = page.js("window.conflictmap.visibleCount()")
    assert first_day < mid < total
    assert "2017-10-15" in page.page.locator(".cm-date").inner_text()
    # switching a date layer off hides its events
    page.page.locator(".leaflet-control-layers-overlays label", has_text="2017-09-09").click()
    assert page.js("window.conflictmap.visibleCount()") == mid - 2
    assert page.errors == []


def test_play_button_animates_from_the_start(page):
    page.page.locator(".cm-play").click()
    page.page.wait_for_function("window.conflictmap.state.day > 3")
    assert page.js("window.conflictmap.visibleCount()") < len(offensive_events())
    page.page.locator(".cm-play").click()  # pause
    day = page.js("window.conflictmap.state.day")
    page.page.wait_for_timeout(600)
    assert page.js("window.conflictmap.state.day") == day


def test_popup_shows_evidence_and_sources(page):
    popup = page.click_event("e06")
    text = popup.inner_text()
    assert "The army retook Abu Kamal, the last IS-held town in Syria." in text
    assert "Syrian army retakes Abu Kamal" in text and "Abu Kamal falls" in text
    assert "Reuters" in text and "AFP" in text
    assert "2017-11-19" in text and "Government regains territory" in text
    hrefs = popup.locator("a").evaluate_all("as => as.map(a => a.href)")
    assert "https://example.org/e06a" in hrefs and "https://example.org/e06b" in hrefs


def test_week_precision_popup_says_week_of(page):
    page.js("void window.conflictmap.state.map.setView([35.336, 40.140], 11, {animate: false})")
    text = page.click_event("e07").inner_text()
    assert "week of 2017-09-18" in text and "last week" in text


def test_hostile_event_executes_nothing_and_shows_literally(page):
    page.page.locator(".leaflet-control-layers-overlays label", has_text="Place mentions").click()
    popup = page.click_event("e10")
    text = popup.inner_text()
    assert HOSTILE_SENTENCE in text
    assert "<img src=x onerror=alert(2)> Village raid" in text
    assert "</script><script>window.__xss=2</script>" in text
    assert popup.locator("img, script").count() == 0
    assert popup.locator("a").count() == 0  # the javascript: link was dropped
    assert page.js("typeof window.__xss") == "undefined"
    page.page.wait_for_timeout(200)
    assert page.dialogs == []
    assert page.errors == []
    assert page.requests == []  # the <img src=x> never loaded


def _png_pixels(data: bytes) -> tuple[int, int, list[int]]:
    """Decode an 8-bit RGB(A) non-interlaced PNG into grey values (no image library needed)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    grey = []
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        grey.extend(sum(line[x:x + 3]) // 3 for x in range(0, stride, bpp * 4))
        prev = line
    return width, height, grey


def test_screenshot_is_not_blank(page, tmp_path):
    shot = page.page.screenshot(clip={"x": 0, "y": 0, "width": 640, "height": 400})
    _, _, grey = _png_pixels(shot)
    assert statistics.pvariance(grey) > 100
    assert len(set(grey)) > 20


def test_html_file_has_no_remote_resource_links(map_file):
    html = map_file.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?:", html)
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html
