"""Pipeline speed: articles per second on one core and peak memory, side by side with ``geotext``.

Builds a corpus of ``--docs`` articles by replicating and perturbing the sample articles in
``geo/data/sample/deir-ez-zor-2017`` (fixed seed: paragraphs and sentences shuffled, place names
swapped among real Syrian, Iraqi and Ukrainian places, dates shifted), writes it as JSONL files
of 1,000 articles (under the reader's per-file size limit) in a temporary directory, then times,
each in a fresh worker process pinned to one CPU:

* the default pipeline (`geo.pipeline.run`'s stages: ingest, mentions, dates, events, fuse), each
  stage separately and in total; the one-off set-up (gazetteer load, `MentionFinder` and the
  lazily compiled lexicons) is reported apart and not counted;
* ``geotext`` (``GeoText(text)``: cities, countries, nationalities by a capitalised-word regex
  and a dictionary lookup, no resolution) over the same texts.

The systems alternate (pipeline, geotext, pipeline, ...) so that load on a shared machine hits
both alike; each figure is the median of ``--repeat`` runs. Wall-clock and CPU time are both
reported: on a busy machine the CPU-time rate is the steadier one. Peak memory is the worker's
``ru_maxrss``, total and above the set-up.

    .venv/bin/python benchmarks/bench_pipeline.py --docs 1000          # quick look
    .venv/bin/python benchmarks/bench_pipeline.py                      # 10,000 documents, 3 runs
    git worktree add /tmp/before <commit>                              # before/after, same run:
    .venv/bin/python benchmarks/bench_pipeline.py --baseline /tmp/before

With ``--baseline`` the other checkout's pipeline worker is timed too, alternating with this one
on the same corpus, and a before/after table of per-stage CPU ms/article follows the report.

Needs the ``bench`` extra (``pip install -e .[bench]``) for geotext; without it geotext is skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

log = logging.getLogger("bench_pipeline")

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "geo" / "data" / "sample" / "deir-ez-zor-2017"
STAGES = ("ingest", "mentions", "dates", "events", "fuse")
SEED = 20170905

#: Names in the sample articles that get swapped (longest first, so "Deir al-Zour" goes whole).
SOURCE_PLACES = (
    "Deir al-Zour", "Deir ez-Zor", "Deir Ezzor", "Damascus", "Raqqa", "Aleppo", "Idlib", "Homs",
    "Abu Kamal", "Abu-Kamal", "Al-Mayadeen", "al-Sukhnah", "Hasakah", "Mosul", "Sochi",
)
#: Real places of the wars the tool is for; the swaps draw from these.
TARGET_PLACES = (
    # Syria
    "Aleppo", "Idlib", "Hama", "Homs", "Raqqa", "Palmyra", "Mayadin", "Albu Kamal", "Hasakah",
    "Qamishli", "Daraa", "Latakia", "Tartus", "Manbij", "Kobani", "Afrin", "Tabqa", "Douma",
    "Deir ez-Zor", "Damascus", "Jisr al-Shughur", "Maarat al-Numan", "Khan Shaykhun", "Suwayda",
    # Iraq
    "Mosul", "Tikrit", "Fallujah", "Ramadi", "Kirkuk", "Erbil", "Baghdad", "Basra", "Samarra",
    "Tal Afar", "Baiji", "Haditha", "Qaim", "Sinjar", "Hit", "Baqubah",
    # Ukraine
    "Bakhmut", "Avdiivka", "Kharkiv", "Kherson", "Mariupol", "Donetsk", "Luhansk", "Zaporizhzhia",
    "Kramatorsk", "Sloviansk", "Izium", "Lysychansk", "Severodonetsk", "Kupiansk", "Vuhledar",
    "Mykolaiv", "Odesa", "Chernihiv", "Sumy", "Pokrovsk",
)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_LONG_DATE = re.compile(
    r"\b(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+)?"
    r"(?P<month>" + "|".join(_MONTHS) + r")\s+(?P<day>\d{1,2})\b(?:,\s+(?P<year>\d{4}))?")
_DAY_MON_YEAR = re.compile(r"\b(?P<day>\d{1,2}) (?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|"
                           r"Nov|Dec), (?P<year>\d{4})\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


# -- corpus -----------------------------------------------------------------------------------
def load_sample() -> list[dict]:
    """The sample articles as JSONL-style records (manifest metadata plus ``text``)."""
    records = []
    with open(SAMPLE / "manifest.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                meta = json.loads(line)
                meta["text"] = (SAMPLE / meta.pop("file")).read_text(encoding="utf-8")
                records.append(meta)
    return records


def _shift_dates(text: str, shift: dt.timedelta, year: int) -> str:
    def long_date(m: re.Match[str]) -> str:
        y = int(m.group("year") or year)
        try:
            d = dt.date(y, _MONTHS.index(m.group("month")) + 1, int(m.group("day"))) + shift
        except ValueError:
            return m.group()
        out = f"{_MONTHS[d.month - 1]} {d.day}"
        if m.group("year"):
            out += f", {d.year}"
        if m.group("wd"):
            out = f"{_WEEKDAYS[d.weekday()]}, {out}"
        return out

    def day_mon_year(m: re.Match[str]) -> str:
        mon = [x[:3] for x in _MONTHS].index(m.group("mon")) + 1
        try:
            d = dt.date(int(m.group("year")), mon, int(m.group("day"))) + shift
        except ValueError:
            return m.group()
        return f"{d.day} {_MONTHS[d.month - 1][:3]}, {d.year}"

    return _DAY_MON_YEAR.sub(day_mon_year, _LONG_DATE.sub(long_date, text))


def perturb(record: dict, rng: random.Random, i: int) -> dict:
    """One synthetic article from a sample record: shuffled, places swapped, dates shifted."""
    text = record["text"]
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    # Prose paragraphs change places among themselves; the dateline, title and site boilerplate
    # (short lines, widget credits, link lists) stay where they were.
    tail = next((k for k, p in enumerate(paragraphs) if k > 2 and len(p.strip()) < 40),
                len(paragraphs))
    prose = [k for k, p in enumerate(paragraphs[:tail])
             if k >= 2 and len(p) >= 120 and p.rstrip()[-1] in ".!?\"”"]
    moved = [paragraphs[k] for k in prose]
    rng.shuffle(moved)
    for k, p in zip(prose, moved, strict=True):
        if rng.random() < 0.3:
            sentences = _SENTENCE_END.split(p.strip())
            rng.shuffle(sentences)
            p = " ".join(sentences)
        paragraphs[k] = p
    text = "\n\n".join(paragraphs) + "\n"
    swaps = {name: rng.choice(TARGET_PLACES) for name in SOURCE_PLACES if rng.random() < 0.7}
    if swaps:
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(swaps, key=len,
                                                                        reverse=True))) + r")\b")
        text = pattern.sub(lambda m: swaps[m.group()], text)
    shift = dt.timedelta(days=rng.randint(-900, 900))
    published = record.get("published")
    base_year = int(published[:4]) if published else 2017
    text = _shift_dates(text, shift, base_year)
    out = {"id": f"bench-{i:06d}", "text": text}
    if published:
        out["published"] = (dt.date.fromisoformat(published) + shift).isoformat()
    for key in ("source", "url"):
        if record.get(key):
            out[key] = record[key]
    return out


SHARD = 1000  # articles per JSONL file


def build_corpus(n: int, folder: Path, *, seed: int = SEED) -> int:
    """Write ``n`` perturbed articles as JSONL files in ``folder``; returns the characters."""
    rng = random.Random(seed)
    sample = load_sample()
    chars = 0
    folder.mkdir(parents=True, exist_ok=True)
    for first in range(0, n, SHARD):
        with open(folder / f"corpus-{first // SHARD:04d}.jsonl", "w", encoding="utf-8") as f:
            for i in range(first, min(n, first + SHARD)):
                rec = perturb(sample[i % len(sample)], rng, i)
                chars += len(rec["text"])
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return chars


# -- workers (one fresh process per measurement) ----------------------------------------------
def _pin_one_core() -> str:
    """Pin this process to one CPU (what ``taskset -c N`` does)."""
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[0]})
        return f"cpu {cpus[0]}"
    return "unpinned"


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


class _Clock:
    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        out = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return out


def worker_pipeline(corpus: Path) -> dict:
    """The default pipeline's stages over the corpus, timed one by one."""
    sys.path.insert(0, str(REPO))
    pinned = _pin_one_core()
    clock = _Clock()
    from gazetteer import Gazetteer
    from geo.dates import find_dates
    from geo.events import extract_events
    from geo.fuse import merge_events
    from geo.ingest import read_documents
    from geo.mentions import MentionFinder

    imports = clock.lap()
    gazetteer = Gazetteer.load()
    finder = MentionFinder(gazetteer)  # reads the gazetteer's name keys
    gaz = clock.lap()
    # Warm the lazily compiled lexicons (triggers, actors, date patterns) on the sample articles.
    for doc in read_documents([SAMPLE])[0]:
        ms = [m for m in finder.find(doc) if m.place is not None]
        extract_events(doc, ms, find_dates(doc.text, doc.published, doc_id=doc.id,
                                           spans=doc.body or None))
    warm = clock.lap()
    setup_rss = _maxrss_mb()

    times = {}
    documents, problems = read_documents([corpus])
    times["ingest"] = clock.lap()
    mentions = [finder.find(doc) for doc in documents]
    times["mentions"] = clock.lap()
    dates = [find_dates(doc.text, doc.published, doc_id=doc.id, spans=doc.body or None)
             for doc in documents]
    times["dates"] = clock.lap()
    raw = []
    for doc, ms, ds in zip(documents, mentions, dates, strict=True):
        raw += extract_events(doc, [m for m in ms if m.place is not None], ds)
    times["events"] = clock.lap()
    events = merge_events(raw)
    times["fuse"] = clock.lap()
    return {
        "pinned": pinned, "docs": len(documents), "problems": len(problems),
        "imports": imports, "gazetteer_load": gaz, "warm_up": warm, "stages": times,
        "setup_rss_mb": setup_rss, "peak_rss_mb": _maxrss_mb(),
        "counts": {"mentions": sum(len(m) for m in mentions),
                   "resolved": sum(1 for ms in mentions for m in ms if m.place is not None),
                   "dates": sum(len(d) for d in dates), "raw_events": len(raw),
                   "events": len(events)},
    }


