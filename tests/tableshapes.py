"""More table shapes (issue 17): the ruled table of tests/pageshapes.py is one shape; real office and
report tables also come with long Hindi headers over two lines' worth of width, columns of numbers
(amounts with commas, percentages, years), only some rules (a line under the header and at the foot,
no column rules), and merged cells (a header spanning two columns, a group row across the table).

Each builder returns a ``pageshapes.ShapePage`` (upright, 300 dpi A4, mode "L") whose ``text`` is
the table row by row, cells left to right, one line per row (a merged header cell once, above the
cells it spans). Column widths, row counts and cell padding vary with the seed; nothing here is
tuned to a reading. ``pageshapes.make`` finds these kinds too.

Held out: ``table-partly`` and ``table-merged`` were not looked at while choosing how Sanchika reads
tables (only ``table``, ``table-hindi`` and ``table-numeric`` on the tuning fonts and even seeds);
they are reported by ``bench/ocr_shapes.py --kinds tables`` like the held-out fonts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import ImageDraw

from tests import pagegen
from tests.pageshapes import DISTRICTS, FONTS, NAMES, ShapePage, _canvas, _text_block

VILLAGES = ("रामपुरा", "सांगानेर", "बस्सी", "चाकसू", "फागी", "दूदू", "आमेर", "शाहपुरा", "कोटपुतली", "विराटनगर")
SCHEMES = ("वृद्धावस्था पेंशन", "विधवा पेंशन", "छात्रवृत्ति", "आवास सहायता", "मनरेगा मजदूरी", "बीज वितरण")
LONG_HEAD = ("क्रमांक", "हितग्राही का नाम", "ग्राम पंचायत", "योजना का नाम", "स्वीकृत राशि (रु.)")


@dataclass(frozen=True)
class Table:
    head: list[str]
    rows: list[list[str]]  # a row of one cell is a group row across the table
    widths: list[int]  # pixels per column
    vertical: bool = True  # column rules
    every_row: bool = True  # a rule under every row (else: top, under the header, foot)
    span: tuple[int, int, str] | None = None  # (first column, last column, text): a header over them


def _amount(rng: np.random.Generator) -> str:
    n = int(rng.integers(1200, 9_999_999))
    s = str(n)
    if len(s) > 3:  # Indian grouping: 12,34,567
        head, tail = s[:-3], s[-3:]
        groups = [head[max(0, i - 2) : i] for i in range(len(head), 0, -2)][::-1]
        s = ",".join(groups) + "," + tail
    return s


def draw_table(draw: ImageDraw.ImageDraw, table: Table, font: str, px: int, x0: int, y0: int,
               rng: np.random.Generator) -> int:
    """Draw the table from (x0, y0), rules first, then the text; returns its bottom y."""
    font_obj = pagegen._font(str(FONTS[font]), px)
    row_h = round(px * float(rng.uniform(1.8, 2.3)))
    pad = int(rng.integers(15, 35))
    xs = [x0]
    for w in table.widths:
        xs.append(xs[-1] + w)
    rows = [table.head, *table.rows]
    top = y0 + (row_h if table.span else 0)
    bottom = top + len(rows) * row_h
    rules = {y0, top, top + row_h, bottom} | ({top + r * row_h for r in range(len(rows))} if table.every_row else set())
    for ry in sorted(rules):
        if ry == y0 and table.span and ry != top:  # above the spanning cell only
            draw.line((xs[table.span[0]], ry, xs[table.span[1] + 1], ry), fill=0, width=4)
        else:
            draw.line((xs[0], ry, xs[-1], ry), fill=0, width=4)
    if table.vertical:
        for i, x in enumerate(xs):
            spanned = table.span and table.span[0] < i <= table.span[1]
            inner = 0 < i < len(xs) - 1
            draw.line((x, top if spanned else y0, x, bottom), fill=0,
                      width=3 if inner else 4)
            for r, row in enumerate(rows):  # a group row is one cell: no column rules through it
                if inner and len(row) == 1:
                    ry = top + r * row_h
                    draw.rectangle((x - 3, ry + 3, x + 3, ry + row_h - 3), fill=255)
    if table.span:
        a, b, text = table.span
        draw.text(((xs[a] + xs[b + 1]) / 2, y0 + int(row_h * 0.72)), text, font=font_obj, fill=0, anchor="ms")
    for r, row in enumerate(rows):
        base = top + r * row_h + int(row_h * 0.72)
        if len(row) == 1:  # a group row: its text across the table
            draw.text((xs[0] + pad, base), row[0], font=font_obj, fill=0, anchor="ls")
            continue
        for c, cell in enumerate(row):
            right = cell[:1].isdigit() and c > 0  # numbers right-aligned, as typed in offices
            draw.text((xs[c + 1] - pad if right else xs[c] + pad, base), cell, font=font_obj, fill=0,
                      anchor="rs" if right else "ls")
    return bottom


def _page(kind: str, font: str, seed: int, title: str, table: Table, rng: np.random.Generator) -> ShapePage:
    img, draw = _canvas()
    px = round(float(rng.choice((10, 11, 12))) / 72 * 300)
    _text_block(draw, [title], FONTS[font], round(15 / 72 * 300), 0, 330, centre=img.width // 2)
    left = (img.width - sum(table.widths)) // 2
    draw_table(draw, table, font, px, left, 430, rng)
    lines = [title]
    if table.span:
        lines.append(table.span[2])
    lines += [" ".join(table.head), *(" ".join(row) for row in table.rows)]
    return ShapePage(kind, font, seed, img, "\n".join(lines))


def _widths(rng: np.random.Generator, base: list[int]) -> list[int]:
    return [int(w * rng.uniform(0.92, 1.12)) for w in base]


def hindi_head(font: str, seed: int) -> ShapePage:
    """Long Hindi column heads, Hindi cells (beneficiary, village, scheme), an amount column."""
    rng = np.random.default_rng(seed)
    rows = [[str(i + 1), NAMES[int(rng.integers(len(NAMES)))], VILLAGES[int(rng.integers(len(VILLAGES)))],
             SCHEMES[int(rng.integers(len(SCHEMES)))], _amount(rng)] for i in range(int(rng.integers(14, 21)))]
    table = Table(list(LONG_HEAD), rows, _widths(rng, [230, 560, 420, 560, 380]))
    return _page("table-hindi", font, seed, "योजनावार हितग्राहियों की सूची", table, rng)


def numeric(font: str, seed: int) -> ShapePage:
    """A report table: a district column and five columns of numbers (counts, amounts, percent)."""
    rng = np.random.default_rng(seed)
    head = ["जिला", "वर्ष", "लक्ष्य", "उपलब्धि", "प्रतिशत", "व्यय (लाख)"]
    rows = []
    for d in rng.permutation(len(DISTRICTS))[: int(rng.integers(6, 9))]:
        target = int(rng.integers(200, 9000))
        done = int(target * rng.uniform(0.4, 1.0))
        rows.append([DISTRICTS[int(d)], str(int(rng.integers(2015, 2024))), str(target), str(done),
                     f"{100 * done / target:.1f}", f"{rng.uniform(5, 950):.2f}"])
    table = Table(head, rows, _widths(rng, [420, 260, 330, 330, 330, 380]), every_row=bool(rng.integers(2)))
    return _page("table-numeric", font, seed, "जिलेवार लक्ष्य एवं उपलब्धि", table, rng)


def partly_ruled(font: str, seed: int) -> ShapePage:
    """Rules only at the top, under the header and at the foot; no column rules (a typed list)."""
    rng = np.random.default_rng(seed)
    rows = [[str(i + 1), NAMES[int(rng.integers(len(NAMES)))], DISTRICTS[int(rng.integers(len(DISTRICTS)))],
             str(int(rng.integers(1000, 99999)))] for i in range(int(rng.integers(15, 23)))]
    table = Table(["क्रम", "नाम", "जिला", "राशि"], rows, _widths(rng, [220, 640, 480, 380]), vertical=False,
                  every_row=False)
    return _page("table-partly", font, seed, "स्वीकृत आवेदनों की सूची", table, rng)


def merged(font: str, seed: int) -> ShapePage:
    """A header cell spanning two columns, and group rows (a district) across the whole table."""
    rng = np.random.default_rng(seed)
    rows: list[list[str]] = []
    n = 1
    for d in rng.permutation(len(DISTRICTS))[: int(rng.integers(3, 5))]:
        rows.append([f"जिला {DISTRICTS[int(d)]}"])
        for _ in range(int(rng.integers(3, 6))):
            rows.append([str(n), VILLAGES[int(rng.integers(len(VILLAGES)))], str(int(rng.integers(10, 900))),
                         str(int(rng.integers(10, 900)))])
            n += 1
    table = Table(["क्रम", "ग्राम", "पुरुष", "महिला"], rows, _widths(rng, [240, 620, 360, 360]),
                  span=(2, 3, "लाभार्थियों की संख्या"))
    return _page("table-merged", font, seed, "ग्रामवार लाभार्थी", table, rng)


BUILDERS = {"table-hindi": hindi_head, "table-numeric": numeric, "table-partly": partly_ruled,
            "table-merged": merged}
