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
