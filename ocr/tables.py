"""Ruled tables: find the rules, and a copy of the page without them (issue 17).

Tesseract reads a ruled table worse than the same table without its rules: a short cell beside a
column rule (a serial number, a single digit) comes out as ``at``, ``i``, ``[|`` or ``द``, and rule
pieces become ``|`` and ``'`` tokens. Without the rules and read as one block of lines (page
segmentation mode 6) the rows come out whole, left to right. Measured on generated ruled tables
(docs/benchmarks.md, "Ruled tables").

- :func:`find_rules`: long straight ink runs on a binarised copy: horizontal ones at least
  ``H_RULE_INCH`` long (longer than any word's headline at 24 pt), vertical ones at least
  ``V_RULE_INCH`` (no letter is that tall). Short breaks (worn print, a scan's speckle) are bridged
  along the run before it is measured.
- :func:`is_ruled_table`: at least ``MIN_H_RULES`` horizontal rules and ``MIN_V_RULES`` vertical
  ones that each cross ``MIN_H_RULES`` of them: a grid (column rules through the top, the rule under the
  header and the foot), not a notesheet's ruling, an underline, a frame or a box (its sides cross its top
  and bottom only: a form's photograph box beside its fill-in lines, ADR 0046).
- :func:`without_rules`: the page with the rules (and their blurred edges) painted paper-coloured.
- :func:`cell_borders`: the pieces of column rules that merged cells cut short (under ``V_RULE_INCH``),
  each a straight vertical run from one horizontal rule to another; :func:`unruled` paints them too.
- :func:`without_marks`: the table reading without the marks it read as words where the page read as
  usual has none (a signature, a stamp, a pen stroke across a cell), nor the copies of words read twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from domain.types import Word
from ocr.inkmask import ink_window
from ocr.judge import GIBBERISH_CONFIDENCE, read_twice
from ocr.shrink import shrink
from ocr.tesseract import TesseractOutput

H_RULE_INCH, V_RULE_INCH = 1.5, 1.0
MIN_H_RULES, MIN_V_RULES = 3, 2  # a minimal table: top, under the header, foot; two column rules (a page frame has 2 and 2)
_BRIDGE_INCH = 0.02  # gaps this short inside a rule are closed before its length is measured
_EDGE_INCH = 0.01  # painted beyond the rule's binarised pixels (its blurred edge)
_PIECE_INCH = 0.1  # a cell border cut short by merged cells is at least a row tall; what makes it one is its ends
BORDER_HEIGHT = 0.8  # a border piece's column runs this share of the piece's height at least
_SLANT_PX = 2  # ... or lies this close to one that does: the piece's ends on a page left askew


@dataclass(frozen=True)
class Rules:
    horizontal: np.ndarray  # uint8 0/1 masks at the page's size
    vertical: np.ndarray
    n_horizontal: int
    n_vertical: int  # vertical rules that cross at least MIN_H_RULES horizontal ones (a grid's column rules)

    @property
    def mask(self) -> np.ndarray:
        return self.horizontal | self.vertical


def _gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def _runs(ink: np.ndarray, length: int, bridge: int, horizontal: bool) -> np.ndarray:
    shape = (1, bridge) if horizontal else (bridge, 1)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones(shape, np.uint8)) if bridge > 1 else ink
    shape = (1, length) if horizontal else (length, 1)
    return cv2.morphologyEx(closed, cv2.MORPH_OPEN, np.ones(shape, np.uint8)) & ink


def _ink(image: np.ndarray) -> np.ndarray:
    gray = _gray(image)
    thr, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return (gray <= min(thr, 200.0)).astype(np.uint8)  # "<=": on a 0/255 page Otsu says 0


def find_rules(image: np.ndarray, dpi: int) -> Rules:
    return rules_of_ink(_ink(image), dpi)


def _horizontal(ink: np.ndarray, dpi: int) -> np.ndarray:
    return _runs(ink, max(20, round(H_RULE_INCH * dpi)), max(1, round(_BRIDGE_INCH * dpi)), True)


def rules_of_ink(ink: np.ndarray, dpi: int, horiz: np.ndarray | None = None) -> Rules:
    """The rules of a 0/1 ink image (``horiz``: its horizontal runs, when measured already)."""
    bridge = max(1, round(_BRIDGE_INCH * dpi))
    horiz = _horizontal(ink, dpi) if horiz is None else horiz
    vert = _runs(ink, max(20, round(V_RULE_INCH * dpi)), bridge, False)
    if not horiz.any():  # most pages: no rule, nothing to label (labelling an empty A4 page at 100 dpi
        return Rules(horiz, vert, 0, 0)  # took ~4 ms, twice); no horizontal rule, no vertical one crossing it
    n_h, _, h_stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(horiz, np.ones((3, 1), np.uint8)))
    n_v, _, v_stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(vert, np.ones((1, 3), np.uint8)))
    slack = max(2, round(0.02 * dpi))
    crossing = 0
    for x, y, w, h, _area in v_stats[1:]:
        crossed = sum(1 for hx, hy, hw, hh, _a in h_stats[1:]
                      if hx - slack <= x + w // 2 <= hx + hw + slack and y - slack <= hy + hh // 2 <= y + h + slack)
        crossing += crossed >= MIN_H_RULES  # a box's sides cross 2 (its top and bottom), a grid's column rules 3+
    return Rules(horiz, vert, n_h - 1, crossing)


def is_ruled_table(rules: Rules) -> bool:
    return rules.n_horizontal >= MIN_H_RULES and rules.n_vertical >= MIN_V_RULES


CHECK_DPI = 100  # the grid check runs on a copy this coarse (a 4 px rule at 300 dpi is still ink)


def ruled_table(image: np.ndarray, dpi: int) -> bool:
    """Whether the page carries a ruled grid (checked at ``CHECK_DPI``: a few tens of ms per A4 page)."""
    f = min(1.0, CHECK_DPI / max(dpi, 1))
    ink, d = _ink(shrink(_gray(image), f)), round(dpi * f)
    horiz = horizontal_runs(ink, d)
    if not horiz.any():  # no horizontal rule, no grid: its vertical rules are not looked for (~2 ms of most pages)
        return False
    return is_ruled_table(rules_of_ink(ink, d, horiz))


def horizontal_runs(ink: np.ndarray, dpi: int) -> np.ndarray:
    """``_horizontal(ink, dpi)``, measured on the ink's bounding box grown by more than the closing's and the
    opening's reach (paper round it where it is not the page's edge): the same runs, at less CPU."""
    runs = np.zeros_like(ink)
    box = ink_window(ink, max(20, round(H_RULE_INCH * dpi)) + max(1, round(_BRIDGE_INCH * dpi)) + 2)
    if box is not None:
        runs[box] = _horizontal(np.ascontiguousarray(ink[box]), dpi)
    return runs


def without_rules(image: np.ndarray, rules: Rules, dpi: int) -> np.ndarray:
    """The page with its rules painted in the paper's colour (median of the page)."""
    edge = 2 * max(1, round(_EDGE_INCH * dpi)) + 1
    paint = cv2.dilate(rules.mask, np.ones((edge, edge), np.uint8)) > 0
    out = image.copy()
    paper = np.median(image[::16, ::16].reshape(-1, 1 if image.ndim == 2 else image.shape[2]), axis=0)
    out[paint] = paper[0] if image.ndim == 2 else paper
    return out


