"""The page PDF of a converted legacy-font layer (ocr/layer_pdf.py): the rendered page under the
converted text, invisible, word over word. Generated lying PDFs (tests/ocr/legacy/lying.py): the
extracted text is the converted Unicode text (NFC, whitespace collapsed), never the Latin junk the
legacy codes read as, and each word lies over the glyphs it was typed with. The PDF/A validators
check these pages in tests/archive/test_pdfa_forms.py."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pikepdf
import pytest

from ocr import judge_text_layer
from ocr.invisible_text import Run, text_only_pdf
from ocr.layer_pdf import layer_page_pdf
from ocr.legacy.registry import BY_NAME, LAYOUTS
from ocr.legacy.shape import encode
from ocr.options import OcrOptions
from tests import pagegen
from tests.ocr.conftest import write
from tests.ocr.legacy import lying
from tests.ocr.legacy.test_lying_pdfs import ENGLISH, FONT_NAMES, _hindi


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def plumbed(pdf: bytes) -> tuple[str, list[dict]]:  # type: ignore[type-arg]
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        return page.extract_text() or "", page.extract_words()


def _layer(tmp_path: Path, pdf: bytes) -> tuple[str, bytes, bytes]:
    path = write(tmp_path, "lying.pdf", pdf)
    verdict = judge_text_layer(path, 1)
    assert verdict.trusted and verdict.converted, verdict.reasons
    out = layer_page_pdf(path, 1, verdict.text, OcrOptions())
    assert out is not None
    return verdict.text, out, pdf


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_a_font_not_embedded_page_extracts_as_its_converted_text(tmp_path: Path, layout) -> None:  # type: ignore[no-untyped-def]
    text, out, original = _layer(tmp_path, lying.not_embedded_pdf([encode(x, layout) for x in _hindi(layout)],
                                                                   FONT_NAMES[layout.name], ENGLISH))
    got, words = plumbed(out)
    assert flat(got) == flat(text) and sum("\u0900" <= c <= "\u097f" for c in got) > 100
    assert not any("\u00c0" <= c <= "\u024f" for c in got), got  # none of the Latin-1 junk
    _, before = plumbed(original)
    assert len(words) == len(before)  # word for word, over the same places
    for w, b in zip(words, before, strict=True):
        assert abs(w["x0"] - b["x0"]) < 1.5 and abs(w["bottom"] - b["bottom"]) < 3, (w, b)


def test_an_embedded_latin_font_beside_english_keeps_both(tmp_path: Path) -> None:
    layout = BY_NAME["chanakya"]
    text, out, _ = _layer(tmp_path, lying.embedded_latin_pdf([encode(x, layout) for x in _hindi(layout)[:6]],
                                                             FONT_NAMES["chanakya"], ENGLISH))
    got, _ = plumbed(out)
    assert flat(got) == flat(text) and ENGLISH[0] in got
    with pikepdf.open(io.BytesIO(out)) as pdf:  # the legacy font is gone: one glyph-less font, embedded
        fonts = [pdf.pages[0].Resources.Font[k] for k in pdf.pages[0].Resources.Font.keys()]
        assert [str(f.BaseFont) for f in fonts] == ["/GlyphLessFont"]
        assert "/FontFile2" in fonts[0].DescendantFonts[0].FontDescriptor


def test_a_turned_page_still_extracts_its_lines_in_order(tmp_path: Path) -> None:
    layout = BY_NAME["krutidev"]
    src = lying.not_embedded_pdf([encode(x, layout) for x in _hindi(layout)[:5]], "Kruti Dev 010")
    with pikepdf.open(io.BytesIO(src)) as p:
        p.pages[0].Rotate = 90
        buf = io.BytesIO()
        p.save(buf)
    text, out, _ = _layer(tmp_path, buf.getvalue())
    got, _ = plumbed(out)
    assert flat(got) == flat(text)
    with pikepdf.open(io.BytesIO(out)) as p:  # drawn as it is seen: the page's long side is its height
        x0, y0, x1, y1 = (float(v) for v in p.pages[0].MediaBox)
        assert x1 - x0 > y1 - y0


def test_the_text_only_page_is_invisible_text_in_a_glyphless_font() -> None:
    pdf = text_only_pdf(300, 200, [Run("जिला कार्यालय", 20, 150, 120, 14), Run("F.No. 12/3", 20, 120, 80, 12), Run("", 0, 0, 0, 0)])
    got, words = plumbed(pdf)
    assert flat(got) == "जिला कार्यालय F.No. 12/3"
    assert words[0]["x0"] == pytest.approx(20, abs=0.5) and words[-1]["x1"] == pytest.approx(100, abs=3)
    with pikepdf.open(io.BytesIO(pdf)) as p:
        ops = pikepdf.parse_content_stream(p.pages[0])
        assert [[int(v) for v in args] for args, op in ops if str(op) == "Tr"] == [[3]]  # invisible, all of it
        assert not {"re", "f", "S", "Do", "BI"} & {str(op) for _, op in ops}  # nothing else drawn
    assert text_only_pdf(300, 200, [Run("x", 1, 1, 5, 5)]) == text_only_pdf(300, 200, [Run("x", 1, 1, 5, 5)])


def test_a_page_that_cannot_be_opened_gives_no_pdf(tmp_path: Path) -> None:
    path = write(tmp_path, "cut.pdf", pagegen.text_pdf()[:300])
    assert layer_page_pdf(path, 1, "जिला", OcrOptions()) is None

