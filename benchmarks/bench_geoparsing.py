"""Geoparsing benchmark: conflictmap's place finding and resolving on GeoWebNews and LGL.

Runs ``conflictmap build`` on the public benchmark files kept outside the repository
(``../shared/bench`` next to the checkout; never copy them in), converts ``mentions.geojson`` to the
scorer's prediction format, runs the benchmark's own ``score.py`` and prints a markdown table with
the published best end-to-end figure beside ours.

    .venv/bin/python benchmarks/bench_geoparsing.py --limit 20          # quick look
    .venv/bin/python benchmarks/bench_geoparsing.py --corpus lgl --dump-errors /tmp/lgl-errors.jsonl
    .venv/bin/python benchmarks/bench_geoparsing.py --corpus none --extra geovirus=GeoVirus.xml

``--extra NAME=FILE`` scores another gold corpus the same way: a JSONL file in the format of
``../shared/bench`` or the published XML of GeoVirus (``data/GeoVirus.xml``) or TR-News
(``data/Corpora/TR-News.xml``) from milangritta/Pragmatic-Guide-to-Geoparsing-Evaluation.

Exit code 0 when every corpus ran, 1 when a run failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

log = logging.getLogger("bench_geoparsing")

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BENCH_DIR = Path(__file__).resolve().parents[2] / "shared" / "bench"
CORPORA = {"geowebnews": "geowebnews.jsonl", "lgl": "lgl.jsonl"}
#: Best published end-to-end acc@161 (all gold names), recomputed with score.py (bench README).
PUBLISHED_BEST = {"geowebnews": (0.498, "Edinburgh Geoparser"), "lgl": (0.474, "Yahoo Placemaker")}
FAR_KM = 161.0
CONTEXT_CHARS = 60


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _anchor(text: str, name: str, start: int) -> int | None:
    """Where ``name`` lies in ``text``: at ``start``, one character before it (GeoVirus counts
    from 1), else at its nearest occurrence; None when the text does not hold it."""
    for s in (start, start - 1):
        if s >= 0 and text[s:s + len(name)] == name:
            return s
    hits = [i for i in range(len(text)) if text.startswith(name, i)]
    return min(hits, key=lambda i: abs(i - start)) if hits else None


def read_gold_xml(path: Path) -> list[dict]:
    """The GeoVirus or TR-News XML as gold documents in the JSONL format of ``../shared/bench``;
    names without coordinates become ``ignore_spans``."""
    docs = []
    for n, art in enumerate(ET.parse(path).getroot().iter("article"), 1):
        text = art.findtext("text") or ""
        doc = {"id": art.get("docid") or f"{path.stem}-{n:04d}", "text": text, "toponyms": [],
               "ignore_spans": []}
        for top in [*art.iter("location"), *art.iter("toponym")]:
            name = (top.findtext("name") if top.tag == "location" else top.findtext("phrase"))
            start = _anchor(text, (name or "").strip(), int(top.findtext("start") or -1))
            if not name or start is None:
                continue
            span = {"start": start, "end": start + len(name.strip())}
            lat, lon = top.findtext(".//lat"), top.findtext(".//lon")
            if lat and lon:
                doc["toponyms"].append({**span, "text": name.strip(), "lat": float(lat),
                                        "lon": float(lon)})
            else:
                doc["ignore_spans"].append(span)
        docs.append(doc)
    return docs


def conflictmap_command() -> list[str]:
    """The installed ``conflictmap`` script, or the module run with this interpreter."""
    exe = shutil.which("conflictmap")
    return [exe] if exe else [sys.executable, "-m", "geo.cli"]


def run_build(input_path: Path, out_dir: Path) -> tuple[int, float, str]:
    """Run ``conflictmap build INPUT -o OUT``; returns (exit code, seconds, stderr tail)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    cmd = [*conflictmap_command(), "build", str(input_path), "-o", str(out_dir)]
    log.info("running %s", " ".join(cmd))
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    return proc.returncode, time.perf_counter() - t0, proc.stderr[-2000:]


def geojson_to_pred(geojson_path: Path, doc_ids: list[str]) -> list[dict]:
    """``mentions.geojson`` as score.py PRED rows, one per gold document (empty when none found)."""
    by_doc: dict[str, list[dict]] = {d: [] for d in doc_ids}
    data = json.loads(geojson_path.read_text(encoding="utf-8"))
    for feat in data.get("features", []):
        props = feat.get("properties") or {}
        coords = (feat.get("geometry") or {}).get("coordinates") or [None, None]
        doc = str(props.get("doc_id"))
        by_doc.setdefault(doc, []).append({
            "start": int(props["start"]), "end": int(props["end"]), "text": props.get("text"),
            "lat": coords[1], "lon": coords[0],
        })
    return [{"id": d, "toponyms": sorted(t, key=lambda x: x["start"])} for d, t in by_doc.items()]