def cell_borders(ink: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray, dpi: int) -> np.ndarray:
    """Vertical rule pieces shorter than ``V_RULE_INCH`` that join two horizontal rules (uint8 0/1 mask).

    Merged cells cut a table's column rules into pieces: a group row across the table (a district, a
    budget head) breaks every column rule at it, and a header cell spanning two columns leaves the rule
    between them a row tall. Between group rows three short rows are under an inch, so these pieces are
    not rules by length (ADR 0028), stayed in the page read without its rules, read as bars between the
    cells, and the table reading was dropped as "rule pieces" (a merged-cell register read with all its
    rules instead). A piece is a border by its ends: it reaches from one horizontal rule to another
    (crosses or touches two). No letter does: text sits inside its cell, clear of the rules above and
    below it. Only pieces apart from the long vertical rules (``vertical``) count: a long rule's ragged
    edge (letterpress) is painted with it already, and a page without merged cells is painted as before."""
    bridge = max(1, round(_BRIDGE_INCH * dpi))
    short = _runs(ink, max(3, round(_PIECE_INCH * dpi)), bridge, False)
    if not short.any() or not horizontal.any():
        return np.zeros_like(ink)
    n_p, labels, p_stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(short, np.ones((1, 3), np.uint8)))
    _, _, h_stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(horizontal, np.ones((3, 1), np.uint8)))
    hs = h_stats[1:].astype(np.int64)
    if n_p < 2 or not len(hs):
        return np.zeros_like(ink)
    slack = max(2, round(0.02 * dpi))
    ps = p_stats[1:].astype(np.int64)
    px = (ps[:, 0] + ps[:, 2] // 2)[:, None]
    hy = (hs[:, 1] + hs[:, 3] // 2)[None, :]
    joins = ((hs[None, :, 0] - slack <= px) & (px <= hs[None, :, 0] + hs[None, :, 2] + slack)
             & (ps[:, 1, None] - slack <= hy) & (hy <= ps[:, 1, None] + ps[:, 3, None] + slack)).sum(axis=1) >= 2
    beside = cv2.dilate(vertical, np.ones((1, 2 * slack + 1), np.uint8)) > 0
    keep = np.concatenate(([False], joins))
    keep[np.unique(labels[beside])] = False  # a long rule itself, or its ragged edge
    painted = np.zeros_like(ink)
    for label in np.flatnonzero(keep):
        # only the piece's own columns, ink down most of its height: a letter's stem pressed against the
        # border (the bar of ग, a danda, a ि matra) joins the piece's component but not its height
        x, y, w, h = (int(v) for v in p_stats[label, :4])
        own = (labels[y : y + h, x : x + w] == label) & (short[y : y + h, x : x + w] > 0)
        counts = own.sum(axis=0)
        tall = counts >= BORDER_HEIGHT * h
        # a piece left askew (under 1 deg, not deskewed) starts or ends part-way down its edge columns: they
        # lie beside a tall one and reach the piece's top or bottom, which a stem inside the cell does not
        first = np.where(counts > 0, own.argmax(axis=0), h)
        last = np.where(counts > 0, h - 1 - own[::-1].argmax(axis=0), -1)
        # "full", cut to the piece: "same" returns the window's length when the piece is narrower (1-2 px)
        beside_tall = np.convolve(tall, np.ones(2 * _SLANT_PX + 1))[_SLANT_PX : _SLANT_PX + w] > 0
        cols = tall | (beside_tall & ((first <= slack) | (last >= h - 1 - slack)))
        painted[y : y + h, x : x + w][:, cols] |= own[:, cols].astype(np.uint8)
    return painted


def unruled(image: np.ndarray, dpi: int) -> np.ndarray:
    """The page without its rules (found at full resolution), the cell borders merged cells cut short too."""
    ink = _ink(image)
    rules = rules_of_ink(ink, dpi)
    borders = cell_borders(ink, rules.horizontal, rules.vertical, dpi)
    return without_rules(image, replace(rules, vertical=rules.vertical | borders), dpi)


_PIECE = frozenset("|¦[]!l1I")


def rule_pieces(text: str) -> bool:
    """Whether a rule-free reading still shows rules: two or more lines with 2+ tokens that are bars
    (``|``, ``¦``, ``[``). A rule this removal missed (a column rule broken into short pieces by
    merged cells) reads as bars between the cells, and the reading is no evidence then."""
    lines = sum(1 for line in text.splitlines()
                if sum(1 for tok in line.split() if set(tok) <= _PIECE and set(tok) & set("|¦[]")) >= 2)
    return lines >= 2


def without_marks(table: TesseractOutput, usual: TesseractOutput) -> tuple[TesseractOutput, int]:
    """(the table reading without its marks, how many words were dropped). A mark is a word of the table
    reading read unsurely (under ``GIBBERISH_CONFIDENCE``) whose box no word of the usual reading of the page
    touches, or the less sure copy of a word read twice (ocr/judge.py ``read_twice``).

    Read as one block (psm 6) every mark on the page is set in a line of text: a court order sheet's signatures
    came out as Latin letter groups ("eas i Sse"), and words of them overlapped the order's words. The usual
    reading's layout analysis leaves such marks out as no text: where it reads nothing, a word read unsurely
    is a mark. Where it reads something, the word stays (a name or code read unsurely by both). The text is
    made again from the words kept, line by line (as Tesseract's is: words by line, lines by "\n"); the page
    PDF is Tesseract's (its invisible text keeps the marks: they are searchable there only as what they read)."""
    counted = [w for w in table.words if any(c.isalnum() for c in w.text)]
    twice = read_twice(counted)
    seen = [w for w in usual.words if any(c.isalnum() for c in w.text)]
    marks = {id(w) for i, w in enumerate(counted)
             if i in twice or (w.confidence < GIBBERISH_CONFIDENCE and not any(_touch(w, u) for u in seen))}
    if not marks:
        return table, 0
    kept = tuple(w for w in table.words if id(w) not in marks)
    lines: dict[int, list[str]] = {}
    for w in kept:
        lines.setdefault(w.line, []).append(w.text)
    text = "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))
    conf = sum(w.confidence for w in kept) / len(kept) if kept else 0.0
    return replace(table, text=text, words=kept, confidence=conf), len(marks)


def _touch(a: Word, b: Word) -> bool:
    return (min(a.left + a.width, b.left + b.width) > max(a.left, b.left)
            and min(a.top + a.height, b.top + b.height) > max(a.top, b.top))
