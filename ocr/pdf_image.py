"""A scanned PDF page's own image, as stored (ocr/rasterise.py's fast path).

A page that is one image covering it exactly is decoded as stored (pdfium decodes JPEG, CCITT,
JBIG2, Flate, JPX alike) instead of being rendered: the scanner's pixels are kept, the render's
resampling and compositing (~40 ms CPU of ~55 ms per A4 300 dpi page, measured) are skipped, and
the searchable page can reuse the original page.
"""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ocr.options import OcrOptions

_IMAGE_COLOURS = {
    pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_DEVICERGB, pdfium_c.FPDF_COLORSPACE_CALGRAY,
    pdfium_c.FPDF_COLORSPACE_CALRGB, pdfium_c.FPDF_COLORSPACE_ICCBASED, pdfium_c.FPDF_COLORSPACE_INDEXED,
}
_DPI_SLACK = 0.02  # an image within 2 % of the wanted resolution is used as it is


def page_image(page: pdfium.PdfPage, w_pt: float, h_pt: float, options: OcrOptions) -> tuple[np.ndarray, int] | None:
    """(pixels, dpi) taken from the page's only image, when the page is a plain scan; else None
    (the page is rendered). Plain: no /Rotate; one image object, upright (no rotation or flip in
    its matrix), covering the crop box; nothing else drawn (invisible text, e.g. an old OCR layer,
    is allowed); grey, RGB or indexed colours; at least the wanted resolution (a finer image is
    reduced to it with area averaging; a coarser one is rendered, as before)."""
    if page.get_rotation() % 360:
        return None
    image = None
    for obj in page.get_objects(max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE and image is None:
            image = obj
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT and pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
            continue
        else:
            return None
    if image is None:
        return None
    m = image.get_matrix()
    if abs(m.b) > 1e-6 or abs(m.c) > 1e-6 or m.a <= 0 or m.d <= 0:
        return None
    left, bottom, right, top = page.get_cropbox()
    tol = 0.005 * max(w_pt, h_pt) + 0.5
    if abs(m.e - left) > tol or abs(m.f - bottom) > tol or abs(m.e + m.a - right) > tol or abs(m.f + m.d - top) > tol:
        return None
    try:
        meta = image.get_metadata()
        px_w, px_h = image.get_px_size()
    except pdfium.PdfiumError:
        return None
    if meta.colorspace not in _IMAGE_COLOURS or meta.bits_per_pixel not in (1, 8, 24) or px_w < 1 or px_h < 1:
        return None
    dpi_x, dpi_y = px_w * 72.0 / w_pt, px_h * 72.0 / h_pt
    if abs(dpi_x - dpi_y) > _DPI_SLACK * dpi_x or dpi_x < options.dpi * (1 - _DPI_SLACK):
        return None
    target = (round(w_pt / 72.0 * options.dpi), round(h_pt / 72.0 * options.dpi))
    if px_w * px_h > options.max_pixels or target[0] * target[1] > options.max_pixels:
        return None
    try:
        bitmap = image.get_bitmap(render=False)
        arr = bitmap.to_numpy()
    except pdfium.PdfiumError:
        return None
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim == 3:
        arr = cv2.cvtColor(arr, cv2.COLOR_BGR2RGB if arr.shape[2] == 3 else cv2.COLOR_BGRA2RGB)
    elif arr.ndim != 2:
        return None
    if arr.shape[1] != px_w or arr.shape[0] != px_h:
        return None
    dpi = round(dpi_x)
    if dpi_x > options.dpi * (1 + _DPI_SLACK):  # finer than wanted: reduce, as the render would
        arr = cv2.resize(arr, target, interpolation=cv2.INTER_AREA)
        dpi = options.dpi
    return np.ascontiguousarray(arr), dpi
