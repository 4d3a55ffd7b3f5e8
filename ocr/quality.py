"""A page's quality score (0..1) with its reasons, and the flag an operator acts on.

Capture measures come from the page image before OCR (a strided sample of the grey pixels: a
grey-level histogram does not need every pixel), recognition from Tesseract's word confidences:

- **dpi**: under 200 dpi small Devanagari matras and digits break up; under 100 nothing is read.
- **contrast**: paper (90th percentile) minus ink (0.5th percentile of the grey levels).
- **blur**: share of mid-grey pixels among the non-paper ones, counting only mid-grey within 1 mm of
  ink. Sharp print is mostly full ink with thin anti-aliased edges; a blurred or out-of-focus copy
  smears each stroke into grey ramps beside it. Grey away from any stroke is not a smeared stroke: a
  book's gutter shadow, page-edge shading, a photograph's tones, paper speckle.
- **skew residue**: skew found but not removed (under the 1 deg deskew threshold, or at the
  search limit).
- **confidence**: mean word confidence and the share of words under 0.6. The share is weighed as if
  ``PRIOR_WORDS`` more words had been read with the share allowed (10 %): on a page of two words one
  unsure word is half the page, on a page of two hundred it is nothing (a two-word title in large bold
  type, one word at 0.34 and one at 0.96, was flagged though both were right). The mean is not: it is
  what tells a short garbage reading (two Latin letter groups at 0.1-0.45 on average) from a short
  right one (0.65 and more); ocr/judge.py's unreadable rule needs three words.

score = 0.5 x recognition + 0.5 x the worst capture measure. ``needs_rescan`` when the score is
under ``rescan_below`` *and* a capture measure is poor (a better scan would help); otherwise
``needs_review`` under ``review_below`` (a person should check the text). Thresholds are settings.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from domain.status import PageFlag
from domain.types import Word
from ocr.inkmask import ink_window

# The words, read with the share of unsure words allowed, that a page's share is weighed with: about
# one line of text (ADR 0036).
PRIOR_WORDS, SURE, FEW_LOW = 8, 0.88, 0.1
NEEDS_RESCAN = PageFlag.NEEDS_RESCAN
NEEDS_REVIEW = PageFlag.NEEDS_REVIEW
# The reason of a page whose best reading still looks like garbage (ocr/judge.py, issue 17): flagged
# for review and not indexed (workers/steps.py), its text kept for the reviewer.
UNREADABLE = "unreadable: check orientation/scan"
# The reason of a page read with text both ways (a fifth to four fifths of its words on end: labels along a
# file cover's edges, a register's heads printed on end) that is otherwise no garbage: flagged for review, its
# text indexed, as plain Tesseract's would be (ADR 0054): its flat lines are real text.
BOTH_WAYS_TEXT = "text both ways: check orientation"
# The reason of a page whose Devanagari the reading lost (ocr/unread.py: read as Latin letters and digits,
# or not at all): flagged for review; its text is indexed (its digits and Latin words may be right).
DEVANAGARI_UNREAD = "Devanagari text not read as Devanagari"


# A reading with this many lines of unsure letter groups (ocr/judge.py ``unsure_lines``: 2+ words, few of
# them real words read surely) names them among its reasons. Tesseract reads handwriting, a stamp's ring
# or a signature as such lines; one is what a signature or a stamp leaves on any letter, two and more are
# what a reviewer should know about (a handwritten note-sheet: 2-7 of its 8-11 lines; a typed letter:
# none; bench/ocr_hand_probe.py). It names; it does not flag (the flag is the score's).
UNSURE_LINES = 2


def unsure_lines_reason(lines: int) -> str:
    return f"{lines} lines read as unsure letter groups (handwriting, a stamp or a scrawl?)"


def is_unreadable(reasons: tuple[str, ...] | list[str] | None) -> bool:
    return any(r.startswith(UNREADABLE) for r in reasons or ())


@dataclass(frozen=True, slots=True)
class CaptureFacts:
    dpi: int
    dpi_assumed: bool
    contrast: float  # grey levels between paper and ink
    blur: float  # 0 sharp .. 1 all smeared


@dataclass(frozen=True, slots=True)
class PageQuality:
    score: float
    flag: PageFlag | None  # None: nothing to act on
    reasons: tuple[str, ...]


def _clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


def capture_facts(gray: np.ndarray, dpi: int, dpi_assumed: bool) -> CaptureFacts:
    """Contrast and blur from a strided sample of a grey page image (a few ms on A4 300 dpi)."""
    step = max(1, int(round(max(gray.shape) / 1500)))
    # one contiguous copy, which _blur needs anyway: cv2.calcHist reads it in ~2.2 ms against ~3.4 ms for the
    # strided view (an A4 page at 300 dpi); np.bincount copied it to int64 first (~3x the CPU)
    sample = np.ascontiguousarray(gray[::step, ::step])
    hist = cv2.calcHist([sample], [0], None, [256], [0, 256]).ravel().astype(np.float64)
    cum = np.cumsum(hist) / max(hist.sum(), 1.0)
    paper = float(np.searchsorted(cum, 0.90))
    ink = float(np.searchsorted(cum, 0.005))
    if paper - ink < 50:
        # Under 0.5 % of the page is ink (a file number, a signature, a cover sheet): the fixed
        # percentile lands on paper. Take the ink from the pixels clearly darker than the paper.
        tail = hist[: max(0, int(paper) - 30)]
        if tail.sum() >= 2e-4 * hist.sum():
            ink = min(ink, float(np.searchsorted(np.cumsum(tail) / tail.sum(), 0.10)))
    contrast = paper - ink
    if contrast < 8:
        return CaptureFacts(dpi, dpi_assumed, contrast, 0.0)
    lo, hi = int(ink + 0.25 * contrast), int(ink + 0.75 * contrast)
    return CaptureFacts(dpi, dpi_assumed, contrast, _blur(sample, lo, hi, max(1, round(dpi / 25.4 / step))))


def _blur(sample: np.ndarray, lo: int, hi: int, reach: int) -> float:
    """Mid-grey pixels (``lo`` to ``hi``) within ``reach`` pixels of a dark one (under ``lo``), as a
    share of those and the dark ones: a stroke's ramps, not the grey of a shadow or a photograph."""
    dark = (sample < lo).view(np.uint8)
    # mid-grey pixels count only near a dark one: measured over the dark pixels' bounding box grown by the reach
    box = ink_window(dark, reach)
    if box is None:
        return 0.0
    sample, dark = (np.ascontiguousarray(a[box]) for a in (sample, dark))
    near = cv2.dilate(dark, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 2 * reach + 1)))
    mid = cv2.countNonZero(cv2.bitwise_and(cv2.inRange(sample, lo, hi - 1), near, mask=near))
    n_dark = cv2.countNonZero(dark)
    return float(mid / (mid + n_dark)) if mid + n_dark else 0.0


