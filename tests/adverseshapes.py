"""Upright pages that look turned, ruled or dotted without being so (issue 17, "never worse than plain"):
written 2026-12-07 before any reading of them, to try the OCR stage's automatic decisions on shapes real
office scans have and no other generator makes.

Kinds (each an upright A4 page at 300 dpi, mode "L"; ``text`` is what a perfect reading gives):
- ``vhead``: an attendance register whose narrow column heads are printed on end (dates and words turned a
  quarter, as a spreadsheet prints them), names down the first column, "P"/"A" and single digits in the cells;
- ``digits``: a marks register of tall narrow cells holding one digit each, under a Hindi heading;
- ``vrules``: a ledger of many column rules and short cells, no row rules;
- ``spine``: a file cover: a few short centred lines, a file label printed along the left edge (on end), on odd
  seeds a second one down the right edge;
- ``watermark``: a short letter with a large grey stamp "प्रतिलिपि / COPY" printed up the page (on end);
- ``underlined``: a report page whose headings are underlined, and a table of amounts with only row rules
  drawn tight under the figures;
- ``tint``: a notice whose heading stands in a screened grey box (a coarse dot screen), and a tinted total.

``make(kind, font, seed)``; fonts and the tune/held-out split are tests/pageshapes.py's. Nothing binary is
committed.
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
from tests.tableshapes import _amount

KINDS = ("vhead", "digits", "vrules", "spine", "watermark", "underlined", "tint")
__all__ = ["HELD_OUT_FONTS", "KINDS", "TUNE_FONTS", "make"]
HEADS = ("उपस्थिति", "अवकाश", "कार्यदिवस", "हस्ताक्षर", "टिप्पणी", "योग", "Remarks", "Signature", "Total")
OFFICES = ("राजस्व विभाग", "शिक्षा विभाग", "लोक निर्माण विभाग", "ग्रामीण विकास विभाग", "कोषालय कार्यालय")


def _pt(pt: float) -> int:
    return round(pt / 72 * 300)


def _text_block(draw: ImageDraw.ImageDraw, lines: list[str], font_path: object, px: int, x0: int, y0: int,
                spacing: float = 1.6, centre: int | None = None) -> int:
    """Lines from baseline y0 down, Latin letters from pagegen's Latin face where the font has none; the next baseline."""
    y = y0
    for line in lines:
        runs = [(text, pagegen._font(path, px)) for text, path in pagegen._runs(line, str(font_path), str(pagegen.LATIN_FONT))]
        x = centre - sum(f.getlength(t) for t, f in runs) / 2 if centre is not None else x0
        for text, face in runs:
            draw.text((x, y), text, font=face, fill=0, anchor="ls")
            x += face.getlength(text)
        y += round(px * spacing)
    return y


def _on_end(draw_on: Image.Image, text: str, font: str, px: int, x: int, y: int, fill: int = 0,
            up: bool = True) -> None:
    """``text`` printed on end with its foot at (x, y): reading upwards (``up``) or downwards."""
    face = pagegen._font(str(FONTS[font]), px)
    w = round(face.getlength(text)) + 8
    tile = Image.new("L", (w, round(px * 1.6)), 255)
    ImageDraw.Draw(tile).text((4, round(px * 1.15)), text, font=face, fill=fill, anchor="ls")
    tile = tile.rotate(90 if up else -90, expand=True)
    mask = tile.point(lambda v: 255 if v < 250 else 0)
    draw_on.paste(tile, (x, y - tile.height), mask)


