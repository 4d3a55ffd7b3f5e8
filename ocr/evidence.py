"""How strong the evidence is for a geometric clean-up decision: deskew, crop, denoise (issue 17,
"do no harm"; docs/adr/0027).

A decision on strong evidence is applied. A decision on weak evidence is applied *and* named in
``Preprocessed.doubts``; ocr/upright.py then reads the page without it too and keeps the better
reading (ocr/judge.py; a tie keeps the page as scanned). Everything here runs on the ~100 dpi ink
points or a strided grey sample that preprocessing already has: a few tens of ms, no Tesseract.

- **deskew**: the skew angle maximises the projection score (sum of squared row counts of the
  turned ink points). Strong when the angle is large enough to matter (>= STRONG_SKEW), the
  score at that angle clearly beats the score at 0 (gain >= STRONG_GAIN: the lines really are
  sharper turned), the top and bottom halves of the ink agree on it (spread <= STRONG_SPREAD:
  one family of parallel lines, not an emblem, a photo or a stray rule), and it is not at the
  edge of the search range (the page may be skewed more). A small skew (under STRONG_SKEW) is
  strong only on lines that are certainly that skewed: gain >= SURE_GAIN, spread <= SURE_SPREAD; and
  even then it is kept on one reading only when that reading is clean (``Preprocessed.checks``,
  ocr/upright.py): the angle is certain, not that Tesseract reads the page better turned.
- **crop**: edge strips of scanner border are cut, only on a page that is also deskewed (a lid on
  a level page read as well as cut; turned, it becomes dark wedges over the text). Strong when the cut is thin (each side at most
  STRONG_CUT of its dimension), what is cut is uniformly dark (>= STRONG_BORDER of its pixels
  dark, under STRONG_LIGHT paper-light: a scanner lid, not a dark photo, a skewed sheet's paper
  or a reverse-printed heading with white letters), and the
  strip just inside every cut (EDGE_INCH) is clean paper: where ink runs up to the cut, the
  page's content may go on under what was cut.
- **denoise** (off by default): a 3x3 median, only on a page with isolated specks for it to remove
  (share of ink pixels with no ink neighbour >= SPECKS; clean pages measure <= 0.001); never strong:
  ADR 0004 measured it making a speckled page worse, so where it runs the page is read both ways.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MAX_SKEW = 10.0  # the skew search range, +-degrees
STRONG_SKEW = 2.0  # degrees; 1-2 deg Tesseract mostly copes with itself (ADR 0004), so it must earn its resample
STRONG_GAIN = 1.15  # projection score at the angle / at 0
STRONG_SPREAD = 0.5  # degrees between the top and bottom halves' angles
SURE_GAIN, SURE_SPREAD = 1.3, 0.2  # a small skew (MIN_SKEW..STRONG_SKEW) needs sharper, agreeing lines
STRONG_CUT = 0.10  # share of the page's width/height cut at one side
STRONG_BORDER = 0.95  # dark share of what is cut: a scanner lid is uniformly dark ...
STRONG_LIGHT = 0.005  # ... with (almost) no paper-light pixels in it
_LIGHT = 160
EDGE_INCH = 0.05  # the strip just inside a cut that must be clean paper ...
EDGE_INK = 0.002  # ... under this share of dark pixels (noise and dust stay under it)
SPECKS = 0.02  # isolated ink pixels among all ink pixels (clean print <= 0.001; light speckle 0.015-0.06)
_DARK = 80  # grey level of scanner borders (as ocr/preprocess.py)


def counts(xs: np.ndarray, ys: np.ndarray, deg: float) -> np.ndarray:
    """Ink points per row of the page turned by ``deg`` (integer counts)."""
    a = np.deg2rad(deg)
    proj = ys * np.cos(a)
    proj += xs * np.sin(a)
    proj -= proj.min()
    np.rint(proj, out=proj)  # the same rounding as np.round, without the temporaries
    return np.bincount(proj.astype(np.intp))


def score(xs: np.ndarray, ys: np.ndarray, deg: float) -> float:
    p = counts(xs, ys, deg)
    return float(p @ p)  # exact in integers, as the float sum of squares was (< 2**53)


def best_angle(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float]:
    """(angle, score per point) maximising the projection score; counter-clockwise positive."""
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5)
    scores = [score(xs, ys, d) for d in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1)
    fine_scores = [score(xs, ys, d) for d in fine]
    i = int(np.argmax(fine_scores))
    return float(fine[i]), float(fine_scores[i]) / max(len(xs), 1)


@dataclass(frozen=True)
class SkewEvidence:
    angle: float
    gain: float  # projection score at the angle / at 0
    spread: float  # degrees between the angles of the top and bottom halves of the ink

    @property
    def strong(self) -> bool:
        if abs(self.angle) < STRONG_SKEW:  # small: only lines that are certainly that skewed
            return self.gain >= SURE_GAIN and self.spread <= SURE_SPREAD
        return self.gain >= STRONG_GAIN and self.spread <= STRONG_SPREAD and abs(self.angle) < MAX_SKEW - 0.5

    def note(self) -> str:
        return f"gain {self.gain:.2f}, spread {self.spread:.1f}"


def skew_evidence(xs: np.ndarray, ys: np.ndarray, angle: float) -> SkewEvidence:
    """How sure the skew ``angle`` (found on these ink points) is."""
    gain = score(xs, ys, angle) / max(score(xs, ys, 0.0), 1.0)
    mid = float(np.median(ys)) if len(ys) else 0.0
    halves = [(xs[ys < mid], ys[ys < mid]), (xs[ys >= mid], ys[ys >= mid])]
    if min(len(h[0]) for h in halves) < 200:  # too little ink to tell: no agreement
        return SkewEvidence(angle, gain, MAX_SKEW)
    top, bottom = (best_angle(hx, hy)[0] for hx, hy in halves)
    return SkewEvidence(angle, round(gain, 3), round(abs(top - bottom), 2))


@dataclass(frozen=True)
class CropEvidence:
    cut: tuple[int, int, int, int]  # left, top, right, bottom (pixels)
    widest: float  # the largest cut as a share of its dimension
    border: float  # share of the pixels cut that are dark
    light: float  # ... that are paper-light: text, a heading in white, the sheet itself
    touching: tuple[str, ...]  # sides where ink runs up to the cut: content may go on under it

    @property
    def strong(self) -> bool:
        return self.widest <= STRONG_CUT and self.border >= STRONG_BORDER and self.light < STRONG_LIGHT and not self.touching

    def note(self) -> str:
        return f"cut {self.widest:.2f}, border {self.border:.2f}, light {self.light:.3f}" + (f", ink at {'/'.join(self.touching)}" if self.touching else "")


def crop_evidence(gray: np.ndarray, cut: tuple[int, int, int, int], dpi: int) -> CropEvidence:
    """How sure a crop of ``cut`` (left, top, right, bottom) of the grey page is."""
    h, w = gray.shape
    left, top, right, bottom = cut
    dark = gray < _DARK
    keep = np.zeros_like(dark)  # the kept page and the last 2 px cut (border_crop's rounding): not border
    r = 2
    keep[max(0, top - r) : h - max(0, bottom - r), max(0, left - r) : w - max(0, right - r)] = True
    cut_px = gray[~keep]
    border = float((cut_px < _DARK).mean()) if cut_px.size else 1.0
    light = float((cut_px >= _LIGHT).mean()) if cut_px.size else 0.0
    widest = max(left / w, right / w, top / h, bottom / h)
    inner = dark[top : h - bottom, left : w - right]
    band = max(2, int(EDGE_INCH * dpi))
    strips = {"left": inner[:, :band], "top": inner[:band], "right": inner[:, -band:], "bottom": inner[-band:]}
    touching = tuple(name for (name, strip), c in zip(strips.items(), cut, strict=True)
                     if c and strip.size and strip.mean() > EDGE_INK)
    return CropEvidence(cut, round(widest, 3), round(border, 3), round(light, 4), touching)


def speck_share(gray: np.ndarray) -> float:
    """Share of ink pixels (a strided sample) with no ink among their 8 neighbours: salt-and-pepper
    noise a 3x3 median removes. Clean print has almost none (every stroke pixel has a neighbour)."""
    thr, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = (gray < min(thr, 200.0)).astype(np.uint8)
    total = int(ink.sum())
    if total < 100:
        return 0.0
    neighbours = cv2.filter2D(ink, cv2.CV_16S, np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], np.int16),
                              borderType=cv2.BORDER_CONSTANT)
    return float(((neighbours == 0) & (ink == 1)).sum()) / total
