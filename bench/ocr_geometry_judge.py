"""Which geometry decisions flip when two readings at the same turn are weighed without the words-on-end
scale (issue 17 "do no harm", ADR 0027; ocr/judge.py ``better(..., same_turn=True)``)?

    .venv/bin/python bench/ocr_geometry_judge.py [--sets margin,smallskew,fresh,shapes] [--seeds FRESH_SEED,1,2]
                                                 [--procs 2] [--json FILE]

Tuning pages only (never tests/freshshapes.py's ``CHECK_SEED``):
- ``margin``: margin letters and landscape registers (tests/freshshapes.py) on the seeds given (default
  FRESH_SEED, 1, 2), skewed on purpose +-1.1 and +-1.3 deg (bench/ocr_deskew_layout.py's scan on branch deskewcheck: the
  draws of ``freshshapes.scan`` with the skew given);
- ``smallskew``: bench/ocr_small_skew.py's tune part at 1.1, 1.3, 1.6, 1.9, 2.5 deg;
- ``fresh``: bench/ocr_shapes_fresh.py's fresh part, every kind, upright and turned;
- ``shapes``: bench/ocr_shapes.py's default and table kinds, tune part, seed 2, upright and turned.
A page reaches a geometry comparison only when its preprocessing names a doubt or a check
(``Preprocessed.doubts`` / ``checks``) at the proposed turn or as scanned; the others are not read (the
change cannot touch them). Each page left is read once by ``ocr.upright.read_upright`` (the product, no
PDF) with ``_without_doubts`` watched: for every comparison, both readings' edits against the page's text
and which one the old rule (``score``, scaled by 1 - vertical) and the new (``same_turn_score``) keep.
A flip changes the page's reading by exactly the difference of the two readings' edits (the comparison
is the last choice but the speckle rescue). Generated pages, not real scans.
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

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_quality import _init  # noqa: E402
from bench.ocr_shapes import _distance  # noqa: E402


def _scan_skewed(page, skew: float) -> tuple[np.ndarray, int]:  # type: ignore[no-untyped-def]
    """``freshshapes.scan`` with the skew given instead of drawn (the same draws otherwise)."""
    from tests import freshshapes as fs

    return fs.scan(page, 0, skew=skew)


def make_pages(out: Path, sets: list[str], seeds: list[int]) -> list[dict]:
    from PIL import Image

    from bench import ocr_shapes, ocr_shapes_fresh, ocr_small_skew
    from tests import freshshapes as fs

    pages: list[dict] = []

    def add(name: str, image: np.ndarray, dpi: int, reference: str, group: str) -> None:
        path = out / f"{name}.npy"
        np.save(path, image)
        pages.append({"name": name, "path": str(path), "dpi": dpi, "reference": reference, "set": group})

    if "margin" in sets:
        i = 0
        for seed in seeds:
            assert seed != fs.CHECK_SEED, "the check part is held out"
            for kind in ("margin", "landscape"):
                for font in fs.FRESH_FONTS:
                    page = fs.make(kind, font, seed)
                    for a in (1.1, 1.3):
                        skew = a if i % 2 == 0 else -a
                        i += 1
                        image, dpi = _scan_skewed(page, skew)
                        add(f"margin-{kind}-{font}-s{seed}-{skew:+.1f}", image, dpi, page.text, "margin")
    if "smallskew" in sets:
        for p in ocr_small_skew.make_pages(out, "tune", [1.1, 1.3, 1.6, 1.9, 2.5], "large,cover,dense,table,stamp".split(",")):
            pages.append({**p, "dpi": 300, "set": "smallskew"})
    if "fresh" in sets:
        for p in ocr_shapes_fresh.make_pages(out, ["fresh"], list(fs.KINDS)):
            add(p["name"], np.asarray(Image.open(p["png"]).convert("L")), p["dpi"], p["reference"], "fresh")
    if "shapes" in sets:
        kinds = "large,cover,dense,table,stamp,table-hindi,table-numeric,table-partly,table-merged".split(",")
        for p in ocr_shapes.make_pages(out, 1, kinds):
            if p["part"] == "tune":
                add(p["name"], np.asarray(Image.open(p["png"]).convert("L")), 300, p["reference"], "shapes")
    return pages


def read_page(page: dict) -> dict:
    import dataclasses

    from ocr import upright
    from ocr.options import OcrOptions
    from ocr.preprocess import preprocess

    image, dpi = np.load(page["path"]), page["dpi"]
    opts = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)
    row = {k: page[k] for k in ("name", "set")}
    pres = [preprocess(image, dpi, opts), preprocess(image, dpi, opts, rotation=0)]
    if not any(p.doubts or p.checks for p in pres):
        return {**row, "read": False}
    seen: list[dict] = []
    original = upright._without_doubts

    def watched(chosen, read_as):  # type: ignore[no-untyped-def]
        made: list = []

        def read(*args, **kwargs):  # type: ignore[no-untyped-def]
            made.append(read_as(*args, **kwargs))
            return made[-1]

        result, note = original(chosen, read)
        if made:
            a, b = chosen.judged, made[0].judged
            seen.append({"note": note, "kept_edits": _distance(page["reference"], chosen.out.text),
                         "plain_edits": _distance(page["reference"], made[0].out.text),
                         "old_keeps": "kept" if a.score > b.score else "plain",
                         "new_keeps": "kept" if a.same_turn_score > b.same_turn_score else "plain",
                         "vertical": (a.vertical, b.vertical), "words": (a.words, b.words)})
        return result, note

    upright._without_doubts = watched
    try:
        r = upright.read_upright(image, dpi, opts, deadline=time.perf_counter() + 600)
    finally:
        upright._without_doubts = original
    return {**row, "read": True, "edits": _distance(page["reference"], r.out.text), "notes": list(r.notes),
            "comparisons": seen}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="margin,smallskew,fresh,shapes")
    ap.add_argument("--seeds", default="", help="margin seeds (default: FRESH_SEED,1,2)")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    started, load0 = time.time(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="sanchika-geomjudge-") as tmp, \
            ProcessPoolExecutor(args.procs, initializer=_init) as pool:
        from tests import freshshapes as fs

        seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else [fs.FRESH_SEED, 1, 2]
        pages = make_pages(Path(tmp), args.sets.split(","), seeds)
        rows = []
        for row in pool.map(read_page, pages):
            rows.append(row)
            for c in row.get("comparisons", []):
                flip = " FLIP" if c["old_keeps"] != c["new_keeps"] else ""
                print(f"{row['name']}: {c['note']} | edits kept-side {c['kept_edits']} / undone {c['plain_edits']}"
                      f" | old {c['old_keeps']} new {c['new_keeps']}{flip}", flush=True)
    print(f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {time.time() - started:.0f} s, "
          f"load {load0:.1f} -> {os.getloadavg()[0]:.1f}")
    for group in args.sets.split(","):
        rs = [r for r in rows if r["set"] == group]
        cs = [c for r in rs for c in r.get("comparisons", [])]
        flips = [c for c in cs if c["old_keeps"] != c["new_keeps"]]
        delta = sum((c["kept_edits"] if c["new_keeps"] == "kept" else c["plain_edits"])
                    - (c["kept_edits"] if c["old_keeps"] == "kept" else c["plain_edits"]) for c in flips)
        print(f"{group}: {len(rs)} pages, {sum(r['read'] for r in rs)} read, {len(cs)} geometry comparisons, "
              f"{len(flips)} flipped ({sum(1 for c in flips if c['new_keeps'] == 'kept')} to the deskewed side), "
              f"edits after - before on the flipped pages: {delta:+d}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
