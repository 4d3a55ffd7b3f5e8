"""Handwriting on office pages (issue 17; tests/handshapes.py, found by bench/ocr_hand_probe.py): a page
Tesseract cannot read is never turned because of its hand, and one sideways comes upright even when it
reads as garbage every way. Tuning font pairs and even seeds only (the bench holds the rest out)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from domain.types import FileKind
from ocr import OcrOptions, read_page
from ocr.judge import Judged
from ocr.preprocess import Preprocessed
from ocr.quality import is_unreadable
from tests import handshapes, pagegen
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)


def _proposing(proposed: int):  # type: ignore[no-untyped-def]
    """A fake preprocess whose shape cues propose ``proposed``, no geometry doubts."""

    def pre(image, dpi, options, ignore=(), rotation=None, undo=frozenset()):  # type: ignore[no-untyped-def]
        return Preprocessed(np.full((40, 40), 255, np.uint8), (), proposed if rotation is None else rotation, 0.0)

    return pre


def _read_with(monkeypatch: pytest.MonkeyPatch, proposed: int, judged: dict[int, Judged]) -> tuple[object, list[int]]:
    from ocr import upright

    read: list[int] = []

    def fake_read(pre, dpi, options, deadline, pdf_image):  # type: ignore[no-untyped-def]
        read.append(pre.rotation)
        return upright.PageReading(pre, None, options.lang, (), judged[pre.rotation])  # type: ignore[arg-type]

    monkeypatch.setattr(upright, "preprocess", _proposing(proposed))
    monkeypatch.setattr(upright, "_read", fake_read)
    return upright.read_upright(np.full((40, 40), 255, np.uint8), 300, OPTS, deadline=1e12), read


# The readings of the tuning note-sheet turned 90 (bench/ocr_hand_probe.py, 10d543b): as scanned every word
# on end; at 270 garbage, but lying flat and scoring more; at 90 worse.
ON_END = Judged(0.0, 49, 10, 1.0, 0.62, False)
FLAT_GARBAGE = Judged(23.5, 79, 37, 0.0, 0.56, False)
WORSE = Judged(6.0, 60, 12, 0.0, 0.40, False)


def test_a_sideways_page_that_reads_as_garbage_every_way_comes_upright_for_the_reviewer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Faked readings: garbage every way, but the page as scanned reads with every word on end and 270
    reads them flat and scores more: the page is sideways whatever the words say. It was kept as scanned."""
    chosen, read = _read_with(monkeypatch, 0, {0: ON_END, 270: FLAT_GARBAGE, 90: WORSE})
    assert chosen.rotation == 270 and chosen.judged is FLAT_GARBAGE, (read, chosen.notes)  # type: ignore[attr-defined]
    assert chosen.judged.unreadable  # type: ignore[attr-defined]  # still flagged: the reviewer reads the hand


@pytest.mark.parametrize("proposed", [0, 180, 90])
def test_an_upright_page_read_as_garbage_every_way_stays_as_scanned(monkeypatch: pytest.MonkeyPatch,
                                                                      proposed: int) -> None:
    """Faked readings of an upright handwritten page: its words lie flat as scanned, every reading is
    garbage; another way up scoring more by chance (180 upside down, 90 sideways with its words flat too,
    as Tesseract's boxes on scrawl can be) never turns it: garbage every way keeps the page as scanned."""
    flat_low = Judged(10.0, 60, 15, 0.0, 0.45, False)
    chosen, read = _read_with(monkeypatch, proposed, {0: flat_low, 180: FLAT_GARBAGE, 90: FLAT_GARBAGE,
                                                       270: FLAT_GARBAGE})
    assert chosen.rotation == 0, (read, chosen.notes)  # type: ignore[attr-defined]


def test_a_handwritten_note_sheet_turned_90_is_read_upright_and_flagged(tmp_path: Path) -> None:
    page = handshapes.make("notesheet", "tune", 0, 9000)
    path = write(tmp_path, "note.png", pagegen.image_bytes(handshapes.scan(page, 90)))
    text = read_page(path, FileKind.PNG, 1, OPTS).text
    assert text.rotation == 270, text.steps
    assert text.flag and is_unreadable(text.quality_reasons), text.quality_reasons


def _reasons(judged: Judged) -> tuple[str, ...]:
    """The reasons ocr.read gives a page read as ``judged`` (a clean printed page image, fake reading)."""
    from domain.types import Word
    from ocr.rasterise import RasterPage
    from ocr.read import _quality
    from ocr.tesseract import TesseractOutput
    from ocr.upright import PageReading

    image = np.full((600, 600), 250, np.uint8)
    image[100:110, 50:550] = 10  # sharp black ink: no capture reason
    words = tuple(Word("शब्द", 50 + 60 * i, 100, 50, 10, 0.95) for i in range(8))
    reading = PageReading(Preprocessed(image, (), 0, 0.0), TesseractOutput("", words, 0.95, None, 0.0), "hin", (), judged)
    return _quality(RasterPage(image, 300, False), reading, OPTS)[1]


def test_lines_read_as_unsure_letter_groups_are_named_among_the_reasons() -> None:
    """A handwritten note-sheet's reading had 2-7 lines of unsure letter groups and its reasons said
    "blurred strokes" (a ballpoint line is lighter than toner) and the OCR confidence: nothing named the
    lines a reviewer must read by hand. Two or more are named; one (a signature, a stamp) is not."""
    named = _reasons(Judged(30.0, 60, 30, 0.0, 0.68, False, unsure_lines=3))
    assert any(r.startswith("3 lines read as unsure letter groups") for r in named), named
    assert "good" not in named
    one = _reasons(Judged(30.0, 60, 30, 0.0, 0.9, False, unsure_lines=1))
    assert not any("unsure letter groups" in r for r in one), one
