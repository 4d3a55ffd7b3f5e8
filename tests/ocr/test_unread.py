"""Devanagari the reading lost (ocr/unread.py): a Hindi table read by ``eng`` has its digits read surely
and nothing else flagged it (bench/review_flags.py's two missed garbage readings); its headlines, under no
word box read with a Devanagari letter, flag it. A page read with a Devanagari model, and a page of
English, are not flagged by it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from domain.types import FileKind, Word
from ocr import OcrOptions, read_page
from ocr.quality import DEVANAGARI_UNREAD, NEEDS_REVIEW
from ocr.routing import reads_devanagari
from ocr.tesseract import run_tesseract
from ocr.unread import UNREAD_WORDS, candidates, headlines, unread_devanagari
from tests import latinshapes, pagegen, pageshapes
from tests.ocr.conftest import write


def _lost(reasons: tuple[str, ...]) -> bool:
    return any(r.startswith(DEVANAGARI_UNREAD) for r in reasons)


@pytest.mark.parametrize(("kind", "font", "letterpress"), [("table", "gargi", True), ("table-numeric", "sarai", False)])
def test_a_hindi_table_read_by_eng_is_flagged(tmp_path: Path, kind: str, font: str, letterpress: bool) -> None:
    """Without this check both readings were left unflagged (mean confidence 0.71 and 0.82: the digits)."""
    page = pageshapes.make(kind, font, 2, letterpress=letterpress)
    png = write(tmp_path, "t.png", pagegen.image_bytes(page.image))
    opts = dataclasses.replace(OcrOptions(), make_pdf=False)
    english = read_page(png, FileKind.PNG, 1, dataclasses.replace(opts, lang="eng", lang_routing=False)).text
    assert english.flag == NEEDS_REVIEW and _lost(english.quality_reasons), english.quality_reasons
    right = read_page(png, FileKind.PNG, 1, opts).text
    assert not _lost(right.quality_reasons), right.quality_reasons


def test_an_english_page_has_no_headlines(tmp_path: Path) -> None:
    """English text, capitals at heading size (their bars longer than a headline's least length, only a stem
    hanging from them), underlines and short table rules are no Devanagari headline; read by ``eng``, the page
    is not flagged by the check."""
    img = pagegen.render_lines([*pagegen.ENGLISH_LINES] * 3, size="A4")
    draw = ImageDraw.Draw(img)
    face = pagegen._font(str(pagegen.LATIN_FONT), 110)
    draw.text((200, 3000), "TOTAL TAX FEE", font=face, fill=0, anchor="ls")
    draw.line((200, 3030, 1100, 3030), fill=0, width=6)  # an underline under the heading
    for x in range(200, 2200, 400):  # a row of short cells' rules, text under them
        draw.line((x, 3150, x + 380, 3150), fill=0, width=4)
        draw.text((x + 10, 3200), "12,345", font=pagegen._font(str(pagegen.LATIN_FONT), 50), fill=0, anchor="ls")
    gray = np.asarray(img)
    assert len(headlines(gray, 300)) <= 2
    png = write(tmp_path, "e.png", pagegen.image_bytes(img))
    english = read_page(png, FileKind.PNG, 1, dataclasses.replace(OcrOptions(), make_pdf=False, lang="eng")).text
    assert not _lost(english.quality_reasons), english.quality_reasons


def test_headlines_covered_by_devanagari_words_are_read() -> None:
    """Each headline of a Devanagari line is found; words read with a Devanagari letter over them leave
    none unread, the same boxes read as Latin letters leave all of them."""
    img = Image.new("L", (2480, 600), 255)
    face = pagegen._font(str(pagegen.DEFAULT_FONT), 50)
    words = ("भारत", "सरकार", "विभाग", "जिला", "कृषि", "शिक्षा", "योजना", "पंचायत", "किसान")
    draw, x, boxes = ImageDraw.Draw(img), 150, []
    for word in words:
        left, top, right, bottom = draw.textbbox((x, 300), word, font=face, anchor="ls")
        draw.text((x, 300), word, font=face, fill=0, anchor="ls")
        boxes.append((left, top, right - left, bottom - top))
        x = right + 60
    gray = np.asarray(img)
    found = headlines(gray, 300)
    assert len(words) - 2 <= len(found) <= len(words), found  # a short word's headline may be under 0.15 inch
    hindi = tuple(Word(w, *box, 0.9) for w, box in zip(words, boxes, strict=True))
    latin = tuple(Word("Fqrt", *box, 0.9) for box in boxes)  # eng's letter groups (an English word read surely
    # would be taken for Latin print: Hindi read by eng, 5 % of its words at 0.6 or more)
    read, lost = unread_devanagari(gray, 300, hindi), unread_devanagari(gray, 300, latin)
    assert (read.unread, read.lost) == (0, False)
    assert (lost.unread, lost.share, lost.lost) == (len(found), 1.0, True)


@pytest.mark.parametrize(("kind", "seed"), [("heading", 1), ("heading", 2), ("typewriter", 1), ("engraving", 1),
                                           ("engraving", 2)])
def test_english_pages_with_headline_like_strokes_are_not_flagged(kind: str, seed: int) -> None:
    """OCRmyPDF's real English scans were all flagged: a bold serif heading's capitals, a typewriter face
    scanned at 600 dpi and saved without its dpi (read as 300 dpi), a book's engraving. Generated pages of each
    shape (before: 38-285 headlines, every one unread) read by Devanagari+eng are not flagged: the model had
    Devanagari to choose and read Latin words surely, and a drawing's strokes are no headlines."""
    gray = np.asarray(latinshapes.make(kind, seed))
    words = run_tesseract(gray, lang="Devanagari+eng", dpi=300, make_pdf=False).words
    got = unread_devanagari(gray, 300, words, reads_devanagari("Devanagari+eng"))
    assert not got.lost, got


