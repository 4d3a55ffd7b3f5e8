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
- **Cost** (ADR 0012): the OCR stage does not search every page. :func:`glance` (~5 ms on an A4
  300 dpi page) measures ink and finds code-like marks on a ~75 dpi copy; only a page with little
  ink outside such marks is searched (:func:`find_codes_near`: the marks' crops at full
  resolution, else the page at 100 dpi). A page of text cannot be a separator by the verdict's
  ink rule, so nothing is lost by not searching it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
import regex

from ocr.shrink import shrink

CodeKind = Literal["qr", "barcode", "patch_t", "patch_2", "patch_3"]
SeparatorKind = Literal["qr", "barcode", "patch_t", "patch_2", "patch_3"]

# A page with less ink than this (outside any code) is "mostly blank" for a separator sheet:
# a few printed lines ("SEPARATOR  File No. ...") stay under it, a page of text is well above.
SEPARATOR_MAX_INK = 0.012
SEPARATOR_MAX_WORDS = 25  # "SEPARATOR", a file number, a subject line; a 5-line letter has 26-49 (e-Office letters carry QR codes)
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


def find_patch(image: np.ndarray, dpi: int | None = None) -> Code | None:
    """A PATCH code (bars vertical or horizontal) on the page, or None. With ``dpi`` known, only
    ink in straight runs of at least 15 mm along the bars counts (a label printed against the
    bars no longer spoils their shape)."""
    small, f = _small(_gray(image))
    mask = _ink(small)
    run = round(15 * dpi * f / 25.4) if dpi else 0
    for turned in (False, True):
        m = mask.T if turned else mask
        if run > 2:
            m = cv2.morphologyEx(np.ascontiguousarray(m).astype(np.uint8), cv2.MORPH_OPEN, np.ones((run, 1), np.uint8)).astype(bool)
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


# ---------------------------------------------------------------- the cheap look (before OCR)
GATE_DPI = 75
GATE_MAX_INK = 0.02  # ink outside code-like marks: SEPARATOR_MAX_INK measured more coarsely, with room
GATE_MAX_MARKS = 10  # more code-like marks than this: a page of large print, not a separator sheet
GATE_MIN_INK = 0.0003  # an empty page carries no code
BLANK_PRECHECK_INK = 0.02  # below this, is_blank decides; a page of text has well over it


@dataclass(frozen=True, slots=True)
class PageGlance:
    """One ~75 dpi look at a page (a few ms on A4 300 dpi): how much ink, and where the marks are
    that could be a barcode, a QR code or a PATCH bar. Decides which pages are worth a code search."""

    ink: float  # share of inked pixels inside the margins (6 % sides, 4 % top/bottom)
    ink_outside_marks: float  # the same with the code-like marks left out
    marks: tuple[tuple[int, int, int, int], ...]  # code-like marks (x, y, w, h) in the input image's pixels
    bars: int  # how many of them are solid elongated bars (PATCH code candidates)

    @property
    def may_be_blank(self) -> bool:
        return self.ink < BLANK_PRECHECK_INK

    @property
    def may_be_separator(self) -> bool:
        """Worth a code search: little ink once code-like marks are left out, but not nothing."""
        return self.ink_outside_marks <= GATE_MAX_INK and self.ink >= GATE_MIN_INK


