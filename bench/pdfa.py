"""What PDF/A-2b costs the document step: assembling a document's searchable PDF from its page
PDFs, with and without ``ocr.pdfa.archival_pdf`` (rewrite + validation).

    .venv/bin/python bench/pdfa.py [--pages 10] [--rounds 5] [--out bench/out/pdfa.json]

A scanned document of ``--pages`` generated A4 pages (tests/pagegen.py: Hindi and English office
text, 200 dpi) is processed once by the real pipeline (Tesseract) into a temporary home; then, in
interleaved rounds, the stored page PDFs are assembled (``workers.document_pdf.pages_pdf``, what
the document step did before) and assembled + made PDF/A. Reported: milliseconds per page for
each, the extra cost of PDF/A, and the OCR seconds per page of the same run for scale.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=Path("bench/out/pdfa.json"))
    args = ap.parse_args()

    from ocr.pdfa import archival_pdf
    from sanchika.pipeline import process_batch
    from sanchika.settings import Settings
    from tests import pagegen
    from workers.context import WorkerContext
    from workers.document_pdf import pages_pdf

    with tempfile.TemporaryDirectory(prefix="sanchika-pdfa-bench-") as tmp:
        root = Path(tmp)
        imgs = [pagegen.degrade(pagegen.render_lines(pagegen.office_lines(i), dpi=200), seed=i, noise=6) for i in range(args.pages)]
        (root / "in").mkdir()
        (root / "in" / "bundle.pdf").write_bytes(pagegen.image_pdf(imgs, dpi=200))
        settings = Settings(home=root / "home", workers=2, ocr_dpi=200)
        t = time.perf_counter()
        report = process_batch([root / "in"], settings)
        ocr_seconds = time.perf_counter() - t
        [doc] = [f for f in report.files if f.status == "done"]
        ctx = WorkerContext(settings.worker_config())
        rows = [r for r in ctx.catalog.document(doc.document_id)["page_rows"] if r["status"] == "done"]
        plain, pdfa = [], []
        approved = True
        for _ in range(args.rounds):
            t = time.perf_counter()
            pages_pdf(ctx.store, doc.sha256, rows)
            plain.append(time.perf_counter() - t)
            t = time.perf_counter()
            out = archival_pdf(pages_pdf(ctx.store, doc.sha256, rows))
            pdfa.append(time.perf_counter() - t)
            approved = approved and out.pdfa
    n = len(rows)
    result = {
        "pages": n, "rounds": args.rounds, "approved_as_pdfa_2b": approved,
        "assemble_ms_per_page": round(statistics.median(plain) / n * 1000, 2),
        "assemble_and_pdfa_ms_per_page": round(statistics.median(pdfa) / n * 1000, 2),
        "pdfa_extra_ms_per_page": round((statistics.median(pdfa) - statistics.median(plain)) / n * 1000, 2),
        "batch_wall_seconds_per_page": round(ocr_seconds / n, 2),
        "load_average": os.getloadavg(), "cpu_count": os.cpu_count(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
