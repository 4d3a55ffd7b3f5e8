"""OCR throughput: `sanchika process` against the raw `tesseract` CLI, in one run.

    .venv/bin/python bench/ocr_throughput.py [--pages 20] [--digital-pages 200] [--lang L]

Generates the pages (tests/pagegen, fixed seeds) under bench/out/, then measures pages per
minute of:
  1. raw tesseract: `tesseract PAGE out -l LANG txt`, 2 processes in parallel, OMP_THREAD_LIMIT=1;
  2. `sanchika process` on the same image pages (fresh SANCHIKA_HOME, SANCHIKA_WORKERS=2);
  3. `sanchika process` on born-digital PDF pages with a trusted text layer.
Prints the ratios against raw tesseract. Targets (issue 2): image pages >= 0.85x,
born-digital pages >= 20x.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests import pagegen  # noqa: E402

OUT = REPO / "bench" / "out" / "throughput"
SANCHIKA = REPO / ".venv" / "bin" / "sanchika"


def make_pages(n: int) -> list[Path]:
    folder = OUT / "images"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"page-{i:03d}.png"
        if not path.exists():
            img = pagegen.render_lines(pagegen.office_lines(seed=i, n=22), dpi=300, size="A4")
            img = pagegen.degrade(img, seed=i, skew=(i % 5 - 2) * 0.8, noise=4)
            path.write_bytes(pagegen.image_bytes(img, "PNG", dpi=300))
        paths.append(path)
    return paths


def make_digital(n: int) -> Path:
    folder = OUT / "digital"
    folder.mkdir(parents=True, exist_ok=True)
    per_file = 20
    for f in range(max(1, n // per_file)):
        path = folder / f"circular-{f:03d}.pdf"
        if not path.exists():
            lines = pagegen.office_lines(seed=1000 + f, n=20)
            path.write_bytes(pagegen.text_pdf(lines, pages=per_file))
    return folder


def raw_tesseract(pages: list[Path], lang: str, procs: int = 2) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    tmp = OUT / "raw"
    tmp.mkdir(parents=True, exist_ok=True)

    def one(p: Path) -> None:
        subprocess.run(["tesseract", str(p), str(tmp / p.stem), "-l", lang, "txt"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    start = time.monotonic()
    with ThreadPoolExecutor(procs) as pool:
        list(pool.map(one, pages))
    return time.monotonic() - start


def sanchika_process(target: Path, name: str) -> tuple[float, int]:
    home = OUT / f"home-{name}"
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "SANCHIKA_HOME": str(home), "SANCHIKA_WORKERS": "2"}
    start = time.monotonic()
    proc = subprocess.run([str(SANCHIKA), "process", str(target), "--json"], env=env, check=True, capture_output=True, text=True)
    seconds = time.monotonic() - start
    report = json.loads(proc.stdout)
    return seconds, report["pages_total"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--digital-pages", type=int, default=200)
    ap.add_argument("--lang", default=None)
    args = ap.parse_args()
    from ocr.options import OcrOptions

    lang = args.lang or OcrOptions().lang
    pages = make_pages(args.pages)
    digital = make_digital(args.digital_pages)

    raw_s = raw_tesseract(pages, lang)
    img_folder = pages[0].parent
    san_s, san_pages = sanchika_process(img_folder, "images")
    dig_s, dig_pages = sanchika_process(digital, "digital")
    raw_ppm = len(pages) / raw_s * 60
    san_ppm = san_pages / san_s * 60
    dig_ppm = dig_pages / dig_s * 60
    print(f"language set: {lang}; image pages: {len(pages)} A4 300 dpi; born-digital pages: {dig_pages}")
    print(f"{'pipeline':42s} {'pages':>6s} {'seconds':>8s} {'pages/min':>10s} {'ratio':>7s}")
    print(f"{'raw tesseract (2 procs, OMP_THREAD_LIMIT=1)':42s} {len(pages):6d} {raw_s:8.1f} {raw_ppm:10.1f} {1.0:7.2f}")
    print(f"{'sanchika process (image pages)':42s} {san_pages:6d} {san_s:8.1f} {san_ppm:10.1f} {san_ppm / raw_ppm:7.2f}  target >= 0.85")
    print(f"{'sanchika process (born-digital, text layer)':42s} {dig_pages:6d} {dig_s:8.1f} {dig_ppm:10.1f} {dig_ppm / raw_ppm:7.2f}  target >= 20")


if __name__ == "__main__":
    main()
