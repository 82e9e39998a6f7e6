"""Regenerate gazetteer/data/aliases.csv: extra names news gives places of the other sources.

Not imported by the package. Source: the ``us`` package (python-us, the unitedstates project's
US state metadata), whose ``ap_abbr`` is each state's abbreviation in AP style ("Ga.", "Calif.",
"W.Va."), as US news writes them after a town ("Macon, Ga."); "D.C." names Washington the city.
A one-word abbreviation is matched only with its dot ("Miss." not "Miss"); the few that are not
English words (not in geo/data/common_words.txt) are also kept without it ("Tenn", "Okla").
Also the English names news uses for a few areas (``NEWS_NAMES``, each with its source).

    .venv/bin/pip install us && .venv/bin/python scripts/make_aliases.py
"""

from __future__ import annotations

import csv
import importlib.metadata
from pathlib import Path

import us

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "gazetteer" / "data" / "aliases.csv"
WASHINGTON_CITY = "geonames:4140963"  # GeoNames: Washington, D.C., the city (PPLC)
# English names news uses for areas whose GeoNames names are the official ones.
NEWS_NAMES = [
    ("admin1:MM.05", "Karen State", "https://en.wikipedia.org/wiki/Kayin_State (also Karen State)"),
    ("admin1:MM.06", "Karenni State",
     "https://en.wikipedia.org/wiki/Kayah_State (also Karenni State)"),
    ("admin1:MM.01", "Arakan State",
     "https://en.wikipedia.org/wiki/Rakhine_State (formerly Arakan State)"),
    ("admin1:MM.01", "Arakan",
     "https://en.wikipedia.org/wiki/Rakhine_State (formerly Arakan State)"),
]


def main() -> None:
    words = {w.split()[0] for w in (ROOT / "geo" / "data" / "common_words.txt")
             .read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")}
    source = f"us {importlib.metadata.version('us')} State.ap_abbr (AP style)"
    rows = []
    for state in us.states.STATES:
        ab = state.ap_abbr
        if not ab or ab == state.name:  # AP spells out Alaska, Hawaii, Idaho, Iowa ...
            continue
        place = f"admin1:US.{state.abbr}"
        rows.append((place, ab, source))
        bare = ab.rstrip(".")
        if "." not in bare and bare.lower() not in words:
            rows.append((place, bare, source + ", without its dot"))
    dc = us.states.DC
    for alias in (dc.ap_abbr, f"Washington, {dc.ap_abbr}", f"Washington {dc.ap_abbr}"):
        rows.append((WASHINGTON_CITY, alias, f"{source} of {dc.name}: the city"))
    rows += NEWS_NAMES
    with OUT.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "alias", "source"])
        w.writerows(sorted(rows))
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
