"""Small deskews on strong evidence, read both ways: does the share of text-like ink no word covers
(``unread_share`` below) tell the deskewed reading that lost a block? (issue 17, ADR 0027)

    .venv/bin/python bench/ocr_unread_ink.py [--sets margin,smallskew] [--seeds FRESH_SEED,1,2,3]
                                             [--part tune|fresh] [--procs 2] [--json FILE]

Pages: ``margin``: tests/freshshapes.py margin letters, landscape registers and notes on the seeds given,
skewed +-1.1/+-1.3 deg on purpose (``freshshapes.scan(skew=...)``, as bench/ocr_geometry_judge.py);
``smallskew``: bench/ocr_small_skew.py's part (five kinds, scanned / lid / edge) at 1.1, 1.3, 1.6, 1.9 deg.
Tuning: ``--part tune`` with the margin seeds FRESH_SEED,1,2,3 (the default). Held out (fixed 2026-12-07
02:35 UTC, before any of it was read): margin seeds 8 and 9, which no bench or test used (``--sets margin
--seeds 8,9``, run once, docs/benchmarks.md), and ``--part fresh`` (bench/ocr_small_skew.py's held-out
fonts, seed 11; not run).
Only pages whose preprocessing names a small deskew on strong evidence (``Preprocessed.checks``) are read:
each by ``ocr.upright._read`` deskewed (the product's one reading) and as scanned (the deskew undone),
with both readings' edits, judgements and unread shares. Printed: per page, and the gates simulated
from the same readings (pages worse than as scanned, edits, extra readings per page). Generated pages.
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

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_quality import _init  # noqa: E402
from bench.ocr_shapes import _distance  # noqa: E402
from ocr.inkmask import without_rules  # noqa: E402

# Text-like ink no word box covers, on the ~100 dpi Otsu ink mask without rules (ocr/inkmask.py): connected
# components of text size (TEXT_INCH tall, at most WIDE_INCH wide: not a frame, a photograph, a rule or a
# grid); one is unread when under half of its ink lies in a word box padded by PAD_INCH. About 10 ms a page.
COVER_DPI = 100
TEXT_INCH = (0.04, 0.4)  # height of a text-like component: a letter or a word, up to large type
WIDE_INCH = 3.0  # wider than this: a rule, a frame, a band, a picture
MIN_PIXELS = 12  # smaller: a speck
PAD_INCH = 0.03


def unread_share(image: np.ndarray, dpi: int, words: tuple) -> float:  # type: ignore[type-arg]
    """Share of the page's text-like ink that no word box of the reading covers (0..1; 0 on a page
    without text-like ink)."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    f = min(1.0, COVER_DPI / max(dpi, 1))
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else gray
    thr, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = without_rules(small < min(thr, 200.0)).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    res = dpi * f
    lo, hi, wide = TEXT_INCH[0] * res, TEXT_INCH[1] * res, WIDE_INCH * res
    h, w = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    text = (h >= lo) & (h <= hi) & (w <= wide) & (stats[:, cv2.CC_STAT_AREA] >= MIN_PIXELS)
    text[0] = False  # the background
    if not text.any():
        return 0.0
    covered = np.zeros_like(ink)
    pad = max(1, round(PAD_INCH * res))
    for word in words:
        x0, y0 = int(word.left * f) - pad, int(word.top * f) - pad
        x1, y1 = int((word.left + word.width) * f) + pad + 1, int((word.top + word.height) * f) + pad + 1
        covered[max(0, y0) : y1, max(0, x0) : x1] = 1
    area = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    inside = np.bincount(labels[(covered == 1) & (ink == 1)], minlength=n).astype(np.float64)
    unread = text & (inside < 0.5 * area)
    return float(area[unread].sum() / area[text].sum())



def make_pages(out: Path, sets: list[str], seeds: list[int], part: str, angles: list[float]) -> list[dict]:
    from bench import ocr_small_skew
    from tests import freshshapes as fs

    pages: list[dict] = []
    if "margin" in sets:
        i = 0
        for seed in seeds:
            assert seed != fs.CHECK_SEED, "the check part is held out"
            for kind in ("margin", "landscape", "note"):
                for font in fs.FRESH_FONTS:
                    page = fs.make(kind, font, seed)
                    for a in (1.1, 1.3):
                        skew = a if i % 2 == 0 else -a
                        i += 1
                        image, dpi = fs.scan(page, 0, skew=skew)
                        path = out / f"m{len(pages)}.npy"
                        np.save(path, image)
                        pages.append({"name": f"{kind}-{font}-s{seed}-{skew:+.1f}", "path": str(path), "dpi": dpi,
                                      "reference": page.text, "set": "margin", "kind": kind})
    if "smallskew" in sets:
        for p in ocr_small_skew.make_pages(out, part, angles, "large,cover,dense,table,stamp".split(",")):
            pages.append({**p, "dpi": 300, "set": "smallskew"})
    return pages


