"""CPU outside Tesseract per page, and the reading unchanged, on bench/ocr_throughput.py's pages.

    .venv/bin/python bench/ocr_pipeline_replay.py [--compare-tree DIR] [--rounds 3] [--pages 40] [--pdf-pages 20]

The pipeline of `sanchika process` (ingest, every page step, every document step: ``ingest_stream``,
``workers.steps.ocr_page``, ``complete_document``) runs in one process on the PNG pages and the
20-page image PDF of bench/ocr_throughput.py (fresh SANCHIKA_HOME, SQLite, local store, no page
process), in two phases:
  1. record: with Tesseract's library; each Tesseract call's output is kept, keyed by its input
     (the image's bytes, shape, dpi, page segmentation, PDF or not); the page texts are the reference;
  2. replay, ``--rounds`` times, this tree and ``--compare-tree`` (another checkout, e.g. main
     exported with ``git archive``) interleaved: every Tesseract call answered from what was
     recorded, so what is measured is everything else (CPU seconds of the process, per page, by
     phase). A tree whose Tesseract input differs from the recorded one fails (its reading would
     change), and each tree's results must be those of the reference: every field of every page but
     its timing, each page's text object (words, boxes) and the streams of every page and document
     PDF (the page images' JPEG bytes, the invisible text; ``_pdf_digest``), byte for byte.
Record with the tree whose readings are the reference (run it on main first when a change must not
change any reading). The replay cost is the CPU a pool process and its page process spend outside
Tesseract; the pool's forks, pickling between processes and the parent's driving are not in it.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out" / "replay"


def _key(image, dpi: int, psm: int, make_pdf: bool) -> str:  # type: ignore[no-untyped-def]
    import numpy as np

    img = np.ascontiguousarray(image)
    return f"{hashlib.sha1(img.tobytes()).hexdigest()}{img.shape}{dpi}/{psm}/{make_pdf}"


def worker(tree: Path, mode: str, cache: Path, texts: Path, inputs: list[Path]) -> dict[str, float]:
    """One run in this process (``tree`` first on sys.path): 'record' or 'replay'."""
    sys.path.insert(0, str(tree))
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import ocr.watchdog as watchdog
    from ocr import tesseract_api

    watchdog._IN_PAGE_PROCESS = True  # the library path, as in a page process
    recorded: dict[str, tuple[str, bytes | None]] = pickle.loads(cache.read_bytes()) if mode == "replay" else {}
    if mode == "replay":
        class Replay:
            datadir = ""

            def recognise(self, image, *, dpi: int, psm: int, make_pdf: bool):  # type: ignore[no-untyped-def]
                key = _key(image, dpi, psm, make_pdf)
                if key not in recorded:
                    raise SystemExit(f"{tree}: Tesseract was given an image the recorded run did not give it: "
                                     "this tree's reading differs")
                return recorded[key]

        replay = Replay()
        tesseract_api.engine = lambda lang: replay  # type: ignore[assignment,return-value]
    else:
        real = tesseract_api._Engine.recognise

        def record(self, image, *, dpi: int, psm: int, make_pdf: bool):  # type: ignore[no-untyped-def]
            out = real(self, image, dpi=dpi, psm=psm, make_pdf=make_pdf)
            recorded[_key(image, dpi, psm, make_pdf)] = out
            return out

        tesseract_api._Engine.recognise = record  # type: ignore[method-assign]
    home = OUT / f"home-{os.getpid()}"
    shutil.rmtree(home, ignore_errors=True)
    os.environ["SANCHIKA_HOME"] = str(home)
    from dataclasses import replace

    from sanchika.pipeline import ingest_stream
    from sanchika.settings import Settings
    from workers.context import WorkerContext
    from workers.steps import complete_document, ocr_page

    settings = Settings()
    config = settings.worker_config()
    ctx = WorkerContext(replace(config, ocr=replace(config.ocr, watchdog=False)))
    if mode == "record":
        tesseract_api.engine(config.ocr.lang)
    ctx.classifier  # noqa: B018 - loaded before the clock starts, as a pool process inherits it
    phases = {"ingest": 0.0, "page steps": 0.0, "documents": 0.0}
    pages = 0
    started = time.process_time()
    batch_id, stream = ingest_stream(inputs, settings, ctx)
    jobs = iter(stream)
    while True:
        t = time.process_time()
        job = next(jobs, None)
        phases["ingest"] += time.process_time() - t
        if job is None:
            break
        t = time.process_time()
        for page_job in job.page_jobs():
            ocr_page(ctx, page_job)
            pages += 1
        phases["page steps"] += time.process_time() - t
        t = time.process_time()
        complete_document(ctx, job.document_id)
        phases["documents"] += time.process_time() - t
    ctx.catalog.finish_batch(batch_id)
    phases["total"] = time.process_time() - started
    texts.write_text(json.dumps(_results(ctx.engine, ctx.store), ensure_ascii=False, sort_keys=True, default=str))
    if mode == "record":
        cache.write_bytes(pickle.dumps(recorded))
    shutil.rmtree(home, ignore_errors=True)
    return {k: v / pages for k, v in phases.items()} | {"n_pages": pages}


VOLATILE = ("seconds", "updated_at", "document_id")  # a page's timing, and ids made anew in every run
PDF_NAME = re.compile(rb"/[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])")


def _results(engine, store) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Every stored result of the run: each page's row but its timing (text, steps, rotation, skew, language,
    quality and its reasons, flag, layout facts, role ...) by file name and page; each page's text object
    (words with boxes and confidences) but its timing; the SHA-256 of every other object stored (page PDFs
    with their page images, document PDFs and texts), by key (keys name the input's content hash)."""
    with engine.connect() as c:
        cur = c.exec_driver_sql("SELECT d.name AS file_name, p.* FROM pages p JOIN documents d ON d.id = p.document_id")
        names = [col[0] for col in cur.cursor.description]
        pages = {}
        for row in cur:
            fields = {k: v for k, v in zip(names, row, strict=True) if k not in VOLATILE}
            pages[f"{Path(fields.pop('file_name')).name}:{fields['page_no']}"] = fields
        objects: dict[str, object] = dict(c.exec_driver_sql(
            "SELECT key, sha256 FROM stored_objects WHERE kind != 'original'").all())
    for key in list(objects):
        if key.startswith("pages/") and key.endswith(".json"):
            page = json.loads(store.get_bytes(key))
            page.pop("seconds", None)
            objects[key] = page
        elif key.endswith(".pdf"):
            objects[key] = _pdf_digest(store.get_bytes(key))
    return {"pages": pages, "objects": objects}


