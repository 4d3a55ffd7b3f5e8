"""Separator sheets in the OCR stage: what the code search costs, and on which pages it runs.

    .venv/bin/python bench/ocr_separators.py [--reps 5]

Generates A4 300 dpi pages (tests/pagegen, fixed seeds): office letters, short notes (5-6 lines),
short notes carrying a QR code (e-Office letters do), blank duplex backs, and separator sheets
with a PATCH T (80 mm and full page length), a QR code or a Code 128 barcode plus a printed
label. For each kind it prints the CPU milliseconds per page of

  - the glance (``ocr.glance.glance``: ~75 dpi ink and code-like marks), run on every OCR page;
  - the code search (``find_codes_near``), run only where the glance lets it;
  - an ungated whole-page search at full resolution (``find_codes``), for comparison;

and the verdict, with the page's own printed words standing in for its OCR text. Tesseract on
such a page costs ~1.5-2.5 s CPU (docs/benchmarks.md), so "near free" means a few ms.
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ocr.codes import find_codes, find_codes_near  # noqa: E402
from ocr.glance import glance  # noqa: E402
from ocr.separators import separator_verdict  # noqa: E402
from tests import pagegen  # noqa: E402
from tests.pagegen import code128_symbol, patch_t_symbol, qr_symbol  # noqa: E402

DPI = 300
MM = DPI / 25.4


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _page(lines: list[str], seed: int) -> np.ndarray:
    img = pagegen.render_lines(lines, size="A4", dpi=DPI)
    return np.asarray(pagegen.degrade(img, seed=seed, noise=4))


def _paste(page: np.ndarray, sym: np.ndarray, top_mm: float, left_mm: float) -> np.ndarray:
    out = page.copy()
    y, x = round(top_mm * MM), round(left_mm * MM)
    sym = sym[: out.shape[0] - y, : out.shape[1] - x]
    out[y : y + sym.shape[0], x : x + sym.shape[1]] = np.minimum(out[y : y + sym.shape[0], x : x + sym.shape[1]], sym)
    return out


def pages() -> list[tuple[str, bool, list[tuple[np.ndarray, str]]]]:
    """(kind, is a separator, [(image, its printed text)])."""
    out = []
    letters = [(pagegen.office_lines(seed=s, n=22), s) for s in range(6)]
    out.append(("letter (22 lines)", False, [(_page(ls, s), " ".join(ls)) for ls, s in letters]))
    notes = [(pagegen.office_lines(seed=s, n=6), s) for s in range(6)]
    out.append(("short note (6 lines)", False, [(_page(ls, s), " ".join(ls)) for ls, s in notes]))
    out.append(("short note + QR", False, [(_paste(_page(ls, s), qr_symbol("12/3/2019-Estt", 0.5, DPI), 250, 160), " ".join(ls)) for ls, s in notes]))
    out.append(("letter + QR", False, [(_paste(_page(ls, s), qr_symbol("12/3/2019-Estt", 0.5, DPI), 250, 160), " ".join(ls)) for ls, s in letters]))
    backs = [np.asarray(pagegen.degrade(pagegen.render_lines([], size="A4", dpi=DPI), seed=s, noise=5, speckle=0.0005)) for s in range(6)]
    out.append(("blank back", False, [(b, "") for b in backs]))
    label = ["SEPARATOR", "", "File No. 45/2/2020-ADMN"]
    sheet = [(_page(label, s), " ".join(label)) for s in range(6)]
    out.append(("separator, PATCH T 80 mm", True, [(_paste(p, patch_t_symbol(80, DPI), 100, 95), t) for p, t in sheet]))
    out.append(("separator, PATCH T full length", True, [(_paste(p, patch_t_symbol(290, DPI), 3, 15), t) for p, t in sheet]))
    out.append(("separator, QR 0.8 mm", True, [(_paste(p, qr_symbol("File No. 12/3/2019-Estt", dpi=DPI), 100, 80), t) for p, t in sheet]))
    out.append(("separator, Code 128 0.33 mm", True, [(_paste(p, code128_symbol("45/2/2020-ADMN", dpi=DPI), 100, 40), t) for p, t in sheet]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5, help="timing repetitions per page")
    args = ap.parse_args()
    print(f"{'pages (6 each, A4 300 dpi)':32s} {'glance ms':>9s} {'searched':>8s} {'search ms':>9s} {'ungated ms':>10s} {'separators':>10s}")
    for kind, is_sep, items in pages():
        g_ms, s_ms, u_ms, searched, flagged, wrong = [], [], [], 0, 0, 0
        for img, text in items:
            t = _cpu()
            for _ in range(args.reps):
                g = glance(img, DPI)
            g_ms.append((_cpu() - t) / args.reps * 1000)
            codes: tuple = ()
            if g.may_be_separator:
                searched += 1
                t = _cpu()
                for _ in range(args.reps):
                    codes = find_codes_near(img, g, DPI)
                s_ms.append((_cpu() - t) / args.reps * 1000)
            t = _cpu()
            find_codes(img)
            u_ms.append((_cpu() - t) * 1000)
            v = separator_verdict(img, text, codes=codes) if codes else None
            if v is not None and v.is_separator:
                flagged += 1
                wrong += int(v.file_number not in ("45/2/2020-ADMN", "12/3/2019-Estt"))
        s = f"{np.mean(s_ms):9.1f}" if s_ms else f"{'-':>9s}"
        verdict = f"{flagged}/{len(items)}" + (f" ({wrong} wrong file no.)" if wrong else "")
        print(f"{kind:32s} {np.mean(g_ms):9.1f} {searched:>5d}/{len(items)} {s} {np.mean(u_ms):10.1f} {verdict:>10s}"
              + ("" if (flagged == len(items)) == is_sep and (flagged == 0) != is_sep else "  <-- check"))


if __name__ == "__main__":
    main()
