"""The OCR stage: page in, text (plus a one-page searchable PDF) out.

A pure stage: imports only ``domain`` and third-party libraries. Tesseract runs only in
:mod:`ocr.tesseract`. Errors raised are those of :mod:`domain.errors`:

    CorruptFileError / EncryptedFileError / TooLargeError   (bad input, never retried)
    PageTimeoutError                                         (one Tesseract run took too long)
    DependencyError                                          (Tesseract or a language pack missing)
"""

from ocr.options import OcrOptions
from ocr.rasterise import RasterPage, count_pages, render_page
from ocr.read import read_document, read_page
from ocr.searchable_pdf import assemble_pdf
from ocr.tesseract import TesseractOutput, check_languages, run_tesseract
from ocr.textlayer import TextLayerVerdict, judge_text_layer

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
