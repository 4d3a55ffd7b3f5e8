"""Which pages are descreened (ADR 0039, 0045), and what a dithered scan in a grey container costs and reads.

    .venv/bin/python bench/ocr_descreen.py survey [--sets dither,screen,adverse,fresh2,legacy,shapes,...] [--procs 1]
    .venv/bin/python bench/ocr_descreen.py read [--part tune|held-out] [--procs 1] [--page-timeout 180]

``survey`` (no OCR): ``ocr.descreen.field_share`` and the decision on every page the benches read (bench/
ocr_dot_survey.py's sets: tests/pageshapes.py default, table and ruled kinds, captureshapes, legacyshapes,
freshshapes, fresh2shapes (tuning seed), the probe's faxes and bold faces, handshapes), tests/adverseshapes.py
(degraded as its tests do), tests/screenshapes.py (halftone photographs, toner specks, guilloche) and dithered
scans of paper of grey 190-245 at 200-600 dpi in a PNG (1-bit), a 1-bit PDF and a JPEG, rendered as the product
renders them. Printed per set and kind: pages, pages descreened sure / weak, the smallest and largest share.

``read``: a full A4 dithered letter (grey paper 190, 11 pt) as a 1-bit PDF of 200 and 600 dpi and as a JPEG
(q75, 300 dpi), read by ``ocr.read.read_page`` and by plain ``tesseract -l Devanagari+eng`` on the page image
the product renders (interleaved, bench/ocr_quality.py's ``run_task``): CER and CPU-s of each. Tuning: Gargi,
seed 11; held out: Samanata, seed 13. Generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SETS = ("dither", "screen", "adverse", "fresh2", "legacy", "shapes", "tables", "ruled", "capture", "fresh", "probe",
        "hand")
CONTAINERS = ((300, "png"), (200, "pdf"), (300, "pdf"), (600, "pdf"), (300, "jpeg75"), (300, "jpeg40"), (200, "jpeg75"))


def _render(path: Path) -> tuple:
    """The page image and dpi as the product renders the file."""
    from domain.types import FileKind
    from ocr import OcrOptions
    from ocr.rasterise import render_page

    kind = {".pdf": FileKind.PDF, ".jpg": FileKind.JPEG, ".png": FileKind.PNG}[path.suffix]
    page = render_page(path, kind, 1, dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False))
    return page.image, page.dpi


def _extra_pages(which: str, out: Path) -> list[dict]:
    from PIL import Image

    from tests import adverseshapes, pagegen, screenshapes

    pages: list[dict] = []
    if which == "screen":
        for kind in screenshapes.KINDS:
            for font in screenshapes.TUNE_FONTS:
                for seed in (11, 12, 13):
                    page = screenshapes.make(kind, font, seed)
                    path = out / f"{kind}-{font}-{seed}.png"
                    page.image.save(path, dpi=page.image.info["dpi"])
                    pages.append({"kind": kind, "png": str(path)})
    elif which == "adverse":
        for kind in adverseshapes.KINDS:
            for font in adverseshapes.TUNE_FONTS[:2]:
                for seed in (11, 12):
                    img = pagegen.degrade(adverseshapes.make(kind, font, seed).image, seed=3, noise=6, blur=0.7,
                                          jpeg_quality=60)
                    path = out / f"{kind}-{font}-{seed}.png"
                    img.save(path)
                    pages.append({"kind": kind, "png": str(path)})
    elif which == "dither":
        for paper in (190, 215, 235, 245):
            for dpi, container in CONTAINERS:
                img, _ = screenshapes.dithered("gargi", 11, paper=paper, dpi=dpi, size="A5")
                data, suffix = screenshapes.contained(img, dpi, container)
                src = out / f"d{paper}-{container}{dpi}{suffix}"
                src.write_bytes(data)
                image, _ = _render(src)
                path = out / f"d{paper}-{container}{dpi}.png"
                Image.fromarray(image).save(path)
                pages.append({"kind": f"{container}{dpi}", "png": str(path), "paper": paper})
    return pages


def _decide(png: str) -> dict:
    import cv2
    import numpy as np

    from ocr.descreen import descreened, field_share, is_bilevel

    image = cv2.imread(png, cv2.IMREAD_UNCHANGED)
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB if image.shape[2] == 3 else cv2.COLOR_BGRA2RGBA)
    image = image.astype(np.uint8)
    _, step, sure = descreened(image)
    share = field_share(image) if image.ndim == 2 and not is_bilevel(image) else -1.0
    return {"step": step, "sure": sure, "share": share}


def survey(sets: list[str], procs: int) -> None:
    from bench.ocr_dot_survey import _pages

    rows: dict[str, dict] = defaultdict(lambda: {"pages": 0, "sure": 0, "weak": 0, "shares": []})
    with ProcessPoolExecutor(procs) as pool:
        for which in sets:
            with tempfile.TemporaryDirectory(prefix="sanchika-descreen-") as tmp:
                pages = _extra_pages(which, Path(tmp)) if which in ("dither", "screen", "adverse") else \
                    _pages(which, Path(tmp), pool)
                for p, d in zip(pages, pool.map(_decide, [p["png"] for p in pages]), strict=True):
                    row = rows[f"{which}/{p.get('kind', '?')}"]
                    row["pages"] += 1
                    row["sure"] += bool(d["step"]) and d["sure"]
                    row["weak"] += bool(d["step"]) and not d["sure"]
                    if d["share"] >= 0:
                        row["shares"].append(d["share"])
            _print(rows, which)
    print("\nall sets:")
    _print(rows, "")


def _print(rows: dict[str, dict], which: str) -> None:
    print(f"{'set/kind':<34} {'pages':>5} {'descreened':>10} {'weak':>5} {'field share min':>15} {'max':>6}")
    for key, row in sorted(rows.items()):
        if not which or key.startswith(which + "/"):
            s = row["shares"] or [float("nan")]
            print(f"{key:<34} {row['pages']:>5} {row['sure']:>10} {row['weak']:>5} {min(s):>15.3f} {max(s):>6.3f}",
                  flush=True)


def _read_task(task: tuple[str, str, int]) -> dict:
    """bench/ocr_shapes_fresh2.py's ``read_task`` (the page time limit of this run); a page lost to its time
    limit is reported as such."""
    import time

    from bench.ocr_shapes_fresh2 import read_task

    started = time.process_time()
    try:
        return read_task(task)
    except Exception as exc:  # noqa: BLE001 - the page is lost; say how
        return {"text": "", "cpu": float("nan"), "steps": [], "error": f"{type(exc).__name__} after "
                f"{time.process_time() - started:.0f} s of this process"}


def read(part: str, procs: int) -> None:
    from PIL import Image

    from tests import pagegen, screenshapes

    font, seed = {"tune": ("gargi", 11), "held-out": ("samanata", 13)}[part]
    with tempfile.TemporaryDirectory(prefix="sanchika-descreen-read-") as tmp:
        tasks, refs = [], {}
        for dpi, container in ((200, "pdf"), (600, "pdf"), (300, "jpeg75")):
            img, text = screenshapes.dithered(font, seed, paper=190, dpi=dpi, size="A4")
            data, suffix = screenshapes.contained(img, dpi, container)
            src = Path(tmp) / f"a4-{container}{dpi}{suffix}"
            src.write_bytes(data)
            image, page_dpi = _render(src)
            png = Path(tmp) / f"a4-{container}{dpi}.png"
            Image.fromarray(image).save(png, dpi=(page_dpi, page_dpi))
            refs[str(png)] = (f"{container} {dpi} dpi", text)
            tasks += [("sanchika", str(png), page_dpi), ("raw", str(png), page_dpi)]
        with ProcessPoolExecutor(procs) as pool:
            results = dict(zip([(t[0], t[1]) for t in tasks], pool.map(_read_task, tasks), strict=True))
    print(f"{'A4 dithered letter (' + part + ')':<28} {'Sanchika CER':>12} {'CPU s':>7} {'plain CER':>9} {'CPU s':>7}  steps")
    for png, (name, text) in refs.items():
        s, r = results[("sanchika", png)], results[("raw", png)]
        steps = ",".join(x for x in s.get("steps", []) if x.startswith(("descreen", "screen", "denoise", "orient")))
        print(f"{name:<28} {pagegen.cer(text, s['text']):>12.3f} {s['cpu']:>7.1f} {pagegen.cer(text, r['text']):>9.3f} "
              f"{r['cpu']:>7.1f}  {steps or s.get('error', '')}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("survey", "read"))
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--part", choices=("tune", "held-out"), default="tune")
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--page-timeout", type=float, default=180.0)  # the product's
    args = ap.parse_args()
    os.environ["SANCHIKA_BENCH_PAGE_TIMEOUT"] = str(args.page_timeout)
    if args.what == "survey":
        survey(args.sets.split(","), args.procs)
    else:
        read(args.part, args.procs)


if __name__ == "__main__":
    main()
