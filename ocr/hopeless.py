"""A page that reads as garbage both ways its words lie flat: its later readings are single readings (ADR 0049).

Every safety net of ocr/upright.py reads a page again when its reading looks like garbage: the other ways up,
without a doubtful crop or deskew, and inside each reading the routed language set read again with the
configured one (ocr/routing.py), a ruled grid read as a table, a ruled page read without its rules
(ocr/linerules.py), a framed page without its frame (ocr/frame.py). On a page Tesseract cannot read at all
(handwriting, a script we do not read) every one of them fires and none can win: a real handwritten register
page (kraken's, bench/ocr_real_scans.py) was read 12 times, at 13x plain Tesseract's CPU, and flagged
unreadable as it would have been after the first readings.

**Hopeless**: two readings of the same image at opposite turns (0 and 180, or 90 and 270) whose words both lie
flat (under ``GARBAGE_VERTICAL`` on end) and both read as garbage well below the line that calls a reading
unreadable (``garbage``). A page whose text lies flat at a turn reads at that turn or the opposite one; a
printed page read upside down is garbage, but not also the right way up. The floors are below the unreadable
rule's (quality 0.35, confidence 0.6, ocr/judge.py) so that a reading that nearly passes is not called hopeless.

From then on the page's readings are single readings with the configured language set (``single``): no routed
set read first, no table, unruled or unframed reading beside it. What still runs: every net that changes the
*image* (the page without a doubtful crop or deskew, its 3x3 median when speckled, the other ways up), each now
one reading. A reading already made with the same arguments is not made again (ocr/upright.py ``read_upright``).
"""

from __future__ import annotations

from dataclasses import replace

from ocr.judge import GARBAGE_VERTICAL, Judged
from ocr.options import OcrOptions

# A reading is garbage beyond doubt under these: a third of the unreadable rule's quality line (0.35) and a
# mean confidence under a coin toss (the rule's 0.6). kraken's handwritten page: quality 0.01-0.07 at
# confidence 0.22-0.30 every way up, every language set, with and without its crop.
HOPELESS_QUALITY, HOPELESS_CONFIDENCE = 0.12, 0.5


def garbage(judged: Judged) -> bool:
    """A reading whose words lie flat and that is unreadable by a wide margin."""
    return (
        judged.unreadable
        and judged.vertical < GARBAGE_VERTICAL
        and judged.quality < HOPELESS_QUALITY
        and judged.confidence < HOPELESS_CONFIDENCE
    )


def hopeless(readings: list[tuple[int, Judged]]) -> bool:
    """(turn, judgement) of readings of one image: two at opposite turns are garbage."""
    turns = {turn for turn, judged in readings if garbage(judged)}
    return any((turn + 180) % 360 in turns for turn in turns)


def single(options: OcrOptions) -> OcrOptions:
    """The options of a single reading: the configured language set, no net inside the reading."""
    return replace(options, lang_routing=False, tables=False, line_rules=False, frames=False)
