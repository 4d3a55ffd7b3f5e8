"""Which decision made a page read worse than plain Tesseract (issue 17 point 1)?

    .venv/bin/python bench/ocr_page_causes.py --set fresh|check|fresh2|fresh3|shapes|tables [--kinds note,margin]
                                                [--fonts ...] [--turned] [--procs 2] [--json FILE]

Each upright page (``--turned``: the turned ones too) of the chosen set is read by plain ``tesseract PAGE
out -l Devanagari+eng txt`` on the page as scanned, by the product (``ocr.read.read_page``, as
bench/ocr_shapes.py reads it) and by the product with one decision switched off at a time: ``deskew``
(then no crop either, ADR 0027), ``tables`` (no rule-free table reading, ADR 0028), ``routing`` (every
page read with the configured set), ``orientation``. Printed per page: the edit distance of each, the
product's steps, and the decisions whose removal alone brings the page to plain Tesseract's edits or
fewer (the cause). Sets: ``fresh`` / ``check`` are bench/ocr_shapes_fresh.py's parts (tests/freshshapes.py;
``check`` is the held-out part: read it only to report), ``fresh2`` / ``fresh3`` the tune parts of
bench/ocr_shapes_fresh2.py / bench/ocr_shapes_fresh3.py (tests/fresh2shapes.py, tests/fresh3shapes.py), ``shapes`` bench/ocr_shapes.py's default kinds,
``tables`` its table kinds (one seed). Generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_quality import _init, run_task  # noqa: E402
from bench.ocr_shapes import _distance  # noqa: E402

OFF = {"deskew": {"deskew": False}, "tables": {"tables": False}, "routing": {"lang_routing": False},
       "orientation": {"orientation": False}}


def read_with(task: tuple[str, str, int]) -> dict:
    """One reading: ``plain`` (the tesseract command), ``product`` or ``-<decision>`` (that one off)."""
    how, png, dpi = task
    if how == "plain":
        r = run_task(("raw", png, dpi))
        return {"how": how, "png": png, "text": r["text"], "steps": []}
    import dataclasses

    from domain.types import FileKind
    from ocr.options import OcrOptions
    from ocr.read import read_page

    opts = OcrOptions() if how == "product" else dataclasses.replace(OcrOptions(), **OFF[how[1:]])
    page = read_page(Path(png), FileKind.PNG, 1, opts).text
    return {"how": how, "png": png, "text": page.text, "steps": list(page.steps), "lang": page.lang}


def make_pages(out: Path, which: str, kinds: list[str] | None, fonts: list[str] | None, turned: bool) -> list[dict]:
    from bench import ocr_shapes, ocr_shapes_fresh

    if which in ("fresh2", "fresh3"):
        import importlib

        from bench import ocr_shapes_fresh2

        gen = importlib.import_module(f"tests.{which}shapes")
        pages = ocr_shapes_fresh2.make_pages(out, kinds or list(gen.KINDS), fonts or list(gen.BENCH_FONTS), part="tune",
                                             shapes=f"{which}shapes")
    elif which in ("fresh", "check"):
        from tests import freshshapes as fs

        pages = ocr_shapes_fresh.make_pages(out, [which], kinds or list(fs.KINDS))
    else:
        default = "large,cover,dense,table,stamp" if which == "shapes" else "table,table-hindi,table-numeric,table-partly,table-merged"
        pages = ocr_shapes.make_pages(out, 1, kinds or default.split(","))
        for p in pages:
            p["dpi"] = 300
    return [p for p in pages if (turned or p["turn"] == 0) and (not fonts or any(f"-{f}-" in p["name"] for f in fonts))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", dest="which", default="fresh", choices=("fresh", "check", "fresh2", "fresh3", "shapes", "tables"))
    ap.add_argument("--kinds")
    ap.add_argument("--fonts")
    ap.add_argument("--turned", action="store_true")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    hows = ["plain", "product", *(f"-{d}" for d in OFF)]
    with tempfile.TemporaryDirectory(prefix="sanchika-causes-") as tmp:
        pages = make_pages(Path(tmp), args.which, args.kinds.split(",") if args.kinds else None,
                           args.fonts.split(",") if args.fonts else None, args.turned)
        tasks = [(how, p["png"], p["dpi"]) for p in pages for how in hows]
        print(f"{len(pages)} pages, {len(tasks)} readings on {args.procs} processes ...", flush=True)
        with ProcessPoolExecutor(args.procs, initializer=_init) as pool:
            res = {(r["how"], r["png"]): r for r in pool.map(read_with, tasks)}
    rows = []
    for p in pages:
        edits = {how: _distance(p["reference"], res[(how, p["png"])]["text"]) for how in hows}
        causes = [how[1:] for how in hows[2:] if edits["product"] > edits["plain"] >= edits[how]]
        rows.append({"name": p["name"], "edits": edits, "causes": causes, "steps": res[("product", p["png"])]["steps"],
                     "texts": {how: res[(how, p["png"])]["text"] for how in hows}, "reference": p["reference"]})
        mark = " WORSE" if edits["product"] > edits["plain"] else ""
        print(f"{p['name']}: " + " ".join(f"{how} {d}" for how, d in edits.items()) + mark
              + (f" cause: {'/'.join(causes)}" if causes else "") + f"\n    {rows[-1]['steps']}")
    print("edits: " + ", ".join(f"{how} {sum(r['edits'][how] for r in rows)}" for how in hows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
