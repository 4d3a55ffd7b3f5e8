"""An ornamental frame around the page's text: a band of repeated small marks along the edges (ADR 0047).

Certificates, sanads, stamp papers, gazettes and covers are printed inside a border: a heavy rule, a thin
one, and between them a chain of diamonds, rings, stars or flowers. Tesseract reads the chain as lines of
``०००…``, ``SOSO…``, ``©)`` longer than the text and a column of ``O`` lines down each side (generated
certificates, `bench/ocr_shapes_fresh2.py` kind ``certificate``: 1.10x and 1.32x plain Tesseract's CER on
upright pages, the frame alone longer than the text); plain Tesseract does the same.

- :func:`find_frame`: a *chain* along a side is a row of marks (ink shapes ``MARK_INCH`` across, neither
  dots nor strokes) of one size, evenly spaced, along at least ``SPAN`` of the side, within ``EDGE`` of its
  edge; a frame is such chains along ``SIDES`` or more sides of the page, enclosing everything else. A text
  line is not a chain (letters differ in size and spacing, Devanagari words are joined by their headline);
  a form's dotted line is dots; a fanfold's tractor holes run down two sides only.
- :func:`without_frame`: the page with each framed side's band painted paper: from the frame's outer rule
  (right outside the chain) to its inner rule (right inside it). What lies between the page's edge and the
  frame is kept: a certificate's serial number, a stamp paper's number, a date or a file number written in
  the margin outside the border (painted from the edge, they were lost with the frame).

The check runs at ``CHECK_DPI`` (a few ms for an A4 page); the painting at the page's resolution.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from domain.types import Word
from ocr.glance import to_gray
from ocr.judge import is_real_word
from ocr.shrink import shrink

CHECK_DPI = 100
MARK_INCH = (0.06, 0.4)  # a mark's larger side (a form's dots are under 0.03 inch; ocr/linerules.py)
MARK_ASPECT = 2.5  # ... and no longer than this many times its width (a dash, a rule, a stroke)
GAP_INCH = 0.6  # marks of a chain lie at most this far apart, centre to centre
EDGE = 0.25  # a chain lies within this share of the page's width (height) of its edge
SPAN = 0.6  # ... and runs along this share of the side or more
CHAIN_MARKS = 8
EVEN = 0.25  # marks of one size and evenly spaced: median absolute deviation under this share of the median
SIDES = 3  # chains along this many sides make a frame (a fanfold's tractor holes run down two)
RULE_INCH, RULE_SHARE = 0.4, 0.6  # the frame's inner rule: within this of the chain, ink along this share of it
PAD_INCH = 0.03
RUN_CHARS, RUN_REPEAT = 6, 3  # a run of glyphs: a token of 6+ letters or digits, 3+ times as long as its distinct ones
LONE_LINES = 6  # ... or this many lines that are one token of one or two characters (a side's chain read mark by mark)
REACH_INCH = 0.9  # chains of adjacent sides meet: each stops within this of the other's line


@dataclass(frozen=True)
class Frame:
    """The framed sides: side -> (a, b, span) of the band's inner line at the page's resolution, offset from
    the side's edge = a + b x position along the side; ``span`` the chain's extent along the side. ``outer``:
    side -> c, the band's outer line (offset c + b x position; the frame's outer rule, or the chain's outer side)."""

    sides: dict[str, tuple[float, float, tuple[int, int]]]
    marks: int  # marks in the chains
    shape: tuple[int, int] = (0, 0)  # the page's (height, width)
    outer: dict[str, float] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return len(self.sides) >= SIDES

    def holds(self, word: Word) -> bool:
        """The word's centre lies in the band of a framed side (between the frame's outer and inner rules)."""
        height, width = self.shape
        x, y = word.left + word.width / 2, word.top + word.height / 2
        for side, (a, b, _span) in self.sides.items():
            along, off = {"top": (x, y), "bottom": (x, height - y), "left": (y, x), "right": (y, width - x)}[side]
            lo, hi = _between(self, side, width, height)
            if lo <= along <= hi and self.outer.get(side, 0.0) + b * along <= off < a + b * along:
                return True
        return False

    def note(self) -> str:
        return f"frame:{''.join(s[0] for s in sorted(self.sides))},{self.marks} marks"


def ornament_read(words: tuple[Word, ...]) -> bool:
    """The reading has what a frame's chain reads as: a run of one or two glyphs (``०००००००``, ``SOSOSOSO``,
    ``OOCOO0000``), or many lines of one short token (``O``, ``©``). The cheap test that a frame is looked for:
    a reading without one needs no look at the image."""
    lines: dict[int, list[str]] = {}
    for w in words:
        core = [c for c in w.text if c.isalnum()]
        if len(core) >= RUN_CHARS and len(core) >= RUN_REPEAT * len(set(core)) and not is_real_word(w.text):
            return True  # (an amount, 10,00,000, is a number)
        if core:
            lines.setdefault(w.line, []).append("".join(core))
    return sum(1 for ws in lines.values() if len(ws) == 1 and len(ws[0]) <= 2) >= LONE_LINES