def assess(
    facts: CaptureFacts,
    words: tuple[Word, ...],
    skew_residue: float,
    *,
    review_below: float,
    rescan_below: float,
) -> PageQuality:
    reasons: list[str] = []
    dpi_s = _clamp((facts.dpi - 90) / (200 - 90))
    if facts.dpi < 200:
        reasons.append(f"low resolution {facts.dpi} dpi (scan at 300)")
    if facts.dpi_assumed:
        reasons.append("dpi not recorded in the image (300 assumed)")
    contrast_s = _clamp((facts.contrast - 50) / (120 - 50))
    if contrast_s < 1:
        reasons.append(f"low contrast {facts.contrast:.0f} grey levels between ink and paper")
    blur_s = _clamp((0.70 - facts.blur) / (0.70 - 0.40))
    if blur_s < 1:
        reasons.append(f"blurred strokes ({facts.blur:.2f} of the ink is smeared grey)")
    skew_s = 1.0 if skew_residue < 0.6 else 0.8 if skew_residue < 1.0 else 0.5
    if skew_s < 1:
        reasons.append(f"skew {skew_residue:.1f} deg left in the page")
    capture = min(dpi_s, contrast_s, blur_s, skew_s)
    if words:
        conf = float(np.mean([w.confidence for w in words]))
        low = sum(1 for w in words if w.confidence < 0.6) / len(words)
        low_w = (len(words) * low + PRIOR_WORDS * FEW_LOW) / (len(words) + PRIOR_WORDS)
        recog = _clamp((conf - 0.45) / (SURE - 0.45)) * (1.0 - 0.5 * _clamp((low_w - FEW_LOW) / 0.4))
        if conf < SURE or low > FEW_LOW:
            reasons.append(f"OCR confidence {conf:.2f}, {100 * low:.0f}% of words under 0.60")
    else:
        conf, recog = 0.0, 0.0
        reasons.append("no words recognised")
    score = round(0.5 * recog + 0.5 * capture, 3)
    flag: PageFlag | None = None
    if score < rescan_below and capture < 0.5:
        flag = NEEDS_RESCAN
    elif score < review_below:
        flag = NEEDS_REVIEW
    return PageQuality(score, flag, tuple(reasons) or ("good",))
