"""Pages that look dithered, ruled or dotted without being so, and dithered scans in other containers (issue 17;
tests/adverseshapes.py, docs/adr/0043-*): no automatic decision may make them read worse than the page as
scanned. Tuning fonts only; docs/benchmarks.md ("Adversarial pages") holds out other fonts and seeds. The
orientation of such pages: tests/ocr/test_adverse_upright.py."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from domain.types import FileKind
from ocr import OcrOptions, read_page
from ocr.descreen import descreened
from ocr.linerules import find_line_rules
from ocr.rasterise import render_page
from tests import adverseshapes, pagegen, ruledshapes
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)


def _read(tmp_path: Path, image: Image.Image):  # type: ignore[no-untyped-def]
    path = write(tmp_path, "page.png", pagegen.image_bytes(image))
    return read_page(path, FileKind.PNG, 1, OPTS).text


# --- a dithered scan in other containers than a 1-bit image (ADR 0045; grey pages: tests/ocr/test_descreen_grey.py)

def _dithered_a5(dpi: int) -> tuple[Image.Image, str]:
    """An A5 office page on grey paper of 190, scanned 1-bit with error diffusion at ``dpi``."""
    lines = pagegen.office_lines(4, n=8, english_share=0.3)
    ink = 1 - np.asarray(pagegen.render_lines(lines, size="A5", font_pt=11, dpi=dpi), np.float32) / 255
    a = 190 * (1 - ink) + 35 * ink + np.random.default_rng(1).normal(0, 4, ink.shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L").convert("1"), "\n".join(lines)


def _pdf(img: Image.Image, dpi: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=dpi)  # a 1-bit image: CCITT G4, as scanners write it
    return buf.getvalue()


@pytest.mark.parametrize(("container", "dpi"), [("pdf", 200), ("pdf", 600), ("jpeg", 300)])
def test_a_dithered_scan_is_descreened_whatever_holds_it(tmp_path: Path, container: str, dpi: int) -> None:
    # Rendered from a 200 dpi PDF (PDFium smooths the dots into grey blobs), reduced from 600 dpi (dots of four
    # greys), saved as JPEG (ringing): none held only black and white, none was descreened, and the A4 page of
    # each ran into the 180 s page timeout (plain Tesseract: 80-97 % CER). Now the paper's steady texture is the
    # evidence, whatever the container (ADR 0045).
    img, _ = _dithered_a5(dpi)
    if container == "pdf":
        path, kind = write(tmp_path, "scan.pdf", _pdf(img, dpi)), FileKind.PDF
    else:
        buf = io.BytesIO()
        img.convert("L").save(buf, "JPEG", quality=75, dpi=(dpi, dpi))
        path, kind = write(tmp_path, "scan.jpg", buf.getvalue()), FileKind.JPEG
    page = render_page(path, kind, 1, OPTS)
    _, step, sure = descreened(page.image)
    assert step.startswith("descreen:field ") and sure, step


@pytest.mark.parametrize("kind", ["tint", "underlined", "watermark"])
def test_grey_scans_are_not_descreened(kind: str) -> None:
    # A grey page's paper is clean: its texture is in its text, rules, screened tint and grey stamp, where the
    # cells' grey changes with the strokes (ADR 0045: these pages 0.00-0.07 of the cells a steady field).
    grey = np.asarray(pagegen.degrade(adverseshapes.make(kind, "gargi", 12).image, seed=3, noise=6, blur=0.7,
                                      jpeg_quality=60))
    out, step, _ = descreened(grey)
    assert step == "" and out is grey


# --- a screened tint is not a row of dotted lines (ADR 0043)

@pytest.mark.parametrize("font", ["gargi", "noto-serif", "lohit"])
def test_a_screened_tint_is_not_found_as_dotted_lines(font: str) -> None:
    # The rows of a 25-45 lpi tint behind a heading were found as 30-38 dotted lines; painted out, they took the
    # heading's horizontal strokes with them (its reading 45 % CER for 12 %; kept only because the reading as is
    # was clean).
    page = adverseshapes.make("tint", font, 11)
    rules = find_line_rules(np.asarray(page.image), 300)
    assert rules.dotted == 0, rules.boxes


def test_a_forms_dotted_lines_are_still_found() -> None:
    page = ruledshapes.form("gargi", 4)
    assert find_line_rules(np.asarray(page.image), 300).dotted >= 4  # as before ADR 0043: 4 of its 10 fill-in lines


def test_underlined_headings_and_rules_under_figures_read_no_worse_than_plain(tmp_path: Path) -> None:
    # A guard (ADR 0040's "sound beats unsound" on rules that touch the text): headings underlined through their
    # lower matras, row rules tight under the figures. Read as before ADR 0043 (docs/benchmarks.md).
    from ocr.tesseract import run_tesseract

    page = adverseshapes.make("underlined", "noto-serif", 12)
    plain = run_tesseract(np.asarray(page.image), lang=OPTS.lang, dpi=300, timeout=120, make_pdf=False).text
    text = _read(tmp_path, page.image)
    assert pagegen.cer(page.text, text.text) <= pagegen.cer(page.text, plain) + 0.01, text.steps
