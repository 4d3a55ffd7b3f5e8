"""Words read twice (ocr/judge.read_twice, ADR 0034) on pages without rules, and what read_twice costs.

    .venv/bin/python bench/ocr_read_twice.py [--pages DIR] [--procs 2] [--json FILE] [--hostile]

Pages: bench/ocr_shapes.py's default kinds (one seed, tuning and held-out fonts, upright and turned) and
bench/ocr_capture_probe.py's kinds in its default fonts, written by their builders into ``--pages``. Each
page is read by the pipeline (``read_page``, default options) with every judged reading logged: how many
words it counted twice and the first pairs (the copy and the surer word it lies over). Printed per bench,
kind and turn: pages, readings judged, pages with a reading that counted a word twice; then each such
page's pairs and the steps of its chosen reading (what the count changed: a route's fallback, a turn, a
rule-free reading). ``--hostile``: read_twice's CPU on garbage readings of 5,000-20,000 boxes, many as wide
as the page. Generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def read_logged(p: dict) -> dict:
    """One page read with every judged reading's words-read-twice logged."""
    from domain.types import FileKind
    from ocr import judge
    from ocr.options import OcrOptions
    from ocr.read import read_page

    log: list[dict] = []
    plain = judge.judge_words

    def logged(words: tuple, text: str, on_end: float = 0.0) -> judge.Judged:
        result = plain(words, text, on_end)
        counted = [w for w in words if any(c.isalnum() for c in w.text)]
        pairs = []
        for i in sorted(judge.read_twice(counted))[:4]:
            a = counted[i]
            over = next((b for b in counted if b is not a and judge._half_over(a, b) and b.confidence >= a.confidence), None)
            pairs.append(f"{a.text}@{a.confidence:.2f} over {over.text}@{over.confidence:.2f}" if over else a.text)
        log.append({"note": result.note(), "duplicated": result.duplicated, "clean": result.clean, "pairs": pairs})
        return result

    judge.judge_words = logged  # the page is read in this process (no page process): judge() calls it
    page = read_page(Path(p["png"]), FileKind.PNG, 1, dataclasses.replace(OcrOptions(), watchdog=False)).text
    return {**p, "steps": list(page.steps), "flag": str(page.flag or ""), "log": log, "text": page.text}


def make_pages(out: Path) -> list[dict]:
    from bench import ocr_capture_probe, ocr_shapes
    from tests import captureshapes, pageshapes

    (out / "shapes").mkdir(parents=True, exist_ok=True)
    (out / "capture").mkdir(parents=True, exist_ok=True)
    fonts = [*captureshapes.TUNE_FONTS[:2], *captureshapes.HELD_OUT_FONTS]  # the capture probe's default
    return ([{**p, "bench": "shapes"} for p in ocr_shapes.make_pages(out / "shapes", 1, list(pageshapes.KINDS))]
            + [{**p, "bench": "capture"} for p in ocr_capture_probe.make_pages(out / "capture", list(captureshapes.KINDS), fonts)])


def hostile() -> None:
    from domain.types import Word
    from ocr.judge import read_twice

    for n, wide in ((5000, 1.0), (5000, 0.3), (20000, 0.1), (20000, 1.0)):
        rng = random.Random(n)
        words = []
        for _ in range(n):
            left = rng.randint(0, 50) if rng.random() < wide else rng.randint(0, 2440)
            width = 2480 - left - rng.randint(0, 50) if left <= 50 else rng.randint(5, 300)
            words.append(Word("x", left, rng.randint(0, 3448), width, rng.randint(10, 60), rng.random()))
        started = time.process_time()
        twice = read_twice(words)
        print(f"{n} boxes, {wide:.0%} page-wide: {1000 * (time.process_time() - started):.0f} CPU-ms, {len(twice)} read twice")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, default=REPO / "bench" / "out" / "read_twice")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--hostile", action="store_true")
    args = ap.parse_args()
    if args.hostile:
        hostile()
        return
    os.environ["OMP_THREAD_LIMIT"] = "1"
    pages = make_pages(args.pages)
    with ProcessPoolExecutor(args.procs) as pool:
        results = list(pool.map(read_logged, pages))
    pages_n, judged, twice = Counter(), Counter(), Counter()
    for r in results:
        key = f"{r['bench']}/{r['part']}/{r['kind']}/{'upright' if r['turn'] == 0 else 'turned'}"
        pages_n[key] += 1
        judged[key] += len(r["log"])
        if any(entry["duplicated"] for entry in r["log"]):
            twice[key] += 1
            print(r["name"], "| chosen:", ", ".join(r["steps"]))
            for entry in r["log"]:
                if entry["duplicated"]:
                    print("    ", entry["note"], "clean" if entry["clean"] else "not clean", "|", "; ".join(entry["pairs"]))
    print(f"\n{'bench/part/kind/turn':<40} {'pages':>5} {'judged':>6} {'twice':>5}")
    for key in sorted(pages_n):
        print(f"{key:<40} {pages_n[key]:>5} {judged[key]:>6} {twice[key]:>5}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
