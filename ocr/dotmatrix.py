"""A page printed by a dot-matrix printer is joined before it is read (ADR 0042).

A 9-pin printer (the registers and land-record printouts of 1990s-2000s district offices) prints every
character as a handful of separate dots, 0.25-0.35 mm across, on the pins' pitch (1/72 inch down,
1/60-1/120 inch across). Tesseract takes every dot for a blob: plain `tesseract -l Devanagari+eng`
read such a register at 45-215 % CER (bench/ocr_legacy_probe.py); closed over about the dots' pitch
(the ink dilated, then eroded back: the gaps between neighbouring dots fill, the letters keep their
shape) the same pages read at 12-15 %.

The evidence is measured on the page, before any reading (``measure``, on a band of rows in every
``EVERY``; ~0.04 CPU-s on an A4 page at 300 dpi): in the letter-sized ink (components up to ``LETTER_MM``
wide, not rules or holes), the **gaps**: ink pixels lighter than the ink ``r`` pixels either side of them
(across or down) by ``GAP`` of their contrast with the paper, i.e. the paper showing between two dots.
A page is dot print when, at the reach ``r`` where most gaps are found, they are at least ``GAP_SHARE``
of the letter-sized ink and ``MIN_GAPS`` pixels, and two pixels further out there are under a third as
many (``PEAK``): the gaps stand on one pitch. On printed, typed and JPEG pages the gaps are few (under
2.8 % of the ink) and grow or stay level with the reach; speckle and foxing are scattered, with no pitch.
(bench/ocr_dot_survey.py: 7 of 464 bench pages called dot print, all dot-matrix.)

The kernel is the measured pitch, not a constant: a closing as wide as the gap between two dots on a
diagonal of the pin grid joins a stroke; much wider fills the letters' counters.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.glance import to_gray
from ocr.inkmask import components, ink_window

GAP = 0.2  # a gap between two dots: lighter than the lighter of them by this share of its contrast with the paper
GAP_SHARE = 0.03  # at least this share of the letter-sized ink is such gaps (printed, typed pages: <= 0.028)
MIN_GAPS = 1000  # ... and at least this many gap pixels in the sample (a few lines of dot-matrix print)
PEAK = 3.0  # ... found at one reach, and under a third as many two pixels further: the gaps stand on one pitch
PITCH_MM = 0.45  # the widest pin pitch looked for (9-pin heads: 1/72 inch down, 1/60 across, 0.35-0.42 mm)
LETTER_MM = 8.0  # ink components up to this wide are letters (not rules, tractor holes, photos)
BAND, EVERY = 32, 6  # rows of the page measured: a band of BAND rows in every EVERY (dot print fills the page)


@dataclass(frozen=True)
class DotPrint:
    gaps: tuple[int, ...]  # by reach r = 1, 2, ...: ink pixels lighter than the ink r px either side (across or down)
    letter_ink: int  # the letter-sized ink pixels measured

    @property
    def reach(self) -> int:
        """The half-pitch, px, at which most gaps are found: the closing that joins the dots."""
        return int(np.argmax(self.gaps)) + 1 if self.gaps else 0

    @property
    def share(self) -> float:
        return max(self.gaps, default=0) / max(self.letter_ink, 1)

    @property
    def printed(self) -> bool:
        r = self.reach
        return (r + 2 <= len(self.gaps) and self.gaps[r - 1] >= MIN_GAPS and self.share >= GAP_SHARE
                and self.gaps[r - 1] >= PEAK * self.gaps[r + 1])

    def note(self) -> str:
        return f"gaps {'/'.join(map(str, self.gaps))} of {self.letter_ink} ink px, half-pitch {self.reach}px"


def _sample(gray: np.ndarray) -> np.ndarray:
    rows = np.arange(gray.shape[0])
    return gray[(rows // BAND) % EVERY == 0]


def _median(values: np.ndarray) -> float:
    """``np.median`` of uint8 values, from their histogram (the same value: the middle one, or the mean of
    the middle two; ~0.3 ms instead of ~3 ms for an A4 page's sample)."""
    hist = cv2.calcHist([np.ascontiguousarray(values)], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    cum = np.cumsum(hist)
    n = int(cum[-1])
    lo, hi = (int(np.searchsorted(cum, k, side="right")) for k in ((n - 1) // 2, n // 2))
    return (lo + hi) / 2


def _ceilings(level: float, paper: float) -> np.ndarray:
    """For each grey of the darker side ``s``: the least grey a pixel between two dots has (``s`` plus ``GAP``
    of its contrast with the paper, by the same ``cv2.addWeighted`` rounding), or 255 where ``s`` is no ink
    (``s > level - 1``, as ``cv2.threshold`` compares). A letter's pixel (darker than ``level``) is never 255."""
    greys = np.arange(256, dtype=np.uint8).reshape(1, -1)
    least = cv2.addWeighted(greys, 1 - GAP, greys, 0, GAP * paper).ravel()
    least[greys.ravel() > level - 1] = 255
    return least


def measure(gray: np.ndarray, dpi: int) -> DotPrint:
    """The page's gaps between dots by reach (~0.01-0.02 CPU-s on an A4 page at 300 dpi)."""
    sample = _sample(gray)
    level, _ = cv2.threshold(sample[::2, ::2], 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    reaches = range(1, max(3, round(PITCH_MM / 2 * dpi / 25.4) + 2) + 1)
    # measured only over the ink's bounding box and the farthest reach around it: every letter pixel
    # and every pixel it is compared with lie in it, so the gaps and the components are the same
    box = ink_window(sample < level, reaches[-1])
    if box is None:
        return DotPrint((), 0)
    sub = sample[box]
    ink = (sub < level).astype(np.uint8)
    n, labels, stats, _ = components(ink)  # 16-bit labels where they fit (inkmask: a third of the CPU)
    wide = np.r_[0, stats[1:, cv2.CC_STAT_WIDTH] <= LETTER_MM * dpi / 25.4].astype(np.uint8)
    letter8 = wide[labels]
    total = int(cv2.countNonZero(letter8))
    if total == 0:
        return DotPrint((), 0)
    light = sample[::2, ::2][sample[::2, ::2] >= level]
    paper = _median(light) if light.size else 255.0
    least = _ceilings(level, paper)
    gaps = []
    for r in reaches:
        found = np.zeros(sub.shape, np.uint8)
        for a, b, c, view in ((sub[:-2 * r], sub[r:-r], sub[2 * r:], found[r:-r]),
                              (sub[:, :-2 * r], sub[:, r:-r], sub[:, 2 * r:], found[:, r:-r])):
            # b >= side + GAP * (paper - side), with side itself ink (a letter's pixel b is darker than 255);
            # no pixel has both sides in a box no wider than 2r (ink within r of the page's edge, small)
            if view.size:
                np.bitwise_or(view, cv2.compare(b, cv2.LUT(cv2.max(a, c), least), cv2.CMP_GE), out=view)
        gaps.append(int(cv2.countNonZero(cv2.bitwise_and(found, letter8))))
    return DotPrint(tuple(gaps), total)


def joined(image: np.ndarray, dpi: int) -> tuple[np.ndarray, str]:
    """(the page to read, its step): a dot-matrix page closed over its measured pitch, else the page as it is."""
    if image.dtype != np.uint8 or image.ndim not in (2, 3):
        return image, ""
    found = measure(to_gray(image), dpi)
    if not found.printed:
        return image, ""
    size = 2 * found.reach + 1  # a pitch across: the gap between two dots on the pin grid's diagonal is less
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    # dark ink on light paper: an opening of the brightness is a closing of the ink (every channel alike)
    return cv2.morphologyEx(image, cv2.MORPH_OPEN, kernel), f"dotmatrix:joined {size}px ({found.note()})"
