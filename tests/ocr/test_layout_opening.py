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


def _rules_as_before(small: np.ndarray) -> tuple[int, int, float]:
    """ocr.layout.rules as it was: the vertical rules transposed back and dilated sideways, both labelled always."""
    hist = cv2.calcHist([small], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    paper = float(np.searchsorted(np.cumsum(hist), 0.9 * small.size))
    ink = (small < max(40.0, paper - 60.0)).astype(np.uint8)
    h, w = ink.shape
    horiz = line_opening(ink, max(10, int(w * 0.4)))
    vert = np.ascontiguousarray(line_opening(np.ascontiguousarray(ink.T), max(10, int(h * 0.3))).T)
    n_h = cv2.connectedComponents(cv2.dilate(horiz, np.ones((3, 1), np.uint8)))[0] - 1
    n_v = cv2.connectedComponents(cv2.dilate(vert, np.ones((1, 3), np.uint8)))[0] - 1
    return int(n_h), int(n_v), float(ink.mean())


def test_the_rules_counted_on_the_transposed_page_are_those_counted_as_before() -> None:
    """The vertical rules are counted on the page transposed, and a page without rule pixels is not labelled:
    the same counts on ruled tables (turned too, so vertical rules become horizontal), a letter, random ink."""
    from ocr import layout
    from ocr.shrink import shrink
    from tests import pagegen, pageshapes

    pages = [np.asarray(pageshapes.make("table", font, 3).image) for font in ("lohit", "sarai")]
    pages.append(np.asarray(pagegen.degrade(pagegen.render_lines(pagegen.office_lines(seed=5, n=22), dpi=300,
                                                                 size="A4"), seed=5)))
    counted = []
    for page in pages:
        gray = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
        small = shrink(gray, 1100 / max(gray.shape))
        for turned in (small, np.ascontiguousarray(small.T), np.ascontiguousarray(small[::-1, ::-1])):
            counted.append(layout.rules(turned))
            assert counted[-1] == _rules_as_before(turned)
    rng = np.random.default_rng(3)
    for _ in range(30):
        ink = np.where(rng.random((int(rng.integers(20, 200)), int(rng.integers(20, 200)))) < 0.9, 0, 255)
        assert layout.rules(ink.astype(np.uint8)) == _rules_as_before(ink.astype(np.uint8))
    assert any(n_h >= 3 and n_v >= 3 for n_h, n_v, _ in counted) and any(c[:2] == (0, 0) for c in counted)
