"""A 1-bit scan made by error diffusion (dithering) is turned back into grey before it is read.

A scanner set to black-and-white with "dithering" (error diffusion) on grey or coloured paper writes the
paper as a field of single dots, a quarter or more of the page's pixels on grey paper. Tesseract takes
every dot for a blob: on one A4 page of such a scan plain `tesseract -l Devanagari+eng` ran for over
8 minutes, and the product's page stopped at its 180 s timeout, the page lost (bench/ocr_legacy_probe.py,
docs/adr/0039-*). Blurred over about the dots' spacing the field becomes the grey it stood for and the
letters stay: the same page read in 1.2 CPU-s at 0.2 % CER.

The evidence is strong and needs no reading to confirm it: the page holds only black and white, and at
least DOT_FIELD of its area is ink that a 2x2 opening removes (dots and one-pixel specks). A 1-bit text
page thresholded rather than dithered (a fax, an office scan in "text" mode) has such pixels only on
its strokes' edges and in specks: under 1 % of its area.
"""

from __future__ import annotations

import cv2
import numpy as np

DOT_FIELD = 0.03  # share of the page's area in single dots: error-diffused paper of grey 245 is ~4 %, grey 190 ~25 %
SIGMA_PX = 1.5  # the blur, in pixels: error diffusion spaces its dots a pixel or two apart at any resolution


def is_bilevel(gray: np.ndarray) -> bool:
    sample = gray[::7, ::7]
    return bool(((sample == 0) | (sample == 255)).all())


def dot_share(gray: np.ndarray) -> float:
    """Share of the page's area that is ink in dots too small for a 2x2 opening to keep."""
    ink = (gray < 128).astype(np.uint8)
    kept = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return float(np.count_nonzero(ink > kept)) / max(ink.size, 1)


def descreened(image: np.ndarray) -> tuple[np.ndarray, str]:
    """(the page to read, its step): a dithered 1-bit page blurred back to grey, else the page as it is."""
    if image.ndim != 2 or image.dtype != np.uint8 or not is_bilevel(image):
        return image, ""
    share = dot_share(image)
    if share < DOT_FIELD:
        return image, ""
    return cv2.GaussianBlur(image, (0, 0), SIGMA_PX), f"descreen:dots {share:.3f}"
