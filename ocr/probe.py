"""The Tesseract orientation probe: a small strip of the page read as is and turned 180 (ocr/preprocess.py reads
it only when the shape cues are unsure), and how strong its evidence for a turn is (ADR 0055).

The probe decides by confidence x characters (which half of the strip reads more text, more surely). Its evidence
is **weak** when the winning half, judged as a page reading is (ocr/judge.py), is doubtful: under
``GARBAGE_QUALITY`` confident real words per word read (or its words on end). A real 1871 letter's strip read 49
against 58 at quality 0.10 and proposed 180; the page read turned was garbage, read as scanned was right
(docs/benchmarks.md, "Where the CPU of real pages goes"). On the tuning pages of the orientation benches
(bench/ocr_probe_survey.py) every wrong turn the probe proposed had a winning half under quality 0.2. A weak
probe proposes no turn: the page is read as scanned first, and a doubtful reading is read the other ways up
(ocr/upright.py's rescue), the proposed turn among them.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.glance import to_gray
from ocr.judge import Judged, judge_words
from ocr.options import OcrOptions
from ocr.tesseract import run_tesseract

WEAK = "tesseract:weak"  # the orientation cue of a page whose probe was weak and proposed a turn (ocr/preprocess.py)


@dataclass(frozen=True)
class Probe:
    """The strip's two readings: as is and turned 180, each judged, and their confidence x characters."""

    as_is: Judged
    turned: Judged
    scores: tuple[float, float] = (0.0, 0.0)

    @property
    def upright(self) -> bool:
        return self.scores[0] >= self.scores[1]

    @property
    def weak(self) -> bool:
        """No evidence for a turn: the winning half reads as garbage (or nothing)."""
        won = self.as_is if self.upright else self.turned
        return won.doubtful or not won.words

    def note(self) -> str:
        return (f"probe {self.scores[0]:.0f} vs {self.scores[1]:.0f}, q{self.as_is.quality:.2f}/"
                f"{self.turned.quality:.2f}{',weak' if self.weak else ''}")


UPRIGHT = Probe(Judged(0.0, 0, 0, 0.0, 0.0, False), Judged(0.0, 0, 0, 0.0, 0.0, False))  # no text to read


def probe_upright(upright: np.ndarray, options: OcrOptions, dpi: int, lang: str | None = None) -> Probe:
    """Tesseract on a small strip (about 1.5 inch tall, 150 dpi, median-filtered, middle of the text), as is and
    turned 180. Costs one small Tesseract run (~0.5 s CPU, mostly model loading)."""
    gray = to_gray(upright)
    ink = gray < 128
    rows, cols = np.nonzero(ink.mean(axis=1) > 0.002)[0], np.nonzero(ink.mean(axis=0) > 0.002)[0]
    if not len(rows) or not len(cols):
        return UPRIGHT
    centre, half = (int(rows[0]) + int(rows[-1])) // 2, int(0.75 * dpi)
    strip = gray[max(0, centre - half) : centre + half, int(cols[0]) : int(cols[-1]) + 1]
    f = min(1.0, 150 / max(dpi, 1))
    if f < 1:
        strip = cv2.resize(strip, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    strip = cv2.medianBlur(np.ascontiguousarray(strip[:, :1100]), 3)  # specks mislead a small run
    # One Tesseract process reads both: loading the language models is most of a small run's cost.
    gap = np.full((40, strip.shape[1]), 255, np.uint8)
    both = np.vstack([strip, gap, cv2.rotate(strip, cv2.ROTATE_180)])
    # the page's own limit, not a fixed one: under load a 30 s wall limit lost whole pages (the page budget,
    # ADR 0041, is what stops a page; the library path has no subprocess limit at all)
    out = run_tesseract(both, lang=lang or options.lang, dpi=150, timeout=options.page_timeout, make_pdf=False, psm=6,
                        library=options.tesseract_library)
    split = strip.shape[0] + gap.shape[0] // 2
    halves: tuple[list, list] = ([], [])
    score = [0.0, 0.0]
    for word in out.words:
        low = word.top + word.height // 2 > split
        halves[low].append(word)
        score[low] += word.confidence * len(word.text)
    return Probe(judge_words(tuple(halves[0]), ""), judge_words(tuple(halves[1]), ""), (score[0], score[1]))
