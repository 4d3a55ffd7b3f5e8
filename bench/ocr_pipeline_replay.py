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
     change), and each tree's page texts must be byte-identical to the reference.
Record with the tree whose readings are the reference (run it on main first when a change must not
change any reading). The replay cost is the CPU a pool process and its page process spend outside
Tesseract; the pool's forks, pickling between processes and the parent's driving are not in it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
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
    with ctx.engine.connect() as c:
        rows = c.exec_driver_sql("SELECT d.name, p.page_no, p.text FROM pages p JOIN documents d ON d.id = p.document_id")
        texts.write_text(json.dumps({f"{Path(n).name}:{no}": text for n, no, text in rows}, ensure_ascii=False, sort_keys=True))
    if mode == "record":
        cache.write_bytes(pickle.dumps(recorded))
    shutil.rmtree(home, ignore_errors=True)
    return {k: v / pages for k, v in phases.items()} | {"n_pages": pages}


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
                sys.exit(f"{name} ({tree}): page texts differ from the recorded ones")
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
    print(f"page texts: byte-identical to the recorded run for every tree ({len(json.loads(reference.read_text()))} pages); "
          "every Tesseract input found")


if __name__ == "__main__":
    main()
