"""Separator sheets through the OCR stage (issue 7): a mostly blank page carrying a PATCH code,
a barcode or a QR code is flagged with its code's kind and the file number it announces, kept
(its page PDF is produced), and never taken for a blank page or for a content page.

Real rendered pages (tests/pagegen fonts), real symbols: PATCH bars drawn to Kodak's
measurements, QR codes from OpenCV's encoder, Code 128 from zxing-cpp's writer."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import ocr.read
from domain.types import FileKind
from ocr import OcrOptions, read_document, read_page
from ocr.glance import GATE_MAX_INK, glance
from tests import pagegen
from tests.ocr.conftest import write
from tests.pagegen import code128_symbol, patch_t_symbol, qr_symbol

DPI = 200
MM = DPI / 25.4
OPTS = dataclasses.replace(OcrOptions(), watchdog=False)


def _page(lines: list[str]) -> np.ndarray:
    return np.array(pagegen.render_lines(lines, size="A4", dpi=DPI))


def _paste(page: np.ndarray, sym: np.ndarray, top_mm: float, left_mm: float) -> np.ndarray:
    out = page.copy()
    y, x = round(top_mm * MM), round(left_mm * MM)
    out[y : y + sym.shape[0], x : x + sym.shape[1]] = sym
    return out


def _png(tmp_path: Path, name: str, page: np.ndarray) -> Path:
    noisy = pagegen.degrade(Image.fromarray(page), seed=len(name), noise=4)  # a scan, not a clean render
    return write(tmp_path, name, pagegen.image_bytes(noisy, dpi=DPI))


def test_patch_t_sheet_is_a_separator_with_the_file_number_from_ocr(tmp_path: Path) -> None:
    page = _paste(_page(["SEPARATOR", "", "File No. 45/2/2020-ADMN"]), patch_t_symbol(dpi=DPI), 120, 90)
    result = read_page(_png(tmp_path, "patch.png", page), FileKind.PNG, 1, OPTS)
    t = result.text
    assert t.separator == "patch-t", (t.steps, t.quality_reasons)
    assert t.separator_file_number == "45/2/2020-ADMN"
    assert not t.blank and t.flag is None and t.quality is None
    assert t.rotation == 0  # the bars are left out of the orientation analysis (they look like lines turned 90)
    assert "separator:patch-t" in t.steps
    assert t.quality_reasons and t.quality_reasons[0].startswith("separator sheet:")
    assert result.pdf is not None and result.pdf.startswith(b"%PDF")  # kept in the document


def test_qr_separator_file_number_comes_from_the_code(tmp_path: Path) -> None:
    page = _paste(_page(["SEPARATOR", "", "File No. 99/9/1999-Rev"]), qr_symbol("File No. 12/3/2019-Estt", dpi=DPI), 100, 70)
    t = read_page(_png(tmp_path, "qr.png", page), FileKind.PNG, 1, OPTS).text
    assert (t.separator, t.separator_file_number) == ("qr", "12/3/2019-Estt")  # the code wins over OCR


def test_barcode_separator_in_a_scanned_pdf(tmp_path: Path) -> None:
    letter = _page(pagegen.office_lines(seed=31, n=14))
    sheet = _paste(_page([]), code128_symbol("45/2/2020-ADMN", dpi=DPI), 60, 40)
    path = write(tmp_path, "bundle.pdf", pagegen.image_pdf([Image.fromarray(p) for p in (letter, sheet, letter)], dpi=DPI))
    results = list(read_document(path, FileKind.PDF, OPTS))
    assert [r.text.separator for r in results] == ["", "barcode", ""]
    assert results[1].text.separator_file_number == "45/2/2020-ADMN"
    assert [r.text.blank for r in results] == [False, False, False]  # a separator is not a blank page either
    assert all(r.pdf is not None for r in results)


def test_letter_with_a_qr_code_is_content(tmp_path: Path) -> None:
    """A full letter with a QR code: the glance sees a page of text, no code search runs."""
    page = _paste(_page(pagegen.office_lines(seed=3, n=14)), qr_symbol("12/3/2019-Estt", dpi=DPI), 240, 150)
    g = glance(page, DPI)
    assert not g.may_be_separator and g.ink_outside_marks > GATE_MAX_INK
    t = read_page(_png(tmp_path, "letter.png", page), FileKind.PNG, 1, OPTS).text
    assert t.separator == "" and t.separator_file_number is None and not t.blank
    assert "कार्यालय" in t.text or "विभाग" in t.text


def test_short_note_with_a_qr_code_is_content(tmp_path: Path) -> None:
    """A short e-Office note with a QR code has little ink, so its code is read, but it has more
    words than a separator sheet: content, and the code is noted in its steps."""
    page = _paste(_page(pagegen.office_lines(seed=8, n=6)), qr_symbol("12/3/2019-Estt", dpi=DPI), 240, 150)
    assert glance(page, DPI).may_be_separator
    t = read_page(_png(tmp_path, "note.png", page), FileKind.PNG, 1, OPTS).text
    assert t.separator == "" and t.quality is not None
    assert "codes:qr(not a separator)" in t.steps


def test_text_pages_and_blank_pages_skip_the_code_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.read, "find_codes_near", lambda *a, **k: pytest.fail("no code search on this page"))
    letter = read_page(_png(tmp_path, "l.png", _page(pagegen.office_lines(seed=5, n=18))), FileKind.PNG, 1, OPTS).text
    assert letter.separator == "" and letter.text
    back = pagegen.degrade(pagegen.render_lines([], size="A4", dpi=DPI), seed=2, noise=5, speckle=0.0005)
    path = write(tmp_path, "back.png", pagegen.image_bytes(back, dpi=DPI))
    assert read_page(path, FileKind.PNG, 1, OPTS).text.blank


def test_separators_can_be_switched_off(tmp_path: Path) -> None:
    page = _paste(_page(["SEPARATOR"]), patch_t_symbol(dpi=DPI), 120, 90)
    opts = dataclasses.replace(OPTS, detect_separators=False, make_pdf=False)
    t = read_page(_png(tmp_path, "off.png", page), FileKind.PNG, 1, opts).text
    assert t.separator == "" and not t.blank
