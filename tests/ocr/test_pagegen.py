"""The page generator is deterministic and renders what it says."""

import hashlib

import numpy as np

from tests import pagegen


def _digest(img) -> str:  # type: ignore[no-untyped-def]
    return hashlib.sha256(np.asarray(img).tobytes()).hexdigest()


def test_same_seed_same_pixels() -> None:
    lines = pagegen.office_lines(seed=3, n=4)
    assert lines == pagegen.office_lines(seed=3, n=4)
    img = pagegen.render_lines(lines, size="A6", dpi=150)
    a = pagegen.degrade(img, seed=5, skew=2, noise=6, speckle=0.01, border=10, jpeg_quality=60)
    b = pagegen.degrade(img, seed=5, skew=2, noise=6, speckle=0.01, border=10, jpeg_quality=60)
    assert _digest(a) == _digest(b)
    assert _digest(a) != _digest(pagegen.degrade(img, seed=6, skew=2, noise=6, speckle=0.01, border=10))


def test_paper_sizes_and_rotation() -> None:
    img = pagegen.render_lines(["x"], size="A5", dpi=300)
    assert img.size == (1748, 2480)
    assert pagegen.degrade(img, seed=0, rotate=90).size == (2480, 1748)
    assert pagegen.degrade(img, seed=0, yellow=True).mode == "RGB"


def test_latin_is_drawn_with_the_fallback_font() -> None:
    # Noto Sans Devanagari has no Latin letters; without the fallback they would be empty boxes.
    runs = pagegen._runs("कार्यालय Office 12", str(pagegen.DEFAULT_FONT), str(pagegen.LATIN_FONT))
    assert [r[1] for r in runs] == [str(pagegen.DEFAULT_FONT), str(pagegen.LATIN_FONT)]


def test_cer_helper() -> None:
    assert pagegen.cer("शिक्षा", "शिक्षा") == 0.0
    assert pagegen.cer("abcd", "abed") == 0.25
    assert pagegen.cer("a  b\nc", "a b c") == 0.0
