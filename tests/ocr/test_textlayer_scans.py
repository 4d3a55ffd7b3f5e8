"""Text layers that describe less than the page shows, or something else than it shows: another
program's invisible OCR over a scan, a typed letterhead over a pasted scan of the body (also when
the image sits in a form XObject), 8-bit legacy Hindi encodings under any font name, and broken
Hindi lines on an English page. Each has a control that must stay trusted."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from pikepdf import Name

from ocr import judge_text_layer
from tests import pagegen
from tests.ocr.conftest import write

W, H = 595, 842  # A4 in points
ENGLISH = [  # ~60 letters a line, plain office English
    "Office of the District Collector, Revenue Section, Raipur.",
    "Subject: mutation of land records in village Barkheda, tehsil Arang.",
    "With reference to the letter cited above, the report is enclosed.",
    "The patwari shall complete the demarcation within fifteen days.",
    "Copy forwarded to the Sub Divisional Officer for information.",
]


def _scan_bytes(w: int = 600, h: int = 850) -> tuple[bytes, int, int]:
    """A grey page image with Hindi text on it (what a scanner stores)."""
    img = pagegen.render_lines(list(pagegen.HINDI_LINES[:8]), dpi=72, size="A4").convert("L").resize((w, h))
    return zlib.compress(np.asarray(img, dtype=np.uint8).tobytes()), w, h


def _pdf(tmp_path: Path, name: str, *, image: tuple[float, float, float, float] | None,
         lines: list[str], invisible: bool = False, in_form: bool = False, top: float = 780) -> Path:
    """One A4 page: an image drawn at ``image`` (x, y, width, height; inside a form XObject in
    unit space when ``in_form``) and ``lines`` of Helvetica text from ``top`` down (render mode 3,
    invisible, when ``invisible``). Text is written in WinAnsi (cp1252)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                                Encoding=Name.WinAnsiEncoding))
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary())
    ops = []
    if image is not None:
        data, iw, ih = _scan_bytes()
        img = pdf.make_stream(data, Type=Name.XObject, Subtype=Name.Image, Width=iw, Height=ih,
                              ColorSpace=Name.DeviceGray, BitsPerComponent=8, Filter=Name.FlateDecode)
        x, y, w, h = image
        if in_form:
            form = pdf.make_stream(b"q 1 0 0 1 0 0 cm /Im0 Do Q", Type=Name.XObject, Subtype=Name.Form,
                                   BBox=[0, 0, 1, 1], Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=img)))
            resources.XObject.Fm0 = form
            ops.append(f"q {w} 0 0 {h} {x} {y} cm /Fm0 Do Q".encode())
        else:
            resources.XObject.Im0 = img
            ops.append(f"q {w} 0 0 {h} {x} {y} cm /Im0 Do Q".encode())
    ops.append(b"BT /F1 11 Tf " + (b"3 Tr " if invisible else b"") + f"60 {top} Td 14 TL".encode())
    for line in lines:
        ops.append(b"(" + line.encode("cp1252") + b") Tj T*")
    ops.append(b"ET")
    page = pikepdf.Dictionary(Type=Name.Page, MediaBox=[0, 0, W, H], Resources=resources,
                              Contents=pdf.make_stream(b"\n".join(ops)))
    pdf.pages.append(pikepdf.Page(page))
    path = tmp_path / name
    pdf.save(path)
    return path


def _finding(reasons: tuple[str, ...], prefix: str) -> bool:
    return any(r.startswith(prefix) for r in reasons)


def test_invisible_ocr_layer_over_a_scan_is_not_trusted(tmp_path: Path) -> None:
    """English-only OCR over a Hindi scan reads as tidy English: only the drawing mode gives it away."""
    scan = _pdf(tmp_path, "scan-with-layer.pdf", image=(0, 0, W, H), lines=ENGLISH * 3, invisible=True)
    v = judge_text_layer(scan, 1)
    assert not v.trusted and _finding(v.reasons, "ocr-layer-over-scan:"), v.reasons
    # control: the same text drawn visibly over a full-page background image is the page's text
    letterhead = _pdf(tmp_path, "background.pdf", image=(0, 0, W, H), lines=ENGLISH * 3)
    v = judge_text_layer(letterhead, 1)
    assert v.trusted, v.reasons
    assert "Revenue Section" in v.text


@pytest.mark.parametrize("in_form", [False, True])
def test_typed_letterhead_over_a_pasted_scan_is_not_trusted(tmp_path: Path, in_form: bool) -> None:
    path = _pdf(tmp_path, "letterhead.pdf", image=(40, 60, 515, 560), lines=ENGLISH, in_form=in_form)
    v = judge_text_layer(path, 1)
    assert not v.trusted and _finding(v.reasons, "image-without-text:"), v.reasons
    # control: a small logo beside the same text is not a body
    logo = _pdf(tmp_path, "logo.pdf", image=(480, 760, 60, 60), lines=ENGLISH * 2, in_form=in_form, top=740)
    v = judge_text_layer(logo, 1)
    assert v.trusted, v.reasons


def test_8bit_legacy_hindi_encoding_is_not_trusted_under_any_font_name(tmp_path: Path) -> None:
    """DV-TTSurekh / Shree-Lipi style text extracts as Latin-1 letters, here in plain Helvetica."""
    junk = ["´ÖÆüÖ¸üÖ™Òü ¿ÖÖÃÖ®Ö ×¾Ö³ÖÖÖ ÃÖê ¯Ö¡Ö", "×•ÖÔÆüÖ ÛúÖµÖÖÔ»ÖµÖ ´Öë ÃÖ´Ö•Ö ¤üß ÖµÖß"] * 6
    v = judge_text_layer(_pdf(tmp_path, "surekh.pdf", image=None, lines=junk), 1)
    assert not v.trusted and _finding(v.reasons, "unexpected-letters:"), v.reasons
    # control: English with a few accented names stays trusted
    names = [*ENGLISH, "Forwarded to Shri José Fernandes and Dr. Müller for action."]
    assert judge_text_layer(_pdf(tmp_path, "names.pdf", image=None, lines=names), 1).trusted


def _shift_consonants(text: str) -> str:
    """Every Devanagari consonant one code point on: valid-looking Unicode, wrong letters (a broken
    ToUnicode map)."""
    return "".join(chr(ord(c) + 1) if "\u0915" <= c <= "\u0938" else c for c in text)


def test_broken_hindi_lines_on_an_english_page_are_seen(tmp_path: Path) -> None:
    english = list(pagegen.ENGLISH_LINES[:8]) * 2
    hindi = list(pagegen.HINDI_LINES[:3])
    good = judge_text_layer(write(tmp_path, "good.pdf", pagegen.text_pdf(english + hindi)), 1)
    assert good.trusted, good.reasons
    bad = judge_text_layer(write(tmp_path, "bad.pdf", pagegen.text_pdf(english + [_shift_consonants(h) for h in hindi])), 1)
    assert not bad.trusted and _finding(bad.reasons, "few-dictionary-words:"), bad.reasons
