"""Which way up a page is read: the shape cues propose a turn, the reading decides (ADR 0024).

The page as scanned (rotation 0) is the default. ``ocr.preprocess`` proposes a turn from the ink's
shape (projection profiles, Devanagari headlines); on real upright Devanagari pages (large type,
sparse covers, dense letterpress, tables) those cues said 180 or 90 and the page came out as Latin
gibberish (issue 17). So a proposed turn is kept without a second reading only when the turned page
*reads soundly*: horizontal words, mostly real words, confidently. Otherwise the page is also read
as scanned and the better of the two readings is kept (a tie keeps the page as scanned). A page
read as scanned that looks like garbage is also read the other ways before it is given up on.

How a reading is judged, without ground truth (ocr/reading.py's word lists):
- **score**: the sum of Tesseract's confidence over the words that are real words: Devanagari
  words of 2+ letters in the Hindi list, Latin words of 3+ letters in the English list, numbers
  of 2+ digits. An upside-down page reads as short Latin letter groups at confidence 0.3-0.5, few
  of them real words; the upright reading scores 3-10x more on the same page.
- **vertical**: the share of words (3+ letters) whose box is taller than wide. Tesseract reads a
  page turned 90 degrees well enough, but its word boxes then stand on end: the page is sideways
  as read. The score is scaled by (1 - vertical).
- **junk** (legacy keystrokes, Latin-1 soup): the score is halved.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import regex

from domain.types import Word
from ocr.options import OcrOptions
from ocr.preprocess import Preprocessed, preprocess
from ocr.reading import english_words, hindi_words, read
from ocr.routing import choose_lang, keep_better
from ocr.tesseract import TesseractOutput, run_tesseract

_TOKEN_EDGE = regex.compile(r"^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$")
_DEVA = regex.compile(r"[\u0900-\u0963\u0971-\u097F]+")
_LATIN = regex.compile(r"[A-Za-z]+")
_NUMBER = regex.compile(r"[0-9\u0966-\u096F][0-9\u0966-\u096F.,/:-]*[0-9\u0966-\u096F]")
TALL = 1.2  # a word box this much taller than wide stands on end
# A reading is sound (a proposed turn needs no second reading) at: mean confidence 0.75 and more
# (upside-down or sideways readings of real pages: 0.14-0.51, issue 17), half its words real and at
# least 8 of them, under a fifth of its words on end, not junk.
SOUND_CONFIDENCE, SOUND_KNOWN, SOUND_WORDS, SOUND_VERTICAL = 0.75, 0.5, 8, 0.2
# Garbage: under this many confident real words per word read, or most words on end.
GARBAGE_QUALITY, GARBAGE_VERTICAL = 0.35, 0.5


def is_real_word(token: str) -> bool:
    core = _TOKEN_EDGE.sub("", token)
    if not core:
        return False
    if _DEVA.fullmatch(core):
        return len(core) > 1 and core in hindi_words()
    if _LATIN.fullmatch(core):
        return len(core) >= 3 and core.lower() in english_words()
    return bool(_NUMBER.fullmatch(core))


@dataclass(frozen=True)
class Judged:
    """What a reading of a page is worth, judged without ground truth."""

    score: float  # confidence summed over real words, x (1 - vertical), halved when junk
    words: int  # tokens with a letter or digit
    real: int  # ... that are real words
    vertical: float  # share of words (3+ letters) on end: the page was read sideways
    confidence: float  # mean word confidence
    junk: bool

    @property
    def quality(self) -> float:
        """Confident real words per word read (0..1)."""
        return self.score / self.words if self.words else 0.0

    @property
    def sound(self) -> bool:
        return (self.confidence >= SOUND_CONFIDENCE and self.real >= SOUND_WORDS
                and self.real >= SOUND_KNOWN * self.words and self.vertical < SOUND_VERTICAL and not self.junk)

    @property
    def garbage(self) -> bool:
        return self.words > 0 and (self.quality < GARBAGE_QUALITY or self.vertical >= GARBAGE_VERTICAL)

    def note(self) -> str:
        return f"{self.score:.1f}/{self.words}w" + (f",v{self.vertical:.2f}" if self.vertical >= 0.05 else "")


def judge(out: TesseractOutput) -> Judged:
    return judge_words(out.words, out.text)


def judge_words(words: tuple[Word, ...], text: str) -> Judged:
    counted = [w for w in words if any(c.isalnum() for c in w.text)]
    real = [w for w in counted if is_real_word(w.text)]
    long = [w for w in counted if sum(c.isalpha() for c in w.text) >= 3]
    vertical = sum(1 for w in long if w.height > TALL * w.width) / len(long) if long else 0.0
    junk = read(text).junk if text else False
    score = sum(w.confidence for w in real) * (1.0 - vertical) * (0.5 if junk else 1.0)
    conf = sum(w.confidence for w in counted) / len(counted) if counted else 0.0
    return Judged(round(score, 3), len(counted), len(real), round(vertical, 3), round(conf, 3), junk)


def better(candidate: Judged, default: Judged) -> bool:
    """The candidate reading wins only when it scores more than the default (a tie keeps the default)."""
    return candidate.score > default.score


@dataclass(frozen=True)
class PageReading:
    """One way of reading a page: the preprocessed image, Tesseract's output, its judgement."""

    pre: Preprocessed
    out: TesseractOutput
    lang: str
    notes: tuple[str, ...]  # language routing, then orientation
    judged: Judged

    @property
    def rotation(self) -> int:
        return self.pre.rotation


