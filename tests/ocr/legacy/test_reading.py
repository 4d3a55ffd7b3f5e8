"""The reading scorer (ocr/reading.py) and the choice between OCR and a converted legacy layer."""

from __future__ import annotations

from pathlib import Path

from domain.types import FileKind, PageText, TextSource
from ocr.legacy.kruti import KRUTIDEV
from ocr.legacy.runs import convert_runs, legacy_char
from ocr.legacy.shape import convert, encode
from ocr.reading import dictionary_share, kruti_bigram_share, read
from ocr.textlayer import TextLayerVerdict, prefer_reading
from tests import pagegen

HINDI = "\n".join(pagegen.HINDI_LINES)
ENGLISH = "\n".join(pagegen.ENGLISH_LINES)
KRUTI = "\n".join(encode(x, KRUTIDEV) for x in pagegen.HINDI_LINES)


def test_hindi_reads_as_hindi() -> None:
    r = read(HINDI)
    assert r.hindi_known > 0.9 and r.syllables > 0.95 and r.known > 0.85 and not r.junk
    for word in ("शिक्षा", "कृषि", "महिला", "जिला", "कार्यालय"):
        assert read(word * 3).syllables == 1.0


def test_english_reads_as_english_and_keystrokes_as_junk() -> None:
    en = read(ENGLISH)
    assert en.english_known > 0.7 and not en.junk
    kruti = read(KRUTI)
    assert kruti.junk and kruti.keystrokes and kruti.english_known < 0.2 and kruti.known < 0.2
    assert en.rank() > kruti.rank()


def test_latin1_soup_is_junk_however_it_is_spelled() -> None:
    soup = read("´ÖÆüÖ¸üÖÂ™Òü ¿ÖÖÃÖ®Ö ×¾Ö³ÖÖÝÖ ÃÖê ¯ÖÏ×ŸÖ ÛúÖμÖÖÔ»ÖμÖ ´Öë ÃÖ´ÖÖ®Ö †×¬ÖÛúÖ¸ü ÃÖ¸üÛúÖ¸ü")
    assert soup.junk and soup.known == 0.0


def test_broken_unicode_has_few_valid_syllables() -> None:
    broken = "\n".join(convert(x, KRUTIDEV)[::-1] for x in (encode(y, KRUTIDEV) for y in pagegen.HINDI_LINES))
    assert dictionary_share(broken)[0] < 0.3
    assert read(broken).syllables < 0.5 < read(HINDI).syllables
    assert kruti_bigram_share(KRUTI)[0] > 0.06 > kruti_bigram_share(ENGLISH)[0]


def test_private_use_and_c1_codes_are_read_as_windows_1252() -> None:
    assert legacy_char("\uf064") == "d" and legacy_char("\uf082") == "‚" and legacy_char("\x82") == "‚"
    assert legacy_char("\x81") == "\x81" and legacy_char("क") == "क" and legacy_char("d") == "d"
    symbol_font = [(chr(0xF000 + ord(c)), "KrutiDev010") for c in "yksd lHkk"]
    assert convert_runs(symbol_font, looks_legacy=False)[0] == "लोक सभा"


def test_small_fonts_follow_the_page_s_legacy_font_unless_they_read_as_english() -> None:
    """Bold and regular of one legacy font get different names; a short bold word follows the
    body's layout, a short English word in a third font does not."""
    body = [(c, "Office Serif") for c in encode("जिला शिक्षा अधिकारी कार्यालय महिला एवं बाल विकास विभाग", KRUTIDEV) + " "]
    bold = [(c, "Office Serif,Bold") for c in encode("कृषि", KRUTIDEV) + " "]
    english = [(c, "Arial") for c in "Copy forwarded"]
    text, decisions = convert_runs(body + bold + english, looks_legacy=True)
    assert text == "जिला शिक्षा अधिकारी कार्यालय महिला एवं बाल विकास विभाग कृषि Copy forwarded"


def _ocr_page(text: str) -> PageText:
    return PageText(page=1, text=text, source=TextSource.OCR, confidence=0.4)


def test_prefer_reading_keeps_the_layer_when_ocr_reads_junk() -> None:
    """A legacy font that is not embedded: OCR reads the Latin junk the page shows."""
    layer = "\n".join(pagegen.HINDI_LINES[:6])
    verdict = TextLayerVerdict(False, layer, 0.4, ("rejected",), candidate=layer)
    page = prefer_reading(_ocr_page(KRUTI), verdict)
    assert page.source == TextSource.TEXTLAYER and page.text == layer and page.flag is None
    assert page.steps[-1].endswith(":layer")


def test_prefer_reading_keeps_good_ocr_and_flags_when_both_are_doubtful() -> None:
    half = " ".join(w if i % 2 else w[::-1] for i, w in enumerate(" ".join(pagegen.HINDI_LINES).split()))
    verdict = TextLayerVerdict(False, half, 0.3, ("rejected",), candidate=half)
    good = prefer_reading(_ocr_page(HINDI), verdict)
    assert good.source == TextSource.OCR and good.text == HINDI and good.flag is None
    bad = prefer_reading(_ocr_page("@@ ## ~~ ;; xq zz"), TextLayerVerdict(False, "", 0.0, ("rejected",), candidate="qwx zzv"))
    assert bad.flag == "needs_review" and bad.quality_reasons


def test_without_a_candidate_ocr_is_untouched() -> None:
    page = _ocr_page("anything")
    assert prefer_reading(page, TextLayerVerdict(False, "", 0.0, ("rejected",))) is page


def test_read_page_uses_the_converted_layer_of_a_page_ocr_cannot_read(tmp_path: Path) -> None:
    """End to end with real OCR: a DV-TT page whose font is not embedded and whose conversion is
    not trusted (half its words are spoiled), rendered as Latin junk; the layer still wins."""
    from ocr import read_page
    from ocr.legacy.isfoc import DV_TT
    from ocr.options import OcrOptions
    from tests.ocr.legacy import lying
    from tests.ocr.legacy.test_layer_pdf import flat, plumbed

    lines = [encode(x, DV_TT) for x in pagegen.HINDI_LINES]
    lines = [x if i % 3 else x[::-1] for i, x in enumerate(lines)]  # a third of the lines garbled
    path = tmp_path / "dvtt.pdf"
    path.write_bytes(lying.not_embedded_pdf(lines, "DV-TTSurekh"))
    result = read_page(path, FileKind.PDF, 1, OcrOptions(watchdog=False))
    assert result.text.source == TextSource.TEXTLAYER, (result.text.textlayer_verdict, result.text.steps)
    assert result.text.textlayer_verdict.startswith("rejected"), result.text.textlayer_verdict  # OCR ran
    assert result.text.steps[-2].startswith("legacy-vs-ocr:") and result.text.steps[-2].endswith(":layer")
    assert "कार्यवाही" in result.text.text or "निर्देशित" in result.text.text
    # its page PDF is the layer's, not OCR's reading of the junk: it extracts as the page's text
    assert result.pdf_form == "layer" and result.text.steps[-1] == "pdf:layer" and result.pdf is not None
    assert flat(plumbed(result.pdf)[0]) == flat(result.text.text)
