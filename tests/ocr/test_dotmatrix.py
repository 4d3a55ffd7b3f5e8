"""A dot-matrix printout is joined before it is read, and nothing else is (issue 17; ocr/dotmatrix.py,
docs/adr/0042-*). Tuning fonts and seeds only (bench/ocr_legacy_probe.py holds one font out)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import cv2
import numpy as np
import pytest

from domain.types import FileKind
from ocr import OcrOptions, read_page
from ocr.dotmatrix import joined, measure
from tests import legacyshapes, pagegen
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)


@pytest.fixture(scope="module")
def register() -> legacyshapes.Legacy:
    return legacyshapes.make("dotmatrix-en", "gargi", 3)


def _gray(page: legacyshapes.Legacy) -> np.ndarray:
    return np.asarray(page.image.convert("L"))


def test_a_9_pin_register_is_measured_as_dots_on_the_pin_pitch(register: legacyshapes.Legacy) -> None:
    found = measure(_gray(register), 300)
    assert found.printed, found.note()
    assert found.reach == 2  # half the pins' 4.2 px pitch: a 5 px closing


@pytest.mark.parametrize("kind", ["typewriter", "cyclostyle", "aged", "greennote", "jpeg25"])
def test_typed_and_printed_pages_are_not_dots(kind: str) -> None:
    page = legacyshapes.make(kind, "lohit", 3)
    image = np.asarray(page.image)
    found = measure(_gray(page), page.dpi)
    assert not found.printed, found.note()
    out, step = joined(image, page.dpi)
    assert step == "" and out is image


def test_speckle_is_not_dot_print() -> None:
    # as many dots as a register page, of the pins' size, scattered: nearest neighbours at every distance
    rng = np.random.default_rng(5)
    page = np.full((3300, 2550), 235, np.uint8)
    for x, y in zip(rng.integers(0, 2550, 20000), rng.integers(0, 3300, 20000), strict=True):
        cv2.circle(page, (int(x), int(y)), 2, 90, -1)
    assert not measure(page, 300).printed


def test_the_dots_are_joined_into_strokes(register: legacyshapes.Legacy) -> None:
    image = np.asarray(register.image)
    out, step = joined(image, 300)
    assert step.startswith("dotmatrix:joined 5px"), step

    def pieces(a: np.ndarray) -> int:
        g = cv2.cvtColor(a, cv2.COLOR_RGB2GRAY)[300:1400, 200:2600]
        return cv2.connectedComponents((g < 170).astype(np.uint8))[0]

    assert pieces(out) < 0.5 * pieces(image)


def test_a_dot_matrix_register_reads_after_its_dots_are_joined(tmp_path: Path, register: legacyshapes.Legacy) -> None:
    # Plain Tesseract and the product before ADR 0042 read such registers at 45-215 % CER: every letter a
    # handful of blobs. Its upper third: the heading and ten rows.
    crop = register.image.crop((0, 0, register.image.width, 1300))
    text = "\n".join(register.text.splitlines()[1:13])  # the Hindi heading aside: the English register
    path = write(tmp_path, "register.png", pagegen.image_bytes(crop, dpi=300))
    page = read_page(path, FileKind.PNG, 1, OPTS).text
    assert any("dotmatrix:joined" in s for s in page.steps), page.steps
    body = "\n".join(ln for ln in page.text.splitlines() if ln.strip() and not any("\u0900" <= c <= "\u097f" for c in ln))
    assert pagegen.cer(text, body) < 0.3, page.text[:400]
