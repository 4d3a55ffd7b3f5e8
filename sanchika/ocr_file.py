"""`sanchika ocr` and `sanchika classify FILE` as a library call: one file read page by page,
nothing stored.

    ocr_file(path, settings, lang=None, page_pdfs=False) -> Iterator[PageResult]

The pages are read on the worker processes, as `process` reads them (workers/page_pool.py), under
the deployment's RetryPolicy, and come back in page order. Light on purpose: this module loads no database, object store or
department model code, so a one-page call costs little more than Tesseract itself. Nothing being
stored, no page PDF is made (``page_pdfs=False``: no Tesseract PDF renderer, no JPEG of the page,
~0.03 CPU-s a page); the text, words and every decision are the same either way (the PDF is made
after the reading, from it). ``page_pdfs=True`` makes them as `process` does, for a report that
names each page's PDF form (`sanchika ocr --explain`: the ``pdf:<form>`` step).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace
from pathlib import Path

from domain.errors import UsageError
from domain.types import FileKind, PageResult
from ingest.sniff import SNIFF_BYTES, sniff
from ocr.rasterise import count_pages
from ocr.read import load_pdf_stage
from ocr.tesseract import check_languages
from workers.page_pool import read_pages

from .settings import Settings


def ocr_file(path: Path, settings: Settings, lang: str | None = None,
             page_pdfs: bool = False) -> Generator[PageResult, None, None]:
    """Rasterise -> preprocess -> OCR one file, page by page, on ``SANCHIKA_WORKERS`` processes
    (one per core by default); stores nothing."""
    if not path.is_file():
        raise UsageError(f"{path} is not a file.")
    with path.open("rb") as f:
        kind = sniff(f.read(SNIFF_BYTES), str(path))
    if kind is FileKind.ZIP:
        raise UsageError("`sanchika ocr` reads one PDF or image; use `sanchika process` for a ZIP.")
    if kind is FileKind.PDF:  # before the page and pool processes are forked: they share it
        load_pdf_stage()
    options = replace(settings.ocr_options(lang), make_pdf=page_pdfs)
    check_languages(options.lang)
    pages = count_pages(path, kind, options)
    return read_pages(path, kind, range(1, pages + 1), options, settings.worker_processes(), settings.retry_policy())
