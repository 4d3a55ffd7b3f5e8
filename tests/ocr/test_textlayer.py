"""Text-layer verdicts: a real Unicode layer is trusted; legacy-font gibberish, unmapped glyphs,
broken Unicode and scans are not."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from domain.errors import EncryptedFileError
from ocr import judge_text_layer
from ocr.layer_score import score_text
from tests import pagegen
from tests.ocr.conftest import write


def test_unicode_hindi_text_layer_is_trusted(tmp_path: Path) -> None:
    path = write(tmp_path, "circular.pdf", pagegen.text_pdf())
    v = judge_text_layer(path, 1)
    assert v.trusted, v.reasons
    assert v.reasons[0] == "trusted" and v.score == 1.0
    for word in ("शिक्षा", "कृषि", "जिला", "कार्यालय", "F.No. 12/3/2019/Rev"):
        assert word in v.text


def test_english_text_layer_is_trusted(tmp_path: Path) -> None:
    path = write(tmp_path, "english.pdf", pagegen.text_pdf(list(pagegen.ENGLISH_LINES)))
    assert judge_text_layer(path, 1).trusted


def test_kruti_dev_layer_is_rejected(tmp_path: Path) -> None:
    v = judge_text_layer(write(tmp_path, "kruti.pdf", pagegen.legacy_font_pdf()), 1, convert_legacy=False)
    assert not v.trusted
    assert any(r.startswith("legacy-font:") for r in v.reasons)
    assert any(r.startswith("latin-gibberish:") for r in v.reasons)


def test_kruti_gibberish_rejected_even_under_an_innocent_font_name(tmp_path: Path) -> None:
    v = judge_text_layer(write(tmp_path, "k.pdf", pagegen.legacy_font_pdf(font_name="Office Serif")), 1,
                         convert_legacy=False)
    assert not v.trusted
    assert not any(r.startswith("legacy-font:") for r in v.reasons)
    assert any(r.startswith("latin-gibberish:") for r in v.reasons)


def test_shaped_layer_with_unmapped_glyphs_is_rejected(tmp_path: Path) -> None:
    v = judge_text_layer(write(tmp_path, "shaped.pdf", pagegen.text_pdf(shaped=True)), 1)
    assert not v.trusted
    assert any(r.startswith("unmapped-glyphs:") for r in v.reasons)


def test_scanned_pdf_is_rejected(tmp_path: Path) -> None:
    img = pagegen.render_lines(pagegen.office_lines(seed=1, n=5), size="A6", dpi=100)
    v = judge_text_layer(write(tmp_path, "scan.pdf", pagegen.image_pdf([img], dpi=100)), 1)
    assert not v.trusted and v.reasons == ("rejected", "no-text-layer") and v.text == ""


def test_encrypted_pdf_raises(tmp_path: Path) -> None:
    with pytest.raises(EncryptedFileError):
        judge_text_layer(write(tmp_path, "locked.pdf", pagegen.encrypted_pdf()), 1)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("ि कसान ेक लिए ोजना " * 6, "broken-unicode"),  # dangling matras at word starts
        ("आे इे कार्यालय एेसा " * 6, "broken-unicode"),  # vowel sign after an independent vowel
        ("कृषि विभाग", "too-little-text"),
        ("yksd lHkk lfpoky; ubZ fnYyh ds vkns'k ls " * 3, "latin-gibberish"),
        ("\ue001\ue002कार्यालय\ue003 जिला\ue004\ue005 शिक्षा " * 4, "unmapped-glyphs"),
    ],
)
def test_score_text_findings(text: str, finding: str) -> None:
    trusted, score, reasons = score_text(text, {"Mangal": len(text)})
    assert not trusted and score < 1.0
    assert any(r.startswith(finding) for r in reasons), reasons


def test_score_text_accepts_real_mixed_text() -> None:
    text = "\n".join(pagegen.HINDI_LINES + pagegen.ENGLISH_LINES)
    trusted, score, reasons = score_text(text, {"Mangal": 300, "Arial": 100})
    assert trusted and score == 1.0, reasons


def test_scanner_text_over_a_page_image_is_rejected() -> None:
    trusted, _, reasons = score_text(
        "Scanned by CamScanner on 12.03.2019 at Jaipur office", {"Arial": 50}, 0.95
    )
    assert not trusted and any(r.startswith("image-page-little-text") for r in reasons)


def test_trusted_check_is_cheap(tmp_path: Path) -> None:
    path = write(tmp_path, "many.pdf", pagegen.text_pdf(pagegen.office_lines(seed=2, n=24), pages=10))
    judge_text_layer(path, 1)
    started = time.process_time()  # CPU time: stable on a busy machine, unlike wall time
    for page in range(1, 11):
        assert judge_text_layer(path, page).trusted
    per_page = (time.process_time() - started) / 10
    assert per_page < 0.03  # measured ~5 ms; OCR of a page is ~1.5-2 s CPU
