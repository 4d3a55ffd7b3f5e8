"""A dithered scan is turned back into grey before it is read (ADR 0039; grey containers: ADR 0045).

A scanner set to black-and-white with "dithering" (error diffusion) on grey or coloured paper writes the
paper as a field of single dots, a quarter or more of the page's pixels on grey paper. Tesseract takes
every dot for a blob: on one A4 page of such a scan plain `tesseract -l Devanagari+eng` ran for over
8 minutes, and the product's page stopped at its 180 s timeout, the page lost (bench/ocr_legacy_probe.py,
docs/adr/0039-*). Blurred over about the dots' spacing the field becomes the grey it stood for and the
letters stay: the same page read in 1.2 CPU-s at 0.2 % CER.

**A page of pure black and white** (ADR 0039): the evidence is at least DOT_FIELD of its area in ink that
a 2x2 opening removes (dots and one-pixel specks). A 1-bit page thresholded rather than dithered (a fax,
an office scan in "text" mode) has such pixels only on its strokes' edges and in specks: under 1 %.

**The same scan in a grey container** (ADR 0045): a 1-bit PDF of 200 dpi rendered by PDFium (the dots
smoothed into grey blobs), one of 600 dpi reduced to 300 (dots of four greys, or a 191/255 weave), a JPEG
of it (ringing) hold no pure black and white, and under the page's own threshold the broken strokes of
8 pt type measure the same dot share as such a field. What a dither has and a grey page has not is
**paper that is a texture everywhere**: cut the page into cells of CELL px (half a millimetre), and on
the dithered page nearly every cell (0.64-0.99 of them, margins and the gaps between lines included) is
textured, its darkest pixel DOT below its mean or its spread at least WEAVE, while its mean, the paper's
grey, is steady from cell to cell (the texture at least STEADY times the change to the next cells:
error diffusion spreads its dots evenly). A printed page's paper is clean: its texture is in its letters,
and there the cell's mean changes with the strokes as much as the texture does; scanner noise (sigma
3-10) stays under WEAVE; a halftone photograph, a screened tint, toner specks or a guilloche pattern are
textured in their own region only (every such generated page: at most 0.33 of the cells). The measure
reads a band of rows in every EVERY (~3 ms on an A4 page at 300 dpi).
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.inkmask import components

DOT_FIELD = 0.03  # share of the page's area in single dots: error-diffused paper of grey 245 is ~4 %, grey 190 ~25 %
DOT_PX = 8  # a dot is a piece of ink this small: error-diffused dots touch in twos and threes, a stroke is longer
SIGMA_PX = 1.5  # the blur, in pixels: error diffusion spaces its dots a pixel or two apart at any resolution
CELL = 6  # px: the cells of the grey measure (dots are 1-2 px at any resolution the page is read at)
DOT = 40  # a cell's darkest pixel this far under its mean: a dot (scanner noise of sigma 10: ~25)
WEAVE = 20  # ... or its standard deviation this large: a weave of two greys (scanner noise: its sigma, <= 10)
STEADY = 3.0  # the texture at least this many times the mean's change to the neighbouring cells
FIELD_SURE = 0.55  # share of the page's cells in such a field: a dithered page, descreened without a check
FIELD_WEAK = 0.45  # ... at least this: descreened, and read as scanned too unless that reading is sound
BAND, EVERY = 48, 8  # rows measured: a band of BAND rows in every EVERY


def is_bilevel(gray: np.ndarray) -> bool:
    sample = gray[::7, ::7]
    return bool(((sample == 0) | (sample == 255)).all())


def dot_share(gray: np.ndarray) -> float:
    """Share of the page's area that is ink in dots: ink a 2x2 opening removes, in pieces of at most ``DOT_PX``
    pixels (8-connected). A stroke one pixel wide is removed by the opening too, but it is one long piece: a
    real 150 dpi 1-bit table scan (leptonica's table.15.tif: thin type and rules) had 3.3 % of its area in such
    strokes, was blurred as if dithered and read 61 words where plain Tesseract read 494 (75-150 dpi text
    pages: 2.6-3.9 %; in pieces of dots: under 1.3 %). Under ``DOT_FIELD`` before the pieces are counted, the
    opening's share is returned as it is (an upper bound: the page is not descreened either way)."""
    ink = (gray < 128).astype(np.uint8)
    removed = ink > cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    share = float(np.count_nonzero(removed)) / max(ink.size, 1)
    if share < DOT_FIELD:
        return share
    _, labels, stats, _ = components(ink)  # 16-bit labels where they fit (ocr/inkmask.py)
    small = stats[:, cv2.CC_STAT_AREA] <= DOT_PX
    small[0] = False  # the paper
    return float(np.count_nonzero(removed & small[labels])) / ink.size


def field_share(gray: np.ndarray) -> float:
    """Share of the page's cells that are a steady texture of dots (the paper of a dithered scan)."""
    rows = np.arange(gray.shape[0])
    sample = gray[(rows // BAND) % EVERY == 0]
    nb, ny, nx = sample.shape[0] // BAND, BAND // CELL, gray.shape[1] // CELL
    if nb == 0 or nx < 3:
        return 0.0
    s = np.ascontiguousarray(sample[: nb * BAND, : nx * CELL])
    f = s.astype(np.float32)
    mean = cv2.resize(f, (nx, nb * ny), interpolation=cv2.INTER_AREA)
    spread = np.sqrt(np.maximum(cv2.resize(f * f, (nx, nb * ny), interpolation=cv2.INTER_AREA) - mean * mean, 0))
    darkest = s.reshape(nb * ny, CELL, nx * CELL).min(axis=1).reshape(nb * ny, nx, CELL).min(axis=2).astype(np.float32)
    mean, spread, dots = (a.reshape(nb, ny, nx) for a in (mean, spread, mean - darkest))
    change = np.zeros_like(mean)
    for axis in (1, 2):  # within each band: the largest change to the cell above, below, left or right
        d = np.abs(np.diff(mean, axis=axis))
        lo, hi = [slice(None)] * 3, [slice(None)] * 3
        lo[axis], hi[axis] = slice(None, -1), slice(1, None)
        np.maximum(change[tuple(lo)], d, out=change[tuple(lo)])
        np.maximum(change[tuple(hi)], d, out=change[tuple(hi)])
    field = ((dots >= DOT) & (dots >= STEADY * change)) | ((spread >= WEAVE) & (spread >= STEADY * change))
    return float(field.mean())


def descreened(image: np.ndarray) -> tuple[np.ndarray, str, bool]:
    """(the page to read, its step, sure): a dithered page blurred back to grey, else the page as it is.
    ``sure`` False: the evidence is weak, and the reading is to be weighed against the page as scanned."""
    if image.ndim != 2 or image.dtype != np.uint8:
        return image, "", True
    if is_bilevel(image):
        share = dot_share(image)
        if share < DOT_FIELD:
            return image, "", True
        return cv2.GaussianBlur(image, (0, 0), SIGMA_PX), f"descreen:dots {share:.3f}", True
    field = field_share(image)
    if field < FIELD_WEAK:
        return image, "", True
    sure = field >= FIELD_SURE
    return cv2.GaussianBlur(image, (0, 0), SIGMA_PX), f"descreen:field{'' if sure else '?'} {field:.2f}", sure
