"""`sanchika ocr FILE` against plain Tesseract, in one run (issue 17 point 6).

    .venv/bin/python bench/ocr_command.py [--rounds 2] [--pdf-pages 20] [--lang Devanagari+eng]
                                          [--compare-tree DIR] [--breakdown]

Pages: those of bench/ocr_throughput.py (A4 300 dpi office pages, mixed Hindi/English, light
skew and noise; generated with fixed seeds under bench/out/throughput/): its 20-page image-only
PDF, and its first PNG as the one-page case. Per round, one after the other:
  1. plain `tesseract PAGE out -l LANG txt` on the PDF's pages as PNGs, 2 processes at once
     (OMP_THREAD_LIMIT=1), then `sanchika ocr` on the PDF (SANCHIKA_WORKERS=2, a fresh home);
  2. plain `tesseract` on the one PNG (OpenMP as installed, as a user would run it), then
     `sanchika ocr` on it.
``--compare-tree DIR`` also runs each `sanchika ocr` with PYTHONPATH=DIR (another checkout, e.g.
the commit before a change) right after this tree's: a before/after under the same load.
Wall seconds are summed over the rounds; ratios are Tesseract's wall time over Sanchika's (1.0 =
as fast; higher is faster). CPU seconds (the command and its children) are printed alongside:
they do not depend on the machine's load. Sanchika reads more than Tesseract does (orientation,
deskew, language routing, quality), so a page costs it about what a page costs Tesseract.

``--breakdown``: where a one-page call's fixed cost goes, measured in this process (wall and CPU
seconds, the page process's CPU included): importing the CLI, building the settings, the language
check, counting pages, and the first page against the same page read again (the difference is
the page process's start and Tesseract's language data, loaded once per page process).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
SANCHIKA = REPO / ".venv" / "bin" / "sanchika"
OUT = REPO / "bench" / "out" / "throughput"


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def sanchika_ocr(target: Path, home: Path, tree: Path | None = None) -> tuple[float, float, int]:
    env = {**os.environ, "SANCHIKA_HOME": str(home), "SANCHIKA_WORKERS": "2"}
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    cpu, start = _children_cpu(), time.monotonic()
    out = subprocess.run([str(SANCHIKA), "ocr", str(target), "--json"], env=env, check=True, capture_output=True,
                         text=True).stdout
    seconds = time.monotonic() - start
    return seconds, _children_cpu() - cpu, len(json.loads(out)["pages"])


def _cpu() -> float:
    """CPU seconds of this process and of its page process (ocr/watchdog.py), which is not reaped."""
    import resource

    from ocr import watchdog

    own = resource.getrusage(resource.RUSAGE_SELF)
    total = own.ru_utime + own.ru_stime
    proc = watchdog._PROCESS
    if proc is not None and proc.pid:
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def breakdown(png: Path) -> dict[str, list[float]]:
    """[wall s, CPU s] of each start-up step of a one-page call, in this process (first call of
    each; CPU includes the page process's)."""
    marks: dict[str, list[float]] = {}
    t, c = time.perf_counter(), _cpu()

    def mark(what: str) -> None:
        nonlocal t, c
        now, cpu = time.perf_counter(), _cpu()
        marks[what] = [round(now - t, 3), round(cpu - c, 3)]
        t, c = now, cpu

    import sanchika.cli  # noqa: F401
    from sanchika.settings import Settings

    mark("import the CLI and settings")
    from domain.types import FileKind
    from ocr.rasterise import count_pages
    from ocr.read import read_page
    from ocr.tesseract import check_languages
    from sanchika.ocr_file import ocr_file  # noqa: F401

    mark("import the OCR stage")
    options = Settings(home=OUT / "home-breakdown").ocr_options()
    mark("build the settings")
    check_languages(options.lang)
    mark("check the languages (tesseract --list-langs)")
    count_pages(png, FileKind.PNG, options)
    mark("count pages")
    for i in range(3):
        read_page(png, FileKind.PNG, 1, options)
        mark("first page (page process started, Tesseract loaded)" if i == 0 else f"same page again ({i})")
    return marks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--pdf-pages", type=int, default=20)
    ap.add_argument("--lang", default="Devanagari+eng")
    ap.add_argument("--compare-tree", type=Path, default=None)
    ap.add_argument("--breakdown", action="store_true")
    ap.add_argument("--breakdown-of", type=Path, help=argparse.SUPPRESS)  # the child of --breakdown
    args = ap.parse_args()
    if args.breakdown_of:  # a fresh process: nothing imported before the steps it measures
        print(json.dumps(breakdown(args.breakdown_of)), flush=True)
        return
    import ocr_throughput as pages  # the page generators and the raw Tesseract run

    for tree in (REPO, *([args.compare_tree] if args.compare_tree else [])):
        pages.compile_tree(tree)
    pdf, pdf_pngs = pages.make_pdf(args.pdf_pages)
    (png,) = pages.make_pages(1, "images")
    if args.breakdown:
        out = subprocess.run([sys.executable, __file__, "--breakdown-of", str(png)], check=True,
                             capture_output=True, text=True).stdout
        print("one-page call, [wall s, CPU s] per step:")
        for step, (wall, cpu) in json.loads(out.splitlines()[-1]).items():
            print(f"  {step}: {wall:.3f} s wall, {cpu:.3f} s CPU")
    if args.rounds < 1:
        return
    runs: dict[str, list[tuple[float, float]]] = {}

    def add(name: str, seconds: float, cpu: float) -> None:
        runs.setdefault(name, []).append((seconds, cpu))
        print(f"  {name}: {seconds:.2f} s wall, {cpu:.2f} s CPU", flush=True)

    trees = [("this tree", None)] + ([("compare tree", args.compare_tree)] if args.compare_tree else [])
    for r in range(args.rounds):
        print(f"round {r + 1}", flush=True)
        add(f"tesseract, {args.pdf_pages} pages, 2 processes", *pages.raw_tesseract(pdf_pngs, args.lang, 2))
        for label, tree in trees:
            s, c, n = sanchika_ocr(pdf, OUT / "home-ocr", tree)
            assert n == args.pdf_pages, n
            add(f"sanchika ocr, {args.pdf_pages}-page PDF ({label})", s, c)
        env_omp = os.environ.pop("OMP_THREAD_LIMIT", None)
        start, cpu = time.monotonic(), _children_cpu()
        subprocess.run(["tesseract", str(png), str(OUT / "one"), "-l", args.lang, "txt"], check=True,
                       capture_output=True)
        add("tesseract, 1 page", time.monotonic() - start, _children_cpu() - cpu)
        if env_omp is not None:
            os.environ["OMP_THREAD_LIMIT"] = env_omp
        for label, tree in trees:
            s, c, _ = sanchika_ocr(png, OUT / "home-ocr", tree)
            add(f"sanchika ocr, 1 page ({label})", s, c)

    total = {k: (sum(s for s, _ in v), sum(c for _, c in v)) for k, v in runs.items()}
    print(f"\n| command ({args.rounds} rounds summed) | wall s | CPU s | plain Tesseract wall / this wall |")
    print("|---|---:|---:|---:|")
    for name, (s, c) in total.items():
        ref = total[f"tesseract, {args.pdf_pages} pages, 2 processes"] if "pages" in name or "PDF" in name else total["tesseract, 1 page"]
        print(f"| {name} | {s:.1f} | {c:.1f} | {ref[0] / s:.2f}x |")
    one_ref = total["tesseract, 1 page"][0] / args.rounds
    for label, _ in trees:
        one = total[f"sanchika ocr, 1 page ({label})"][0] / args.rounds
        print(f"fixed cost of a one-page call ({label}): {one - one_ref:+.2f} s over plain Tesseract's {one_ref:.2f} s")
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