def glance(image: np.ndarray, dpi: int) -> PageGlance:
    """The cheap look: an area-averaged ~75 dpi copy (a thin-barred barcode averages to a grey
    block instead of vanishing), an ink mask relative to the paper colour, and its connected
    components after a closing that joins a code's modules and bars into one mark.

    A code-like mark is a dense block at least 4 x 8 mm and at most 8 times longer than wide (QR,
    DataMatrix, barcodes; after a 5 x 5 closing) or a solid bar: ink in straight runs of at least
    15 mm, at least 1.2 mm wide (PATCH bars; ruled lines are thinner).
    A page whose ink lies mostly outside such marks, or that has many of them, is a page of text;
    only the others are worth a code search."""
    gray = _gray(image)
    f = min(1.0, GATE_DPI / max(dpi, 1))
    small = shrink(gray, f)
    hist = cv2.calcHist([small], [0], None, [256], [0, 256]).ravel()
    paper = float(np.searchsorted(np.cumsum(hist), 0.90 * small.size))
    mask = (small < max(40.0, paper - 60.0)).astype(np.uint8)
    h, w = mask.shape
    y0, y1, x0, x1 = int(h * 0.04), h - int(h * 0.04), int(w * 0.06), w - int(w * 0.06)
    inner = mask[y0:y1, x0:x1]
    total = cv2.countNonZero(inner)
    area = max(1, inner.size)
    if total == 0:
        return PageGlance(0.0, 0.0, (), 0)
    if total > GATE_MAX_INK * area:
        # Ink that survives a 3 x 3 erosion is solid (bars, code blocks); at 75 dpi text strokes
        # are 1-2 px and vanish. When the thin ink alone is over the limit, no marks can excuse it.
        solid = cv2.countNonZero(cv2.erode(inner, np.ones((3, 3), np.uint8)))
        if total - 2 * solid > GATE_MAX_INK * area:
            return PageGlance(total / area, total / area, (), 0)
    px_mm = min(dpi, GATE_DPI) / 25.4
    # Bars: ink in straight runs of at least 15 mm (an opening with a line), whatever touches them
    # (a label printed against a PATCH code); then at least 1.2 mm wide, which leaves out ruled lines.
    run = max(3, round(15 * px_mm))
    bars_mask = cv2.bitwise_or(cv2.morphologyEx(inner, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8)),
                               cv2.morphologyEx(inner, cv2.MORPH_OPEN, np.ones((1, run), np.uint8)))
    _, _, stats, _ = cv2.connectedComponentsWithStats(bars_mask, connectivity=8)
    st = stats[1:].astype(np.int64)
    short = np.minimum(st[:, 2], st[:, 3])
    hit = (short >= 1.2 * px_mm) & (st[:, 4] >= 0.7 * st[:, 2] * st[:, 3])
    found = [st[hit, :4]]
    bars = int(hit.sum())
    # Blocks: a 5 x 5 closing joins a code's modules and bars into one dense mark.
    closed = cv2.morphologyEx(inner, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    st = stats[1:].astype(np.int64)
    cw, ch, a = st[:, 2], st[:, 3], st[:, 4]
    short, long_ = np.minimum(cw, ch), np.maximum(cw, ch)
    hit = (short >= 4 * px_mm) & (long_ >= 8 * px_mm) & (long_ <= 8 * short) & (a >= 0.45 * cw * ch)
    found.append(st[hit, :4])
    boxes = np.concatenate(found)
    if len(boxes) > GATE_MAX_MARKS:
        return PageGlance(total / area, total / area, (), 0)
    covered = np.zeros_like(inner)
    for x, y, cw_, ch_ in boxes.tolist():
        covered[y : y + ch_, x : x + cw_] = 1
    outside = cv2.countNonZero(inner & (covered ^ 1))
    marks = tuple(
        (int((x + x0) / f), int((y + y0) / f), int(np.ceil(cw_ / f)), int(np.ceil(ch_ / f))) for x, y, cw_, ch_ in boxes.tolist()
    )
    return PageGlance(total / area, outside / area, marks, bars)


def _crops(boxes: tuple[tuple[int, int, int, int], ...], shape: tuple[int, ...], margin: int) -> list[tuple[int, int, int, int]]:
    """Boxes grown by ``margin`` and merged where they overlap, as (x0, y0, x1, y1) inside ``shape``."""
    h, w = shape[:2]
    rects = [[max(0, x - margin), max(0, y - margin), min(w, x + bw + margin), min(h, y + bh + margin)] for x, y, bw, bh in boxes]
    merged = True
    while merged:
        merged = False
        for i in range(len(rects)):
            for j in range(i + 1, len(rects)):
                a, b = rects[i], rects[j]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                    rects[i] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                    del rects[j]
                    merged = True
                    break
            if merged:
                break
    return [tuple(r) for r in rects]  # type: ignore[misc]


CODE_SEARCH_DPI = 100  # whole-page fallback pass: for codes too coarse to form one mark (big QR modules)


def find_codes_near(image: np.ndarray, g: PageGlance, dpi: int) -> tuple[Code, ...]:
    """Codes on a page the glance found worth a search: first inside its marks, each crop (plus
    5 mm) at full resolution (thin barcode bars need it; PATCH bars are measured there); when
    that finds nothing, the whole page once at ~100 dpi (the modules of a large QR code do not
    join into one mark at 75 dpi, and such a code reads at low resolution)."""
    gray = _gray(image)
    codes: list[Code] = []
    margin = max(4, round(5 * dpi / 25.4))
    for x0, y0, x1, y1 in _crops(g.marks, gray.shape, margin):
        crop = np.ascontiguousarray(gray[y0:y1, x0:x1])
        found = _zxing_codes(crop)
        if found is None:
            found = _opencv_qr(crop)
        if g.bars >= 2:
            patch = find_patch(crop, dpi)
            if patch is not None:
                found.append(patch)
        for c in found:
            x, y, bw, bh = c.box
            codes.append(Code(c.text, c.kind, (x + x0, y + y0, bw, bh), c.format))
    if not codes:
        f = min(1.0, CODE_SEARCH_DPI / max(dpi, 1))
        small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else gray
        found = _zxing_codes(small)
        if found is None:
            found = _opencv_qr(small)
        for c in found:
            x, y, bw, bh = c.box
            codes.append(Code(c.text, c.kind, (int(x / f), int(y / f), int(np.ceil(bw / f)), int(np.ceil(bh / f))), c.format))
    unique = {(c.kind, c.text, c.box): c for c in codes}
    return tuple(sorted(unique.values(), key=lambda c: (c.box[1], c.box[0], c.text)))


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
    reasons.append(f"{primary.kind.replace('_', '-')} found ({primary.text!r})")
    reasons.append(f"ink outside codes {share:.4f}, {words} OCR words")
    mostly_blank = share <= SEPARATOR_MAX_INK and words <= SEPARATOR_MAX_WORDS
    if mostly_blank:
        reasons.append("mostly blank page with a code: separator sheet")
    else:
        reasons.append("page has text around the code: content page, not a separator")
    return SeparatorVerdict(mostly_blank, primary.kind, fn, tuple(reasons), source, codes)
