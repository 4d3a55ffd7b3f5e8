"""Should a PDF page's own text layer be trusted instead of OCR?

Government Hindi PDFs often carry a wrong text layer (docs/traps.md): legacy fonts (Kruti Dev,
DV-TTSurekh, Chanakya...) extract as Latin keyboard gibberish ("yksd lHkk" for लोक सभा), broken
ToUnicode maps give unmapped glyphs ("(cid:12)") or misordered matras, and scanners add a few
words of text over a page image. The checks that decide are in ocr/layer_score.py.

Legacy fonts: when a font on the page is named after a legacy family (Kruti Dev, DV-TT,
Walkman-Chanakya, Chanakya, Shusha, APS-DV ...), or the page's text reads like a legacy encoding
under any name, its runs are converted to Unicode font by font, each font with the layout its own
text reads best in (ocr/legacy/). The raw and the converted layer are both judged and the better
one is kept (the reasons say which won and what each font's candidates scored). A trusted
converted layer is used without OCR; a converted layer that is not trusted is handed to the OCR
step as a candidate (:func:`prefer_reading`), so that a page whose font is not embedded (its image
shows Latin junk, OCR cannot help) still gets its Hindi.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium

from domain.status import PageFlag
from domain.text import normalize
from domain.types import PageText, TextSource
from ocr.layer_facts import page_chars, page_facts
from ocr.layer_score import score_text
from ocr.legacy.registry import LEGACY_FONT, layouts_for_font
from ocr.legacy.runs import convert_runs
from ocr.rasterise import open_pdf
from ocr.reading import read

# findings that mean "this may be a legacy encoding under a name we do not know"
_LEGACY_SIGNS = ("latin-gibberish:", "unexpected-letters:", "few-english-words:", "unmapped-glyphs:")
USABLE = 0.5  # word-list share of a usable reading (docs/benchmarks.md: lying layers)


@dataclass(frozen=True)
class TextLayerVerdict:
    trusted: bool
    text: str  # the layer's text, NFC, one line per text line ("" when rejected for lack of text)
    score: float  # 0..1, 1 = no doubt
    reasons: tuple[str, ...]  # first "trusted" or "rejected", then findings
    seconds: float = 0.0
    candidate: str = ""  # a converted legacy layer that was not trusted: OCR's rival (prefer_reading)
    converted: bool = False  # text (or candidate) is the layer converted from legacy fonts, not the layer as it extracts


def _lines(raw: str) -> str:
    lines = (normalize(x, fold_digits=False) for x in raw.splitlines())
    return "\n".join(ln for ln in lines if ln)


@dataclass(frozen=True)
class _Conversion:
    text: str  # the page with its legacy runs converted ("" when none was)
    notes: tuple[str, ...]  # what each font judged scored
    converted: frozenset[str]  # fonts whose runs were converted
    plain: frozenset[str]  # fonts named like a legacy family whose text reads as real words as it is


_NONE = _Conversion("", (), frozenset(), frozenset())


def _convert(page: pdfium.PdfPage, fonts: dict[str, int], reasons: tuple[str, ...]) -> _Conversion:
    looks_legacy = any(r.startswith(_LEGACY_SIGNS) for r in reasons)
    if not looks_legacy and not any(layouts_for_font(f) for f in fonts):
        return _NONE
    text, decisions = convert_runs(page_chars(page), looks_legacy=looks_legacy)
    converted = frozenset(d.font for d in decisions if d.layout is not None)
    plain = frozenset(d.font for d in decisions
                      if d.named and d.layout is None and d.reading.known >= USABLE and not d.reading.junk)
    return _Conversion(text if converted else "", tuple(d.note() for d in decisions), converted, plain)


def judge_text_layer(path: Path, page_no: int, *, convert_legacy: bool = True) -> TextLayerVerdict:
    """Read one page's text layer and decide whether to trust it. With ``convert_legacy``, its
    legacy-font runs are also converted to Unicode and the better-scoring layer is judged."""
    started = time.perf_counter()

    def verdict(trusted: bool, text: str, score: float, reasons: tuple[str, ...], candidate: str = "",
                converted: bool = False) -> TextLayerVerdict:
        return TextLayerVerdict(trusted, text, score, reasons, time.perf_counter() - started, candidate, converted)

    pdf = open_pdf(Path(path))  # EncryptedFileError / CorruptFileError
    conv = _NONE
    try:
        if not 1 <= page_no <= len(pdf):
            return verdict(False, "", 0.0, ("rejected", "no-such-page"))
        page = pdf[page_no - 1]
        try:
            facts = page_facts(page)
            if facts.text.strip():
                trusted, score, reasons = score_text(facts.text, facts.fonts, facts.image_cover,
                                                     invisible=facts.invisible, bare_image=facts.bare_image)
                # a font named after a legacy family is converted even on a trusted page: a short Kruti
                # header on an English page is too small a share to make the page untrusted
                if convert_legacy:
                    conv = _convert(page, facts.fonts, reasons)
                if conv.plain:  # a legacy font name on text that reads as it is: the name was wrong
                    fonts = {f: n for f, n in facts.fonts.items() if f not in conv.plain}
                    trusted, score, reasons = score_text(facts.text, fonts, facts.image_cover,
                                                         invisible=facts.invisible, bare_image=facts.bare_image)
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        return verdict(False, "", 0.0, ("rejected", f"unreadable-text-layer:{exc}"))
    finally:
        pdf.close()
    if not facts.text.strip():
        return verdict(False, "", 0.0, ("rejected", "no-text-layer"))
    fonts_note = "fonts:" + ",".join(sorted(facts.fonts)[:4])
    if conv.text:
        converted = conv.text
        rest = {f: n for f, n in facts.fonts.items() if f not in conv.converted and not layouts_for_font(f)}
        c_trusted, c_score, c_reasons = score_text(converted, rest, facts.image_cover, invisible=facts.invisible,
                                                   bare_image=facts.bare_image)
        named = any(LEGACY_FONT.search(f) for f in facts.fonts)
        legacy_notes = tuple(f"legacy:{n}" for n in conv.notes)
        if c_score > score or (named and c_trusted and c_score >= score):
            head, *rest_reasons = c_reasons
            won = f"legacy-converted:won({c_score:.2f}{'>' if c_score > score else '='}{score:.2f})"
            return verdict(c_trusted, _lines(converted), c_score, (head, won, *rest_reasons, *legacy_notes, fonts_note),
                           "" if c_trusted else _lines(converted), converted=True)
        reasons = (reasons[0], f"legacy-converted:lost({c_score:.2f}<={score:.2f})", *reasons[1:], *legacy_notes)
    elif conv.notes:
        reasons = (*reasons, *(f"legacy:{n}" for n in conv.notes))
    return verdict(trusted, _lines(facts.text), score, (*reasons, fonts_note))


def prefer_reading(ocr_page: PageText, verdict: TextLayerVerdict) -> PageText:
    """OCR's reading of a page, or the page's converted legacy layer when that reads better.

    A converted layer that was not trusted can still be the only way to the page's text (a legacy
    font that is not embedded renders as Latin junk, so OCR reads junk). Both are scored on the
    same signals (ocr/reading.py); the better one is kept, and when neither is usable the page is
    flagged for review. Without a candidate the OCR page is returned unchanged."""
    if not verdict.candidate:
        return ocr_page
    layer, ocr = read(verdict.candidate), read(ocr_page.text)
    note = f"legacy-vs-ocr:{layer.known:.2f}/{ocr.known:.2f}"
    doubtful = max(layer.known, 0.0 if ocr.junk else ocr.known) < USABLE
    flag = PageFlag.NEEDS_REVIEW if doubtful else ocr_page.flag
    why = ("neither the converted legacy text layer nor OCR reads as Hindi or English",) if doubtful else ()
    if layer.rank() > ocr.rank():
        return replace(ocr_page, text=verdict.candidate, source=TextSource.TEXTLAYER, confidence=layer.known,
                       words=(), steps=(*ocr_page.steps, note + ":layer"), flag=flag,
                       quality_reasons=(*ocr_page.quality_reasons, *why))
    return replace(ocr_page, steps=(*ocr_page.steps, note + ":ocr"), flag=flag,
                   quality_reasons=(*ocr_page.quality_reasons, *why))
