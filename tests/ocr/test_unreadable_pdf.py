"""A page whose best reading is garbage (flagged unreadable) keeps its text for the reviewer but not as
invisible text in its page PDF: the index leaves it out (workers/steps.py), and so must a PDF viewer's or
e-Office's search (issue 17, point 4). A readable page's PDF keeps its text."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pdfplumber
from PIL import Image

from domain.types import FileKind
from ocr import OcrOptions, read_page
from ocr.quality import is_unreadable
from tests import pagegen, pageshapes
from tests.ocr.conftest import write


def _pdf_text(pdf: bytes) -> tuple[str, int, tuple[float, float]]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        return (page.extract_text() or "").strip(), len(page.images), (float(page.width), float(page.height))


def test_an_unreadable_page_pdf_is_its_image_without_the_garbage(tmp_path: Path) -> None:
    page = pageshapes.make("stamp", "lohit", 2)
    mirrored = np.ascontiguousarray(pageshapes.turned(page, 0)[:, ::-1])  # scanned through the sheet's back
    path = write(tmp_path, "mirrored.png", pagegen.image_bytes(Image.fromarray(mirrored)))
    result = read_page(path, FileKind.PNG, 1, OcrOptions())
    assert is_unreadable(result.text.quality_reasons), result.text.quality_reasons
    assert result.text.text  # the reading is kept for the reviewer
    assert result.pdf is not None and result.pdf_form == "image"
    text, images, (width, height) = _pdf_text(result.pdf)
    assert text == "" and images == 1
    assert abs(width / height - mirrored.shape[1] / mirrored.shape[0]) < 0.01  # the page's own shape


def test_a_readable_page_pdf_keeps_its_text(tmp_path: Path) -> None:
    page = pageshapes.make("stamp", "lohit", 2)
    path = write(tmp_path, "page.png", pagegen.image_bytes(Image.fromarray(pageshapes.turned(page, 0))))
    result = read_page(path, FileKind.PNG, 1, OcrOptions())
    assert not is_unreadable(result.text.quality_reasons), result.text.quality_reasons
    assert result.pdf is not None and result.pdf_form == "ocr"
    text, images, _ = _pdf_text(result.pdf)
    assert images == 1 and len(text) > 100


def test_an_unreadable_scanned_pdf_page_is_reused_without_the_garbage(tmp_path: Path) -> None:
    """The reuse path: a scanner's PDF page that is just its image is kept as it is (form "reused"),
    and for an unreadable page without Tesseract's text laid over it."""
    page = pageshapes.make("stamp", "lohit", 2)
    mirrored = np.ascontiguousarray(pageshapes.turned(page, 0)[:, ::-1])
    path = write(tmp_path, "mirrored.pdf", pagegen.image_pdf([Image.fromarray(mirrored).convert("L")], dpi=300))
    result = read_page(path, FileKind.PDF, 1, OcrOptions())
    assert is_unreadable(result.text.quality_reasons), result.text.quality_reasons
    assert result.pdf is not None and result.pdf_form == "reused"
    text, images, _ = _pdf_text(result.pdf)
    assert text == "" and images == 1
