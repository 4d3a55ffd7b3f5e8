"""A form with fill-in lines and a box (a passport photograph's) is not a table; a ruled grid still is (ADR 0046).

The grid test counted a vertical rule when it crossed two horizontal ones: a box's sides cross its top and
bottom, so a form's photograph box beside its fill-in lines (3+ horizontal rules on the page) made a "grid",
the page was read as a table (without its rules, as one block of lines) and the photograph and the
signature across it came out as junk in the field lines (fresh3 bench, tune part, 1.95x plain Tesseract's
CER on upright forms). A column rule of a grid crosses three rules at least (top, under the header, foot).
Generated pages in the tests' faces and seeds only (tests/fresh3shapes.py ``TEST_FONTS``); the read test
runs real Tesseract.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from domain.types import FileKind
from ocr import OcrOptions, read_page
from ocr.tables import find_rules, is_ruled_table, ruled_table
from ocr.tesseract import run_tesseract
from tests import fresh3shapes, pagegen, pageshapes
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False)


def _at(image: Image.Image, dpi: int) -> np.ndarray:
    if dpi != 300:
        image = image.resize(
            (round(image.width * dpi / 300), round(image.height * dpi / 300)), Image.Resampling.LANCZOS
        )
    return np.asarray(image.convert("L"))


@pytest.mark.parametrize("font", fresh3shapes.TEST_FONTS)
@pytest.mark.parametrize("dpi", [300, 200])
def test_a_form_with_fill_in_lines_and_a_photo_box_is_not_a_table(font: str, dpi: int) -> None:
    for seed in (3, 4):
        page = fresh3shapes.make("passport", font, seed)
        assert not ruled_table(_at(page.image, dpi), dpi), (font, seed, dpi)


def _sheet() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("L", (2480, 3508), 255)
    return img, ImageDraw.Draw(img)


def _fill_in(draw: ImageDraw.ImageDraw, right: int, n: int = 8, top: int = 700) -> None:
    for i in range(n):
        draw.line((1000, top + 140 * i, right, top + 140 * i), fill=0, width=3)


def test_boxes_and_frames_are_not_grids() -> None:
    """A photograph box whose fill-in lines run up to it, two boxes side by side (an applicant's and a
    guarantor's photograph), a double frame round a certificate: each box's sides cross its top and bottom
    only. The grid test said "table" to all three."""
    boxed, draw = _sheet()
    draw.rectangle((1780, 600, 2240, 1160), outline=0, width=4)
    # the lines touch the box's left side: that side crosses more, the right one does not
    _fill_in(draw, 1780)
    pair, draw = _sheet()
    for x in (1200, 1750):
        draw.rectangle((x, 600, x + 460, 1160), outline=0, width=4)
    _fill_in(draw, 1150, top=1400)
    framed, draw = _sheet()
    for inset in (100, 190):
        draw.rectangle((inset, inset, 2480 - inset, 3508 - inset), outline=0, width=6)
    draw.line((900, 3000, 1600, 3000), fill=0, width=3)  # the signature's line
    for image in (boxed, pair, framed):
        assert not is_ruled_table(find_rules(np.asarray(image), 300))


def test_the_smallest_grids_are_still_tables() -> None:
    """Column rules through a top rule, the rule under the header and a foot rule: an open table (no frame
    sides) with two column rules, and a framed one with fill-in lines under it (a challan's signature lines)."""
    open_table, draw = _sheet()
    for y in (600, 700, 1400):
        draw.line((300, y, 2200, y), fill=0, width=4)
    for x in (900, 1500):
        draw.line((x, 600, x, 1400), fill=0, width=4)
    framed, draw = _sheet()
    for y in (600, 700, 1400):
        draw.line((300, y, 2200, y), fill=0, width=4)
    for x in (300, 2200):
        draw.line((x, 600, x, 1400), fill=0, width=4)
    _fill_in(draw, 2200, n=3, top=1800)
    for image in (open_table, framed):
        assert is_ruled_table(find_rules(np.asarray(image), 300))


def _read(tmp_path: Path, image: np.ndarray):  # type: ignore[no-untyped-def]
    path = write(tmp_path, "page.png", pagegen.image_bytes(Image.fromarray(image)))
    return read_page(path, FileKind.PNG, 1, OPTS).text


def test_a_photo_form_is_read_as_a_page_and_a_ruled_table_as_a_table(tmp_path: Path) -> None:
    page = fresh3shapes.make("passport", "gargi", 3)
    image = _at(page.image, 200)  # a 200 dpi scan: the grey fill-in lines stay ink at the check's 100 dpi
    path = tmp_path / "form.png"
    Image.fromarray(image).save(path, dpi=(200, 200))
    form = read_page(path, FileKind.PNG, 1, OPTS).text
    plain = run_tesseract(image, lang=OPTS.lang, dpi=200, make_pdf=False).text
    assert not any(step.startswith("table:") for step in form.steps), form.steps
    assert pagegen.cer(page.text, form.text) <= pagegen.cer(page.text, plain) + 0.005, form.steps
    table = pageshapes.make("table-numeric", "gargi", 2)  # three horizontal rules: the smallest grid
    text = _read(tmp_path, pageshapes.turned(table, 0))
    assert any(step.startswith("table:") for step in text.steps), text.steps