def offset_mismatches(gold_docs: list[dict], pred_rows: list[dict]) -> int:
    """Predictions whose ``text`` differs from the gold text at their offsets (misaligned input)."""
    texts = {d["id"]: d["text"] for d in gold_docs}
    bad = 0
    for row in pred_rows:
        text = texts.get(row["id"], "")
        for t in row["toponyms"]:
            if t.get("text") is not None and text[t["start"]:t["end"]] != t["text"]:
                bad += 1
    return bad


def load_scorer(bench_dir: Path):
    """The benchmark's score.py as a module (its matching and distance functions)."""
    spec = importlib.util.spec_from_file_location("bench_score", bench_dir / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_score(bench_dir: Path, gold: Path, pred: Path, out_json: Path) -> dict:
    """Run score.py (with its defaults) and return its JSON report."""
    cmd = [sys.executable, str(bench_dir / "score.py"), str(gold), str(pred),
           "--json", str(out_json)]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out_json.read_text(encoding="utf-8"))


def error_rows(corpus: str, gold_docs: list[dict], pred_rows: list[dict], scorer) -> list[dict]:
    """False positives, misses and far-off (> 161 km) resolutions, overlap matching as score.py."""
    preds = {r["id"]: r["toponyms"] for r in pred_rows}
    out = []

    def ctx(text: str, s: int, e: int) -> str:
        return (text[max(0, s - CONTEXT_CHARS):s] + "[[" + text[s:e] + "]]"
                + text[e:e + CONTEXT_CHARS]).replace("\n", " ")

    for doc in gold_docs:
        text, gold = doc["text"], doc.get("toponyms", [])
        ignore = doc.get("ignore_spans", [])
        pred = preds.get(doc["id"], [])
        pairs = scorer.match(gold, pred, "overlap")
        got_g = {i for i, _ in pairs}
        got_p = {j for _, j in pairs}
        for i, g in enumerate(gold):
            if i not in got_g:
                out.append({"corpus": corpus, "doc_id": doc["id"], "error": "miss",
                            "start": g["start"], "end": g["end"], "text": g["text"],
                            "gold_lat": g.get("lat"), "gold_lon": g.get("lon"),
                            "type": g.get("type") or g.get("feature_code"),
                            "context": ctx(text, g["start"], g["end"])})
        for j, p in enumerate(pred):
            if j in got_p or any(scorer.overlap(p, ig) > 0 for ig in ignore):
                continue
            out.append({"corpus": corpus, "doc_id": doc["id"], "error": "false_positive",
                        "start": p["start"], "end": p["end"], "text": text[p["start"]:p["end"]],
                        "pred_lat": p.get("lat"), "pred_lon": p.get("lon"),
                        "context": ctx(text, p["start"], p["end"])})
        for i, j in pairs:
            g, p = gold[i], pred[j]
            if not (scorer.has_coords(g) and scorer.has_coords(p)):
                continue
            km = scorer.haversine_km(float(g["lat"]), float(g["lon"]),
                                     float(p["lat"]), float(p["lon"]))
            if km > FAR_KM:
                out.append({"corpus": corpus, "doc_id": doc["id"], "error": "far", "km": round(km),
                            "start": g["start"], "end": g["end"], "text": g["text"],
                            "gold_lat": g["lat"], "gold_lon": g["lon"], "pred_lat": p["lat"],
                            "pred_lon": p["lon"], "context": ctx(text, g["start"], g["end"])})
    return out


def bench_corpus(corpus: str, bench_dir: Path, work: Path, *, limit: int | None,
                 src: Path | None = None) -> dict:
    """Build, convert and score one corpus; returns a summary dict (``error`` set on failure)."""
    src = src or bench_dir / CORPORA[corpus]
    gold_docs = read_gold_xml(src) if src.suffix == ".xml" else read_jsonl(src)
    gold_path = src
    if src.suffix == ".xml":
        gold_path = work / f"{corpus}.jsonl"
        write_jsonl(gold_path, gold_docs)
    if limit:
        gold_docs = gold_docs[:limit]
        gold_path = work / f"{corpus}-first{limit}.jsonl"
        write_jsonl(gold_path, gold_docs)
    out_dir = work / f"{corpus}-out"
    code, seconds, stderr = run_build(gold_path, out_dir)
    summary = {"corpus": corpus, "docs": len(gold_docs), "seconds": seconds, "exit": code,
               "gold_docs": gold_docs}
    geojson = out_dir / "mentions.geojson"
    if code not in (0, 1) or not geojson.exists():
        summary["error"] = f"conflictmap build exited {code}: {stderr.strip()[-500:]}"
        return summary
    pred_rows = geojson_to_pred(geojson, [d["id"] for d in gold_docs])
    pred_path = work / f"{corpus}-pred.jsonl"
    write_jsonl(pred_path, pred_rows)
    summary["pred_rows"] = pred_rows
    summary["misaligned"] = offset_mismatches(gold_docs, pred_rows)
    summary["report"] = run_score(bench_dir, gold_path, pred_path, work / f"{corpus}-score.json")
    return summary


def fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def table(summaries: list[dict]) -> str:
    lines = [
        "| corpus | docs | gold | predicted | P | R | F1 | acc@161 (matched) | acc@161 all "
        "| published best (acc@161 all) | seconds |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        best, who = PUBLISHED_BEST.get(s["corpus"], ("-", "not scored this way"))
        if "report" not in s:
            lines.append(f"| {s['corpus']} | {s['docs']} | - | - | - | - | - | - | failed "
                         f"| {best} ({who}) | {s['seconds']:.0f} |")
            continue
        rep = s["report"]
        m = rep["modes"]["overlap"]
        rec, res = m["recognition"], m["resolution_on_matched"]
        lines.append(
            f"| {s['corpus']} | {s['docs']} | {rep['gold_toponyms']} | {rep['predicted_toponyms']} "
            f"| {fmt(rec['precision'])} | {fmt(rec['recall'])} | {fmt(rec['f1'])} "
            f"| {fmt(res['acc@161km'])} | **{fmt(res['acc@161km_over_all_gold'])}** "
            f"| {best} ({who}) | {s['seconds']:.0f} |")
    lines.append("")
    lines.append("Overlap span matching. acc@161 all: correct within 161 km over all gold names "
                 "(missed = wrong). Other span modes, acc@161 all:")
    for s in summaries:
        if "report" in s:
            modes = s["report"]["modes"]
            lines.append(f"- {s['corpus']}: " + ", ".join(
                f"{name} {fmt(modes[name]['resolution_on_matched']['acc@161km_over_all_gold'])}"
                for name in ("exact", "overlap", "gritta")))
        if s.get("misaligned"):
            lines.append(f"- {s['corpus']}: WARNING {s['misaligned']} predicted spans do not match "
                         "the input text at their offsets (does the reader alter the text?)")
        if s.get("error"):
            lines.append(f"- {s['corpus']}: {s['error']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR,
                    help="folder with the benchmark JSONL files and score.py "
                         f"(default {DEFAULT_BENCH_DIR})")
    ap.add_argument("--corpus", choices=[*CORPORA, "all", "none"], default="all")
    ap.add_argument("--extra", action="append", default=[], metavar="NAME=FILE",
                    help="another gold corpus: JSONL as in the bench folder, or the GeoVirus / "
                         "TR-News XML (repeatable)")
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents only")
    ap.add_argument("--dump-errors", type=Path, metavar="FILE",
                    help="write misses, false positives and > 161 km resolutions here (JSON Lines)")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="keep the build outputs and prediction files in DIR (default: a temp dir)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s: %(message)s")
    if not (args.bench_dir / "score.py").exists():
        ap.error(f"no score.py in {args.bench_dir}; pass --bench-dir")
    corpora = {"all": list(CORPORA), "none": []}.get(args.corpus, [args.corpus])
    extra = dict(e.split("=", 1) for e in args.extra if "=" in e)
    if len(extra) < len(args.extra):
        ap.error("--extra takes NAME=FILE")
    with tempfile.TemporaryDirectory(prefix="bench-geoparsing-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        summaries = [bench_corpus(c, args.bench_dir, work, limit=args.limit) for c in corpora]
        summaries += [bench_corpus(name, args.bench_dir, work, limit=args.limit, src=Path(f))
                      for name, f in extra.items()]
    print(table(summaries))
    if args.dump_errors:
        scorer = load_scorer(args.bench_dir)
        rows = [r for s in summaries if "pred_rows" in s
                for r in error_rows(s["corpus"], s["gold_docs"], s["pred_rows"], scorer)]
        write_jsonl(args.dump_errors, rows)
        counts = {k: sum(1 for r in rows if r["error"] == k)
                  for k in ("miss", "false_positive", "far")}
        print(f"\nwrote {len(rows)} error rows to {args.dump_errors}: {counts}")
    return 0 if all("report" in s for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