def read_page(page: dict) -> dict:
    import dataclasses

    from ocr.options import OcrOptions
    from ocr.preprocess import preprocess
    from ocr.upright import _cpu, _read

    image, dpi = np.load(page["path"]), page["dpi"]
    opts = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)
    row = {k: page[k] for k in ("name", "set")}
    pre = preprocess(image, dpi, opts)
    if "deskew" not in pre.checks:
        return {**row, "read": False}
    deadline = time.perf_counter() + 600
    sides = {}
    for side, p in (("deskewed", pre), ("scanned", preprocess(image, dpi, opts, rotation=pre.rotation,
                                                              undo=frozenset({"deskew"})))):
        c0 = _cpu()
        r = _read(p, dpi, opts, deadline, False)
        cpu = _cpu() - c0
        t0 = time.process_time()
        share = unread_share(p.image, dpi, r.out.words)
        sides[side] = {"edits": _distance(page["reference"], r.out.text), "clean": r.judged.clean,
                       "score": r.judged.same_turn_score, "words": r.judged.words, "unread": round(share, 4),
                       "cover_s": round(time.process_time() - t0, 3), "cpu": round(cpu, 2), **_features(r)}
    return {**row, "read": True, "skew": pre.skew_degrees, **sides}


def _features(r) -> dict:  # type: ignore[no-untyped-def]
    """Ground-truth-free signals of one reading, for judging offline (per-line confidence spread etc.)."""
    from ocr.judge import is_real_word

    words = [w for w in r.out.words if any(c.isalnum() for c in w.text)]
    lines: dict[int, list[float]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w.confidence)
    means = [float(np.mean(v)) for v in lines.values() if len(v) >= 2]
    return {"real": r.judged.real, "confidence": r.judged.confidence, "gibberish": r.judged.gibberish_lines,
            "unsure": r.judged.unsure_lines, "lines": len(lines),
            "line_min": round(min(means), 3) if means else 0.0, "line_std": round(float(np.std(means)), 3) if means else 0.0,
            "low": sum(w.confidence < 0.5 for w in words), "letters": sum(c.isalnum() for c in r.out.text),
            "real_letters": sum(sum(c.isalnum() for c in w.text) for w in words if is_real_word(w.text)),
            "real_conf_letters": round(sum(w.confidence * sum(c.isalnum() for c in w.text) for w in words
                                           if is_real_word(w.text)), 2)}


def simulate(rows: list[dict], limits: list[float]) -> None:
    read = [r for r in rows if r["read"]]
    if not read:
        return

    def report(name: str, pick) -> None:  # type: ignore[no-untyped-def]
        edits = worse = extra = 0
        for r in read:
            side, twice = pick(r)
            extra += twice
            e = r[side]["edits"]
            edits += e
            worse += e > r["scanned"]["edits"]
        print(f"  {name:34s} edits {edits:6d}  worse than as scanned {worse:3d}/{len(read)}  extra readings {extra}")

    def judge(r: dict) -> str:
        return "deskewed" if r["deskewed"]["score"] > r["scanned"]["score"] else "scanned"

    report("today (clean gate)", lambda r: ("deskewed", 0) if r["deskewed"]["clean"] else (judge(r), 1))
    for lim in limits:
        report(f"clean and unread < {lim:.3f}", lambda r, lim=lim: ("deskewed", 0)
               if r["deskewed"]["clean"] and r["deskewed"]["unread"] < lim else (judge(r), 1))
    report("always both ways (judge)", lambda r: (judge(r), 1))
    report("never deskew", lambda r: ("scanned", 0))
    report("oracle", lambda r: (min(("deskewed", "scanned"), key=lambda s: r[s]["edits"]), 1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="margin,smallskew")
    ap.add_argument("--seeds", default="", help="margin seeds (default: FRESH_SEED,1,2,3)")
    ap.add_argument("--part", default="tune", choices=("tune", "fresh"), help="bench/ocr_small_skew.py part")
    ap.add_argument("--angles", default="1.1,1.3,1.6,1.9", help="smallskew angles (the fresh part has its own)")
    ap.add_argument("--limits", default="0.01,0.02,0.03,0.05")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from tests import freshshapes as fs

    seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else [fs.FRESH_SEED, 1, 2, 3]
    started, load0 = time.time(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="sanchika-unread-") as tmp, \
            ProcessPoolExecutor(args.procs, initializer=_init) as pool:
        pages = make_pages(Path(tmp), args.sets.split(","), seeds, args.part, [float(a) for a in args.angles.split(",")])
        rows = []
        for row in pool.map(read_page, pages):
            rows.append(row)
            if row["read"]:
                d, s = row["deskewed"], row["scanned"]
                print(f"{row['name']:40s} {row['skew']:+.2f}  deskewed {d['edits']:4d} e, clean {d['clean']!s:5s} "
                      f"unread {d['unread']:.3f} score {d['score']:.1f} | scanned {s['edits']:4d} e, unread "
                      f"{s['unread']:.3f} score {s['score']:.1f}", flush=True)
    print(f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {time.time() - started:.0f} s, "
          f"load {load0:.1f} -> {os.getloadavg()[0]:.1f}; {len(rows)} pages, {sum(r['read'] for r in rows)} small "
          f"strong deskews")
    limits = [float(x) for x in args.limits.split(",")]
    for group in args.sets.split(","):
        print(group)
        simulate([r for r in rows if r["set"] == group], limits)
    print("all")
    simulate(rows, limits)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
