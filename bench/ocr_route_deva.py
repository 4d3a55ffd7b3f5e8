"""Is routing a pure-Devanagari page to ``Devanagari`` alone worth it, and when? (issue 17, do no harm)

    .venv/bin/python bench/ocr_route_deva.py [--procs 2] [--reps 2] [--notes 6] [--json FILE]

Pages: the upright pages of bench/ocr_shapes.py (one seed; large, cover, dense, table, stamp, table-hindi,
table-merged), of bench/ocr_shapes_fresh.py's tuning part (``fresh``; never ``check``), the Hindi pages of
the bench/ocr_eval set (60 pages, seed 2026, the turned ones left out) and tests/freshshapes.py's note in the
tuning fonts (seeds 1..``--notes``). Each page is preprocessed as the product does at rotation 0
(ocr.preprocess); the pages whose line analysis says pure Devanagari (``script == "deva"``: the ones
routed to ``Devanagari``) are read by Tesseract's library engine in this process (ADR 0014, as the page
process reads), make_pdf on, with ``Devanagari`` and with ``Devanagari+eng`` in alternating order,
``--reps`` times (CPU: the least of the reps). Printed per page: CPU, edits against the reference, the
judge's score, whether the ``Devanagari`` reading is clean (sound, no unsure line: ocr/routing.py's
test); then the totals for the clean and the unclean pages, and the edits of three rules on the unclean
ones: routed as before, the configured set's reading, the better-scoring of the two.
Generated pages, not real scans.
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

LANGS = ("Devanagari", "Devanagari+eng")


def read_both(task: tuple[str, str, int, str, int]) -> dict:
    name, png, dpi, reference, reps = task
    import numpy as np
    from PIL import Image

    from bench.ocr_shapes import _distance
    from ocr import tesseract_api
    from ocr.judge import judge_words
    from ocr.options import OcrOptions
    from ocr.preprocess import preprocess
    from ocr.tesseract import parse_tsv

    pre = preprocess(np.array(Image.open(png).convert("L")), dpi, OcrOptions(), rotation=0)
    row: dict = {"name": name, "script": pre.script}
    if pre.script != "deva":
        return row
    order = list(LANGS) if sum(map(ord, name)) % 2 else list(LANGS)[::-1]
    for rep in range(reps):
        for lang in order if rep % 2 == 0 else order[::-1]:
            engine = tesseract_api.engine(lang)
            assert engine is not None, "needs Tesseract's library (ADR 0014)"
            started = time.process_time()
            tsv, _ = engine.recognise(pre.image, dpi=dpi, psm=3, make_pdf=True)
            cpu = time.process_time() - started
            row.setdefault(lang, {"cpu": []})["cpu"].append(round(cpu, 3))
            if rep == 0:
                text, words = parse_tsv(tsv)
                judged = judge_words(words, text)
                row[lang].update(edits=_distance(reference, text), score=judged.score, clean=judged.sound and not judged.unsure_lines,
                                 text=text)
    return row


def make_pages(out: Path, notes: int) -> list[tuple[str, str, int, str]]:
    from PIL import Image

    from bench import ocr_shapes, ocr_shapes_fresh
    from bench.ocr_eval import generate
    from tests import freshshapes

    pages = [(p["name"], p["png"], 300, p["reference"]) for p in ocr_shapes.make_pages(
        out, 1, ["large", "cover", "dense", "table", "stamp", "table-hindi", "table-merged"]) if p["turn"] == 0]
    pages += [(p["name"], p["png"], p["dpi"], p["reference"]) for p in ocr_shapes_fresh.make_pages(
        out, ["fresh"], list(freshshapes.KINDS)) if p["turn"] == 0]
    for m in generate.generate(out / "eval", 60, 2026):
        if m["mix"] == "hi" and not m["damage"].get("rotate"):
            stem = out / "eval" / m["name"]
            pages.append((f"eval-{m['name']}", f"{stem}.png", m["dpi"], Path(f"{stem}.gt.txt").read_text("utf-8")))
    for font in freshshapes.TUNE_FONTS:
        for seed in range(1, notes + 1):
            page = freshshapes.make("note", font, seed)
            image, dpi = freshshapes.scan(page, 0)
            path = out / f"note-{font}-{seed}.png"
            Image.fromarray(image).save(path, dpi=(dpi, dpi))
            pages.append((path.stem, str(path), dpi, page.text))
    return pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--notes", type=int, default=6)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="sanchika-route-") as tmp:
        pages = make_pages(Path(tmp), args.notes)
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}: {len(pages)} pages, load {os.getloadavg()[0]:.1f}",
              flush=True)
        with ProcessPoolExecutor(args.procs) as pool:
            rows = list(pool.map(read_both, [(*p, args.reps) for p in pages]))
    deva = [r for r in rows if r["script"] == "deva"]
    print(f"{len(deva)} of {len(rows)} pages called pure Devanagari")
    for r in deva:
        d, f = r["Devanagari"], r["Devanagari+eng"]
        print(f"{r['name']:44s} Devanagari {min(d['cpu']):5.2f}s {d['edits']:4d} edits {d['score']:6.1f}"
              f"{'' if d['clean'] else ' UNCLEAN'} | Devanagari+eng {min(f['cpu']):5.2f}s {f['edits']:4d} edits {f['score']:6.1f}")
    for label, part in (("clean", [r for r in deva if r["Devanagari"]["clean"]]),
                        ("unclean", [r for r in deva if not r["Devanagari"]["clean"]])):
        cpu = {lang: sum(min(r[lang]["cpu"]) for r in part) for lang in LANGS}
        edits = {lang: sum(r[lang]["edits"] for r in part) for lang in LANGS}
        by_score = sum(r["Devanagari"]["edits"] if r["Devanagari"]["score"] > r["Devanagari+eng"]["score"]
                       else r["Devanagari+eng"]["edits"] for r in part)
        print(f"{label}: {len(part)} pages; CPU s Devanagari {cpu['Devanagari']:.1f}, Devanagari+eng {cpu['Devanagari+eng']:.1f}; "
              f"edits routed {edits['Devanagari']}, configured set {edits['Devanagari+eng']}, better-scoring {by_score}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
