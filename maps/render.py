"""Render events as a self-contained Leaflet map: ``render`` gives a ``folium.Map``,
``write_map`` one offline HTML file.

folium builds the page (element tree, Jupyter display); its CDN links are dropped and the
vendored Leaflet, plugins, basemap and ``conflictmap.js`` are inlined instead, so the file makes
no network request unless the reader turns the OpenStreetMap layer on. Events travel in one JSON
blob drawn on a canvas by ``conflictmap.js``; no JavaScript object is emitted per marker.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import logging
import os
import re
import tempfile
from importlib import resources
from pathlib import Path

import folium
import geopandas as gpd
from branca.element import Element, MacroElement

from maps.escape import escape_text, script_json
from maps.io import normalise_events, normalise_mentions
from maps.payload import build_payload

log = logging.getLogger(__name__)

__all__ = ["render", "write_map"]

LEAFLET = "leaflet-1.9.4"
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def _asset(name: str) -> bytes:
    return resources.files("maps").joinpath("assets", *name.split("/")).read_bytes()


def _script_text(name: str) -> str:
    """A vendored script, safe to inline: no source map link, no literal ``</script``."""
    text = _SOURCE_MAP.sub("", _asset(name).decode("utf-8"))
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _head_assets() -> str:
    """The ``<style>``/``<script>`` elements for Leaflet, plugins and conflictmap.js."""
    css = _asset(f"{LEAFLET}/leaflet.css").decode("utf-8")

    def data_uri(match: re.Match[str]) -> str:
        png = _asset(f"{LEAFLET}/images/{match.group(1)}")
        return f"url(data:image/png;base64,{base64.b64encode(png).decode('ascii')})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", data_uri, css)
    parts = [f"<style>{css}</style>", f"<style>{_asset('conflictmap.css').decode('utf-8')}</style>"]
    for js in (f"{LEAFLET}/leaflet.js",
               "leaflet-polylinedecorator-1.6.0/leaflet.polylineDecorator.js",
               "topojson-client-3.1.0/topojson-client.min.js", "conflictmap.js"):
        parts.append(f"<script>{_script_text(js)}</script>")
    return "\n".join(parts)


@functools.lru_cache(maxsize=1)
def _basemap_json() -> str:
    """The Natural Earth 1:50m outline (TopoJSON), safe inside a script element."""
    text = _asset("basemap-50m.topojson").decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Raw(Element):
    """Text inserted into the page as is.

    branca compiles the output of a ``MacroElement``'s macros as a new Jinja template, so
    article text that passed through one would be evaluated (``{{ ... }}``, ``{% ... %}``).
    Everything that carries data is therefore added as ``_Raw`` and never templated.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _ConflictLayer(MacroElement):
    """The events, basemap and controls: one data blob plus one call into conflictmap.js."""

    def __init__(self, data_json: str) -> None:
        super().__init__()
        self._name = "ConflictLayer"
        self.data_json = data_json

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        name = self.get_name()
        figure.header.add_child(_Raw(_head_assets()), name="conflictmap_assets")
        figure.html.add_child(_Raw(
            f'<script type="application/json" id="{name}-data">{self.data_json}</script>\n'
            f'<script type="application/json" id="{name}-basemap">{_basemap_json()}</script>'
        ), name=name)
        map_name = self._parent.get_name()
        figure.script.add_child(_Raw(
            f'window.conflictmap.init({map_name}, "{name}-data", "{name}-basemap");'
        ), name=name)


def render(events: gpd.GeoDataFrame, *, mentions: gpd.GeoDataFrame | None = None,
           title: str | None = None) -> folium.Map:
    """Render events as an interactive, offline ``folium.Map``.

    The map has one layer per date (per ISO week beyond 20 days, per month beyond 60 weeks) in
    date order, a time slider with play/pause, colours per event type with a legend, marker
    shapes by time and place precision, lazy popups with the evidence and every source, the
    axis-of-advance layer and a place-mentions layer (off by default).

    Parameters
    ----------
    events
        Events frame (``geo.frames.EVENT_COLUMNS``, EPSG:4326, ``Point(lon, lat)``).
    mentions
        Optional mentions frame (``geo.frames.MENTION_COLUMNS``) for the mentions layer.
    title
        Shown on the map and as the page title; defaults to "Events".

    Returns
    -------
    folium.Map
        Displays inline in Jupyter; ``.save()`` or :func:`write_map` writes it.

    Raises
    ------
    gazetteer.errors.InputError
        The frame misses required columns or has bad rows.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> ev = gpd.GeoDataFrame({"date": ["2017-09-05"], "event_type": ["Battles"]},
    ...                       geometry=[Point(40.14, 35.33)], crs="EPSG:4326")
    >>> m = render(ev, title="Deir ez-Zor")
    >>> "cdn.jsdelivr" in m.get_root().render()
    False
    """
    frame = normalise_events(events)
    ments = normalise_mentions(mentions) if mentions is not None else None
    payload = build_payload(frame, mentions=ments, title=title)
    m = folium.Map(tiles=None, location=_centre(frame), zoom_start=7, prefer_canvas=True,
                   control_scale=True)
    # Offline: drop folium's CDN links (Leaflet, jQuery, Bootstrap, fonts); ours are inlined.
    m.default_js = []
    m.default_css = []
    fig = m.get_root()
    fig.title = escape_text(title or "Events")
    fig.header.add_child(Element('<meta name="generator" content="conflictmap" />'),
                         name="generator")
    data = script_json(payload)
    _ConflictLayer(data).add_to(m)
    _number_elements(fig, hashlib.sha256(data.encode("utf-8")).hexdigest()[:20])
    log.info("map: %d events, %d date layers", payload["counts"]["events"],
             len(payload["buckets"]))
    return m


def _number_elements(root: Element, seed: str) -> None:
    """Give every element of the page an id from the data, not branca's random one, so the same
    events give a byte-identical map.html (the ids name the map's JavaScript variables)."""
    todo, n = [root], 0
    while todo:
        el = todo.pop(0)
        el._id = f"{seed}{n:012x}"
        n += 1
        todo += [part for part in (getattr(el, a, None) for a in ("header", "html", "script"))
                 if isinstance(part, Element)]
        todo += list(el._children.values())


def _centre(frame: gpd.GeoDataFrame) -> list[float]:
    if len(frame) == 0:
        return [0.0, 0.0]
    minx, miny, maxx, maxy = frame.total_bounds
    return [float((miny + maxy) / 2), float((minx + maxx) / 2)]


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, else what a new file gets (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_map(events: gpd.GeoDataFrame, path: str | os.PathLike[str], *,
              mentions: gpd.GeoDataFrame | None = None, title: str | None = None) -> Path:
    """Write the map as one self-contained HTML file, atomically.

    The page is written to a temporary file beside ``path`` and moved over it with
    ``os.replace``, so a reader never sees half a file.

    Parameters
    ----------
    events, mentions, title
        As for :func:`render`.
    path
        Output file; its folder is created if missing.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    html = render(events, mentions=mentions, title=title).get_root().render()
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        os.chmod(tmp, _file_mode(out))  # mkstemp makes 0600; a map is meant to be shared
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    log.info("wrote %s (%d bytes)", out, out.stat().st_size)
    return out
