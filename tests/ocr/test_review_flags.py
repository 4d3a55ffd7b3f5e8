"""Review flags on pages that read well (issue 17 point 4): no flag for a book's gutter shadow or a
short page read by large type; a garbage reading is still flagged (bench/review_flags.py measures
both on the shape benches' pages)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from domain.types import FileKind, Word
from ocr import OcrOptions, read_page
from ocr.quality import NEEDS_REVIEW, CaptureFacts, assess, capture_facts
from tests import pagegen, pageshapes
from tests.ocr.conftest import write
from tests.ocr.test_quality import LIMITS, _words


def _spread() -> tuple[Image.Image, Image.Image]:
    """(two A5 pages side by side, the same as a book opened on the scanner: a dark shadow along the
    gutter where the pages bend down, and the outer edge shaded where it curves away)."""
    left = pagegen.render_lines(pagegen.office_lines(seed=5, n=24), size="A5", dpi=300)
    right = pagegen.render_lines(pagegen.office_lines(seed=6, n=24), size="A5", dpi=300)
    flat = np.hstack([np.asarray(left), np.asarray(right)]).astype(np.float32)
    x = np.arange(flat.shape[1])
    shade = (1 - 0.7 * np.exp(-((x - flat.shape[1] / 2) / 60.0) ** 2)) * (1 - 0.5 * np.clip(1 - x / 120.0, 0, 1) ** 2)
    return Image.fromarray(flat.astype(np.uint8)), Image.fromarray((flat * shade[None, :]).astype(np.uint8))


def test_a_gutter_shadow_is_not_blurred_strokes() -> None:
    flat, shaded = _spread()
    sharp, shadowed = capture_facts(np.asarray(flat), 300, False), capture_facts(np.asarray(shaded), 300, False)
    assert abs(shadowed.blur - sharp.blur) < 0.05, (sharp, shadowed)
    q = assess(shadowed, _words(0.93), 0.0, **LIMITS)
    assert q.flag is None and not any("blurred" in r for r in q.reasons), q
    # the same spread out of focus is still seen as blurred, shadow or not
    soft = capture_facts(np.asarray(shaded.filter(ImageFilter.GaussianBlur(1.4))), 300, False)
    assert soft.blur > sharp.blur + 0.25 and any("blurred" in r for r in assess(soft, _words(0.93), 0.0, **LIMITS).reasons)


def _reading(*confidences: float) -> tuple[Word, ...]:
    return tuple(Word("शब्द", 10 * i, 10, 50, 20, c) for i, c in enumerate(confidences))


def test_one_unsure_word_of_two_is_not_half_a_page_unsure() -> None:
    """A two-word title read 0.34 and 0.96 (both right, large bold type) is not flagged; a page of many
    words at that mean and that share of unsure words is, and so are short garbage readings (mean under
    0.5: an upside-down or wrong-language title read as two Latin letter groups)."""
    good = CaptureFacts(300, False, 240.0, 0.2)
    assert assess(good, _reading(0.34, 0.96), 0.0, **LIMITS).flag is None
    assert assess(good, _reading(*[0.34, 0.96] * 20), 0.0, **LIMITS).flag == NEEDS_REVIEW
    for garbage in ((0.73, 0.18), (0.57, 0.13), (0.0, 0.40), (0.26, 0.0, 0.24, 0.48)):
        assert assess(good, _reading(*garbage), 0.0, **LIMITS).flag == NEEDS_REVIEW, garbage


def _title_image(turn: int) -> Image.Image:
    """One centred title line in large bold type on an empty A4 page (a report cover), as scanned."""
    px, text = 150, pageshapes.COVER_TITLES[2][1]
    img = Image.new("L", (2480, 3508), 255)
    face = pagegen._font(str(pagegen.FONT_DIR / "annapurna" / "AnnapurnaSIL-Bold.ttf"), px)
    ImageDraw.Draw(img).text(((2480 - face.getlength(text)) / 2, 1500 + px), text, font=face, fill=0, anchor="ls")
    img.info["dpi"] = (300, 300)
    return pagegen.degrade(img, seed=122, skew=0.6, noise=4, blur=0.6, rotate=turn)


def test_a_bold_title_page_is_not_flagged_and_its_garbage_readings_are(tmp_path: Path) -> None:
    opts = dataclasses.replace(OcrOptions(), make_pdf=False)
    upright = read_page(write(tmp_path, "t0.png", pagegen.image_bytes(_title_image(0))), FileKind.PNG, 1, opts).text
    assert upright.flag is None and pagegen.cer(pageshapes.COVER_TITLES[2][1], upright.text) < 0.1, upright
    # the same page upside down and left so (a wrong turn), and read by the wrong language: flagged
    turned = read_page(write(tmp_path, "t180.png", pagegen.image_bytes(_title_image(180))), FileKind.PNG, 1,
                       dataclasses.replace(opts, orientation=False)).text
    english = read_page(write(tmp_path, "t0.png", pagegen.image_bytes(_title_image(0))), FileKind.PNG, 1,
                        dataclasses.replace(opts, lang="eng", lang_routing=False)).text
    for page in (turned, english):
        assert page.flag == NEEDS_REVIEW, page
