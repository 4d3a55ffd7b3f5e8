"""Which rows and columns of a page's ink mask are rules, bands or borders rather than text.

The analysis masks of ocr/preprocess.py (skew and orientation at ~100 dpi, the lines' script at
~150 dpi) leave these out: a table's rules would otherwise be taken for text lines, and a dark band
for a line's headline. The rule used to be "every row over half inked", which on dense pages of long
Devanagari lines and on narrow pages also took every line's headline (shirorekha) away, and with it
the lines' script and their 0/180 vote (docs/adr/0032-*).

Nor is the world around the sheet: a phone photo's dark desk, a scanner lid that shows round a torn
or dog-eared corner, the wedges a keystoned page leaves after a crop (``without_surround``, ADR 0035).
"""

from __future__ import annotations

import cv2
import numpy as np

RULE_RUN = 0.3  # one run of ink this share of a row long is a rule, a band or a border: a headline breaks at each word
# A rule has paper on both sides: the most inked row 2-4 px away (the next one may be blurred into it) carries under
# RULE_SIDE of the rule's own ink (rules of the generated tables: <= 0.04, what crossing text and specks leave). A
# headline has the letters' stems right below it: >= 0.13 of its ink (large type, whose stems stand furthest apart).
RULE_SIDE = 0.1


def dense_groups(share: np.ndarray) -> list[tuple[int, int]]:
    """(first, past last) of each run of consecutive rows more than half inked."""
    rows = np.flatnonzero(share > 0.5)
    if not len(rows):
        return []
    cut = np.flatnonzero(np.diff(rows) > 1)
    return list(zip(np.r_[rows[0], rows[cut + 1]].tolist(), (np.r_[rows[cut], rows[-1]] + 1).tolist(), strict=True))


def longest_run(rows: np.ndarray) -> int:
    """The longest run of ink along a group of mask rows (their union: a rule a pixel thicker in places)."""
    ink = np.r_[False, rows.any(axis=0), False]
    edges = np.flatnonzero(np.diff(ink.astype(np.int8)))
    return int((edges[1::2] - edges[0::2]).max())


def side_ratio(share: np.ndarray, a: int, b: int) -> float:
    """The ink of rows a..b's more inked side (its most inked row 2-4 px away) over their own ink."""
    above = float(share[max(a - 4, 0) : max(a - 1, 0)].max()) if a >= 2 else 0.0
    below = float(share[b + 1 : b + 4].max()) if b + 1 < len(share) else 0.0
    return max(above, below) / float(share[a:b].mean())


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """``cv2.connectedComponentsWithStats(mask, connectivity=8)`` of a 0/1 uint8 mask: the same count, labels,
    stats and centroids, the labels 16-bit where they fit. OpenCV 5 labels a page's ink to 16-bit labels in about
    a third of the CPU (an A4 page's ink at 100-150 dpi: ~7 against ~20 ms); a mask of 65,535 pieces or more
    (noise) overflows them and is labelled again to 32-bit."""
    try:
        return cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)  # type: ignore[no-any-return]
    except cv2.error:
        return cv2.connectedComponentsWithStats(mask, connectivity=8)  # type: ignore[no-any-return]


def ink_window(mask: np.ndarray, reach: int = 0) -> tuple[slice, slice] | None:
    """The rows and columns of a 2-D boolean or 0/1 uint8 mask's ink bounding box, grown by ``reach`` pixels and cut
    at the image's edge; None without ink. A measure that looks at most ``reach`` px from an ink pixel finds the same
    on this window as on the whole image, at a fraction of the CPU on a page with margins."""
    x, y, w, h = cv2.boundingRect(np.ascontiguousarray(mask).view(np.uint8))
    if w == 0:
        return None
    return slice(max(0, y - reach), y + h + reach), slice(max(0, x - reach), x + w + reach)


