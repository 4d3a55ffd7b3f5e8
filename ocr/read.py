"""Per-page entry point: text layer if trustworthy, else render -> preprocess -> Tesseract."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from domain.types import FileKind, PageResult, PageText, TextSource
from ocr.options import OcrOptions
from ocr.preprocess import preprocess
from ocr.rasterise import count_pages, render_page
from ocr.tesseract import check_languages, run_tesseract
from ocr.textlayer import judge_text_layer


def read_page(path: Path, kind: FileKind, page_no: int, options: OcrOptions) -> PageResult:
    """Text of one page (1-based). A trusted PDF text layer is used without rasterising."""
    started = time.perf_counter()
    path = Path(path)
    verdict_note = ""
    if kind == FileKind.PDF and options.use_text_layer:
        verdict = judge_text_layer(path, page_no)
        verdict_note = "; ".join(verdict.reasons)
        if verdict.trusted:
            text = PageText(
                page=page_no,
                text=verdict.text,
                source=TextSource.TEXTLAYER,
                confidence=1.0,
                textlayer_verdict=verdict_note,
                seconds=time.perf_counter() - started,
            )
            return PageResult(text=text, pdf=None)
    check_languages(options.lang)  # fail before the expensive part
    raster = render_page(path, kind, page_no, options)
    pre = preprocess(raster.image, raster.dpi, options)
    out = run_tesseract(
        pre.image, lang=options.lang, dpi=raster.dpi, timeout=options.page_timeout, make_pdf=options.make_pdf
    )
    text = PageText(
        page=page_no,
        text=out.text,
        source=TextSource.OCR,
        confidence=out.confidence,
        words=out.words,
        rotation=pre.rotation,
        skew_degrees=pre.skew_degrees,
        dpi=raster.dpi,
        dpi_assumed=raster.dpi_assumed,
        width=int(pre.image.shape[1]),
        height=int(pre.image.shape[0]),
        lang=options.lang,
        steps=pre.steps,
        textlayer_verdict=verdict_note,
        seconds=time.perf_counter() - started,
    )
    return PageResult(text=text, pdf=out.pdf)


def read_document(path: Path, kind: FileKind, options: OcrOptions) -> Iterator[PageResult]:
    """All pages in order, one at a time (pages are read lazily, never all at once)."""
    for page_no in range(1, count_pages(Path(path), kind) + 1):
        yield read_page(path, kind, page_no, options)
