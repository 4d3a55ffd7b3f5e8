"""Settings of the OCR stage. Defaults are measured, see docs/adr/0002 and docs/adr/0004."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OcrOptions:
    """How one page is turned into text."""

    lang: str = "Devanagari+eng"  # Tesseract languages; measured against "hin+eng" (ADR 0002)
    dpi: int = 300  # render DPI for PDF pages without a trusted text layer
    max_pixels: int = 200_000_000  # per page; more raises TooLargeError before pixels are decoded
    page_timeout: float = 180.0  # seconds for one page (render, preprocess, OCR); more -> PageTimeoutError
    orientation: bool = True  # detect and undo 90/180/270 rotation
    deskew: bool = True  # detect and undo skew up to +-10 degrees
    crop_borders: bool = True  # cut dark scanner borders
    denoise: bool = False  # 3x3 median; off: it did not lower CER on the measured pages (ADR 0004)
    use_text_layer: bool = True  # reuse a PDF page's text layer when it passes the trust check
    make_pdf: bool = True  # let Tesseract also write a one-page searchable PDF
    lang_routing: bool = True  # one-script pages use the cheaper single-script set (ocr/routing.py)
    lang_latin: str = "eng"  # set for pages whose every text line is Latin
    line_rules: bool = True  # a reading that is not clean is read again without the rules under its lines, the better kept (ocr/linerules.py)
    stamps: bool = True  # a stamp's frame struck at a slant (long straight slanted strokes) is painted out of the image read (ocr/stamps.py)
    frames: bool = True  # a reading with runs of one glyph, on a page in an ornamental frame: read again without it, the better kept (ocr/frame.py)
    tables: bool = True  # a ruled grid is read without its rules, as one block of lines, if that reads soundly (ocr/tables.py)
    lang_deva: str = "Devanagari"  # set for pages whose every text line is Devanagari (its model has Latin too)
    detect_blank: bool = True  # blank pages (duplex backs, empty sheets) are flagged and not OCRed
    detect_separators: bool = True  # separator sheets (PATCH, barcode or QR on a mostly blank page) are flagged
    review_below: float = 0.70  # page quality score under this -> flag needs_review
    rescan_below: float = 0.45  # ... under this, with a capture problem (dpi/blur/contrast) -> needs_rescan
    convert_legacy: bool = True  # legacy-font text layers (Kruti Dev, DV-TT, Chanakya ...): also try them converted (ADR 0018)
    watchdog: bool = True  # run each OCR page in the worker's page process, killed at page_timeout (ADR 0013)
    tesseract_library: bool = True  # in the page process, Tesseract's C API with engines kept loaded (ADR 0014); else the command
    extract_images: bool = True  # a PDF page that is one full-page image: decode that image instead of rendering
