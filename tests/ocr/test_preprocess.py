"""Each preprocessing decision on generated pages: orientation, skew, borders, blank pages."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ocr import OcrOptions
from ocr.preprocess import border_crop, preprocess
from tests import pagegen

OPTS = OcrOptions()


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_rotation_is_detected(a5_page, turned: int) -> None:  # type: ignore[no-untyped-def]
    img = np.asarray(pagegen.degrade(a5_page, seed=turned, rotate=turned, noise=4))
    pre = preprocess(img, 300, OPTS)
    assert pre.rotation == (360 - turned) % 360
    assert f"rotate:{pre.rotation}" in pre.steps
    assert pre.image.shape == np.asarray(a5_page).shape  # upright again


def test_upright_page_is_left_alone(a5_page) -> None:  # type: ignore[no-untyped-def]
    pre = preprocess(np.asarray(a5_page), 300, OPTS)
    assert pre.rotation == 0 and pre.steps == () and pre.skew_degrees == 0.0
    assert pre.orientation_cue == "shape"  # no Tesseract probe needed for a Hindi page


def test_english_page_upside_down() -> None:
    lines = pagegen.office_lines(seed=11, n=10, english_share=1.0)
    img = pagegen.render_lines(lines, size="A5", font=pagegen.SERIF_FONT)
    pre = preprocess(np.asarray(pagegen.degrade(img, seed=1, rotate=180)), 300, OPTS)
    assert pre.rotation == 180


@pytest.mark.parametrize("skew", [4.0, -4.0])
def test_skew_is_corrected(a5_page, skew: float) -> None:  # type: ignore[no-untyped-def]
    img = np.asarray(pagegen.degrade(a5_page, seed=2, skew=skew, noise=5))
    pre = preprocess(img, 300, OPTS)
    assert abs(pre.skew_degrees - skew) < 0.5
    assert pre.rotation == 0
    assert any(s.startswith("deskew:") for s in pre.steps)


def test_dark_border_is_cropped(a5_page) -> None:  # type: ignore[no-untyped-def]
    img = np.asarray(pagegen.degrade(a5_page, seed=3, border=50, noise=4, skew=3))
    left, top, right, bottom = border_crop(img)
    assert all(50 <= cut <= 80 for cut in (left, top, right, bottom))
    pre = preprocess(img, 300, OPTS)
    assert pre.steps[0].startswith("crop:") and pre.steps[1].startswith("deskew:")
    level = np.asarray(pagegen.degrade(a5_page, seed=3, border=50, noise=4))
    assert preprocess(level, 300, OPTS).steps == ()  # a lid on a level page is left (ADR 0027)
    edges = np.concatenate([pre.image[0], pre.image[-1], pre.image[:, 0], pre.image[:, -1]])
    assert (edges < 80).mean() < 0.05


def test_blank_page_gets_no_steps() -> None:
    blank = np.asarray(pagegen.degrade(pagegen.render_lines([], size="A5"), seed=1, noise=3))
    pre = preprocess(blank, 300, OPTS)
    assert pre.rotation == 0 and pre.skew_degrees == 0.0 and pre.steps == ()


def test_steps_can_be_switched_off(a5_page) -> None:  # type: ignore[no-untyped-def]
    img = np.asarray(pagegen.degrade(a5_page, seed=4, rotate=180, skew=3, border=30))
    off = dataclasses.replace(OPTS, orientation=False, deskew=False, crop_borders=False, denoise=False)
    assert preprocess(img, 300, off).steps == ()
    on = preprocess(img, 300, dataclasses.replace(OPTS, denoise=True))
    assert [s.split(":")[0] for s in on.steps] == ["crop", "rotate", "deskew"]  # no specks: no median (ADR 0027)
    specks = np.asarray(pagegen.degrade(a5_page, seed=4, rotate=180, skew=3, border=30, speckle=0.005))
    on = preprocess(specks, 300, dataclasses.replace(OPTS, denoise=True))
    assert [s.split(":")[0] for s in on.steps] == ["crop", "rotate", "deskew", "denoise"]
    assert on.doubts[-1] == "denoise"  # never strong: read without it too


def test_colour_pages_stay_colour(a5_page) -> None:  # type: ignore[no-untyped-def]
    img = np.asarray(pagegen.degrade(a5_page, seed=5, yellow=True, rotate=90))
    pre = preprocess(img, 300, OPTS)
    assert pre.image.ndim == 3 and pre.rotation == 270


def test_a_full_page_needs_no_tesseract_probe() -> None:
    """No Tesseract probe on a full upright A4 page; what preprocessing costs against Tesseract on
    this page is printed by bench/ocr_preprocess_cost.py (a timed test fails on a busy machine)."""
    pre = preprocess(pagegen.busy_a4(), 300, OPTS)
    assert pre.orientation_cue == "shape"
    assert pre.rotation == 0


def test_the_upside_down_probe_has_the_page_s_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # A fixed 30 s wall limit on the probe's Tesseract command lost whole pages under load (a real book
    # page, load 29, 2026-12-07) though the page's own budget (ADR 0041) had most of its time left.
    from ocr import probe
    from ocr.tesseract import TesseractOutput

    seen: list[float] = []

    def record(image, *, timeout, **kw):  # type: ignore[no-untyped-def]
        seen.append(timeout)
        return TesseractOutput("", (), 0.0, None, 0.0)

    monkeypatch.setattr(probe, "run_tesseract", record)
    page = np.asarray(pagegen.busy_a4())
    probe.probe_upright(page, dataclasses.replace(OPTS, page_timeout=500.0), 300)
    assert seen == [500.0]
