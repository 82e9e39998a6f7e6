"""The ``conflictmap`` command line: ``lookup``, ``build``, ``map``, ``export``.

Exit codes: 0 success, 1 the run finished but some input was skipped, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

log = logging.getLogger("conflictmap")


def _cmd_lookup(args: argparse.Namespace) -> int:
    from gazetteer import Gazetteer

    gaz = Gazetteer.load(extra=args.gazetteer)
    for name in args.names:
        cands = gaz.lookup(name, country=args.country, limit=args.limit)
        if args.json:
            print(json.dumps([c.as_dict() for c in cands], ensure_ascii=False))
            continue
        print(f"{name}:")
        if not cands:
            print("  (no match)")
        for c in cands:
            print(f"  {c.score:5.3f}  {c.name} [{c.kind}, {c.country}]  {c.lat:.5f}, {c.lon:.5f}"
                  f"  {c.id}  ({c.match}: {c.matched!r}; source: {c.place.source})")
    return 0


def _online_resolver(args: argparse.Namespace):
    """The resolver ``--online`` asks for, or None (offline, the default)."""
    if args.online is None:
        return None
    from gazetteer.errors import InputError
    from gazetteer.online import NominatimResolver

    try:
        return NominatimResolver.from_url(args.nominatim_url, user_agent=args.user_agent)
    except ValueError as exc:
        raise InputError(f"--nominatim-url: {exc}") from exc


def _cmd_build(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from geo.pipeline import default_title, run, write_outputs

    online = _online_resolver(args)
    # tqdm draws only on a terminal (disable=None); -q silences it everywhere.
    with tqdm(desc="documents", unit="doc", file=sys.stderr,
              disable=True if args.quiet else None) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        result = run(args.inputs, gazetteer_files=args.gazetteer, corrections=args.corrections,
                     progress=progress, online=online)
    for problem in result.problems:
        log.warning("%s", problem)
    title = args.title or default_title(args.inputs, result)
    written = write_outputs(result, args.output, map_html=not args.no_map, title=title)
    counts = result.summary()
    if not args.quiet:
        print(f"conflictmap build summary: {title}", file=sys.stderr)
        for key, value in counts.items():
            print(f"  {key:<11} {value:>7}", file=sys.stderr)
        print(f"  outputs     {args.output}/ ({', '.join(sorted(written))})", file=sys.stderr)
    return 1 if counts["skipped"] else 0


def _cmd_export(args: argparse.Namespace) -> int:
    from maps.export import export_events, read_events_file

    events = read_events_file(args.events_file)
    try:
        out = export_events(events, args.output, format=args.format)
    except OSError as exc:
        print(f"conflictmap: error: cannot write {args.output}: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"wrote {len(events)} events to {out}")
    return 0


def _cmd_map(args: argparse.Namespace) -> int:
    from maps.io import read_events, read_mentions
    from maps.render import write_map

    events = read_events(args.events_file)
    mentions = read_mentions(args.mentions) if args.mentions else None
    try:
        out = write_map(events, args.output, mentions=mentions, title=args.title)
    except OSError as exc:
        print(f"conflictmap: error: cannot write {args.output}: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"wrote a map of {len(events)} events to {out}")
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="conflictmap",
        description="Turn conflict news into a dated, evidenced map of events.",
    )
    p.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    p.add_argument("-q", "--quiet", action="store_true", help="only errors")
    sub = p.add_subparsers(dest="command", required=True)

    lk = sub.add_parser(
        "lookup", help="resolve place names with the offline gazetteer",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  conflictmap lookup 'Deir al-Zour' 'Abu Kamal' --country SY\n"
               "  conflictmap lookup 'Deir ez-Zor air base' --json",
    )
    lk.add_argument("names", nargs="+", metavar="NAME")
    lk.add_argument("--country", help="ISO 3166-1 alpha-2 code, e.g. SY")
    lk.add_argument("--json", action="store_true", help="JSON Lines: one array per NAME")
    lk.add_argument("--limit", type=int, default=5, help="candidates per name (default 5)")
    lk.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                    help="extra places: curated-format CSV or GeoNames dump (repeatable)")
    lk.set_defaults(func=_cmd_lookup)

    bd = sub.add_parser(
        "build", help="articles -> events.geojson, events.csv, mentions.geojson, map.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  conflictmap build geo/data/sample/deir-ez-zor-2017 -o out/sample\n"
               "  conflictmap build articles.jsonl more/ -o out --gazetteer my_places.csv\n"
               "  CONFLICTMAP_USER_AGENT='me@example.org' conflictmap build in/ -o out "
               "--online nominatim\n\n"
               "online fallback (off by default; queries leave the machine when on):\n"
               "  --online nominatim looks up the names the offline gazetteer lacks (those\n"
               "  that would go to unresolved.csv) on Nominatim/OpenStreetMap, one request a\n"
               "  second, answers cached in ~/.cache/conflictmap/nominatim. Their places have\n"
               "  ids nominatim:<osm type>/<osm id> and lower scores, and their events say\n"
               "  'place online' in notes. If the server fails, a warning says so and the\n"
               "  build goes on offline.\n\n"
               "exit codes: 0 all input read, 1 some input skipped (see the warnings), "
               "2 usage or fatal input error",
    )
    bd.add_argument("inputs", nargs="+", metavar="INPUT",
                    help=".txt/.md/.html/.json/.jsonl files or directories of them")
    bd.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    bd.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                    help="extra places: curated-format CSV or GeoNames dump (repeatable)")
    bd.add_argument("--corrections", metavar="FILE",
                    help="an analyst's corrections CSV applied to mentions and events")
    bd.add_argument("--no-map", action="store_true", help="do not write map.html")
    bd.add_argument("--title", help="map title (default: the corpus name and its date range)")
    bd.add_argument("--online", choices=["nominatim"],
                    help="look up names the gazetteer lacks online (default: offline only)")
    bd.add_argument("--nominatim-url", default="https://nominatim.openstreetmap.org",
                    metavar="URL", help="Nominatim server, e.g. a self-hosted "
                    "http://localhost:8080 (default: %(default)s)")
    bd.add_argument("--user-agent", metavar="TEXT",
                    help="user agent for online lookups (default: $CONFLICTMAP_USER_AGENT, "
                    "else conflictmap/<version>); Nominatim asks that it identify you")
    bd.set_defaults(func=_cmd_build)

    ex = sub.add_parser(
        "export", help="convert an events file to GeoJSON, CSV, GeoPackage, GeoParquet or KML",
        description="Convert an events file (e.g. the events.geojson that build writes) to\n"
                    "another format. CSV uses ACLED column names where ACLED has the field;\n"
                    "KML is for Google Earth.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  conflictmap export out/events.geojson -o events.csv\n"
               "  conflictmap export out/events.geojson -o events.kml\n"
               "  conflictmap export out/events.geojson -o events.data --format parquet",
    )
    ex.add_argument("events_file", metavar="EVENTS_FILE",
                    help="events file: .geojson, .csv, .gpkg, .parquet or .kml")
    ex.add_argument("-o", "--output", required=True, metavar="OUT",
                    help="file to write (replaced atomically if it exists)")
    ex.add_argument("--format", choices=["geojson", "csv", "gpkg", "parquet", "kml"],
                    help="output format (default: from the suffix of OUT)")
    ex.set_defaults(func=_cmd_export)

    mp = sub.add_parser(
        "map", help="render an events file as one offline HTML map",
        description="Render an events GeoJSON (as build writes it, or corrected by hand) as one\n"
                    "self-contained HTML file: date layers, a time slider, evidence in every\n"
                    "popup. It opens offline; OpenStreetMap tiles are an optional layer.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  conflictmap map out/sample/events.geojson -o map.html\n"
               "  conflictmap map events.geojson -o map.html --mentions mentions.geojson "
               "--title 'Deir ez-Zor, autumn 2017'",
    )
    mp.add_argument("events_file", metavar="EVENTS.geojson",
                    help="events file: .geojson, or .csv, .gpkg, .parquet, .kml from export")
    mp.add_argument("-o", "--output", required=True, metavar="OUT.html",
                    help="HTML file to write (replaced atomically if it exists)")
    mp.add_argument("--mentions", metavar="MENTIONS.geojson",
                    help="place mentions GeoJSON for the mentions layer (off by default)")
    mp.add_argument("--title", help="map title (default: Events)")
    mp.set_defaults(func=_cmd_map)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.ERROR if args.quiet else (logging.DEBUG if args.verbose > 1 else
                                              logging.INFO if args.verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s")
    if not args.verbose:  # geopy logs each retry with a traceback; our warning says enough
        logging.getLogger("geopy").setLevel(logging.ERROR)
    from gazetteer.errors import ConflictmapError

    try:
        return args.func(args)
    except ConflictmapError as exc:
        print(f"conflictmap: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
