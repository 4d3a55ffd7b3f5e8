"""The Tesseract wrapper: text quality on Hindi + English, boxes, one-run PDF, and error mapping."""

from __future__ import annotations

import io

import numpy as np
import pdfplumber
import pytest

from domain.errors import DependencyError, PageTimeoutError
from ocr import check_languages, run_tesseract
from ocr.tesseract import apt_package, parse_tsv
from tests import pagegen
from tests.ocr.conftest import ENGLISH, HINDI


@pytest.fixture(scope="module")
def strip_result(strip_image: np.ndarray):  # type: ignore[no-untyped-def]
    return run_tesseract(strip_image, lang="Devanagari+eng", dpi=300, make_pdf=True)


def test_hindi_and_english_lines_read_back(strip_result) -> None:  # type: ignore[no-untyped-def]
    lines = strip_result.text.split("\n")
    assert len(lines) == 2
    assert pagegen.cer(HINDI, lines[0]) < 0.05, lines[0]
    assert pagegen.cer(ENGLISH, lines[1]) < 0.05, lines[1]
    for word in ("शिक्षा", "कृषि", "जिला", "कार्यालय"):
        assert word in lines[0]


def test_words_have_boxes_confidences_and_lines(strip_result, strip_image: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    words = strip_result.words
    assert len(words) >= 10
    h, w = strip_image.shape
    for word in words:
        assert 0.0 <= word.confidence <= 1.0
        assert 0 <= word.left < w and 0 <= word.top < h and word.width > 0 and word.height > 0
    assert {word.line for word in words} == {0, 1}
    assert 0.8 < strip_result.confidence <= 1.0


def test_one_run_also_gives_a_searchable_pdf(strip_result) -> None:  # type: ignore[no-untyped-def]
    assert strip_result.pdf is not None and strip_result.pdf.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(strip_result.pdf)) as pdf:
        assert len(pdf.pages) == 1
        text = pdf.pages[0].extract_text()
    assert "Collector" in text and "12/3/2019/Rev" in text


def test_blank_page_is_an_empty_result() -> None:
    out = run_tesseract(np.full((600, 800), 255, np.uint8), lang="Devanagari+eng", make_pdf=False)
    assert out.text == "" and out.words == () and out.confidence == 0.0 and out.pdf is None


def test_timeout_raises_page_timeout(strip_image: np.ndarray) -> None:
    big = np.vstack([strip_image] * 6)
    with pytest.raises(PageTimeoutError):
        run_tesseract(big, lang="Devanagari+eng", timeout=0.05, make_pdf=False)


def test_missing_language_is_a_dependency_error(strip_image: np.ndarray) -> None:
    check_languages("Devanagari+eng")
    check_languages("hin+eng+osd")
    with pytest.raises(DependencyError) as err:
        check_languages("hin+tam")
    assert "tesseract-ocr-tam" in err.value.message
    with pytest.raises(DependencyError):
        run_tesseract(strip_image, lang="Tamil+eng")


def test_missing_binary_is_a_dependency_error(
    monkeypatch: pytest.MonkeyPatch, strip_image: np.ndarray
) -> None:
    import ocr.tesseract as tess

    monkeypatch.setattr(tess, "TESSERACT", "/nonexistent/tesseract")
    tess._installed_languages.cache_clear()
    try:
        with pytest.raises(DependencyError) as err:
            run_tesseract(strip_image, lang="eng")
        assert "tesseract-ocr" in err.value.message
    finally:
        tess._installed_languages.cache_clear()


def test_apt_package_names() -> None:
    assert apt_package("Devanagari") == "tesseract-ocr-script-deva"
    assert apt_package("hin") == "tesseract-ocr-hin"
    assert apt_package("chi_sim") == "tesseract-ocr-chi-sim"


def test_parse_tsv_reading_order_and_confidence() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t10\t20\t10\t96.5\tजिला",
        "5\t1\t1\t1\t1\t2\t40\t10\t20\t10\t90\tकार्यालय",
        "5\t1\t1\t1\t1\t3\t70\t10\t5\t10\t50\t ",
        "5\t1\t2\t1\t1\t1\t10\t40\t30\t10\t88\tF.No.",
    ]
    text, words = parse_tsv("\n".join([header, *rows]))
    assert text == "जिला कार्यालय\nF.No."
    assert [w.line for w in words] == [0, 0, 1]
    assert words[0].confidence == pytest.approx(0.965)
