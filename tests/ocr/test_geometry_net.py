"""Crop and deskew do no harm (issue 17, ADR 0027): a decision on strong evidence is applied, one on
weak evidence is read both ways and the better reading is kept (a tie keeps the page as scanned).

Pages of tests/pageshapes.py in the tuning fonts (the bench holds the others out): skewed 0.5-8
degrees, on a dark scanner lid, cut so the text runs to the edge, under a reverse-printed masthead.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest

from ocr import OcrOptions
from ocr.evidence import crop_evidence, skew_evidence
from ocr.preprocess import _ink_mask, _points, border_crop, preprocess
from ocr.upright import read_upright
from tests import pagegen, pageshapes

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False, watchdog=False)


def _evidence(image: np.ndarray, angle: float | None = None):  # type: ignore[no-untyped-def]
    from ocr.evidence import best_angle

    xs, ys = _points(_ink_mask(image, 300))
    return skew_evidence(xs, ys, best_angle(xs, ys)[0] if angle is None else angle)


@pytest.mark.parametrize(("kind", "font", "skew"), [("dense", "gargi", 3.0), ("large", "sarai", -4.0),
                                                    ("table", "lohit", 8.0), ("stamp", "noto-serif", 2.5)])
def test_a_clear_skew_is_strong_evidence(kind: str, font: str, skew: float) -> None:
    ev = _evidence(pageshapes.scanned(pageshapes.make(kind, font, 2), skew=skew))
    assert abs(ev.angle - skew) <= 0.2 and ev.strong, ev


@pytest.mark.parametrize("skew", [1.0, 1.5])
def test_a_small_skew_is_strong_only_on_certain_lines(skew: float) -> None:
    """1-2 degrees: a dense page's lines are certainly that skewed; a cover's few lines and emblem are not."""
    ev = _evidence(pageshapes.scanned(pageshapes.make("dense", "gargi", 2), skew=skew))
    assert abs(ev.angle - skew) <= 0.2 and ev.strong and ev.gain >= 1.3, ev
    ev = _evidence(pageshapes.scanned(pageshapes.make("cover", "gargi", 2), skew=skew))
    assert abs(ev.angle - skew) <= 0.2 and not ev.strong and ev.gain < 1.3, ev


def test_a_wrong_angle_is_weak_evidence() -> None:
    """The same page, the skew proposed 5 degrees off: the lines are less sharp there than at 0."""
    image = pageshapes.scanned(pageshapes.make("dense", "gargi", 2))
    assert _evidence(image).angle == pytest.approx(0.0, abs=0.15)
    wrong = _evidence(image, 5.0)
    assert wrong.gain < 1.0 and not wrong.strong


def test_crop_evidence() -> None:
    page = pageshapes.make("stamp", "gargi", 2)
    lid = pageshapes.scanned(page, border=60)
    assert crop_evidence(lid, border_crop(lid), 300).strong
    edge = pageshapes.edge_reaching(page)
    ev = crop_evidence(edge, border_crop(edge), 300)
    assert not ev.strong and set(ev.touching) == {"left", "top"}, ev
    head, _ = pageshapes.masthead(page)
    ev = crop_evidence(head, border_crop(head), 300)
    assert ev.cut[1] >= 190 and not ev.strong and ev.light > 0.01, ev  # the white letters are in the cut
    wide = pageshapes.scanned(page, border=400)  # 13-19 % of the width: more than a lid shows
    ev = crop_evidence(wide, border_crop(wide), 300)
    assert not ev.strong and ev.widest > 0.10, ev


def _read(image: np.ndarray):  # type: ignore[no-untyped-def]
    return read_upright(image, 300, OPTS, deadline=time.perf_counter() + 300)


def _net(reading) -> list[str]:  # type: ignore[no-untyped-def]
    return [n for n in reading.notes if n.startswith("geometry:")]


def test_a_wrong_deskew_is_not_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    """The skew search made to propose 5 degrees on an upright page: weak evidence, read both ways,
    the page is kept as scanned."""
    from ocr import preprocess as pp

    real = pp.best_angle
    monkeypatch.setattr(pp, "best_angle", lambda xs, ys: (real(xs, ys)[0] + 5.0, real(xs, ys)[1]))
    page = pageshapes.make("dense", "gargi", 2)
    image = pageshapes.scanned(page)
    assert "deskew" in preprocess(image, 300, OPTS).doubts
    reading = _read(image)
    assert reading.pre.skew_degrees == 0.0 and not any(s.startswith("deskew:") for s in reading.pre.steps)
    assert _net(reading) and _net(reading)[0].startswith("geometry:undone deskew"), reading.notes
    assert pagegen.cer(page.text, reading.out.text) < 0.03


def test_a_strong_deskew_is_applied_with_one_reading() -> None:
    page = pageshapes.make("dense", "gargi", 2)
    reading = _read(pageshapes.scanned(page, skew=4.0))
    assert "deskew:4.00" in reading.pre.steps and not reading.pre.doubts and not _net(reading), reading.notes
    assert pagegen.cer(page.text, reading.out.text) < 0.03


def test_an_uncertain_small_skew_is_read_both_ways() -> None:
    page = pageshapes.make("cover", "lohit", 2)
    reading = _read(pageshapes.scanned(page, skew=1.5))
    note = _net(reading)
    assert note and ",readings:2," in note[0], reading.notes
    kept = note[0].startswith("geometry:kept")
    assert (reading.pre.skew_degrees == 1.5) is kept and (reading.pre.skew_residue == 1.5) is not kept
    assert all(line in reading.out.text for line in page.text.splitlines()[:3]), reading.out.text  # the titles


def test_a_strong_crop_is_applied_with_one_reading() -> None:
    page = pageshapes.make("stamp", "gargi", 2)
    reading = _read(pageshapes.scanned(page, border=60, skew=3.0))
    assert reading.pre.steps[0].startswith("crop:") and "?" not in reading.pre.steps[0] and not _net(reading)
    assert pagegen.cer(page.text, reading.out.text) < 0.05


def test_a_lid_on_a_level_page_is_left() -> None:
    """Measured (bench/ocr_geometry.py): a lid on a level page reads as well as cut; nothing is done."""
    page = pageshapes.make("stamp", "gargi", 2)
    image = pageshapes.scanned(page, border=60)
    reading = _read(image)
    assert reading.pre.steps == () and reading.pre.image.shape == image.shape and not _net(reading)


def test_a_crop_into_a_masthead_is_not_applied() -> None:
    """The band's rows are as dark as a scanner lid, but it holds the heading in white: the page is
    kept whole."""
    page = pageshapes.make("large", "gargi", 2)
    image, _ = pageshapes.masthead(page)
    reading = _read(image)
    assert reading.pre.image.shape == image.shape and not any(s.startswith("crop:") for s in reading.pre.steps)
    assert pagegen.cer(page.text, reading.out.text) < 0.05


def test_text_running_to_the_edge_is_not_lost() -> None:
    """Skewed text cut to run into the lid: the crop is weak (ink at the cut), read both ways."""
    page = pageshapes.make("dense", "lohit", 2)
    reading = _read(pageshapes.edge_reaching(page, skew=3.0))
    assert _net(reading) and " crop(" in _net(reading)[0], reading.notes
    first = page.text.splitlines()[0].split()[0]
    assert first in reading.out.text and pagegen.cer(page.text, reading.out.text) < 0.05


def test_a_doubtful_crop_is_weighed_against_the_page_as_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large type cut to run into a lid, skewed 2.5 degrees: the crop is weak. The other reading is the
    page as scanned (no crop, no deskew), not the page deskewed and uncut (the lid turned into dark
    wedges over the line ends: ADR 0027's note, bench/ocr_small_skew.py read 17 edits cut and deskewed
    where the page as scanned read 2). Real Tesseract; the readings made are recorded."""
    from ocr import upright

    made: list[tuple[frozenset[str], object]] = []
    real = upright.preprocess

    def recording(image, dpi, options, **kw):  # type: ignore[no-untyped-def]
        pre = real(image, dpi, options, **kw)
        made.append((kw.get("undo", frozenset()), pre))
        return pre

    monkeypatch.setattr(upright, "preprocess", recording)
    page = pageshapes.make("large", "lohit", 2)
    image = pageshapes.edge_reaching(page, skew=-2.5)
    reading = _read(image)
    assert "crop" in made[0][1].doubts and any(s.startswith("deskew:") for s in made[0][1].steps), made[0][1]
    assert len(made) == 2 and made[1][0] == frozenset({"crop", "deskew"}), [m[0] for m in made]
    scanned = made[1][1]
    assert scanned.steps == () and scanned.image.shape == image.shape  # the page as scanned, lid and skew
    # whichever reading is kept, it is never worse than the page as scanned read on its own
    plain = upright._read_plain(scanned, 300, OPTS, time.perf_counter() + 300, False)
    assert pagegen.cer(page.text, reading.out.text) <= pagegen.cer(page.text, plain.out.text) + 0.01, reading.notes


