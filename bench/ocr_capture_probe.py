"""Capture faults real office scans and phone photos have (issue 17, "generalise"): Sanchika's page
reading against plain Tesseract on the same pages, in the same run.

    .venv/bin/python bench/ocr_capture_probe.py [--kinds phone,bleed,...] [--fonts gargi,...] [--procs 2] [--json FILE]

Pages come from tests/captureshapes.py, generated at run time (seeded; nothing committed): an office
letter photographed on a dark desk by a phone, with the back of the sheet showing through on yellowed
paper, curled at the binding and creased, with a violet stamp, a pen note and a highlighter stroke,
with punched holes, a staple, a dog-ear and a torn corner, two A5 pages scanned on one A4, large
type at 120 dpi, a photocopy of a photocopy. Each page is read upright and turned (90, 180 or 270 in
turn). Fonts: the **tune** part (tests/captureshapes.py TUNE_FONTS) is what fixes were made on; the
**held-out** part (HELD_OUT_FONTS) was never looked at while fixing and is reported apart.

Readers (bench/ocr_quality.py ``run_task``, interleaved page by page on one pool): ``read_page`` (the
product path) and ``tesseract PAGE out -l Devanagari+eng txt`` on the unmodified page. Printed per
part and kind (bench/ocr_shapes.py's summary): upright pages turned, turned pages come upright, CER
of each and the ratio, extra readings of the safety net, pages flagged unreadable; then per kind the
pages flagged for review or rescan, the pages Sanchika reads worse than plain Tesseract (by 10+ edits
and 10 %), the pages whose reading is mostly wrong (CER > 0.3) yet carry no flag, and the CPU and wall
seconds per page of each. These are generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_quality import _init, run_task  # noqa: E402
from bench.ocr_shapes import _distance, print_summary, summarise  # noqa: E402

TURNS = (90, 180, 270)
GARBAGE_CER = 0.3  # a reading this wrong is lost to search: it must carry a flag


def make_pages(out: Path, kinds: list[str], fonts: list[str], shapes: ModuleType | None = None,
               base_seed: int = 7000) -> list[dict]:
    """Each kind in each font, upright and turned, saved as PNGs in ``out``: pages of ``shapes``
    (tests/captureshapes.py; bench/ocr_legacy_probe.py passes tests/legacyshapes.py), seeded from
    ``base_seed`` so that a page's seed and turn do not depend on --kinds/--fonts."""
    if shapes is None:
        from tests import captureshapes as shapes

    pages = []
    for kind in kinds:
        k = shapes.KINDS.index(kind)
        for font in fonts:
            f = list(shapes.FONTS).index(font)
            seed = base_seed + 100 * k + f
            cap = shapes.make(kind, font, seed)
            part = "held-out" if font in shapes.HELD_OUT_FONTS else "tune"
            for turn in (0, TURNS[(k + f) % len(TURNS)]):
                name = f"{part}-{kind}-{font}-s{seed}-r{turn}"
                path = out / f"{name}.png"
                shapes.scan(cap, turn).save(path, dpi=(cap.dpi, cap.dpi))
                pages.append({"name": name, "png": str(path), "dpi": cap.dpi, "part": part, "kind": kind,
                              "turn": turn, "reference": cap.text})
    return pages


def capture_table(pages: list[dict], results: dict[tuple[str, str], dict]) -> dict[str, dict]:
    """Per kind: flags, pages read worse than plain, garbage with no flag, CPU and wall per page."""
    groups: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for p in pages:
        s, r = results[("sanchika", p["png"])], results[("raw", p["png"])]
        d_s, d_r = _distance(p["reference"], s["text"]), _distance(p["reference"], r["text"])
        for key in (f"{p['part']}/{p['kind']}", f"{p['part']}/all"):
            g = groups[key]
            g["pages"] += 1
            g["flagged"] += bool(s["flag"])
            g["worse"] += d_s >= d_r + max(10, 0.1 * d_r)
            g["silent_garbage"] += d_s / max(len(p["reference"]), 1) > GARBAGE_CER and not s["flag"]
            for pipe, res in (("s", s), ("p", r)):
                g[f"cpu_{pipe}"] += res["cpu"]
                g[f"wall_{pipe}"] += res["wall"]
    return {key: {k: (v / g["pages"] if k.startswith(("cpu", "wall")) else int(v)) for k, v in g.items()}
            for key, g in sorted(groups.items())}


def print_capture(table: dict[str, dict]) -> None:
    print(f"\n{'part/kind':<20} {'pages':>5} {'flagged':>7} {'worse':>5} {'silent garbage':>14} "
          f"{'CPU s/page S':>12} {'plain':>6} {'wall s/page S':>13} {'plain':>6}")
    for key, v in table.items():
        print(f"{key:<20} {v['pages']:>5} {v['flagged']:>7} {v['worse']:>5} {v['silent_garbage']:>14} "
              f"{v['cpu_s']:>12.2f} {v['cpu_p']:>6.2f} {v['wall_s']:>13.2f} {v['wall_p']:>6.2f}")


