"""Legacy printing and paper (issue 17; tests/legacyshapes.py, found by bench/ocr_legacy_probe.py;
docs/adr/0039-*): a 1-bit scan dithered by error diffusion is read as the grey it stood for, and a
fanfold printout's tractor holes are not text lines. Tuning fonts only (the bench holds one out)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from domain.types import FileKind
from ocr import OcrOptions, read_page
from ocr.descreen import descreened, dot_share
from tests import legacyshapes, pagegen
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)


def _a5(paper: float, *, dither: bool) -> tuple[Image.Image, str]:
    """An A5 office page on paper of grey ``paper``, 1-bit: error-diffused, or thresholded like a fax."""
    lines = pagegen.office_lines(4, n=8, english_share=0.3)
    ink = 1 - np.asarray(pagegen.render_lines(lines, size="A5", font_pt=11), np.float32) / 255
    a = paper * (1 - ink) + 35 * ink + np.random.default_rng(1).normal(0, 4, ink.shape)
    grey = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    return (grey.convert("1") if dither else grey.point(lambda v: 255 if v > 128 else 0).convert("1")), "\n".join(lines)


def test_a_dithered_scan_of_grey_paper_is_read_as_grey(tmp_path: Path) -> None:
    # Plain Tesseract reads no word of this page (CER 1.0); of the A4 probe page 95 % wrong in 21 CPU-s,
    # and the product's reading of it ran into the 180 s page timeout.
    img, text = _a5(190, dither=True)
    path = write(tmp_path, "dither.png", pagegen.image_bytes(img, dpi=300))
    page = read_page(path, FileKind.PNG, 1, OPTS).text
    assert any(s.startswith("descreen:") for s in page.steps), page.steps
    assert pagegen.cer(text, page.text) < 0.05, page.text[:200]


@pytest.mark.parametrize("paper", [190, 240])
def test_only_a_field_of_dots_is_descreened(paper: float) -> None:
    dithered, _ = _a5(paper, dither=True)
    a = np.asarray(dithered.convert("L"))
    assert dot_share(a) > 0.03 and descreened(a)[1].startswith("descreen:")
    fax, _ = _a5(paper, dither=False)  # thresholded, not dithered: strokes and specks only
    f = np.asarray(fax.convert("L"))
    out, step, _ = descreened(f)
    assert step == "" and out is f
    grey = np.asarray(legacyshapes.make("typewriter", "gargi", 3).image)  # grey levels: not a 1-bit scan
    assert descreened(grey)[1] == ""


def _analysis_mask(img: Image.Image, dpi: int) -> np.ndarray:
    from ocr.preprocess import _ink_mask

    return _ink_mask(np.asarray(img.convert("L")), dpi)


def test_a_fanfold_printouts_tractor_holes_leave_the_analysis_mask() -> None:
    # The two columns of 4 mm holes peaked the sideways projection like text lines: the shape cues proposed
    # 90 or 270 on every upright dot-matrix page of the tuning fonts.
    page = legacyshapes.make("dotmatrix-hi", "lohit", 3)
    mask = _analysis_mask(page.image, page.dpi)
    strips = np.r_[mask[:, :50].ravel(), mask[:, -50:].ravel()]  # the tractor strips (1/2 inch at 100 dpi)
    assert strips.mean() < 0.001
    assert mask[:, 60:-60].mean() > 0.005  # the printout's dots stay


@pytest.mark.parametrize("kind", ["large", "dense", "table", "stamp"])
def test_letters_stay_in_the_mask_however_heavy(kind: str) -> None:
    from ocr.inkmask import without_holes, without_surround
    from tests import pageshapes

    page = pageshapes.make(kind, "sarai", 2, letterpress=True)  # ink spread: counters filled, strokes thick
    small = np.asarray(page.image.resize((page.image.width // 3, page.image.height // 3)))
    mask = without_surround(small < 128)
    assert np.array_equal(without_holes(mask, 100 / 25.4), mask)


def test_a_descreened_page_is_not_called_blurred(tmp_path: Path) -> None:
    # The blur measure saw the descreen's own blur: every descreened probe page said "blurred strokes (0.50-0.61
    # of the ink is smeared grey)", and the held-out ones, read at 0.2 % CER, went to review.
    img, _ = _a5(190, dither=True)
    path = write(tmp_path, "dither.png", pagegen.image_bytes(img, dpi=300))
    page = read_page(path, FileKind.PNG, 1, OPTS).text
    assert any(s.startswith("descreen:") for s in page.steps), page.steps
    assert not any(r.startswith("blurred strokes") for r in page.quality_reasons), page.quality_reasons


@pytest.mark.parametrize(("scale", "rules"), [(0.5, False), (0.4, False), (0.5, True)])
def test_thin_strokes_of_a_low_resolution_scan_are_not_dots(scale: float, rules: bool) -> None:
    """A dense 1-bit page at 120-150 dpi (thresholded, not dithered) has strokes one pixel wide, which a 2x2
    opening removes as it removes dots: 3-8 % of the area. A real 150 dpi table scan (leptonica's table.15.tif)
    was blurred as if dithered and read 61 words where plain Tesseract read 494 (bench/ocr_real_scans.py)."""
    import cv2

    lines = pagegen.office_lines(4, n=30, english_share=0.5)
    g = np.asarray(pagegen.render_lines(lines, size="A5", font_pt=9), np.uint8)
    small = cv2.resize(g, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    page = np.where(small > 128, 255, 0).astype(np.uint8)
    if rules:  # a table's one-pixel rules
        page[::25, :] = 0
        page[:, ::120] = 0
    out, step, _sure = descreened(page)
    assert step == "" and out is page, dot_share(page)
