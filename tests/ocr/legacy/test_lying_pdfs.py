"""Generated lying PDFs: each legacy encoding's text layer, with its font not embedded (the page
renders as Latin junk) or a Latin font embedded under its name, named or under an innocent name,
alone or beside English in an ordinary font. The converted layer must be trusted and say what the
page means; an English layer must never be converted or taken for Hindi junk."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocr import judge_text_layer
from ocr.legacy.isfoc import DVB_TT
from ocr.legacy.registry import LAYOUTS
from ocr.legacy.shape import Layout, encode
from tests import pagegen
from tests.ocr.conftest import write
from tests.ocr.legacy import lying

FONT_NAMES = {
    "krutidev": "Kruti Dev 010", "dv-tt": "ABCDEE+DV-TTSurekh,Bold", "dv-divyae": "DV-Divyae",
    "dvb-tt": "DVBW-TTSurekh", "chanakya": "Chanakya", "walkman-chanakya": "Walkman-Chanakya905Normal",
    "shusha": "Shusha02", "aps-dv": "APS-DV-Prakash",
}
ENGLISH = ["F.No. 12/3/2019/Rev dated 14.08.2019", "Subject: mutation of land records in village Barkheda"]


def _hindi(layout: Layout) -> list[str]:
    """Office lines this layout can type (DVB-TT's table is partial)."""
    lines = list(pagegen.HINDI_LINES)
    if layout is DVB_TT:
        lines = [x for x in lines if not any("\u0900" <= c <= "\u097f" for c in encode(x, layout))]
    return lines


def _shown(lines: list[str]) -> list[str]:
    return [x.replace(":", "ः") for x in lines]


def _won(reasons: tuple[str, ...]) -> bool:
    return any(r.startswith("legacy-converted:won") for r in reasons)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
@pytest.mark.parametrize("font", ["named", "innocent"])
def test_font_not_embedded(tmp_path: Path, layout: Layout, font: str) -> None:
    """The failure of issue 17: the page image would show Latin junk; the layer is converted."""
    hindi = _hindi(layout)
    name = FONT_NAMES[layout.name] if font == "named" else "Office Serif"
    pdf = lying.not_embedded_pdf([encode(x, layout) for x in hindi], name)
    v = judge_text_layer(write(tmp_path, "ne.pdf", pdf), 1)
    assert v.trusted and _won(v.reasons), v.reasons
    assert [x.replace(":", "ः") for x in v.text.splitlines()] == _shown(hindi)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_latin_font_embedded_under_the_legacy_name_beside_english(tmp_path: Path, layout: Layout) -> None:
    """Only the legacy runs are converted: the English file number and subject stay as they are."""
    hindi = _hindi(layout)[:8]
    pdf = lying.embedded_latin_pdf([encode(x, layout) for x in hindi], FONT_NAMES[layout.name], ENGLISH)
    v = judge_text_layer(write(tmp_path, "emb.pdf", pdf), 1)
    assert v.trusted and _won(v.reasons), v.reasons
    lines = v.text.splitlines()
    assert [x.replace(":", "ः") for x in lines[: len(hindi)]] == _shown(hindi)
    assert lines[len(hindi):] == ENGLISH


def test_english_lines_in_helvetica_beside_an_unnamed_legacy_font(tmp_path: Path) -> None:
    hindi = list(pagegen.HINDI_LINES[:8])
    pdf = lying.not_embedded_pdf([encode(x, LAYOUTS[0]) for x in hindi], "Office Serif", ENGLISH)
    v = judge_text_layer(write(tmp_path, "mixed.pdf", pdf), 1)
    assert v.trusted and _won(v.reasons), v.reasons
    assert v.text.splitlines()[-2:] == ENGLISH


def test_a_kruti_header_on_an_english_page_is_converted(tmp_path: Path) -> None:
    """The office's letterhead in Kruti Dev 010 over an English letter: too small a share to make
    the page untrusted, converted because its font says what it is."""
    header = pagegen.HINDI_LINES[0]
    pdf = lying.embedded_latin_pdf([encode(header, LAYOUTS[0])], "Kruti Dev 010", list(pagegen.ENGLISH_LINES) * 3)
    v = judge_text_layer(write(tmp_path, "header.pdf", pdf), 1)
    assert v.trusted and _won(v.reasons), v.reasons
    assert v.text.splitlines()[0] == header and pagegen.ENGLISH_LINES[0] in v.text


@pytest.mark.parametrize("font", ["Kruti Dev 010", "DV-TTSurekh", "Walkman-Chanakya905", "Shusha"])
def test_english_under_a_misnamed_legacy_font_is_not_converted(tmp_path: Path, font: str) -> None:
    """Do no harm: a good English layer is never replaced by a conversion, whatever the font is called."""
    english = list(pagegen.ENGLISH_LINES) * 2
    v = judge_text_layer(write(tmp_path, "en.pdf", lying.embedded_latin_pdf(english, font)), 1)
    assert v.trusted and not _won(v.reasons), v.reasons
    assert v.text.splitlines() == english


def test_a_unicode_hindi_layer_in_an_opentype_surekh_is_trusted(tmp_path: Path) -> None:
    """DVOT-Surekh and other OpenType fonts carry real Unicode: no legacy finding, no conversion."""
    v = judge_text_layer(write(tmp_path, "dvot.pdf", lying.unicode_pdf(list(pagegen.HINDI_LINES), "DVOT-SurekhNormal")), 1)
    assert v.trusted and not any(r.startswith(("legacy", "rejected")) for r in v.reasons), v.reasons


def test_keystroke_junk_that_converts_to_nothing_is_not_trusted(tmp_path: Path) -> None:
    junk = ["Qzxv wpl Kjt rrrb mnq ptkx", "Zxq Vbn Wrt Plk Mnb Cvx Sdf"] * 3
    v = judge_text_layer(write(tmp_path, "junk.pdf", lying.embedded_latin_pdf(junk, "Kruti Dev 010")), 1)
    assert not v.trusted


def test_a_unicode_page_is_not_touched(tmp_path: Path) -> None:
    v = judge_text_layer(write(tmp_path, "uni.pdf", pagegen.text_pdf()), 1)
    assert v.trusted and not any(r.startswith("legacy") for r in v.reasons), v.reasons


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_unconverted_legacy_text_is_never_trusted_as_english(tmp_path: Path, layout: Layout) -> None:
    """Without conversion, a legacy layer under a plain font name reads as Latin junk: rejected."""
    pdf = lying.not_embedded_pdf([encode(x, layout) for x in _hindi(layout)], "Office Serif")
    v = judge_text_layer(write(tmp_path, "raw.pdf", pdf), 1, convert_legacy=False)
    assert not v.trusted, v.reasons
    assert any(r.startswith(("latin-gibberish", "unexpected-letters", "few-english-words")) for r in v.reasons)
