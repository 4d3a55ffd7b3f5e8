"""Rules under and through text lines: a note-sheet's ruling, a form's fill-in lines (issue 17).

Tesseract reads text that sits on a long rule twice. Measured on generated note-sheets (printed
Devanagari on ruled paper, `bench/ocr_shapes_probe.py` kind "ruled", 2026-12-07): the rule joins the
letters of its line into one connected shape, Tesseract makes one text line of text and rule (a box
as wide as the rule) and its words come out twice in that line: once with boxes the height of text
and rule together, once with boxes of the letters alone, the two boxes of a word overlapping; the
rule alone is a second, empty text line. Plain `tesseract -l Devanagari+eng` gave 1,679 characters
for 1,146 on those pages. Without the rules the same pages read once.

- :func:`find_line_rules`: long thin horizontal rules, solid (a run of ink at least
  ``RULE_INCH`` long after breaks of ``_BRIDGE_INCH`` are closed, at most ``THIN_INCH`` thick
  where it is measured) or dotted (a row of dots, each at most ``DOT_INCH`` across, at most
  ``DOT_GAP_INCH`` apart, as long as a solid rule; chained across the steps of a skew, ADR 0040).
  Ink is measured against the paper *above and below* (a vertical grey closing), so a faint blue
  rule on yellow paper counts, and a letter's stem never does.
- :func:`without_line_rules`: the page with those rules painted from the same vertical closing:
  only ink thinner (top to bottom) than ``THIN_INCH`` near a rule becomes paper, so the strokes
  that cross a rule (a stem, a lower matra through it) are kept whole and only the rule between
  them goes.

The check runs at ``CHECK_DPI`` (~10 ms for an A4 page); the painting at the page's resolution,
only in the bands of the rules found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from domain.types import Word
from ocr.glance import to_gray
from ocr.shrink import shrink

RULE_INCH = 1.5  # as ocr/tables.py's horizontal rules: longer than any word's headline at 24 pt
THIN_INCH = 0.04  # a rule is thinner than this, top to bottom (ruled paper ~0.01, a typed underline ~0.02)
SEGMENT_INCH = 0.5  # a rule is found as straight pieces this long (a skew of 1 degree steps 1 px in 57)
SKEW_RISE = 0.0175  # a rule askew by 1 degree rises this much per unit of length (found as pieces of SEGMENT_INCH)
CONTRAST = 25  # grey levels under the paper above and below (a faint blue rule on yellow paper: ~60)
DOT_INCH, DOT_GAP_INCH = 0.03, 0.1  # a dotted line: dots at most this wide, at most this far apart
_DOT_DENSITY = 1 / 0.15  # ... and at least this many dots per inch of the line (a text line's bindus are sparser)
HANGING = 0.3  # a run with ink right under this share of its columns is a headline, not a rule (measured below)
_BRIDGE_INCH = 0.02
CHECK_DPI = 100


@dataclass(frozen=True)
class LineRules:
    boxes: tuple[tuple[int, int, int, int], ...]  # (x, y, w, h) of each rule at the page's resolution
    dotted: int  # how many of them are rows of dots
    # each rule's own pixels in its box, found at CHECK_DPI: an askew rule's box is tall (0.9 degrees: 35 px at
    # 300 dpi), and the headlines of the next line, thin and straight too, lie in its rows; only the path is painted
    paths: tuple[np.ndarray, ...] = field(compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.boxes)


def _thin(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """(ink thinner top to bottom than THIN_INCH as a 0/1 mask, the vertical closing: the paper under it)."""
    k = max(3, round(THIN_INCH * dpi)) | 1
    closed = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, np.ones((k, 1), np.uint8))
    return ((closed.astype(np.int16) - gray.astype(np.int16)) > CONTRAST).astype(np.uint8), closed


def _straight(thin: np.ndarray, ink: np.ndarray, dpi: int, bridge_inch: float, length_inch: float) -> np.ndarray:
    """Straight horizontal runs of ink ``length_inch`` long, breaks of ``bridge_inch`` closed, that are
    mostly thin ink: all ink counts for the run (a stem crossing a rule does not break it)."""
    bridge = max(1, round(bridge_inch * dpi))
    joined = cv2.morphologyEx(ink | thin, cv2.MORPH_CLOSE, np.ones((1, bridge + 1), np.uint8)) if bridge > 1 else ink | thin
    return cv2.morphologyEx(joined, cv2.MORPH_OPEN, np.ones((1, max(10, round(length_inch * dpi))), np.uint8))


Found = tuple[tuple[int, int, int, int], np.ndarray]  # a rule's box at CHECK_DPI, and its pixels in the box


def _solid(thin: np.ndarray, ink: np.ndarray, dpi: int) -> list[Found]:
    """Runs at least RULE_INCH long, at most 2 x THIN_INCH high and what a skew of 1 degree adds, mostly thin ink,
    with no letters hanging from them."""
    pieces = _straight(thin, ink, dpi, _BRIDGE_INCH, SEGMENT_INCH)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(pieces, connectivity=8)
    found = []
    for i in range(1, n):
        x, y, w, h, _a = (int(v) for v in stats[i])
        run = labels[y : y + h, x : x + w] == i
        if (w >= RULE_INCH * dpi and h <= 2 * THIN_INCH * dpi + SKEW_RISE * w and thin[y : y + h, x : x + w][run].mean() >= 0.5
                and _hanging(run, ink, x, y) < HANGING):
            found.append(((x, y, w, h), run))
    return found


HANGING_STEPS = (3, 4)  # px of the check (CHECK_DPI) under a run's lowest pixel in each column


def _hanging(run: np.ndarray, ink: np.ndarray, x: int, y: int) -> float:
    """Share of the run's columns with ink 0.03-0.04 inch under it: a Devanagari headline has its
    letters hanging from it (their bodies are that far down); a rule has paper there but where a lower
    matra crosses it, and a dotted or blurred rule's own edge is nearer."""
    h, w = run.shape
    lowest = h - 1 - np.argmax(run[::-1], axis=0)
    cols = np.arange(w)
    below = np.zeros(w, bool)
    for step in HANGING_STEPS:
        rows = np.minimum(y + lowest + step, ink.shape[0] - 1)
        below |= ink[rows, x + cols].astype(bool)
    return float(below[run.any(axis=0)].mean())


