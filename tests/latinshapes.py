"""English pages with strokes that look like Devanagari headlines (ADR 0038's false cases on real scans).

The first real pages the project read (OCRmyPDF's test scans, ``bench/ocr_real_latin.py``) were all flagged
"Devanagari text not read as Devanagari": the serif tops of a bold heading's capitals (T bar, MIDI) and an
'n' arch; the merged x-height tops of "er", "ns", "z" in a typewriter face scanned at 600 dpi and saved without
its dpi (read at the assumed 300 dpi, every letter looks twice its size); the hatching of a book's engraving
(short horizontal strokes stacked a few pixels apart). These pages have each shape, in Debian fonts
(fonts-dejavu-core: Bitstream Vera licence; fonts-noto-core: OFL-1.1), with English body text. Deterministic.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from tests import pagegen

BOLD_SERIF = pagegen.FONT_DIR / "noto" / "NotoSerif-Bold.ttf"
BOLD_SERIF_2 = pagegen.FONT_DIR / "dejavu" / "DejaVuSerif-Bold.ttf"
SERIF = pagegen.FONT_DIR / "noto" / "NotoSerif-Regular.ttf"
MONO = pagegen.FONT_DIR / "dejavu" / "DejaVuSansMono.ttf"
KINDS = ("heading", "typewriter", "engraving")

HEADINGS = ("The LinnSequencer", "32 Track MIDI Sequence Recorder", "THE TIMBER REPORT", "Minutes of the Meeting")
TYPED = (
    "4 ons linzen", "3 liter water", "2 kopjes melk", "laurier, kruidnagel, zout",
    "Received your letter of the tenth", "the answer is under consideration", "our office has forwarded",
    "the papers on the fourteenth instant", "sincerely yours, the undersigned", "Sir, with reference to the above",
    "the amount sanctioned is Rs. 4,500", "in respect of the winter session",
)


def _body(draw: ImageDraw.ImageDraw, y: int, px: int, width: int, lines: int, font: Path = SERIF) -> int:
    face = pagegen._font(str(font), px)
    for i in range(lines):
        draw.text((150, y), pagegen.ENGLISH_LINES[i % len(pagegen.ENGLISH_LINES)][: width], font=face, fill=0,
                  anchor="ls")
        y += round(px * 1.5)
    return y


def heading(seed: int) -> Image.Image:
    """A4 at 300 dpi: two or three lines of bold serif capitals and words at 60-90 px, then body text."""
    rng = np.random.default_rng(seed)
    img = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(img)
    font = BOLD_SERIF if seed % 2 == 0 else BOLD_SERIF_2
    y = 350
    for text in HEADINGS:
        px = int(rng.integers(75, 110))
        draw.text((150, y), text, font=pagegen._font(str(font), px), fill=0, anchor="ls")
        y += round(px * 1.15)
    _body(draw, y + 120, 50, 90, 30)
    img.info["dpi"] = (300, 300)
    return img


def typewriter(seed: int, dpi: int = 600) -> Image.Image:
    """The top of a typed page scanned at ``dpi`` (12 pt monospace, the type's ink spread by the ribbon), saved without
    its dpi: read at the assumed 300 dpi its letters look twice their size."""
    rng = np.random.default_rng(seed)
    scale = dpi / 300
    px = round(12 / 72 * dpi)
    img = Image.new("L", (round(2480 * scale), round(300 * scale + 16 * 1.6 * px)), 255)  # 16 lines of an A4
    draw = ImageDraw.Draw(img)
    face = pagegen._font(str(MONO), px)
    y = round(300 * scale)
    for i in range(16):
        draw.text((round(250 * scale), y), TYPED[int(rng.integers(len(TYPED)))] if i % 7 else TYPED[i % 4],
                  font=face, fill=0, anchor="ls")
        y += round(px * 1.6)
    img = img.filter(ImageFilter.MinFilter(3))  # ribbon ink spreads: strokes thicken, near letters touch
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    img.info.pop("dpi", None)
    return img


def engraving(seed: int) -> Image.Image:
    """A book page: body text above and below a picture shaded as a wood engraving is: blocks of close
    strokes (every 4-5 px at 300 dpi) crossed by horizontal strokes, so a short horizontal run has strokes
    hanging under it, as a Devanagari headline has letters."""
    rng = np.random.default_rng(seed)
    img = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(img)
    y = _body(draw, 300, 50, 90, 10)
    top, left = y + 60, 400
    for cell in range(30):  # shaded patches, one in each cell of a 6 x 5 grid
        bx, by = left + 280 * (cell % 6) + int(rng.integers(0, 30)), top + 260 * (cell // 6) + int(rng.integers(0, 30))
        bw, bh = int(rng.integers(120, 250)), int(rng.integers(100, 230))
        pitch, slant = int(rng.integers(4, 6)), int(rng.integers(-20, 21))
        for x in range(bx, bx + bw, pitch):
            draw.line((x, by, x + slant, by + bh), fill=0, width=2)
        gap = int(rng.integers(8, 15))
        for yy in range(by + 24, by + bh - gap, gap):  # crossing strokes inside the patch
            draw.line((bx, yy, bx + bw, yy + int(rng.integers(-3, 4))), fill=0, width=2)
    _body(draw, top + 1400, 50, 90, 10)
    img.info["dpi"] = (300, 300)
    return img


def make(kind: str, seed: int) -> Image.Image:
    return {"heading": heading, "typewriter": typewriter, "engraving": engraving}[kind](seed)
