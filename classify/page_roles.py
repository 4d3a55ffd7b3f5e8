"""Page roles inside a scanned file bundle, from layout and text cues.

    features = page_features(text, words, layout=(ruled, vertical, ink))   # PageFeatures (frozen)
    role = classify_page(features)                          # PageRole(role, confidence, reasons)

Roles (domain.status.Role) follow e-Office: ``cover`` (file cover), ``notesheet`` (noting: ruled, paragraph numbered,
signatures and dates down the page), ``receipt`` (a letter received), ``issue`` (a letter sent:
office copy, copy-to list), ``order``, ``annexure`` (enclosure, statement, reference), ``blank``
and ``separator`` (decided by the OCR stage from the image; passed in as flags).

The classifier is a weighted sum of cues per role (weights below, each hit becomes a reason);
confidence is a softmax over the role scores. No learned model: the only labelled pages are the
generated ones of ``bench/page_roles_data.py``, and a model fitted to them would learn the generator.
Every keyword match uses ``regex`` with letter/mark look-arounds (stdlib ``re`` breaks Hindi words).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from domain.status import Role
from domain.text import ZERO_WIDTH, fold_digits
from domain.types import Word

ROLES: tuple[Role, ...] = tuple(Role)  # in this order: the first wins a tie

_ZW = {ord(c): None for c in ZERO_WIDTH}
_L = r"[\p{L}\p{M}]"


def prep_text(text: str) -> str:
    """NFC, zero-width removed, Devanagari digits to ASCII, nukta dropped; line breaks kept."""
    t = fold_digits(unicodedata.normalize("NFC", text).translate(_ZW)).replace("\u093c", "")
    return t.replace("\r\n", "\n").replace("\r", "\n")


def _kw(*terms: str) -> regex.Pattern[str]:
    """Terms (regex fragments) matched as whole words in either script, case-insensitively."""
    alt = "|".join(terms)
    return regex.compile(rf"(?<!{_L})(?:{alt})(?!{_L})", regex.IGNORECASE | regex.MULTILINE)


# ---------------------------------------------------------------- cue vocabulary
LETTERHEAD = _kw(
    r"कार्यालय", r"office\s+of(?:\s+the)?", r"government\s+of", r"भारत\s+सरकार", r"\p{L}+\s+सरकार", r"शासन",
    r"ministry", r"मंत्रालय", r"collectorate", r"कलेक्ट्रेट", r"कलेक्टोरेट", r"directorate", r"निदेशालय",
    r"नगर\s+निगम", r"municipal\s+corporation", r"department\s+of", r"\p{L}+\s+विभाग", r"जिला\s+पंचायत",
)
LETTER_NO = _kw(
    r"(?:पत्र\s*)?क्रमांक", r"पत्रांक", r"क्र\s*\.", r"letter\s+no", r"no\s*\.", r"f\s*\.\s*no", r"memo\s+no",
    r"endt\s*\.\s*no", r"पृ\s*\.\s*क्र",
)
DATE_LABEL = _kw(r"दिनांक", r"दि\s*\.", r"dated?", r"dt\s*\.")
DATE_VALUE = regex.compile(r"(?<!\d)\d{1,2}\s*[./\-]\s*\d{1,2}\s*[./\-]\s*(?:19|20)?\d\d(?!\d)")
ADDRESSEE = _kw(r"to\s*,?$", r"सेवा\s+में", r"प्रति\s*,?$", r"प्रति\s*,")
SALUTATION = _kw(r"महोदय", r"महोदया", r"sir", r"madam", r"dear\s+sir")
SUBJECT = _kw(r"विषय", r"subject", r"sub\s*\.")
COPY_TO = _kw(
    r"copy\s+(?:to|forwarded)", r"प्रतिलिपि", r"प्रति\s*लिपि", r"c\.c\.", r"copy\s+for\s+information",
)
OFFICE_COPY = _kw(r"office\s+copy", r"कार्यालय\s+प्रति", r"जावक", r"outward", r"despatch", r"प्रेषित\s+दिनांक")
INWARD = _kw(
    r"आवक(?:\s+क्रमांक)?", r"inward(?:\s+no)?", r"diary\s+no", r"डायरी\s+(?:क्रमांक|क्र)", r"प्राप्ति\s+दिनांक",
    r"received\s+on", r"प्राप्त\s+हुआ",
)
ORDER_HEAD = regex.compile(
    rf"^\s*(?:(?:कार्यालय|office|कार्यालयीन)\s+)?(?:आदेश|order|orders|आदेश\s+क्रमांक)(?!{_L})", regex.IGNORECASE
)
ORDER_BODY = _kw(
    r"it\s+is\s+hereby\s+ordered", r"hereby\s+ordered", r"एतद्\s*द्वारा", r"एतद्द्वारा", r"आदेशित\s+किया\s+जाता",
    r"आदेश\s+दिया\s+जाता", r"तत्काल\s+प्रभाव\s+से", r"with\s+immediate\s+effect", r"is\s+hereby\s+(?:appointed|posted|transferred|sanctioned)",
    r"आदेश\s+जारी", r"निरस्त\s+किया\s+जाता", r"स्वीकृत\s+किया\s+जाता",
)
ANNEX_HEAD = _kw(
    r"annexure", r"annex", r"appendix", r"enclosure", r"संलग्नक", r"परिशिष्ट", r"अनुलग्नक", r"अनुसूची", r"schedule",
    r"प्रपत्र", r"proforma", r"statement",
)
TABLE_CUES = _kw(r"s\.\s*no", r"sl\.\s*no", r"क्र\s*\.\s*सं", r"योग", r"total", r"विवरण", r"राशि", r"amount")
NOTE_HEAD = _kw(
    r"note\s*sheet", r"notesheet", r"नोट\s*शीट", r"नोटशीट", r"टीप", r"टिप्पणी", r"noting", r"notes?",
    r"file\s+notings?",
)
NOTE_BODY = _kw(
    r"प्रस्तुत\s+है", r"प्रस्तुत", r"अवलोकनार्थ", r"अनुमोदनार्थ", r"आदेशार्थ", r"हस्ताक्षरार्थ", r"submitted\s+for",
    r"may\s+kindly\s+be", r"put\s+up", r"p\.\s*u\.\s*c", r"पी\s*\.\s*यू\s*\.\s*सी", r"approved", r"अनुमोदित",
    r"discussed", r"चर्चा\s+की", r"please\s+see", r"कृपया\s+देखें", r"as\s+proposed", r"यथा\s+प्रस्तावित",
    r"draft\s+(?:letter|order)", r"प्रारूप", r"डी\s*\.\s*एफ\s*\.\s*ए", r"for\s+approval", r"के\s+लिए\s+प्रस्तुत",
)
COVER = _kw(
    r"file\s+no", r"f\s*\.\s*no", r"नस्ती\s+(?:क्रमांक|क्र|संख्या)", r"नस्ती", r"पत्रावली", r"फाइल\s+(?:क्रमांक|संख्या|नं)",
    r"volume", r"vol\s*\.", r"part", r"खंड", r"भाग", r"section", r"शाखा", r"year", r"वर्ष", r"opened\s+on",
    r"closed\s+on", r"प्रारंभ\s+दिनांक", r"बंद\s+दिनांक", r"total\s+pages", r"कुल\s+पृष्ठ", r"record\s+room", r"अभिलेखागार",
    r"classification", r"श्रेणी", r"retention", r"file\s+cover",
)
SIGNATURE = _kw(
    r"sd\s*/\s*-?", r"हस्ताक्षर", r"ह\s*\.\s*/", r"signature", r"अधिकारी", r"officer", r"collector", r"कलेक्टर",
    r"secretary", r"सचिव", r"तहसीलदार", r"tehsildar", r"लिपिक", r"clerk", r"assistant", r"सहायक", r"director",
    r"निदेशक", r"आयुक्त", r"commissioner", r"magistrate", r"मजिस्ट्रेट", r"अधीक्षक", r"superintendent",
    r"dealing\s+hand", r"प्रभारी", r"in-?charge",
)
PARA_NO = regex.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(\d{1,2}\)|\d{1,2}\s*[-–]|[\p{Ll}]\)|\([ivx]+\))\s+\S")
_PAGE_NO = (
    regex.compile(r"(?<!\p{L})page\s*(?:no\.?\s*)?(\d{1,4})(?:\s*(?:of|/)\s*(\d{1,4}))?", regex.IGNORECASE),
    regex.compile(rf"(?<!{_L})(?:पृष्ठ|पेज|पृ\s*\.)\s*(?:संख्या|क्रमांक|क्र\s*\.|सं\s*\.)?\s*(\d{{1,4}})(?:\s*(?:का|/|में\s+से)\s*(\d{{1,4}}))?"),
    regex.compile(r"^\s*[-–—]\s*(\d{1,4})\s*[-–—]\s*$"),
    regex.compile(r"^\s*(\d{1,3})\s*/\s*(\d{1,3})\s*$"),
)


def find_page_number(text: str) -> tuple[int | None, int | None]:
    """A printed page number ("Page 2 of 5", "पृष्ठ 2", "-2-", "2/5") from the first or last three
    lines: ``(number, total)``; ``(None, None)`` when there is none."""
    lines = [ln for ln in prep_text(text).split("\n") if ln.strip()]
    for line in lines[:3] + lines[-3:][::-1]:
        for pat in _PAGE_NO:
            m = pat.search(line)
            if m:
                num = int(m.group(1))
                total = int(m.group(2)) if m.lastindex and m.lastindex >= 2 and m.group(2) else None
                if num >= 1 and (total is None or num <= total):
                    return num, total
    return None, None


# ---------------------------------------------------------------- features
@dataclass(frozen=True, slots=True)
class PageFeatures:
    """What the role classifier and the boundary finder look at for one page."""

    text: str  # prepared text (prep_text), lines kept
    top_text: str  # the top ~22 % of the page (by word boxes) or its first 6 lines
    bottom_text: str  # the bottom ~30 % of the page or its last 8 lines
    n_lines: int
    n_words: int
    ruled_lines: int = 0  # long horizontal rules seen in the image (notesheets, tables)
    vertical_rules: int = 0  # long vertical rules (notesheet margin, table columns)
    ink: float | None = None  # share of inked pixels, when an image was given
    blank: bool = False  # from the OCR stage (ocr.separators.is_blank) or no text at all
    separator: bool = False  # from the OCR stage (ocr.separators.separator_verdict)
    separator_file_number: str | None = None
    page_number: int | None = None
    page_total: int | None = None
    para_numbers: int = 0  # lines that start with a paragraph number
    dates: int = 0  # date values on the page
    signatures: int = 0  # lines with a signature/designation cue
    signature_bottom: bool = False  # a signature block in the bottom part
    letterhead: bool = False  # an office/government name in the top lines
    letter_no_top: bool = False  # a letter number or dated line in the top part


def _split_top_bottom(lines: list[str], words: Sequence[Word], page_height: int | None) -> tuple[str, str]:
    if words and page_height:
        top = " ".join(w.text for w in words if w.top < 0.22 * page_height)
        bottom = " ".join(w.text for w in words if w.top > 0.70 * page_height)
        return prep_text(top), prep_text(bottom)
    return "\n".join(lines[:6]), "\n".join(lines[-8:])


def page_features(
    text: str,
    words: Sequence[Word] = (),
    *,
    layout: tuple[int | None, int | None, float | None] | None = None,
    page_height: int | None = None,
    blank: bool | None = None,
    separator: bool = False,
    separator_file_number: str | None = None,
) -> PageFeatures:
    """Features of one page. ``layout`` (horizontal rules, vertical rules, ink share; measured on the
    image by ``ocr.layout.rules``) adds the ruling cues; ``words`` with boxes and ``page_height``
    make top/bottom regions exact.
    ``blank``/``separator`` come from the OCR stage; without ``blank`` a page with no words is blank."""
    t = prep_text(text)
    lines = [ln.strip() for ln in t.split("\n") if ln.strip()]
    top, bottom = _split_top_bottom(lines, words, page_height)
    ruled, vertical, ink = layout if layout is not None else (0, 0, None)
    n_words = len(t.split())
    num, total = find_page_number(t)
    top_lines = top.split("\n")[:3] if not words else [top[:160]]
    return PageFeatures(
        text=t,
        top_text=top,
        bottom_text=bottom,
        n_lines=len(lines),
        n_words=n_words,
        ruled_lines=ruled or 0,
        vertical_rules=vertical or 0,
        ink=ink,
        blank=blank if blank is not None else n_words == 0,
        separator=separator,
        separator_file_number=separator_file_number,
        page_number=num,
        page_total=total,
        para_numbers=sum(1 for ln in lines if PARA_NO.match(ln)),
        dates=len(DATE_VALUE.findall(t)),
        signatures=sum(1 for ln in lines if len(ln) < 70 and SIGNATURE.search(ln)),
        signature_bottom=bool(SIGNATURE.search(bottom)),
        letterhead=any(LETTERHEAD.search(ln) for ln in top_lines),
        letter_no_top=bool(LETTER_NO.search(top) and (DATE_LABEL.search(top) or DATE_VALUE.search(top)))
        or bool(LETTER_NO.search(top) and regex.search(r"\d+\s*/", top)),
    )


# ---------------------------------------------------------------- classifier
@dataclass(frozen=True, slots=True)
class PageRole:
    role: Role
    confidence: float  # 0..1 (softmax over role scores)
    reasons: tuple[str, ...]
    scores: tuple[tuple[str, float], ...] = ()  # (role, score), best first


def _count(pat: regex.Pattern[str], text: str) -> int:
    return len(pat.findall(text))


def _role_scores(f: PageFeatures) -> dict[Role, list[tuple[float, str]]]:
    t, top = f.text, f.top_text
    first = "\n".join(t.split("\n")[:8])
    s: dict[Role, list[tuple[float, str]]] = {r: [] for r in ROLES}

    def add(role: Role, w: float, why: str) -> None:
        s[role].append((w, why))

    is_letter = f.letterhead or f.letter_no_top or bool(ADDRESSEE.search(first))
    # cover
    cover_hits = len({m.casefold() for m in COVER.findall(t)})
    if cover_hits:
        add(Role.COVER, min(cover_hits, 6) * 0.9, f"{cover_hits} cover terms (file no., subject, volume, year...)")
        if f.n_lines <= 25:
            add(Role.COVER, 1.0 if cover_hits >= 3 else 0.3, f"few lines ({f.n_lines})")
        if regex.search(r"(?<![\p{L}\p{M}])(?:नस्ती|पत्रावली|file\s+cover)", t, regex.IGNORECASE):
            add(Role.COVER, 1.5, "names itself a file (नस्ती/पत्रावली/file cover)")
    # notesheet
    if NOTE_HEAD.search(first):
        add(Role.NOTESHEET, 3.0, "note sheet heading")
    note_body = len(NOTE_BODY.findall(t))
    if note_body:
        add(Role.NOTESHEET, min(note_body, 4) * 0.9, f"{note_body} noting phrases (प्रस्तुत/submitted for...)")
    if f.para_numbers >= 2:
        add(Role.NOTESHEET, min(f.para_numbers, 6) * 0.35, f"{f.para_numbers} numbered paragraphs")
    if f.ruled_lines >= 8 and f.vertical_rules <= 2:
        add(Role.NOTESHEET, 2.0, f"{f.ruled_lines} ruled lines")
    if f.vertical_rules >= 1 and f.ruled_lines < 4:
        add(Role.NOTESHEET, 0.5, "a margin rule")
    if f.signatures >= 2 and f.dates >= 2:
        add(Role.NOTESHEET, 1.2, f"{f.signatures} signatures and {f.dates} dates down the page")
    if not is_letter:
        add(Role.NOTESHEET, 0.6, "no letterhead or addressee")
    # letters: receipt / issue
    if is_letter:
        w = 1.0 + 0.6 * f.letterhead + 0.6 * f.letter_no_top
        add(Role.RECEIPT, w, "letter layout (letterhead / number and date at the top)")
        add(Role.ISSUE, w * 0.8, "letter layout")
    if ADDRESSEE.search(t):
        add(Role.RECEIPT, 1.2, "addressee (To / सेवा में / प्रति)")
        add(Role.ISSUE, 0.9, "addressee")
    if SALUTATION.search(t):
        add(Role.RECEIPT, 0.6, "salutation")
        add(Role.ISSUE, 0.5, "salutation")
    if INWARD.search(t):
        add(Role.RECEIPT, 2.5, "inward/diary stamp")
    copies = _count(COPY_TO, t)
    if copies:
        add(Role.ISSUE, 2.2, "copy-to list (प्रतिलिपि / Copy to)")
    if OFFICE_COPY.search(t):
        add(Role.ISSUE, 2.5, "office copy / outward marking")
    # order
    if any(ORDER_HEAD.match(ln) for ln in top.split("\n") + first.split("\n")[:8]):
        add(Role.ORDER, 3.0, "ORDER / आदेश heading")
    order_body = _count(ORDER_BODY, t)
    if order_body:
        add(Role.ORDER, min(order_body, 3) * 1.3, "ordering formula (hereby ordered / आदेशित किया जाता है)")
    # annexure
    if ANNEX_HEAD.search(first):
        add(Role.ANNEXURE, 3.2, "annexure heading (Annexure / संलग्नक / परिशिष्ट)")
    elif ANNEX_HEAD.search(t):
        add(Role.ANNEXURE, 0.6, "mentions an annexure")
    table = _count(TABLE_CUES, t)
    if table >= 2:
        add(Role.ANNEXURE, min(table, 4) * 0.5, "table vocabulary (S.No., योग, विवरण)")
    if f.ruled_lines >= 4 and f.vertical_rules >= 3:
        add(Role.ANNEXURE, 2.0, "a ruled table")
    # blank / separator
    if f.separator:
        add(Role.SEPARATOR, 20.0, "separator sheet (code on a blank page)")
    if f.blank:
        add(Role.BLANK, 15.0, "blank page")
    elif f.n_words <= 3 and (f.ink is None or f.ink < 0.003):
        add(Role.BLANK, 4.0, f"only {f.n_words} words")
    return s


def classify_page(features: PageFeatures) -> PageRole:
    """The most likely role of one page, with its confidence and the cues that decided it."""
    cues = _role_scores(features)
    scores = {r: sum(w for w, _ in cues[r]) for r in ROLES}
    if max(scores.values()) <= 0:
        scores[Role.ANNEXURE] = 0.5  # text without any cue: an enclosure / reference by default
        cues[Role.ANNEXURE].append((0.5, "no role cue: kept as a reference page"))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], ROLES.index(kv[0])))
    best = ranked[0][0]
    z = sum(math.exp(v - ranked[0][1]) for _, v in ranked)
    conf = 1.0 / z
    reasons = tuple(why for _, why in sorted(cues[best], key=lambda c: -c[0]))
    return PageRole(best, round(conf, 3), reasons, tuple((r, round(v, 2)) for r, v in ranked))


def classify_pages(pages: Sequence[PageFeatures]) -> list[PageRole]:
    return [classify_page(p) for p in pages]
