"""tests/fresh2shapes.py draws every kind deterministically and quickly (a tuning face only: the bench's
faces and seeds are never used by a test)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from tests import fresh2shapes


@pytest.mark.parametrize("kind", fresh2shapes.KINDS)
def test_every_kind_is_drawn_the_same_way_twice_and_quickly(kind: str) -> None:
    started = time.process_time()
    a = fresh2shapes.make(kind, "gargi", 3)
    took = time.process_time() - started
    b = fresh2shapes.make(kind, "gargi", 3)
    assert np.array_equal(np.asarray(a.image), np.asarray(b.image)) and a.text == b.text
    assert took < 5.0  # CPU seconds: a bench page costs a fraction of its reading
    assert len(a.text.splitlines()) >= 8 and (np.asarray(a.image) < 100).mean() > 0.004


def test_scan_turns_the_page_keeps_its_damage_and_says_its_dpi() -> None:
    page = fresh2shapes.make("challan", "lohit", 3)
    upright, dpi = fresh2shapes.scan(page, 0)
    turned, dpi_turned = fresh2shapes.scan(page, 90)
    again, _ = fresh2shapes.scan(page, 90)
    assert dpi == dpi_turned and dpi in (200, 300) and upright.info["dpi"] == (dpi, dpi)
    assert turned.size == (upright.height, upright.width)
    assert np.array_equal(np.asarray(turned), np.asarray(again))
    assert fresh2shapes.make("challan", "lohit", 4).text != page.text  # the seed matters
    assert {fresh2shapes.turn_of(k, f) for k in fresh2shapes.KINDS for f in range(3)} == {90, 180, 270}
