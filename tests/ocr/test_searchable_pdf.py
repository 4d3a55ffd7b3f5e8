"""assemble_pdf: OCR one-page PDFs and reused original pages, in order, text extractable."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from domain.errors import UsageError
from ocr import assemble_pdf, run_tesseract
from tests import pagegen
from tests.ocr.conftest import ENGLISH, write


def test_ocr_pages_and_original_pages_are_joined_in_order(tmp_path: Path, strip_image) -> None:  # type: ignore[no-untyped-def]
    ocr_pdf = run_tesseract(strip_image, lang="Devanagari+eng", make_pdf=True).pdf
    assert ocr_pdf is not None
    original = write(tmp_path, "circular.pdf", pagegen.text_pdf(list(pagegen.ENGLISH_LINES[:2]), pages=2))
    joined = assemble_pdf([(original, 2), ocr_pdf, (original, 1)])
    with pdfplumber.open(io.BytesIO(joined)) as pdf:
        texts = [p.extract_text() or "" for p in pdf.pages]
    assert len(texts) == 3
    assert "Revenue Department" in texts[0] and "Revenue Department" in texts[2]
    assert "Collector" in texts[1] and "12/3/2019/Rev" in texts[1]
    assert "जिला" in texts[1] and "कार्यालय" in texts[1]
    assert pagegen.cer(ENGLISH, texts[1].split("\n")[-1]) < 0.05


def test_bad_parts(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        assemble_pdf([])
    original = write(tmp_path, "one.pdf", pagegen.text_pdf(list(pagegen.ENGLISH_LINES[:1])))
    with pytest.raises(UsageError):
        assemble_pdf([(original, 5)])


def test_colour_page_pdf_has_the_jpeg_and_the_text(strip_image) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    rgb = np.stack([strip_image, strip_image, (strip_image * 0.8).astype(np.uint8)], axis=-1)
    out = run_tesseract(rgb, lang="Devanagari+eng", make_pdf=True)
    assert out.pdf is not None and len(out.pdf) < 300_000
    with pdfplumber.open(io.BytesIO(out.pdf)) as pdf:
        page = pdf.pages[0]
        assert len(page.images) == 1
        assert abs(page.width - rgb.shape[1] / 300 * 72) < 1  # page size follows the image DPI
        assert "Collector" in (page.extract_text() or "")


def test_a_plain_scanned_page_keeps_its_own_image(tmp_path: Path) -> None:
    """read_page on a scanned PDF page that needed no turn, crop or deskew: the searchable page is
    the original page (its image object as stored, not re-encoded) with the invisible text over it."""
    import dataclasses

    import pypdfium2 as pdfium

    from domain.types import FileKind
    from ocr import OcrOptions, read_page

    lines = pagegen.office_lines(seed=4, n=5)
    scan = pagegen.render_lines(lines, size="A5", dpi=300)
    path = write(tmp_path, "scan.pdf", pagegen.image_pdf([scan], dpi=300))
    result = read_page(path, FileKind.PDF, 1, dataclasses.replace(OcrOptions(), watchdog=False))
    assert not any(s.startswith(("crop:", "rotate:", "deskew:")) for s in result.text.steps)
    assert result.pdf is not None
    original, out = pdfium.PdfDocument(str(path)), pdfium.PdfDocument(result.pdf)
    assert out[0].get_size() == pytest.approx(original[0].get_size())
    (img_in,) = [o for o in original[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    (img_out,) = [o for o in out[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    assert bytes(img_out.get_data(decode_simple=False)) == bytes(img_in.get_data(decode_simple=False))
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        words = pdf.pages[0].extract_text()
    assert "District Collector" in words or "विभाग" in words, words
