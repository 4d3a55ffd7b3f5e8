"""Do wrong page-script verdicts harm the reading? Sanchika as it is, Sanchika with the verdict forced, and plain
Tesseract, on the pages whose verdict is wrong (issue 17; docs/benchmarks.md, "The page-script verdict on real and
generated pages").

    .venv/bin/python bench/script_harm.py [--part tune|held-out] [--real] [--sets sizes,latin] [--force mixed,latin]
                                          [--turns 0,180] [--json FILE]

Pages: the generated pages of bench/script_survey.py's sets (default: sizes, latin) whose verdict, upright or turned
180, is not their truth (an English page called ``deva`` or ``mixed``, a Hindi page called ``latin`` or ``mixed``),
and with ``--real`` the real Latin scans the survey calls wrong (typewriter, congress, leptonica's stampede2 and
candelabrum.011; fetched as bench/ocr_real_latin.py and ocr_real_scans.py fetch them). Per page and turn, three or
more readings in this process (``ocr.read_page``, watchdog off, no PDF): Sanchika as it is; Sanchika with
``script_of_lines`` answering each ``--force`` verdict instead ("mixed": the configured set, the orientation shape
vote as on a mixed page; "latin": the right verdict of an English page); and, upright, plain ``tesseract PAGE out -l
Devanagari+eng`` on the page as generated. Recorded: the verdict, rotation (right or not), flag, language used, the
CPU of the reading (own + Tesseract's), and the CER and words found against the page's reference text (real pages
have none: their CER and words found are against plain Tesseract's reading, marked ``~``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_real_latin import _cpu, plain  # noqa: E402
from bench.ocr_real_scans import words_found  # noqa: E402
from bench.ocr_shapes import _distance  # noqa: E402
from bench.script_survey import SETS, cached, truth_of, verdict  # noqa: E402

REAL = {"typewriter": "real_latin", "congress": "real_scans", "lept-stampede2": "real_scans",
        "lept-candelabrum.011": "real_scans"}


def _pages(args: argparse.Namespace) -> list[tuple[str, Path, str | None, list[int]]]:
    """(name, PNG with its dpi, reference text or None, the turns whose verdict is wrong)."""
    from PIL import Image

    out = []
    for set_name in args.sets.split(",") if args.sets else []:
        for sname, part, name, make in SETS[set_name]():
            if part != args.part:
                continue
            gray, dpi, text = cached(args.cache, f"{sname}-{part}-{name}", make)
            truth = truth_of(text)
            turns = [t for t in (0, 180) if verdict(gray if t == 0 else gray[::-1, ::-1].copy(), dpi)[0] != truth]
            if truth and turns:
                png = args.cache / f"{sname}-{part}-{name}-dpi.png"
                if not png.exists():
                    Image.fromarray(gray).save(png, dpi=(dpi, dpi))
                out.append((f"{sname}/{name}", png, None if sname == "latin" else text, turns))  # latin: no text
    if args.real:
        for name, folder in REAL.items():
            png = REPO / "bench" / "out" / folder / "pages" / f"{name}.png"
            if png.exists():
                out.append((f"real/{name}", png, None, [0, 180]))
            else:
                print(f"SKIPPED {name}: {png} not fetched (run bench/ocr_real_latin.py / ocr_real_scans.py once)")
    return out


def _read(png: Path, turn: int, force: str, tmp: Path) -> tuple[dict, str]:
    from PIL import Image

    from domain.types import FileKind
    from ocr import OcrOptions, read_page
    from ocr import preprocess as pp

    path = png
    if turn:
        img = Image.open(png)
        dpi = img.info.get("dpi")
        path = tmp / f"turned-{turn}.png"
        img.rotate(-turn, expand=True).save(path, **({"dpi": dpi} if dpi else {}))
    seen: list[str] = []
    original = pp.script_of_lines

    def spy(*a: int) -> str:
        got = original(*a)
        seen.append(got)
        return force or got

    pp.script_of_lines = spy  # type: ignore[assignment]
    opts = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False, page_timeout=900.0)
    try:
        before = _cpu()
        page = read_page(path, FileKind.PNG, 1, opts).text
        cpu = _cpu() - before
    finally:
        pp.script_of_lines = original  # type: ignore[assignment]
    return {"force": force or "-", "verdict": seen[0] if seen else "", "rotation": page.rotation,
            "right": page.rotation == (360 - turn) % 360, "flag": str(page.flag or ""), "lang": page.lang,
            "route": next((s for s in page.steps if s.startswith("lang:")), ""), "cpu": round(cpu, 2),
            "reasons": list(page.quality_reasons)}, page.text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", default="tune", choices=("tune", "held-out"))
    ap.add_argument("--sets", default="sizes,latin")
    ap.add_argument("--real", action="store_true")
    ap.add_argument("--force", default="mixed", help="verdicts forced, comma-separated ('': Sanchika as it is only)")
    ap.add_argument("--turns", default="0,180", help="turns read (of those whose verdict is wrong)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/script-survey-pages"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    rows = []
    wanted = {int(t) for t in args.turns.split(",")}
    for name, png, truth, turns in _pages(args):
        ref_plain, plain_cpu = plain(png)
        ref = truth if truth is not None else ref_plain
        mark = "" if truth is not None else "~"
        print(f"{name}  plain: cpu {plain_cpu:.1f} CER{mark} {_distance(ref, ref_plain) / len(ref):.3f} "
              f"found{mark} {words_found(ref, ref_plain):.3f}", flush=True)
        for turn in sorted(set(turns) & wanted):
            with tempfile.TemporaryDirectory() as tmp:
                for force in ["", *(f for f in args.force.split(",") if f)]:
                    row, text = _read(png, turn, force, Path(tmp))
                    row.update(page=name, turn=turn, cer=round(_distance(ref, text) / len(ref), 4),
                               found=round(words_found(ref, text), 3), plain_cpu=round(plain_cpu, 2),
                               plain_cer=round(_distance(ref, ref_plain) / len(ref), 4),
                               plain_found=round(words_found(ref, ref_plain), 3), truth=truth is not None)
                    rows.append(row)
                    print(f"  turn {turn:3} force {row['force']:5} verdict {row['verdict'] or '-':5} "
                          f"rot {row['rotation']:3} {'ok' if row['right'] else 'WRONG':5} flag={row['flag'] or '-':12} "
                          f"{row['route']:34} cpu {row['cpu']:5.1f} CER{mark} {row['cer']:.3f} "
                          f"found{mark} {row['found']:.3f}" + (f"  {row['reasons']}" if row["flag"] else ""), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    summary(rows)


def summary(rows: list[dict]) -> None:
    for force in sorted({r["force"] for r in rows}):
        sel = [r for r in rows if r["force"] == force]
        up = [r for r in sel if r["turn"] == 0]
        print(f"force {force:6}: readings {len(sel)}, wrong rotation {sum(not r['right'] for r in sel)}, "
              f"flagged {sum(bool(r['flag']) for r in sel)}, CPU {sum(r['cpu'] for r in sel):.1f} s; upright: "
              f"mean CER {np.mean([r['cer'] for r in up] or [0]):.4f} (plain {np.mean([r['plain_cer'] for r in up] or [0]):.4f})"
              f", CPU {sum(r['cpu'] for r in up):.1f} s (plain {sum(r['plain_cpu'] for r in up):.1f} s)")


if __name__ == "__main__":
    main()
