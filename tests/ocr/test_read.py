"""read_page / read_document: trusted text layers skip rasterising; everything else is OCRed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import ocr.read
from domain.errors import CorruptFileError, EncryptedFileError
from domain.types import FileKind, TextSource
from ocr import OcrOptions, read_document, read_page
from tests import pagegen
from tests.ocr.conftest import write

OPTS = OcrOptions()


def test_trusted_text_layer_is_used_without_rasterising(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "circular.pdf", pagegen.text_pdf())

    def no_render(*_a: object, **_k: object) -> None:
        raise AssertionError("a trusted page must not be rasterised")

    monkeypatch.setattr(ocr.read, "render_page", no_render)
    result = read_page(path, FileKind.PDF, 1, OPTS)
    assert result.pdf is None
    page = result.text
    assert page.source == TextSource.TEXTLAYER and page.confidence == 1.0
    assert "कार्यालय जिला शिक्षा अधिकारी" in page.text
    assert page.textlayer_verdict.startswith("trusted")
    assert page.seconds < 1.0  # ~5 ms; generous for a loaded machine


def test_scanned_pdf_is_ocred(tmp_path: Path) -> None:
    lines = pagegen.office_lines(seed=21, n=6)
    img = pagegen.degrade(pagegen.render_lines(lines, size=(148, 110), dpi=300), seed=21, noise=5, skew=1.5)
    path = write(tmp_path, "scan.pdf", pagegen.image_pdf([img], dpi=300))
    result = read_page(path, FileKind.PDF, 1, OPTS)
    page = result.text
    assert page.source == TextSource.OCR
    assert pagegen.cer("\n".join(lines), page.text) < 0.05, page.text
    assert page.textlayer_verdict.startswith("rejected; no-text-layer")
    assert page.lang == "Devanagari+eng" and page.dpi == 300 and not page.dpi_assumed
    assert page.words and 0 < page.confidence <= 1 and page.width > 0 and page.height > 0
    # 1.5 degrees: deskewed when the lines are certainly that skewed, else read both ways (ADR 0027)
    deskewed = any(s.startswith("deskew:") for s in page.steps)
    undone = any(s.startswith("geometry:undone deskew") for s in page.steps)
    assert abs(page.skew_degrees - 1.5) < 0.5 if deskewed else (page.skew_degrees == 0.0 and undone), page.steps
    assert result.pdf is not None and result.pdf.startswith(b"%PDF")


def test_legacy_font_pdf_falls_back_to_ocr(tmp_path: Path) -> None:
    path = write(tmp_path, "kruti.pdf", pagegen.legacy_font_pdf())
    opts = dataclasses.replace(OPTS, make_pdf=False, convert_legacy=False)
    page = read_page(path, FileKind.PDF, 1, opts).text
    assert page.source == TextSource.OCR
    assert "legacy-font" in page.textlayer_verdict


def test_kruti_dev_pdf_is_converted_not_ocred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "kruti.pdf", pagegen.legacy_font_pdf())
    monkeypatch.setattr(ocr.read, "render_page", lambda *a, **k: pytest.fail("a converted layer is not OCRed"))
    page = read_page(path, FileKind.PDF, 1, OPTS).text
    assert page.source == TextSource.TEXTLAYER
    assert "legacy-converted:won" in page.textlayer_verdict
    assert "कार्यालय जिला शिक्षा अधिकारी, जयपुर" in page.text and "लोक सभा सचिवालय नई दिल्ली" in page.text


def test_rotated_png_without_dpi(tmp_path: Path) -> None:
    lines = pagegen.office_lines(seed=5, n=5)
    img = pagegen.degrade(pagegen.render_lines(lines, size=(148, 100)), seed=5, rotate=90)
    path = write(tmp_path, "page.png", pagegen.image_bytes(img, "PNG", dpi=None))
    result = read_page(path, FileKind.PNG, 1, dataclasses.replace(OPTS, make_pdf=False))
    page = result.text
    assert page.rotation == 270 and page.dpi_assumed and result.pdf is None
    assert pagegen.cer("\n".join(lines), page.text) < 0.05, page.text


def test_read_document_streams_pages_in_order(tmp_path: Path) -> None:
    pages = [pagegen.render_lines([line], size=(148, 30), margin_mm=6) for line in pagegen.ENGLISH_LINES[:2]]
    path = write(tmp_path, "two.pdf", pagegen.image_pdf(pages, dpi=300))
    results = read_document(path, FileKind.PDF, dataclasses.replace(OPTS, make_pdf=False))
    assert not isinstance(results, list)
    texts = [r.text for r in results]
    assert [t.page for t in texts] == [1, 2]
    assert "Rajasthan" in texts[1].text and "F.No." in texts[0].text


def test_text_layer_can_be_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "circular.pdf", pagegen.text_pdf(list(pagegen.ENGLISH_LINES[:2])))
    page = read_page(
        path, FileKind.PDF, 1, dataclasses.replace(OPTS, use_text_layer=False, make_pdf=False)
    ).text
    assert page.source == TextSource.OCR and page.textlayer_verdict == ""
    assert "Revenue Department" in page.text


def test_bad_pdfs_raise_input_errors(tmp_path: Path) -> None:
    with pytest.raises(EncryptedFileError):
        read_page(write(tmp_path, "locked.pdf", pagegen.encrypted_pdf()), FileKind.PDF, 1, OPTS)
    data = pagegen.text_pdf()
    with pytest.raises(CorruptFileError):
        read_page(write(tmp_path, "cut.pdf", data[: len(data) // 2]), FileKind.PDF, 1, OPTS)
