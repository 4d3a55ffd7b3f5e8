"""Held-out page shapes (issue 17, "generalise"): Sanchika against plain Tesseract on shapes and fonts
no earlier bench has, in one run.

    .venv/bin/python bench/ocr_shapes_fresh.py [--part fresh|check|both] [--procs 2] [--kinds ...]
                                                [--json FILE] [--keep DIR]

Pages come from tests/freshshapes.py (written and committed before this bench's first run; generated
at run time, nothing binary committed): two-column report pages, an upright *landscape* register,
an account statement of digits, a half-empty note, a photograph with a caption, a faded carbon copy
of a typewritten letter, a letter with a note along the margin and a stamp at an angle, an English
letter with a Hindi subject line; in four Devanagari faces no other bench uses (Annapurna SIL, Samyak
Devanagari, Sahadeva, Nakula). Every (kind, font) page is read upright and turned (90, 180, 270 in
turn), scanned with light skew (0.2-1.5 deg, or none), noise, sometimes blur, JPEG or 200 dpi.

Parts: **fresh** (seed ``FRESH_SEED``) is the first run, the one that says whether the product
generalises; **check** (seed ``CHECK_SEED``: other text, turns of the same cycle, other damage) is run
only after a fix made on what the first run showed, to see the fix hold on pages it was not made on.

Pipelines interleaved page by page on one pool (bench/ocr_quality.py's ``run_task``): Sanchika's
``ocr.read.read_page`` (the call `sanchika process` makes per page) and ``tesseract PAGE out -l
Devanagari+eng txt`` on the page image as scanned. Printed per kind (bench/ocr_shapes.py's summary):
upright pages turned (must be 0), turned pages brought upright (target >= 99 %), CER of each and
the ratio (each kind <= 1.0x, overall <= 0.9x; on upright pages alone too), pages flagged unreadable,
the safety net's extra readings per page and their CPU share.
These are generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_quality import _init, run_task  # noqa: E402
from bench.ocr_shapes import _distance, print_summary, summarise  # noqa: E402


def make_pages(out: Path, parts: list[str], kinds: list[str]) -> list[dict]:
    from PIL import Image

    from tests import freshshapes as fs

    seeds = {"fresh": fs.FRESH_SEED, "check": fs.CHECK_SEED}
    pages = []
    for part in parts:
        for kind in kinds:
            for f, font in enumerate(fs.FRESH_FONTS):
                page = fs.make(kind, font, seeds[part])
                for rot in (0, fs.turn_of(kind, f)):
                    image, dpi = fs.scan(page, rot)
                    name = f"{part}-{kind}-{font}-r{rot}"
                    path = out / f"{name}.png"
                    Image.fromarray(image).save(path, dpi=(dpi, dpi))
                    pages.append({"name": name, "png": str(path), "dpi": dpi, "part": part, "kind": kind, "turn": rot,
                                  "reference": page.text})
    return pages


def main() -> None:
    from tests import freshshapes as fs

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", default="fresh", choices=("fresh", "check", "both"))
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--kinds", default=",".join(fs.KINDS))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", type=Path, help="write the page images here (for a look at a failure)")
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    parts = ["fresh", "check"] if args.part == "both" else [args.part]
    started, load0 = time.time(), os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="sanchika-fresh-") as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        pages = make_pages(out, parts, args.kinds.split(","))
        tasks = [(pipeline, p["png"], p["dpi"]) for p in pages for pipeline in ("sanchika", "raw")]  # interleaved
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC: {len(pages)} pages "
              f"({sum(p['turn'] == 0 for p in pages)} upright), {len(tasks)} readings on {args.procs} processes, "
              f"load {load0[0]:.1f} ...", flush=True)
        with ProcessPoolExecutor(args.procs, initializer=_init) as pool:
            results = {(r["pipeline"], r["png"]): r for r in pool.map(run_task, tasks)}
    load1 = os.getloadavg()
    wrong = [(p["name"], results[("sanchika", p["png"])]["rotation"], results[("sanchika", p["png"])]["steps"])
             for p in pages if results[("sanchika", p["png"])]["rotation"] != (360 - p["turn"]) % 360]
    summary = summarise(pages, results)
    print_summary(summary, wrong)
    flagged = [(p["name"], [r for r in results[("sanchika", p["png"])]["reasons"] if r.startswith("unreadable")])
               for p in pages if any(r.startswith("unreadable") for r in results[("sanchika", p["png"])]["reasons"])]
    for name, why in flagged:
        print(f"  flagged: {name}: {why}")
    print(f"{time.strftime('%H:%M:%S', time.gmtime())} UTC: {time.time() - started:.0f} s wall, "
          f"load {load0[0]:.1f} -> {load1[0]:.1f}")
    if args.json:
        per_page = [{"name": p["name"], "turn": p["turn"], "dpi": p["dpi"],
                     "rotation": results[("sanchika", p["png"])]["rotation"],
                     "steps": results[("sanchika", p["png"])].get("steps", []),
                     "reasons": results[("sanchika", p["png"])].get("reasons", []),
                     "edits_sanchika": _distance(p["reference"], results[("sanchika", p["png"])]["text"]),
                     "edits_plain": _distance(p["reference"], results[("raw", p["png"])]["text"]),
                     "cpu_sanchika": results[("sanchika", p["png"])]["cpu"], "cpu_plain": results[("raw", p["png"])]["cpu"],
                     "text_sanchika": results[("sanchika", p["png"])]["text"], "text_plain": results[("raw", p["png"])]["text"],
                     "reference": p["reference"]} for p in pages]
        args.json.write_text(json.dumps({"summary": summary, "wrong": wrong, "load": [load0, load1], "pages": per_page},
                                        ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
