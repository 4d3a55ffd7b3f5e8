"""Find and mask personal identifiers: Aadhaar numbers and Indian mobile numbers.

Works on the original text (offsets are kept): digits may be ASCII or Devanagari (०-९). Masking
replaces every digit but the last ``keep_last`` with ``X`` and keeps separators, so the text keeps
its length (UIDAI's masked-Aadhaar style ``XXXX XXXX 1234``).

Aadhaar: 12 digits, first digit 2-9, written ``dddd dddd dddd``/``dddd-dddd-dddd`` or run together.
The Verhoeff checksum is reported (``valid``) but not required, because OCR can damage one digit and
a mis-read Aadhaar number is still personal data.
Phones: ``+91``/``0091``/``0`` optional, then 10 digits starting 6-9, optionally split 5-5 or 3-3-4.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from domain.text import fold_digits

_D = r"[0-9०-९]"
_SEP = r"[ \-\u00a0]?"
_AADHAAR_RE = regex.compile(
    rf"(?<![0-9०-९+])(?<![0-9०-९][ \-])([2-9२-९]{_D}{{3}}{_SEP}{_D}{{4}}{_SEP}{_D}{{4}})(?![0-9०-९])(?![ \-][0-9०-९])"
)
_PHONE_RE = regex.compile(
    rf"(?<![0-9०-९])(?<![0-9०-९][ \-])((?:(?:\+|00)[ ]?(?:91|९१)[ \-]?|[0०][ \-]?)?"
    rf"[6-9६-९]{_D}{{2}}{_SEP}{_D}{{2}}{_SEP}{_D}{_SEP}{_D}{{4}}|"
    rf"(?:(?:\+|00)[ ]?(?:91|९१)[ \-]?|[0०][ \-]?)?[6-9६-९]{_D}{{4}}{_SEP}{_D}{{5}})(?![0-9०-९])(?![ \-][0-9०-९])"
)

# Verhoeff tables
_D_TAB = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_P_TAB = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]


def verhoeff_valid(number: str) -> bool:
    digits = [int(c) for c in fold_digits(number) if c.isdigit()]
    if not digits:
        return False
    c = 0
    for i, d in enumerate(reversed(digits)):
        c = _D_TAB[c][_P_TAB[i % 8][d]]
    return c == 0


@dataclass(frozen=True, slots=True)
class PiiMatch:
    kind: str  # "aadhaar" | "phone"
    start: int
    end: int
    text: str
    valid: bool  # Aadhaar: Verhoeff checksum passes; phone: always True


def find_pii(text: str) -> list[PiiMatch]:
    """Aadhaar and phone numbers in ``text``, ordered by position, non-overlapping (Aadhaar wins)."""
    out: list[PiiMatch] = []
    for m in _AADHAAR_RE.finditer(text):
        out.append(PiiMatch("aadhaar", m.start(1), m.end(1), m.group(1), verhoeff_valid(m.group(1))))
    for m in _PHONE_RE.finditer(text):
        if any(p.start < m.end(1) and m.start(1) < p.end for p in out):
            continue
        out.append(PiiMatch("phone", m.start(1), m.end(1), m.group(1), True))
    return sorted(out, key=lambda p: p.start)


def _mask(s: str, keep_last: int) -> str:
    n_digits = sum(c.isdigit() for c in s)
    seen = 0
    chars = []
    for c in s:
        if c.isdigit():
            seen += 1
            chars.append(c if seen > n_digits - keep_last else "X")
        else:
            chars.append(c)
    return "".join(chars)


def mask_pii(text: str, keep_last: int = 4) -> str:
    """``text`` with Aadhaar and phone digits replaced by ``X`` (last ``keep_last`` digits kept)."""
    if keep_last < 0:
        raise ValueError("keep_last must be >= 0")
    parts: list[str] = []
    pos = 0
    for p in find_pii(text):
        masked = p.text
        if p.kind == "phone" and p.text.lstrip().startswith(("+", "00")):
            # keep the country code readable, mask the subscriber number
            head = regex.match(r"(?:\+|00)[ ]?(?:91|९१)[ \-]?", p.text)
            cut = head.end() if head else 0
            masked = p.text[:cut] + _mask(p.text[cut:], keep_last)
        else:
            masked = _mask(p.text, keep_last)
        parts.append(text[pos : p.start] + masked)
        pos = p.end
    parts.append(text[pos:])
    return "".join(parts)
