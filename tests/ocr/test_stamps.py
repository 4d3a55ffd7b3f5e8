"""A stamp's frame struck at a slant over the text is no text, no rule and no skew (issue 17, ADR 0050).

Real Tesseract on a page generated at test time (tests/fresh3shapes.py's stamped letter in a test face,
Lohit, the tune seed: not a page of its bench, whose faces are Samyak, Samanata and Annapurna), and the
stroke finder on drawn pages.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from domain.types import FileKind
from ocr import OcrOptions, read_page
from ocr.stamps import find_strokes, without_strokes
from ocr.tesseract import run_tesseract
from tests import fresh3shapes, pagegen, pageshapes
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False)


def test_a_stamped_letter_laid_askew_reads_its_lines_across_the_stamp(tmp_path: Path) -> None:
    """The Lohit stamped letter (a violet double-ruled box at -23 deg over the body, initialled in blue), laid
    1.3 deg more askew so that it is deskewed (1.7 deg, the right angle): levelled, Tesseract cut the body lines
    at the frame into left and right blocks read one after the other (211 edits; plain Tesseract on the page
    as scanned 320). With the frame painted out the lines are read across it (23 edits)."""
    page = fresh3shapes.make("stamped", "lohit", fresh3shapes.TUNE_SEED)
    image, dpi = fresh3shapes.scan(page, 0)
    image = image.rotate(1.3, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(dpi, dpi))
    path = write(tmp_path, "page.png", buf.getvalue())
    text = read_page(path, FileKind.PNG, 1, OPTS).text
    plain = run_tesseract(np.asarray(image), lang=OPTS.lang, dpi=dpi, make_pdf=False).text
    ours = pagegen.cer(page.text, text.text)
    assert any(step.startswith("deskew:") for step in text.steps), text.steps
    assert any(step.startswith("stamp:") for step in text.steps), text.steps
    assert ours <= 0.5 * pagegen.cer(page.text, plain), (ours, text.text, plain, text.steps)
    assert ours < 0.05, (ours, text.text, text.steps)


def _page() -> np.ndarray:
    """A level A4 page of 22 office lines (300 dpi, grey)."""
    return np.asarray(pagegen.render_lines(pagegen.office_lines(seed=3, n=22), size="A4").convert("L")).copy()


def _box(
    image: np.ndarray, angle: float, ink: int | tuple[int, int, int], centre: tuple[int, int] = (1250, 1200)
) -> np.ndarray:
    """``image`` with a stamp's double-ruled box (3 x 1.4 in) turned ``angle`` deg drawn over it in ``ink``."""
    out = image.copy()
    for (w, h), width in (((900, 420), 8), ((852, 372), 3)):
        corners = cv2.boxPoints((centre, (w, h), angle)).astype(np.int32)
        cv2.polylines(out, [corners], True, ink, width)
    return out


def test_a_slanted_stamp_frame_is_found_and_level_text_and_rules_are_not() -> None:
    page = _page()
    assert not find_strokes(page, 300), find_strokes(page, 300).note()
    ruled = page.copy()
    for y in (300, 900, 1500):  # long level rules and upright ones: a table's or a form's
        ruled[y : y + 4, 200:2200] = 0
    ruled[300:1500, 1000:1004] = 0
    assert not find_strokes(ruled, 300)
    for angle in (-25.0, 12.0, 70.0):
        strokes = find_strokes(_box(page, angle, 90), 300)
        assert strokes, angle
        assert all(min(abs(s[4]) % 90, 90 - abs(s[4]) % 90) >= 6 for s in strokes.segments), strokes.note()


def test_text_left_askew_is_no_stamp() -> None:
    """A page left 8 deg askew (deskew off): its headlines run at 8 deg, 6 deg beyond the skew left is 14."""
    page = np.asarray(Image.fromarray(_page()).rotate(8, resample=Image.Resampling.BICUBIC, fillcolor=255))
    assert not find_strokes(page, 300, skew_left=8.0)


def test_the_frame_is_painted_and_the_black_text_under_it_kept() -> None:
    """A violet frame over black text: the frame's pixels become paper, the text beside it stays as it was."""
    page = np.stack([_page()] * 3, axis=-1)
    stamped = _box(page, -20.0, (105, 55, 170))
    strokes = find_strokes(stamped, 300)
    out = without_strokes(stamped, strokes, 300)
    violet = np.all(stamped == (105, 55, 170), axis=-1)
    assert np.mean(out[violet].mean(axis=-1) > 200) > 0.95  # the frame is gone
    text = page.mean(axis=-1) < 80
    assert np.mean(out[text & ~violet].mean(axis=-1) < 80) > 0.99  # the text beside it untouched


def test_an_emblem_and_a_line_through_a_paragraph_are_no_frame() -> None:
    """A crest's wheel (24 spokes through a filled hub: diameters 1.6 in long at every 15 deg) and one line
    struck through the text at a slant: straight and long, but no box's two sides (the wheel was found at
    14 deg before the finder asked for a box)."""
    page = _page()
    emblem = Image.fromarray(page.copy())
    pageshapes._emblem(ImageDraw.Draw(emblem), 1240, 700, 259, np.random.default_rng(1))
    inked = cv2.erode(np.asarray(emblem), np.ones((3, 3), np.uint8))  # letterpress: strokes a pixel thicker
    assert not find_strokes(inked, 300)
    struck = page.copy()
    cv2.line(struck, (400, 500), (2000, 1100), 0, 6)
    assert not find_strokes(struck, 300)


def test_a_grey_field_is_no_frame() -> None:
    """A pasted newspaper clipping as the copier saw it (newsprint at grey 200 with grain, on white): all of it
    darker than the paper by more than a stamp's ink, and straight at every angle (found at 45 deg before the
    finder asked for paper beside a stroke)."""
    page = _page().astype(np.float32)
    page[600:2600, 300:2000] = np.minimum(
        page[600:2600, 300:2000], 200 + np.random.default_rng(2).normal(0, 9, (2000, 1700))
    )
    assert not find_strokes(np.clip(page, 0, 255).astype(np.uint8), 300)
