"""A stamp's frame struck at a slant over the text: long straight strokes that are no text (ADR 0050).

An office stamps its inward mail ("प्राप्त / RECEIVED", office, diary number, date) in a double-ruled box,
struck by hand at whatever angle, over the body text. Tesseract removes horizontal and vertical rules
itself; a frame at 8-30 deg it takes as part of the page's layout, and cuts the text lines it crosses into
blocks left and right of it, read one after the other (generated stamped letters, tests/fresh3shapes.py:
277 edits for plain Tesseract, 521 for the page deskewed by its right angle, 268 without the deskew; the
same page with the frame painted out: 107 as scanned, 125 deskewed). Which way Tesseract's layout falls
changes with a degree of skew or a resampling: a lottery in both directions, not a wrong deskew (the
angle found was right). So the frame is painted out of the image Tesseract reads, whatever the skew.

- :func:`find_strokes`: at ``CHECK_DPI``, the ink shapes at least ``LONG_INCH`` across; in them, straight
  segments (Hough) at least ``LONG_INCH`` long at a slant: at least ``SLANT`` deg (more the skew left in the
  page) from the horizontal and the vertical, kept in pairs: a box's opposite sides (parallel,
  ``APART_INCH`` apart, side by side; one straight stroke alone, a crest's spoke, is no frame). No text
  line is such a stroke: a Devanagari headline runs along its line (under ``SLANT`` once the page is
  deskewed) and no word's is that long at 24 pt (as ocr/linerules.py's ``RULE_INCH``); a table's and a
  form's rules are level or upright; a signature's strokes bend.
- :func:`unstamped`: a reading of the page without them, carrying the page as it was (its PDF, its ``pre``).
- :func:`without_strokes`: around each direction's segments (``AROUND_INCH``), the page turned by that
  angle so the frame's sides lie level and upright; ink straight for ``SIDE_INCH`` along either axis (the
  frame's four sides, its inner rule too) is painted paper, with a pixel of its blurred edge. Ink darker
  than the stroke under it (black text through a violet frame) is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import cv2
import numpy as np

from ocr.glance import to_gray
from ocr.inkmask import components, ink_window
from ocr.preprocess import Preprocessed
from ocr.searchable_pdf import page_pdf
from ocr.shrink import shrink

CHECK_DPI = 100
LONG_INCH = 1.5  # a frame's side at least this long (ocr/linerules.py RULE_INCH: over any word's headline)
SLANT = 6.0  # degrees from the horizontal and the vertical, beyond the skew left in the page
SIDE_INCH = 0.3  # painted: ink straight this long along the frame's directions, near its long sides
AROUND_INCH = 0.75  # ... within this of them (the frame's short sides, its inner rule)
CONTRAST = 30  # grey levels under the paper: a stamp's ink, unevenly inked
_DARKER = 40  # ink this much darker than the stroke's own grey is text under it, and kept
PARALLEL = 2.0  # degrees: a box's opposite sides
BESIDE_INCH, THIN_SHARE = 0.04, 0.6  # a stroke: paper this far off it on a side, along 0.6 of it or more
APART_INCH = (0.3, 4.0)  # ... this far apart (an inward stamp: 1-2 in; its width, not its double rule)
Segment = tuple[float, float, float, float, float]
R = TypeVar("R")


@dataclass(frozen=True)
class Strokes:
    """Straight slanted strokes at the page's resolution: (x1, y1, x2, y2) and their angle in degrees."""

    segments: tuple[Segment, ...]

    def __bool__(self) -> bool:
        return bool(self.segments)

    def note(self) -> str:
        angles = sorted({round(s[4]) for s in self.segments})
        return f"stamp:{len(self.segments)} strokes at {','.join(str(a) for a in angles)} deg"


