"""Page shapes of real district-office files no earlier bench has (issue 17, "generalise"): Sanchika's
page reading against plain Tesseract on the same pages, in the same run.

    .venv/bin/python bench/ocr_shapes_fresh2.py [--part tune|check] [--kinds cover,gazette,...]
                                                 [--fonts chandas,...] [--procs 2] [--json FILE]
                                                 [--page-timeout 180]

Pages come from tests/fresh2shapes.py (written and committed before this bench's first run; generated at
run time, nothing binary committed): a file cover (नस्ती) with a box grid and entries in pen, a Gazette
notification in parallel Hindi and English columns, a court order sheet (date | order | signature), a
treasury challan in two copies, a certificate with a decorative border and a large title, a register
dense with Devanagari digits and dates, a page of 7.5-8 pt type, a photocopied newspaper clipping pasted
on plain paper, a note with bold underlined headings, a letter over a big light-grey emblem; in the
Devanagari faces the fewest other benches use (Chandas, Nakula, Sahadeva). Every (kind, face) page is
read upright and turned (90, 180, 270 in turn), scanned with light skew (<= 1.5 deg, or none), noise,
sometimes blur, JPEG or 200 dpi.

Parts by seed: **tune** (``TUNE_SEED``) is the first run and what any fix may be made on; **check**
(``CHECK_SEED``: other text, other damage, the same turns) is held out: run once before any fix and
then only to report.

Readers and report: bench/ocr_capture_probe.py's ``run_probe`` (``read_page``, the product path, and
``tesseract PAGE out -l Devanagari+eng txt`` on the page as scanned, interleaved on one pool; a line per
page; bench/ocr_shapes.py's per-kind summary: upright pages turned (must be 0), turned pages brought
upright, CER of each and the ratio on all and on upright pages, flags, the safety net's cost; then per
kind the pages flagged, read worse than plain, mostly wrong yet unflagged, CPU and wall per page).
``--page-timeout``: Sanchika's page time limit in this run (the product's 180 s by default). On a machine
shared by many sessions (load 40 on 2 cores) a page of 11 CPU seconds took over 180 s of wall time and
its PageTimeoutError stopped the whole run; a larger limit reads every page as on a quiet machine.
These are generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_capture_probe import capture_table, print_capture, run_probe  # noqa: E402
from bench.ocr_quality import run_task  # noqa: E402


def make_pages(out: Path, kinds: list[str], fonts: list[str], part: str = "tune", shapes: str = "fresh2shapes") -> list[dict]:
    """Each kind in each face, upright and turned, of ``part`` ("tune" or "check"), saved in ``out``;
    ``shapes``: the generator in tests/ (tests/fresh3shapes.py's pages are made the same way)."""
    import importlib

    fs = importlib.import_module(f"tests.{shapes}")

    seed = {"tune": fs.TUNE_SEED, "check": fs.CHECK_SEED}[part]
    pages = []
    for kind in kinds:
        for font in fonts:
            page = fs.make(kind, font, seed)
            turn = fs.turn_of(kind, fs.BENCH_FONTS.index(font) if font in fs.BENCH_FONTS else 0)
            for rot in (0, turn):
                image, dpi = fs.scan(page, rot)
                name = f"{part}-{kind}-{font}-r{rot}"
                path = out / f"{name}.png"
                image.save(path, dpi=(dpi, dpi))
                pages.append({"name": name, "png": str(path), "dpi": dpi, "part": part, "kind": kind, "turn": rot,
                              "reference": page.text})
    return pages


def read_task(task: tuple[str, str, int]) -> dict:
    """bench/ocr_quality.py's ``run_task`` with Sanchika's page time limit from ``SANCHIKA_BENCH_PAGE_TIMEOUT``."""
    import dataclasses

    from ocr import read

    limit = float(os.environ.get("SANCHIKA_BENCH_PAGE_TIMEOUT", "180"))
    if not hasattr(read.read_page, "limited"):
        product = read.read_page

        def limited(path, kind, page_no, opts, *args, **kwargs):  # type: ignore[no-untyped-def]
            return product(path, kind, page_no, dataclasses.replace(opts, page_timeout=limit), *args, **kwargs)

        limited.limited = True  # type: ignore[attr-defined]
        read.read_page = limited
    return run_task(task)


def main(shapes: str = "fresh2shapes", key: str = "fresh2", doc: str | None = __doc__) -> None:
    """The bench of ``shapes`` (bench/ocr_shapes_fresh3.py runs tests/fresh3shapes.py's pages with it)."""
    import importlib

    fs = importlib.import_module(f"tests.{shapes}")
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", default="tune", choices=("tune", "check"))
    ap.add_argument("--kinds", default=",".join(fs.KINDS))
    ap.add_argument("--fonts", default=",".join(fs.BENCH_FONTS))
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--page-timeout", type=float, default=180.0)
    args = ap.parse_args()
    os.environ["SANCHIKA_BENCH_PAGE_TIMEOUT"] = str(args.page_timeout)
    run_probe(args, functools.partial(make_pages, part=args.part, shapes=shapes), read_task, f"sanchika-{key}-", 38,
              capture_table, print_capture, key)


if __name__ == "__main__":
    main()