def test_a_small_certain_deskew_is_kept_on_one_reading_only_when_it_reads_cleanly() -> None:
    """Under 2 degrees Tesseract fits the baselines itself (ADR 0004), so even lines that are certainly
    skewed (strong evidence of the angle) are no evidence that the deskew helps the reading: a small
    deskew is kept on one reading when that reading is clean (sound, no line of gibberish), else the
    page is read as scanned too and the better reading kept (ADR 0027, 2026-12-06 update; a held-out
    letter deskewed 1.1 degrees lost its angled stamp: 57 edits against 6 as scanned). Readings faked."""
    from ocr.judge import Judged
    from ocr.upright import PageReading, _without_doubts

    page = pageshapes.make("dense", "gargi", 2)
    pre = preprocess(pageshapes.scanned(page, skew=1.5), 300, OPTS)
    assert pre.checks == ("deskew",) and not pre.doubts and any(s.startswith("deskew:") for s in pre.steps), pre
    clean = Judged(60.0, 70, 60, 0.0, 0.9, False)
    scrawl = dataclasses.replace(clean, gibberish_lines=1)  # a line of junk: a stamp or a scrawl read as letters
    assert clean.clean and scrawl.sound and not scrawl.clean
    made: list[frozenset[str]] = []

    def read_as(judged: Judged):  # type: ignore[no-untyped-def]
        def read(rotation: int | None, undo: frozenset[str] = frozenset()) -> PageReading:
            made.append(undo)
            return PageReading(dataclasses.replace(pre, checks=(), steps=()), None, OPTS.lang, (), judged)  # type: ignore[arg-type]
        return read

    first = PageReading(pre, None, OPTS.lang, (), clean)  # type: ignore[arg-type]
    assert _without_doubts(first, read_as(clean)) == (first, "") and made == []
    first = PageReading(pre, None, OPTS.lang, (), scrawl)  # type: ignore[arg-type]
    chosen, note = _without_doubts(first, read_as(dataclasses.replace(scrawl, score=61.0)))
    assert made == [frozenset({"deskew"})] and chosen is not first and note.startswith("geometry:undone deskew"), note
    chosen, note = _without_doubts(first, read_as(scrawl))  # a tie keeps the page as scanned
    assert chosen is not first and note.startswith("geometry:undone"), note
    chosen, note = _without_doubts(first, read_as(dataclasses.replace(scrawl, score=50.0)))
    assert chosen is first and note.startswith("geometry:kept deskew"), note
    big = preprocess(pageshapes.scanned(page, skew=4.0), 300, OPTS)  # 2 degrees and more: strong on its own
    assert not big.checks and not big.doubts and "deskew:4.00" in big.steps, big


def test_a_small_deskew_that_reads_cleanly_costs_no_second_reading() -> None:
    page = pageshapes.make("dense", "gargi", 2)
    reading = _read(pageshapes.scanned(page, skew=1.5))
    assert reading.judged.clean and any(s.startswith("deskew:1.") for s in reading.pre.steps), reading.notes
    assert not _net(reading) and pagegen.cer(page.text, reading.out.text) < 0.03, reading.notes
