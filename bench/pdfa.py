"""What PDF/A-2b costs the document step: assembling a document's searchable PDF from its page
PDFs, then ``ocr.pdfa.archival_pdf`` with the validator run on it (``always``, what every
document cost before SANCHIKA_PDFA_VALIDATE) and without (``foreign``: a document of Sanchika's
own page forms once its forms are approved in the process); and what the page of a converted
legacy-font layer costs (ocr/layer_pdf.py).

    .venv/bin/python bench/pdfa.py [--pages 6] [--rounds 5] [--out bench/out/pdfa.json]

Inputs, generated (tests/pagegen.py: Hindi and English office text, A4, 200 dpi, noise): a
multi-page TIFF of ``--pages`` scanned pages (read by OCR: every page PDF of the own form "ocr"),
processed once by the real pipeline (Tesseract) into a temporary home; then, in interleaved rounds,
the stored page PDFs assembled, and assembled + made PDF/A both ways. Also: a fresh process's first
validation (importing the validator; paid once per worker process that validates), and the layer
page of generated DV-TTSurekh pages whose font is not embedded, against judging their text layer.
Reported per page: CPU milliseconds (this process) and wall milliseconds (medians), beside the
batch's CPU seconds per page (OCR included, the worker processes) of the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
REPO = Path(__file__).resolve().parents[1]


def _timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    c, t = time.process_time(), time.perf_counter()
    out = fn()
    return time.process_time() - c, time.perf_counter() - t, out


def _cold_validation() -> float:
    """CPU ms of a fresh process's first validation of a one-page document, imports included."""
    code = ("import time, io, numpy as np; from ocr.searchable_pdf import image_page_pdf; from ocr.pdfa import archival_pdf\n"
            "pdf = image_page_pdf(np.full((400, 300), 250, np.uint8), 72); archival_pdf(pdf, validation='never')\n"
            "c = time.process_time(); archival_pdf(pdf, validation='always'); print((time.process_time() - c) * 1000)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def _layer_pages(root: Path, rounds: int) -> dict[str, float]:
    """CPU ms per page: judging a lying page's text layer, and making its layer page PDF."""
    from ocr.layer_pdf import layer_page_pdf
    from ocr.legacy.registry import BY_NAME
    from ocr.legacy.shape import encode
    from ocr.options import OcrOptions
    from ocr.textlayer import judge_text_layer
    from tests import pagegen
    from tests.ocr.legacy import lying

    path = root / "lying.pdf"
    path.write_bytes(lying.not_embedded_pdf([encode(x, BY_NAME["dv-tt"]) for x in pagegen.HINDI_LINES], "DV-TTSurekh"))
    verdict = judge_text_layer(path, 1)
    layer_page_pdf(path, 1, verdict.text, OcrOptions())  # imports and caches, not measured
    judge, layer = [], []
    for _ in range(rounds):
        judge.append(_timed(lambda: judge_text_layer(path, 1))[0])
        layer.append(_timed(lambda: layer_page_pdf(path, 1, verdict.text, OcrOptions()))[0])
    return {"judge_text_layer_cpu_ms": round(statistics.median(judge) * 1000, 1),
            "layer_page_pdf_cpu_ms": round(statistics.median(layer) * 1000, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=Path("bench/out/pdfa.json"))
    args = ap.parse_args()

    from ocr import pdfa
    from sanchika.pipeline import process_batch
    from sanchika.settings import Settings
    from tests import pagegen
    from workers.context import WorkerContext
    from workers.document_pdf import page_forms, pages_pdf

    with tempfile.TemporaryDirectory(prefix="sanchika-pdfa-bench-") as tmp:
        root = Path(tmp)
        imgs = [pagegen.degrade(pagegen.render_lines(pagegen.office_lines(i), dpi=200), seed=i, noise=6) for i in range(args.pages)]
        (root / "in").mkdir()
        imgs[0].save(root / "in" / "bundle.tif", save_all=True, append_images=imgs[1:], dpi=(200, 200))
        settings = Settings(home=root / "home", workers=2, ocr_dpi=200)
        t = time.perf_counter()
        report = process_batch([root / "in"], settings)
        batch_wall = time.perf_counter() - t
        batch_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        [doc] = [f for f in report.files if f.status == "done"]
        ctx = WorkerContext(settings.worker_config())
        rows = [r for r in ctx.catalog.document(doc.document_id)["page_rows"] if r["status"] == "done"]
        forms = page_forms(rows)
        pdfa.archival_pdf(pages_pdf(ctx.store, doc.sha256, rows), forms=forms, validation="foreign")  # the process's first
        steps = {"assemble": lambda: pages_pdf(ctx.store, doc.sha256, rows),
                 "assemble+pdfa(always)": lambda: pdfa.archival_pdf(pages_pdf(ctx.store, doc.sha256, rows),
                                                                    forms=forms, validation="always"),
                 "assemble+pdfa(foreign)": lambda: pdfa.archival_pdf(pages_pdf(ctx.store, doc.sha256, rows),
                                                                     forms=forms, validation="foreign")}
        cpu: dict[str, list[float]] = {k: [] for k in steps}
        wall: dict[str, list[float]] = {k: [] for k in steps}
        bases = set()
        for _ in range(args.rounds):  # interleaved
            for name, fn in steps.items():
                c, w, out = _timed(fn)
                cpu[name].append(c)
                wall[name].append(w)
                if isinstance(out, pdfa.Archival):
                    bases.add((name, out.pdfa, out.basis))
        layer = _layer_pages(root, args.rounds)
    n = len(rows)
    per_page = {name: {"cpu_ms": round(statistics.median(cpu[name]) / n * 1000, 2),
                       "wall_ms": round(statistics.median(wall[name]) / n * 1000, 2)} for name in steps}
    result = {
        "pages": n, "rounds": args.rounds, "forms": sorted(set(forms)), "claimed": sorted(bases),
        "per_page": per_page,
        "validation_cpu_ms_per_page": round(per_page["assemble+pdfa(always)"]["cpu_ms"] - per_page["assemble+pdfa(foreign)"]["cpu_ms"], 2),
        "first_validation_in_a_process_cpu_ms": round(_cold_validation(), 1),
        "converted_layer_page": layer,
        "batch_cpu_seconds_per_page": round((batch_cpu.ru_utime + batch_cpu.ru_stime) / n, 2),
        "batch_wall_seconds_per_page": round(batch_wall / n, 2),
        "load_average": os.getloadavg(), "cpu_count": os.cpu_count(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
