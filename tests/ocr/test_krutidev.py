"""Kruti Dev 010 -> Unicode: known strings, generated legacy PDFs, and which layer wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocr import judge_text_layer
from ocr.krutidev import kruti_to_unicode, to_kruti
from ocr.textlayer import dictionary_share, kruti_bigram_share, score_text
from tests import pagegen
from tests.ocr.conftest import write

KNOWN = [  # Kruti Dev keystrokes as such PDFs extract -> what they show
    ("yksd lHkk lfpoky; ubZ fnYyh", "लोक सभा सचिवालय नई दिल्ली"),
    ("dk;kZy; ftyk f'k{kk vf/kdkjh] t;iqj", "कार्यालय जिला शिक्षा अधिकारी, जयपुर"),
    ('fo"k; % d`f"k Hkwfe ds ukekarj.k', "विषय : कृषि भूमि के नामांतरण"),
    ("i= Øekad 245 fnukad", "पत्र क्रमांक 245 दिनांक"),
    ("xzke iapk;r lfpo dks funsZf'kr", "ग्राम पंचायत सचिव को निर्देशित"),
    ("fLFkfr", "स्थिति"),
]


@pytest.mark.parametrize(("kruti", "unicode"), KNOWN)
def test_known_strings(kruti: str, unicode: str) -> None:
    assert kruti_to_unicode(kruti) == unicode


@pytest.mark.parametrize("line", pagegen.HINDI_LINES)
def test_round_trip_of_office_lines(line: str) -> None:
    assert kruti_to_unicode(to_kruti(line)) == line


def test_generated_kruti_pdf_is_converted_and_trusted(tmp_path: Path) -> None:
    lines = [to_kruti(x) for x in pagegen.HINDI_LINES]
    v = judge_text_layer(write(tmp_path, "kd.pdf", pagegen.legacy_font_pdf(lines)), 1)
    assert v.trusted and any(r.startswith("legacy-converted:won") for r in v.reasons), v.reasons
    assert v.text.splitlines() == list(pagegen.HINDI_LINES)


def test_kruti_under_innocent_font_name_is_converted_too(tmp_path: Path) -> None:
    v = judge_text_layer(write(tmp_path, "k.pdf", pagegen.legacy_font_pdf(font_name="Office Serif")), 1)
    assert v.trusted and "लोक सभा" in v.text


def test_english_lines_in_another_font_are_not_converted(tmp_path: Path) -> None:
    """Kruti Dev keystrokes under an innocent font name, and the letter's file number and subject in
    English in a second font: only the Kruti font's runs are converted (the file number links the
    file)."""
    kruti_font = "Office Serif"
    pdf = pagegen._fpdf(pagegen._renamed_font_file(kruti_font), kruti_font)
    pdf.add_font("NotoSans", fname=str(pagegen.LATIN_FONT))
    pdf.add_page()
    english = ["F.No. 12/3/2019/Rev dated 14.08.2019", "Subject: mutation of land records"]
    hindi = list(pagegen.HINDI_LINES[:8])
    for i, line in enumerate(hindi):
        pdf.set_font(kruti_font, size=13)
        pdf.cell(0, 10, to_kruti(line), new_x="LMARGIN", new_y="NEXT")
        if i < len(english):
            pdf.set_font("NotoSans", size=12)
            pdf.cell(0, 10, english[i], new_x="LMARGIN", new_y="NEXT")
    v = judge_text_layer(write(tmp_path, "two-fonts.pdf", bytes(pdf.output())), 1)
    assert v.trusted and any(r.startswith("legacy-converted:won") for r in v.reasons), v.reasons
    lines = v.text.splitlines()
    assert english[0] in lines and english[1] in lines, lines
    assert all(h in lines for h in hindi), lines


def test_a_kruti_header_on_an_english_page_is_converted(tmp_path: Path) -> None:
    """The office's Hindi letterhead in Kruti Dev 010 over an English letter: too small a share to make
    the page untrusted, converted because its font says what it is."""
    pdf = pagegen._fpdf(pagegen._renamed_font_file("Kruti Dev 010"), "Kruti Dev 010")
    pdf.add_font("NotoSans", fname=str(pagegen.LATIN_FONT))
    pdf.add_page()
    header = pagegen.HINDI_LINES[0]
    pdf.cell(0, 10, to_kruti(header), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("NotoSans", size=12)
    for line in list(pagegen.ENGLISH_LINES) * 3:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    v = judge_text_layer(write(tmp_path, "header.pdf", bytes(pdf.output())), 1)
    assert v.trusted and any(r.startswith("legacy-converted:won") for r in v.reasons), v.reasons
    assert v.text.splitlines()[0] == header
    assert pagegen.ENGLISH_LINES[0] in v.text


def test_conversion_loses_on_english_gibberish(tmp_path: Path) -> None:
    junk = ["Qzxv wpl Kjt rrrb mnq ptkx", "Zxq Vbn Wrt Plk Mnb Cvx Sdf"] * 3
    v = judge_text_layer(write(tmp_path, "junk.pdf", pagegen.legacy_font_pdf(junk, font_name="Kruti Dev 010")), 1)
    assert not v.trusted


def test_scores_that_drive_the_verdict() -> None:
    hindi = "\n".join(pagegen.HINDI_LINES)
    share, n = dictionary_share(hindi)
    assert share > 0.9 and n > 50
    broken = "\n".join(kruti_to_unicode(x)[::-1] for x in (to_kruti(y) for y in pagegen.HINDI_LINES))
    assert dictionary_share(broken)[0] < 0.3
    assert kruti_bigram_share(" ".join(to_kruti(x) for x in pagegen.HINDI_LINES))[0] > 0.06
    assert kruti_bigram_share(" ".join(pagegen.ENGLISH_LINES))[0] < 0.02
    trusted, _, reasons = score_text(broken, {"Mangal": len(broken)})
    assert not trusted and any(r.startswith(("few-dictionary-words", "broken-unicode")) for r in reasons)
