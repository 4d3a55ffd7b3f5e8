"""Sanchika's own CPU per OCR page, apart from Tesseract's, with settings A and B interleaved.

    .venv/bin/python bench/ocr_overhead.py [--pages 10] [--kind pdf|png] [--b extract_images=false ...]

Runs ``ocr.read_page`` in this process (watchdog off, so nothing is hidden in a forked child)
on the throughput bench's pages (bench/ocr_throughput.py generates them), page by page
alternating the two settings. CPU of this process (render, preprocessing, separator glance,
quality, PDF) is counted apart from its children's (Tesseract): on a machine shared with other
work, Tesseract's own time varies by several percent between runs while the pipeline's own
share is measured to a few milliseconds. Prints the mean per page for each setting.
With the watchdog off Tesseract runs as the command (its library is used only inside the page
process, ADR 0014), so this measures everything around Tesseract, not Tesseract's own start-up.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from domain.types import FileKind  # noqa: E402
from ocr import OcrOptions, read_page  # noqa: E402

OUT = REPO / "bench" / "out" / "throughput"


def _usage() -> tuple[float, float]:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime, c.ru_utime + c.ru_stime


def _options(pairs: list[str]) -> OcrOptions:
    base = dataclasses.replace(OcrOptions(), watchdog=False)
    changes = {}
    for pair in pairs:
        key, value = pair.split("=", 1)
        default = getattr(base, key)
        changes[key] = value.lower() in ("1", "true", "yes") if isinstance(default, bool) else type(default)(value)
    return dataclasses.replace(base, **changes)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--kind", choices=("pdf", "png"), default="pdf")
    ap.add_argument("--a", nargs="*", default=[], help="settings A, e.g. extract_images=false")
    ap.add_argument("--b", nargs="*", default=[], help="settings B")
    args = ap.parse_args()
    if args.kind == "pdf":
        pdfs = sorted((OUT / "pdf").glob("scan-*.pdf"))
        if not pdfs:
            sys.exit("run bench/ocr_throughput.py once first: it generates the pages")
        items = [(pdfs[-1], FileKind.PDF, n) for n in range(1, args.pages + 1)]
    else:
        pngs = sorted((OUT / "images").glob("page-*.png"))[: args.pages]
        items = [(p, FileKind.PNG, 1) for p in pngs]
    settings = {"A": _options(args.a), "B": _options(args.b)}
    read_page(*items[0], settings["A"])  # warm-up: imports, language list, word lists
    totals = {k: [0.0, 0.0] for k in settings}
    for i, item in enumerate(items):
        order = ("A", "B") if i % 2 == 0 else ("B", "A")
        for name in order:
            own0, tess0 = _usage()
            read_page(*item, settings[name])
            own1, tess1 = _usage()
            totals[name][0] += own1 - own0
            totals[name][1] += tess1 - tess0
    import os

    print(f"{len(items)} {args.kind} pages; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name in settings:
        own, tess = (v / len(items) for v in totals[name])
        print(f"  {name} {' '.join(getattr(args, name.lower())) or '(defaults)':40s} own {own * 1000:6.1f} ms/page  tesseract {tess:5.2f} s/page")


if __name__ == "__main__":
    main()
