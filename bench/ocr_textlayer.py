"""Text layers that lie: legacy Devanagari encodings, per encoding, and the controls.

    .venv/bin/python bench/ocr_textlayer.py [--pages 6] [--ocr 1] [--json]

1. Public pairs: each encoding's converter on legacy strings read off real pages by others
   (tests/ocr/legacy/public_pairs.py): how many come out exactly right.
2. Lying pages, per encoding, on two texts: "tuned" (the office lines the tables and the scorer
   were developed on: tests/pagegen.py and bench/ocr_eval) and "held-out" (bench/data/
   heldout_hindi.txt, written for this bench and never tuned on). Each page is 12 lines of one
   text typed in the encoding (our own encoder), the font NOT embedded (what a viewer shows is
   Latin junk), under the font's real name and under an innocent one ("Office Serif").
   Printed: the text's lines the encoding can type, pages, pages converted, pages trusted, the
   word-list share of the kept reading (share of words in the Hindi word list) and of the
   Unicode text itself (the ceiling: held-out words missing from the list), usable pages (word-list share >= 0.5: the trusted
   layer, else the converted candidate OCR competes with), and what the other candidates scored:
   the raw layer, the best other layout, and OCR of the rendered page (``--ocr`` pages each).
3. Controls: Unicode, English, HarfBuzz-shaped and broken-Unicode pages: trusted / OCRed, and
   never "converted".
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_eval import generate  # noqa: E402
from domain.types import FileKind  # noqa: E402
from ocr.legacy.registry import LAYOUTS  # noqa: E402
from ocr.legacy.shape import Layout, convert, encode  # noqa: E402
from ocr.reading import read  # noqa: E402
from ocr.textlayer import USABLE, judge_text_layer  # noqa: E402
from tests import pagegen  # noqa: E402
from tests.ocr.legacy import lying, public_pairs  # noqa: E402
from tests.ocr.legacy.test_lying_pdfs import FONT_NAMES  # noqa: E402

PAIRS = {"krutidev": public_pairs.KRUTI + public_pairs.KRUTI_SANCHIKA, "dv-tt": public_pairs.DV_TT,
         "dv-divyae": public_pairs.DV_DIVYAE, "dvb-tt": public_pairs.DVB_TT, "chanakya": public_pairs.CHANAKYA,
         "walkman-chanakya": public_pairs.WALKMAN, "shusha": public_pairs.SHUSHA, "aps-dv": public_pairs.APS}


def tuned_lines() -> list[str]:
    rng = np.random.default_rng(2026)
    out = list(pagegen.HINDI_LINES)
    for kind in ("letter", "notesheet", "table"):
        out += [x for x in generate.KINDS[kind](rng, "hi") if x.strip()]
    return out


def heldout_lines() -> list[str]:
    text = (REPO / "bench" / "data" / "heldout_hindi.txt").read_text("utf-8").splitlines()
    return [x for x in text if x.strip() and not x.startswith("#")]


def typeable(lines: list[str], layout: Layout) -> list[str]:
    """Lines the layout's table can type (DVB-TT's is partial)."""
    return [x for x in lines if not any("\u0900" <= c <= "\u097f" for c in encode(x, layout))]


def pairs_report() -> dict[str, tuple[int, int]]:
    out = {}
    for layout in LAYOUTS:
        ps = PAIRS[layout.name]
        exact = sum(1 for a, b in ps if convert(a, layout) == unicodedata.normalize("NFC", b))
        out[layout.name] = (exact, len(ps))
    return out


def _ocr_known(path: Path) -> float:
    from ocr.options import OcrOptions
    from ocr.read import read_page

    page = read_page(path, FileKind.PDF, 1, OcrOptions(use_text_layer=False, watchdog=False, make_pdf=False))
    return read(page.text.text).known


def _candidates(reasons: tuple[str, ...], layout: str) -> tuple[float, float]:
    """(raw share, best other layout's share) from the verdict's notes on the legacy font."""
    for r in reasons:
        if r.startswith("legacy:") and "follows" not in r:
            scores = dict(x.split("=") for x in r[r.index("(") + 1 : -1].split(","))
            others = [float(v) for k, v in scores.items() if k not in ("raw", layout)]
            return float(scores.get("raw", 0.0)), max(others, default=0.0)
    return 0.0, 0.0


def page_row(tmp: Path, layout: Layout, lines: list[str], font: str, ocr: bool) -> dict[str, float]:
    path = tmp / f"{layout.name}.pdf"
    path.write_bytes(lying.not_embedded_pdf([encode(x, layout) for x in lines], font, size=11))
    started = time.perf_counter()
    v = judge_text_layer(path, 1)
    ms = (time.perf_counter() - started) * 1000
    kept = v.text if v.trusted else v.candidate
    raw, other = _candidates(v.reasons, layout.name)
    row = {"converted": float(any(r.startswith("legacy-converted:won") for r in v.reasons)),
           "trusted": float(v.trusted), "known": read(kept).known if kept else 0.0, "raw": raw, "other": other,
           "ms": ms}
    row["usable"] = float(row["known"] >= USABLE)
    if ocr:
        row["ocr"] = _ocr_known(path)
    return row


def encoding_report(args: argparse.Namespace) -> dict[str, dict[str, dict[str, float]]]:
    parts = {"tuned": tuned_lines(), "held-out": heldout_lines()}
    out: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    with tempfile.TemporaryDirectory() as tmp:
        for layout in LAYOUTS:
            for part, pool in parts.items():
                lines = typeable(pool, layout)
                rows = []
                for i in range(args.pages):
                    rng = np.random.default_rng(100 + i)
                    page = [lines[int(j)] for j in rng.choice(len(lines), size=min(12, len(lines)), replace=False)]
                    font = FONT_NAMES[layout.name] if i % 2 == 0 else "Office Serif"
                    rows.append(page_row(Path(tmp), layout, page, font, ocr=i < args.ocr))
                summary = {k: float(np.mean([r[k] for r in rows if k in r])) for k in rows[0]}
                summary["pages"] = float(len(rows))
                summary["converted"] = sum(r["converted"] for r in rows)
                summary["trusted"] = sum(r["trusted"] for r in rows)
                summary["usable"] = sum(r["usable"] for r in rows)
                summary["lines"] = float(len(lines))
                summary["truth"] = read("\n".join(lines)).known  # the Unicode text itself: the ceiling
                out[layout.name][part] = summary
    return out


def _broken(line: str) -> str:
    """Every i-matra moved before its consonant and the viramas dropped: what a bad ToUnicode map gives."""
    out = list(line)
    for k in range(1, len(out)):
        if out[k] == "ि":
            out[k - 1], out[k] = out[k], out[k - 1]
    return "".join(out).replace("्", "")


def control_report(pages: int) -> dict[str, dict[str, float]]:
    kinds = {
        "unicode": lambda i: pagegen.text_pdf(pagegen.office_lines(seed=i, n=12)),
        "english": lambda i: pagegen.text_pdf(list(pagegen.ENGLISH_LINES) * 2),
        "shaped": lambda i: pagegen.text_pdf(pagegen.office_lines(seed=i, n=12), shaped=True),
        "broken": lambda i: pagegen.text_pdf([_broken(x) for x in pagegen.office_lines(seed=i, n=12, english_share=0)]),
    }
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, make in kinds.items():
            c = {"pages": 0.0, "trusted": 0.0, "converted": 0.0}
            for i in range(pages):
                path = Path(tmp) / f"{kind}-{i}.pdf"
                path.write_bytes(make(i))
                v = judge_text_layer(path, 1)
                c["pages"] += 1
                c["trusted"] += v.trusted
                c["converted"] += any(r.startswith("legacy-converted:won") for r in v.reasons)
            out[kind] = c
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=6, help="pages per encoding and text part")
    ap.add_argument("--ocr", type=int, default=1, help="of them, pages also OCRed (slow: ~2 s each)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    pairs = pairs_report()
    enc = encoding_report(args)
    controls = control_report(args.pages)
    if args.json:
        print(json.dumps({"pairs": pairs, "encodings": enc, "controls": controls}, indent=2))
        return
    print("Public pairs (strings read off real pages by others):")
    for name, (exact, n) in pairs.items():
        print(f"  {name:17s} {exact:4d}/{n:<4d} exact")
    print("\nLying pages (font not embedded; half under the real name, half as 'Office Serif'):")
    print(f"  {'encoding':17s} {'text':9s} {'lines':>5s} {'pages':>5s} {'conv':>5s} {'trust':>5s} {'share':>6s}"
          f" {'truth':>6s} {'usable':>6s} {'raw':>5s} {'other':>6s} {'OCR':>5s} {'ms':>5s}")
    for name, parts in enc.items():
        for part, s in parts.items():
            ocr = f"{s['ocr']:5.2f}" if "ocr" in s else "    -"
            print(f"  {name:17s} {part:9s} {s['lines']:5.0f} {s['pages']:5.0f} {s['converted']:5.0f} {s['trusted']:5.0f}"
                  f" {s['known']:6.2f} {s['truth']:6.2f} {s['usable']:6.0f} {s['raw']:5.2f} {s['other']:6.2f} {ocr}"
                  f" {s['ms']:5.0f}")
    print("\nControls:")
    for kind, c in controls.items():
        print(f"  {kind:9s} pages {c['pages']:.0f}  trusted {c['trusted']:.0f}  converted {c['converted']:.0f}")


if __name__ == "__main__":
    main()
