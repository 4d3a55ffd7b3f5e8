"""Orientation that does no harm (issue 17): the page as scanned is the default, a proposed turn is
kept only when its reading is sound or better than the page's reading as scanned.

Pages of the shapes that real upright Devanagari pages were wrongly turned on (large type, a sparse
cover with an emblem, dense pure Devanagari in an old-style font, a ruled table, a stamp and a
signature), generated at test time (tests/pageshapes.py), each upright, upside down and sideways.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from domain.types import FileKind, Word
from ocr import OcrOptions, read_page
from ocr.judge import better, is_real_word, judge_words
from ocr.preprocess import preprocess
from ocr.quality import NEEDS_REVIEW, UNREADABLE, is_unreadable
from ocr.upright import PageReading
from tests import pagegen, pageshapes
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False)

# (kind, font, letterpress): tuning fonts only (the bench holds the others out)
SHAPES = [("large", "gargi", False), ("cover", "lohit", True), ("dense", "sarai", False),
          ("table", "gargi", False), ("stamp", "noto-serif", True)]


def _read(tmp_path: Path, image: np.ndarray):  # type: ignore[no-untyped-def]
    path = write(tmp_path, "page.png", pagegen.image_bytes(Image.fromarray(image)))
    return read_page(path, FileKind.PNG, 1, OPTS).text


@pytest.mark.parametrize(("kind", "font", "letterpress"), SHAPES)
@pytest.mark.parametrize("turned", [0, 180, 90])
def test_upright_stays_and_turned_comes_upright(tmp_path: Path, kind: str, font: str, letterpress: bool,
                                                turned: int) -> None:
    if kind == "dense" and turned == 90:
        turned = 270  # both sideways directions are covered, and the slow dense page is read 3 times, not 4
    page = pageshapes.make(kind, font, 2, letterpress=letterpress)
    text = _read(tmp_path, pageshapes.turned(page, turned))
    assert text.rotation == (360 - turned) % 360, text.steps
    plain = pagegen.cer(page.text, text.text)
    assert plain < 0.35, (plain, text.text[:200])
    assert not is_unreadable(text.quality_reasons), text.quality_reasons


@pytest.mark.parametrize(("font", "turned"), [("noto-serif", 0), ("noto-serif", 90), ("gargi", 90)])
def test_a_page_of_figures_comes_upright_and_is_not_flagged(tmp_path: Path, font: str, turned: int) -> None:
    """Numbered rows of figures under a two-word Hindi heading: the list numbers down the left edge
    read as one word on end ("NNN", "eNAWDERWNS"); counted among words of 3+ letters only, that was one
    word of two on end, so the upright reading was called sideways and unreadable every way, and the
    page turned 90 was kept sideways and flagged. Numbers are words of the page's shape too."""
    page = pageshapes.make("figures", font, 2)
    text = _read(tmp_path, pageshapes.turned(page, turned))
    assert text.rotation == (360 - turned) % 360, text.steps
    figures = [t for t in page.text.split() if len(t) >= 4 and t[0].isdigit()]
    read = set(text.text.split())  # Tesseract reads the columns one after another: order is not asked
    assert sum(t in read for t in figures) >= 0.7 * len(figures), text.text[:200]
    assert not is_unreadable(text.quality_reasons), text.quality_reasons


def test_a_page_that_reads_as_garbage_every_way_is_flagged(tmp_path: Path) -> None:
    """A mirrored scan (the sheet scanned through its back) cannot be turned upright: its best reading
    is garbage, so it goes to review with the reason, as scanned (issue 17, point 4)."""
    page = pageshapes.make("stamp", "lohit", 2)
    text = _read(tmp_path, np.ascontiguousarray(pageshapes.turned(page, 0)[:, ::-1]))
    assert text.flag == NEEDS_REVIEW
    assert is_unreadable(text.quality_reasons) and text.quality_reasons[0].startswith(UNREADABLE), text.quality_reasons
    assert text.rotation == 0 and any(s.startswith("orient:kept 0") and ",readings:2," in s for s in text.steps)
    assert text.text  # kept for the reviewer


def test_a_turn_proposed_on_an_upright_page_is_undone(tmp_path: Path) -> None:
    """The upright ruled table's aligned columns peak the sideways profile: the shape cues propose 270
    (measured). Its reading as scanned wins. (This was the dense Sarai page, proposed at 180 while the
    analysis masks dropped its headlines; ADR 0032.)"""
    page = pageshapes.make("table", "noto-serif", 2)
    image = pageshapes.turned(page, 0)
    assert preprocess(image, 300, OPTS).rotation == 270  # the shape cue alone gets it wrong
    text = _read(tmp_path, image)
    assert text.rotation == 0
    assert any(s.startswith("orient:undone 270") for s in text.steps), text.steps


