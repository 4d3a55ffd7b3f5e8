"""Searchable PDFs: one page from Tesseract's invisible text plus the page image, and the join of
such pages and reused original pages into one document, in order.

Tesseract's own PDF renderer re-compresses the page image with Flate: a noisy A4 grey page cost
about 1.5 s more CPU and came out at about 3.5 MB (measured). So Tesseract writes a text-only
PDF (``textonly_pdf=1``) and :func:`page_pdf` lays the image under it as a JPEG.

A scanned PDF page that is just its image, recognised without any change of geometry (no crop,
turn or deskew), keeps its own page: :func:`overlay_text` lays the invisible text over a copy of
it (pikepdf, ~3 ms instead of ~15 ms for the JPEG, and no second lossy compression).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from domain.errors import CorruptFileError, UsageError

if TYPE_CHECKING:
    import pypdfium2 as pdfium

Part = bytes | tuple[Path, int]
JPEG_QUALITY = 80


def page_pdf(text_only_pdf: bytes, image: np.ndarray, jpeg_quality: int = JPEG_QUALITY) -> bytes:
    """Put ``image`` (uint8 grey or RGB) as a full-page JPEG into a one-page text-only PDF."""
    import pypdfium2 as pdfium

    jpeg = _jpeg(image, jpeg_quality)
    pdf = pdfium.PdfDocument(text_only_pdf)
    try:
        page = pdf[0]
        width, height = page.get_size()
        return _with_image(pdf, page, jpeg, width, height)  # the text is invisible: order does not matter
    finally:
        pdf.close()


def image_like_pdf(text_only_pdf: bytes, image: np.ndarray, jpeg_quality: int = JPEG_QUALITY) -> bytes:
    """A one-page PDF of ``text_only_pdf``'s page size holding only ``image``: the page without its text."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(text_only_pdf)
    try:
        width, height = src[0].get_size()
    finally:
        src.close()
    return _image_only(image, width, height, jpeg_quality)


def image_page_pdf(image: np.ndarray, dpi: int, jpeg_quality: int = JPEG_QUALITY) -> bytes:
    """A one-page PDF holding only the page image (a blank page keeps its place in the document)."""
    return _image_only(image, image.shape[1] * 72.0 / max(dpi, 1), image.shape[0] * 72.0 / max(dpi, 1), jpeg_quality)


def _image_only(image: np.ndarray, width: float, height: float, jpeg_quality: int) -> bytes:
    """A new one-page PDF of ``width`` x ``height`` points holding only ``image``."""
    import pypdfium2 as pdfium

    jpeg = _jpeg(image, jpeg_quality)
    pdf = pdfium.PdfDocument.new()
    try:
        return _with_image(pdf, pdf.new_page(width, height), jpeg, width, height)
    finally:
        pdf.close()


_PLAIN_RESOURCES = {"/XObject", "/ProcSet", "/ColorSpace", "/ExtGState"}


def overlay_text(path: Path, page_no: int, text_only_pdf: bytes | None) -> bytes | None:
    """Page ``page_no`` (1-based) of the PDF at ``path`` as a one-page PDF, with the text-only
    page ``text_only_pdf`` (Tesseract's, same page size in its own units) laid over it, scaled to
    the page's crop box; ``None`` unless the page draws exactly one image and has nothing else in
    its resources (no fonts: an old text layer would be carried along; no shared resources: a
    one-page copy would carry every page's images). ``text_only_pdf=None``: the page alone."""
    import pikepdf

    try:
        with pikepdf.open(str(path)) as src:
            if not 1 <= page_no <= len(src.pages):
                return None
            page = src.pages[page_no - 1]
            res = page.obj.get("/Resources")
            if not isinstance(res, pikepdf.Dictionary) or not set(res.keys()) <= _PLAIN_RESOURCES:
                return None
            xobjects = res.get("/XObject")
            if not isinstance(xobjects, pikepdf.Dictionary) or len(xobjects.keys()) != 1:
                return None
            (only,) = (xobjects[k] for k in xobjects.keys())
            if only.get("/Subtype") != pikepdf.Name.Image:
                return None
            out = pikepdf.new()
            out.pages.append(page)
            dst = out.pages[0]
            if text_only_pdf is not None:
                with pikepdf.open(io.BytesIO(text_only_pdf)) as text:
                    box = [float(v) for v in dst.cropbox]
                    dst.add_overlay(text.pages[0], pikepdf.Rectangle(*box))
                    buf = io.BytesIO()
                    out.save(buf, deterministic_id=True)
            else:
                buf = io.BytesIO()
                out.save(buf, deterministic_id=True)
            return buf.getvalue()
    except (pikepdf.PdfError, OSError, ValueError, TypeError):
        return None


def _jpeg(image: np.ndarray, quality: int) -> bytes:
    arr = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    ok, jpeg = cv2.imencode(".jpg", arr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise CorruptFileError("The page image could not be encoded as JPEG.")
    return jpeg.tobytes()


def _with_image(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, jpeg: bytes, width: float, height: float) -> bytes:
    """Lay ``jpeg`` over the whole of ``page`` and return the saved document."""
    import pypdfium2 as pdfium

    picture = pdfium.PdfImage.new(pdf)
    picture.load_jpeg(io.BytesIO(jpeg), inline=True)
    picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(picture)
    page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    page.close()
    return buf.getvalue()


def assemble_pdf(parts: list[Part]) -> bytes:
    """``parts``: PDF bytes (all their pages are taken) or ``(path, page_no)`` (1-based) of an
    original PDF whose page is reused as is (e.g. a trusted text layer)."""
    import pypdfium2 as pdfium

    if not parts:
        raise UsageError("assemble_pdf needs at least one page.")
    out = pdfium.PdfDocument.new()
    sources: dict[Path, pdfium.PdfDocument] = {}
    held: list[pdfium.PdfDocument] = []  # sources must outlive the save
    try:
        for part in parts:
            if isinstance(part, bytes | bytearray):
                try:
                    src = pdfium.PdfDocument(bytes(part))
                except pdfium.PdfiumError as exc:
                    raise CorruptFileError(f"A one-page PDF to assemble is damaged: {exc}") from exc
                held.append(src)
                out.import_pages(src)
            else:
                path, page_no = Path(part[0]), int(part[1])
                if path not in sources:
                    try:
                        sources[path] = pdfium.PdfDocument(str(path))
                    except pdfium.PdfiumError as exc:
                        raise CorruptFileError(f"{path.name} cannot be opened: {exc}") from exc
                src = sources[path]
                if not 1 <= page_no <= len(src):
                    raise UsageError(f"{path.name} has {len(src)} page(s); page {page_no} does not exist.")
                out.import_pages(src, [page_no - 1])
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
        for doc in [*held, *sources.values()]:
            doc.close()
