"""Tesseract through its C library in the page process (ADR 0014): the same output as the command,
language data loaded once, quiet, and still stopped at the page deadline."""

from __future__ import annotations

import io
import time

import numpy as np
import pdfplumber
import pytest

from domain.errors import PageTimeoutError
from ocr import tesseract_api
from ocr.tesseract import TesseractOutput, library_can_read, run_tesseract
from ocr.watchdog import kept_mib, run_in_page_process

LANG = "Devanagari+eng"


def _read(image: np.ndarray, dpi: int = 300) -> tuple[TesseractOutput, int, float, list[int]]:
    """In the page process: one library run, and what this process has loaded."""
    out = run_tesseract(image, lang=LANG, dpi=dpi, make_pdf=True, library=True)
    return out, len(tesseract_api._engines), kept_mib(), [id(e) for e in tesseract_api._engines.values()]


def _pdf_text(pdf: bytes | None) -> str:
    assert pdf is not None and pdf.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return doc.pages[0].extract_text()


def test_library_gives_the_same_words_text_and_pdf_as_the_command(strip_image: np.ndarray) -> None:
    assert tesseract_api.available()
    lib, engines, _, _ = run_in_page_process(_read, (strip_image,), 120)
    assert engines == 1  # the library really ran (the command would load none)
    cmd = run_tesseract(strip_image, lang=LANG, dpi=300, make_pdf=True, library=False)
    assert lib.words == cmd.words and lib.text == cmd.text and lib.confidence == cmd.confidence
    assert "12/3/2019/Rev" in lib.text
    assert _pdf_text(lib.pdf) == _pdf_text(cmd.pdf)


def test_language_data_is_loaded_once_per_process(strip_image: np.ndarray) -> None:
    _, engines1, resident, ids1 = run_in_page_process(_read, (strip_image,), 120)
    _, engines2, _, ids2 = run_in_page_process(_read, (strip_image,), 120)
    assert engines1 == engines2 == 1 and ids1 == ids2
    # MiB (the language data) the page process does not count as growth to retire for: 4.9-15 MiB measured,
    # depending on what the heap already holds (a CI run read 4.87); without kept_resident it is 0
    assert resident > 1


def test_outside_a_page_process_the_command_runs_with_its_timeout(strip_image: np.ndarray) -> None:
    big = np.vstack([strip_image] * 6)
    with pytest.raises(PageTimeoutError):  # only the command has a timeout of its own
        run_tesseract(big, lang=LANG, timeout=0.05, make_pdf=False, library=True)
    assert not tesseract_api._engines


def test_library_diagnostics_do_not_reach_stderr(strip_image: np.ndarray, capfd: pytest.CaptureFixture[str]) -> None:
    # dpi 1 makes Tesseract warn "Invalid resolution 1 dpi. Using 70 instead." on its debug output
    out, _, _, _ = run_in_page_process(_read, (strip_image, 1), 120)
    assert out.words
    assert "resolution" not in capfd.readouterr().err


def test_a_page_that_runs_too_long_in_the_library_is_stopped(strip_image: np.ndarray) -> None:
    big = np.vstack([strip_image] * 40)  # ~80 lines: longer than the deadline plus its grace
    started = time.monotonic()
    with pytest.raises(PageTimeoutError):
        run_in_page_process(_read, (big,), 0.2)
    assert time.monotonic() - started < 6
    out, engines, _, _ = run_in_page_process(_read, (strip_image,), 120)  # a fresh page process
    assert engines == 1 and "12/3/2019/Rev" in out.text


def test_only_8_bit_gray_rgb_or_rgba_arrays_go_to_the_library() -> None:
    gray = np.zeros((4, 5), np.uint8)
    assert library_can_read(gray) and library_can_read(np.zeros((4, 5, 3), np.uint8))
    assert library_can_read(np.zeros((4, 5, 4), np.uint8))
    assert not library_can_read(gray.astype(np.uint16)) and not library_can_read(gray.astype(np.float32))
    assert not library_can_read(np.zeros((4, 5, 2), np.uint8))


def test_an_rgb_page_reads_the_same_through_the_library(strip_image: np.ndarray) -> None:
    rgb = np.dstack([strip_image] * 3)
    lib, engines, _, _ = run_in_page_process(_read, (rgb,), 120)
    cmd = run_tesseract(rgb, lang=LANG, dpi=300, make_pdf=False, library=False)
    assert engines == 1 and lib.text == cmd.text and lib.words == cmd.words


def _engines_loaded() -> list[int]:
    return [id(e) for e in tesseract_api._engines.values()]


def test_warm_up_loads_the_language_data_before_the_first_page(strip_image: np.ndarray) -> None:
    """A pool started ahead of its work (LocalExecutor.warm) has its page process up with the
    language data loaded: the first page uses that engine, it is not loaded again."""
    from dataclasses import replace

    from ocr.options import OcrOptions
    from ocr.read import warm_up
    from ocr.watchdog import stop_page_process

    stop_page_process()  # a fresh page process, as in a new pool process
    assert run_in_page_process(_engines_loaded, (), 60) == []
    warm_up(replace(OcrOptions(), lang=LANG))
    warmed = run_in_page_process(_engines_loaded, (), 60)
    assert len(warmed) == 1
    _, engines, _, ids = run_in_page_process(_read, (strip_image,), 120)
    assert engines == 1 and ids == warmed
