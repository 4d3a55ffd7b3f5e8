"""Two readings of a page at the same turn (crop, deskew or denoise undone, ADR 0027) are weighed without
the words-on-end scale; readings at different turns keep it (issue 17 "do no harm"). Readings are made up
from word lists (no Tesseract): the judge sees only words, their boxes and confidences."""

from __future__ import annotations

import dataclasses

import numpy as np

from domain.types import Word
from ocr import OcrOptions
from ocr.judge import better, judge_words
from ocr.preprocess import preprocess
from ocr.upright import PageReading, _orient, _without_doubts
from tests import pageshapes

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)
BODY = ("कार्यालय जिला शिक्षा अधिकारी विभाग के आदेश के अनुसार सभी विद्यालय में परीक्षा "
        "का कार्यक्रम समय पर पूरा किया जाएगा office order copy forwarded").split()
NOTE = "please file this copy with the order".split()  # a note along the margin: its words stand on end


def _words(texts: list[str], conf: float, tall: bool = False, line: int = 0) -> list[Word]:
    return [Word(t, 100 * i, 100 * line, 20 if tall else 80, 80 if tall else 20, conf, line) for i, t in enumerate(texts)]  # boxes apart


def _judged(words: list[Word]):  # type: ignore[no-untyped-def]
    return judge_words(tuple(words), " ".join(w.text for w in words))


def _fuller_and_poorer():  # type: ignore[no-untyped-def]
    """A margin letter read with its sideways note, and read again having lost the note and a few words."""
    fuller = _judged(_words(BODY, 0.9) + _words(NOTE, 0.85, tall=True, line=1))
    poorer = _judged(_words(BODY[:-3], 0.9))
    return fuller, poorer


def test_at_the_same_turn_a_word_on_end_counts_as_a_word() -> None:
    """Margin letters of tests/freshshapes.py (tuning seeds): a small deskew lost the margin note and the
    stamp (5-12 words), and the judge kept it, the note's words on end having scaled the fuller reading's
    whole score down."""
    fuller, poorer = _fuller_and_poorer()
    assert fuller.vertical > 0.2 and poorer.vertical == 0.0 and fuller.real > poorer.real
    assert better(fuller, poorer, same_turn=True) and not better(poorer, fuller, same_turn=True)
    assert not better(fuller, fuller, same_turn=True)  # a tie keeps the default
    assert not better(fuller, poorer)  # between turns the share on end still scales the score


def test_a_deskew_that_lost_the_margin_note_is_undone() -> None:
    """The note says the scores weighed (words on end not scaled): the deskewed 18.9, as scanned 27.6."""
    fuller, poorer = _fuller_and_poorer()
    pre = preprocess(pageshapes.scanned(pageshapes.make("dense", "gargi", 2), skew=1.5), 300, OPTS)
    pre = dataclasses.replace(pre, doubts=("deskew",))
    made: list[frozenset[str]] = []

    def read_as(rotation: int | None, undo: frozenset[str] = frozenset()) -> PageReading:
        made.append(undo)
        return PageReading(dataclasses.replace(pre, doubts=(), checks=()), None, OPTS.lang, (), fuller)  # type: ignore[arg-type]

    deskewed = PageReading(pre, None, OPTS.lang, (), poorer)  # type: ignore[arg-type]
    chosen, note = _without_doubts(deskewed, read_as)
    assert made == [frozenset({"deskew"})] and chosen.judged is fuller and note.startswith("geometry:undone deskew"), note
    assert "(18.9/21w) vs none(27.6/31w,v0.32)" in note, note
    kept, note = _without_doubts(PageReading(pre, None, OPTS.lang, (), fuller), read_as)  # type: ignore[arg-type]
    assert note.startswith("geometry:undone"), note  # a tie keeps the page as scanned


def test_a_sideways_reading_still_loses_to_the_upright_one() -> None:
    """Orientation is unchanged: a proposed turn whose words stand on end loses to the level reading as
    scanned even when it holds more real words."""
    level = _judged(_words(BODY[:12], 0.9))
    sideways = _judged(_words(BODY, 0.9, tall=True) + _words(BODY[:4], 0.9))
    assert sideways.real > level.real and sideways.vertical > 0.5
    ways = {90: sideways, 0: level}
    read: list[int] = []

    def read_as(rotation: int | None, undo: frozenset[str] = frozenset()) -> PageReading:
        r = 90 if rotation is None else rotation
        read.append(r)
        pre = dataclasses.replace(preprocess(np.full((40, 40), 255, np.uint8), 300, OPTS), rotation=r)
        return PageReading(pre, None, OPTS.lang, (), ways[r])  # type: ignore[arg-type]

    chosen, note = _orient(read_as, OPTS)
    assert chosen.rotation == 0 and read[:2] == [90, 0] and note.startswith("orient:undone 90"), (read, note)
