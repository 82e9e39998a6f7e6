"""Write ``docs/map.png``, the README's picture of the offensive map, with headless Chromium.

Usage::

    python scripts/screenshot.py                      # the sample corpus, built into a temp dir
    python scripts/screenshot.py out/sample/events.geojson --mentions out/sample/mentions.geojson
    python scripts/screenshot.py EVENTS.geojson -o docs/map.png --popup EVENT_ID

Without an events file it runs ``conflictmap build`` on the sample corpus; if the build is not
available it uses the Deir ez-Zor fixture of ``tests/test_maps_data.py``. Needs Debian's
``chromium`` (``bash scripts/ensure_chromium.sh``) and the ``playwright`` package; the page is
loaded with the network blocked, as an analyst offline would see it.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import maps  # noqa: E402
from maps.io import read_mentions  # noqa: E402

log = logging.getLogger("screenshot")
SAMPLE = ROOT / "geo" / "data" / "sample" / "deir-ez-zor-2017"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _showcase_event(events) -> str | None:
    """An event worth a popup: day and place known, most sources, earliest, with a sentence."""
    rows = [r for r in events.itertuples(index=False) if r.date and r.sentence]
    if not rows:
        return None
    best = min(rows, key=lambda r: (r.time_precision, r.geo_precision, -len(r.sources), r.date))
    return best.event_id


def _sample_map(tmp: Path) -> tuple[Path, str | None]:
    """Build the sample corpus and render it; fall back to the test fixture."""
    try:
        from geo import cli

        code = cli.main(["-q", "build", str(SAMPLE), "-o", str(tmp / "build")])
        events = tmp / "build" / "events.geojson"
        if code in (0, 1) and events.is_file():
            mentions = tmp / "build" / "mentions.geojson"
            frame = maps.read_events(events)
            html = maps.write_map(frame, tmp / "map.html",
                                  mentions=read_mentions(mentions) if mentions.is_file() else None,
                                  title="Deir ez-Zor offensive, Sept-Nov 2017 (sample corpus)")
            return html, _showcase_event(frame)
    except SystemExit:  # argparse: no build command yet
        log.warning("conflictmap has no build command")
    except Exception as exc:  # the pipeline is optional here: any failure means the fixture
        log.warning("conflictmap build failed: %s", exc)
    log.warning("using the test fixture instead of the sample corpus")
    sys.path.insert(0, str(ROOT / "tests"))
    from test_maps_data import offensive_events, offensive_mentions

    html = maps.write_map(offensive_events(), tmp / "map.html", mentions=offensive_mentions(),
                          title="Deir ez-Zor offensive, Sept-Nov 2017")
    return html, _showcase_event(offensive_events())


def screenshot(html: Path, out: Path, *, popup: str | None = None, width: int = 1280,
               height: int = 800) -> list[str]:
    """Screenshot ``html`` offline into ``out``; returns the requests that were blocked."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": width, "height": height})
        ctx.route("**/*", route)
        page = ctx.new_page()
        page.goto(html.resolve().as_uri())
        page.wait_for_function("window.conflictmap && window.conflictmap.ready === true")
        if popup:
            pt = page.evaluate("id => window.conflictmap.markerPoint(id)", popup)
            if pt is None:
                raise SystemExit(f"no event {popup!r} on the map")
            page.mouse.click(pt["x"], pt["y"])
            page.wait_for_selector(".leaflet-popup-content .cm-popup")
            page.mouse.move(5, height // 2)  # no hover tooltip in the picture
        page.wait_for_timeout(400)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()
    return blocked


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("events", nargs="?", help="events GeoJSON (default: the sample corpus)")
    ap.add_argument("--mentions", help="mentions GeoJSON")
    ap.add_argument("--title", default=None)
    ap.add_argument("-o", "--output", default=str(ROOT / "docs" / "map.png"))
    ap.add_argument("--popup", metavar="EVENT_ID",
                    help="open this event's popup first ('auto': a well-sourced, exact one; "
                         "'none': no popup; default: auto for the sample, none otherwise)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if args.events:
            frame = maps.read_events(args.events)
            html = maps.write_map(frame, tmp / "map.html",
                                  mentions=read_mentions(args.mentions) if args.mentions else None,
                                  title=args.title)
            auto = _showcase_event(frame)
            popup = args.popup if args.popup not in (None, "none", "auto") else (
                auto if args.popup == "auto" else None)
        else:
            html, auto = _sample_map(tmp)
            popup = auto if args.popup in (None, "auto") else (
                None if args.popup == "none" else args.popup)
        blocked = screenshot(html, Path(args.output), popup=popup)
    if blocked:
        log.error("the page tried the network: %s", blocked)
        return 1
    log.info("wrote %s", args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
