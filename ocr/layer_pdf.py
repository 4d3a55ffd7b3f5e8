"""The searchable page of a PDF page whose text is its *converted* text layer (a legacy 8-bit
Devanagari font turned into Unicode, ADR 0018): the page as PDFium draws it, as a JPEG, under the
converted text, invisible, each word over the glyphs it was typed with.

    pdf = layer_page_pdf(path, page_no, text, options)    # bytes, or None: reuse the page as is

Why not the original page with the text laid over it: its own text would still extract (the Latin
junk the legacy font's codes read as), beside the Unicode text, and no reader-neutral way silences a
text run while keeping its vector glyphs short of drawing each glyph as a path, which needs the font
program that the worst pages (font not embedded) do not have. A page whose font is not embedded is
not PDF/A either. The rendered image keeps what the page looks like today; the original file is
kept as it came (originals/<sha256>).

Positions come from PDFium's character boxes: the layer's lines and words are paired with the
converted text's lines and words; a line whose word count changed in the conversion is laid as one
run over its line, and when the line counts differ (or the page is turned by ``/Rotate``) the lines
are laid in order over the text's area. The text extracts the same either way.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from domain.errors import SanchikaError
from domain.types import FileKind
from ocr.invisible_text import Run, text_only_pdf
from ocr.options import OcrOptions

LAYER_DPI = 200  # the page image: ~20-30 ms to render, ~200 KB of JPEG for an A4 text page
Box = tuple[float, float, float, float]  # left, bottom, right, top in points from the page's lower left
log = logging.getLogger(__name__)


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def layer_words(page: pdfium.PdfPage) -> list[list[Box]]:
    """The text layer's lines (top to bottom, as PDFium orders the text), each a list of its
    words' boxes, relative to the crop box's lower left corner; lines without a visible word dropped."""
    left, bottom, _, _ = page.get_cropbox()
    textpage = page.get_textpage()
    lines: list[list[Box]] = [[]]
    word: list[Box] = []

    def end_word() -> None:
        if word:
            lines[-1].append(_union(word))
            word.clear()

    try:
        for i in range(textpage.count_chars()):
            ch = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32)
            if ch.isspace():
                end_word()
                if ch == "\n":
                    lines.append([])
                continue
            try:
                x0, y0, x1, y1 = textpage.get_charbox(i, loose=True)
            except pdfium.PdfiumError:
                continue
            if x1 > x0 and y1 > y0:
                word.append((x0 - left, y0 - bottom, x1 - left, y1 - bottom))
        end_word()
    finally:
        textpage.close()
    return [line for line in lines if line]


def place(text: str, layer: list[list[Box]], width: float, height: float) -> list[Run]:
    """Runs of ``text`` (one line per text line) over the layer's words (:func:`layer_words`)."""
    lines = [ln.split() for ln in text.splitlines() if ln.strip()]
    runs: list[Run] = []
    if layer and len(lines) == len(layer):
        for words, boxes in zip(lines, layer, strict=True):
            x0, y0, x1, y1 = _union(boxes)
            space = (y1 - y0) / 4  # the line's last word: a space past its box
            if len(words) == len(boxes):  # each word with its space, up to the next word's left edge
                ends = [nxt[0] if nxt[0] > b[0] else b[2] + space for b, nxt in zip(boxes, boxes[1:], strict=False)]
                ends.append(boxes[-1][2] + space)
                runs += [Run(w + " ", b[0], y0, end - b[0], y1 - y0) for w, b, end in zip(words, boxes, ends, strict=True)]
            else:
                runs.append(Run(" ".join(words) + " ", x0, y0, x1 + space - x0, y1 - y0))
        return runs
    x0, y0, x1, y1 = _union([b for line in layer for b in line]) if layer else (
        0.1 * width, 0.1 * height, 0.9 * width, 0.9 * height)
    band = (y1 - y0) / max(len(lines), 1)
    for i, words in enumerate(lines):  # in order, top to bottom, over the text's area
        runs.append(Run(" ".join(words) + " ", x0, y1 - (i + 1) * band, x1 - x0, max(min(band * 0.8, 24.0), 1.0)))
    return runs


def layer_page_pdf(path: Path, page_no: int, text: str, options: OcrOptions, dpi: int = LAYER_DPI) -> bytes | None:
    """Page ``page_no`` (1-based) of the PDF at ``path`` rendered under ``text`` (its converted
    layer's text), invisible; None when the page cannot be read or drawn (the caller reuses it)."""
    from ocr.rasterise import render_page
    from ocr.searchable_pdf import page_pdf

    try:
        pdf = pdfium.PdfDocument(str(path))
        try:
            page = pdf[page_no - 1]
            try:
                width, height = page.get_size()
                layer = layer_words(page) if page.get_rotation() % 360 == 0 else []
            finally:
                page.close()
        finally:
            pdf.close()
        raster = render_page(path, FileKind.PDF, page_no, replace(options, dpi=dpi, extract_images=False))
        return page_pdf(text_only_pdf(width, height, place(text, layer, width, height)), raster.image)
    except (pdfium.PdfiumError, SanchikaError, OSError, IndexError, ValueError) as exc:
        log.warning("page %s of %s: no page for its converted text layer (%s); the page is kept as it is",
                    page_no, Path(path).name, exc)
        return None