def worker_geotext(corpus: Path) -> dict:
    """geotext over the same texts (read from the JSONL with `json`, not timed as a stage)."""
    pinned = _pin_one_core()
    clock = _Clock()
    from geotext import GeoText  # builds its city/country index at import

    setup = clock.lap()
    texts = []
    for path in sorted(corpus.glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    read = clock.lap()
    setup_rss = _maxrss_mb()
    places = 0
    for text in texts:
        g = GeoText(text)
        places += len(g.cities) + len(g.countries)
    extract = clock.lap()
    return {"pinned": pinned, "docs": len(texts), "setup": setup, "read": read,
            "stages": {"geotext": extract}, "setup_rss_mb": setup_rss,
            "peak_rss_mb": _maxrss_mb(), "counts": {"places": places}}


def _run_worker(kind: str, corpus: Path, repo: Path = REPO) -> dict:
    """One measurement in a fresh process; ``repo`` is the checkout whose code is timed."""
    script = repo / "benchmarks" / "bench_pipeline.py"
    cmd = [sys.executable, str(script), "--worker", kind, "--corpus", str(corpus)]
    env = dict(os.environ, PYTHONPATH=str(repo), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- report -----------------------------------------------------------------------------------
def machine_notes() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return [f"nproc: {os.cpu_count()}", f"CPU: {model}",
            f"Python: {platform.python_version()} ({platform.python_implementation()})",
            f"platform: {platform.platform()}", f"load average at start: {load}"]


def _med(values: list[float]) -> float:
    return statistics.median(values)


def report(runs: dict[str, list[dict]], n_docs: int, chars: int, repeat: int) -> str:
    lines = [f"## Pipeline speed: {n_docs:,} documents ({chars / n_docs:,.0f} characters each on "
             f"average), one core, median of {repeat}", ""]
    lines += [f"- {note}" for note in machine_notes()]
    pipe = runs["pipeline"]
    lines += [f"- pinned: {pipe[0]['pinned']}", ""]
    lines += ["| stage | ms/article (wall) | ms/article (CPU) | articles/s (wall) | "
              "articles/s (CPU) |", "|---|---:|---:|---:|---:|"]

    def row(name: str, wall: float, cpu: float) -> str:
        def rate(t: float) -> str:
            return f"{n_docs / t:,.0f}" if t > 0 else "inf"

        return (f"| {name} | {1000 * wall / n_docs:.3f} | {1000 * cpu / n_docs:.3f} | "
                f"{rate(wall)} | {rate(cpu)} |")

    totals_w = [sum(r["stages"][s][0] for s in STAGES) for r in pipe]
    totals_c = [sum(r["stages"][s][1] for s in STAGES) for r in pipe]
    for s in STAGES:
        lines.append(row(s, _med([r["stages"][s][0] for r in pipe]),
                         _med([r["stages"][s][1] for r in pipe])))
    rest = [s for s in STAGES if s != "mentions"]
    lines.append(row("pipeline without mentions", _med([sum(r["stages"][s][0] for s in rest)
                                                         for r in pipe]),
                     _med([sum(r["stages"][s][1] for s in rest) for r in pipe])))
    tw, tc = _med(totals_w), _med(totals_c)
    lines.append(row("**pipeline total**", tw, tc))
    geo = runs.get("geotext") or []
    if geo:
        gw = _med([r["stages"]["geotext"][0] for r in geo])
        gc = _med([r["stages"]["geotext"][1] for r in geo])
        lines.append(row("geotext (`GeoText(text)`)", gw, gc))
    lines.append("")
    lines += ["| | pipeline | geotext |", "|---|---:|---:|"]
    gaz = _med([r["gazetteer_load"][0] for r in pipe])  # index + name keys
    warm = _med([r["warm_up"][0] for r in pipe])
    imp = _med([r["imports"][0] for r in pipe])
    gsetup = f"{_med([r['setup'][0] for r in geo]):.2f} s (import)" if geo else "-"
    lines.append(f"| one-off set-up, timed apart and not in articles/s | imports {imp:.2f} s, "
                 f"gazetteer load {gaz:.2f} s,"
                 f" lexicon warm-up {warm:.2f} s | {gsetup} |")
    g_rss = (f"{_med([r['setup_rss_mb'] for r in geo]):.0f} / "
             f"{_med([r['peak_rss_mb'] for r in geo]):.0f}") if geo else "-"
    lines.append(f"| RSS after set-up / peak (MB) | {_med([r['setup_rss_mb'] for r in pipe]):.0f}"
                 f" / {_med([r['peak_rss_mb'] for r in pipe]):.0f} | {g_rss} |")
    c = pipe[0]["counts"]
    g_found = f"{geo[0]['counts']['places']:,} places" if geo else "-"
    lines.append(f"| output | {c['resolved']:,} resolved of {c['mentions']:,} mentions, "
                 f"{c['dates']:,} dates, {c['raw_events']:,} events -> {c['events']:,} merged | "
                 f"{g_found} |")
    if geo:
        mw = _med([r["stages"]["mentions"][0] for r in pipe])
        mw = _med([r["stages"]["mentions"][0] for r in pipe])
        mc = _med([r["stages"]["mentions"][1] for r in pipe])
        lines += ["", f"Time per article relative to geotext: whole pipeline {tw / gw:.1f}x "
                  f"(CPU {tc / gc:.1f}x), mentions stage alone {mw / gw:.1f}x (CPU {mc / gc:.1f}x)."
                  " geotext only looks capitalised words up in a city/country list; the pipeline "
                  "also resolves every name with context, finds dates and extracts events."]
    goal = n_docs / tc if tc else float("inf")
    lines += ["", f"Goal 1,000 articles/s on one core: {'met' if goal >= 1000 else 'not met'} "
              f"({goal:,.0f} articles/s by CPU time, {n_docs / tw:,.0f} by wall clock)."]
    return "\n".join(lines)


def compare(runs: dict[str, list[dict]], n_docs: int, baseline: Path) -> str:
    """Per-stage CPU ms/article of the baseline checkout and of this one, measured alternately."""
    lines = [f"### Before/after: `{baseline}` (before) vs this checkout (after), CPU ms/article, "
             "medians", "", "| stage | before | after | speed-up |", "|---|---:|---:|---:|"]
    rest = [s for s in STAGES if s != "mentions"]
    groups = [(s, [s]) for s in STAGES] + [("pipeline without mentions", rest),
                                           ("**pipeline total**", list(STAGES))]
    for name, stages in groups:
        before, after = (1000 * _med([sum(r["stages"][s][1] for s in stages) for r in runs[k]])
                         / n_docs for k in ("baseline", "pipeline"))
        lines.append(f"| {name} | {before:.3f} | {after:.3f} | "
                     f"{before / after if after else float('inf'):.2f}x |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="corpus size (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per system (median reported)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-geotext", action="store_true", help="time the pipeline only")
    parser.add_argument("--keep", type=Path, help="also copy the corpus JSONL files to this folder")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also time the pipeline of another checkout (e.g. `git worktree add "
                             "DIR <commit>`), alternating with this one, for before/after ratios")
    parser.add_argument("--worker", choices=("pipeline", "geotext"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if args.worker:
        logging.getLogger().setLevel(logging.ERROR)
        fn = worker_pipeline if args.worker == "pipeline" else worker_geotext
        print(json.dumps(fn(args.corpus)))
        return 0

    systems = ["pipeline"]
    if args.baseline:
        systems.append("baseline")
    if not args.no_geotext:
        try:
            import geotext  # noqa: F401
            systems.append("geotext")
        except ImportError:
            log.warning("geotext is not installed (pip install -e .[bench]): skipped")
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        corpus = Path(tmp) / "corpus"
        chars = build_corpus(args.docs, corpus, seed=args.seed)
        if args.keep:
            shutil.copytree(corpus, args.keep, dirs_exist_ok=True)
        log.info("corpus: %s documents, %s characters -> %s", args.docs, chars, corpus)
        runs: dict[str, list[dict]] = {s: [] for s in systems}
        for k in range(args.repeat):
            for s in systems:
                r = (_run_worker("pipeline", corpus, args.baseline.resolve()) if s == "baseline"
                     else _run_worker(s, corpus))
                if r["docs"] != args.docs:
                    raise SystemExit(f"{s} read {r['docs']} of {args.docs} documents")
                runs[s].append(r)
                total = sum(t[1] for t in r["stages"].values())
                log.info("run %d %s: %.2f s CPU, %.1f ms/article", k + 1, s, total,
                         1000 * total / r["docs"])
    print(report(runs, args.docs, chars, args.repeat))
    if args.baseline:
        print("\n" + compare(runs, args.docs, args.baseline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
