"""More page shapes of real district-office files no earlier bench has (issue 17, "generalise"):
Sanchika's page reading against plain Tesseract on the same pages, in the same run.

    .venv/bin/python bench/ocr_shapes_fresh3.py [--part tune|check] [--kinds wedge,passport,...]
                                                 [--fonts samyak,...] [--procs 2] [--json FILE]
                                                 [--page-timeout 180]

Pages come from tests/fresh3shapes.py (written and committed before this bench's first run; generated at
run time, nothing binary committed): a photocopy with a black frame and a dark wedge where the sheet lay
off the glass, an application form with a passport photograph, a two-column Hindi book page with
footnotes, a landscape table printed sideways on a portrait page (upright = the way the table reads), a
letter 3-8 deg askew, a typed letter with pencil notes in its margin, a circular on pink or green paper,
highlighter bands over lines, a violet "received" stamp struck at an angle over the text and initialled,
a letter folded in three and across; in the Devanagari faces the fewest other benches use (Samyak,
Samanata, Annapurna). Every (kind, face) page is read upright and turned (90, 180, 270 in turn), scanned
with light skew (<= 1.5 deg, or none), noise, sometimes blur, JPEG or 200 dpi; colour kinds stay colour.

Parts by seed: **tune** (``TUNE_SEED``) is the first run and what any fix may be made on; **check**
(``CHECK_SEED``: other text, other damage, the same turns) is held out: run once before any fix and
then only to report.

Readers, report and ``--page-timeout``: bench/ocr_shapes_fresh2.py's (``read_page``, the product path,
against ``tesseract PAGE out -l Devanagari+eng txt`` on the page as scanned, interleaved on one pool;
per kind: upright pages turned, turned pages brought upright, CER, words found, flags, unflagged pages
over 30 % CER, CPU). These are generated pages, not real scans.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_shapes_fresh2 import main  # noqa: E402

if __name__ == "__main__":
    main("fresh3shapes", "fresh3", __doc__)