def _dotted(thin: np.ndarray, dpi: int) -> list[Found]:
    """Rows of dots, each at most DOT_INCH across, at most DOT_GAP_INCH apart, RULE_INCH long or more, at least
    _DOT_DENSITY dots per inch. The dots are chained by widening each one along the row (a dilation, not a closing)
    and taking what touches, diagonally too: a row of dots askew by under a degree steps down one pixel of the
    check every 60 or more, and a closing along one row broke it at every step into pieces shorter than a rule
    (a form's dotted fill-in lines were found in parts, or not at all, and read as ``oo``, ``०००``, ``©``)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(thin, connectivity=8)
    size = max(2, round(DOT_INCH * dpi)) + 1  # a dot straddles one pixel more of the check as it falls (0.023 inch: 3-4 px)
    small = (stats[:, 2] <= size) & (stats[:, 3] <= size)
    small[0] = False
    dots = small[labels].astype(np.uint8)
    gap = max(2, round(DOT_GAP_INCH * dpi))
    chains = cv2.dilate(dots, np.ones((1, gap + 1), np.uint8))
    m, clabels, cstats, _ = cv2.connectedComponentsWithStats(chains, connectivity=8)
    found = []
    for i in range(1, m):
        x, y, w, h, _a = (int(v) for v in cstats[i])
        if w - gap < RULE_INCH * dpi:
            continue
        chain = (clabels[y : y + h, x : x + w] == i) & (dots[y : y + h, x : x + w] > 0)
        rows, cols = np.flatnonzero(chain.any(axis=1)), np.flatnonzero(chain.any(axis=0))
        y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
        if x1 - x0 < RULE_INCH * dpi or y1 - y0 > size + 2 + SKEW_RISE * (x1 - x0):
            continue
        if _even(chain[y0:y1, x0:x1], (x1 - x0) / dpi):
            path = clabels[y + y0 : y + y1, x + x0 : x + x1] == i
            found.append(((x + x0, y + y0, x1 - x0, y1 - y0), path))
    return found


# A dotted line is a row of equal dots evenly spaced: the dots' areas vary by under EVEN_SIZE of their mean, the gaps
# between neighbours (centre to centre) by under EVEN_GAP of their median (median absolute deviation: a dot missing
# here and there does not count). Forms' dotted lines at the check: 0.06-0.26 and 0; chains of specks on a faded,
# speckled carbon copy 0.62 and more (tests/ocr/test_linerules.py).
EVEN_SIZE, EVEN_GAP = 0.5, 0.25


def _even(chain: np.ndarray, inches: float) -> bool:
    """Enough dots for the row's length (_DOT_DENSITY per inch), of one size, evenly spaced."""
    n, _, stats, centres = cv2.connectedComponentsWithStats(chain.astype(np.uint8), connectivity=8)
    if n - 1 < max(3, _DOT_DENSITY * inches):
        return False
    area = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    gaps = np.diff(np.sort(centres[1:, 0].astype(np.float64)))
    median = float(np.median(gaps))
    return bool(area.std() < EVEN_SIZE * area.mean() and np.median(np.abs(gaps - median)) < EVEN_GAP * median)


