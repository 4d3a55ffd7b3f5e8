"""Page quality score and flags: good scans pass, poor captures ask for a rescan, unsure OCR for review."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from domain.types import FileKind, Word
from ocr import OcrOptions, read_page
from ocr.quality import NEEDS_RESCAN, NEEDS_REVIEW, CaptureFacts, assess, capture_facts
from tests import pagegen
from tests.ocr.conftest import write

OPTS = dataclasses.replace(OcrOptions(), make_pdf=False)
LIMITS = {"review_below": OPTS.review_below, "rescan_below": OPTS.rescan_below}


def _words(conf: float, n: int = 40) -> tuple[Word, ...]:
    return tuple(Word("शब्द", 10 * i, 10, 50, 20, conf) for i in range(n))


def test_capture_facts_see_blur_and_contrast(a5_page) -> None:  # type: ignore[no-untyped-def]
    sharp = capture_facts(np.asarray(a5_page), 300, False)
    soft = capture_facts(np.asarray(pagegen.degrade(a5_page, seed=1, blur=1.4, low_contrast=True)), 300, False)
    assert sharp.contrast > 200 and sharp.blur < 0.35
    assert soft.contrast < 120 and soft.blur > sharp.blur + 0.15


def test_contrast_of_a_page_with_very_little_ink() -> None:
    """A file number alone on a page is under 0.5 % ink: its contrast is still the ink's, not 0
    (which flagged such cover sheets needs_rescan for "low contrast")."""
    page = np.asarray(pagegen.render_lines(["F.No. 12/34/2019-Rev"], dpi=300, size="A4").convert("L"))
    assert (page < 128).mean() < 0.005
    assert capture_facts(page, 300, False).contrast > 150
    faded = np.asarray(pagegen.degrade(pagegen.render_lines(["F.No. 12/34/2019-Rev"], dpi=300, size="A4"),
                                       seed=2, low_contrast=True).convert("L"))
    assert capture_facts(faded, 300, False).contrast < capture_facts(page, 300, False).contrast
    rng = np.random.default_rng(0)  # paper grain alone is not ink
    grain = np.clip(235 + rng.normal(0, 6, (3508, 2480)), 0, 255).astype(np.uint8)
    assert capture_facts(grain, 300, False).contrast < 50


def test_good_page_is_not_flagged() -> None:
    q = assess(CaptureFacts(300, False, 240.0, 0.2), _words(0.93), 0.0, **LIMITS)
    assert q.flag is None and q.score > 0.9 and q.reasons == ("good",)


def test_unsure_ocr_on_a_good_capture_needs_review() -> None:
    q = assess(CaptureFacts(300, False, 240.0, 0.2), _words(0.55), 0.0, **LIMITS)
    assert q.flag == NEEDS_REVIEW and any("OCR confidence" in r for r in q.reasons)


def test_poor_capture_needs_rescan() -> None:
    q = assess(CaptureFacts(100, True, 45.0, 0.8), _words(0.5), 1.5, **LIMITS)
    assert q.flag == NEEDS_RESCAN
    text = " ".join(q.reasons)
    for part in ("low resolution 100 dpi", "assumed", "low contrast", "blurred", "skew 1.5"):
        assert part in text


def test_read_page_scores_and_flags(tmp_path: Path) -> None:
    lines = pagegen.office_lines(seed=31, n=6)
    clean = pagegen.render_lines(lines, size=(148, 100), dpi=300)
    page = read_page(write(tmp_path, "ok.png", pagegen.image_bytes(clean)), FileKind.PNG, 1, OPTS).text
    assert page.quality is not None and page.quality > 0.8 and page.flag is None
    bad = pagegen.degrade(pagegen.render_lines(lines, size=(148, 100), dpi=100), seed=3, blur=1.6, low_contrast=True,
                          noise=12)
    page = read_page(write(tmp_path, "bad.png", pagegen.image_bytes(bad, dpi=100)), FileKind.PNG, 1, OPTS).text
    assert page.flag == NEEDS_RESCAN, (page.quality, page.quality_reasons)
