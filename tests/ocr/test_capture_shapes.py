"""Capture faults of real office scans and phone photos (issue 17; tests/captureshapes.py, found by
bench/ocr_capture_probe.py; docs/adr/0035-*): the world around the sheet is not text, and a turn chosen on
a reading the geometry net replaced is looked at again. Tuning fonts only (the bench holds one out)."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from domain.types import FileKind
from ocr import OcrOptions, read_page
from ocr.judge import Judged
from ocr.preprocess import Preprocessed, preprocess
from ocr.quality import is_unreadable
from tests import captureshapes, pagegen
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)


@cache
def _phone(font: str) -> captureshapes.Capture:
    return captureshapes.make("phone", font, 11)


@pytest.mark.parametrize("turn", [90, 270])
@pytest.mark.parametrize("font", ["noto-serif", "lohit"])
def test_a_phone_photo_on_a_desk_is_turned_by_its_lines_not_the_desks_edges(font: str, turn: int) -> None:
    # The dark desk was ink to the analysis: cut at the edges, its keystoned wedges' long slanted edges said
    # "upright, skewed 10.5 degrees" on a page turned 90 (a crop and a deskew on weak evidence, a probe).
    pre = preprocess(np.asarray(captureshapes.scan(_phone(font), turn)), 300, OPTS)
    assert pre.rotation == (360 - turn) % 360 and pre.orientation_cue == "shape", pre.steps
    assert not pre.doubts, pre.steps


def test_a_phone_photo_turned_90_is_read_upright(tmp_path: Path) -> None:
    cap = _phone("lohit")
    path = write(tmp_path, "photo.png", pagegen.image_bytes(captureshapes.scan(cap, 90), dpi=captureshapes.PHONE_DPI))
    text = read_page(path, FileKind.PNG, 1, OPTS).text
    assert text.rotation == 270, text.steps
    assert not is_unreadable(text.quality_reasons), text.quality_reasons
    assert pagegen.cer(cap.text, text.text) < 0.1, text.text[:200]


def test_what_lies_round_the_sheet_leaves_the_mask_and_the_text_stays() -> None:
    from ocr.inkmask import without_surround

    mask = np.zeros((300, 200), bool)
    mask[:, :30] = True  # a desk at the left edge
    mask[:25, 30:60] = True  # ... with a wedge
    mask[100:108, 80:120] = True  # a word in the middle
    mask[150:156, 180:] = True  # a word running off the other edge (a tight copy): small
    mask[200:202, 40:] = True  # a rule to the edge, and a column rule meeting it: a thin grid, not solid
    mask[200:290, 150:152] = True
    out = without_surround(mask)
    assert not out[:, :30].any() and not out[:25, 30:60].any()
    assert out[100:108, 80:120].all() and out[150:156, 180:].all() and out[200:202, 40:].all()
    assert out[200:290, 150:152].all()
    clean = np.zeros((300, 200), bool)
    clean[100:108, 80:120] = True
    assert (without_surround(clean) == clean).all()


def _fake(rotation: int, doubts: tuple[str, ...]) -> Preprocessed:
    return Preprocessed(np.full((40, 40), 255, np.uint8), (), rotation, 0.0, doubts=doubts)


def _fake_preprocess(image, dpi, options, ignore=(), rotation=None, undo=frozenset()):  # type: ignore[no-untyped-def]
    """Upright as the shape cues say, with a doubtful crop and deskew unless they are undone."""
    r = 0 if rotation is None else rotation
    return _fake(r, ("crop", "deskew") if r == 0 and "crop" not in undo else ())


def test_a_turn_chosen_on_a_reading_the_geometry_net_replaced_is_looked_at_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shape cues fooled (as the desk fooled them before without_surround): the page turned 90 is
    called upright with a doubtful crop and deskew, whose reading finds no words; read without them, its
    words stand on end. The sideways ways are read for that reading too, and 270 reads upright. The
    readings are faked (no Tesseract)."""
    from ocr import upright

    empty, on_end = Judged(0.0, 0, 0, 0.0, 0.0, False), Judged(5.9, 261, 240, 0.97, 0.94, False, unscaled=239.5)
    good, garbage = Judged(236.1, 267, 250, 0.0, 0.93, False), Judged(8.0, 200, 20, 0.05, 0.4, False)
    read: list[tuple[int, bool]] = []

    def fake_read(pre, dpi, options, deadline, pdf_image):  # type: ignore[no-untyped-def]
        read.append((pre.rotation, bool(pre.doubts)))
        judged = {0: on_end, 270: good}.get(pre.rotation, garbage) if not pre.doubts else empty
        return upright.PageReading(pre, None, options.lang, (), judged)  # type: ignore[arg-type]

    monkeypatch.setattr(upright, "preprocess", _fake_preprocess)
    monkeypatch.setattr(upright, "_read", fake_read)
    chosen = upright.read_upright(np.full((40, 40), 255, np.uint8), 300, OPTS, deadline=1e12)
    assert chosen.rotation == 270 and chosen.judged is good, (read, chosen.notes)
    assert read[:2] == [(0, True), (0, False)] and sorted(read[2:]) == [(90, False), (270, False)], read
    assert any(n.startswith("orient:rescued 270") for n in chosen.notes), chosen.notes


def test_a_turn_the_geometry_net_kept_is_not_looked_at_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    """A doubtful page whose doubtful crop and deskew the geometry net keeps: the other ways up were read
    when the turn was chosen, and the reading kept is that one, so nothing is read again (review, ADR
    0035: the second look is for a reading the net replaced). Faked readings (no Tesseract)."""
    from ocr import upright

    kept, without = Judged(8.0, 200, 20, 0.05, 0.4, False), Judged(4.0, 200, 10, 0.05, 0.3, False)
    other = Judged(3.0, 200, 8, 0.05, 0.3, False)
    read: list[tuple[int, bool]] = []

    def fake_read(pre, dpi, options, deadline, pdf_image):  # type: ignore[no-untyped-def]
        read.append((pre.rotation, bool(pre.doubts)))
        judged = (kept if pre.doubts else without) if pre.rotation == 0 else other
        return upright.PageReading(pre, None, options.lang, (), judged)  # type: ignore[arg-type]

    monkeypatch.setattr(upright, "preprocess", _fake_preprocess)
    monkeypatch.setattr(upright, "_read", fake_read)
    chosen = upright.read_upright(np.full((40, 40), 255, np.uint8), 300, OPTS, deadline=1e12)
    assert chosen.rotation == 0 and chosen.judged is kept, (read, chosen.notes)
    assert any(n.startswith("geometry:kept") for n in chosen.notes), chosen.notes
    assert (0, False) in read and len(read) == len(set(read)), read
