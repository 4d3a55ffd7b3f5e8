"""Separator sheets and blank pages: what a bundle's non-content pages look like.

- **Separator verdict**: a code (ocr/codes.py) on a *mostly blank* page is a separator sheet. A code
  on a page full of text (a cover or a letter carrying a QR code) is not, but its file number is
  still reported. A code whose text is a file number wins over any file number read by OCR.
- **Blank**: little ink once margins (punch holes, scanner shadow) and specks are ignored.
- **Cost** (ADR 0012): the OCR stage does not search every page: the glance (ocr/glance.py) picks
  the pages worth a code search.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
import regex

from ocr.codes import Code, analysis_copy, find_codes, ink_mask
from ocr.glance import to_gray

SeparatorKind = Literal["qr", "barcode", "patch_t", "patch_2", "patch_3"]

# A page with less ink than this (outside any code) is "mostly blank" for a separator sheet:
# a few printed lines ("SEPARATOR  File No. ...") stay under it, a page of text is well above.
SEPARATOR_MAX_INK = 0.012
SEPARATOR_MAX_WORDS = 25  # "SEPARATOR", a file number, a subject line; a 5-line letter has 26-49 (e-Office letters carry QR codes)
BLANK_MAX_INK = 0.0015
BLANK_MAX_BLOBS = 2  # a stray mark or two; a single word already makes more (conservative: never lose content)


@dataclass(frozen=True, slots=True)
class SeparatorVerdict:
    is_separator: bool
    kind: SeparatorKind | None  # the code that made (or would have made) it a separator
    file_number: str | None  # from a code (preferred) or from OCR text
    reasons: tuple[str, ...]
    file_number_source: Literal["code", "ocr"] | None = None
    codes: tuple[Code, ...] = ()


# ---------------------------------------------------------------- blank pages and ink
def ink_share(image: np.ndarray, *, exclude: tuple[tuple[int, int, int, int], ...] = ()) -> float:
    """Share of inked pixels inside the page margins (6 % sides, 4 % top/bottom), specks ignored,
    with the given boxes (e.g. codes) blanked out."""
    gray = to_gray(image)
    small, f = analysis_copy(gray)
    mask = ink_mask(small)
    for x, y, w, h in exclude:
        pad = 4
        mask[
            max(0, int(y * f) - pad) : int((y + h) * f) + pad,
            max(0, int(x * f) - pad) : int((x + w) * f) + pad,
        ] = False
    h, w = mask.shape
    inner = mask[int(h * 0.04) : h - int(h * 0.04), int(w * 0.06) : w - int(w * 0.06)]
    inner = cv2.morphologyEx(inner.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return float(inner.mean()) if inner.size else 0.0


def is_blank(image: np.ndarray) -> tuple[bool, tuple[str, ...]]:
    """Whether a page carries nothing worth keeping as content (a blank back, an empty sheet).

    Ignores the outer margins (punch holes, scanner edge shadows), specks and faint show-through
    from the other side; a single short line or a signature makes it non-blank.
    """
    gray = to_gray(image)
    small, _ = analysis_copy(gray)
    share = ink_share(gray)
    blobs = _marks(ink_mask(small))
    reasons = [f"ink {share:.4f} of the page", f"{blobs} marks"]
    blank = share < BLANK_MAX_INK and blobs <= BLANK_MAX_BLOBS
    if blank:  # a second look, for type fainter than the ink mask's 60 grey levels
        faint = faint_mask(small)
        faint_share, faint_blobs = float(_inner(_opened(faint)).mean()), _marks(faint)
        if faint_share >= BLANK_MAX_INK or faint_blobs > BLANK_MAX_BLOBS:
            blank = False
            reasons.append(f"faint ink {faint_share:.4f}, {faint_blobs} faint marks")
    reasons.append("blank" if blank else "has content")
    return blank, tuple(reasons)


# Faded type, a carbon copy, pencil: strokes this many grey levels darker than the paper around them
# (issue 17: a faded carbon copy ~40-60 levels under its paper was called blank and never read). A faint
# show-through from the back of the sheet is ~20 levels (tests/bundle/test_bundle_separators.py).
FAINT_CONTRAST = 30
_PAPER_KERNEL = 9  # px of the ~120 dpi analysis copy (~1.9 mm): wider than any stroke, so closing leaves the paper


def faint_mask(small: np.ndarray) -> np.ndarray:
    """Ink at least FAINT_CONTRAST grey levels under the *local* paper (a grey closing of the page: the
    strokes removed), so uneven lighting or a shaded edge of the sheet is not ink."""
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((_PAPER_KERNEL, _PAPER_KERNEL), np.uint8))
    return (paper.astype(np.int16) - small.astype(np.int16)) > FAINT_CONTRAST


def _inner(mask: np.ndarray) -> np.ndarray:
    h, w = mask.shape
    return mask[int(h * 0.04) : h - int(h * 0.04), int(w * 0.06) : w - int(w * 0.06)]


def _opened(mask: np.ndarray) -> np.ndarray:
    return cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


def _marks(mask: np.ndarray) -> int:
    """Marks inside the margins larger than a speck."""
    inner = _inner(mask).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(inner, connectivity=8)
    min_area = max(6, int(inner.size * 2e-6))
    return int(sum(1 for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= min_area))


# ---------------------------------------------------------------- separator verdict
_LABEL_RE = regex.compile(
    r"^\s*(?:file\s*(?:no|number)?|f\s*\.?\s*no|fl|नस्ती\s*(?:क्रमांक|क्र)|फाइल\s*(?:क्रमांक|सं|नं)|पत्रावली\s*क्रमांक)"
    r"\s*\.?\s*[:#\-]?\s*",
    regex.IGNORECASE,
)
_FN_BODY = r"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}()\-.]*(?:\s*/\s*[\p{L}\p{M}\p{N}()\-.]+)+"
_OCR_FN_RE = regex.compile(
    r"(?:file\s*no|f\s*\.\s*no|नस्ती\s*(?:क्रमांक|क्र)|फाइल\s*(?:क्रमांक|सं|नं)|पत्रावली\s*क्रमांक)\s*\.?\s*[:\-]?\s*"
    rf"(?P<fn>{_FN_BODY})",
    regex.IGNORECASE,
)
_DEV_DIGITS = {0x0966 + i: ord("0") + i for i in range(10)}


def code_file_number(text: str) -> str | None:
    """The file number a code carries ("FILE: 12/3/2019-Estt", "12/3/2019-Estt"), or None.

    A file number here has a digit, a ``/`` between parts, and only letters, digits, ``/ - ( ) . _``
    (spaces around ``/`` are dropped).
    """
    t = _LABEL_RE.sub("", text.strip().translate(_DEV_DIGITS), count=1)
    t = regex.sub(r"\s*/\s*", "/", t).strip(" .,;:")
    if not 3 <= len(t) <= 80 or "/" not in t or not regex.search(r"\d", t):
        return None
    if not regex.fullmatch(r"[\p{L}\p{M}\p{N}/\-().]+", t):
        return None
    return t


def _ocr_file_number(text: str) -> str | None:
    m = _OCR_FN_RE.search(text.translate(_DEV_DIGITS))
    return code_file_number(m.group("fn")) if m else None


def separator_verdict(
    image: np.ndarray, ocr_text: str = "", *, codes: tuple[Code, ...] | None = None
) -> SeparatorVerdict:
    """Is this page a separator sheet, and which file does it announce?

    ``codes`` may be passed when already found (``find_codes``) to avoid decoding twice.
    """
    codes = find_codes(image) if codes is None else codes
    reasons: list[str] = []
    fn: str | None = None
    source: Literal["code", "ocr"] | None = None
    for c in codes:
        fn = code_file_number(c.text) if c.kind in ("qr", "barcode") else None
        if fn:
            source = "code"
            reasons.append(f"{c.kind} carries file number {fn}")
            break
    if fn is None:
        fn = _ocr_file_number(ocr_text) if ocr_text else None
        if fn:
            source = "ocr"
            reasons.append(f"OCR text gives file number {fn}")
    if not codes:
        return SeparatorVerdict(False, None, fn, (*reasons, "no barcode, QR or patch code"), source, ())
    primary = next((c for c in codes if c.kind.startswith("patch")), None) or codes[0]
    share = ink_share(image, exclude=tuple(c.box for c in codes))
    words = len(ocr_text.split())
    reasons.append(f"{primary.kind.replace('_', '-')} found ({primary.text!r})")
    reasons.append(f"ink outside codes {share:.4f}, {words} OCR words")
    mostly_blank = share <= SEPARATOR_MAX_INK and words <= SEPARATOR_MAX_WORDS
    if mostly_blank:
        reasons.append("mostly blank page with a code: separator sheet")
    else:
        reasons.append("page has text around the code: content page, not a separator")
    return SeparatorVerdict(mostly_blank, primary.kind, fn, tuple(reasons), source, codes)
