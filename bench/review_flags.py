"""Review flags as a classifier (issue 17 point 4): is a page that reads poorly flagged, and is a page
that reads well left alone? On the shape benches' pages, in one run.

    .venv/bin/python bench/review_flags.py [--procs 2] [--sets shapes,fresh,probe,eval,garbage]
                                           [--every 2] [--thin 1] [--json FILE] [--list] [--pages DIR]
                                           [--cached-only]

Pages, generated at run time by the other benches' builders (nothing binary committed):
  - shapes: bench/ocr_shapes.py's pages, default kinds and the table kinds (tests/pageshapes.py,
    tests/tableshapes.py; one seed): the upright pages of every ``--every``-th font of each part, the
    turned pages of every 2 x ``--every``-th;
  - fresh:  bench/ocr_shapes_fresh.py's fresh part (tests/freshshapes.py), pages chosen the same way;
  - probe:  bench/ocr_shapes_probe.py's bold pages (book spread with a gutter, fax, one title line, ...);
  - eval:   bench/ocr_eval's degraded pages (30-page set, seed 2026: 150-300 dpi, blur, skew, noise);
  - garbage: readings that *must* be flagged: turned pages of the sets above read with orientation
    off (``OcrOptions(orientation=False)``: upside down or sideways, as a wrong turn leaves them) and
    upright Devanagari pages read by the wrong language (``lang=eng``, routing off: Latin gibberish).
    Every ``--every``-th of each.
Parts: **tune** (tests/pageshapes.py's tuning fonts, the probe's Noto Sans Bold and Annapurna Bold)
is what the flag rules were looked at on; **held-out** (pageshapes' held-out fonts, the probe's Noto
Serif Bold, the fresh part, the eval set) was not, and is reported apart.

A reading is **poor** when it loses the page for search or is much worse than plain Tesseract:
CER over 25 % *and* under 75 % of the reference's words (4+ characters) found, or CER over 10 % and
more than twice plain Tesseract's edits (``tesseract PAGE out -l Devanagari+eng txt``). The words-found
part keeps a page whose words are all there but read in another order (a statement of figures read
column by column, ruled paper read twice per line: both pipelines alike) from counting as poor.
A turned page read with orientation off counts as poor whatever its text (Tesseract reads some pages
turned 90 well enough, but the page is kept sideways: it needs an operator).
A page is **flagged** when its flag is set (needs_review or needs_rescan). Printed: per set and kind,
pages, poor, flagged, poor and flagged (caught), poor and not flagged (missed), flagged and not poor
(false flags); per reason the same for the pages whose reasons name it; with ``--list`` every missed
or false flag with its reasons.

Readings are cached in bench/out/review_flags/cache, keyed by the page image, the pipeline and (for
Sanchika's) the source of the ocr and domain packages: a rerun of unchanged code reads nothing again.
These are generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_quality import _init, run_task  # noqa: E402
from bench.ocr_shapes import _distance  # noqa: E402
from bench.ocr_shapes_probe import _found  # noqa: E402

CACHE = REPO / "bench" / "out" / "review_flags" / "cache"
NOTURN, WRONG_LANG = "sanchika:orientation=0", "sanchika:lang=eng,lang_routing=0"
BUILDERS = ("tests/pagegen.py", "tests/pageshapes.py", "tests/tableshapes.py", "tests/freshshapes.py", "bench/ocr_shapes.py",
            "bench/ocr_shapes_fresh.py", "bench/ocr_shapes_probe.py", "bench/ocr_eval/generate.py")
REASONS = (("unreadable", "unreadable"), ("low resolution", "resolution"), ("low contrast", "contrast"),
           ("blurred strokes", "blur"), ("skew", "skew"), ("OCR confidence", "confidence"), ("no words", "no words"),
           ("Devanagari text not read", "devanagari"))


def _shapes(out: Path, every: int) -> list[dict]:
    from bench import ocr_shapes
    from tests import pageshapes

    kinds = [*pageshapes.KINDS, *pageshapes.TABLE_KINDS]
    fonts = {f: i for fs in (pageshapes.TUNE_FONTS, pageshapes.HELD_OUT_FONTS) for i, f in enumerate(fs)}
    pages = ocr_shapes.make_pages(out, 1, kinds)
    return [{**p, "set": "shapes", "dpi": 300, "font": _font_of(p["name"], fonts)}
            for p in pages if fonts[_font_of(p["name"], fonts)] % (every if p["turn"] == 0 else 2 * every) == 0]


def _font_of(name: str, fonts: dict[str, int]) -> str:
    return next(f for f in fonts if f"-{f}-" in name)


def _fresh(out: Path, every: int) -> list[dict]:
    from bench import ocr_shapes_fresh
    from tests import freshshapes

    fonts = {f: i for i, f in enumerate(freshshapes.FRESH_FONTS)}
    pages = ocr_shapes_fresh.make_pages(out, ["fresh"], list(freshshapes.KINDS))
    return [{**p, "set": "fresh", "part": "held-out", "font": _font_of(p["name"], fonts)}
            for p in pages if fonts[_font_of(p["name"], fonts)] % (every if p["turn"] == 0 else 2 * every) == 0]


def _probe(out: Path) -> list[dict]:
    from bench import ocr_shapes_probe

    return [{**p, "set": "probe", "part": "held-out" if p["font"] == "notoserif-b" else "tune", "reference": p["text"],
             "name": Path(p["png"]).stem} for p in ocr_shapes_probe.make_pages(out)]


def _eval(folder: Path) -> list[dict]:
    from bench.ocr_eval import generate

    pages = []
    for spec in generate.generate(folder, 30, 2026):
        if spec["degraded"]:
            pages.append({"set": "eval", "part": "held-out", "kind": spec["kind"], "name": spec["name"],
                          "png": str(folder / f"{spec['name']}.png"), "dpi": spec["dpi"], "turn": spec["turn"],
                          "font": spec["font"], "reference": (folder / f"{spec['name']}.gt.txt").read_text("utf-8")})
    return pages


def _garbage(pages: list[dict], every: int) -> list[dict]:
    """Readings that must be flagged: turned pages read as scanned, Devanagari pages read by ``eng``."""
    turned = [p for p in pages if p["turn"] and p["set"] != "eval"][::every]
    hindi = [p for p in pages if not p["turn"] and p["set"] != "eval" and p["kind"] not in ("engletter", "ledger")][::every]
    return ([{**p, "set": "garbage", "kind": f"turned {p['turn']}", "pipeline": NOTURN} for p in turned]
            + [{**p, "set": "garbage", "kind": "wrong language", "pipeline": WRONG_LANG} for p in hindi])


def make_pages(out: Path, sets: list[str], every: int) -> list[dict]:
    """The pages of ``sets``, written into ``out`` by the benches' builders; kept in ``out`` with a list
    of them while the builders' source is unchanged (writing them all takes minutes)."""
    made = out / f"pages-{_code_hash(BUILDERS)}-{'-'.join(sets)}-{every}.json"
    if made.exists():
        return list(json.loads(made.read_text("utf-8")))
    for folder in ("shapes", "fresh"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    pages: list[dict] = []
    for name, build in (("shapes", lambda: _shapes(out / "shapes", every)), ("fresh", lambda: _fresh(out / "fresh", every)),
                        ("probe", lambda: _probe(out / "probe")), ("eval", lambda: _eval(out / "eval"))):
        if name in sets:
            pages += build()
    if "garbage" in sets:
        pages += _garbage(pages, every)
    made.write_text(json.dumps(pages, ensure_ascii=False), "utf-8")
    return pages


def _code_hash(paths: tuple[str, ...] = ("ocr", "domain")) -> str:
    h = hashlib.sha256()
    for path in paths:
        for f in sorted((REPO / path).rglob("*.py")) if (REPO / path).is_dir() else [REPO / path]:
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _key(pipeline: str, png: str, code: str) -> str:
    h = hashlib.sha256(Path(png).read_bytes())
    h.update(pipeline.encode())
    if pipeline.startswith("sanchika"):
        h.update(code.encode())
    return h.hexdigest()[:24]


def _read(job: tuple[tuple[str, str, int], str]) -> dict:
    """One reading in a pool process: from the cache when another run has written it meanwhile."""
    task, cached = job
    if Path(cached).exists():
        return dict(json.loads(Path(cached).read_text("utf-8")))
    result = run_task(task)
    Path(f"{cached}.{os.getpid()}").write_text(json.dumps(result, ensure_ascii=False), "utf-8")
    os.replace(f"{cached}.{os.getpid()}", cached)  # whole, for a run reading it meanwhile
    return result


def read_all(tasks: list[tuple[str, str, int]], procs: int, cached_only: bool = False,
             from_end: bool = False) -> dict[tuple[str, str], dict]:
    """Each (pipeline, png) read once, from the cache where it is there; new readings are cached as they
    come, Sanchika's first (plain Tesseract's do not change with the code: another run may have them)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    code, results, todo = _code_hash(), {}, []
    for task in dict.fromkeys(tasks):
        cached = CACHE / f"{_key(task[0], task[1], code)}.json"
        if cached.exists():
            results[task[:2]] = json.loads(cached.read_text("utf-8"))
        else:
            todo.append((task, str(cached)))
    todo.sort(key=lambda job: job[0][0] == "raw")  # stable: the pages' order within each
    if from_end:
        todo = sorted(reversed(todo), key=lambda job: job[0][0] == "raw")
    if cached_only:
        print(f"{len(results)} readings cached, {len(todo)} not read (--cached-only: their pages are left out)")
        return results
    print(f"{len(results)} readings cached, {len(todo)} to read on {procs} processes ...", flush=True)
    with ProcessPoolExecutor(procs, initializer=_init) as pool:
        futures = {pool.submit(_read, job): job[0] for job in todo}
        for n, done in enumerate(as_completed(futures), 1):
            results[futures[done][:2]] = done.result()
            if n % 20 == 0:
                print(f"  {n}/{len(todo)} read", flush=True)
    return results


def judge_page(p: dict, s: dict, raw: dict) -> dict:
    """The page's reading judged against its reference: poor or not, flagged or not, and why."""
    from bench.ocr_eval.metrics import norm_text

    ref = max(1, len(norm_text(p["reference"])))
    d_s, d_p = _distance(p["reference"], s["text"]), _distance(p["reference"], raw["text"])
    found, total = _found(p["reference"], s["text"])
    found_share = found / total if total else 1.0
    cer = d_s / ref
    # a page kept sideways or upside down needs an operator whatever its text (its image is stored so)
    poor = (cer > 0.25 and found_share < 0.75) or (cer > 0.10 and d_s > 2 * d_p) or p.get("pipeline") == NOTURN
    reasons = [label for prefix, label in REASONS if any(r.startswith(prefix) for r in s.get("reasons", []))]
    return {"set": p["set"], "part": p["part"], "kind": p["kind"], "name": p["name"], "pipeline": p.get("pipeline", "sanchika"),
            "png": p["png"],
            "cer": round(cer, 4), "cer_plain": round(d_p / ref, 4), "found": round(found_share, 3), "poor": poor,
            "flag": str(s.get("flag") or ""), "flagged": bool(s.get("flag")), "reasons": reasons,
            "reason_text": [r for r in s.get("reasons", []) if r != "good"], "rotation": s.get("rotation")}


def _row(label: str, rows: list[dict]) -> str:
    poor = [r for r in rows if r["poor"]]
    caught = sum(r["flagged"] for r in poor)
    false = sum(r["flagged"] and not r["poor"] for r in rows)
    return (f"{label:<34} {len(rows):>5} {len(poor):>5} {sum(r['flagged'] for r in rows):>7} {caught:>6} "
            f"{len(poor) - caught:>6} {false:>6}")


def report(judged: list[dict], show: bool) -> None:
    head = f"{'set/part/kind':<34} {'pages':>5} {'poor':>5} {'flagged':>7} {'caught':>6} {'missed':>6} {'false':>6}"
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in judged:
        for key in (f"{r['set']}/{r['part']}/{r['kind']}", f"{r['set']}/{r['part']}/all", f"all/{r['part']}/all",
                    "all/both/all"):
            groups[key].append(r)
    print("\nper set, part and kind (caught: poor and flagged; missed: poor, not flagged; false: flagged, not poor)")
    print(head)
    for key in sorted(groups, key=lambda k: (k.startswith("all/"), k)):
        print(_row(key, groups[key]))
    print("\nper reason (pages whose reasons name it: flagged or not)")
    print(head)
    for part in ("tune", "held-out", "both"):
        for _, label in REASONS:
            rows = [r for r in judged if label in r["reasons"] and part in (r["part"], "both")]
            if rows:
                print(_row(f"{part}/{label}", rows))
    if show:
        print("\nmissed and false flags:")
        for r in judged:
            if r["poor"] != r["flagged"]:
                print(f"  {'MISSED' if r['poor'] else 'FALSE '} {r['set']}/{r['name']} [{r['pipeline']}] CER {r['cer']:.3f} "
                      f"(plain {r['cer_plain']:.3f}) words {r['found']:.2f} flag {r['flag'] or '-'}: {r['reason_text']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--sets", default="shapes,fresh,probe,eval,garbage")
    ap.add_argument("--every", type=int, default=2, help="upright pages of every N-th font, turned of every 2N-th")
    ap.add_argument("--thin", type=int, default=1, help="of the pages made, every N-th (the probe's all): a smaller run")
    ap.add_argument("--cached-only", action="store_true", help="read nothing: judge the pages whose readings are cached")
    ap.add_argument("--from-end", action="store_true",
                    help="read the list from its end: a second run beside a first one shares the work through the cache")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--list", action="store_true", help="print every missed and false flag")
    ap.add_argument("--pages", type=Path, default=REPO / "bench" / "out" / "review_flags" / "pages",
                    help="where the page images are written (and kept for the next run)")
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    sets, started, load0 = args.sets.split(","), time.time(), os.getloadavg()
    pages = make_pages(args.pages, sets, args.every)
    pages = [p for i, p in enumerate(pages) if p["set"] == "probe" or i % args.thin == 0]
    tasks = [(pipe, p["png"], p["dpi"]) for p in pages for pipe in (p.get("pipeline", "sanchika"), "raw")]
    print(f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC: {len(pages)} readings judged "
          f"({sum('pipeline' in p for p in pages)} garbage), load {load0[0]:.1f}", flush=True)
    results = read_all(tasks, args.procs, args.cached_only, args.from_end)
    judged = [judge_page(p, results[(p.get("pipeline", "sanchika"), p["png"])], results[("raw", p["png"])]) for p in pages
              if (p.get("pipeline", "sanchika"), p["png"]) in results and ("raw", p["png"]) in results]
    report(judged, args.list)
    print(f"\n{time.strftime('%H:%M', time.gmtime())} UTC: {time.time() - started:.0f} s wall, "
          f"load {load0[0]:.1f} -> {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(judged, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
