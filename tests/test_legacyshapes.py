"""The legacy-print page generator (tests/legacyshapes.py, bench/ocr_legacy_probe.py) makes what it says."""

from __future__ import annotations

import cv2
import numpy as np

from tests import legacyshapes


def _dark(img: object) -> np.ndarray:
    return np.asarray(img.convert("L")) < 128  # type: ignore[attr-defined]


def test_a_dot_matrix_character_is_made_of_dots() -> None:
    page = legacyshapes.make("dotmatrix-en", "gargi", 3)
    a = np.asarray(page.image.convert("L"))
    ink = a[400:1500, 300:2500] < 150  # the register's rows, inside the tractor strips
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=4)
    sizes = stats[1:, cv2.CC_STAT_AREA]
    assert n > 500 and np.median(sizes) < 40, (n, np.median(sizes))  # many small dots, not strokes


def test_fanfold_paper_shows_the_lid_through_its_tractor_holes_on_both_edges() -> None:
    a = np.asarray(legacyshapes.make("dotmatrix-hi", "lohit", 3).image.convert("L"))
    for strip in (a[:, 40:110], a[:, -110:-40]):
        rows = (strip < 60).mean(axis=1) > 0.3
        assert 15 <= int(np.sum(np.diff(rows.astype(int)) == 1)) <= 25  # a hole every half inch of 11 inches


def test_the_kinds_are_deterministic_and_scanned_as_they_say() -> None:
    modes = {"dither": "1", "typewriter": "L"}
    for kind in ("dither", "jpeg25", "typewriter"):
        a, b = legacyshapes.make(kind, "gargi", 5), legacyshapes.make(kind, "gargi", 5)
        assert np.array_equal(np.asarray(a.image), np.asarray(b.image)) and a.text == b.text
        assert a.image.mode == modes.get(kind, "RGB")
    jp = legacyshapes.make("jpeg25", "gargi", 5)
    assert jp.dpi == 200 and abs(jp.image.width - 2480 * 2 / 3) < 2
    turned = legacyshapes.scan(jp, 90)
    assert turned.size == (jp.image.height, jp.image.width) and turned.info["dpi"] == (200, 200)


def test_dithered_grey_paper_is_a_field_of_dots_not_blank_or_black() -> None:
    dark = _dark(legacyshapes.make("dither", "lohit", 7).image)
    paper = dark[3000:3400, 300:2200]  # below the text: paper only
    assert 0.1 < paper.mean() < 0.4


def test_typed_keys_stray_off_the_line_and_strike_unevenly() -> None:
    rng = np.random.default_rng(1)
    ink = np.zeros((200, 1200), np.float32)
    legacyshapes.typed(ink, ["कार्यालय जिला कलेक्टर"], legacyshapes.FONTS["gargi"], rng, px=54, x0=20, y0=120, step=90)
    assert ink.max() > 0.5
    strikes = [float(ink[:, x:x + 40].max()) for x in range(20, 900, 40) if ink[:, x:x + 40].max() > 0]
    assert max(strikes) - min(strikes) > 0.1  # darkness differs from key to key
