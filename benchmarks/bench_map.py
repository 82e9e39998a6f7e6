"""Benchmark the offensive map against naive folium (one ``folium.Marker`` + popup per event).

For 1k, 10k and 100k synthetic events: build time (frame -> HTML string), HTML bytes per event,
and time to first render in headless Chromium (navigation start -> events drawn; for naive folium
-> the load event plus one animation frame, i.e. every marker in the DOM). Prints a markdown
table. Median of ``--repeat`` runs.

    .venv/bin/python benchmarks/bench_map.py                  # 1k, 10k, 100k; naive up to 10k
    .venv/bin/python benchmarks/bench_map.py --sizes 1000 --repeat 5 --naive-max 100000

Naive folium's page links Leaflet, jQuery and Bootstrap from CDNs; for the browser timing they are
replaced by the same inlined Leaflet our map uses and a two-line ``$(html)[0]`` stand-in for
jQuery (the network is blocked), so both pages load the same library from the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
from shapely.geometry import Point

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import maps  # noqa: E402
from geo.frames import EVENT_COLUMNS  # noqa: E402
from maps.escape import escape_text  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TYPES = ["Battles", "Explosions/Remote violence", "Strategic developments",
         "Violence against civilians", "Protests", "Riots"]


def synthetic_events(n: int, *, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` events over 90 days in a 4 x 4 degree box, with realistic text lengths."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(38.0, 42.0, n)
    lat = rng.uniform(33.0, 37.0, n)
    day0 = dt.date(2017, 9, 1)
    days = rng.integers(0, 90, n)
    tp = rng.choice([1, 1, 1, 1, 2, 3], n)
    gp = rng.choice([1, 1, 1, 2, 3], n)
    types = rng.integers(0, len(TYPES), n)
    rows = []
    for i in range(n):
        rows.append({
            "event_id": f"ev{i:06d}", "date": (day0 + dt.timedelta(days=int(days[i]))).isoformat(),
            "time_precision": int(tp[i]), "date_text": "on Tuesday",
            "event_type": TYPES[types[i]], "sub_event_type": "Armed clash",
            "actors": ["Syrian Arab Army", "Islamic State"], "place_id": f"p{i % 5000}",
            "place_name": f"Place {i % 5000}", "place_kind": "town",
            "place_text": f"Place {i % 5000}",
            "country": "SY", "admin1": "Deir ez-Zor", "geo_precision": int(gp[i]),
            "sentence": f"Government forces and allied militias clashed with fighters near Place "
                        f"{i % 5000} on Tuesday, a monitoring group said (report {i}).",
            "doc_ids": [f"d{i % 20000}"], "sources": ["Reuters"],
            "titles": [f"Fighting near Place {i % 5000}"],
            "urls": [f"https://example.org/news/{i % 20000}"], "confidence": 0.7, "notes": "",
        })
    points = [Point(x, y) for x, y in zip(lon, lat, strict=True)]
    return gpd.GeoDataFrame(rows, columns=EVENT_COLUMNS, geometry=points, crs="EPSG:4326")


def build_ours(events: gpd.GeoDataFrame) -> str:
    return maps.render(events, title="benchmark").get_root().render()


def build_naive(events: gpd.GeoDataFrame) -> str:
    """What a user writes by hand: one Marker with an HTML popup per event."""
    m = folium.Map(location=[35, 40], zoom_start=7)
    for r in events.itertuples(index=False):
        popup = (f"<b>{escape_text(r.event_type)}</b> {escape_text(r.date)}<br>"
                 f"{escape_text(r.place_name)}<br>{escape_text(r.sentence)}<br>"
                 f"{escape_text('; '.join(r.sources))}")
        folium.Marker([r.geometry.y, r.geometry.x], popup=folium.Popup(popup, max_width=300)
                      ).add_to(m)
    return m.get_root().render()


def offline_naive(html: str) -> str:
    """Swap naive folium's CDN links for the same inlined Leaflet our pages use."""
    from maps.render import LEAFLET, _asset, _script_text

    html = re.sub(r'<script src="https?://[^"]+"></script>', "", html)
    html = re.sub(r'<link rel="stylesheet" href="https?://[^"]+"/>', "", html)
    css = _asset(f"{LEAFLET}/leaflet.css").decode("utf-8")
    # folium's popups call jQuery only as $(html)[0]: a two-line stand-in does the same
    shim = ("window.$ = function (h) { var t = document.createElement('template'); "
            "t.innerHTML = h.trim(); return [t.content.firstChild]; };")
    head = (f"<style>{css}</style><script>{_script_text(f'{LEAFLET}/leaflet.js')}</script>"
            f"<script>{shim}</script>")
    return html.replace("<head>", "<head>" + head, 1)


