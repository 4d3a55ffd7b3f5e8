"""ocr.shrink: a cheap area-style downscale that measures like cv2's direct INTER_AREA."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr.shrink import shrink
from tests import pagegen


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    image = pagegen.render_lines(pagegen.ENGLISH_LINES[:6] + pagegen.HINDI_LINES[:6], size="A4", dpi=300)
    return np.asarray(image.convert("L"))


@pytest.mark.parametrize("f", [1100 / 3508, 1 / 3, 0.25, 0.5, 0.7])
def test_shrink_matches_the_direct_area_average(page: np.ndarray, f: float) -> None:
    direct = cv2.resize(page, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    small = shrink(page, f)
    assert abs(small.shape[0] - direct.shape[0]) <= 1 and abs(small.shape[1] - direct.shape[1]) <= 1
    h, w = min(small.shape[0], direct.shape[0]), min(small.shape[1], direct.shape[1])
    diff = np.abs(small[:h, :w].astype(int) - direct[:h, :w].astype(int))
    assert diff.mean() < 3.0
    ink_direct, ink_small = (direct < 195).mean(), (small < 195).mean()
    assert ink_direct > 0.005 and abs(ink_small - ink_direct) < 0.15 * ink_direct


def test_shrink_leaves_small_factors_alone(page: np.ndarray) -> None:
    assert shrink(page, 1.0) is page and shrink(page, 1.5) is page
    tiny = shrink(page[:3, :3], 0.01)
    assert tiny.shape == (1, 1)