def _screen(dotted: list[Found], dpi: int) -> dict[int, tuple[int, int, int, int]]:
    """The rows of dots (by index, with their boxes) that have another row of dots right above or below them,
    along some of their length: nearer than DOT_GAP_INCH, the farthest a dotted line's own dots lie apart. Such
    rows are a field of dots, a halftone screen (a tinted box behind a heading, a shaded total), not fill-in lines:
    a form's dotted lines lie a text line apart. Painted as rules, a 25-45 lpi tint's rows took every
    horizontal stroke of the heading in it with them (each stroke lies within a row's reach): its reading lost
    the heading and read the rows left at the edges as junk, 45 % CER for 12 % (ADR 0043)."""
    gap = max(2, round(DOT_GAP_INCH * dpi))

    def near(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
        along = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
        return along > 0 and b[1] <= a[1] + a[3] + gap and a[1] <= b[1] + b[3] + gap

    return {i: d[0] for i, d in enumerate(dotted) if any(near(d[0], e[0]) for j, e in enumerate(dotted) if j != i)}


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] + 2 and b[1] < a[1] + a[3] + 2


def find_line_rules(image: np.ndarray, dpi: int) -> LineRules:
    """The page's long thin horizontal rules, solid or dotted (found at ``CHECK_DPI``)."""
    f = min(1.0, CHECK_DPI / max(dpi, 1))
    small = shrink(to_gray(image), f)
    sdpi = max(1, round(dpi * f))
    thin, closed = _thin(small, sdpi)
    paper = cv2.morphologyEx(closed, cv2.MORPH_CLOSE, np.ones((1, max(3, round(THIN_INCH * sdpi)) | 1), np.uint8))
    ink = ((paper.astype(np.int16) - small.astype(np.int16)) > CONTRAST).astype(np.uint8)
    solid, dotted = _solid(thin, ink, sdpi), _dotted(thin, sdpi)
    field = _screen(dotted, sdpi)  # rows of a tint's dots (ADR 0043): not rules, and nothing over them is
    dotted = [d for i, d in enumerate(dotted) if i not in field]
    solid = [s for s in solid if not any(_overlap(s[0], dotted_box) for dotted_box in field.values())]
    # dots close enough read as solid too, in pieces (a piece of the row between steps of its skew): of a solid
    # run and a row of dots over it, the longer is the rule
    solid = [s for s in solid if not any(_overlap(s[0], d) and d[2] > s[0][2] for d, _ in dotted)]
    dotted = [d for d in dotted if not any(_overlap(d[0], b) for b, _ in solid)]
    scale = 1 / f
    boxes = tuple((round(x * scale), round(y * scale), round(w * scale), round(h * scale)) for (x, y, w, h), _ in solid + dotted)
    return LineRules(boxes, len(dotted), tuple(path.astype(np.uint8) for _, path in solid + dotted))


