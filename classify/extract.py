"""Entity extraction from office letters: file numbers, dates, subject, amounts.

All matching uses the ``regex`` module (stdlib ``re`` mis-handles Devanagari vowel signs). Text is
prepared with NFC, zero-width removal and Devanagari digits mapped to ASCII; line breaks are kept.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import regex

from domain.text import ZERO_WIDTH, fold_digits
from domain.types import Entities

_ZW = {ord(c): None for c in ZERO_WIDTH}


def _prep(text: str) -> str:
    text = fold_digits(unicodedata.normalize("NFC", text).translate(_ZW))
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")


# ---------------------------------------------------------------- file numbers
# Prefixes, tolerant of OCR damage: "F. No.", "F.No", "File No.", "No.", "क्रमांक"/"क्रमाक"/"कमांक",
# "क्रं.", "क्र.", "पत्र क्र.", "पत्रांक", "पृ. क्र." (endorsement), "Letter/Memo/Endt. No.".
_STRONG_PREFIX = (
    r"(?:F(?:ile)?\s*\.?\s*N[o0]\s*\.?"
    r"|(?:Letter|Memo|Endt|Endst|Order|Ref)\s*\.?\s*N[o0]\s*\.?"
    r"|(?:पत्र\s*|पृ\s*\.?\s*)?(?:क्रमांक|क्रमाक|क्रमॉक|कमांक|क्रमंाक|क्रं|क्र)\s*\.?"
    r"|पत्रांक|पत्राक|फा\s*\.?\s*(?:सं|क्र)\s*\.?|फाइल\s*(?:सं|नं|क्र)\s*\.?)(?![\p{L}\p{M}])"
)
_WEAK_PREFIX = r"(?:N[o0]\s*\.|Number)"
_SEG = r"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.()\-]*"
_NOT_LABEL = r"(?!(?:dated|date|dt|दिनांक|दि)(?![\p{L}\p{M}]))"
_BODY = rf"{_SEG}(?:[ \t]*/[ \t]*{_NOT_LABEL}{_SEG}){{0,8}}"
_PREFIXED_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?P<prefix>{_STRONG_PREFIX}|{_WEAK_PREFIX})[ \t]*[:\-–ः]?[ \t]*/?[ \t]*(?P<body>{_BODY})",
    regex.IGNORECASE,
)
# Unprefixed e-Office / SFS style: "A-21001(3)/5/2008/DFG", "12/3/2019-Estt", "E-12345/2/2021-ADMN".
_BARE_RE = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}/])(?P<body>[\p{L}\p{N}][\p{L}\p{M}\p{N}.()\-]*(?:/[\p{L}\p{M}\p{N}.()\-]+){2,8})"
)
_DATE_ONLY_RE = regex.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}$")
_YEAR_RE = regex.compile(r"(?:19|20)\d\d")
# "2014/10/04": a date written year first (a map's "updated" line, a form's stamp); unprefixed, not a file number
_YEAR_FIRST_DATE_RE = regex.compile(r"^(?:19|20)\d\d[/.\-](0?[1-9]|1[0-2])[/.\-](0?[1-9]|[12]\d|3[01])$")
_PREFIX_STRIP_RE = regex.compile(
    rf"^\s*(?:{_STRONG_PREFIX}|{_WEAK_PREFIX})[ \t]*[:\-–ः]?[ \t]*", regex.IGNORECASE
)


def normalize_file_number(s: str) -> str:
    """Canonical form: NFC, ASCII digits, no prefix, no spaces around ``/ - ( )``, no trailing punctuation.

    ``"F. No.12 / 3/2019/Rev"`` and ``"12/3/2019/Rev"`` both give ``"12/3/2019/Rev"``.
    """
    s = _prep(s).strip()
    s = _PREFIX_STRIP_RE.sub("", s, count=1)
    s = regex.sub(r"\s*([/\-()])\s*", r"\1", s)
    s = regex.sub(r"\s+", " ", s).strip()
    s = s.lstrip("/:-–. ").rstrip(",;:-–/ ")
    # A final dot is sentence punctuation unless the last segment is an abbreviation like "स्था."
    if s.endswith(".") and not regex.search(r"/[^/]{1,6}\.$", s):
        s = s[:-1]
    return s


def file_number_key(s: str) -> str:
    """Comparison key: canonical form, case-folded, dots removed."""
    return normalize_file_number(s).casefold().replace(".", "")


def _plausible(body: str, *, strong: bool) -> bool:
    if not any(c.isdigit() for c in body):
        return False
    if _DATE_ONLY_RE.match(body):
        return False
    if "/" in body:
        return True
    # No slash: accept only after a strong prefix, and only if it looks like a number, not a word.
    return strong and sum(c.isdigit() for c in body) >= 2


def find_file_numbers(text: str) -> list[str]:
    """File/letter numbers in order of appearance, normalised, without duplicates."""
    t = _prep(text)
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for m in _PREFIXED_RE.finditer(t):
        strong = not regex.fullmatch(_WEAK_PREFIX, m.group("prefix").strip(), regex.IGNORECASE)
        body = m.group("body")
        if _plausible(body, strong=strong):
            found.append((m.start("body"), normalize_file_number(body)))
            covered.append((m.start("body"), m.end("body")))
    for m in _BARE_RE.finditer(t):
        if any(a <= m.start() < b for a, b in covered):
            continue
        body = m.group("body")
        if (_plausible(body, strong=False) and body.count("/") >= 2 and _YEAR_RE.search(body)
                and not _YEAR_FIRST_DATE_RE.match(body)):
            found.append((m.start(), normalize_file_number(body)))
    out: list[str] = []
    seen: set[str] = set()
    for _, fn in sorted(found):
        key = file_number_key(fn)
        if fn and key not in seen:
            seen.add(key)
            out.append(fn)
    return out


# ---------------------------------------------------------------- dates
_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
    "जनवरी": 1,
    "फरवरी": 2,
    "मार्च": 3,
    "अप्रैल": 4,
    "अप्रेल": 4,
    "मई": 5,
    "जून": 6,
    "जुलाई": 7,
    "अगस्त": 8,
    "सितंबर": 9,
    "सितम्बर": 9,
    "अक्टूबर": 10,
    "अक्तूबर": 10,
    "नवंबर": 11,
    "नवम्बर": 11,
    "दिसंबर": 12,
    "दिसम्बर": 12,
}
_MONTH_ALT = "|".join(sorted((regex.escape(m) for m in _MONTHS), key=len, reverse=True))
_NUM_DATE_RE = regex.compile(
    r"(?<![\d/.\-])(\d{1,2})[ \t]?([/.\-])[ \t]?(\d{1,2})[ \t]?\2[ \t]?(\d{4}|\d{2})(?![\d/\-])"
)
_ISO_DATE_RE = regex.compile(r"(?<![\d/.\-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/\-])")
_DMY_TEXT_RE = regex.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?[ \t]*(?:of[ \t]+)?({_MONTH_ALT})\.?,?[ \t]*(\d{{4}})(?!\d)",
    regex.IGNORECASE,
)
_MDY_TEXT_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])({_MONTH_ALT})\.?[ \t]+(\d{{1,2}})(?:st|nd|rd|th)?,?[ \t]+(\d{{4}})(?!\d)",
    regex.IGNORECASE,
)


def _month(name: str) -> int | None:
    name = name.casefold().replace("\u093c", "")
    return _MONTHS.get(name)


def _iso(y: int, m: int, d: int) -> str | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[str]:
    """Dates as ISO ``yyyy-mm-dd`` in order of appearance, without duplicates.

    Handles dd/mm/yyyy, dd.mm.yyyy, dd-mm-yy (day first, Indian usage), yyyy-mm-dd, "12 March 2019",
    "March 12, 2019", "12 मार्च 2019", with Devanagari or ASCII digits, after दिनांक/दि./Date/Dated or not.
    """
    t = _prep(text).replace("\u093c", "")  # फ़रवरी == फरवरी
    found: list[tuple[int, str]] = []
    for m in _NUM_DATE_RE.finditer(t):
        iso = _iso(int(m.group(4)), int(m.group(3)), int(m.group(1)))
        if iso:
            found.append((m.start(), iso))
    for m in _ISO_DATE_RE.finditer(t):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((m.start(), iso))
    for m in _DMY_TEXT_RE.finditer(t):
        mon = _month(m.group(2))
        iso = _iso(int(m.group(3)), mon, int(m.group(1))) if mon else None
        if iso:
            found.append((m.start(), iso))
    for m in _MDY_TEXT_RE.finditer(t):
        mon = _month(m.group(1))
        iso = _iso(int(m.group(3)), mon, int(m.group(2))) if mon else None
        if iso:
            found.append((m.start(), iso))
    out: list[str] = []
    for _, iso in sorted(found):
        if iso not in out:
            out.append(iso)
    return out


# ---------------------------------------------------------------- subject
_SUBJECT_RE = regex.compile(
    r"(?:^|(?<=\s))(?:विषय|Subject|Sub)\s*\.?\s*[:：ः\-–—]\s*(?P<s>.*)", regex.IGNORECASE
)
_STOP_LINE_RE = regex.compile(
    r"^\s*(?:संदर्भ|सन्दर्भ|Ref|Reference|महोदय|महोदया|Sir|Madam|Dear|उपरोक्त|With reference|कृपया|आदेश|ORDER)",
    regex.IGNORECASE,
)


def find_subject(text: str) -> str | None:
    """The subject after ``विषय:``/``Subject:``/``Sub:``, with up to two continuation lines."""
    lines = _prep(text).split("\n")
    for i, line in enumerate(lines):
        m = _SUBJECT_RE.search(line)
        if not m:
            continue
        parts = [m.group("s").strip()]
        for nxt in lines[i + 1 : i + 3]:
            if not nxt.strip() or _STOP_LINE_RE.match(nxt) or regex.search(r"[:：]\s*$", nxt):
                break
            if parts[-1].endswith(("।", ".")) and len(parts[-1]) > 20:
                break
            parts.append(nxt.strip())
        subject = regex.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip(" -–—:।.")
        return subject or None
    return None


# ---------------------------------------------------------------- amounts
_UNIT = {
    "lakh": 100_000,
    "lakhs": 100_000,
    "lac": 100_000,
    "लाख": 100_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
    "करोड़": 10_000_000,
    "करोड": 10_000_000,
    "हजार": 1_000,
    "हज़ार": 1_000,
    "thousand": 1_000,
}
_UNIT_ALT = "|".join(sorted((regex.escape(u) for u in _UNIT), key=len, reverse=True))
_AMOUNT_RE = regex.compile(
    r"(?:₹|\bRs\b\.?|\bINR\b|रु\.|रू\.|रुपये|रुपए|रूपये)[ \t]*"
    rf"(?P<num>\d[\d,]*(?:\.\d{{1,2}})?)(?:[ \t]*(?P<unit>{_UNIT_ALT})(?![\p{{L}}\p{{M}}]))?(?:[ \t]*/-)?",
    regex.IGNORECASE,
)
_AMOUNT_AFTER_RE = regex.compile(
    rf"(?<![\d.,/])(?P<num>\d[\d,]*(?:\.\d{{1,2}})?)(?:[ \t]*(?P<unit>{_UNIT_ALT}))?[ \t]*(?:/-)?[ \t]*(?:रुपये|रुपए|रूपये)"
)


def _amount_value(num: str, unit: str | None) -> str | None:
    try:
        value = float(num.replace(",", ""))
    except ValueError:
        return None
    if unit:
        value *= _UNIT.get(unit.casefold(), 1)
    value = round(value, 2)
    return str(int(value)) if value == int(value) else f"{value:.2f}"


def find_amounts(text: str) -> list[str]:
    """Money amounts as plain decimal strings in rupees ("₹ 1,25,000/-" → "125000", "2.5 लाख रुपये" → "250000")."""
    t = _prep(text)
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for m in _AMOUNT_RE.finditer(t):
        v = _amount_value(m.group("num"), m.group("unit"))
        if v:
            found.append((m.start(), v))
            spans.append(m.span())
    for m in _AMOUNT_AFTER_RE.finditer(t):
        if any(a <= m.start() < b or a < m.end() <= b for a, b in spans):
            continue
        v = _amount_value(m.group("num"), m.group("unit"))
        if v:
            found.append((m.start(), v))
    out: list[str] = []
    for _, v in sorted(found):
        if v not in out:
            out.append(v)
    return out


def extract_entities(text: str) -> Entities:
    return Entities(
        file_numbers=tuple(find_file_numbers(text)),
        dates=tuple(find_dates(text)),
        subject=find_subject(text),
        amounts=tuple(find_amounts(text)),
    )