def test_forced_rotation() -> None:
    page = pageshapes.make("large", "gargi", 2)
    image = pageshapes.turned(page, 90)
    pre = preprocess(image, 300, OPTS, rotation=270)
    assert pre.rotation == 270 and "rotate:270" in pre.steps and pre.orientation_cue == "given"
    assert pre.image.shape[:2] == np.asarray(page.image).shape[:2]
    assert preprocess(image, 300, OPTS, rotation=0).rotation == 0


def _words(texts: list[str], conf: float, tall: bool = False) -> tuple[Word, ...]:
    return tuple(Word(t, 100 * i, 0, 20 if tall else 80, 80 if tall else 20, conf) for i, t in enumerate(texts))  # boxes apart


def test_real_words() -> None:
    assert is_real_word("शिक्षा,") and is_real_word("(Office)") and is_real_word("2019/12")
    assert not is_real_word("eyeh") and not is_real_word("क") and not is_real_word("-")


def test_judge_prefers_the_upright_reading() -> None:
    upright = "कार्यालय जिला शिक्षा अधिकारी विभाग के आदेश के अनुसार".split()
    gibberish = "Ra ure wa Fr afer ait ue ffi the".split()  # upside-down Devanagari, read as Latin
    good, bad = judge_words(_words(upright, 0.9), " ".join(upright)), judge_words(_words(gibberish, 0.45), " ".join(gibberish))
    assert good.sound and not good.doubtful and not good.unreadable
    assert bad.doubtful and bad.unreadable and not bad.sound
    assert better(good, bad) and not better(bad, good)
    assert not better(good, good)  # a tie keeps the default


def test_words_on_end_mean_the_page_was_read_sideways() -> None:
    upright = "कार्यालय जिला शिक्षा अधिकारी विभाग के आदेश के अनुसार".split()
    sideways = judge_words(_words(upright, 0.9, tall=True), " ".join(upright))
    level = judge_words(_words(upright, 0.9), " ".join(upright))
    assert sideways.vertical == 1.0 and sideways.doubtful and sideways.unreadable and not sideways.sound
    assert better(level, sideways)


def test_numbers_count_among_the_words_whose_boxes_show_the_page_upright() -> None:
    figures = ["72781", "13/05/2011", "806.30", "57682", "11/10/2020", "962.45"]
    words = (*_words(["वर्ष", "प्रगति"], 0.96), *_words(figures, 0.96), *_words(["NNN"], 0.7, tall=True))
    judged = judge_words(words, " ".join(w.text for w in words))
    assert judged.vertical < 0.2 and not judged.doubtful and not judged.unreadable


def test_a_reading_of_no_words_is_read_the_other_ways_when_another_found_words() -> None:
    """Held-out merged tables turned 90/270 (bench, 2026-12-06): the configured set read no words at all
    as scanned, the 180 reading's words all stood on end; an empty reading was never doubtful, so the
    sideways ways were not read. The reading of each way is faked here (no Tesseract)."""
    from ocr.judge import Judged
    from ocr.upright import _orient

    def reading(rotation: int, judged: Judged):  # type: ignore[no-untyped-def]
        pre = dataclasses.replace(preprocess(np.full((40, 40), 255, np.uint8), 300, OPTS), rotation=rotation)
        return PageReading(pre, None, OPTS.lang, (), judged)  # type: ignore[arg-type]

    empty, on_end = Judged(0.0, 0, 0, 0.0, 0.0, False), Judged(0.0, 52, 0, 1.0, 0.5, False)
    upright = Judged(40.0, 69, 43, 0.0, 0.83, False)
    ways = {180: on_end, 0: empty, 90: upright, 270: Judged(3.0, 60, 5, 0.9, 0.4, False)}
    read: list[int] = []

    def read_as(rotation: int | None, undo: frozenset[str] = frozenset()):  # type: ignore[no-untyped-def]
        r = 180 if rotation is None else rotation
        read.append(r)
        return reading(r, ways[r])

    chosen, note = _orient(read_as, OPTS)
    assert chosen.rotation == 90 and sorted(read) == [0, 90, 180, 270], (read, note)
    assert Judged(0.0, 0, 0, 1.0, 0.0, False).doubtful  # words on end carried over, no words of its own
    assert not empty.doubtful  # a blank page's reading is not doubtful on its own


def test_a_blank_page_is_read_once_more_at_most() -> None:
    """No reading finds words on a blank page: nothing more is read for it."""
    from ocr.judge import Judged
    from ocr.upright import _orient

    read: list[int] = []

    def read_as(rotation: int | None, undo: frozenset[str] = frozenset()):  # type: ignore[no-untyped-def]
        r = 0 if rotation is None else rotation
        read.append(r)
        pre = dataclasses.replace(preprocess(np.full((40, 40), 255, np.uint8), 300, OPTS), rotation=r)
        return PageReading(pre, None, OPTS.lang, (), Judged(0.0, 0, 0, 0.0, 0.0, False))  # type: ignore[arg-type]

    chosen, _ = _orient(read_as, OPTS)
    assert chosen.rotation == 0 and read == [0]
