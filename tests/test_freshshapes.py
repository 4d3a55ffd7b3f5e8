"""tests/freshshapes.py draws every kind deterministically (tuning fonts only: the bench's held-out
faces and seeds are never used by a test)."""

from __future__ import annotations

import numpy as np
import pytest

from tests import freshshapes


@pytest.mark.parametrize("kind", freshshapes.KINDS)
def test_every_kind_is_drawn_the_same_way_twice(kind: str) -> None:
    a, b = freshshapes.make(kind, "gargi", 2), freshshapes.make(kind, "gargi", 2)
    grey = np.asarray(a.image)
    ink = grey < np.median(grey) - 40  # a carbon copy is grey on grey
    assert np.array_equal(np.asarray(a.image), np.asarray(b.image)) and a.text == b.text
    assert len(a.text.splitlines()) >= 4 and ink.mean() > 0.002
    wide = a.image.width > a.image.height
    assert wide == (kind == "landscape")
    turned, dpi = freshshapes.scan(a, 90)
    assert turned.shape[0] == round(a.image.width * dpi / 300) and dpi in (200, 300)
