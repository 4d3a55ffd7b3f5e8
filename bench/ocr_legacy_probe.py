"""Legacy printing and paper of district-office almirahs (issue 17, "generalise"): Sanchika's page
reading against plain Tesseract on the same pages, in the same run.

    .venv/bin/python bench/ocr_legacy_probe.py [--kinds dotmatrix-en,typewriter,...] [--fonts gargi,...] [--procs 2] [--json FILE]

Pages come from tests/legacyshapes.py, generated at run time (seeded; nothing committed): a 9-pin
dot-matrix file register on green-bar fanfold with tractor holes, a 24-pin Hindi land-record printout
(khatauni-like columns, dotted rules), a cyclostyled circular, a Hindi typewritten letter, a letter on
aged paper (yellowed, brown edges, foxing, tape, a water stain), a typed note on green note-sheet paper,
a 1-bit error-diffusion scan of grey paper, a 200 dpi colour JPEG at quality 25. Each page is read
upright and turned (90, 180 or 270 in turn). Fonts: the **tune** part (tests/legacyshapes.py
TUNE_FONTS) is what fixes were made on; the **held-out** part (HELD_OUT_FONTS, its own seeds) was never
looked at while fixing and is reported apart.

Readers (bench/ocr_quality.py ``run_task``, interleaved page by page on one pool): ``read_page`` (the
product path) and ``tesseract PAGE out -l Devanagari+eng txt`` on the unmodified page. Printed per part
and kind (bench/ocr_shapes.py's summary): upright pages turned, turned pages come upright, CER of each
and the ratio, extra readings of the safety net, pages flagged unreadable; then per kind the pages
flagged for review and how many of them deserve it (Sanchika's reading has CER > 0.10), the pages
Sanchika reads worse than plain Tesseract (by 10+ edits and 10 %), the pages whose reading is mostly
wrong (CER > 0.3) yet carry no flag, and the upright pages' CPU ratio (Sanchika / plain). These are
generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_capture_probe import make_pages as capture_pages  # noqa: E402
from bench.ocr_capture_probe import run_probe  # noqa: E402
from bench.ocr_quality import run_task  # noqa: E402
from bench.ocr_shapes import _distance  # noqa: E402

GARBAGE_CER = 0.3  # a reading this wrong is lost to search: it must carry a flag
DESERVED_CER = 0.10  # a flagged reading this wrong gives a reviewer something to mend


def read_task(task: tuple[str, str, int]) -> dict:
    """``run_task``, Sanchika's page time limit from ``SANCHIKA_PROBE_PAGE_TIMEOUT`` (a page that still fails is
    recorded by ``run_probe`` as read to nothing, flagged ``error``)."""
    timeout = os.environ.get("SANCHIKA_PROBE_PAGE_TIMEOUT")
    if timeout and task[0] == "sanchika":
        return {**run_task((f"sanchika:page_timeout={timeout}", task[1], task[2])), "pipeline": "sanchika"}
    return run_task(task)


def make_pages(out: Path, kinds: list[str], fonts: list[str]) -> list[dict]:
    from tests import legacyshapes

    return capture_pages(out, kinds, fonts, legacyshapes, base_seed=9000)


def legacy_table(pages: list[dict], results: dict[tuple[str, str], dict]) -> dict[str, dict]:
    """Per kind: flags (deserved or not), pages read worse than plain, garbage with no flag, CPU per page
    and the upright pages' CPU ratio."""
    groups: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for p in pages:
        s, r = results[("sanchika", p["png"])], results[("raw", p["png"])]
        d_s, d_r = _distance(p["reference"], s["text"]), _distance(p["reference"], r["text"])
        cer = d_s / max(len(p["reference"]), 1)
        for key in (f"{p['part']}/{p['kind']}", f"{p['part']}/all"):
            g = groups[key]
            g["pages"] += 1
            g["flagged"] += bool(s["flag"])
            g["deserved"] += bool(s["flag"]) and cer > DESERVED_CER
            g["worse"] += d_s >= d_r + max(10, 0.1 * d_r)
            g["silent_garbage"] += cer > GARBAGE_CER and not s["flag"]
            for pipe, res in (("s", s), ("p", r)):
                g[f"cpu_{pipe}"] += res["cpu"]
                g[f"up_{pipe}"] += res["cpu"] if p["turn"] == 0 else 0.0
    out = {}
    for key, g in sorted(groups.items()):
        row = {k: int(v) for k, v in g.items() if not k.startswith(("cpu", "up"))}
        row.update(cpu_s=g["cpu_s"] / g["pages"], cpu_p=g["cpu_p"] / g["pages"],
                   upright_speed=g["up_p"] / max(g["up_s"], 1e-9))
        out[key] = row
    return out


def print_legacy(table: dict[str, dict]) -> None:
    print(f"\n{'part/kind':<24} {'pages':>5} {'flagged':>7} {'deserved':>8} {'worse':>5} {'silent garbage':>14} "
          f"{'CPU s/page S':>12} {'plain':>6} {'upright speed (plain/S CPU)':>27}")
    for key, v in table.items():
        print(f"{key:<24} {v['pages']:>5} {v['flagged']:>7} {v['deserved']:>8} {v['worse']:>5} {v['silent_garbage']:>14} "
              f"{v['cpu_s']:>12.2f} {v['cpu_p']:>6.2f} {v['upright_speed']:>26.2f}x")


def main() -> None:
    from tests import legacyshapes

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kinds", default=",".join(legacyshapes.KINDS))
    ap.add_argument("--fonts", default=",".join((*legacyshapes.TUNE_FONTS[:2], *legacyshapes.HELD_OUT_FONTS)),
                    help=f"of {', '.join(legacyshapes.FONTS)}; held out: {', '.join(legacyshapes.HELD_OUT_FONTS)}")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--page-timeout", type=float, help="the product's page timeout, s (default 180: on a loaded "
                    "machine a garbage page's readings run into it and its CPU is not measured)")
    args = ap.parse_args()
    if args.page_timeout:
        os.environ["SANCHIKA_PROBE_PAGE_TIMEOUT"] = f"{args.page_timeout:g}"
    run_probe(args, make_pages, read_task, "sanchika-legacy-", 44, legacy_table, print_legacy, "legacy")


if __name__ == "__main__":
    main()