def axis_sums(mask: np.ndarray, axis: int) -> np.ndarray:
    """``mask.sum(axis)`` of a 2-D boolean or 0/1 uint8 mask, as int32 (by ``cv2.reduce``: ~0.05 ms for an A4
    page at 150 dpi along its rows, against ~0.9 ms for numpy's, which widens every pixel first)."""
    m = mask.T if mask.flags.f_contiguous and not mask.flags.c_contiguous else mask
    along = axis if m is mask else 1 - axis
    if m.ndim != 2 or not m.size or not m.flags.c_contiguous or m.dtype not in (np.bool_, np.uint8):
        return mask.sum(axis=axis, dtype=np.int64).astype(np.int32)
    # cv2.reduce's dim is the dimension reduced to one row (0) or one column (1): numpy's axis
    return cv2.reduce(m.view(np.uint8), along, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel()


def axis_share(mask: np.ndarray, axis: int) -> np.ndarray:
    """``mask.mean(axis)`` of a 2-D boolean mask: the same float64s (exact integer sums over the length)."""
    return axis_sums(mask, axis) / mask.shape[axis]


def rule_rows(mask: np.ndarray) -> np.ndarray:
    """Rows of a boolean mask that are rules, bands or borders, not text: over half inked, and either
    with one run of ink of at least RULE_RUN of the row (full rules, dark bands, uncropped borders), or
    with paper on both sides (``side_ratio`` under RULE_SIDE: a broken rule, such as a table's column
    rule once the row rules across it are gone, or a merged-cell table's). A Devanagari headline
    (shirorekha) of a long dense line is also over half inked, but it breaks at every word and the
    letters' stems hang right below it."""
    share = axis_share(mask, 1)
    out = np.zeros(len(share), bool)
    for a, b in dense_groups(share):
        if longest_run(mask[a:b]) >= RULE_RUN * mask.shape[1] or side_ratio(share, a, b) < RULE_SIDE:
            out[a:b] = True
    return out


def without_rules(mask: np.ndarray) -> np.ndarray:
    """The ink mask without its rules, bands and borders (rows, then columns: ``rule_rows``);
    rows and columns alike, since the page is analysed as scanned, before it is turned."""
    mask = mask.copy()
    mask[rule_rows(mask), :] = False
    mask[:, rule_rows(mask.T)] = False
    return mask


# A dark region this share of the mask or larger that touches the image's edge is what lies around the
# sheet, not text: a letter or a word is well under 0.1 % of a page (a 24 pt word at 100 dpi ~0.15 %) ...
SURROUND = 0.005
# ... and solid, inking this share of its bounding box or more: a desk round the sheet (~0.4), a corner's
# wedge (~0.5), a lid (~1); a table's grid of thin rules that runs to the edge inks ~0.05 (its rules are
# ``rule_rows``'s, and the letters that touch them stay).
SURROUND_FILL = 0.2


def without_surround(mask: np.ndarray) -> np.ndarray:
    """The ink mask without the dark regions around the sheet (connected, touching the image's edge,
    at least SURROUND of the mask, solid): a phone photo's desk, the lid round a torn corner; taken
    before ``without_rules``, which would cut the edge off a wedge and leave the rest. Left in, their
    long slanted edges out-voted the text lines for the skew and the turn (a phone photo of a page on
    a desk, turned 90, was kept sideways; bench/ocr_capture_probe.py)."""
    if not (mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any()):
        return mask  # no ink on the image's edge, nothing touches it (most scans: ~8 ms of labelling saved)
    n, labels, stats, _ = components(mask.astype(np.uint8))
    if n <= 1:
        return mask
    h, w = mask.shape
    x, y, bw, bh, area = (stats[:, i] for i in range(5))
    edge = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    drop = edge & (area >= SURROUND * h * w) & (area >= SURROUND_FILL * bw * bh)
    drop[0] = False  # the paper
    if not drop.any():
        return mask
    return mask & ~drop[labels]


# A solid, compact blob at least this wide both ways is a hole or a blot, not a letter: a filed sheet's punched
# holes (6 mm), a fanfold printout's tractor-feed holes (4 mm, every 1/2 inch down both edges), an ink blotch
# of a duplicated circular. A letter this large is strokes round a counter or beside paper ...
HOLE_MM = 3.5
# ... inking under HOLE_FILL of its bounding box (a disc inks 0.785, a square 1; a 12 pt glyph whose counters
# have filled in is under 3.5 mm across), and no longer than HOLE_ASPECT times its width (a word on its headline is long).
HOLE_FILL = 0.7
HOLE_ASPECT = 1.6


def without_holes(mask: np.ndarray, px_per_mm: float) -> np.ndarray:
    """The ink mask without solid compact blobs of HOLE_MM or more (holes, blots). Left in, the two columns of a
    fanfold printout's tractor holes out-voted its text lines: the columns, peaked like lines, turned every
    dot-matrix page sideways (bench/ocr_legacy_probe.py)."""
    side = HOLE_MM * px_per_mm
    box = ink_window(mask)  # labelled within the ink's bounding box: the same pieces, ~2.5x cheaper
    if box is None:
        return mask
    n, labels, stats, _ = components(mask[box].astype(np.uint8))
    if n <= 1:
        return mask
    bw, bh, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    lo, hi = np.minimum(bw, bh), np.maximum(bw, bh)
    drop = (lo >= side) & (hi <= HOLE_ASPECT * lo) & (area >= HOLE_FILL * bw * bh)
    drop[0] = False  # the paper
    if not drop.any():
        return mask
    out = mask.copy()
    out[box] &= ~drop[labels]
    return out
