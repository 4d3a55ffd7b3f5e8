"""The analysis masks leave out rules, bands and borders, not the headlines of dense Devanagari lines
(issue 17, docs/adr/0032-*). Generated pages of tests/pageshapes.py, as scanned at each turn."""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
import pytest

from ocr import OcrOptions
from ocr.inkmask import axis_share, axis_sums, components, without_rules
from ocr.preprocess import ANALYSIS_DPI, detect_orientation_and_skew
from tests import pageshapes

TURNS = (0, 90, 180, 270)


@cache
def _page(kind: str, font: str, letterpress: bool, turn: int) -> np.ndarray:
    return pageshapes.turned(pageshapes.make(kind, font, 2, letterpress=letterpress), turn)


def _mask(gray: np.ndarray) -> np.ndarray:
    small = cv2.resize(gray, None, fx=ANALYSIS_DPI / 300, fy=ANALYSIS_DPI / 300, interpolation=cv2.INTER_AREA)
    thr, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return small < thr


@pytest.mark.parametrize("turn", TURNS)
@pytest.mark.parametrize(("font", "letterpress"), [("sarai", False), ("gargi", True)])
def test_a_dense_devanagari_page_is_devanagari_and_its_headlines_say_which_way_up(
        font: str, letterpress: bool, turn: int) -> None:
    # Every row over half inked used to be dropped as a rule: on these pages that is each line's headline.
    # The lines were then counted Latin (Sarai: 2 Devanagari, 26 Latin) and the headline votes said the
    # upright page was upside down, confidently enough to decide without the probe.
    rotation, _, cue, script, _ = detect_orientation_and_skew(_page("dense", font, letterpress, turn), 300, OcrOptions())
    assert (rotation, cue, script) == ((360 - turn) % 360, "shape", "deva")


@pytest.mark.parametrize("turn", (0, 90))
@pytest.mark.parametrize("kind", ["table", "table-merged"])
def test_a_tables_rules_stay_out_of_the_mask(kind: str, turn: int) -> None:
    # Once the row rules are dropped, a table's column rules are broken at every row (no long run): they
    # go because they have paper on both sides. Kept, they win the 0/90 choice for the sideways profile.
    mask = without_rules(_mask(_page(kind, "gargi", False, turn)))
    assert mask.mean(axis=1).max() < 0.5 and mask.mean(axis=0).max() < 0.5


@pytest.mark.parametrize("turn", (0, 90))
def test_a_dense_pages_headlines_stay_in_the_mask(turn: int) -> None:
    gray = _page("dense", "sarai", False, turn)
    mask = _mask(gray)
    kept = without_rules(mask)
    along = 1 if turn == 0 else 0  # the headlines are rows of the upright page, columns of the sideways one
    dense = mask.mean(axis=along) > 0.5
    assert dense.sum() >= 15  # one or more per line: the page has 17 lines
    assert (kept.mean(axis=along)[dense] > 0.5).all()


@pytest.mark.parametrize("turn", (0, 90))
def test_labelling_a_pages_ink_16_bit_gives_opencvs_32_bit_components(turn: int) -> None:
    # ocr.inkmask.components labels to 16 bits where they fit (a third of the CPU): the same pieces, boxes and centres.
    ink = _mask(_page("dense", "sarai", False, turn)).astype(np.uint8)
    n, labels, stats, centres = components(ink)
    n32, labels32, stats32, centres32 = cv2.connectedComponentsWithStats(ink, connectivity=8)
    assert n == n32 > 100 and labels.dtype == np.uint16
    assert (labels == labels32).all() and (stats == stats32).all() and (centres == centres32).all()


def test_a_mask_of_more_pieces_than_16_bits_hold_is_labelled_32_bit() -> None:
    ink = np.zeros((700, 700), np.uint8)
    ink[::2, ::2] = 1  # 122,500 single-pixel pieces: 16-bit labels overflow
    n, labels, stats, _ = components(ink)
    assert n == 350 * 350 + 1 and labels.dtype == np.int32 and int(stats[1:, cv2.CC_STAT_AREA].max()) == 1


def test_row_and_column_sums_by_opencv_are_numpys() -> None:
    # ocr.inkmask.axis_sums / axis_share (cv2.reduce) stand for mask.sum(axis) / mask.mean(axis): the same numbers.
    ink = _mask(_page("dense", "gargi", True, 90))
    for mask in (ink, ink.T, ink.astype(np.uint8), ink[::2, ::3], ink[:1]):
        for axis in (0, 1):
            assert (axis_sums(mask, axis) == mask.sum(axis=axis)).all()
            if mask.dtype == bool:
                assert (axis_share(mask, axis) == mask.mean(axis=axis)).all()
