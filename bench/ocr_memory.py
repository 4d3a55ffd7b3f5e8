"""Memory and pathological pages: peak RSS of one worker process, flat memory over a long PDF,
and what happens to pages that are too big.

    .venv/bin/python bench/ocr_memory.py [--long-pages 1000] [--skip-a3]

1. A 600 dpi A3 scan (7016 x 9921 pixels, 70 MP) through ``read_page`` (render, preprocess,
   Tesseract, searchable PDF page) in a fresh process: peak RSS of that process and of its
   children (the forked page process; Tesseract). Target: <= 1 GiB.
2. A long image-only PDF (``--long-pages``, small pages so it stays quick): every page rendered
   and preprocessed in one process (the memory-relevant part: Tesseract runs in its own process),
   RSS sampled every 10 % of the pages: it must stay flat.
3. Pathological inputs: a PDF page of 200 x 200 inches, a 2400 dpi A4 PDF request, a 2400 dpi
   A4 CCITT G4 TIFF, a 1200 dpi A4 CCITT G4 TIFF with a 20 s page timeout. Each is refused by
   the pixel limit, downsampled, or stopped by the page timeout, with the error code printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

OUT = REPO / "bench" / "out" / "memory"


def _rss_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _hwm_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def a3_child(path: str) -> None:
    """Run in a fresh interpreter: one page, then print peak RSS (self and children) as JSON."""
    from domain.types import FileKind
    from ocr.options import OcrOptions
    from ocr.read import read_page

    started = time.perf_counter()
    page = read_page(Path(path), FileKind.PDF, 1, OcrOptions(dpi=600, page_timeout=600)).text
    from ocr.watchdog import stop_page_process

    stop_page_process()  # reap the page process (ADR 0013) so that its peak is in RUSAGE_CHILDREN
    me = _hwm_mib()  # VmHWM: ru_maxrss would carry the launching process's peak over exec
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"self_mib": me, "children_mib": kids, "seconds": time.perf_counter() - started,
                      "pixels": page.width * page.height, "dpi": page.dpi, "chars": len(page.text)}))


def make_a3(path: Path) -> None:
    from tests import pagegen

    lines = pagegen.office_lines(seed=600, n=40)
    img = pagegen.render_lines(lines, size=(297, 420), dpi=600, font_pt=14)
    img = pagegen.degrade(img, seed=600, skew=1.5, noise=4)
    path.write_bytes(pagegen.image_pdf([img], dpi=600))


def long_pdf(path: Path, pages: int) -> None:
    from tests import pagegen

    img = pagegen.render_lines(list(pagegen.ENGLISH_LINES[:2]), size="A6", dpi=150)
    path.write_bytes(pagegen.image_pdf([img] * pages, dpi=150))


def flat_memory(path: Path, pages: int) -> list[tuple[int, float]]:
    import numpy as np

    from domain.types import FileKind
    from ocr.options import OcrOptions
    from ocr.preprocess import preprocess
    from ocr.rasterise import count_pages, render_page

    opts = OcrOptions(orientation=False)  # a 2-line page would ask the Tesseract probe every time
    n = count_pages(path, FileKind.PDF, opts)
    samples = [(0, _rss_mib())]
    for i in range(1, n + 1):
        raster = render_page(path, FileKind.PDF, i, opts)
        preprocess(np.asarray(raster.image), raster.dpi, opts)
        if i % max(1, n // 10) == 0:
            samples.append((i, _rss_mib()))
    return samples


def pathological(folder: Path) -> list[tuple[str, str, float]]:
    from fpdf import FPDF
    from PIL import Image

    from domain.errors import SanchikaError
    from domain.types import FileKind
    from ocr.options import OcrOptions
    from ocr.rasterise import count_pages
    from ocr.read import read_page
    from tests import pagegen

    results = []
    pdf = FPDF(unit="in", format=(200, 200))
    pdf.add_page()
    huge = folder / "huge-page.pdf"
    huge.write_bytes(bytes(pdf.output()))
    small = folder / "a6-scan.pdf"
    small.write_bytes(pagegen.image_pdf([pagegen.render_lines(list(pagegen.ENGLISH_LINES[:3]), size="A6", dpi=150)], dpi=150))
    a4_2400 = (19843, 28063)
    g4_2400, g4_1200 = folder / "a4-2400dpi-g4.tif", folder / "a4-1200dpi-g4.tif"
    for target, size, dpi in ((g4_2400, a4_2400, 2400), (g4_1200, (9921, 14031), 1200)):
        if not target.exists():
            im = Image.new("1", size, 1)
            from PIL import ImageDraw

            ImageDraw.Draw(im).rectangle([size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2], fill=0)
            buf = io.BytesIO()
            im.save(buf, "TIFF", compression="group4", dpi=(dpi, dpi))
            target.write_bytes(buf.getvalue())
    cases = [
        ("PDF page 200 x 200 in", huge, FileKind.PDF, OcrOptions()),
        ("PDF page asked at 2400 dpi", small, FileKind.PDF, OcrOptions(dpi=2400)),
        ("A4 2400 dpi CCITT G4 TIFF", g4_2400, FileKind.TIFF, OcrOptions()),
        ("A4 1200 dpi CCITT G4 TIFF, timeout 20 s", g4_1200, FileKind.TIFF, dataclasses.replace(OcrOptions(), page_timeout=20)),
    ]
    for label, path, kind, opts in cases:
        started = time.perf_counter()
        try:
            count_pages(path, kind, opts)
            page = read_page(path, kind, 1, opts).text
            outcome = f"ok: {page.width}x{page.height} px at {page.dpi} dpi"
        except SanchikaError as exc:
            outcome = f"{exc.code}: {exc.message[:110]}"
        results.append((label, outcome, time.perf_counter() - started))
    return results


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--a3-child":
        a3_child(sys.argv[2])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--long-pages", type=int, default=1000)
    ap.add_argument("--skip-a3", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    if not args.skip_a3:
        a3 = OUT / "a3-600dpi.pdf"
        if not a3.exists():
            make_a3(a3)
        proc = subprocess.run([sys.executable, __file__, "--a3-child", str(a3)], capture_output=True, text=True, check=True)
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        peak = max(r["self_mib"], r["children_mib"])
        print(f"600 dpi A3 page ({r['pixels'] / 1e6:.0f} MP at {r['dpi']} dpi): peak RSS worker {r['self_mib']:.0f} MiB, "
              f"page process/Tesseract {r['children_mib']:.0f} MiB, {r['seconds']:.0f} s  "
              f"-> {'OK' if peak <= 1024 else 'OVER'} (target <= 1024 MiB)")

    long = OUT / f"long-{args.long_pages}.pdf"
    if not long.exists():
        long_pdf(long, args.long_pages)
    started = time.perf_counter()
    samples = flat_memory(long, args.long_pages)
    growth = samples[-1][1] - samples[1][1] if len(samples) > 2 else 0.0
    print(f"{args.long_pages}-page PDF rendered+preprocessed page by page in {time.perf_counter() - started:.0f} s: "
          "RSS MiB " + ", ".join(f"{p}:{m:.0f}" for p, m in samples) + f"  (growth after the first 10 %: {growth:+.0f} MiB)")

    for label, outcome, seconds in pathological(OUT):
        print(f"{label:42s} {seconds:6.1f} s  {outcome}")


if __name__ == "__main__":
    main()
