"""The orientation probe's evidence (ADR 0055): a turn proposed on a weak probe is not read first.

The probe (ocr/probe.py) reads a small strip as is and turned 180. On a real 1871 letter it read its strip at
quality 0.10 and proposed 180 by 58 against 49; the page was read turned (garbage), then as scanned (kept):
9.1 CPU-s against plain Tesseract's 1.6. A weak probe now proposes no turn: the page as scanned is read first,
and only a doubtful reading is read the other ways up (ocr/upright.py's rescue).
"""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from domain.types import FileKind, Word
from ocr import OcrOptions, read_page
from ocr import tesseract as tess
from ocr.preprocess import preprocess
from tests import pagegen, pageshapes
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False)
GARBAGE = ["Sle", "iat", "rr", "Ei", "wo", "ae", "pe", "Vin", "oa", "nT"]  # what a strip read wrong way up reads as
WORDS = ["The", "committee", "met", "on", "the", "fourth", "of", "March", "and", "approved"]


def _english() -> np.ndarray:
    """An upright A5 English letter: no headlines, so its 0 vs 180 always goes to the probe."""
    lines = pagegen.office_lines(seed=11, n=10, english_share=1.0)
    return np.asarray(pagegen.degrade(pagegen.render_lines(lines, size="A5", font=pagegen.SERIF_FONT), seed=1))


def _stub_probe(monkeypatch: pytest.MonkeyPatch, top: tuple[list[str], float], bottom: tuple[list[str], float]
                ) -> list[int]:
    """The probe's Tesseract run (its strip, both halves, at 150 dpi, psm 6) answers ``top`` (the strip as is) and
    ``bottom`` (turned 180): (words, confidence); every other run is real. Returns the calls' count."""
    real, calls = tess.run_tesseract, []

    def run(image: np.ndarray, *, lang: str, dpi: int = 300, psm: int | None = None, **kw: object) -> tess.TesseractOutput:
        if not (dpi == 150 and psm == 6):
            return real(image, lang=lang, dpi=dpi, psm=psm, **kw)  # type: ignore[arg-type]
        calls.append(1)
        h = image.shape[0]
        words = tuple(Word(t, 60 * i, y, 50, 20, conf) for texts, conf, y in ((*top, 10), (*bottom, h - 30))
                      for i, t in enumerate(texts))
        return tess.TesseractOutput(" ".join(w.text for w in words), words, 0.5, None, 0.0)

    for name in ("ocr.preprocess", "ocr.probe"):  # where the probe runs Tesseract (ocr.preprocess before ADR 0055)
        try:
            monkeypatch.setattr(importlib.import_module(name), "run_tesseract", run, raising=False)
        except ImportError:
            pass
    return calls


def test_a_weak_probe_proposes_no_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    # garbage both halves, the turned one a little more: the congress letter's strip (49 vs 58, quality 0.10)
    calls = _stub_probe(monkeypatch, (GARBAGE[:8], 0.35), (GARBAGE, 0.36))
    pre = preprocess(_english(), 300, OPTS)
    assert calls == [1]
    assert pre.rotation == 0 and pre.orientation_cue.startswith("tesseract:weak"), (pre.rotation, pre.orientation_cue)


def test_a_strong_probe_still_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    # the turned half reads real words surely, the half as is garbage: the turn stands
    calls = _stub_probe(monkeypatch, (GARBAGE, 0.4), (WORDS, 0.9))
    pre = preprocess(_english(), 300, OPTS)
    assert calls == [1] and pre.rotation == 180 and pre.orientation_cue == "tesseract"


def _read(tmp_path: Path, image: np.ndarray):  # type: ignore[no-untyped-def]
    path = write(tmp_path, "page.png", pagegen.image_bytes(Image.fromarray(image)))
    return read_page(path, FileKind.PNG, 1, OPTS).text


def test_upright_page_with_a_weak_probe_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The old code read the proposed turn first (garbage), then the page as scanned: two readings for one."""
    _stub_probe(monkeypatch, (GARBAGE[:8], 0.35), (GARBAGE, 0.36))
    text = _read(tmp_path, _english())
    assert text.rotation == 0
    assert not any(s.startswith("orient:") for s in text.steps), text.steps


def test_turned_page_with_a_weak_probe_still_comes_upright(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Do no harm: the page is upside down, the probe's evidence for the turn weak; read as scanned it is garbage,
    and the rescue reads it turned 180 (the turn the probe proposed) and keeps that."""
    _stub_probe(monkeypatch, (GARBAGE, 0.35), (GARBAGE, 0.37))
    text = _read(tmp_path, np.ascontiguousarray(_english()[::-1, ::-1]))
    assert text.rotation == 180, text.steps
    assert any(s.startswith("orient:rescued 180") for s in text.steps), text.steps


def test_real_probe_weak_on_a_sparse_cover_reads_it_as_scanned_first(tmp_path: Path) -> None:
    """A real Tesseract probe on a generated upright report cover (three short centred lines and an emblem):
    with letterpress damage, its strip reads a few Latin letter groups either way and proposed 180 (measured: 2 vs
    6, quality 0.20 and 0.00). The page is read as scanned first, and once: the old code read it turned, then as scanned."""
    page = pageshapes.make("cover", "noto-serif", 2, letterpress=True)
    text = _read(tmp_path, pageshapes.turned(page, 0))
    assert text.rotation == 0
    assert not any(s.startswith("orient:") and " 180(" in s for s in text.steps), text.steps
