"""Devanagari on the page that the reading did not read as Devanagari (issue 17 points 3 and 4).

A page read by a language set without a Devanagari model (``eng`` configured, or a routed reading kept)
comes out as Latin letter groups and digits. Where its digits read surely (a table of figures with Hindi
row heads) the confidence looks good and nothing else flags it, yet its Hindi is lost to search. The page
itself says where its Devanagari is, without ground truth: a Devanagari word hangs from its headline
(shirorekha), a horizontal stroke across the word with the letters' bodies right under it (ADR 0034's
measure: ink 0.03-0.04 inch under most of its columns). Latin print has no such stroke: a capital's bar
is shorter than ``HEADLINE_INCH`` at text sizes, and at heading sizes only its stem hangs from it; an
underline has its ink above; a rule has paper under it.

ADR 0038. :func:`unread_devanagari` finds the headlines (at ``CHECK_DPI``) and counts those whose centre lies in no
word box whose text has a Devanagari letter. A reading with a Devanagari model reads a Devanagari word
as Devanagari, rightly or wrongly: its headlines are covered. ``unread`` is a share of the headlines'
length and a count, so a stamp's or an emblem's few Devanagari words left unread do not count.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from domain.types import Word
from ocr.inkmask import without_rules, without_surround
from ocr.shrink import shrink

CHECK_DPI = 150  # as the script check (ocr/preprocess.py): at 100 dpi a thin headline falls between rows
HEADLINE_INCH, LONGEST_INCH = 0.15, 1.5  # a headline's length: a short word's .. a rule's (ADR 0034)
THICK_INCH = 0.06  # a headline is thinner than this (bold 24 pt: ~0.03)
HANGING_INCH = (0.03, 0.04)  # where the letters' bodies are under a headline ...
HANGING = 0.3  # ... in this share of its columns or more (ocr/linerules.py: headlines 0.66-0.69, rules none)
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
    """(x, y, w, h) of the page's Devanagari headlines, at the page's resolution."""
    f = min(1.0, CHECK_DPI / max(dpi, 1))
    small = shrink(gray, f)
    d = dpi * f
    thr, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    inked = without_rules(without_surround(small < min(thr, 200.0)))
    ink = inked.view(np.uint8)  # the same 0/1 bytes, no copy
    runs = cv2.morphologyEx(cv2.dilate(ink, np.ones((3, 1), np.uint8)), cv2.MORPH_OPEN,
                            np.ones((1, max(6, round(HEADLINE_INCH * d))), np.uint8))
    # each run's lowest pixel in a column (the run's pixel under it is not the run), and ink under it
    lowest = runs.astype(bool)
    lowest[:-1] &= ~lowest[1:]
    hanging = np.zeros_like(lowest)
    for step in sorted({max(2, round(inch * d)) for inch in HANGING_INCH}):
        hanging[:-step] |= inked[step:]
    hanging &= lowest
    found = []
    for contour in cv2.findContours(runs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]:  # ~10x cheaper than labels
        x, y, w, h = cv2.boundingRect(contour)
        if w > LONGEST_INCH * d or h > max(3, THICK_INCH * d):
            continue
        columns = int(np.count_nonzero(lowest[y : y + h, x : x + w]))
        if int(np.count_nonzero(hanging[y : y + h, x : x + w])) >= HANGING * max(1, columns):
            found.append((int(x / f), int(y / f), int(round(w / f)), int(round(h / f))))
    return found


def _devanagari(text: str) -> bool:
    return any("\u0900" <= c <= "\u097f" for c in text)


def unread_devanagari(gray: np.ndarray, dpi: int, words: tuple[Word, ...]) -> Unread:
    """The page's headlines, and those the reading's Devanagari words do not cover."""
    found = headlines(gray, dpi)
    if not found:
        return Unread(0, 0, 0.0)
    margin = round(0.02 * dpi)
    boxes = np.array([(w.left - margin, w.top - margin, w.left + w.width + margin, w.top + w.height + margin)
                      for w in words if _devanagari(w.text)], np.int64).reshape(-1, 4)
    centres = np.array([(x + w // 2, y + h // 2) for x, y, w, h in found], np.int64)
    read = np.zeros(len(found), bool)
    # headlines x boxes in slices of CHUNK cells: a garbage reading of 20,000 boxes against a dense page's
    # 2,000 headlines would otherwise hold 40 M booleans four times over (~150 MB) at once
    step = max(1, CHUNK // max(len(boxes), 1))
    for i in range(0, len(centres) if len(boxes) else 0, step):
        c = centres[i : i + step]
        read[i : i + step] = ((c[:, None, 0] >= boxes[None, :, 0]) & (c[:, None, 0] <= boxes[None, :, 2])
                              & (c[:, None, 1] >= boxes[None, :, 1]) & (c[:, None, 1] <= boxes[None, :, 3])).any(axis=1)
    lengths = np.array([w for _x, _y, w, _h in found], np.float64)
    return Unread(len(found), int((~read).sum()), round(float(lengths[~read].sum() / lengths.sum()), 3))
