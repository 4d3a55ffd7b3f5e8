"""Each page PDF says how it was made (PageResult.pdf_form, and the page step ``pdf:<form>``):
the document step claims PDF/A on Sanchika's own forms without validating (ocr/pdfa.py), so a
reused original page must never be named as an own form."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from domain.types import FileKind
from ocr.options import OcrOptions
from ocr.pdfa import OWN_FORMS
from ocr.read import read_page
from tests import pagegen
from tests.ocr.conftest import write

OPTS = OcrOptions(dpi=200, watchdog=False)


def _form(path: Path, kind: FileKind) -> tuple[str, tuple[str, ...], bool]:
    result = read_page(path, kind, 1, OPTS)
    return result.pdf_form, tuple(s for s in result.text.steps if s.startswith("pdf:")), result.pdf is not None


def test_each_writer_names_its_form(tmp_path: Path) -> None:
    page = pagegen.render_lines(pagegen.office_lines(3, n=6), dpi=200, size="A6")
    blank = Image.new("L", page.size, 255)
    cases = {
        "scan.png": (pagegen.image_bytes(page, "PNG", dpi=200), FileKind.PNG, "ocr"),
        "blank.png": (pagegen.image_bytes(blank, "PNG", dpi=200), FileKind.PNG, "image"),
        "scan.pdf": (pagegen.image_pdf([page], dpi=200), FileKind.PDF, "reused"),  # the scanner's page kept
        "blank.pdf": (pagegen.image_pdf([blank], dpi=200), FileKind.PDF, "reused"),
    }
    for name, (data, kind, want) in cases.items():
        assert _form(write(tmp_path, name, data), kind) == (want, (f"pdf:{want}",), True), name
    assert "reused" not in OWN_FORMS and {"ocr", "image"} <= OWN_FORMS


def test_a_trusted_text_layer_reused_as_is_names_no_form(tmp_path: Path) -> None:
    assert _form(write(tmp_path, "letter.pdf", pagegen.text_pdf()), FileKind.PDF) == ("", (), False)
