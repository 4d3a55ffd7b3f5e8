"""Text on rules (issue 17): note-sheets on ruled paper and forms with fill-in lines read once, whole.

Real Tesseract on pages generated at test time (tests/ruledshapes.py; tuning fonts and even seeds).
"Plain" is ``tesseract -l Devanagari+eng`` on the unmodified page, scored against the generated text.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from domain.types import FileKind, Word
from ocr import OcrOptions, read_page
from ocr.judge import judge_words
from ocr.linerules import find_line_rules, without_line_rules
from ocr.tesseract import run_tesseract
from tests import freshshapes, pagegen, pageshapes, ruledshapes
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False)


def _read(tmp_path: Path, image: np.ndarray):  # type: ignore[no-untyped-def]
    path = write(tmp_path, "page.png", pagegen.image_bytes(Image.fromarray(image)))
    return read_page(path, FileKind.PNG, 1, OPTS).text


def _twice(reference: str, reading: str) -> float:
    """Characters read per character on the page (text read twice: well over 1)."""
    return len("".join(reading.split())) / len("".join(reference.split()))


@pytest.mark.parametrize(("font", "seed"), [("noto-serif", 4), ("gargi", 2)])  # rules touching, through the matras
def test_a_note_on_ruled_paper_is_read_once(tmp_path: Path, font: str, seed: int) -> None:
    """Askew, no margin rule: plain Tesseract read these pages at 1.75 and 1.86 characters per character."""
    page = pageshapes.make("notesheet", font, seed)
    image = pageshapes.turned(page, 0)
    plain = run_tesseract(image, lang=OPTS.lang, dpi=300, make_pdf=False).text
    text = _read(tmp_path, image)
    assert _twice(page.text, text.text) < 1.05, text.steps
    assert pagegen.cer(page.text, text.text) <= pagegen.cer(page.text, plain), text.steps
    assert any(step.startswith("rules:unlined") for step in text.steps), text.steps


def test_a_form_reads_every_entry_on_its_fill_in_lines(tmp_path: Path) -> None:
    """Entries typed on a solid or dotted line: plain Tesseract read one as ``WRG © od oo`` and lost
    the last line of the form."""
    page = pageshapes.make("form", "lohit", 6)
    image = pageshapes.turned(page, 0)
    plain = run_tesseract(image, lang=OPTS.lang, dpi=300, make_pdf=False).text
    text = _read(tmp_path, image)
    assert pagegen.cer(page.text, text.text) <= pagegen.cer(page.text, plain), text.steps
    lines = [line.split()[-1] for line in page.text.splitlines()]
    missing = [word for word in lines if word not in text.text]
    assert len(missing) <= 1, (missing, text.text)


@pytest.mark.parametrize(("font", "seed", "letterpress", "turn"), [("noto-serif", 2, False, 270), ("gargi", 2, True, 180)])
def test_a_form_with_dotted_fill_in_lines_comes_upright_and_reads_without_them(
        tmp_path: Path, font: str, seed: int, letterpress: bool, turn: int) -> None:
    """Every way up, these forms read as dotted junk (``०००``, ``oo``, ``©``: 0.21-0.27 confident real words per
    word at the right turn), so the page was called unreadable and stayed as scanned; the dotted lines were found in
    pieces and the reading without them lost to the junk, whose rows of zeros count as numbers. Upright, the
    same form must stay upright and read without the junk."""
    page = pageshapes.make("form", font, seed, letterpress=letterpress)
    for rotation in (turn, 0):
        text = _read(tmp_path, pageshapes.turned(page, rotation))
        assert text.rotation == (360 - rotation) % 360, (rotation, text.steps)
        assert _twice(page.text, text.text) < 1.1, (rotation, text.steps, text.text)  # no junk (the centred heading
        # may come last: reading order)
        missing = [word for word in page.text.split() if word not in text.text]
        assert len(missing) <= 2, (rotation, missing, text.text)


@pytest.mark.parametrize(("font", "seed"), [("noto-serif", 2), ("gargi", 4)])
def test_a_forms_dotted_fill_in_lines_are_painted_whole(font: str, seed: int) -> None:
    """A dotted line askew steps down a pixel of the check every 60 or more, and its dots (0.023 inch) straddle 3-4 of
    the check's pixels: it was found in pieces, and 15-16 % of these forms' fill-in ink was left to be read as junk."""
    ruled = np.asarray(ruledshapes.form(font, seed).image.convert("L"))
    bare = np.asarray(ruledshapes.form(font, seed, ruled=False).image.convert("L"))
    rules = find_line_rules(ruled, 300)
    assert rules.dotted
    out = without_line_rules(ruled, rules, 300)
    text, rule = bare < 128, (ruled < 200) & (bare >= 200)
    assert (rule & (out < 200)).sum() / rule.sum() < 0.01
    assert (text & (out >= 200)).sum() / text.sum() < 0.005  # the labels' bindus and the entries stay


# Text with dots of its own: anusvara, nukta, i-dots, full stops, colons, decimal points, ellipses, numbered items.
DOTTED_TEXT = (
    "संबंधित अंतिम हिंदी संगठन में ज़िला फ़ाइल क़ानून ग़ज़ल और अंकित संख्या : 3.14, 2.50, 10.75 रु.",
    "i.e. the initial filing ... vide No. 12/3/2019-Estt. dated 10.01.2020, i.e. Rs. 1,250.00 ... (ii) (iii)",
    "श्री सिंह जी ... अंतरिम आदेश : ०.५ प्रतिशत, गांधी जयंती ... ज़मीन की क़ीमत .... अंग्रेज़ी",
    "Time: 10:30 a.m. to 5:00 p.m.; Venue: Shastri Bhawan, New Delhi ... etc. etc. ... Min. 2.5 kg",
    "1. 2. 3. और 4. संबंधी निर्णय ... क्र.सं. 1.1, 1.2, 1.3 ... i. ii. iii. iv. v. vi. vii. viii. ix.",
)


@pytest.mark.parametrize("font", pageshapes.TUNE_FONTS)
def test_the_dots_of_text_are_not_a_dotted_line(font: str) -> None:
    """A dotted line is a long row of many dots; bindus, nuktas, full stops and ellipses are one to a few."""
    for pt in (8, 12):
        image = pagegen.render_lines(DOTTED_TEXT * 3, font=pageshapes.FONTS[font], font_pt=pt)
        for skew in (0.0, 0.6):
            assert not find_line_rules(np.asarray(pagegen.degrade(image, seed=2, skew=skew, noise=3.0)), 300), (pt, skew)


def test_specks_are_not_a_dotted_line() -> None:
    """A faded carbon copy scanned with sensor noise is specks all over; chained across the rows they made two
    "dotted lines" (gaps 0.48 of their mean apart, areas 0.62), and the page was read once more for each."""
    page = freshshapes.make("carbon", "gargi", 2)
    image = np.asarray(pagegen.degrade(page.image, seed=2, noise=9, blur=1.0))
    for turn in (0, 180):
        assert not find_line_rules(np.rot90(image, turn // 90).copy(), 300), turn


@pytest.mark.parametrize(("kind", "turn"), [("notesheet", 90), ("notesheet-faint", 180)])
def test_a_turned_note_on_ruled_paper_comes_upright_and_reads_once(tmp_path: Path, kind: str, turn: int) -> None:
    page = pageshapes.make(kind, "gargi", 2)
    text = _read(tmp_path, pageshapes.turned(page, turn))
    assert text.rotation == (360 - turn) % 360, text.steps
    assert _twice(page.text, text.text) < 1.05, text.steps
    assert pagegen.cer(page.text, text.text) < 0.05, text.steps


@pytest.mark.parametrize("kind", ["large", "dense", "cover", "figures"])
def test_headlines_and_text_are_not_rules(kind: str) -> None:
    """A Devanagari line's headline runs long across the words: its letters hang from it."""
    for font in pageshapes.TUNE_FONTS:
        for letterpress in (False, True):
            page = pageshapes.make(kind, font, 2, letterpress=letterpress)
            assert not find_line_rules(pageshapes.turned(page, 0), 300), (kind, font, letterpress)


