"""Separator sheets and blank pages: what a bundle's non-content pages look like.

- **Codes**: barcodes and QR codes are decoded by zxing-cpp (``zxingcpp``), a kept library; when
  it is not installed, OpenCV's ``QRCodeDetector`` reads QR codes only. Nothing here decodes
  symbols itself.
- **PATCH codes** (Kodak): four parallel bars, two wide (5.1 mm) and two narrow (2.0 mm), separated
  by three narrow spaces; 20 mm across, at least 19-50 mm long. Patch T is narrow-wide-wide-narrow
  (a palindrome, so the feed direction does not matter); Patch 2 is W-N-N-W, Patch 3 W-N-W-N (or
  N-W-N-W read backwards). The test is geometric: solid elongated rectangles side by side whose
  widths and gaps fit those ratios, in either orientation.
- **Separator verdict**: a code on a *mostly blank* page is a separator sheet. A code on a page full
  of text (a cover or a letter carrying a QR code) is not, but its file number is still reported.
  A code whose text is a file number wins over any file number read by OCR.
- **Blank**: little ink once margins (punch holes, scanner shadow) and specks are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
import regex

CodeKind = Literal["qr", "barcode", "patch_t", "patch_2", "patch_3"]
SeparatorKind = Literal["qr", "barcode", "patch_t", "patch_2", "patch_3"]

# A page with less ink than this (outside any code) is "mostly blank" for a separator sheet:
# a few printed lines ("SEPARATOR  File No. ...") stay under it, a page of text is well above.
SEPARATOR_MAX_INK = 0.012
SEPARATOR_MAX_WORDS = 40
BLANK_MAX_INK = 0.0015
BLANK_MAX_BLOBS = 2  # a stray mark or two; a single word already makes more (conservative: never lose content)
_ANALYSIS_LONG_SIDE = 1400  # ~120 dpi for A4


@dataclass(frozen=True, slots=True)
class Code:
    """One symbol found on a page."""

    text: str  # decoded text ("PATCH T" for a patch code)
    kind: CodeKind
    box: tuple[int, int, int, int]  # left, top, width, height in the input image's pixels
    format: str = ""  # zxing format name ("QRCode", "Code128", ...) or "PATCH"


@dataclass(frozen=True, slots=True)
class SeparatorVerdict:
    is_separator: bool
    kind: SeparatorKind | None  # the code that made (or would have made) it a separator
    file_number: str | None  # from a code (preferred) or from OCR text
    reasons: tuple[str, ...]
    file_number_source: Literal["code", "ocr"] | None = None
    codes: tuple[Code, ...] = ()


def _gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return np.ascontiguousarray(image)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def _small(gray: np.ndarray) -> tuple[np.ndarray, float]:
    f = min(1.0, _ANALYSIS_LONG_SIDE / max(gray.shape))
    if f < 1.0:
        return cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA), f
    return gray, 1.0


def _ink(gray: np.ndarray) -> np.ndarray:
    """Ink mask relative to the paper colour (works on yellowed and low-contrast scans)."""
    paper = float(np.percentile(gray, 90))
    return gray < max(40.0, paper - 60.0)


# ---------------------------------------------------------------- codes
def _zxing_codes(gray: np.ndarray) -> list[Code] | None:
    try:
        import zxingcpp
    except ImportError:
        return None
    out = []
    for r in zxingcpp.read_barcodes(gray):
        if not r.valid or not r.text:
            continue
        p = r.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        fmt = r.format.name
        kind: CodeKind = "qr" if "QR" in fmt.upper() else "barcode"
        box = (min(xs), min(ys), max(1, max(xs) - min(xs)), max(1, max(ys) - min(ys)))
        out.append(Code(text=r.text, kind=kind, box=box, format=fmt))
    return out


def _opencv_qr(gray: np.ndarray) -> list[Code]:
    ok, texts, points, _ = cv2.QRCodeDetector().detectAndDecodeMulti(gray)
    out = []
    if ok and points is not None:
        for text, pts in zip(texts, points, strict=False):
            if text:
                x, y, w, h = cv2.boundingRect(pts.astype(np.float32))
                out.append(Code(text=text, kind="qr", box=(x, y, w, h), format="QRCode"))
    return out


_PATCH_NAMES: dict[str, CodeKind] = {
    "NWWN": "patch_t",
    "WNNW": "patch_2",
    "WNWN": "patch_3",
    "NWNW": "patch_3",
}


def _bar_runs(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Solid, elongated, upright rectangles (x, y, w, h) in a boolean mask: candidate bars."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    bars = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w < 2 or h < 3 * w or area < 0.85 * w * h:
            continue
        bars.append((x, y, w, h))
    return sorted(bars)


def _patch_in(mask: np.ndarray) -> tuple[str, tuple[int, int, int, int]] | None:
    """A patch pattern of vertical bars (read left to right) in ``mask``, or None."""
    bars = _bar_runs(mask)
    for i in range(len(bars) - 3):
        group = bars[i : i + 4]
        ys = [(y, y + h) for _, y, _, h in group]
        top, bottom = max(a for a, _ in ys), min(b for _, b in ys)
        longest = max(b - a for a, b in ys)
        if bottom - top < 0.7 * longest:  # the bars must overlap along their length
            continue
        widths = [w for _, _, w, _ in group]
        gaps = [group[k + 1][0] - (group[k][0] + group[k][2]) for k in range(3)]
        if min(gaps) <= 0:
            continue
        unit = float(np.median(gaps))
        if max(gaps) > 1.6 * unit or min(gaps) < 0.6 * unit:
            continue
        pattern = ""
        for w in widths:
            r = w / unit
            if 0.6 <= r <= 1.6:
                pattern += "N"
            elif 1.9 <= r <= 3.4:
                pattern += "W"
            else:
                break
        if len(pattern) != 4 or pattern.count("W") != 2:
            continue
        x0 = group[0][0]
        x1 = group[3][0] + group[3][2]
        span = x1 - x0
        if longest < 0.9 * span:  # bars are at least about as long as the code is wide
            continue
        return pattern, (x0, top, span, bottom - top)
    return None


def find_patch(image: np.ndarray) -> Code | None:
    """A PATCH code (bars vertical or horizontal) on the page, or None."""
    small, f = _small(_gray(image))
    mask = _ink(small)
    for turned in (False, True):
        m = mask.T if turned else mask
        hit = _patch_in(np.ascontiguousarray(m))
        if hit is None:
            continue
        pattern, (x, y, w, h) = hit
        kind = _PATCH_NAMES.get(pattern)
        if kind is None:
            continue
        if turned:
            x, y, w, h = y, x, h, w
        box = (int(x / f), int(y / f), int(w / f), int(h / f))
        label = {"patch_t": "PATCH T", "patch_2": "PATCH 2", "patch_3": "PATCH 3"}[kind]
        return Code(text=label, kind=kind, box=box, format="PATCH")
    return None


def find_codes(image: np.ndarray) -> tuple[Code, ...]:
    """Every barcode, QR code and PATCH code on a page image (grey, RGB or RGBA array)."""
    gray = _gray(image)
    codes = _zxing_codes(gray)
    if codes is None:
        codes = _opencv_qr(gray)
    patch = find_patch(gray)
    if patch is not None:
        codes.append(patch)
    return tuple(sorted(codes, key=lambda c: (c.box[1], c.box[0], c.text)))


# ---------------------------------------------------------------- blank pages and ink
def ink_share(image: np.ndarray, *, exclude: tuple[tuple[int, int, int, int], ...] = ()) -> float:
    """Share of inked pixels inside the page margins (6 % sides, 4 % top/bottom), specks ignored,
    with the given boxes (e.g. codes) blanked out."""
    gray = _gray(image)
    small, f = _small(gray)
    mask = _ink(small)
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
    gray = _gray(image)
    small, _ = _small(gray)
    share = ink_share(gray)
    mask = _ink(small)
    h, w = mask.shape
    inner = mask[int(h * 0.04) : h - int(h * 0.04), int(w * 0.06) : w - int(w * 0.06)].astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(inner, connectivity=8)
    min_area = max(6, int(inner.size * 2e-6))
    blobs = int(sum(1 for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= min_area))
    reasons = [f"ink {share:.4f} of the page", f"{blobs} marks"]
    blank = share < BLANK_MAX_INK and blobs <= BLANK_MAX_BLOBS
    reasons.append("blank" if blank else "has content")
    return blank, tuple(reasons)


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
    reasons.append(f"{primary.kind} found ({primary.text!r})")
    reasons.append(f"ink outside codes {share:.4f}, {words} OCR words")
    mostly_blank = share <= SEPARATOR_MAX_INK and words <= SEPARATOR_MAX_WORDS
    if mostly_blank:
        reasons.append("mostly blank page with a code: separator sheet")
    else:
        reasons.append("page has text around the code: content page, not a separator")
    return SeparatorVerdict(mostly_blank, primary.kind, fn, tuple(reasons), source, codes)
