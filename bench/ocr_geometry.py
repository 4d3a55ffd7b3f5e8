"""Crop and deskew do no harm (issue 17, ADR 0027): Sanchika against the same pipeline without any
geometric decision and against plain Tesseract, in one run.

    .venv/bin/python bench/ocr_geometry.py [--procs 2] [--kinds large,cover,...] [--json FILE]

Pages come from tests/pageshapes.py, generated at run time (nothing committed), upright, in five
geometric variants: a small skew (0.5-1.9 degrees, either way), a large skew (2.5-8), a dark
scanner lid (40-90 px; level, 1.5 or 3 degrees of skew), the text (level, 1.2 or 2.5 degrees)
cut to run to the left and top edges on a lid (``edge``), and a reverse-printed masthead (white
letters in a black band at the top edge).
Each (kind, font) page gets two variants in turn. Fonts and seeds are split as in
bench/ocr_shapes.py: **tune** (the tests' fonts, even seeds) and **held-out** (odd seeds, fonts
never looked at while choosing the thresholds), reported apart.

Pipelines, interleaved page by page on one pool of ``--procs`` processes:
  - sanchika: ``ocr.read.read_page`` (the product path, searchable PDF page included);
  - no-geometry: the same with ``crop_borders`` and ``deskew`` off (orientation and routing on);
  - plain: ``tesseract PAGE out -l Devanagari+eng txt`` on the unmodified page image.
Printed per variant and kind: CER of Sanchika and of plain Tesseract and their ratio, pages made
worse by a geometric decision (Sanchika's edit distance above the no-geometry reading's: must be
0), pages where the safety net read the page without its doubtful decisions, what it kept, and
its cost: extra readings per page and the CPU of readings not kept as a share of Sanchika's CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_quality import _cpu, _init, _page_process_cpu, run_task  # noqa: E402
from bench.ocr_shapes import _distance, _extra  # noqa: E402

VARIANTS = ("skew-small", "skew-large", "lid", "edge", "masthead")


def _variant(page, variant: str, i: int):  # type: ignore[no-untyped-def]
    """(image, reference text) of one page in one variant; ``i`` varies the amounts."""
    from tests import pageshapes

    sign = 1 if i % 2 == 0 else -1
    if variant == "skew-small":
        return pageshapes.scanned(page, skew=sign * (0.5, 1.0, 1.5, 1.9)[i % 4]), page.text
    if variant == "skew-large":
        return pageshapes.scanned(page, skew=sign * (2.5, 3.5, 5.0, 8.0)[i % 4]), page.text
    if variant == "lid":
        return pageshapes.scanned(page, skew=sign * (0.0, 1.5, 3.0)[i % 3], border=(40, 60, 90)[i % 3]), page.text
    if variant == "edge":
        return pageshapes.edge_reaching(page, border=(40, 60, 90)[i % 3], skew=sign * (0.0, 2.5, 1.2)[i % 3]), page.text
    return pageshapes.masthead(page)


def make_pages(out: Path, kinds: list[str], variants: tuple[str, ...] = VARIANTS) -> list[dict]:
    from PIL import Image

    from tests import pageshapes

    pages = []
    for part, fonts, parity in (("tune", pageshapes.TUNE_FONTS, 0), ("held-out", pageshapes.HELD_OUT_FONTS, 1)):
        for k, kind in enumerate(kinds):
            for f, font in enumerate(fonts):
                i = k * len(fonts) + f
                chosen = [v for v in (VARIANTS[i % 5], VARIANTS[(i + 2) % 5]) if v in variants]
                page = pageshapes.make(kind, font, 2 + parity, letterpress=(k + f) % 2 == 1) if chosen else None
                for variant in chosen:
                    image, reference = _variant(page, variant, i)
                    name = f"{part}-{kind}-{font}-{variant}{'-lp' if (k + f) % 2 else ''}"
                    path = out / f"{name}.png"
                    Image.fromarray(image).save(path, dpi=(300, 300))
                    pages.append({"name": name, "png": str(path), "part": part, "kind": kind, "variant": variant,
                                  "reference": reference})
    return pages


def run_geometry_task(task: tuple[str, str, int]) -> dict:
    """``no-geometry``: the product path with crop and deskew off; anything else: bench/ocr_quality.py."""
    pipeline, png, _dpi = task
    if pipeline != "no-geometry":
        return run_task(task)
    import dataclasses

    from domain.types import FileKind
    from ocr.options import OcrOptions
    from ocr.read import read_page

    cpu0, pp0 = _cpu(), _page_process_cpu()
    opts = dataclasses.replace(OcrOptions(), crop_borders=False, deskew=False)
    page = read_page(Path(png), FileKind.PNG, 1, opts).text
    return {"pipeline": pipeline, "png": png, "text": page.text, "steps": list(page.steps),
            "cpu": _cpu() - cpu0 + _page_process_cpu()[1] - pp0[1]}


def summarise(pages: list[dict], results: dict[tuple[str, str], dict]) -> tuple[dict, list]:
    from bench.ocr_eval.metrics import norm_text

    groups: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    worse = []
    for p in pages:
        s, n, r = (results[(pl, p["png"])] for pl in ("sanchika", "no-geometry", "raw"))
        ref = len(norm_text(p["reference"]))
        d_s, d_n, d_r = (_distance(p["reference"], x["text"]) for x in (s, n, r))
        net = [st for st in s.get("steps", []) if st.startswith("geometry:")]
        extra_n, extra_s = _extra(s.get("steps", []))
        if d_s > d_n:
            worse.append((p["name"], d_s, d_n, s.get("steps", [])))
        for key in (f"{p['part']}/{p['variant']}", f"{p['part']}/all", f"both/{p['variant']}", f"both/kind:{p['kind']}",
                    "both/all"):
            g = groups[key]
            g["pages"] += 1
            g["ref"] += ref
            g["d_sanchika"] += d_s
            g["d_plain"] += d_r
            g["d_nogeom"] += d_n
            g["worse"] += d_s > d_n
            g["better"] += d_s < d_n
            g["net"] += bool(net)
            g["undone"] += bool(net) and net[0].startswith("geometry:undone")
            g["extra_readings"] += extra_n
            g["extra_seconds"] += extra_s
            g["cpu_sanchika"] += s["cpu"]
            g["cpu_plain"] += r["cpu"]
    out = {}
    for key, g in sorted(groups.items()):
        out[key] = {
            "pages": int(g["pages"]), "cer_sanchika": g["d_sanchika"] / max(g["ref"], 1),
            "cer_plain": g["d_plain"] / max(g["ref"], 1), "cer_no_geometry": g["d_nogeom"] / max(g["ref"], 1),
            "cer_ratio": g["d_sanchika"] / max(g["d_plain"], 1e-9), "worse_than_no_geometry": int(g["worse"]),
            "better_than_no_geometry": int(g["better"]), "net_pages": int(g["net"]), "net_undone": int(g["undone"]),
            "extra_readings_per_page": g["extra_readings"] / g["pages"],
            "safety_net_cpu_share": g["extra_seconds"] / max(g["cpu_sanchika"], 1e-9),
            "cpu_s_per_page_sanchika": g["cpu_sanchika"] / g["pages"], "cpu_s_per_page_plain": g["cpu_plain"] / g["pages"],
        }
    return out, worse


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--kinds", default="large,cover,dense,table,stamp")
    ap.add_argument("--variants", default=",".join(VARIANTS), help="a subset of " + ",".join(VARIANTS))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="sanchika-geometry-") as tmp:
        pages = make_pages(Path(tmp), args.kinds.split(","), tuple(args.variants.split(",")))
        tasks = [(pl, p["png"], 300) for p in pages for pl in ("sanchika", "no-geometry", "raw")]  # interleaved
        print(f"{len(pages)} pages, {len(tasks)} readings on {args.procs} processes ...", flush=True)
        with ProcessPoolExecutor(args.procs, initializer=_init) as pool:
            results = {(r["pipeline"], r["png"]): r for r in pool.map(run_geometry_task, tasks)}
    summary, worse = summarise(pages, results)
    print(f"{'part/variant':<22} {'pages':>5} {'CER sanchika':>12} {'CER plain':>9} {'ratio':>6} {'CER no-geom':>11} "
          f"{'worse':>5} {'better':>6} {'net (undone)':>12} {'extra reads/page':>16} {'net CPU share':>13} {'CPU s/page S/plain':>18}")
    for key, v in summary.items():
        print(f"{key:<22} {v['pages']:>5} {100 * v['cer_sanchika']:>11.2f}% {100 * v['cer_plain']:>8.2f}% "
              f"{v['cer_ratio']:>5.2f}x {100 * v['cer_no_geometry']:>10.2f}% {v['worse_than_no_geometry']:>5} "
              f"{v['better_than_no_geometry']:>6} {v['net_pages']:>5} ({v['net_undone']:>3}) {v['extra_readings_per_page']:>16.2f} "
              f"{100 * v['safety_net_cpu_share']:>12.1f}% {v['cpu_s_per_page_sanchika']:>8.2f}/{v['cpu_s_per_page_plain']:<8.2f}")
    for name, d_s, d_n, steps in worse:
        print(f"  worse than no geometry: {name}: {d_s} vs {d_n} edits {steps}")
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "worse": worse}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
