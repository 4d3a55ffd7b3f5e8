"""The cheap look before OCR (ADR 0012): ink and code-like marks on a ~75 dpi copy of a page.

:func:`glance` (~5 ms on an A4 300 dpi page) decides which pages are worth a code search
(ocr/codes.py): only a page with little ink outside code-like marks. A page of text cannot be a
separator by the verdict's ink rule (ocr/separators.py), so nothing is lost by not searching it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.shrink import shrink


def to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return np.ascontiguousarray(image)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


GATE_DPI = 75
GATE_MAX_INK = 0.02  # ink outside code-like marks: SEPARATOR_MAX_INK measured more coarsely, with room
GATE_MAX_MARKS = 10  # more code-like marks than this: a page of large print, not a separator sheet
GATE_MIN_INK = 0.0003  # an empty page carries no code
BLANK_PRECHECK_INK = 0.02  # below this, is_blank decides; a page of text has well over it


@dataclass(frozen=True, slots=True)
class PageGlance:
    """One ~75 dpi look at a page (a few ms on A4 300 dpi): how much ink, and where the marks are
    that could be a barcode, a QR code or a PATCH bar. Decides which pages are worth a code search."""

    ink: float  # share of inked pixels inside the margins (6 % sides, 4 % top/bottom)
    ink_outside_marks: float  # the same with the code-like marks left out
    marks: tuple[tuple[int, int, int, int], ...]  # code-like marks (x, y, w, h) in the input image's pixels
    bars: int  # how many of them are solid elongated bars (PATCH code candidates)

    @property
    def may_be_blank(self) -> bool:
        return self.ink < BLANK_PRECHECK_INK

    @property
    def may_be_separator(self) -> bool:
        """Worth a code search: little ink once code-like marks are left out, but not nothing."""
        return self.ink_outside_marks <= GATE_MAX_INK and self.ink >= GATE_MIN_INK


def glance(image: np.ndarray, dpi: int) -> PageGlance:
    """The cheap look: an area-averaged ~75 dpi copy (a thin-barred barcode averages to a grey
    block instead of vanishing), an ink mask relative to the paper colour, and its connected
    components after a closing that joins a code's modules and bars into one mark.

    A code-like mark is a dense block at least 4 x 8 mm and at most 8 times longer than wide (QR,
    DataMatrix, barcodes; after a 5 x 5 closing) or a solid bar: ink in straight runs of at least
    15 mm, at least 1.2 mm wide (PATCH bars; ruled lines are thinner).
    A page whose ink lies mostly outside such marks, or that has many of them, is a page of text;
    only the others are worth a code search."""
    gray = to_gray(image)
    f = min(1.0, GATE_DPI / max(dpi, 1))
    small = shrink(gray, f)
    hist = cv2.calcHist([small], [0], None, [256], [0, 256]).ravel()
    paper = float(np.searchsorted(np.cumsum(hist), 0.90 * small.size))
    mask = (small < max(40.0, paper - 60.0)).astype(np.uint8)
    h, w = mask.shape
    y0, y1, x0, x1 = int(h * 0.04), h - int(h * 0.04), int(w * 0.06), w - int(w * 0.06)
    inner = mask[y0:y1, x0:x1]
    total = cv2.countNonZero(inner)
    area = max(1, inner.size)
    if total == 0:
        return PageGlance(0.0, 0.0, (), 0)
    if total > GATE_MAX_INK * area:
        # Ink that survives a 3 x 3 erosion is solid (bars, code blocks); at 75 dpi text strokes
        # are 1-2 px and vanish. When the thin ink alone is over the limit, no marks can excuse it.
        solid = cv2.countNonZero(cv2.erode(inner, np.ones((3, 3), np.uint8)))
        if total - 2 * solid > GATE_MAX_INK * area:
            return PageGlance(total / area, total / area, (), 0)
    px_mm = min(dpi, GATE_DPI) / 25.4
    # Bars: ink in straight runs of at least 15 mm (an opening with a line), whatever touches them
    # (a label printed against a PATCH code); then at least 1.2 mm wide, which leaves out ruled lines.
    run = max(3, round(15 * px_mm))
    bars_mask = cv2.bitwise_or(cv2.morphologyEx(inner, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8)),
                               cv2.morphologyEx(inner, cv2.MORPH_OPEN, np.ones((1, run), np.uint8)))
    _, _, stats, _ = cv2.connectedComponentsWithStats(bars_mask, connectivity=8)
    st = stats[1:].astype(np.int64)
    short = np.minimum(st[:, 2], st[:, 3])
    hit = (short >= 1.2 * px_mm) & (st[:, 4] >= 0.7 * st[:, 2] * st[:, 3])
    found = [st[hit, :4]]
    bars = int(hit.sum())
    # Blocks: a 5 x 5 closing joins a code's modules and bars into one dense mark.
    closed = cv2.morphologyEx(inner, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    st = stats[1:].astype(np.int64)
    cw, ch, a = st[:, 2], st[:, 3], st[:, 4]
    short, long_ = np.minimum(cw, ch), np.maximum(cw, ch)
    hit = (short >= 4 * px_mm) & (long_ >= 8 * px_mm) & (long_ <= 8 * short) & (a >= 0.45 * cw * ch)
    found.append(st[hit, :4])
    boxes = np.concatenate(found)
    if len(boxes) > GATE_MAX_MARKS:
        return PageGlance(total / area, total / area, (), 0)
    covered = np.zeros_like(inner)
    for x, y, cw_, ch_ in boxes.tolist():
        covered[y : y + ch_, x : x + cw_] = 1
    outside = cv2.countNonZero(inner & (covered ^ 1))
    marks = tuple(
        (int((x + x0) / f), int((y + y0) / f), int(np.ceil(cw_ / f)), int(np.ceil(ch_ / f))) for x, y, cw_, ch_ in boxes.tolist()
    )
    return PageGlance(total / area, outside / area, marks, bars)