def read_upright(image: np.ndarray, dpi: int, options: OcrOptions, *, deadline: float,
                 ignore: tuple[tuple[int, int, int, int], ...] = (),
                 pdf_image: Callable[[Preprocessed], bool] = lambda pre: True) -> PageReading:
    """Preprocess and read the page; a proposed turn must read better than the page as scanned.

    ``pdf_image(pre)``: whether the page PDF of that preprocessing carries its own image (False
    when the original PDF page is reused under the text)."""

    def read_as(rotation: int | None) -> PageReading:
        pre = preprocess(image, dpi, options, ignore=ignore, rotation=rotation)
        return _read(pre, dpi, options, deadline, pdf_image(pre))

    first = read_as(None)
    if not options.orientation:
        return first
    chosen, tried, note = first, {first.rotation}, ""
    if first.rotation and not first.judged.sound:  # weak evidence: read the page as scanned too
        scanned = read_as(0)
        tried.add(0)
        chosen = first if better(first.judged, scanned.judged) else scanned
        note = f"orient:{'kept' if chosen is first else 'undone'} {first.rotation}({first.judged.note()}) vs 0({scanned.judged.note()})"
    if chosen.judged.garbage:  # the other ways up, before the page is called unreadable
        base, given_up = chosen.rotation, chosen
        turns = (90, 270) if chosen.judged.vertical >= GARBAGE_VERTICAL else (180,)
        for rotation in sorted({(base + turn) % 360 for turn in turns} - tried):
            tried.add(rotation)
            other = read_as(rotation)
            if better(other.judged, chosen.judged):
                chosen = other
        if chosen is not given_up:
            note = f"orient:rescued {chosen.rotation}({chosen.judged.note()}) over {base}({given_up.judged.note()})"
    if note:
        note += f",readings:{len(tried)}"
        return PageReading(chosen.pre, chosen.out, chosen.lang, (*chosen.notes, note), chosen.judged)
    return chosen


def _read(pre: Preprocessed, dpi: int, options: OcrOptions, deadline: float, pdf_image: bool) -> PageReading:
    lang, route_note = choose_lang(pre.script, options)
    out = run_tesseract(pre.image, lang=lang, dpi=dpi, timeout=max(1.0, deadline - time.perf_counter()),
                        make_pdf=options.make_pdf, pdf_image=pdf_image, library=options.tesseract_library)
    if lang != options.lang:
        out, lang, fallback_note = keep_better(out, lang, pre.image, dpi, options,
                                               timeout=max(1.0, deadline - time.perf_counter()), pdf_image=pdf_image)
        route_note += fallback_note
    return PageReading(pre, out, lang, (route_note,), judge(out))
