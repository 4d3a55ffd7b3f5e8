"""Page measures taken over the ink's bounding box measure what they measured over the whole page (issue 17
point 7: our CPU outside Tesseract cut with every reading unchanged; docs/benchmarks.md "Our CPU outside
Tesseract, cut again"). The whole-page measure is the same code with ``cv2.boundingRect`` answering the whole
image: a box that left out ink, or a margin too narrow for a measure's reach, makes them differ."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import cv2
import numpy as np
import pytest

from ocr.dotmatrix import GAP, _ceilings, _median, measure
from ocr.glance import to_gray
from ocr.imagehash import _percentile90
from ocr.inkmask import without_holes
from ocr.preprocess import _points, script_profiles
from ocr.quality import capture_facts
from ocr.shrink import shrink
from ocr.stamps import find_strokes
from ocr.tables import _horizontal, _ink, horizontal_runs
from ocr.unread import candidates
from tests import captureshapes, fresh3shapes, legacyshapes, pageshapes


@cache
def _page(name: str) -> np.ndarray:
    if name == "register":  # a 9-pin register on fanfold paper, its tractor holes down both edges
        return np.asarray(legacyshapes.make("dotmatrix-en", "gargi", 3).image)
    if name == "register-edge":  # ... cut to its ink: the ink touches every edge of the image
        gray = to_gray(_page("register"))
        x, y, w, h = cv2.boundingRect((gray < 128).view(np.uint8))
        return np.ascontiguousarray(_page("register")[y : y + h, x : x + w])
    if name == "table":  # a ruled table: horizontal rules for the table check to find
        return np.asarray(pageshapes.make("table", "lohit", 3).image)
    if name == "holes":  # punched holes, a staple, a torn corner
        return np.asarray(captureshapes.scan(captureshapes.make("holes", "lohit", 3), 0))
    page = fresh3shapes.make("stamped", "lohit", fresh3shapes.TUNE_SEED)  # a violet frame struck at a slant
    return np.asarray(fresh3shapes.scan(page, 0)[0])


def _script_rows(image: np.ndarray) -> list[tuple[bytes, bytes] | None]:
    """The script check's row profiles, upright, skewed, turned a quarter and half, levelled or not."""
    out = []
    for base, angle in ((0, 0.0), (0, 1.2), (90, -4.0), (180, 0.31), (270, 7.5)):
        rows = script_profiles(to_gray(image), 300, base, angle)
        out.append(None if rows is None else (rows[0].tobytes(), rows[1].tobytes()))
    return out


def _mask(image: np.ndarray) -> np.ndarray:
    small = cv2.resize(to_gray(image), None, fx=1 / 3, fy=1 / 3, interpolation=cv2.INTER_AREA)
    thr, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return small < thr


MEASURES: dict[str, Callable[[np.ndarray], Any]] = {
    "dot gaps": lambda image: measure(to_gray(image), 300),
    "headline candidates": lambda image: candidates(to_gray(image), 300),
    "holes left out": lambda image: without_holes(_mask(image), 100 / 25.4).tobytes(),
    "stamp strokes": lambda image: find_strokes(image, 300).segments,
    "capture facts": lambda image: capture_facts(to_gray(image), 300, False),
    "script check's rows": _script_rows,
    "table check's rules": lambda image: horizontal_runs(_ink(shrink(to_gray(image), 1 / 3)), 100).tobytes(),
}


