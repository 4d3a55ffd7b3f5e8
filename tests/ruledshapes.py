"""Text on rules (issue 17): note-sheets on ruled paper, and forms with fill-in lines.

Government note-sheets are written or typed on ruled paper, and forms carry a solid or dotted line
after each label for the entry typed or written on it. Tesseract reads text sitting on such a rule
twice (ocr/linerules.py). Each builder returns a ``pageshapes.ShapePage`` (upright, 300 dpi A4, mode
"L", laid a little askew as on a scanner); ``text`` is what a reader sees: the lines of text, no rules, no dots. What varies with the seed
(nothing tuned to a reading): the type size, the rule spacing, where the rule sits (through the
lower matras, touching them, or just below the letters), its weight, and (``notesheet-faint``) a
faint blue ruling, drawn at the grey a blue rule scans to in a grey-scale scan. ``pageshapes.make``
finds these kinds; ``bench/ocr_shapes.py --kinds ruled`` reads them upright and turned against
plain Tesseract, tuning and held-out fonts apart.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from tests import pagegen
from tests.pageshapes import (
    DISTRICTS,
    FONTS,
    HELD_OUT_FONTS,
    NAMES,
    PROSE,
    TUNE_FONTS,
    ShapePage,
    _canvas,
    _wrap,
)

KINDS = ("notesheet", "notesheet-faint", "form")
# where the rule sits, in type sizes below the baseline: through the lower matras (ु ू ृ reach ~0.3),
# touching their tips, just below them
_RULE_DROP = (0.18, 0.3, 0.42)
_ORDER = TUNE_FONTS + HELD_OUT_FONTS  # what varies with the font: each seed's fonts take every shape in turn
LABELS = ("आवेदक का नाम", "पिता/पति का नाम", "ग्राम पंचायत", "जिला", "दिनांक", "मोबाइल नंबर", "पता", "योजना का नाम",
          "खाता संख्या", "हस्ताक्षर")


def _ruled_page(font: str, seed: int, kind: str, ruled: bool = True, angle: float | None = None) -> ShapePage:
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    w, h = img.size
    px = int(rng.integers(34, 48))
    pitch = round(px * float(rng.uniform(1.55, 2.1)))
    drop = round(px * _RULE_DROP[(seed + _ORDER.index(font)) % len(_RULE_DROP)])
    faint = kind == "notesheet-faint"
    shade, weight = (int(rng.integers(150, 175)), int(rng.integers(2, 4))) if faint else (int(rng.integers(60, 130)), int(rng.integers(2, 5)))
    margin = int(rng.integers(280, 380))
    if ruled and (seed // 2 + _ORDER.index(font)) % 2:  # a margin rule on half the sheets (crossing the ruling: measured,
        # Tesseract then read the text on the rules once; without it, askew, twice)
        draw.line([(margin - 30, 120), (margin - 30, h - 120)], fill=shade, width=weight)
    lines = _wrap(draw, FONTS[font], px, [PROSE[int(i)] for i in rng.integers(0, len(PROSE), 16)], w - margin - 200)
    n_text = min(len(lines), int(rng.integers(10, 18)))
    face = pagegen._font(str(FONTS[font]), px)
    y = 260
    for i in range(n_text + int(rng.integers(2, 6))):  # the ruling goes on below the last line
        if i < n_text:
            draw.text((margin, y), lines[i], font=face, fill=0, anchor="ls")
        if ruled:
            draw.line([(120, y + drop), (w - 120, y + drop)], fill=shade, width=weight)
        y += pitch
    return ShapePage(kind, font, seed, _skewed(img, rng, angle), "\n".join(lines[:n_text]))


def _skewed(img: Image.Image, rng: np.random.Generator, angle: float | None = None) -> Image.Image:
    """The sheet as laid on the scanner, a little askew (0.3-0.8 degrees): on a ruling with no rule crossing
    it, that is what makes Tesseract read the text on a rule twice (straight, the same pages read once).
    ``angle``: that skew instead (the seed's draws are made all the same)."""
    drawn = float(rng.uniform(0.3, 0.8)) * (1 if rng.random() < 0.5 else -1)
    angle = drawn if angle is None else angle
    return img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def notesheet(font: str, seed: int, *, ruled: bool = True, angle: float | None = None) -> ShapePage:
    """A note on ruled paper: dark rules under (or through the lower matras of) every line. ``ruled=False``: the
    same sheet with no rules (what painting them out should leave); ``angle``: askew by that many degrees."""
    return _ruled_page(font, seed, "notesheet", ruled, angle)


def notesheet_faint(font: str, seed: int) -> ShapePage:
    """The same on paper with a faint blue ruling."""
    return _ruled_page(font, seed, "notesheet-faint")


def _entry(rng: np.random.Generator, label: str) -> str:
    if label == "जिला":
        return DISTRICTS[int(rng.integers(0, len(DISTRICTS)))]
    if label == "दिनांक":
        return f"{int(rng.integers(1, 29)):02d}/{int(rng.integers(1, 13)):02d}/20{int(rng.integers(10, 25))}"
    if label in ("मोबाइल नंबर", "खाता संख्या"):
        return "".join(str(int(d)) for d in rng.integers(0, 10, 10))
    return NAMES[int(rng.integers(0, len(NAMES)))]


def _dots(draw: ImageDraw.ImageDraw, x0: int, x1: int, y: int, pitch: int, r: int, fill: int = 0) -> None:
    for x in range(x0, x1, pitch):
        draw.ellipse([x - r, y - r, x + r, y + r], fill=fill)


def form(font: str, seed: int, *, ruled: bool = True) -> ShapePage:
    """A form: a label, then a solid or dotted fill-in line to the margin with the entry typed on it.
    ``ruled=False``: the same form with no fill-in lines (what painting them out should leave)."""
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    w, _ = img.size
    px = int(rng.integers(36, 46))
    face = pagegen._font(str(FONTS[font]), px)
    head = "आवेदन पत्र"
    draw.text(((w - face.getlength(head)) / 2, 300), head, font=face, fill=0, anchor="ls")
    text, y = [head], 300 + 3 * px
    for label in rng.permutation(LABELS)[: int(rng.integers(7, 11))]:
        label = str(label)
        entry = "" if label == "हस्ताक्षर" else _entry(rng, label)
        x = 200 + face.getlength(label) + px
        draw.text((200, y), label, font=face, fill=0, anchor="ls")
        drop = round(px * _RULE_DROP[int(rng.integers(0, len(_RULE_DROP)))])
        line = 0 if ruled else 255
        if rng.random() < 0.5:
            draw.line([(x, y + drop), (w - 200, y + drop)], fill=line, width=int(rng.integers(2, 4)))
        else:
            _dots(draw, int(x), w - 200, y + drop, int(rng.integers(10, 18)), int(rng.integers(2, 4)), line)
        if entry:
            draw.text((x + px, y), entry, font=face, fill=0, anchor="ls")
        text.append(f"{label} {entry}".strip())
        y += round(px * float(rng.uniform(2.2, 3.0)))
    return ShapePage("form", font, seed, _skewed(img, rng), "\n".join(text))


BUILDERS = {"notesheet": notesheet, "notesheet-faint": notesheet_faint, "form": form}
