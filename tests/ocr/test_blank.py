"""Blank pages (duplex backs, empty sheets): flagged, never OCRed or deleted, excluded from search
and from the document's content page count."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import ocr.upright
from domain.types import FileKind
from ocr import OcrOptions, read_document, read_page
from ocr.separators import is_blank
from tests import pagegen
from tests.ocr.conftest import write


def _back(seed: int):  # type: ignore[no-untyped-def]
    """The back of a duplex scan: no text, scanner noise, a little yellow, a skewed edge shadow."""
    return pagegen.degrade(pagegen.render_lines([], size="A4", dpi=200), seed=seed, noise=5, speckle=0.0005)


def test_blank_and_content_are_told_apart(a5_page) -> None:  # type: ignore[no-untyped-def]
    assert is_blank(np.asarray(_back(1)))[0]
    assert not is_blank(np.asarray(a5_page))[0]
    one_line = pagegen.render_lines(["Sd/- Collector"], size="A4", dpi=200)
    assert not is_blank(np.asarray(one_line))[0]  # a signature-only page is content


def test_blank_page_is_flagged_not_ocred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.upright, "run_tesseract", lambda *a, **k: pytest.fail("a blank page is not OCRed"))
    path = write(tmp_path, "back.png", pagegen.image_bytes(_back(2), dpi=200))
    opts = dataclasses.replace(OcrOptions(), watchdog=False)
    result = read_page(path, FileKind.PNG, 1, opts)
    page = result.text
    assert page.blank and page.text == "" and page.steps == ("blank", "pdf:image") and page.flag is None
    assert result.pdf is not None and result.pdf.startswith(b"%PDF")  # kept in the document


def test_duplex_pdf_keeps_its_blank_backs(tmp_path: Path) -> None:
    front = pagegen.render_lines(list(pagegen.ENGLISH_LINES[:4]), size="A4", dpi=200)
    path = write(tmp_path, "duplex.pdf", pagegen.image_pdf([front, _back(3), front, _back(4)], dpi=200))
    pages = [r.text for r in read_document(path, FileKind.PDF, dataclasses.replace(OcrOptions(), make_pdf=False))]
    assert [p.blank for p in pages] == [False, True, False, True]
    assert "Revenue Department" in pages[2].text


def test_faint_type_is_content_and_shading_is_not() -> None:
    """Type 45 grey levels under its paper (a faded carbon copy) is content; a blank sheet shaded 40
    levels across, noisy and JPEG-compressed, is still blank (ADR 0012's update)."""
    page = np.asarray(pagegen.render_lines(list(pagegen.HINDI_LINES[:8]), size="A4", dpi=300), np.float32)
    faint = (210 - (255 - page) * 45 / 255).astype(np.uint8)
    image = np.asarray(pagegen.degrade(Image.fromarray(faint), seed=1, noise=6, blur=1.0))
    assert not is_blank(image)[0]
    sheet = np.full(page.shape, 225, np.float32) - 40 * np.linspace(0, 1, page.shape[1])[None, :] ** 2
    shaded = pagegen.degrade(Image.fromarray(sheet.astype(np.uint8)), seed=2, noise=14, jpeg_quality=40)
    assert is_blank(np.asarray(shaded))[0]