@pytest.mark.parametrize("kind", ["notesheet", "notesheet-faint", "form"])
def test_every_ruled_line_is_found(kind: str) -> None:
    page = pageshapes.make(kind, "sarai", 4)
    rules = find_line_rules(pageshapes.turned(page, 0), 300)
    assert len(rules.boxes) >= len(page.text.splitlines()) - (1 if kind == "form" else 0), rules  # a form's heading has none


def test_painting_a_rule_keeps_the_strokes_that_cross_it() -> None:
    image = np.full((400, 900), 235, np.uint8)
    image[200:203, 100:800] = 60  # a rule 2.3 inches long
    image[120:280, 400:408] = 20  # a stem through it
    image[185:201, 600:606] = 20  # a matra tip that touches it from above
    image[60:66, 100:800] = 20  # a thick bar (0.02 inch) with nothing hanging from it: a rule too
    out = without_line_rules(image, find_line_rules(image, 300), 300)
    assert out[201, 150] > 200 and out[201, 700] > 200  # the rule is gone
    assert (out[120:280, 400:408] < 60).all()  # the stem is whole, across the rule too
    assert (out[185:198, 600:606] < 60).all()  # the matra above the rule stays
    assert out[63, 300] > 200


def _painted(font: str, seed: int, angle: float) -> tuple[float, float]:
    """(share of the text's ink painted out, share of the rules' ink left) on a note-sheet askew by ``angle``,
    against the same sheet generated without rules."""
    ruled = np.asarray(ruledshapes.notesheet(font, seed, angle=angle).image.convert("L"))
    bare = np.asarray(ruledshapes.notesheet(font, seed, ruled=False, angle=angle).image.convert("L"))
    out = without_line_rules(ruled, find_line_rules(ruled, 300), 300)
    text, rule = bare < 128, (ruled < 200) & (bare >= 200)
    return float((text & (out >= 200)).sum() / text.sum()), float((rule & (out < 200)).sum() / rule.sum())


