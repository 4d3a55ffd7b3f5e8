"""Measures behind docs/adr/0002 (language set) and docs/adr/0004 (preprocessing steps).

    .venv/bin/python bench/ocr_lang_preprocess.py [--procs 2]

Generated A5 pages (tests/pagegen, fixed seeds), real Tesseract. Prints CER (character error
rate, whitespace-collapsed NFC) and seconds per page:
  1. language sets on the raw page images (no preprocessing);
  2. preprocessing configurations (default language) on upright and damaged pages.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests import pagegen  # noqa: E402

LANGS = ("Devanagari+eng", "hin+eng")
FONTS = {
    "noto-sans": pagegen.DEFAULT_FONT,
    "noto-serif": pagegen.SERIF_FONT,
    "lohit": pagegen.FONT_DIR / "lohit-devanagari" / "Lohit-Devanagari.ttf",
    "gargi": pagegen.FONT_DIR / "Gargi" / "Gargi.ttf",
}
# name, font, dpi, degrade kwargs
BASE_PAGES: list[tuple[str, str, int, dict]] = [
    ("clean", "noto-sans", 300, {}),
    ("serif", "noto-serif", 300, {}),
    ("lohit", "lohit", 300, {}),
    ("gargi", "gargi", 300, {}),
    ("noise8-blur0.8", "noto-sans", 300, {"noise": 8, "blur": 0.8}),
    ("jpeg40-yellow", "noto-serif", 300, {"jpeg_quality": 40, "yellow": True}),
    ("lowcontrast-noise5", "noto-sans", 300, {"low_contrast": True, "noise": 5}),
    ("speckle", "lohit", 300, {"speckle": 0.004}),
    ("200dpi-blur1", "noto-serif", 200, {"blur": 1.0}),
    ("skew1.5-border", "noto-sans", 300, {"skew": 1.5, "border": 40}),
]
DAMAGED_PAGES: list[tuple[str, str, int, dict]] = [
    ("rot90", "noto-sans", 300, {"rotate": 90, "noise": 4}),
    ("rot180", "noto-serif", 300, {"rotate": 180}),
    ("rot270-en", "noto-sans", 300, {"rotate": 270}),
    ("skew4", "noto-sans", 300, {"skew": 4, "noise": 4}),
    ("skew-7-border", "lohit", 300, {"skew": -7, "border": 60}),
]
PRE_CONFIGS = {
    "none": dict(orientation=False, deskew=False, crop_borders=False, denoise=False),
    "crop": dict(orientation=False, deskew=False, crop_borders=True, denoise=False),
    "orient": dict(orientation=True, deskew=False, crop_borders=False, denoise=False),
    "deskew": dict(orientation=False, deskew=True, crop_borders=False, denoise=False),
    "denoise": dict(orientation=False, deskew=False, crop_borders=False, denoise=True),
    "crop+orient+deskew": dict(orientation=True, deskew=True, crop_borders=True, denoise=False),
    "all+denoise": dict(orientation=True, deskew=True, crop_borders=True, denoise=True),
}


def page(spec: tuple[str, str, int, dict], i: int) -> tuple[object, str]:
    name, font, dpi, kw = spec
    english = 0.9 if name.endswith("-en") else 0.3
    lines = pagegen.office_lines(seed=100 + i, n=12, english_share=english)
    img = pagegen.render_lines(lines, font=FONTS[font], dpi=dpi, size="A5")
    img = pagegen.degrade(img, seed=i, **kw)
    import numpy as np

    return np.asarray(img), "\n".join(lines)


def _digits(s: str) -> str:
    return " ".join(re.findall(r"[0-9]+(?:[./:][0-9]+)*", s))


def run_lang(args: tuple[int, str]) -> tuple[str, str, float, float, float]:
    from ocr.tesseract import run_tesseract

    i, lang = args
    spec = BASE_PAGES[i]
    image, truth = page(spec, i)
    t = time.perf_counter()
    out = run_tesseract(image, lang=lang, dpi=spec[2], make_pdf=False)
    sec = time.perf_counter() - t
    return spec[0], lang, pagegen.cer(truth, out.text), pagegen.cer(_digits(truth), _digits(out.text)), sec


def run_pre(args: tuple[int, str]) -> tuple[str, str, float, float, float, str]:
    from ocr.options import OcrOptions
    from ocr.preprocess import preprocess
    from ocr.tesseract import run_tesseract

    i, config = args
    pages = BASE_PAGES + DAMAGED_PAGES
    spec = pages[i]
    image, truth = page(spec, i)
    opts = dataclasses.replace(OcrOptions(), **PRE_CONFIGS[config])
    t = time.perf_counter()
    pre = preprocess(image, spec[2], opts)
    pre_sec = time.perf_counter() - t
    out = run_tesseract(pre.image, lang=opts.lang, dpi=spec[2], make_pdf=False)
    total = time.perf_counter() - t
    return spec[0], config, pagegen.cer(truth, out.text), pre_sec, total, ",".join(pre.steps)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--only", choices=["lang", "pre"], default=None)
    args = ap.parse_args()
    with ProcessPoolExecutor(args.procs) as pool:
        if args.only in (None, "lang"):
            jobs = [(i, lang) for i in range(len(BASE_PAGES)) for lang in LANGS]
            rows = list(pool.map(run_lang, jobs))
            print("## language sets (raw images, psm 3, OMP_THREAD_LIMIT=1, 2 processes)")
            print(
                f"{'page':22s} "
                + " ".join(f"{lang + ' CER':>20s} {'digits':>7s} {'s':>5s}" for lang in LANGS)
            )
            for i, spec in enumerate(BASE_PAGES):
                cells = [r for r in rows if r[0] == spec[0]]
                print(f"{spec[0]:22s} " + " ".join(f"{r[2]:20.4f} {r[3]:7.4f} {r[4]:5.2f}" for r in cells))
                del i
            for lang in LANGS:
                mine = [r for r in rows if r[1] == lang]
                n = len(mine)
                print(
                    f"MEAN {lang:17s} CER {sum(r[2] for r in mine) / n:.4f}  digit CER "
                    f"{sum(r[3] for r in mine) / n:.4f}  s/page {sum(r[4] for r in mine) / n:.2f}"
                )
        if args.only in (None, "pre"):
            pages = BASE_PAGES + DAMAGED_PAGES
            jobs = [(i, c) for i in range(len(pages)) for c in PRE_CONFIGS]
            rows2 = list(pool.map(run_pre, jobs))
            print("\n## preprocessing (Devanagari+eng); CER per page and configuration")
            print(f"{'page':22s} " + " ".join(f"{c:>18s}" for c in PRE_CONFIGS))
            for spec in pages:
                cells = {r[1]: r for r in rows2 if r[0] == spec[0]}
                print(f"{spec[0]:22s} " + " ".join(f"{cells[c][2]:18.4f}" for c in PRE_CONFIGS))
            for group, names in (
                ("upright set", [p[0] for p in BASE_PAGES]),
                ("damaged set", [p[0] for p in DAMAGED_PAGES]),
            ):
                print(
                    f"MEAN {group:17s} "
                    + " ".join(
                        f"{sum(r[2] for r in rows2 if r[1] == c and r[0] in names) / len(names):18.4f}"
                        for c in PRE_CONFIGS
                    )
                )
            for c in PRE_CONFIGS:
                mine = [r for r in rows2 if r[1] == c]
                print(
                    f"{c:20s} preprocess ms/page {1000 * sum(r[3] for r in mine) / len(mine):7.1f}   "
                    f"total s/page {sum(r[4] for r in mine) / len(mine):.2f}"
                )
            for r in rows2:
                if r[1] == "crop+orient+deskew":
                    print(f"  steps {r[0]:22s} {r[5]}")


if __name__ == "__main__":
    main()
