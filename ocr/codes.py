"""Codes on a page image: barcodes and QR codes (decoded by zxing-cpp, ``zxingcpp``, a kept library;
without it OpenCV's ``QRCodeDetector`` reads QR codes only) and Kodak PATCH codes, found by their
geometry. Nothing here decodes symbols itself.

- **PATCH codes**: four parallel bars, two wide (5.1 mm) and two narrow (2.0 mm), separated by three
  narrow spaces; 20 mm across, at least 19-50 mm long. Patch T is narrow-wide-wide-narrow (a
  palindrome, so the feed direction does not matter); Patch 2 is W-N-N-W, Patch 3 W-N-W-N (or
  N-W-N-W read backwards). The test is geometric: solid elongated rectangles side by side whose
  widths and gaps fit those ratios, in either orientation.
- :func:`find_codes_near` searches only where the glance (ocr/glance.py) saw code-like marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from ocr.glance import PageGlance, to_gray

CodeKind = Literal["qr", "barcode", "patch_t", "patch_2", "patch_3"]
_ANALYSIS_LONG_SIDE = 1400  # ~120 dpi for A4


@dataclass(frozen=True, slots=True)
class Code:
    """One symbol found on a page."""

    text: str  # decoded text ("PATCH T" for a patch code)
    kind: CodeKind
    box: tuple[int, int, int, int]  # left, top, width, height in the input image's pixels
    format: str = ""  # zxing format name ("QRCode", "Code128", ...) or "PATCH"


def analysis_copy(gray: np.ndarray) -> tuple[np.ndarray, float]:
    f = min(1.0, _ANALYSIS_LONG_SIDE / max(gray.shape))
    if f < 1.0:
        return cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA), f
    return gray, 1.0


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Ink mask relative to the paper colour (works on yellowed and low-contrast scans)."""
    paper = float(np.percentile(gray, 90))
    return gray < max(40.0, paper - 60.0)



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
    small, f = analysis_copy(to_gray(image))
    mask = ink_mask(small)
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
    gray = to_gray(image)
    codes = _zxing_codes(gray)
    if codes is None:
        codes = _opencv_qr(gray)
    patch = find_patch(gray)
    if patch is not None:
        codes.append(patch)
    return tuple(sorted(codes, key=lambda c: (c.box[1], c.box[0], c.text)))


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
    gray = to_gray(image)
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