def first_render_ms(browser, path: Path, *, ours: bool) -> float:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
              else r.abort())
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        if ours:
            page.goto(path.as_uri(), timeout=600_000)
            page.wait_for_function("window.conflictmap && window.conflictmap.ready === true",
                                   timeout=600_000)
            ms = page.evaluate("window.conflictmap.firstRenderMs")
        else:
            page.goto(path.as_uri(), wait_until="load", timeout=600_000)
            ms = page.evaluate(
                "new Promise(r => requestAnimationFrame(() => r(performance.now())))")
    finally:
        ctx.close()
    if errors:
        raise RuntimeError(f"{path.name}: {errors[:3]}")
    return float(ms)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--naive-max", type=int, default=10_000,
                    help="largest size naive folium is run at (it is slow; default 10000)")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)

    browser = pw = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    rows = []
    empty = synthetic_events(0)
    base = {"conflictmap": len(build_ours(empty).encode("utf-8")),
            "naive folium": len(build_naive(empty).encode("utf-8"))}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for n in args.sizes:
            events = synthetic_events(n)
            for name, build in (("conflictmap", build_ours), ("naive folium", build_naive)):
                if name == "naive folium" and n > args.naive_max:
                    rows.append((n, name, None, None, None, None))
                    continue
                print(f"# {n} {name} ...", file=sys.stderr, flush=True)
                times, html = [], ""
                for _ in range(args.repeat if n <= 10_000 or name == "conflictmap" else 1):
                    t = time.perf_counter()
                    html = build(events)
                    times.append(time.perf_counter() - t)
                size = len(html.encode("utf-8"))
                page = tmp / f"{name.split()[0]}-{n}.html"
                page.write_text(html if name == "conflictmap" else offline_naive(html),
                                encoding="utf-8")
                render = None
                if browser is not None:
                    render = statistics.median(
                        first_render_ms(browser, page, ours=name == "conflictmap")
                        for _ in range(args.repeat))
                rows.append((n, name, statistics.median(times), size, (size - base[name]) / n,
                             render))
                print(f"# {n} {name}: build {statistics.median(times):.2f} s, {size} B, "
                      f"render {render} ms", file=sys.stderr, flush=True)
    if browser is not None:
        browser.close()
        pw.stop()

    print(f"\nMachine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, folium {folium.__version__}; median of {args.repeat}.\n")
    print(f"Fixed page cost (no events): conflictmap {base['conflictmap']:,} B (Leaflet, "
          f"plugins, basemap), naive folium {base['naive folium']:,} B (CDN links only).\n")
    print("| events | renderer | build (s) | build per event (ms) | HTML (MB) "
          "| bytes/event (marginal) | first render (ms) |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, name, build_s, size, per, render in rows:
        if build_s is None:
            print(f"| {n:,} | {name} | not run | | | | |")
            continue
        rend = f"{render:,.0f}" if render is not None else "n/a"
        print(f"| {n:,} | {name} | {build_s:.2f} | {1000 * build_s / n:.3f} | "
              f"{size / 1e6:.2f} | {per:,.0f} | {rend} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
