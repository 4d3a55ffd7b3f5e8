"""A page that reads as garbage both ways its words lie flat pays for no more net than can change it (ADR 0049).

kraken's handwritten register page (bench/ocr_real_scans.py): proposed at 90 by its shape, read at 90 (words on
end), as scanned and at 180, garbage every way; then without its doubtful crop and deskew, and again at 180 for
the orientation net that follows the geometry net: 12 Tesseract readings (each routed reading read again with the
configured set, a table and an unruled reading), 13x plain Tesseract's CPU, flagged unreadable as after the
third. Preprocessing and readings are faked here (what each reading judges is the page's, not the code's).
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest

import ocr.upright as upright
from ocr import OcrOptions
from ocr.hopeless import garbage, hopeless, single
from ocr.judge import Judged
from ocr.preprocess import Preprocessed

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)
# kraken's page read flat (quality 0.07, confidence 0.27); the same a quarter turn off, every word on end;
# a printed page read the right way up
SCRAWL = Judged(20.0, 300, 25, 0.0, 0.27, False, 20, 40)
ON_END = dataclasses.replace(SCRAWL, score=1.4, vertical=0.91)
UPRIGHT = Judged(160.0, 200, 170, 0.0, 0.9, False)


def _fake(monkeypatch: pytest.MonkeyPatch, judged: dict[int, Judged], proposed: int = 90) -> list[tuple]:
    """Preprocessing turns the page ``proposed`` when not told a turn, with a doubtful crop and deskew; a
    reading at a turn judges ``judged[turn]``. Returns the log of readings: (turn, steps undone, options)."""
    made: list[tuple] = []

    def preprocess(image, dpi, options, *, ignore=(), rotation=None, undo=frozenset()):  # type: ignore[no-untyped-def]
        turn = proposed if rotation is None else rotation
        doubts = tuple(d for d in ("crop", "deskew") if d not in undo)
        return Preprocessed(image, (), turn, 0.0, doubts=doubts)

    def read(pre, dpi, options, deadline, pdf_image):  # type: ignore[no-untyped-def]
        made.append((pre.rotation, pre.doubts, options))
        return upright.PageReading(pre, None, options.lang, (), judged[pre.rotation])  # type: ignore[arg-type]

    monkeypatch.setattr(upright, "preprocess", preprocess)
    monkeypatch.setattr(upright, "_read", read)
    return made


def _page() -> np.ndarray:
    return np.full((400, 300), 255, np.uint8)


def test_a_page_garbage_every_way_is_read_once_per_net_and_stays_as_scanned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = _fake(
        monkeypatch, {0: SCRAWL, 90: ON_END, 180: dataclasses.replace(SCRAWL, score=30.0), 270: ON_END}
    )
    reading = upright.read_upright(_page(), 300, OPTS, deadline=time.perf_counter() + 60)
    # not turned, unreadable: ocr/read.py flags it for review
    assert reading.rotation == 0 and reading.judged.unreadable, reading.notes
    # 90 (proposed), 0, 180 (the rescue), 0 without the crop and deskew; 180 is not read again after the geometry net
    assert [(turn, doubts) for turn, doubts, _ in made] == [
        (90, ("crop", "deskew")),
        (0, ("crop", "deskew")),
        (180, ("crop", "deskew")),
        (0, ()),
    ], made
    # the last: one reading, no net inside it
    assert [options for _, _, options in made] == [OPTS, OPTS, OPTS, single(OPTS)]
    assert any(note.startswith("hopeless:after 3 readings") for note in reading.notes), reading.notes


def test_a_page_upside_down_is_read_with_every_net(monkeypatch: pytest.MonkeyPatch) -> None:
    """Garbage as scanned, sound the other way up: a printed page upside down is not hopeless."""
    made = _fake(monkeypatch, {0: SCRAWL, 180: UPRIGHT}, proposed=0)
    reading = upright.read_upright(_page(), 300, OPTS, deadline=time.perf_counter() + 60)
    assert reading.rotation == 180 and all(options == OPTS for _, _, options in made), made
    assert not any(note.startswith("hopeless") for note in reading.notes), reading.notes


def test_what_is_hopeless() -> None:
    assert garbage(SCRAWL) and not garbage(ON_END) and not garbage(UPRIGHT)
    # words on end: the page may read a quarter turn off (ADR 0037's sideways handwriting)
    assert not hopeless([(0, ON_END), (180, ON_END)])
    assert not hopeless([(0, SCRAWL), (90, SCRAWL)])  # not opposite turns: the page may lie the other way
    assert not hopeless([(0, SCRAWL), (180, UPRIGHT)]) and hopeless(
        [(90, ON_END), (0, SCRAWL), (180, SCRAWL)]
    )
    # unreadable (quality 0.2 < 0.35) but not by a wide margin
    near = dataclasses.replace(SCRAWL, score=300 * 0.2)
    assert near.unreadable and not garbage(near) and not hopeless([(0, near), (180, near)])
    sure = dataclasses.replace(SCRAWL, confidence=0.55)  # unreadable, read at 0.55: not garbage beyond doubt
    assert sure.unreadable and not garbage(sure)
    few = dataclasses.replace(SCRAWL, words=2, score=0.1)  # a signature alone is not a reading
    assert not garbage(few)
    assert single(OPTS).lang == OPTS.lang and not (single(OPTS).lang_routing or single(OPTS).tables)
