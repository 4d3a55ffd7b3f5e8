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


def _orient_with(ways: dict, cue: str) -> tuple[int, list[int]]:
    """``ocr.upright._orient`` over faked readings (no Tesseract): the first at 0 with orientation ``cue``."""
    from ocr.upright import PageReading, _orient

    read: list[int] = []

    def read_as(rotation: int | None, undo: frozenset[str] = frozenset()):  # type: ignore[no-untyped-def]
        r = 0 if rotation is None else rotation
        read.append(r)
        pre = dataclasses.replace(preprocess(np.full((40, 40), 255, np.uint8), 300, OPTS), rotation=r,
                                  orientation_cue=cue if rotation is None else "given")
        return PageReading(pre, None, OPTS.lang, (), ways[r])  # type: ignore[arg-type]

    chosen, _ = _orient(read_as, OPTS)
    return chosen.rotation, read


def test_the_rescue_follows_a_way_it_read_whose_words_stand_on_end() -> None:
    """A ruled table turned 270 whose lines the shapes took as level, its probe weak (tests/pageshapes.py
    table-merged, Noto Serif, seed 2): as scanned garbage (words flat, 0.10 on end), at 180 every word on end.
    The rescue read 180 only, and kept the page sideways; the 180 reading points to 90 and 270."""
    from ocr.judge import Judged

    ways = {0: Judged(1.3, 53, 7, 0.1, 0.36, False), 180: Judged(1.7, 63, 38, 0.95, 0.93, False),
            90: Judged(37.3, 63, 40, 0.0, 0.9, False), 270: Judged(2.0, 60, 5, 0.9, 0.4, False)}
    rotation, read = _orient_with(ways, "tesseract:weak(probe 1 vs 1, q0.15/0.00,weak)")
    assert rotation == 90 and sorted(read) == [0, 90, 180, 270], read


def test_no_words_read_after_a_weak_probe_that_read_words_is_doubtful() -> None:
    """A numeric table turned 270, taken as level, its probe weak (27 vs 33 at quality 0.04; table-numeric, Lohit):
    the page read as scanned found no words. The probe's strip read words, so the page has text: the other ways
    are read."""
    from ocr.judge import Judged

    empty = Judged(0.0, 0, 0, 0.0, 0.0, False)
    ways = {0: empty, 180: Judged(1.0, 50, 3, 0.9, 0.5, False), 90: Judged(50.0, 53, 40, 0.0, 0.9, False),
            270: Judged(2.0, 60, 5, 0.9, 0.4, False)}
    assert _orient_with(ways, "tesseract:weak(probe 27 vs 33, q0.04/0.01,weak)") == (90, [0, 180, 90, 270])
    assert _orient_with({0: empty}, "shape") == (0, [0])  # a blank page: no reading found words, nothing more


def test_the_rescue_stops_once_a_reading_that_is_not_doubtful_wins() -> None:
    """A page turned 90 read as scanned with its words on end: the rescue reads 90 (sound, kept) and 270. The 270
    reading's words on end point to 180, but a way read that is not doubtful has won: 180 is not read (as before
    ADR 0055: the rescue's readings follow a doubtful reading, not a sound one)."""
    from ocr.judge import Judged

    ways = {0: Judged(1.0, 50, 3, 0.9, 0.5, False), 90: Judged(50.0, 53, 40, 0.0, 0.9, False),
            270: Judged(2.0, 60, 5, 0.9, 0.4, False), 180: Judged(1.0, 50, 3, 0.9, 0.5, False)}
    assert _orient_with(ways, "shape") == (90, [0, 90, 270])
