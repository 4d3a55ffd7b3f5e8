"""Why a small deskew reads a few edits worse than the page as scanned (issue 17 point 1, ADR 0027):
the same pages read with the deskew's resample done different ways, in one run.

    .venv/bin/python bench/ocr_deskew_resample.py [--part tune|held-out|fresh] [--hows off,near-grow,...]

Pages: bench/ocr_small_skew.py's (tests/pageshapes.py kinds x a part's fonts x angles, scanned / lid /
edge in turn). Each page is preprocessed as the product does (crop, turn, skew found), then only the
deskew's resample differs (``how``):

- ``off``: no deskew (and so no crop, ADR 0027): the page as scanned;
- ``null``: the page as scanned with fresh scanner noise (sigma 2, another seed): how many edits a
  reading moves for nothing (the floor under which "worse" is noise);
- ``near-grow``: nearest neighbour, canvas grown to the turned page (the product before this change);
- ``cubic-grow`` / ``linear-grow``: the same with bicubic / bilinear interpolation;
- ``cubic-keep`` / ``near-keep``: canvas kept (turned about its centre), grown only where ink would be cut;
- ``psm6`` / ``off-psm6``: the product's page / the page as scanned read as one block of lines
  (``--psm 6``) instead of Tesseract's layout analysis (``--psm 3``);
- ``product``: whatever ocr.preprocess._deskew does now (nearest, canvas grown: near-grow). The
  fresh held-out run of docs/benchmarks.md was made with ``product`` = near-keep (not shipped).

Each reading is ``ocr.upright._read_plain`` (language routing as the product, no page PDF, no second
reading). Printed: edits per how, pages worse / better than ``off`` (and beyond the tolerance), CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_shapes import _distance  # noqa: E402
from bench.ocr_small_skew import make_pages  # noqa: E402
from ocr.preprocess import _deskew as _PRODUCT_DESKEW  # noqa: E402  (bound before run() patches it)


def _resample(image, angle: float, interp: str, grow: bool):  # type: ignore[no-untyped-def]
    import cv2

    if interp == "shear":
        return _shear(image, angle, grow)
    flags = {"near": cv2.INTER_NEAREST, "cubic": cv2.INTER_CUBIC, "linear": cv2.INTER_LINEAR}[interp]
    if not grow:
        return _keep(image, angle, flags)
    return _PRODUCT_DESKEW(image, angle, flags)  # the product's canvas and fill, this resampling


def _keep(image, angle: float, flags: int):  # type: ignore[no-untyped-def]
    """Turned by -angle about the page's centre on its own canvas, paper-coloured fill; the canvas
    grows (on the side that needs it) only where ink would otherwise be cut off."""
    import cv2
    import numpy as np

    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    step = 4
    sample = image[::step, ::step]
    thr, _ = cv2.threshold(sample, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = sample < min(thr, 200.0)
    rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    left = top = right = bottom = 0
    if len(rows) and len(cols):
        x0, x1, y0, y1 = cols[0] * step, cols[-1] * step + step, rows[0] * step, rows[-1] * step + step
        corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], np.float64) @ m.T
        left = int(max(0.0, 2 - corners[:, 0].min()) + 0.999)
        top = int(max(0.0, 2 - corners[:, 1].min()) + 0.999)
        right = int(max(0.0, corners[:, 0].max() - (w - 2)) + 0.999)
        bottom = int(max(0.0, corners[:, 1].max() - (h - 2)) + 0.999)
    m[0, 2] += left
    m[1, 2] += top
    paper = float(np.median(image[::16, ::16]))
    return cv2.warpAffine(image, m, (w + left + right, h + top + bottom), flags=flags, borderValue=paper)


def _shear(image, angle: float, grow: bool):  # type: ignore[no-untyped-def]
    """Each column moved up or down a whole number of pixels (a vertical shear, no resampling): the
    lines come level, upright strokes keep the skew as a slant."""
    import cv2
    import numpy as np

    h, w = image.shape[:2]
    t = float(np.tan(np.deg2rad(angle)))
    pad = int(abs(t) * w / 2 + 2) if grow else 0
    m = np.array([[1.0, 0.0, 0.0], [t, 1.0, pad - t * w / 2]], np.float64)
    paper = float(np.median(image[::16, ::16]))
    return cv2.warpAffine(image, m, (w, h + 2 * pad), flags=cv2.INTER_NEAREST, borderValue=paper)


def run(task: tuple[str, str]) -> dict:
    import dataclasses

    import numpy as np

    import ocr.preprocess as pp
    from ocr.options import OcrOptions
    from ocr.upright import _cpu, _read_plain

    how, path = task
    image = np.load(path)
    opts = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)
    if how in ("off", "null"):
        if how == "null":
            rng = np.random.default_rng(abs(hash(path)) % 2**32)
            image = np.clip(image.astype(np.float32) + rng.normal(0, 2.0, image.shape), 0, 255).astype(np.uint8)
        pre = pp.preprocess(image, 300, opts, undo=frozenset({"deskew"}))
    elif how in ("product", "psm6", "off-psm6"):
        pre = pp.preprocess(image, 300, opts, undo=frozenset({"deskew"}) if how == "off-psm6" else frozenset())
    else:
        interp, mode = how.split("-")
        original = pp._deskew
        pp._deskew = lambda im, a: im if abs(a) < pp.MIN_SKEW else _resample(im, a, interp, mode == "grow")
        try:
            pre = pp.preprocess(image, 300, opts)
        finally:
            pp._deskew = original
    cpu0 = _cpu()
    if how.endswith("psm6"):  # the page read as one block of lines: no layout analysis (psm 3)
        import functools

        import ocr.upright as up

        real = up.run_tesseract
        up.run_tesseract = functools.partial(real, psm=6)
        try:
            r = _read_plain(pre, 300, opts, time.perf_counter() + 600, False)
        finally:
            up.run_tesseract = real
    else:
        r = _read_plain(pre, 300, opts, time.perf_counter() + 600, False)
    return {"how": how, "path": path, "text": r.out.text, "score": r.judged.score, "steps": list(pre.steps),
            "cpu": _cpu() - cpu0, "pixels": int(pre.image.shape[0] * pre.image.shape[1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", default="tune", choices=("tune", "held-out", "fresh"))
    ap.add_argument("--angles", default="1.2,1.6,2.0,2.5,3.0")
    ap.add_argument("--kinds", default="large,cover,dense,table,stamp")
    ap.add_argument("--hows", default="off,null,near-grow,cubic-grow,cubic-keep")
    ap.add_argument("--tolerance", type=int, default=0, help="edits over 'off' still counted as not worse")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    angles = [float(a) for a in args.angles.split(",")]
    hows = args.hows.split(",")
    with tempfile.TemporaryDirectory(prefix="sanchika-resample-") as tmp:
        pages = make_pages(Path(tmp), args.part, angles, args.kinds.split(","))
        # rounds interleaved: every how of a page before the next page
        tasks = [(how, p["path"]) for p in pages for how in hows]
        print(f"{len(pages)} pages x {len(hows)} hows on {args.procs} processes ...", flush=True)
        with ProcessPoolExecutor(args.procs) as pool:
            res = {(r["how"], r["path"]): r for r in pool.map(run, tasks)}
    rows = []
    for p in pages:
        d = {h: _distance(p["reference"], res[(h, p["path"])]["text"]) for h in hows}
        rows.append({"name": p["name"], "kind": p["kind"], "angle": p["angle"], "d": d,
                     "steps": {h: res[(h, p["path"])]["steps"] for h in hows},
                     "cpu": {h: res[(h, p["path"])]["cpu"] for h in hows},
                     "pixels": {h: res[(h, p["path"])]["pixels"] for h in hows}})
    deskewed = [r for r in rows if any(s.startswith("deskew") for s in r["steps"][hows[-1]])]
    print(f"{len(deskewed)} of {len(rows)} pages deskewed by the product's rule")
    base = "off"
    if base not in hows:
        print("no 'off' reading: merge with another run's JSON")
        if args.json:
            args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    print(f"{'how':>12} {'edits':>7} {'worse':>5} {'worse>tol':>9} {'better':>6} {'max+':>4} {'CPU s/page':>10} {'Mpx':>5}")
    for h in hows:
        worse = [r["d"][h] - r["d"][base] for r in rows if r["d"][h] > r["d"][base]]
        better = sum(r["d"][h] < r["d"][base] for r in rows)
        print(f"{h:>12} {sum(r['d'][h] for r in rows):>7} {len(worse):>5} {sum(w > args.tolerance for w in worse):>9} "
              f"{better:>6} {max(worse, default=0):>4} {sum(r['cpu'][h] for r in rows) / len(rows):>10.2f} "
              f"{sum(r['pixels'][h] for r in rows) / len(rows) / 1e6:>5.2f}")
    for r in rows:
        if len(set(r["d"].values())) > 1:
            print(f"  {r['name']}: " + " ".join(f"{h} {r['d'][h]}" for h in hows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
