"""Downscaling a page image for measurements (the orientation/skew search, layout, glances).

OpenCV's area interpolation has a fast path for halving (~0.5 ms for an A4 page at 300 dpi) and is
slow for other factors (~14 ms for the same page to 1100 px). :func:`shrink` halves with area
averaging while it can, then scales the rest (a factor between 0.5 and 1, too little to alias)
bilinearly: ~1.3 ms for that page to 1100 px, a mean difference of ~1.3 grey levels from the
direct area average and the same ink share (3.84 % vs 3.90 % of pixels darker than 195).
"""

from __future__ import annotations

import numpy as np


def shrink(image: np.ndarray, f: float) -> np.ndarray:
    """``image`` scaled by ``f`` (< 1) with area averaging; ``image`` itself when ``f >= 1``."""
    import cv2

    if f >= 1:
        return image
    while f <= 0.5 + 1e-9:
        h, w = image.shape[:2]
        if h < 2 or w < 2:
            break
        image = cv2.resize(image[: h - h % 2, : w - w % 2], (w // 2, h // 2), interpolation=cv2.INTER_AREA)
        f *= 2
    if f < 0.999:
        h, w = image.shape[:2]
        image = cv2.resize(image, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_LINEAR)
    return image
