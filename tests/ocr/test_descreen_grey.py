"""Grey pages with small type, tints, watermarks, underlines, dot-matrix print, halftone photographs, toner
specks and guilloche are not descreened; a dithered scan in a grey container is, and reads (ADR 0045).

Each guard asserts the page's field share (ocr/descreen.py ``field_share``) under half the weak threshold, so
a measure that drifted toward the pages' texture fails here before it blurs them: the measure tried first
(ink in dots under the page's Otsu threshold, over 3 % of the area) called the 8 pt pages dithered. Tuning
fonts and seeds only; bench/ocr_descreen.py holds out others."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from domain.types import FileKind
from ocr import OcrOptions, read_page
from ocr.descreen import FIELD_WEAK, descreened, field_share
from ocr.glance import to_gray
from ocr.rasterise import render_page
from tests import adverseshapes, fresh2shapes, legacyshapes, pagegen, screenshapes
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)


def _not_descreened(image: Image.Image) -> None:
    gray = to_gray(np.asarray(image.convert("L")))
    share = field_share(gray)
    out, step, _ = descreened(gray)
    assert step == "" and out is gray
    assert share < FIELD_WEAK / 2, share


@pytest.mark.parametrize(("kind", "font"), [("tiny", "gargi"), ("tiny", "lohit"), ("watermark", "gargi"),
                                            ("clipping", "lohit"), ("underline", "gargi")])
def test_district_office_grey_pages_are_not_descreened(kind: str, font: str) -> None:
    # 'tiny': 7.5-8 pt type, scanned at 200 or 300 dpi: its broken strokes were 3-4 % of the area in dots
    page = fresh2shapes.make(kind, font, fresh2shapes.TUNE_SEED)
    for turn in (0, 90):
        _not_descreened(fresh2shapes.scan(page, turn)[0])


def test_8pt_type_at_200_dpi_is_not_descreened() -> None:
    page = fresh2shapes.make("tiny", "lohit", fresh2shapes.TUNE_SEED)
    img = page.image.resize((page.image.width * 2 // 3, page.image.height * 2 // 3), Image.Resampling.LANCZOS)
    _not_descreened(pagegen.degrade(img, seed=5, noise=8, jpeg_quality=50))


@pytest.mark.parametrize("kind", ["tint", "watermark", "underlined", "digits"])
def test_adverse_grey_pages_are_not_descreened(kind: str) -> None:
    _not_descreened(pagegen.degrade(adverseshapes.make(kind, "noto-serif", 11).image, seed=3, noise=6, blur=0.7,
                                    jpeg_quality=60))


@pytest.mark.parametrize("kind", ["dotmatrix-en", "dotmatrix-hi", "cyclostyle", "typewriter", "aged", "jpeg25"])
def test_legacy_print_is_not_descreened(kind: str) -> None:
    # dot-matrix print is joined (ADR 0042), never blurred as a dither: its dots stand in letters on clean paper
    _not_descreened(legacyshapes.make(kind, "gargi", 9001).image)


@pytest.mark.parametrize("kind", screenshapes.KINDS)
@pytest.mark.parametrize("seed", [11, 13])
def test_photos_specks_and_guilloche_are_not_descreened(kind: str, seed: int) -> None:
    # halftone photographs, a screen in their own region only (0.23-0.38 of the cells: weighed at most)
    page = screenshapes.make(kind, "gargi", seed)
    share = field_share(np.asarray(page.image))
    assert share < FIELD_WEAK, share
    if kind != "halftone":
        _not_descreened(page.image)


@pytest.mark.parametrize(("paper", "dpi", "container"), [(190, 200, "pdf"), (245, 200, "pdf"), (215, 600, "pdf"),
                                                         (190, 600, "pdf"), (235, 300, "jpeg40"), (245, 200, "jpeg75")])
def test_a_dithered_scan_in_a_grey_container_is_descreened(tmp_path: Path, paper: int, dpi: int, container: str) -> None:
    img, _ = screenshapes.dithered("gargi", 11, paper=paper, dpi=dpi, size="A5")
    data, suffix = screenshapes.contained(img, dpi, container)
    path = write(tmp_path, "scan" + suffix, data)
    page = render_page(path, FileKind.PDF if suffix == ".pdf" else FileKind.JPEG, 1, OPTS)
    _, step, sure = descreened(page.image)
    assert step.startswith("descreen:field ") and sure, step


def test_a_dithered_pdf_of_200_dpi_reads(tmp_path: Path) -> None:
    # plain Tesseract: 99 % CER in 16 CPU-s on this A5 page (the A4 page ran into the page timeout)
    img, text = screenshapes.dithered("lohit", 12, paper=200, dpi=200, size="A5")
    data, _ = screenshapes.contained(img, 200, "pdf")
    page = read_page(write(tmp_path, "scan.pdf", data), FileKind.PDF, 1, OPTS).text
    assert any(s.startswith("descreen:field ") for s in page.steps), page.steps
    assert pagegen.cer(text, page.text) < 0.05, page.text[:200]
    assert not any(r.startswith("blurred strokes") for r in page.quality_reasons), page.quality_reasons


def test_half_a_dithered_page_is_weighed_against_the_page_as_scanned(tmp_path: Path) -> None:
    # Grey paper over the top half only (a sheet smaller than the scan, a dithered photocopy's white margin):
    # 0.55 of the cells a steady field, weak evidence. Tesseract reads neither version (the grey half falls
    # under its global threshold), so the descreened reading is not sound and the page as scanned is read too.
    lines = pagegen.office_lines(7, n=8, english_share=0.3)
    ink = 1 - np.asarray(pagegen.render_lines(lines, size="A5", font_pt=11, dpi=200), np.float32) / 255
    paper = np.full(ink.shape, 255.0)
    paper[: ink.shape[0] // 2] = 195
    a = paper * (1 - ink) + 35 * ink + np.random.default_rng(1).normal(0, 4, ink.shape)
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L").convert("1").convert("L")
    img = img.resize((img.width * 3 // 2, img.height * 3 // 2), Image.Resampling.BILINEAR)  # as a render smooths it
    _, step, sure = descreened(np.asarray(img))
    assert step.startswith("descreen:field? ") and not sure, step
    page = read_page(write(tmp_path, "half.png", pagegen.image_bytes(img, dpi=300)), FileKind.PNG, 1, OPTS).text
    weighed = [s for s in page.steps if s.startswith(("descreen:field? ", "screen:field? "))]
    assert weighed and ("kept(" in weighed[0] or "undone(" in weighed[0]), page.steps