def vhead(font: str, seed: int) -> ShapePage:
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    px = _pt(float(rng.choice((10, 11))))
    title = f"उपस्थिति पंजिका माह {int(rng.integers(1, 13)):02d}/2026 {str(rng.choice(OFFICES))}"
    _text_block(draw, [title], FONTS[font], _pt(14), 0, 300, centre=img.width // 2)
    n_cols = int(rng.integers(14, 20))
    heads = [f"{d:02d}-{int(rng.integers(1, 13)):02d}-2026" if i % 3 else str(rng.choice(HEADS))
             for i, d in enumerate(rng.choice(np.arange(1, 29), n_cols, replace=False))]
    name_w, col_w, head_h, row_h = 560, round(px * 1.9), _pt(11) * 7, round(px * 2.1)
    x0, y0 = 200, 420
    rows = [str(n) for n in rng.choice(NAMES, int(rng.integers(10, 16)))]
    xs = [x0, x0 + name_w, *(x0 + name_w + (i + 1) * col_w for i in range(n_cols))]
    bottom = y0 + head_h + len(rows) * row_h
    for x in xs:
        draw.line((x, y0, x, bottom), fill=0, width=3)
    for y in (y0, y0 + head_h, *(y0 + head_h + (r + 1) * row_h for r in range(len(rows)))):
        draw.line((xs[0], y, xs[-1], y), fill=0, width=3)
    _text_block(draw, ["नाम"], FONTS[font], px, x0 + 20, y0 + head_h - 30)
    for i, head in enumerate(heads):
        _on_end(img, head, font, px, xs[i + 1] + (col_w - round(px * 1.6)) // 2, y0 + head_h - 15)
    face = pagegen._font(str(FONTS[font]), px)
    lines = [title, "नाम " + " ".join(heads)]
    for r, name in enumerate(rows):
        base = y0 + head_h + r * row_h + round(row_h * 0.72)
        draw.text((x0 + 20, base), name, font=face, fill=0, anchor="ls")
        cells = [str(rng.choice(["P", "P", "P", "A", str(int(rng.integers(1, 9)))])) for _ in heads]
        for i, cell in enumerate(cells):
            draw.text((xs[i + 1] + col_w // 2, base), cell, font=face, fill=0, anchor="ms")
        lines.append(" ".join([name, *cells]))
    return ShapePage("vhead", font, seed, img, "\n".join(lines))


def digits(font: str, seed: int) -> ShapePage:
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    px = _pt(float(rng.choice((11, 12))))
    title = f"अंक पंजिका कक्षा {int(rng.integers(6, 13))} जिला {str(rng.choice(DISTRICTS))}"
    _text_block(draw, [title], FONTS[font], _pt(14), 0, 300, centre=img.width // 2)
    n_cols, n_rows = int(rng.integers(24, 34)), int(rng.integers(22, 32))
    col_w, row_h = round(px * 0.95), round(px * 1.9)  # tall narrow cells
    x0, y0 = (img.width - n_cols * col_w) // 2, 420
    face = pagegen._font(str(FONTS[font]), px)
    for c in range(n_cols + 1):
        draw.line((x0 + c * col_w, y0, x0 + c * col_w, y0 + n_rows * row_h), fill=0, width=2)
    for r in range(n_rows + 1):
        draw.line((x0, y0 + r * row_h, x0 + n_cols * col_w, y0 + r * row_h), fill=0, width=2)
    lines = [title]
    for r in range(n_rows):
        cells = [str(int(v)) for v in rng.integers(0, 10, n_cols)]
        for c, cell in enumerate(cells):
            draw.text((x0 + c * col_w + col_w // 2, y0 + r * row_h + round(row_h * 0.7)), cell, font=face, fill=0, anchor="ms")
        lines.append(" ".join(cells))
    return ShapePage("digits", font, seed, img, "\n".join(lines))


def vrules(font: str, seed: int) -> ShapePage:
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    px = _pt(float(rng.choice((10, 11, 12))))
    title = f"रोकड़ बही {str(rng.choice(OFFICES))} {str(rng.choice(DISTRICTS))}"
    _text_block(draw, [title], FONTS[font], _pt(14), 0, 300, centre=img.width // 2)
    n_cols = int(rng.integers(7, 10))
    col_w = (img.width - 300) // n_cols
    x0, y0, row_h = 150, 400, round(px * float(rng.uniform(2.6, 3.4)))
    n_rows = int(rng.integers(12, 20))
    for c in range(n_cols + 1):
        draw.line((x0 + c * col_w, y0, x0 + c * col_w, y0 + (n_rows + 1) * row_h), fill=0, width=3)
    face = pagegen._font(str(FONTS[font]), px)
    lines = [title]
    words = [w for s in PROSE for w in s.rstrip("।").split()]
    for r in range(n_rows + 1):
        cells = []
        for c in range(n_cols):
            cell = (str(rng.choice(words)) if c % 3 else str(int(rng.integers(10, 999)))) if rng.random() < 0.7 else ""
            if cell:
                draw.text((x0 + c * col_w + 18, y0 + r * row_h + round(row_h * 0.6)), cell, font=face, fill=0, anchor="ls")
                cells.append(cell)
        if cells:
            lines.append(" ".join(cells))
    return ShapePage("vrules", font, seed, img, "\n".join(lines))


def spine(font: str, seed: int) -> ShapePage:
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    office = str(rng.choice(OFFICES))
    lines = ["कार्यालय जिला कलेक्टर", office, f"जिला {str(rng.choice(DISTRICTS))}", f"वर्ष {int(rng.integers(1990, 2026))}"]
    _text_block(draw, lines, FONTS[font], _pt(float(rng.choice((16, 18, 20)))), 0, 1200, spacing=2.0, centre=img.width // 2)
    label = f"फाइल संख्या {int(rng.integers(1, 99))}/{int(rng.integers(1990, 2026))} {office} स्थायी अभिलेख"
    _on_end(img, label, font, _pt(float(rng.choice((22, 26, 30)))), 150, img.height - 300)
    labels = [label]
    if seed % 2:  # a second label down the right edge, reading downwards
        labels.append(f"पत्रावली {int(rng.integers(100, 999))} खण्ड {int(rng.integers(1, 9))}")
        _on_end(img, labels[1], font, _pt(float(rng.choice((18, 22)))), img.width - 260, 300 + _pt(22) * len(labels[1]) // 2,
                up=False)
    return ShapePage("spine", font, seed, img, "\n".join([*lines, *labels]))


def watermark(font: str, seed: int) -> ShapePage:
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    px = _pt(float(rng.choice((12, 13))))
    body = pagegen.office_lines(seed, n=4, english_share=0.25)
    body += _wrap(draw, FONTS[font], px, [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:3]], img.width - 500)
    _text_block(draw, body, FONTS[font], px, 250, 400, spacing=1.7)
    shade = int(rng.integers(120, 190))
    _on_end(img, str(rng.choice(("प्रतिलिपि", "कार्यालय प्रति", "गोपनीय"))), font, _pt(96), 900, img.height - 300, fill=shade)
    _on_end(img, str(rng.choice(("COPY", "DUPLICATE", "RECEIVED"))), font, _pt(80), 1500, img.height - 400, fill=shade)
    return ShapePage("watermark", font, seed, img, "\n".join(body))


def underlined(font: str, seed: int) -> ShapePage:
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    px = _pt(float(rng.choice((11, 12))))
    face, head = pagegen._font(str(FONTS[font]), px), pagegen._font(str(FONTS[font]), _pt(14))
    y, lines = 320, []
    for _ in range(2):
        heading = f"{str(rng.choice(OFFICES))} की प्रगति {int(rng.integers(2019, 2026))}"
        draw.text((220, y), heading, font=head, fill=0, anchor="ls")
        drop = round(_pt(14) * float(rng.uniform(0.15, 0.35)))
        draw.line((220, y + drop, 220 + head.getlength(heading), y + drop), fill=0, width=int(rng.integers(3, 6)))
        lines.append(heading)
        y += round(_pt(14) * 2)
        para = _wrap(draw, FONTS[font], px, [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:3]], img.width - 440)
        y = _text_block(draw, para, FONTS[font], px, 220, y, spacing=1.7) + px
        lines += para
    row_h = round(px * float(rng.uniform(1.45, 1.7)))  # rules tight under the figures
    for _ in range(int(rng.integers(8, 13))):
        cells = [str(rng.choice(DISTRICTS)), _amount(rng), _amount(rng), f"{float(rng.uniform(1, 99)):.2f}"]
        xs = (220, 900, 1500, 2050)
        for c, (x, cell) in enumerate(zip(xs, cells, strict=True)):
            draw.text((x + (330 if c else 0), y), cell, font=face, fill=0, anchor="rs" if c else "ls")
        draw.line((220, y + round(px * 0.12), 2260, y + round(px * 0.12)), fill=0, width=3)
        lines.append(" ".join(cells))
        y += row_h
    return ShapePage("underlined", font, seed, img, "\n".join(lines))


def _screen(img: Image.Image, box: tuple[int, int, int, int], lpi: float, tone: float, angle: float) -> None:
    """A halftone screen of ``tone`` (0..1 ink) at ``lpi`` lines per inch, ``angle`` degrees, in ``box``."""
    x0, y0, x1, y1 = box
    a = np.asarray(img).copy()
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    t = np.deg2rad(angle)
    u, v = (xx * np.cos(t) + yy * np.sin(t)) * lpi / 300, (-xx * np.sin(t) + yy * np.cos(t)) * lpi / 300
    d = np.hypot(u - np.round(u), v - np.round(v))  # distance to the nearest dot centre, in cells
    dot = d < np.sqrt(tone / np.pi)
    region = a[y0:y1, x0:x1]
    region[dot & (region > 128)] = 40
    img.paste(Image.fromarray(a))


def tint(font: str, seed: int) -> ShapePage:
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    px = _pt(float(rng.choice((11, 12, 13))))
    lpi, tone, angle = float(rng.uniform(25, 45)), float(rng.uniform(0.08, 0.2)), float(rng.choice((0.0, 45.0)))
    heading = f"सूचना : {str(rng.choice(OFFICES))} जिला {str(rng.choice(DISTRICTS))}"
    hp = _pt(16)
    _screen(img, (200, 260, img.width - 200, 260 + round(hp * 2.2)), lpi, tone, angle)
    draw = ImageDraw.Draw(img)
    _text_block(draw, [heading], FONTS[font], hp, 0, 260 + round(hp * 1.45), centre=img.width // 2)
    body = pagegen.office_lines(seed, n=5, english_share=0.25)
    body += _wrap(draw, FONTS[font], px, [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:6]], img.width - 500)
    y = _text_block(draw, body, FONTS[font], px, 250, 260 + round(hp * 3.5), spacing=1.7)
    total = f"कुल राशि रु. {_amount(rng)}"
    _screen(img, (240, y - px, img.width - 240, y + round(px * 0.9)), lpi, tone, angle)
    draw = ImageDraw.Draw(img)
    _text_block(draw, [total], FONTS[font], px, 260, y + round(px * 0.4))
    return ShapePage("tint", font, seed, img, "\n".join([heading, *body, total]))


BUILDERS = {"vhead": vhead, "digits": digits, "vrules": vrules, "spine": spine, "watermark": watermark,
            "underlined": underlined, "tint": tint}


def make(kind: str, font: str, seed: int) -> ShapePage:
    return BUILDERS[kind](font, seed)
