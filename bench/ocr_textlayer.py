"""Text layers that lie: verdicts on generated born-digital pages, and how often the Kruti Dev
conversion beats the raw layer.

    .venv/bin/python bench/ocr_textlayer.py [--pages 10]

Kinds of page (each ``--pages`` times, different office lines per page):
  unicode        real Unicode Hindi+English layer (one glyph per character)      -> trust
  english        English only                                                    -> trust
  shaped         HarfBuzz-shaped Hindi: conjuncts extract as (cid:N) holes       -> OCR
  kruti          Hindi typed in Kruti Dev 010 keystrokes, font named "Kruti Dev 010" -> convert
  kruti-renamed  the same keystrokes under an innocent font name ("Office Serif") -> convert
  kruti-mixed    Kruti Dev Hindi lines and real English lines on one page (two fonts) -> convert
  broken         Unicode Hindi with its matras moved before the consonants (a bad ToUnicode map) -> OCR
Prints per kind: trusted, OCR, converted layer won, and milliseconds per page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_eval import generate  # noqa: E402
from ocr.krutidev import to_kruti  # noqa: E402
from ocr.textlayer import judge_text_layer  # noqa: E402
from tests import pagegen  # noqa: E402


def _lines(i: int, mix: str) -> list[str]:
    import numpy as np

    rng = np.random.default_rng(7000 + i)
    return generate.KINDS[("letter", "notesheet", "table")[i % 3]](rng, mix)[:14]


def _broken(line: str) -> str:
    """Move every i-matra before its consonant and drop viramas: what a bad ToUnicode map gives."""
    out = list(line)
    for k in range(1, len(out)):
        if out[k] == "ि":
            out[k - 1], out[k] = out[k], out[k - 1]
    return "".join(out).replace("्", "")


def _kruti_mixed(hindi: list[str], english: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("KrutiDev010", fname=str(pagegen._renamed_font_file("Kruti Dev 010")))
    pdf.add_font("NotoSans", fname=str(pagegen.LATIN_FONT))
    pdf.add_page()
    for h, e in zip(hindi, english, strict=False):
        pdf.set_font("KrutiDev010", size=13)
        pdf.cell(0, 10, to_kruti(h), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("NotoSans", size=12)
        pdf.cell(0, 10, e, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make(kind: str, i: int) -> bytes:
    hi = [x for x in _lines(i, "hi") if x.strip()]
    mixed = _lines(i, "mixed")
    en = _lines(i, "en")
    if kind == "unicode":
        return pagegen.text_pdf(mixed)
    if kind == "english":
        return pagegen.text_pdf(en)
    if kind == "shaped":
        return pagegen.text_pdf(mixed, shaped=True)
    if kind == "kruti":
        return pagegen.legacy_font_pdf([to_kruti(x) for x in hi])
    if kind == "kruti-renamed":
        return pagegen.legacy_font_pdf([to_kruti(x) for x in hi], font_name="Office Serif")
    if kind == "kruti-mixed":
        return _kruti_mixed(hi[:7], en[:7])
    if kind == "broken":
        return pagegen.text_pdf([_broken(x) for x in hi])
    raise ValueError(kind)


KINDS = ("unicode", "english", "shaped", "kruti", "kruti-renamed", "kruti-mixed", "broken")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10)
    args = ap.parse_args()
    print(f"{'kind':15s} {'pages':>5s} {'trusted':>8s} {'OCR':>5s} {'converted won':>14s} {'raw won':>8s} {'ms/page':>8s}")
    totals: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for kind in KINDS:
            c: Counter[str] = Counter()
            ms = 0.0
            for i in range(args.pages):
                path = Path(tmp) / f"{kind}-{i}.pdf"
                path.write_bytes(make(kind, i))
                started = time.perf_counter()
                v = judge_text_layer(path, 1)
                ms += (time.perf_counter() - started) * 1000
                c["trusted" if v.trusted else "ocr"] += 1
                if any(r.startswith("legacy-converted:won") for r in v.reasons):
                    c["converted"] += 1
                if any(r.startswith("legacy-converted:lost") for r in v.reasons):
                    c["raw"] += 1
            totals.update(c)
            print(f"{kind:15s} {args.pages:5d} {c['trusted']:8d} {c['ocr']:5d} {c['converted']:14d} {c['raw']:8d} {ms / args.pages:8.1f}")
    print(f"Kruti Dev conversion tried on {totals['converted'] + totals['raw']} pages: converted layer won "
          f"{totals['converted']}, raw layer kept {totals['raw']}")


if __name__ == "__main__":
    main()