def without_line_rules(image: np.ndarray, rules: LineRules, dpi: int) -> np.ndarray:
    """The page with its rules painted from the paper above and below them; crossing strokes kept.

    Painted: along the rule's own path as the check found it (give or take one of its pixels), ink thinner top to
    bottom than ``THIN_INCH`` that runs straight for ``SEGMENT_INCH / 2`` (breaks of a dotted rule's gaps
    closed first), and its blurred edge; painted with the vertical grey closing, which keeps the strokes
    that cross the rule (a stem, a lower matra through it) dark. A matra that only touches the rule
    loses the rows it shares with it."""
    out = image.copy()
    k = max(3, round(THIN_INCH * dpi)) | 1
    slack = round(dpi / CHECK_DPI) + 1  # one pixel of the check, and one
    pad = slack + k
    height, width = image.shape[:2]
    for i, (x, y, w, h) in enumerate(rules.boxes):
        y0, y1 = max(0, y - pad), min(height, y + h + pad)
        x0, x1 = max(0, x - pad), min(width, x + w + pad)
        band = image[y0:y1, x0:x1]
        gray = to_gray(band)
        thin, _ = _thin(gray, dpi)
        ink = ((np.percentile(gray, 90) - gray.astype(np.float32)) > CONTRAST).astype(np.uint8)
        run = _straight(thin, ink, dpi, DOT_GAP_INCH if rules.dotted else _BRIDGE_INCH, SEGMENT_INCH / 2) & thin
        run[: max(0, y - y0 - slack), :] = 0
        run[y + h - y0 + slack :, :] = 0
        run &= _along(rules.paths[i], (x - x0, y - y0, w, h), run.shape, slack, pad)
        paint = cv2.dilate(run, np.ones((3, 3), np.uint8)) > 0  # the blurred edge
        closed = cv2.morphologyEx(band, cv2.MORPH_CLOSE, np.ones((k, 1), np.uint8))
        region = out[y0:y1, x0:x1]
        region[paint] = closed[paint]
    return out


def _along(path: np.ndarray, box: tuple[int, int, int, int], shape: tuple[int, ...], slack: int, reach: int) -> np.ndarray:
    """A 0/1 mask of the band: the rule's path (found at CHECK_DPI) at the band's resolution, ``slack`` above and
    below it, ``reach`` on along it (a rule's end, a last dot faint at CHECK_DPI, is painted as far as before)."""
    x, y, w, h = box
    near = np.zeros(shape[:2], np.uint8)
    big = cv2.resize(path, (w, h), interpolation=cv2.INTER_NEAREST)
    ys, xs = slice(max(0, y), min(shape[0], y + h)), slice(max(0, x), min(shape[1], x + w))
    near[ys, xs] = big[ys.start - y : ys.stop - y, xs.start - x : xs.stop - x]
    return cv2.dilate(near, np.ones((2 * slack + 1, 2 * reach + 1), np.uint8))


def in_column_blocks(unlined: tuple[Word, ...], plain: tuple[Word, ...]) -> bool:
    """The reading without the rules breaks the page's lines into column blocks: more than twice the lines
    of the reading as is, with under half as many words to a line. Tesseract's layout read a register whose
    rules went as side-by-side columns, one cell to a line (a landscape allotment register: 99 lines for
    its 17 rows, 818 edits against plain Tesseract's 60). No score sees reading order (ADR 0034); a page's
    lines do not multiply when its rules go (rules read as junk add lines to the reading as is), and lines
    the rules hid come back with their words."""
    def shape(read: tuple[Word, ...]) -> tuple[int, int]:
        words = [w for w in read if w.text.strip()]
        return len({w.line for w in words}), len(words)

    (lines, words), (lines0, words0) = shape(unlined), shape(plain)
    return lines > 2 * max(lines0, 1) and words * lines0 < 0.5 * words0 * lines
