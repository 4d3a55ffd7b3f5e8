"""What preprocessing costs against Tesseract on the same page, in CPU seconds.

    nice -n 10 .venv/bin/python bench/ocr_preprocess_cost.py [--pages 5]

On ``--pages`` generated full A4 300 dpi office pages (tests/pagegen.busy_a4: 22 lines, 2 degrees of
skew, scan noise; seeds 9, 10, ...): the CPU of ``ocr.preprocess.preprocess`` in this process (after
one warm-up call) and the CPU of the ``tesseract`` command (children's rusage) reading the
preprocessed page with the default languages, TSV only. CPU seconds are comparable on a loaded
machine; wall time is not. Prints both per page and their ratio; the target (tests used to assert
it) is preprocessing under 0.4 s of CPU on such a page, a fraction of Tesseract's ~1.5-2 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ocr import OcrOptions, run_tesseract  # noqa: E402
from ocr.preprocess import preprocess  # noqa: E402
from tests import pagegen  # noqa: E402

TARGET_S = 0.4


def _children_cpu() -> float:
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return c.ru_utime + c.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=5)
    args = ap.parse_args()
    opts = OcrOptions()
    preprocess(pagegen.busy_a4(8), 300, opts)  # warm-up: imports, OpenCV's first calls
    load0 = os.getloadavg()[0]
    rows = []
    for seed in range(9, 9 + args.pages):
        img = pagegen.busy_a4(seed)
        started = time.process_time()
        pre = preprocess(img, 300, opts)
        pre_cpu = time.process_time() - started
        before = _children_cpu()
        run_tesseract(pre.image, lang=opts.lang, dpi=300, make_pdf=False)
        rows.append((seed, pre_cpu, _children_cpu() - before, pre.orientation_cue, pre.steps))
    print(f"{args.pages} generated A4 300 dpi pages, lang {opts.lang}; load average {load0:.1f} → "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'seed':>4s} {'preprocess CPU s':>17s} {'/ 0.4 s':>8s} {'tesseract CPU s':>16s} {'pre / tess':>10s}  cue, steps")
    for seed, pre_cpu, tess_cpu, cue, steps in rows:
        print(f"{seed:4d} {pre_cpu:17.3f} {pre_cpu / TARGET_S:7.2f}x {tess_cpu:16.2f} {pre_cpu / tess_cpu:10.1%}  {cue}, {' '.join(steps)}")
    pre_mean = sum(r[1] for r in rows) / len(rows)
    tess_mean = sum(r[2] for r in rows) / len(rows)
    print(f"mean: preprocessing {pre_mean:.3f} s CPU ({pre_mean / TARGET_S:.2f}x the {TARGET_S} s target), "
          f"tesseract {tess_mean:.2f} s CPU; preprocessing = {pre_mean / tess_mean:.1%} of Tesseract; "
          f"max preprocessing {max(r[1] for r in rows):.3f} s")


if __name__ == "__main__":
    main()
