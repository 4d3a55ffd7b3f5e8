"""Every page form Sanchika's own writers produce (ocr.pdfa.OWN_FORMS) is PDF/A-2b, checked by the
two validators of tests/archive/pdfa_check.py. A document made only of such pages is claimed as
PDF/A without running the validator on it (SANCHIKA_PDFA_VALIDATE=foreign, the default): this
test is what that claim rests on. Each form in the shapes that change what is written: grey and
colour images, Hindi and English text, no text at all, a converted legacy layer with its font
embedded or not, a turned page."""

from __future__ import annotations

import io

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw

from ocr.layer_pdf import layer_page_pdf
from ocr.legacy.registry import BY_NAME
from ocr.legacy.shape import encode
from ocr.options import OcrOptions
from ocr.pdfa import OWN_FORMS, archival_pdf
from ocr.searchable_pdf import assemble_pdf, image_page_pdf
from ocr.tesseract import run_tesseract
from ocr.textlayer import judge_text_layer
from tests import pagegen
from tests.ocr.legacy import lying
from tests.scans import REVENUE_LINES

from .pdfa_check import pikepdf_findings, preflight_a1b, unembedded_fonts


def _colour(img: Image.Image) -> np.ndarray:
    rgb = img.convert("RGB")
    ImageDraw.Draw(rgb).ellipse((40, 40, 260, 260), outline=(160, 20, 30), width=12)  # a red office stamp
    return np.asarray(rgb)


def _layer(tmp_path, name: str, pdf: bytes, turn: int = 0) -> bytes:  # type: ignore[no-untyped-def]
    if turn:
        with pikepdf.open(io.BytesIO(pdf)) as p:
            p.pages[0].Rotate = turn
            buf = io.BytesIO()
            p.save(buf)
            pdf = buf.getvalue()
    path = tmp_path / name
    path.write_bytes(pdf)
    verdict = judge_text_layer(path, 1)
    assert verdict.converted, verdict.reasons
    out = layer_page_pdf(path, 1, verdict.text, OcrOptions())
    assert out is not None
    return out


@pytest.fixture(scope="module")
def own_pages(tmp_path_factory) -> dict[str, tuple[str, bytes]]:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("forms")
    grey = pagegen.render_lines([*REVENUE_LINES[:3], "F.No. 245/2018 dated 12.03.2019"], dpi=200, size="A6")
    nothing = Image.new("L", grey.size, 255)
    dv, kruti = BY_NAME["dv-tt"], BY_NAME["krutidev"]
    lines = list(pagegen.HINDI_LINES[:6])
    return {
        "ocr, grey": ("ocr", run_tesseract(np.asarray(grey), lang="Devanagari+eng", dpi=200).pdf or b""),
        "ocr, colour": ("ocr", run_tesseract(_colour(grey), lang="Devanagari+eng", dpi=200).pdf or b""),
        "ocr, no words": ("ocr", run_tesseract(np.asarray(nothing), lang="Devanagari+eng", dpi=200).pdf or b""),
        "image, grey": ("image", image_page_pdf(np.asarray(nothing), 200)),
        "image, colour": ("image", image_page_pdf(_colour(nothing), 200)),
        "layer, not embedded": ("layer", _layer(tmp, "ne.pdf", lying.not_embedded_pdf(
            [encode(x, dv) for x in lines], "DV-TTSurekh", ["F.No. 12/3/2019/Rev"]))),
        "layer, embedded": ("layer", _layer(tmp, "emb.pdf", lying.embedded_latin_pdf(
            [encode(x, kruti) for x in lines], "Kruti Dev 010", ["Subject: mutation of land records"]))),
        "layer, turned": ("layer", _layer(tmp, "turned.pdf", lying.not_embedded_pdf(
            [encode(x, kruti) for x in lines], "Kruti Dev 010"), turn=90)),
    }


def test_the_forms_tested_are_all_the_own_forms(own_pages) -> None:  # type: ignore[no-untyped-def]
    assert {form for form, _ in own_pages.values()} == OWN_FORMS


@pytest.mark.parametrize("shape", ["ocr, grey", "ocr, colour", "ocr, no words", "image, grey", "image, colour",
                                   "layer, not embedded", "layer, embedded", "layer, turned"])
def test_each_own_page_form_is_approved_alone(own_pages, shape: str) -> None:  # type: ignore[no-untyped-def]
    form, pdf = own_pages[shape]
    out = archival_pdf(pdf, forms=(form,), validation="always")
    assert out.pdfa and out.basis == "validator", out.problems
    assert pikepdf_findings(out.pdf) == [] and unembedded_fonts(out.pdf) == []


def test_a_document_of_every_own_form_passes_both_validators(own_pages, tmp_path) -> None:  # type: ignore[no-untyped-def]
    forms, parts = zip(*own_pages.values(), strict=True)
    out = archival_pdf(assemble_pdf(list(parts)), title="सभी रूप", forms=forms, validation="always")
    assert out.pdfa and out.basis == "validator" and out.pages == len(parts), out.problems
    ok, output = preflight_a1b(out.pdf, tmp_path)
    assert ok, output
    assert unembedded_fonts(out.pdf) == []