def find_strokes(image: np.ndarray, dpi: int, skew_left: float = 0.0) -> Strokes:
    """The page's long straight strokes at a slant (``skew_left``: degrees of skew the page still has)."""
    f = min(1.0, CHECK_DPI / max(dpi, 1))
    small = to_gray(shrink(image, f))
    sdpi = dpi * f
    paper = float(np.median(small[::4, ::4]))
    ink = (small < paper - CONTRAST).astype(np.uint8)
    box = ink_window(ink)  # labelled within the ink's bounding box: the same pieces, cheaper
    if box is None:
        return Strokes(())
    n, labels, stats, _ = components(ink[box])
    long = LONG_INCH * sdpi
    sizes = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    big = np.flatnonzero(sizes >= 0.85 * long) + 1  # a side in pieces where the pad inked it thinly: 0.85
    if not len(big):
        return Strokes(())
    keep = np.zeros(n, np.uint8)
    keep[big] = 255
    shapes = np.zeros_like(ink)
    shapes[box] = keep[labels]
    found = cv2.HoughLinesP(
        shapes,
        1,
        np.pi / 180,
        int(0.6 * long),
        minLineLength=int(long),
        maxLineGap=max(1, round(0.02 * sdpi)),
    )
    least = SLANT + abs(skew_left)
    segments = []
    for x1, y1, x2, y2 in found.reshape(-1, 4) if found is not None else ():
        angle = float(np.degrees(np.arctan2(y2 - y1, x2 - x1)))
        off = abs(angle) % 90
        if min(off, 90 - off) >= least and _thin(ink, (x1, y1, x2, y2), sdpi):
            segments.append((x1 / f, y1 / f, x2 / f, y2 / f, angle))
    return Strokes(tuple(s for s in segments if any(_sides(s, t, dpi) for t in segments)))


def _thin(ink: np.ndarray, line: tuple[int, int, int, int], dpi: float) -> bool:
    """Paper beside the segment (``BESIDE_INCH`` off it, on one side or both: a double rule's inner side is its
    other rule) along ``THIN_SHARE`` of it or more: a stroke, not a line through a grey field (a pasted
    newspaper clipping's newsprint is all "ink" here, and straight at every angle)."""
    x1, y1, x2, y2 = line
    n = max(2, int(np.hypot(x2 - x1, y2 - y1) / 2))
    t = np.linspace(0.0, 1.0, n)
    xs, ys = x1 + t * (x2 - x1), y1 + t * (y2 - y1)
    length = float(np.hypot(x2 - x1, y2 - y1)) or 1.0
    nx, ny = -(y2 - y1) / length * BESIDE_INCH * dpi, (x2 - x1) / length * BESIDE_INCH * dpi
    h, w = ink.shape

    def at(dx: float, dy: float) -> np.ndarray:
        cols = np.clip(np.rint(xs + dx).astype(int), 0, w - 1)
        rows = np.clip(np.rint(ys + dy).astype(int), 0, h - 1)
        return ink[rows, cols].astype(bool)

    return float(np.mean(~at(nx, ny) | ~at(-nx, -ny))) >= THIN_SHARE


def _sides(a: Segment, b: Segment, dpi: int) -> bool:
    """``a`` and ``b`` are opposite sides of a box: parallel (``PARALLEL`` deg), ``APART_INCH`` apart, side by
    side along half the shorter or more. One straight stroke alone (a wheel's spokes in an emblem, a line
    struck through a paragraph) is no frame."""
    if abs((a[4] - b[4] + 90) % 180 - 90) > PARALLEL:
        return False
    t = np.radians(a[4])
    along, across = np.array((np.cos(t), np.sin(t))), np.array((-np.sin(t), np.cos(t)))
    pa, pb = np.array((a[:2], a[2:4])), np.array((b[:2], b[2:4]))
    apart = abs(float((pb.mean(axis=0) - pa.mean(axis=0)) @ across)) / dpi
    (a0, a1), (b0, b1) = sorted(pa @ along), sorted(pb @ along)
    shared = min(a1, b1) - max(a0, b0)
    return APART_INCH[0] <= apart <= APART_INCH[1] and shared >= 0.5 * min(a1 - a0, b1 - b0)


