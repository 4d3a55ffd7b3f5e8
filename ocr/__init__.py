"""The OCR stage: page in, text (plus a one-page searchable PDF) out.

A pure stage: imports only ``domain`` and third-party libraries. Tesseract runs only in
:mod:`ocr.tesseract`. Errors raised are those of :mod:`domain.errors`:

    CorruptFileError / EncryptedFileError / TooLargeError   (bad input, never retried)
    PageTimeoutError                                         (one Tesseract run took too long)
    DependencyError                                          (Tesseract or a language pack missing)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ocr.options import OcrOptions
    from ocr.rasterise import RasterPage, count_pages, render_page
    from ocr.read import read_document, read_page
    from ocr.searchable_pdf import assemble_pdf
    from ocr.tesseract import TesseractOutput, check_languages, run_tesseract
    from ocr.textlayer import TextLayerVerdict, judge_text_layer

# The names below are imported on first use (PEP 562): importing one light module of the stage
# (ocr.options, ocr.tesseract_api) does not import all of it (OpenCV, pdfium, the text-layer
# judge: ~0.35 s), e.g. before `sanchika process` starts loading Tesseract ahead.
_HOME = {
    "OcrOptions": "ocr.options",
    "RasterPage": "ocr.rasterise",
    "count_pages": "ocr.rasterise",
    "render_page": "ocr.rasterise",
    "read_document": "ocr.read",
    "read_page": "ocr.read",
    "assemble_pdf": "ocr.searchable_pdf",
    "TesseractOutput": "ocr.tesseract",
    "check_languages": "ocr.tesseract",
    "run_tesseract": "ocr.tesseract",
    "TextLayerVerdict": "ocr.textlayer",
    "judge_text_layer": "ocr.textlayer",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'ocr' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "OcrOptions",
    "RasterPage",
    "TesseractOutput",
    "TextLayerVerdict",
    "assemble_pdf",
    "check_languages",
    "count_pages",
    "judge_text_layer",
    "read_document",
    "read_page",
    "render_page",
    "run_tesseract",
]