def test_a_drawing_s_hatching_has_no_headlines() -> None:
    """An engraving's hatching is stacks of short strokes, each hanging from the next as letters hang from a
    headline (before: 190-250 headlines on each page); a stroke with ink over it, or a stroke under it, is none."""
    for seed in range(1, 5):
        found = headlines(np.asarray(latinshapes.engraving(seed)), 300)
        assert len(found) < UNREAD_WORDS, (seed, found)


def test_a_reading_without_a_devanagari_model_counts_every_headline() -> None:
    """What the check is for stays as it was: Hindi read by ``eng`` alone, a large-type page (24 pt: its matras
    rise where a drawing's ink would) and a sparse cover (13 headlines: a few less and it would not be flagged),
    counts every candidate headline, each unread, and is flagged."""
    for kind, font in (("large", "chandas"), ("cover", "noto-serif")):
        gray = np.asarray(pageshapes.make(kind, font, 2).image.convert("L"))
        words = run_tesseract(gray, lang="eng", dpi=300, make_pdf=False).words
        got = unread_devanagari(gray, 300, words, reads_devanagari("eng"))
        assert got.lost and got.share == 1.0 and got.headlines == len(candidates(gray, 300)[0]), (kind, got)


def test_a_garbage_reading_of_many_boxes_is_compared_in_bounded_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dense page's 2,000 headlines against a garbage reading of 20,000 Devanagari boxes: the cover check
    keeps its memory bounded (all pairs at once held ~150 MB) and counts what comparing every pair counts."""
    import tracemalloc

    from ocr import unread

    rng = np.random.default_rng(5)
    found = [(int(x), int(y), int(w), 8) for x, y, w in zip(rng.integers(0, 2400, 2000), rng.integers(0, 3400, 2000),
                                                            rng.integers(50, 400, 2000), strict=True)]
    monkeypatch.setattr(unread, "candidates", lambda gray, dpi: (found, [False] * len(found)))
    words = tuple(Word("कख", int(x), int(y), int(w), int(h), 0.3) for x, y, w, h in
                  zip(rng.integers(0, 2400, 20000), rng.integers(0, 3400, 20000), rng.integers(2, 40, 20000),
                      rng.integers(2, 40, 20000), strict=True))
    tracemalloc.start()
    try:
        got = unread.unread_devanagari(np.zeros((1, 1), np.uint8), 300, words)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20, peak
    m = round(0.02 * 300)
    boxes = [(w.left - m, w.top - m, w.left + w.width + m, w.top + w.height + m) for w in words]
    unread_count = sum(not any(b[0] <= x + w // 2 <= b[2] and b[1] <= y + h // 2 <= b[3] for b in boxes)
                       for x, y, w, h in found)
    assert (got.headlines, got.unread) == (len(found), unread_count)
    assert 0 < unread_count < len(found)
