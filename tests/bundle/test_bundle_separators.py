"""Separator sheets (QR, barcode, PATCH codes), blank pages and the page hash, on generated images."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr.codes import find_codes, find_patch
from ocr.imagehash import dhash, hamming
from ocr.separators import code_file_number, is_blank, separator_verdict
from tests import pagegen

DPI = 200
A4 = (round(297 / 25.4 * DPI), round(210 / 25.4 * DPI))  # rows, cols


def blank_page() -> np.ndarray:
    return np.full(A4, 255, np.uint8)


def paste(page: np.ndarray, sym: np.ndarray, top: int, left: int, scale: int) -> np.ndarray:
    sym = cv2.resize(sym, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    out = page.copy()
    out[top : top + sym.shape[0], left : left + sym.shape[1]] = sym
    return out


def qr(text: str) -> np.ndarray:
    sym = cv2.QRCodeEncoder.create().encode(text)  # OpenCV's encoder: independent of the decoder
    return cv2.copyMakeBorder(sym, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=255)


def code128(text: str) -> np.ndarray:
    import zxingcpp

    return np.asarray(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128).to_image(scale=3))


def patch(pattern: str, *, vertical: bool = True, dpi: int = DPI) -> np.ndarray:
    """Kodak patch bars: W = 5.1 mm, N (bars and spaces) = 2.0 mm, bars 60 mm long."""
    mm = dpi / 25.4
    widths = [round((5.1 if c == "W" else 2.0) * mm) for c in pattern]
    gap, length = round(2.0 * mm), round(60 * mm)
    total = sum(widths) + 3 * gap
    sym = np.full((length, total), 255, np.uint8)
    x = 0
    for w in widths:
        sym[:, x : x + w] = 0
        x += w + gap
    return sym if vertical else sym.T.copy()


def text_page(seed: int = 3) -> np.ndarray:
    return np.asarray(pagegen.render_lines(pagegen.office_lines(seed, 14), dpi=DPI))


def test_qr_separator_gives_the_file_number_and_beats_ocr() -> None:
    page = paste(blank_page(), qr("File No. 12/3/2019-Estt"), 300, 600, 8)
    codes = find_codes(page)
    assert [(c.kind, c.text) for c in codes] == [("qr", "File No. 12/3/2019-Estt")]
    v = separator_verdict(page, "SEPARATOR  File No. 99/9/1999-Rev", codes=codes)
    assert v.is_separator and v.kind == "qr"
    assert (v.file_number, v.file_number_source) == ("12/3/2019-Estt", "code")


def test_code128_separator() -> None:
    page = paste(blank_page(), code128("45/2/2020-ADMN"), 200, 300, 2)
    v = separator_verdict(page)
    assert v.is_separator and v.kind == "barcode" and v.file_number == "45/2/2020-ADMN"


def test_qr_on_a_letter_is_not_a_separator() -> None:
    page = paste(text_page(), qr("12/3/2019-Estt"), 40, 1300, 5)
    v = separator_verdict(page, " ".join(pagegen.office_lines(3, 14)))
    assert not v.is_separator and v.kind == "qr" and v.file_number == "12/3/2019-Estt"


@pytest.mark.parametrize("vertical", [True, False])
def test_patch_t_detected_in_either_orientation(vertical: bool) -> None:
    page = paste(blank_page(), patch("NWWN", vertical=vertical), 150, 200, 1)
    code = find_patch(page)
    assert code is not None and code.kind == "patch_t"
    v = separator_verdict(page)
    assert v.is_separator and v.kind == "patch_t" and v.file_number is None


def test_patch_2_and_not_patch() -> None:
    assert (find_patch(paste(blank_page(), patch("WNNW"), 150, 200, 1)) or None).kind == "patch_2"  # type: ignore[union-attr]
    # four equal bars (a ruled box, a table border) and a text page are not patch codes
    assert find_patch(paste(blank_page(), patch("NNNN"), 150, 200, 1)) is None
    assert find_codes(text_page()) == ()
    ruled = blank_page()
    for y in range(200, 2200, 60):
        ruled[y : y + 3, 100:1500] = 0
    assert find_patch(ruled) is None


def test_patch_t_separator_read_by_file_number_ocr_fallback() -> None:
    page = paste(blank_page(), patch("NWWN"), 150, 200, 1)
    v = separator_verdict(page, "नस्ती क्रमांक: 245/स्था/2018")
    assert v.is_separator and v.file_number == "245/स्था/2018" and v.file_number_source == "ocr"


def test_code_file_number() -> None:
    assert code_file_number("FILE: 12 / 3 / 2019-Estt") == "12/3/2019-Estt"
    assert code_file_number("नस्ती क्रमांक २४५/स्था/२०१८") == "245/स्था/2018"
    assert code_file_number("https://example.org/x?y=1") is None
    assert code_file_number("INVOICE") is None


def test_blank_pages() -> None:
    white = blank_page()
    assert is_blank(white)[0]
    # grey paper, faint show-through from the back, specks and punch holes in the margin
    rng = np.random.default_rng(1)
    back = np.asarray(pagegen.render_lines(pagegen.office_lines(5, 12), dpi=DPI)).astype(np.float32)
    page = (215 + (back - 255) * 0.08 + rng.normal(0, 3, back.shape)).clip(0, 255).astype(np.uint8)
    page[rng.random(page.shape) < 0.0003] = 0
    for y in (700, 1600):
        cv2.circle(page, (60, y), 25, 20, -1)
    blank, reasons = is_blank(page)
    assert blank, reasons
    one_line = np.asarray(pagegen.render_lines(["कार्यालय जिला शिक्षा अधिकारी"], dpi=DPI))
    assert not is_blank(one_line)[0]
    assert not is_blank(text_page())[0]


def test_dhash_same_sheet_close_different_sheet_far() -> None:
    a = text_page(3)
    rescan = np.asarray(pagegen.degrade(pagegen.render_lines(pagegen.office_lines(3, 14), dpi=DPI), seed=2, noise=8, skew=0.4))
    shifted = np.roll(rescan, (25, 30), axis=(0, 1))
    other = text_page(4)
    assert hamming(dhash(a), dhash(shifted)) <= 40  # measured 25 (0.4° skew, noise, shift)
    assert hamming(dhash(a), dhash(other)) > 80  # measured 111-129 for other letters
    assert len(dhash(a)) == 64
