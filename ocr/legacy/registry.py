"""Which legacy layouts a font name points to, and the readings of one font's text to compare.

A PDF names its fonts (``ABCDEE+DV-TTSurekh,Bold``, ``Walkman-Chanakya905Normal``); the name
points to a family, and a family can have more than one layout (the DV-TT fonts of Lok Sabha
debates and of the Constitution are not laid out like Padma's DV-TTSurekh). So a named font gets
its family's layouts as candidates, an unnamed font whose text looks like a legacy encoding gets
every layout, and :func:`best_reading` keeps whichever reading of that font's text scores best
(ocr/reading.py), the unconverted text included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ocr.legacy.chanakya import CHANAKYA, WALKMAN_CHANAKYA
from ocr.legacy.isfoc import DV_DIVYAE, DV_TT, DVB_TT
from ocr.legacy.kruti import KRUTIDEV
from ocr.legacy.shape import Layout, convert
from ocr.legacy.shusha import APS_DV, SHUSHA
from ocr.reading import Reading, read

LAYOUTS: tuple[Layout, ...] = (KRUTIDEV, DV_TT, DV_DIVYAE, DVB_TT, CHANAKYA, WALKMAN_CHANAKYA, SHUSHA, APS_DV)
BY_NAME = {layout.name: layout for layout in LAYOUTS}

# font-name pattern -> candidate layouts, most likely first (first match wins)
_FAMILIES: tuple[tuple[re.Pattern[str], tuple[Layout, ...]], ...] = (
    (re.compile(r"kruti|devlys", re.I), (KRUTIDEV,)),
    (re.compile(r"walkman", re.I), (WALKMAN_CHANAKYA, CHANAKYA)),
    (re.compile(r"chanakya", re.I), (CHANAKYA, WALKMAN_CHANAKYA)),
    (re.compile(r"dvbw?-?tt", re.I), (DVB_TT, DV_TT, DV_DIVYAE)),
    (re.compile(r"divya", re.I), (DV_DIVYAE, DV_TT)),
    (re.compile(r"dvw?-?tt", re.I), (DV_TT, DV_DIVYAE, DVB_TT)),  # not DVOT-: OpenType Unicode fonts
    (re.compile(r"shusha|\bshu-?\d", re.I), (SHUSHA,)),
    (re.compile(r"aps-?c?-?dv|aps ?dv", re.I), (APS_DV,)),
)
LEGACY_FONT = re.compile("|".join(p.pattern for p, _ in _FAMILIES) +
                         r"|shivaji|kundli|agra\b|kanika|susha|amar ?ujala|naidunia|akruti", re.I)
MIN_GAIN = 0.25  # an unnamed font is converted only when the word-list share gains this much


def base_name(font: str) -> str:
    """``ABCDEE+DV-TTSurekh,Bold`` -> ``DV-TTSurekh,Bold``: the subset tag is not part of the name."""
    return font.split("+", 1)[1] if "+" in font[:7] else font


def layouts_for_font(font: str) -> tuple[Layout, ...]:
    """The layouts a font's name points to, most likely first; () when the name says nothing."""
    name = base_name(font)
    for pattern, layouts in _FAMILIES:
        if pattern.search(name):
            return layouts
    return ()


@dataclass(frozen=True)
class FontReading:
    """The reading kept for one font's text, and what the others scored."""

    font: str
    layout: Layout | None  # None: the text is kept as it is
    reading: Reading
    scores: tuple[tuple[str, float], ...]  # (candidate name, word-list share), "raw" included
    named: bool  # the font's name points to a legacy family

    def note(self) -> str:
        tried = ",".join(f"{name}={share:.2f}" for name, share in self.scores)
        chosen = self.layout.name if self.layout else "raw"
        return f"{base_name(self.font)}:{chosen}({tried})"


def best_reading(font: str, text: str, *, looks_legacy: bool) -> FontReading:
    """Read ``text`` (all of one font's characters on a page) as it is and through each candidate
    layout; keep the best. A named legacy font is converted unless the raw text reads clearly
    better (an English run under a misnamed font); an unnamed font only when it ``looks_legacy``
    and a conversion gains ``MIN_GAIN`` in word-list share over the raw text."""
    named_layouts = layouts_for_font(font)
    candidates = named_layouts or (LAYOUTS if looks_legacy else ())
    raw = read(text)
    scores = [("raw", raw.known)]
    best: tuple[Layout | None, Reading] = (None, raw)
    for candidate in candidates:
        converted = read(convert(text, candidate))
        scores.append((candidate.name, converted.known))
        if best[0] is None or converted.rank() > best[1].rank():
            best = (candidate, converted)
    layout, reading = best
    if layout is not None:
        keep_raw = raw.rank() >= reading.rank() if named_layouts else reading.known < raw.known + MIN_GAIN
        if keep_raw and not (named_layouts and raw.junk):
            layout, reading = None, raw
    return FontReading(font, layout, reading, tuple(scores), bool(named_layouts))
