"""Devanagari on the page that the reading did not read as Devanagari (issue 17 points 3 and 4).

A page read by a language set without a Devanagari model (``eng`` configured, or a routed reading kept)
comes out as Latin letter groups and digits. Where its digits read surely (a table of figures with Hindi
row heads) the confidence looks good and nothing else flags it, yet its Hindi is lost to search. The page
itself says where its Devanagari is, without ground truth: a Devanagari word hangs from its headline
(shirorekha), a horizontal stroke across the word with the letters' bodies right under it (ADR 0034's
measure: ink 0.03-0.04 inch under most of its columns), paper above it but for the matras, and letters,
not another such stroke, under it. Latin print has no such stroke: a capital's bar is shorter than
``HEADLINE_INCH`` at text sizes, and at heading sizes only its stem hangs from it; an underline has its ink
above; a rule has paper under it; a drawing's hatching is a stack of strokes.

Latin print can still have strokes that pass (OCRmyPDF's real test scans: the serif tops of a bold heading's
capitals, the merged x-height tops of "er" in a typewriter face scanned at 600 dpi and saved without its
dpi): a headline in a word box read as Latin is a Latin word's stroke, not counted, when the box's
headlines span under SPAN (0.4) of its width (a Devanagari word hangs from one stroke across it), or when the word
was read surely as Latin by a reading with a Devanagari model; a drawing's stroke (ink over it, or a stroke
under it) is none either (ADR 0038). A reading by ``eng`` alone counts every headline, as first written.

ADR 0038. :func:`unread_devanagari` finds the headlines (at ``CHECK_DPI``) and counts those whose centre lies in no
word box whose text has a Devanagari letter. A reading with a Devanagari model reads a Devanagari word
as Devanagari, rightly or wrongly: its headlines are covered. ``unread`` is a share of the headlines'
length and a count, so a stamp's or an emblem's few Devanagari words left unread do not count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from domain.types import Word
from ocr.inkmask import ink_window, without_rules, without_surround
from ocr.shrink import shrink

CHECK_DPI = 150  # as the script check (ocr/preprocess.py): at 100 dpi a thin headline falls between rows
HEADLINE_INCH, LONGEST_INCH = 0.15, 1.5  # a headline's length: a short word's .. a rule's (ADR 0034)
THICK_INCH = 0.06  # a headline is thinner than this (bold 24 pt: ~0.03)
HANGING_INCH = (0.03, 0.04)  # where the letters' bodies are under a headline ...
HANGING = 0.3  # ... in this share of its columns or more (ocr/linerules.py: headlines 0.66-0.69, rules none)
# ... and paper as far above it in more than half its columns: only matras rise over a headline (Hindi pages
# read by eng: 0.12-0.17 of the columns, 90th centile 0.4); a stroke of a drawing's hatching has the next
# stroke above it (a book's engraving, OCRmyPDF's c03-29: median 0.8)
ABOVE = 0.5
# ... and the ink under it is the letters' strokes, not in more than half its hanging columns another
# horizontal run: a stack of hatching strokes hangs each from the next (Hindi pages: 0-3 % of the headlines
# dropped; OCRmyPDF's c03-29 engraving 31 -> 5, generated hatching 200+ -> 2-4)
STACKED = 0.5
ABOVE_STEPS, STACK_STEPS = (2, 3), (4, 6)  # rows over it (150 dpi); rows under it: HANGING_INCH
# Not Devanagari: a headline in a word box read without a Devanagari letter whose headlines span less than
# this share of the box (a Devanagari word hangs from one stroke across it: 0.8-1.2 of an eng reading's box,
# about half when a letter breaks it (भ, ध, थ) and the rest is under HEADLINE_INCH; Latin letters' merged
# tops, a serif capital's bar: 0.1-0.4 of the word on real English scans) ...
SPAN = 0.4
# ... or read as Latin at this confidence or more (the reading had a Devanagari model to choose and chose
# Latin; real English scans read by Devanagari+eng: 10th centile 0.72-0.92)
SURE_LATIN = 0.6
# Flagged: this share of the headlines' length unread or more, and this many headlines (a line of words).
UNREAD_SHARE, UNREAD_WORDS = 0.5, 8
CHUNK = 1 << 20  # headline-box pairs compared at once (memory bound of the cover check)


@dataclass(frozen=True, slots=True)
class Unread:
    headlines: int  # Devanagari headlines found on the page
    unread: int  # ... whose centre lies in no word box read with a Devanagari letter
    share: float  # the unread ones' length over all the headlines' length

    @property
    def lost(self) -> bool:
        return self.unread >= UNREAD_WORDS and self.share >= UNREAD_SHARE


def headlines(gray: np.ndarray, dpi: int) -> list[tuple[int, int, int, int]]:
    """(x, y, w, h) of the page's Devanagari headlines, at the page's resolution: the candidates whose ink
    around them is a headline's (paper above, letters, not a stack of strokes, under)."""
    found, drawn = candidates(gray, dpi)
    return [box for box, stroke in zip(found, drawn, strict=True) if not stroke]


