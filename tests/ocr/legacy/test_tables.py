"""Each legacy layout against pairs from public sources, and the shared reorderings on their own.

The pairs (tests/ocr/legacy/public_pairs.py) are strings read off real pages by other people;
a round trip through our own encoder is tested too, but only as a check of the engine."""

from __future__ import annotations

import unicodedata

import pytest

from ocr.legacy.chanakya import CHANAKYA, WALKMAN_CHANAKYA
from ocr.legacy.isfoc import DV_DIVYAE, DV_TT, DVB_TT
from ocr.legacy.kruti import KRUTIDEV
from ocr.legacy.registry import LAYOUTS
from ocr.legacy.shape import HOOK, I_MARK, IM_MARK, REPH, Layout, convert, encode
from ocr.legacy.shusha import APS_DV, SHUSHA
from tests import pagegen
from tests.ocr.legacy import public_pairs as pairs

CASES = [
    (KRUTIDEV, pairs.KRUTI_SANCHIKA), (KRUTIDEV, pairs.KRUTI), (WALKMAN_CHANAKYA, pairs.WALKMAN),
    (CHANAKYA, pairs.CHANAKYA), (SHUSHA, pairs.SHUSHA), (APS_DV, pairs.APS), (DV_TT, pairs.DV_TT),
    (DV_DIVYAE, pairs.DV_DIVYAE), (DVB_TT, pairs.DVB_TT),
]
PARAMS = [pytest.param(layout, legacy, shown, id=f"{layout.name}:{shown}") for layout, ps in CASES for legacy, shown in ps]


@pytest.mark.parametrize(("layout", "legacy", "shown"), PARAMS)
def test_public_pairs(layout: Layout, legacy: str, shown: str) -> None:
    assert convert(legacy, layout) == unicodedata.normalize("NFC", shown)


def test_every_layout_has_public_pairs_and_a_source() -> None:
    tested = {layout.name for layout, ps in CASES if len(ps) >= 10}
    assert tested == {layout.name for layout in LAYOUTS}
    assert all(layout.source for layout in LAYOUTS)


TOY = Layout(
    name="toy", label="toy", source="test", pre=(("@@", I_MARK),),
    pairs=(("k", "क"), ("K", "क्"), ("s", "स"), ("S", "स्"), ("t", "त"), ("T", "त्"), ("y", "य"), ("r", "र"),
           ("|", "ा"), ("i", I_MARK), ("m", IM_MARK), ("^", REPH), ("e", "े"), ("n", "ं"), ("+", "़"), ("v", "व"),
           ("h", HOOK), ("a", "अ")),
    post=((f"व([\u093e-\u094c\u0902]*){HOOK}", r"क\1"),),
)


@pytest.mark.parametrize(("legacy", "shown"), [
    ("ik", "कि"),  # short i typed before its consonant
    ("iSTk", "स्त्कि"),  # ... moves after the whole cluster of half forms
    ("iS|k", "सिक"),  # half form + stem is the full letter: i then goes after स only
    ("@@k", "कि"),  # a layout's pre-replacement makes the marker
    ("mk", "किं"),  # short i with anusvara
    ("ky^", "कर्य"),  # reph typed after its syllable goes before that syllable's cluster
    ("ky|^", "कर्या"),  # ... skipping the syllable's vowel signs
    ("kiy^", "कर्यि"),  # ... and a short i placed before it
    ("kSt^", "कर्स्त"),  # ... before the whole cluster
    ("k+e", "क़े"),  # nukta right after its consonant
    ("ke+", "क़े"),  # ... also when typed after the vowel sign
    ("kne", "कें"),  # anusvara typed before a vowel sign
    ("a|", "आ"), ("a|e", "ओ"), ("k|e", "को"),  # two-part vowels
    ("veh", "के"),  # a hook glyph that changes the letter before it (post rule)
    ("QZ k", "QZ क"),  # unknown characters pass through
])
def test_shared_reorderings(legacy: str, shown: str) -> None:
    assert convert(legacy, TOY) == unicodedata.normalize("NFC", shown)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_round_trip_of_office_lines(layout: Layout) -> None:
    """Engine consistency only (our encoder is the inverse of our own table). The colon and the
    visarga are one glyph in these fonts, so a colon comes back as a visarga."""
    for line in pagegen.HINDI_LINES:
        legacy = encode(line, layout)
        if layout is DVB_TT and any("\u0900" <= c <= "\u097f" for c in legacy):
            continue  # DVB-TT's table is partial (docs/benchmarks.md)
        assert convert(legacy, layout).replace("ः", ":") == line, (layout.name, line, legacy)


def test_kruti_fixes_from_the_sources() -> None:
    """Ö is झ् and Ô is ड्ढ (this project had them swapped); %, the visarga glyph, is a colon after
    a space."""
    assert convert("Ö", KRUTIDEV) == "झ्" and convert("Ô", KRUTIDEV) == "ड्ढ"
    assert convert("fo\"k; % d`f\"k", KRUTIDEV) == "विषय : कृषि"
    assert convert("vr%", KRUTIDEV) == "अतः"