def _pdf_digest(pdf: bytes) -> str:
    """SHA-256 of a PDF's streams, as a set: images as stored (the page JPEG's bytes), the others decoded (page
    contents, the invisible text, fonts), less what differs from one save to the next (the random resource
    name of pikepdf's overlay, an original page reused under the text, and the order it gives the objects)."""
    import pikepdf

    parts = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream):
                image = obj.get("/Subtype") == pikepdf.Name.Image
                parts.append(obj.read_raw_bytes() if image else PDF_NAME.sub(b"/name", obj.read_bytes()))
    return hashlib.sha256(b"\0".join(sorted(parts))).hexdigest()


def run(tree: Path, mode: str, cache: Path, texts: Path, inputs: list[Path]) -> dict[str, float]:
    """:func:`worker` in a fresh interpreter (each tree imports its own code)."""
    argv = [sys.executable, __file__, "--worker", mode, "--tree", str(tree), "--cache", str(cache), "--texts", str(texts),
            *map(str, inputs)]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=str(REPO))
    if proc.returncode != 0:
        sys.exit(proc.stderr.strip()[-2000:] or f"{tree}: the run failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--compare-tree", type=Path, default=None)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--pdf-pages", type=int, default=20)
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--tree", type=Path, default=REPO, help=argparse.SUPPRESS)
    ap.add_argument("--cache", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--texts", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("inputs", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.tree, args.worker, args.cache, args.texts, args.inputs)))
        return
    sys.path.insert(0, str(REPO / "bench"))
    import ocr_throughput  # the same generated pages

    pngs = ocr_throughput.make_pages(args.pages)
    pdf, _ = ocr_throughput.make_pdf(args.pdf_pages)
    inputs = [*pngs, pdf]
    OUT.mkdir(parents=True, exist_ok=True)
    cache, reference = OUT / "tesseract.pkl", OUT / "texts-recorded.json"
    load = os.getloadavg()[0]
    recorded = run(REPO, "record", cache, reference, inputs)
    trees = [("this tree", REPO)] + ([("compare tree", args.compare_tree.resolve())] if args.compare_tree else [])
    sums: dict[str, dict[str, float]] = {}
    for _ in range(args.rounds):
        for name, tree in trees:
            texts = OUT / f"texts-{name.replace(' ', '-')}.json"
            cost = run(tree, "replay", cache, texts, inputs)
            if texts.read_text() != reference.read_text():
                sys.exit(f"{name} ({tree}): page results (texts, fields or stored objects) differ from the recorded ones")
            for k, v in cost.items():
                sums.setdefault(name, {}).setdefault(k, 0.0)
                sums[name][k] += v / args.rounds
    print(f"{int(recorded['n_pages'])} pages ({args.pages} PNGs, a {args.pdf_pages}-page image PDF); load average "
          f"{load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} cores")
    print(f"recorded run, Tesseract included: {recorded['total']:.3f} CPU s/page")
    print("CPU s per page outside Tesseract (replayed; mean of the rounds):")
    print(f"  {'tree':14s} {'ingest':>8s} {'page steps':>11s} {'documents':>10s} {'total':>8s}")
    for name, cost in sums.items():
        print(f"  {name:14s} {cost['ingest']:8.4f} {cost['page steps']:11.4f} {cost['documents']:10.4f} {cost['total']:8.4f}")
    if len(sums) == 2:
        a, b = sums["this tree"]["total"], sums["compare tree"]["total"]
        print(f"  this tree - compare tree: {a - b:+.4f} CPU s/page")
    stored = json.loads(reference.read_text())
    print(f"page results: every field of every page but its timing (text, steps, turn, skew, language, quality, flag, "
          f"layout facts ...; {len(stored['pages'])} pages) and every object stored ({len(stored['objects'])}: page texts "
          "with their words, page and document PDFs with their page images) the same as in the recorded run for every "
          "tree; every Tesseract input found")


if __name__ == "__main__":
    main()