def candidates(gray: np.ndarray, dpi: int) -> tuple[list[tuple[int, int, int, int]], list[bool]]:
    """(x, y, w, h) of the strokes shaped as headlines, and for each whether the ink around it is a
    drawing's rather than a headline's (ink above it, or another such stroke under it)."""
    f = min(1.0, CHECK_DPI / max(dpi, 1))
    small = shrink(gray, f)
    d = dpi * f
    thr, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    inked = without_rules(without_surround(small < min(thr, 200.0)))
    run = max(6, round(HEADLINE_INCH * d))
    # everything below looks at most ``reach`` px from an ink pixel (the opening's half-run, the rows over and
    # under a run) and has nothing to find on paper: measured on the ink's bounding box grown by that much
    # (where it is not the page's edge, paper round it; the same runs, masks and contours, moved)
    reach = max(run, *STACK_STEPS, *ABOVE_STEPS, *(round(inch * d) for inch in HANGING_INCH)) + 2
    box = ink_window(inked, reach)
    if box is None:  # no ink: no headline
        return [], []
    y0, x0 = box[0].start, box[1].start
    inked = np.ascontiguousarray(inked[box])
    ink = inked.view(np.uint8)  # the same 0/1 bytes, no copy
    runs = cv2.morphologyEx(cv2.dilate(ink, np.ones((3, 1), np.uint8)), cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    # each run's lowest pixel in a column (the run's pixel under it is not the run), and ink under it
    lowest = runs.astype(bool)
    lowest[:-1] &= ~lowest[1:]
    hanging = np.zeros_like(lowest)
    for step in sorted({max(2, round(inch * d)) for inch in HANGING_INCH}):
        hanging[:-step] |= inked[step:]
    hanging &= lowest
    stacked = np.zeros_like(lowest)  # ... and where that ink is another horizontal run (a stack of strokes)
    on_run = runs.astype(bool)
    for step in STACK_STEPS:
        stacked[:-step] |= on_run[step:]
    stacked &= hanging
    highest = runs.astype(bool)  # each run's highest pixel in a column, and ink above it
    highest[1:] &= ~highest[:-1]
    above = np.zeros_like(highest)
    for step in ABOVE_STEPS:
        above[step:] |= inked[:-step]
    above &= highest
    found, drawn = [], []
    for contour in cv2.findContours(runs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]:  # ~10x cheaper than labels
        x, y, w, h = cv2.boundingRect(contour)
        if w > LONGEST_INCH * d or h > max(3, THICK_INCH * d):
            continue
        columns = int(np.count_nonzero(lowest[y : y + h, x : x + w]))
        hung = int(np.count_nonzero(hanging[y : y + h, x : x + w]))
        if hung < HANGING * max(1, columns):
            continue
        tops = int(np.count_nonzero(highest[y : y + h, x : x + w]))
        found.append((int((x + x0) / f), int((y + y0) / f), int(round(w / f)), int(round(h / f))))
        drawn.append(bool(np.count_nonzero(stacked[y : y + h, x : x + w]) > STACKED * hung
                          or np.count_nonzero(above[y : y + h, x : x + w]) > ABOVE * max(1, tops)))
    return found, drawn


def _devanagari(text: str) -> bool:
    return any("\u0900" <= c <= "\u097f" for c in text)


def _inside(centres: np.ndarray, boxes: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(first headline, its slice's headlines x boxes: centre inside) in slices of CHUNK cells: a garbage
    reading of 20,000 boxes against a dense page's 2,000 headlines would otherwise hold 40 M booleans four
    times over (~150 MB) at once."""
    step = max(1, CHUNK // max(len(boxes), 1))
    for i in range(0, len(centres) if len(boxes) else 0, step):
        c = centres[i : i + step]
        yield i, ((c[:, None, 0] >= boxes[None, :, 0]) & (c[:, None, 0] <= boxes[None, :, 2])
                  & (c[:, None, 1] >= boxes[None, :, 1]) & (c[:, None, 1] <= boxes[None, :, 3]))


def _latin(centres: np.ndarray, lengths: np.ndarray, words: list[Word], margin: int) -> np.ndarray:
    """Which headlines are a Latin word's strokes: in a word box read without a Devanagari letter whose
    headlines span under ``SPAN`` of it, or read surely as Latin (by a reading with a Devanagari model)."""
    latin = np.zeros(len(centres), bool)
    if not words:
        return latin
    boxes = np.array([(w.left - margin, w.top - margin, w.left + w.width + margin, w.top + w.height + margin)
                      for w in words], np.int64)
    spanned = np.zeros(len(words), np.float64)
    for i, inside in _inside(centres, boxes):
        spanned += lengths[i : i + len(inside)] @ inside
    widths = np.array([max(1, w.width) for w in words], np.float64)
    sure = np.array([w.confidence >= SURE_LATIN for w in words], bool)
    latin_box = (spanned < SPAN * widths) | sure
    for i, inside in _inside(centres, boxes):
        latin[i : i + len(inside)] = (inside & latin_box[None, :]).any(axis=1)
    return latin


def unread_devanagari(gray: np.ndarray, dpi: int, words: tuple[Word, ...], devanagari_model: bool = False) -> Unread:
    """The page's headlines, and those the reading's Devanagari words do not cover. ``devanagari_model``:
    the reading's language set has a model that reads Devanagari; then a headline under a Latin word it read
    surely, or that does not span its word, is that word's stroke, and one whose ink is a drawing's is no
    headline: neither counts. A reading without one (``eng``) counts every headline
    (as first written: those are the readings the check is for, and few Hindi headlines on a page are enough
    to lose)."""
    found, drawn = candidates(gray, dpi)
    if not found:
        return Unread(0, 0, 0.0)
    margin = round(0.02 * dpi)
    boxes = np.array([(w.left - margin, w.top - margin, w.left + w.width + margin, w.top + w.height + margin)
                      for w in words if _devanagari(w.text)], np.int64).reshape(-1, 4)
    centres = np.array([(x + w // 2, y + h // 2) for x, y, w, h in found], np.int64)
    lengths = np.array([w for _x, _y, w, _h in found], np.float64)
    read = np.zeros(len(found), bool)
    for i, inside in _inside(centres, boxes):
        read[i : i + len(inside)] = inside.any(axis=1)
    counted = np.ones(len(found), bool)
    if devanagari_model:
        latin = _latin(centres, lengths, [w for w in words if not _devanagari(w.text)], margin)
        counted = read | (~latin & ~np.array(drawn, bool))
    if not counted.any():
        return Unread(0, 0, 0.0)
    unread = counted & ~read
    return Unread(int(counted.sum()), int(unread.sum()), round(float(lengths[unread].sum() / lengths[counted].sum()), 3))