def _directions(strokes: Strokes) -> list[tuple[float, list[Segment]]]:
    """The segments grouped by direction (a frame's sides: one angle, give or take 3 deg, modulo 90)."""
    groups: list[tuple[float, list[Segment]]] = []
    for s in strokes.segments:
        for angle, members in groups:
            if abs((s[4] - angle + 45) % 90 - 45) < 3:
                members.append(s)
                break
        else:
            groups.append((s[4], [s]))
    return groups


def without_strokes(image: np.ndarray, strokes: Strokes, dpi: int) -> np.ndarray:
    """The page with its slanted frames painted paper (darker ink crossing them kept)."""
    out = image.copy()
    h, w = image.shape[:2]
    sample = image[::16, ::16].reshape(-1, 1 if image.ndim == 2 else image.shape[2])
    paper_colour = np.median(sample, axis=0).astype(image.dtype)
    paper = float(np.median(to_gray(np.ascontiguousarray(image[::16, ::16]))))
    pad, side = AROUND_INCH * dpi, max(3, round(SIDE_INCH * dpi))
    for angle, members in _directions(strokes):
        xs = [v for s in members for v in (s[0], s[2])]
        ys = [v for s in members for v in (s[1], s[3])]
        x0, y0 = max(0, int(min(xs) - pad)), max(0, int(min(ys) - pad))
        x1, y1 = min(w, int(max(xs) + pad)), min(h, int(max(ys) + pad))
        crop = to_gray(np.ascontiguousarray(image[y0:y1, x0:x1]))
        ink = (crop < paper - CONTRAST).astype(np.uint8)
        turn = cv2.getRotationMatrix2D(((x1 - x0) / 2, (y1 - y0) / 2), angle, 1.0)
        level = cv2.warpAffine(ink, turn, (x1 - x0, y1 - y0), flags=cv2.INTER_NEAREST)
        sides = cv2.bitwise_or(
            cv2.morphologyEx(level, cv2.MORPH_OPEN, np.ones((1, side), np.uint8)),
            cv2.morphologyEx(level, cv2.MORPH_OPEN, np.ones((side, 1), np.uint8)),
        )
        back = cv2.warpAffine(sides, turn, (x1 - x0, y1 - y0), flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP)
        if not back.any():
            continue
        stroke = float(np.median(crop[back > 0]))
        paint = cv2.dilate(back, np.ones((5, 5), np.uint8)).astype(bool)
        paint &= (crop < paper - CONTRAST // 2) & (crop >= stroke - _DARKER)
        out[y0:y1, x0:x1][paint] = paper_colour if image.ndim == 3 else paper_colour[0]
    return out


def unstamped(
    pre: Preprocessed, dpi: int, enabled: bool, pdf_image: bool, read: Callable[[Preprocessed, bool], R]
) -> R:
    """``read(pre, pdf_image)`` (ocr/upright.py's reading of a preprocessed page), of the page with its slanted
    frames painted out when ``enabled`` and one is found: no text is such a stroke, and Tesseract cut the lines
    it crossed into blocks. The reading then carries the page as preprocessed, stamp and all (its ``pre``, the
    image of its page PDF; word boxes are the same), and a note of the strokes."""
    strokes = find_strokes(pre.image, dpi, pre.skew_residue) if enabled else Strokes(())
    if not strokes:
        return read(pre, pdf_image)
    reading: Any = read(replace(pre, image=without_strokes(pre.image, strokes, dpi)), False)
    out = reading.out
    if out.pdf is not None and pdf_image:
        out = replace(out, pdf=page_pdf(out.pdf, pre.image))
    kept: R = replace(reading, pre=pre, out=out, notes=(*reading.notes, strokes.note()))
    return kept
