"""Which pages of the benches the dot-matrix detector (ocr/dotmatrix.py, ADR 0042) calls dot print. No OCR.

    .venv/bin/python bench/ocr_dot_survey.py [--sets shapes,tables,ruled,capture,legacy,fresh,fresh2,probe,hand] [--json FILE]

The detector must fire on dot-matrix printouts and on nothing else (do no harm: a page it fires on is
closed over the dots' pitch before it is read). Over the pages each bench reads (its own ``make_pages``:
tests/pageshapes.py default and table/ruled kinds, tests/captureshapes.py, tests/legacyshapes.py,
tests/freshshapes.py, tests/fresh2shapes.py (their tuning fonts and seeds only: no held-out part is looked at), bench/ocr_shapes_probe.py's faxes and bold faces,
tests/handshapes.py), upright and turned as the bench turns them, ``ocr.dotmatrix.measure`` is run on the
page as ``read_upright`` gets it (after the descreen of ADR 0039). Printed per set and kind: pages, pages
called dot print, the largest gap share (the evidence's first measure) and the largest peak ratio among
the pages not called. Generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SETS = ("shapes", "tables", "ruled", "capture", "legacy", "fresh", "fresh2", "probe", "hand")


def _pages(which: str, out: Path, pool: ProcessPoolExecutor) -> list[dict]:
    from bench import ocr_capture_probe, ocr_legacy_probe, ocr_shapes, ocr_shapes_fresh, ocr_shapes_probe

    makers: dict[str, Callable[[], list[dict]]] = {
        "shapes": lambda: ocr_shapes.make_pages(out, 1, ["large", "cover", "dense", "table", "stamp"]),
        "tables": lambda: ocr_shapes.make_pages(out, 1, ["table-hindi", "table-numeric", "table-partly", "table-merged"]),
        "ruled": lambda: ocr_shapes.make_pages(out, 1, ["notesheet", "notesheet-faint", "form"]),
        "capture": lambda: ocr_capture_probe.make_pages(out, _kinds("captureshapes"), list(_tune("captureshapes")[:2])),
        "legacy": lambda: ocr_legacy_probe.make_pages(out, _kinds("legacyshapes"), list(_tune("legacyshapes"))),
        "fresh": lambda: ocr_shapes_fresh.make_pages(out, ["fresh"], _kinds("freshshapes")),
        "probe": lambda: ocr_shapes_probe.make_pages(out),
    }
    if which == "fresh2":
        from bench import ocr_shapes_fresh2
        from tests import fresh2shapes

        return ocr_shapes_fresh2.make_pages(out, _kinds("fresh2shapes"), list(fresh2shapes.BENCH_FONTS))
    if which == "hand":
        from bench import ocr_hand_probe

        return ocr_hand_probe.make_pages(out, _kinds("handshapes"), ["tune"], pool)
    return makers[which]()


def _module(name: str):  # noqa: ANN202 - a tests/*shapes module
    import importlib

    return importlib.import_module(f"tests.{name}")


def _kinds(name: str) -> list[str]:
    return list(_module(name).KINDS)


def _tune(name: str) -> tuple[str, ...]:
    mod = _module(name)
    return tuple(getattr(mod, "TUNE_FONTS", None) or getattr(mod, "FONTS", ()))


def _measure(page: tuple[str, int]) -> dict:
    import cv2
    import numpy as np

    from ocr.descreen import descreened
    from ocr.dotmatrix import measure
    from ocr.glance import to_gray

    png, dpi = page
    image = cv2.imread(png, cv2.IMREAD_UNCHANGED)
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB if image.shape[2] == 3 else cv2.COLOR_BGRA2RGBA)
    image, _, _ = descreened(image.astype(np.uint8))
    found = measure(to_gray(image), dpi)
    r = found.reach
    peak = found.gaps[r - 1] / max(found.gaps[r + 1], 1) if r and r + 2 <= len(found.gaps) else 0.0
    return {"printed": found.printed, "share": found.share, "peak": peak, "note": found.note()}


def _print(rows: dict[str, dict], which: str) -> None:
    print(f"{'set/kind':<32} {'pages':>5} {'dot print':>9} {'max share (not called)':>22} {'max peak (not called)':>21}")
    for key, row in sorted(rows.items()):
        if not which or key.startswith(which + "/"):
            print(f"{key:<32} {row['pages']:>5} {row['dots']:>9} {row['share']:>22.3f} {row['peak']:>21.1f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS))  # printed set by set as each is done
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows: dict[str, dict] = defaultdict(lambda: {"pages": 0, "dots": 0, "share": 0.0, "peak": 0.0, "fired": []})
    with ProcessPoolExecutor(args.procs) as pool:
        for which in args.sets.split(","):
            with tempfile.TemporaryDirectory(prefix="sanchika-dots-") as tmp:
                pages = _pages(which, Path(tmp), pool)
                for p, m in zip(pages, pool.map(_measure, [(p["png"], p.get("dpi", 300)) for p in pages]), strict=True):
                    row = rows[f"{which}/{p.get('kind', '?')}"]
                    row["pages"] += 1
                    row["dots"] += m["printed"]
                    if m["printed"]:
                        row["fired"].append(Path(p["png"]).stem)
                    else:
                        row["share"] = max(row["share"], m["share"])
                        row["peak"] = max(row["peak"], m["peak"])
            print(f"{which}: {len(pages)} pages", flush=True)
            _print(rows, which)
    print("\nall sets:")
    _print(rows, "")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