def main() -> None:
    from tests import captureshapes

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kinds", default=",".join(captureshapes.KINDS))
    ap.add_argument("--fonts", default=",".join((*captureshapes.TUNE_FONTS[:2], *captureshapes.HELD_OUT_FONTS)),
                    help=f"of {', '.join(captureshapes.FONTS)}; held out: {', '.join(captureshapes.HELD_OUT_FONTS)}")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    run_probe(args, make_pages, run_task, "sanchika-capture-", 36, capture_table, print_capture, "capture")


def _survive(task: Callable[[tuple[str, str, int]], dict], one: tuple[str, str, int]) -> dict:
    """``task`` on one page; a page that fails (a timeout under load, an error) is recorded as read to nothing
    and flagged ``error`` (the product would not index it either) rather than ending the whole run."""
    start = time.perf_counter()
    try:
        return task(one)
    except Exception as exc:  # noqa: BLE001 - a probe reports a failing page, it does not stop on it
        took = time.perf_counter() - start
        print(f"  {one[0]} on {Path(one[1]).name}: {type(exc).__name__}: {str(exc)[:120]}", flush=True)
        return {"pipeline": one[0], "png": one[1], "text": "", "cpu": took, "wall": took, "rotation": -1,
                "flag": "error", "steps": [f"error:{type(exc).__name__}"], "reasons": [str(exc)[:200]]}


def run_probe(args: argparse.Namespace, make: Callable[[Path, list[str], list[str]], list[dict]],
              task: Callable[[tuple[str, str, int]], dict], prefix: str, width: int,
              table_of: Callable[[list[dict], dict], dict], print_table: Callable[[dict], None], key: str) -> None:
    """A probe's run (this bench's and bench/ocr_legacy_probe.py's): its pages made by ``make``, each read by
    Sanchika and plain Tesseract interleaved on one pool (``task``), a line per page, bench/ocr_shapes.py's
    summary, the probe's own table (``table_of``, ``print_table``) and, with ``--json``, every reading."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        pages = make(Path(tmp), args.kinds.split(","), args.fonts.split(","))
        tasks = [(pipe, p["png"], p["dpi"]) for p in pages for pipe in ("sanchika", "raw")]  # interleaved
        print(f"{len(pages)} pages ({sum(p['turn'] == 0 for p in pages)} upright), {len(tasks)} readings on "
              f"{args.procs} processes, load {os.getloadavg()[0]:.1f} ...", flush=True)
        with ProcessPoolExecutor(args.procs, initializer=_init) as pool:
            results = {(r["pipeline"], r["png"]): r for r in pool.map(functools.partial(_survive, task), tasks)}
    rows = []
    for p in pages:
        s, r = results[("sanchika", p["png"])], results[("raw", p["png"])]
        n = max(len(p["reference"]), 1)
        rows.append({"name": p["name"], "rotation": s["rotation"], "flag": s["flag"], "steps": s["steps"],
                     "reasons": s["reasons"], "cer_sanchika": _distance(p["reference"], s["text"]) / n,
                     "cer_plain": _distance(p["reference"], r["text"]) / n})
        print(f"{p['name']:<{width}} -> {s['rotation']:3d} {'ok ' if s['rotation'] == (360 - p['turn']) % 360 else 'WRONG'} "
              f"flag {str(s['flag'] or '-'):<13} CER {rows[-1]['cer_sanchika']:.3f} vs {rows[-1]['cer_plain']:.3f}")
    wrong = [(p["name"], results[("sanchika", p["png"])]["rotation"], results[("sanchika", p["png"])]["steps"])
             for p in pages if results[("sanchika", p["png"])]["rotation"] != (360 - p["turn"]) % 360]
    failed = {pipe: sum(r.get("flag") == "error" and r["text"] == "" for (q, _), r in results.items() if q == pipe)
              for pipe in ("sanchika", "raw")}
    if any(failed.values()):  # a reading that failed counts as read to nothing: for plain too, which flatters Sanchika
        print(f"readings failed (counted as read to nothing): Sanchika {failed['sanchika']}, plain {failed['raw']}")
    print(f"load at the end {os.getloadavg()[0]:.1f}\n")
    print_summary(summarise(pages, results), wrong)
    table = table_of(pages, results)
    print_table(table)
    if args.json:
        args.json.write_text(json.dumps({"pages": rows, key: table,
                                         "texts": {p["name"]: [results[(q, p["png"])]["text"] for q in ("sanchika", "raw")]
                                                   for p in pages}}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