@pytest.mark.parametrize(("font", "seed", "angle"), [("lohit", 3, 0.9), ("gargi", 2, -0.9)])
def test_painting_an_askew_rule_leaves_the_next_lines_headlines(font: str, seed: int, angle: float) -> None:
    """Under 1 degree a page is not deskewed, and an askew rule's box is tall (35 px at 0.9 degrees): the
    headlines of the next line lie in its rows. Painting the box's rows took 4.0 and 2.9 % of these sheets'
    text ink (0.0 and 0.3 % straight); only the rule's own path is painted."""
    lost, left = _painted(font, seed, angle)
    lost_straight, left_straight = _painted(font, seed, 0.0)
    assert lost <= lost_straight + 0.002, (lost, lost_straight)
    assert left <= left_straight + 0.02, (left, left_straight)  # the rules are still painted


def _word(text: str, left: int, top: int, width: int, height: int, conf: float = 0.9, line: int = 0) -> Word:
    return Word(text, left, top, width, height, conf, line)


def test_words_read_twice_count_once() -> None:
    """Tesseract's words on a ruled line: once with boxes of text and rule together, once with the
    letters' own boxes, in the same line. Read twice is not better than read once, nor sound."""
    once = [_word(w, 100 + 200 * i, 300, 150, 45) for i, w in enumerate(("भारत", "सरकार", "विभाग", "जिला", "कृषि",
                                                                          "शिक्षा", "योजना", "राशि", "पंचायत", "किसान"))]
    twice = once + [_word(w.text, w.left - 5, w.top - 10, w.width + 10, 77, 0.85) for w in once]
    single, double = judge_words(tuple(once), " ".join(w.text for w in once)), judge_words(
        tuple(twice), " ".join(w.text for w in twice))
    assert double.score < single.score  # each word once, and scaled by the share read twice
    assert double.duplicated == len(once)
    assert single.sound and not double.sound
    apart = once + [_word(w.text, w.left, w.top + 80, w.width, w.height, line=1) for w in once]  # a repeated line below
    assert judge_words(tuple(apart), "").duplicated == 0


def test_a_register_read_without_its_rules_in_column_blocks_keeps_its_rows(tmp_path: Path) -> None:
    """A landscape allotment register (three rules: under the title, the head and the last row) read without
    its rules came out one cell to a line, column after column (99 lines for 17 rows), and scored more than
    the reading as is (two words read twice): the rows read as rows are kept (ADR 0034)."""
    page = freshshapes.make("landscape", "noto-serif", 1)
    image, dpi = freshshapes.scan(page, 0)
    assert dpi == 300
    text = _read(tmp_path, image)
    assert any(s.startswith("rules:") for s in text.steps), text.steps  # read both ways, the rows kept
    assert len({w.line for w in text.words}) <= 2 * len(page.text.splitlines()), text.steps
    assert pagegen.cer(page.text, text.text) < 0.1, text.steps
