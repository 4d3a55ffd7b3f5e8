"""Layout facts of a page image that the page-role classifier and reconciliation use.

    facts = measure_layout(image)   # Layout(ruled_lines, vertical_rules, ink, image_hash)

Measured on a copy shrunk to 1100 px on its long side (a few milliseconds per A4 page): long
horizontal rules (a notesheet's ruling, tables), long vertical rules (a notesheet's margin, table
columns), the share of inked pixels, and the perceptual hash of :mod:`ocr.imagehash`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .shrink import shrink


@dataclass(frozen=True, slots=True)
class Layout:
    ruled_lines: int
    vertical_rules: int
    ink: float
    image_hash: str


def rules(image: np.ndarray) -> tuple[int, int, float]:
    """(horizontal rules, vertical rules, ink share) of a grey or RGB page image."""
    import cv2

    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    small = shrink(gray, 1100 / max(gray.shape))
    hist = np.bincount(small.ravel(), minlength=256)
    paper = float(np.searchsorted(np.cumsum(hist), 0.9 * small.size))  # 90th percentile
    ink = (small < max(40.0, paper - 60.0)).astype(np.uint8)
    h, w = ink.shape
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(10, int(w * 0.4))), np.uint8))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(10, int(h * 0.3)), 1), np.uint8))
    n_h = cv2.connectedComponents(cv2.dilate(horiz, np.ones((3, 1), np.uint8)))[0] - 1
    n_v = cv2.connectedComponents(cv2.dilate(vert, np.ones((1, 3), np.uint8)))[0] - 1
    return int(n_h), int(n_v), float(ink.mean())


def measure_layout(image: np.ndarray) -> Layout:
    """Both measurements from one copy shrunk to 1100 px (the image is decoded once, shrunk once)."""
    import cv2

    from .imagehash import dhash

    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    small = shrink(gray, 1100 / max(gray.shape))
    ruled, vertical, ink = rules(small)
    return Layout(ruled, vertical, round(ink, 5), dhash(small))
