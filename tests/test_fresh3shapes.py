"""tests/fresh3shapes.py draws each kind deterministically, quickly and with the shape it claims (a tuning
face only: the bench's faces and seeds are never used by a test)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from tests import fresh3shapes as f3


@pytest.mark.parametrize("kind", f3.KINDS)
def test_each_kind_repeats_itself_cheaply(kind: str) -> None:
    pages, costs = [], []
    for _ in range(2):
        began = time.process_time()
        pages.append(f3.make(kind, "lohit", 5))
        costs.append(time.process_time() - began)
    assert pages[0].text == pages[1].text and np.array_equal(np.asarray(pages[0].image), np.asarray(pages[1].image))
    assert min(costs) < 6.0  # CPU seconds: a bench page costs a fraction of its reading
    assert pages[0].image.mode == ("RGB" if kind in f3.COLOUR else "L")
    assert len(pages[0].text.split()) >= 40 and (np.asarray(pages[0].image.convert("L")) < 100).mean() > 0.004


def test_the_shapes_are_there() -> None:
    side = f3.make("sideways", "gargi", 5).image
    assert side.width > side.height  # upright is the way the table reads
    wedge = np.asarray(f3.make("wedge", "gargi", 5).image)
    assert (wedge[:, :40] < 60).mean() > 0.9 and (wedge < 60).mean() > 0.05  # the black frame and the wedge
    tint = np.asarray(f3.make("tinted", "gargi", 5).image, np.float32)
    paper = tint[tint.sum(axis=2) > 500]
    assert np.abs(paper[:, 0] - paper[:, 1]).mean() > 10  # coloured paper, not grey
    stamp = np.asarray(f3.make("stamped", "gargi", 5).image, np.int32)
    assert ((stamp[..., 2] - stamp[..., 1]) > 60).sum() > 5000  # violet and blue ink over the letter


def test_scan_turns_colour_and_grey_alike_and_keeps_the_damage() -> None:
    for kind in ("highlight", "folded"):
        page = f3.make(kind, "gargi", 5)
        upright, dpi = f3.scan(page, 0)
        turned, again = f3.scan(page, 270)[0], f3.scan(page, 270)[0]
        assert upright.mode == page.image.mode and upright.info["dpi"] == (dpi, dpi)
        assert turned.size == upright.size[::-1] and (np.asarray(turned) == np.asarray(again)).all()
    assert f3.make("book", "gargi", 6).text != f3.make("book", "gargi", 5).text
    assert sorted({f3.turn_of(k, i) for k in f3.KINDS for i in range(3)}) == [90, 180, 270]