@pytest.mark.parametrize("page", ["register", "register-edge", "holes", "stamped", "table"])
@pytest.mark.parametrize("name", list(MEASURES))
def test_a_measure_over_the_inks_box_is_the_measure_over_the_page(page: str, name: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    image = _page(page)
    boxed = MEASURES[name](image)
    box = cv2.boundingRect  # an image's box is the whole image; a contour's stays its own
    monkeypatch.setattr(cv2, "boundingRect", lambda m: (0, 0, m.shape[1], m.shape[0]) if m.ndim == 2 else box(m))
    assert MEASURES[name](image) == boxed


@pytest.mark.parametrize("at", [(0, 0), (0, 1200), (2, 5), (960, 0)])
def test_a_speck_at_the_pages_edge_is_measured_as_over_the_page(at: tuple[int, int],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A near-blank page (paper of two greys: Otsu's level between them) whose only ink is a speck at its edge:
    the ink's box grown by the reach is cut off by the edge and narrower than two reaches (it raised cv2.error)."""
    gray = np.where(np.random.default_rng(1).random((3508, 2480)) < 0.5, 230, 240).astype(np.uint8)
    gray[at[0] : at[0] + 3, at[1] : at[1] + 3] = 20
    boxed = measure(gray, 300)
    monkeypatch.setattr(cv2, "boundingRect", lambda m: (0, 0, m.shape[1], m.shape[0]))
    assert boxed == measure(gray, 300) and boxed.letter_ink == 9


def test_the_pages_carry_what_the_measures_look_for() -> None:
    """Else the comparison above would compare nothing."""
    assert measure(to_gray(_page("register")), 300).printed
    assert len(candidates(to_gray(_page("stamped")), 300)[0]) > 20
    for page in ("register", "holes"):
        mask = _mask(_page(page))
        assert not np.array_equal(without_holes(mask, 100 / 25.4), mask)
    assert find_strokes(_page("stamped"), 300).segments
    table_ink = _ink(shrink(to_gray(_page("table")), 1 / 3))
    assert np.array_equal(horizontal_runs(table_ink, 100), _horizontal(table_ink, 100)) and table_ink.any()
    assert horizontal_runs(table_ink, 100).sum() > 1000  # its rules
    rows = script_profiles(to_gray(_page("holes")), 300, 0, 1.2)  # ink nearer the top edge than the reach: cut there
    assert rows is not None and int(np.argmax(rows[0] > 0)) < 22 + 2 and rows[1].sum() > 0


@pytest.mark.parametrize(("level", "paper"), [(128.0, 240.0), (97.0, 181.5), (200.0, 255.0), (1.0, 3.0)])
def test_the_gap_ceiling_is_the_gap_test_of_each_grey(level: float, paper: float) -> None:
    """For a letter's pixel (darker than the Otsu level): b >= ceiling[side] exactly when b is GAP of the way
    from the darker side to the paper (``cv2.addWeighted``'s rounding) and the side is ink (``cv2.threshold``)."""
    sides = np.repeat(np.arange(256, dtype=np.uint8), int(level)).reshape(256, -1)
    b = np.tile(np.arange(int(level), dtype=np.uint8), (256, 1))
    lighter = cv2.compare(b, cv2.addWeighted(sides, 1 - GAP, sides, 0, GAP * paper), cv2.CMP_GE)
    inked = cv2.threshold(sides, level - 1, 255, cv2.THRESH_BINARY_INV)[1]
    assert np.array_equal(cv2.bitwise_and(lighter, inked) > 0, b >= _ceilings(level, paper)[sides])


def test_the_histogram_median_and_percentile_are_numpys() -> None:
    rng = np.random.default_rng(7)
    for size in [*range(1, 40), 1001, 1002, 99_999]:
        for values in (rng.integers(0, 256, size, dtype=np.uint8), np.sort(rng.integers(0, 3, size, dtype=np.uint8))):
            assert _median(values) == float(np.median(values))
            assert _percentile90(values.reshape(1, -1)) == float(np.percentile(values, 90))


def test_the_skew_points_are_numpys_nonzero_in_row_order() -> None:
    mask = _mask(_page("holes"))
    for m in (mask, mask.T, np.zeros((5, 4), bool)):
        ys, xs = np.nonzero(m)
        step = np.linspace(0, len(xs) - 1, 60_000).astype(np.int64) if len(xs) > 60_000 else slice(None)
        got = _points(m)
        assert np.array_equal(got[0], xs[step]) and np.array_equal(got[1], ys[step])