def _ink(gray: np.ndarray) -> np.ndarray:
    _t, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _marks(ink: np.ndarray, dpi: int) -> np.ndarray:
    """Rows (cx, cy, w, h) of the ink shapes that could be a frame's marks."""
    _n, _labels, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    big, small = np.maximum(w, h), np.minimum(w, h)
    keep = (big >= MARK_INCH[0] * dpi) & (big <= MARK_INCH[1] * dpi) & (big <= MARK_ASPECT * np.maximum(small, 1))
    return np.column_stack([centres[1:, 0], centres[1:, 1], w, h])[keep]


def _even(values: np.ndarray) -> bool:
    median = float(np.median(values))
    return median > 0 and float(np.median(np.abs(values - median))) < EVEN * median


def _chain(marks: np.ndarray, dpi: int, length: int) -> np.ndarray | None:
    """The longest even chain of ``marks`` (rows along, across, size along, size across) along a side
    ``length`` long, or None. Each mark links to the next one along within GAP_INCH, of about its size, at
    about its offset across (a skew of 2 degrees rises 0.035 per unit along)."""
    if len(marks) < CHAIN_MARKS:
        return None
    marks = marks[np.argsort(marks[:, 0])]
    size = np.maximum(marks[:, 2], marks[:, 3])
    chains: list[list[int]] = []
    open_ends: dict[int, int] = {}  # last mark of a chain -> the chain's index
    for i in range(len(marks)):
        best = None
        for last, c in open_ends.items():
            dx, dy = marks[i, 0] - marks[last, 0], abs(marks[i, 1] - marks[last, 1])
            if (0 < dx <= GAP_INCH * dpi and dy <= 0.35 * max(size[i], size[last]) + 0.035 * dx
                    and max(size[i], size[last]) <= 1.4 * min(size[i], size[last])
                    and (best is None or dx < best[0])):
                best = (dx, last, c)
        if best is None:
            chains.append([i])
            open_ends[i] = len(chains) - 1
        else:
            _dx, last, c = best
            chains[c].append(i)
            del open_ends[last]
            open_ends[i] = c
        open_ends = {k: v for k, v in open_ends.items() if marks[i, 0] - marks[k, 0] <= GAP_INCH * dpi}
    best_chain = max(chains, key=lambda c: marks[c[-1], 0] - marks[c[0], 0])
    run = marks[best_chain]
    if (len(run) < CHAIN_MARKS or run[-1, 0] - run[0, 0] < SPAN * length or not _even(size[best_chain])
            or not _even(np.diff(run[:, 0]))):
        return None
    return run


def _side_marks(marks: np.ndarray, side: str, width: int, height: int) -> tuple[np.ndarray, int]:
    """The marks near ``side`` as rows (along, offset from the edge, size along, size across), and the side's length."""
    cx, cy, w, h = marks.T
    if side == "top":
        return np.column_stack([cx, cy, w, h])[cy < EDGE * height], width
    if side == "bottom":
        return np.column_stack([cx, height - cy, w, h])[height - cy < EDGE * height], width
    if side == "left":
        return np.column_stack([cy, cx, h, w])[cx < EDGE * width], height
    return np.column_stack([cy, width - cx, h, w])[width - cx < EDGE * width], height


def _rule_beyond(ink: np.ndarray, side: str, a: float, b: float, span: tuple[int, int], dpi: int,
                 sign: int = 1) -> float:
    """How far past the chain's line (a + b x) the frame's rule ends, inwards (``sign`` 1, the inner rule past the
    inner line) or towards the edge (-1, the outer rule past the outer line): the last offset of the first run of
    offsets within RULE_INCH at which ink lies along RULE_SHARE of the chain (0: no rule)."""
    along = np.arange(span[0], span[1])
    if side in ("bottom", "right"):
        view = ink[::-1, :] if side == "bottom" else ink[:, ::-1]
    else:
        view = ink
    if side in ("left", "right"):
        view = view.T
    end, seen = 0.0, False
    for d in range(round(RULE_INCH * dpi) + 1):
        rows = np.clip(np.round(a + b * along + sign * d).astype(int), 0, view.shape[0] - 1)
        full = float(view[rows, np.clip(along, 0, view.shape[1] - 1)].mean()) >= RULE_SHARE
        if full:
            end, seen = float(d + 1), True
        elif seen:
            break
    return end


