"""OCR quality: Sanchika against raw Tesseract and OCRmyPDF on the generated evaluation set.

    .venv/bin/python bench/ocr_quality.py [--pages 30] [--seed 2026] [--procs 2] [--json FILE]
                                          [--orientation-pages 96] [--no-ocrmypdf]

Pages come from bench/ocr_eval/generate.py (fixed seed; a third clean, the rest degraded).
Pipelines, run interleaved page by page on one pool of ``--procs`` processes, so machine load
hits all of them alike:
  - sanchika:  ocr.read.read_page (the product path: preprocessing, routing, searchable PDF page);
  - raw:       ``tesseract PAGE out -l Devanagari+eng txt`` (same languages, no preprocessing);
  - raw-hin:   the same with ``hin+eng`` (clean pages only: "the best language set" is the better
               of the two per page);
  - ocrmypdf:  ``ocrmypdf -l Devanagari+eng --deskew --rotate-pages --clean --output-type pdf
               -O0 --sidecar`` on degraded pages (``--output-type pdf -O0`` skip PDF/A conversion
               and optimisation: that only makes OCRmyPDF faster, so the speed ratio is
               conservative).
Time per page is reported as CPU seconds (the process and its children, from getrusage, plus the
growth of the worker's long-lived page process read from /proc, where Sanchika's OCR runs: robust to
the machine's load) and wall seconds (inflated and noisy on a loaded machine).
OCRmyPDF and unpaper are bench-only tools, not product dependencies: ``apt-get install ocrmypdf
unpaper``. Without them the OCRmyPDF column is skipped with a message.

``--pdf`` adds two pipelines on the same pages put into one-page scanned PDFs (Pillow: the page
image as JPEG, as scanners write them): ``sanchika-pdf`` (the product path: a page that is one
full-page image at 300 dpi or more is decoded as stored) and ``sanchika-pdf-render`` (every page
rendered by pdfium at 300 dpi, the path before that change). Pages under 300 dpi are rendered by
both.

A separate orientation check runs the preprocessing alone on ``--orientation-pages`` pages turned
0/90/180/270 (all fonts, Hindi/English/mixed, skew and noise) and counts upright results.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_eval import generate  # noqa: E402
from bench.ocr_eval.metrics import aggregate, score_page  # noqa: E402

LANG = "Devanagari+eng"


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime


def _page_process_cpu() -> tuple[int | None, float]:
    """(pid, CPU seconds) of this pool process's long-lived page process (ADR 0013), its reaped
    children included: Sanchika's OCR runs there (Tesseract's library too, ADR 0014), and a live
    child's CPU is not in this process's RUSAGE_CHILDREN until it is reaped."""
    from ocr import watchdog

    proc = watchdog._PROCESS
    if proc is None or proc.pid is None or proc._owner != os.getpid():
        return None, 0.0
    try:
        with open(f"/proc/{proc.pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None, 0.0
    return proc.pid, sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime


def _init() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def _options(pipeline: str) -> object:
    """OcrOptions of a pipeline named ``sanchika:NAME=VALUE,...`` (a number, a bool as 0/1, or text)."""
    import dataclasses

    from ocr.options import OcrOptions

    base = OcrOptions()
    changes: dict[str, object] = {}
    for pair in pipeline.split(":", 1)[1].split(","):
        name, value = pair.split("=", 1)
        kind = type(getattr(base, name))
        changes[name] = bool(int(value)) if kind is bool else kind(value)
    return dataclasses.replace(base, **changes)


def run_task(task: tuple[str, str, int]) -> dict:
    """One pipeline on one page in a pool process: text, CPU and wall seconds."""
    pipeline, png, dpi = task
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cpu0, wall0 = _cpu(), time.perf_counter()
    pp0 = _page_process_cpu()
    extra: dict = {}
    with tempfile.TemporaryDirectory(prefix="sanchika-q-") as tmp:
        if pipeline.startswith("sanchika"):
            import dataclasses

            from domain.types import FileKind
            from ocr.options import OcrOptions
            from ocr.read import read_page

            if pipeline == "sanchika":
                page = read_page(Path(png), FileKind.PNG, 1, OcrOptions()).text
            elif pipeline.startswith("sanchika:"):  # options changed, e.g. "sanchika:lang=eng,lang_routing=0"
                page = read_page(Path(png), FileKind.PNG, 1, _options(pipeline)).text
            else:
                opts = dataclasses.replace(OcrOptions(), extract_images=pipeline == "sanchika-pdf")
                page = read_page(Path(png).with_suffix(".pdf"), FileKind.PDF, 1, opts).text
            text = page.text
            extra = {"rotation": page.rotation, "lang": page.lang, "steps": list(page.steps),
                     "quality": getattr(page, "quality", None), "flag": getattr(page, "flag", None) or "",
                     "reasons": list(page.quality_reasons), "confidences": [w.confidence for w in page.words]}
        elif pipeline in ("raw", "raw-hin"):
            lang = LANG if pipeline == "raw" else "hin+eng"
            out = Path(tmp) / "out"
            subprocess.run(["tesseract", png, str(out), "-l", lang, "txt"], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            text = out.with_suffix(".txt").read_text("utf-8")
        else:
            side = Path(tmp) / "side.txt"
            proc = subprocess.run(
                ["ocrmypdf", "-q", "-l", LANG, "--deskew", "--rotate-pages", "--clean", "--output-type", "pdf",
                 "-O0", "-j", "1", "--image-dpi", str(dpi), "--sidecar", str(side), png, str(Path(tmp) / "o.pdf")],
                env=env, capture_output=True, text=True, check=False)
            text = side.read_text("utf-8") if side.exists() else ""
            if proc.returncode != 0:
                extra["error"] = proc.stderr.strip()[-300:]
    # The page process's CPU on this page is its growth. If it retired or was replaced, the old one
    # was reaped: its whole total is in the RUSAGE_CHILDREN delta, so subtracting what it had
    # before this page (and adding the new one's) is the same formula.
    page_cpu = _page_process_cpu()[1] - pp0[1]
    return {"pipeline": pipeline, "png": png, "text": text, "cpu": _cpu() - cpu0 + page_cpu,
            "wall": time.perf_counter() - wall0, **extra}


def orientation_check(n: int, seed: int) -> tuple[int, int, list[str]]:
    """(right, total, wrong page names): preprocessing alone on turned pages."""
    import numpy as np

    from ocr.options import OcrOptions
    from ocr.preprocess import preprocess
    from tests import pagegen

    rng = np.random.default_rng(seed + 1)
    fonts = list(generate.FONTS)
    right, wrong = 0, []
    for i in range(n):
        turn = (0, 90, 180, 270)[i % 4]
        mix = ("mixed", "hi", "en")[(i // 4) % 3]
        font = fonts[(i // 12) % len(fonts)]
        kind = list(generate.KINDS)[i % 3]
        lines = generate.KINDS[kind](rng, mix)[:14]
        dpi = int(rng.choice([150, 200, 300]))
        img = pagegen.render_lines(lines, font=generate.FONTS[font], dpi=dpi, size="A4")
        img = pagegen.degrade(img, seed=i, rotate=turn, skew=float(rng.uniform(-5, 5)), noise=float(rng.choice([0, 6, 10])))
        pre = preprocess(np.asarray(img), dpi, OcrOptions())
        if pre.rotation == (360 - turn) % 360:
            right += 1
        else:
            wrong.append(f"{kind}-{mix}-{font}-turn{turn}-got{pre.rotation}")
    return right, n, wrong


def _fmt(x: float, pct: bool = True) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{100 * x:.2f}%" if pct else f"{x:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description="OCR quality: Sanchika vs raw Tesseract vs OCRmyPDF")
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--orientation-pages", type=int, default=96)
    ap.add_argument("--no-ocrmypdf", action="store_true")
    ap.add_argument("--json", type=Path, default=None, help="write per-page results here")
    ap.add_argument("--pdf", action="store_true", help="also the pages as scanned PDFs: image taken as stored vs rendered")
    ap.add_argument("--no-raw", action="store_true", help="skip raw Tesseract (with --pdf: only the A/B of the PDF paths)")
    args = ap.parse_args()

    started = time.monotonic()
    folder = generate.OUT / f"seed{args.seed}-n{args.pages}"
    manifest = generate.generate(folder, args.pages, args.seed)
    have_ocrmypdf = shutil.which("ocrmypdf") is not None and shutil.which("unpaper") is not None
    if not have_ocrmypdf and not args.no_ocrmypdf:
        print("OCRmyPDF or unpaper is not installed: the OCRmyPDF column is skipped. "
              "Install them for the bench only: apt-get install ocrmypdf unpaper", file=sys.stderr)
    use_ocrmypdf = have_ocrmypdf and not args.no_ocrmypdf

    tasks: list[tuple[str, str, int]] = []
    for spec in manifest:
        png = str(folder / f"{spec['name']}.png")
        tasks.append(("sanchika", png, spec["dpi"]))
        if args.pdf:
            pdf = Path(png).with_suffix(".pdf")
            if not pdf.exists():
                from PIL import Image

                from tests import pagegen

                with Image.open(png) as im:
                    pdf.write_bytes(pagegen.image_pdf([im.copy()], dpi=spec["dpi"]))
            tasks += [("sanchika-pdf", png, spec["dpi"]), ("sanchika-pdf-render", png, spec["dpi"])]
        if args.no_raw:
            continue
        tasks.append(("raw", png, spec["dpi"]))
        if not spec["degraded"]:
            tasks.append(("raw-hin", png, spec["dpi"]))
        elif use_ocrmypdf:
            tasks.append(("ocrmypdf", png, spec["dpi"]))
    # longest first keeps both processes busy to the end
    order = {"ocrmypdf": 0, "sanchika": 1, "sanchika-pdf": 2, "sanchika-pdf-render": 3, "raw": 4, "raw-hin": 5}
    tasks.sort(key=lambda t: (order[t[0]] != 0, t[1], order[t[0]]))
    with ProcessPoolExecutor(args.procs, initializer=_init) as pool:
        results = list(pool.map(run_task, tasks))

    specs = {str(folder / f"{s['name']}.png"): s for s in manifest}
    by: dict[tuple[str, str], dict] = {}
    for r in results:
        spec = specs[r["png"]]
        gt = (folder / f"{spec['name']}.gt.txt").read_text("utf-8")
        r["score"] = score_page(gt, r["text"])
        by[(r["pipeline"], r["png"])] = r

    def rows(pipeline: str, degraded: bool) -> list[dict]:
        return [by[(pipeline, p)] for p, s in specs.items() if s["degraded"] == degraded and (pipeline, p) in by]

    def best_raw_clean() -> list[dict]:
        out = []
        for p, s in specs.items():
            if s["degraded"]:
                continue
            cands = [by[(k, p)] for k in ("raw", "raw-hin") if (k, p) in by]
            out.append(min(cands, key=lambda r: r["score"].cer))
        return out

    table: dict[str, dict] = {}
    pdf_rows = ["sanchika-pdf", "sanchika-pdf-render"] if args.pdf else []
    groups = [("clean", False, ["sanchika", *pdf_rows, "raw", "raw-hin"]),
              ("degraded", True, ["sanchika", *pdf_rows, "raw", "ocrmypdf"])]
    print(f"evaluation set: {folder.relative_to(REPO)} ({len(manifest)} A4 pages, seed {args.seed}); language set {LANG}")
    header = (f"{'pages':9s} {'pipeline':22s} {'n':>3s} {'CER':>7s} {'WER':>7s} {'CER deva':>9s} {'CER latin':>9s} "
              f"{'numbers':>8s} {'dates':>7s} {'file no.':>8s} {'CPU s/pg':>8s} {'wall s/pg':>9s}")
    print(header)
    for label, degraded, pipelines in groups:
        sets = [(p, rows(p, degraded)) for p in pipelines]
        if not degraded and not args.no_raw:
            sets.append(("raw-best-lang", best_raw_clean()))
        for name, rs in sets:
            if not rs:
                continue
            agg = aggregate([r["score"] for r in rs])
            cpu = sum(r["cpu"] for r in rs) / len(rs)
            wall = sum(r["wall"] for r in rs) / len(rs)
            table[f"{label}/{name}"] = {**agg, "n": len(rs), "cpu_per_page": cpu, "wall_per_page": wall}
            print(f"{label:9s} {name:22s} {len(rs):3d} {_fmt(agg['cer']):>7s} {_fmt(agg['wer']):>7s} "
                  f"{_fmt(agg['cer_deva']):>9s} {_fmt(agg['cer_latin']):>9s} {_fmt(agg['acc_numbers']):>8s} "
                  f"{_fmt(agg['acc_dates']):>7s} {_fmt(agg['acc_file_numbers']):>8s} {cpu:8.2f} {wall:9.2f}")

    print("\ntargets:")
    s_deg, o_deg = table.get("degraded/sanchika"), table.get("degraded/ocrmypdf")
    if s_deg and o_deg:
        print(f"  degraded CER sanchika/ocrmypdf = {s_deg['cer'] / max(o_deg['cer'], 1e-9):.2f}  (target <= 0.80)")
        print(f"  degraded speed sanchika vs ocrmypdf (CPU) = {o_deg['cpu_per_page'] / s_deg['cpu_per_page']:.2f}x, "
              f"(wall) = {o_deg['wall_per_page'] / s_deg['wall_per_page']:.2f}x  (target >= 1.3)")
    s_cl, b_cl = table.get("clean/sanchika"), table.get("clean/raw-best-lang")
    if s_cl and b_cl:
        print(f"  clean CER sanchika {_fmt(s_cl['cer'])} vs raw tesseract best language set {_fmt(b_cl['cer'])}  "
              f"(target: no worse)")
    turned = [by[("sanchika", p)] for p, s in specs.items() if s["turn"]]
    ok = sum(1 for r in turned if r.get("rotation") == (360 - specs[r["png"]]["turn"]) % 360)
    right, total, wrong = orientation_check(args.orientation_pages, args.seed) if args.orientation_pages else (0, 0, [])
    print(f"  upright: eval set {ok}/{len(turned)}, orientation check {right}/{total} "
          f"= {100 * (ok + right) / max(1, len(turned) + total):.1f}%  (target >= 99%)" + (f"  wrong: {wrong}" if wrong else ""))
    flags = [(Path(r["png"]).stem, str(r.get("flag") or ""), r.get("lang")) for r in rows("sanchika", True) + rows("sanchika", False)]
    print(f"  sanchika languages used: { {lang: sum(1 for f in flags if f[2] == lang) for lang in {f[2] for f in flags}} }")
    print(f"  sanchika flags: { {fl: sum(1 for f in flags if f[1] == fl) for fl in {f[1] for f in flags}} }")
    errors = [r for r in results if r.get("error")]
    for r in errors:
        print(f"  ocrmypdf failed on {Path(r['png']).name}: {r['error']}")
    print(f"\n{time.monotonic() - started:.0f} s in all")
    if args.json:
        per_page = [{"page": Path(r["png"]).stem, "pipeline": r["pipeline"], "cer": r["score"].cer, "wer": r["score"].wer,
                     "cpu": r["cpu"], "wall": r["wall"], **{k: r[k] for k in ("rotation", "lang", "steps", "quality", "flag") if k in r}}
                    for r in results]
        args.json.write_text(json.dumps({"summary": table, "pages": per_page}, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
