"""Settings of the OCR stage. Defaults are measured, see docs/adr/0002 and docs/adr/0004."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OcrOptions:
    """How one page is turned into text."""

    lang: str = "Devanagari+eng"  # Tesseract languages; measured against "hin+eng" (ADR 0002)
    dpi: int = 300  # render DPI for PDF pages without a trusted text layer
    max_pixels: int = 200_000_000  # per page; more raises TooLargeError before pixels are decoded
    page_timeout: float = 180.0  # seconds for one Tesseract run; more raises PageTimeoutError
    orientation: bool = True  # detect and undo 90/180/270 rotation
    deskew: bool = True  # detect and undo skew up to +-10 degrees
    crop_borders: bool = True  # cut dark scanner borders
    denoise: bool = False  # 3x3 median; off: it did not lower CER on the measured pages (ADR 0004)
    use_text_layer: bool = True  # reuse a PDF page's text layer when it passes the trust check
    make_pdf: bool = True  # let Tesseract also write a one-page searchable PDF