def find_frame(image: np.ndarray, dpi: int) -> Frame:
    """The page's ornamental frame (found at ``CHECK_DPI``; falsy when there is none)."""
    f = min(1.0, CHECK_DPI / max(dpi, 1))
    small = shrink(to_gray(image), f)
    sdpi = max(1, round(dpi * f))
    ink = _ink(small)
    height, width = ink.shape
    marks = _marks(ink, sdpi)
    runs = {}
    for side in ("top", "bottom", "left", "right"):
        near, length = _side_marks(marks, side, width, height)
        run = _chain(near, sdpi, length)
        if run is not None:
            runs[side] = run
    if len(runs) < SIDES or not _enclosing(runs, width, height, sdpi):
        return Frame({}, 0)
    sides: dict[str, tuple[float, float, tuple[int, int]]] = {}
    outer: dict[str, float] = {}
    for side, run in runs.items():
        inner = run[:, 1] + run[:, 3] / 2  # each mark's inner edge, offset from the side's edge
        b, a = np.polyfit(run[:, 0], inner, 1)
        a += max(0.0, float(np.max(inner - (a + b * run[:, 0]))))  # every mark outside the line
        span = (int(run[0, 0]), int(run[-1, 0]) + 1)
        c = float(np.min(run[:, 1] - run[:, 3] / 2 - b * run[:, 0]))  # every mark's outer edge inside the line
        c -= _rule_beyond(ink, side, c, b, span, sdpi, -1) + PAD_INCH * sdpi
        a += _rule_beyond(ink, side, a, b, span, sdpi) + PAD_INCH * sdpi
        sides[side] = (a / f, float(b), (round(span[0] / f), round(span[1] / f)))
        outer[side] = max(0.0, c / f)
    return Frame(sides, sum(len(r) for r in runs.values()), image.shape[:2], outer)


_CORNERS = (("top", "left", 0, 0), ("top", "right", 1, 0), ("bottom", "left", 0, 1), ("bottom", "right", 1, 1))


def _enclosing(runs: dict[str, np.ndarray], width: int, height: int, dpi: int) -> bool:
    """Chains of adjacent sides meet at their corner: each runs to within REACH_INCH of the other's line (a column
    of list numbers down the left margin and a row of marks across the top do not)."""
    reach = REACH_INCH * dpi
    for across, down, right, low in _CORNERS:
        if across not in runs or down not in runs:
            continue
        a, d = runs[across], runs[down]
        a_line, d_line = float(np.median(a[:, 1])), float(np.median(d[:, 1]))
        a_end = width - a[-1, 0] if right else a[0, 0]  # how far the row stops short of the corner
        d_end = height - d[-1, 0] if low else d[0, 0]
        if a_end > d_line + reach or d_end > a_line + reach:
            return False
    return True


def without_frame(image: np.ndarray, frame: Frame) -> np.ndarray:
    """The page with each framed side's band (from the frame's outer rule to its inner rule, the chain between)
    painted the paper's grey; the margin outside the frame kept."""
    out = image.copy()
    height, width = out.shape[:2]
    paper = np.percentile(to_gray(image)[:: 8, :: 8], 95)
    colour = tuple(int(paper) for _ in range(out.shape[2])) if out.ndim == 3 else int(paper)
    for side, (a, b, _span) in frame.sides.items():
        c = frame.outer.get(side, 0.0)
        lo, hi = _between(frame, side, width, height)
        band = [(lo, c + b * lo), (hi, c + b * hi), (hi, a + b * hi), (lo, a + b * lo)]  # (along, offset)
        poly = [{"top": (al, off), "bottom": (al, height - off), "left": (off, al), "right": (width - off, al)}[side]
                for al, off in band]
        cv2.fillPoly(out, [np.round(np.array(poly)).astype(np.int32)], colour)
    return out


_ACROSS = {"top": ("left", "right"), "bottom": ("left", "right"), "left": ("top", "bottom"), "right": ("top", "bottom")}


def _between(frame: Frame, side: str, width: int, height: int) -> tuple[float, float]:
    """Where a side's band runs along it: between the outer lines of the framed sides across it, at their corner
    (a number written in a margin's corner, outside the frame, is not in the band of the side beside it)."""
    length = width if side in ("top", "bottom") else height
    ends = []
    for adjacent in _ACROSS[side]:
        if adjacent not in frame.sides:
            ends.append(0.0)
            continue
        b_adj = frame.sides[adjacent][1]
        at = 0.0 if side in ("top", "left") else (height if adjacent in ("left", "right") else width)
        ends.append(max(0.0, frame.outer.get(adjacent, 0.0) + b_adj * at))
    return ends[0], length - ends[1]

