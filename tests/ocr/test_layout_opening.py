"""ocr.layout.line_opening is OpenCV's opening with a line, computed from runs."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.layout import line_opening


def test_line_opening_equals_opencv_on_random_images() -> None:
    rng = np.random.default_rng(7)
    for _ in range(400):
        h, w = int(rng.integers(1, 30)), int(rng.integers(1, 50))
        ink = (rng.random((h, w)) < rng.choice([0.3, 0.7, 0.95])).astype(np.uint8)
        k = int(rng.integers(1, 25))
        ref = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, k), np.uint8))
        ours = line_opening(ink, k)
        if k % 2:
            assert np.array_equal(ours, ref), (ink, k)
        else:  # OpenCV shifts even-sized openings by a pixel; the rules counted are the same
            grow = np.ones((3, 1), np.uint8)
            assert cv2.connectedComponents(cv2.dilate(ours, grow))[0] == cv2.connectedComponents(cv2.dilate(ref, grow))[0]
            assert np.array_equal(ours.any(axis=1), ref.any(axis=1))


def test_a_long_rule_is_kept_and_words_are_not() -> None:
    ink = np.zeros((20, 100), np.uint8)
    ink[5, 10:90] = 1  # a rule
    ink[12, 10:20] = ink[12, 25:40] = 1  # words
    out = line_opening(ink, 40)
    assert out[5].sum() == 80 and out[12].sum() == 0


def test_the_layout_facts_are_those_of_the_bincount_histogram(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """rules() counts grey levels with cv2.calcHist: the facts of a page are those np.bincount gave."""
    from ocr import layout
    from tests import pagegen

    page = np.asarray(pagegen.degrade(pagegen.render_lines(pagegen.office_lines(seed=5, n=22), dpi=300, size="A4"), seed=5))
    small = cv2.resize(page, (778, 1100), interpolation=cv2.INTER_AREA)
    ours = layout.rules(small)

    def bincount_hist(images, channels, mask, size, ranges):  # type: ignore[no-untyped-def]
        return np.bincount(images[0].ravel(), minlength=256).astype(np.float32).reshape(-1, 1)

    monkeypatch.setattr(cv2, "calcHist", bincount_hist)
    assert layout.rules(small) == ours and ours[2] > 0
