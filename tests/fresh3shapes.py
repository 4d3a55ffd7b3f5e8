"""Page shapes of district-office files that no earlier bench has (issue 17, "generalise"): written
2026-12-07 11:55-12:25 UTC, before any reading of them, and committed before the first run of
bench/ocr_shapes_fresh3.py.

Kinds (each upright; ``scan`` turns and degrades them; "RGB" where the colour is the shape):
- ``wedge``: a photocopy made with the lid open: black all round the sheet, the sheet laid askew and
  partly off the glass, so a dark wedge eats into one side (never into the text);
- ``passport``: an application form with a passport photograph pasted in its box, a signature across
  the photograph's edge (attested), numbered fields, a declaration;
- ``book``: a two-column Hindi book page: running head and folio, body 10.5 pt with raised note marks,
  footnotes in 7.5 pt under a short rule;
- ``sideways``: a landscape table printed sideways on a portrait page. **Upright** is the way the
  table reads (the image is wider than tall); the portrait page's running head and folio then stand
  on end at the right and left edges (printed for the sheet, not the table; not in the reference). A
  scanner fed the sheet the usual way gives this page turned 90 or 270 (the bench's turned pages);
- ``skewed``: a letter laid 3-8 deg askew on the glass;
- ``pencil``: a typed letter in a wide noting margin with pencil notes (graphite: light grey, grainy),
  pencil ticks, underlines and a circled number; the reference is the typed text;
- ``tinted``: a circular on pink (or, some seeds, green) paper, mottled (RGB);
- ``highlight``: a letter with 3-5 highlighter bands (yellow, pink, green, orange), hand-drawn:
  crooked, uneven, their ends ragged, one riding high on its line (RGB);
- ``stamped``: a letter with a violet rectangular inward stamp (प्राप्त / RECEIVED, office, diary
  number, date) struck at an angle over the body text, unevenly inked, initialled in blue over it
  (RGB; the stamp's text is not in the reference: no reading is expected of it);
- ``folded``: a letter folded in three and once across: two creases with a shadow and a light edge, the
  panels lying at slightly different angles and offsets, as a folded sheet lies on the glass.

Fonts: ``BENCH_FONTS`` are the Devanagari faces the fewest other benches use (Samyak:
tests/freshshapes.py and tests/handshapes.py's tuning hand; Samanata: held out in tests/pageshapes.py and
tests/legacyshapes.py; Annapurna: tests/freshshapes.py, the probe's bold, a held-out hand); tests use the
older benches' tuning faces (``TEST_FONTS``), never the bench's faces and seeds. The same seed draws the
same page; no image is kept in git.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image, ImageDraw

from tests import freshshapes as pool
from tests import handpen, pagegen
from tests.fresh2shapes import DEPTS, _bold, _hand
from tests.freshshapes import FONTS, LATIN, _block, _canvas, _date, _line, _photo, _pt
from tests.pageshapes import PROSE, ShapePage, _signature, _wrap

KINDS = ("wedge", "passport", "book", "sideways", "skewed", "pencil", "tinted", "highlight", "stamped", "folded")
COLOUR = ("tinted", "highlight", "stamped")  # "RGB" pages
BENCH_FONTS = ("samyak", "samanata", "annapurna")
TEST_FONTS = ("gargi", "lohit")
TUNE_SEED = 2026120711  # the first run ("tune")
CHECK_SEED = 2026120712  # held out: run once before any fix, and to report
FOOTNOTES = ("देखें, जिला गजेटियर, खंड दो, पृष्ठ 114।", "जनगणना 2011 के आँकड़ों के आधार पर।",
             "राजस्व मंडल के आदेश दिनांक 12.03.1998 के अनुसार।", "यह विवरण ग्राम पंचायत के अभिलेख से लिया गया है।",
             "See Report of the Land Reforms Committee, 1987, p. 42.", "तत्कालीन तहसीलदार का प्रतिवेदन, अप्रकाशित।")
FIELDS = ("आवेदक का नाम", "पिता/पति का नाम", "जन्म तिथि", "स्थायी पता", "ग्राम पंचायत", "तहसील", "मोबाइल नंबर",
          "आधार संख्या", "शैक्षणिक योग्यता", "वर्तमान व्यवसाय")
BUDGET = ("क्रम", "योजना", "बजट प्रावधान", "स्वीकृत राशि", "व्यय", "शेष", "प्रतिशत")
SCHEMES = ("मनरेगा", "प्रधानमंत्री आवास", "स्वच्छ भारत मिशन", "मिड डे मील", "वृद्धावस्था पेंशन", "जल जीवन मिशन",
           "राष्ट्रीय पेयजल", "पालनहार योजना", "छात्रवृत्ति", "आंगनबाड़ी पोषाहार")
PENCIL = ("देखें", "पिछला पत्र संलग्न", "चर्चा करें", "ठीक है", "वि.अ. को भेजें", "file put up", "see p. 12")


def _letter(font: str, rng: np.random.Generator, *, left: int = 240, px: int | None = None,
            n: int = 12) -> tuple[Image.Image, list[str], list[int]]:
    """An office letter ("L", A4, 300 dpi) from ``left``: (image, its lines, each line's baseline)."""
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-sans"]
    px = px or _pt(float(rng.choice((11, 12, 13))))
    head = [f"कार्यालय {('जिला कलेक्टर', 'उपखण्ड अधिकारी', 'तहसीलदार', 'जिला शिक्षा अधिकारी')[int(rng.integers(4))]},"
            f" {pool.VILLAGES[int(rng.integers(len(pool.VILLAGES)))]}",
            f"क्रमांक {int(rng.integers(10, 999))}/{int(rng.integers(2010, 2025))} दिनांक {_date(rng)}",
            pool.SUBJECTS[int(rng.integers(len(pool.SUBJECTS)))]]
    text = [pool.NEWS[int(i)] for i in rng.permutation(len(pool.NEWS))[:n // 2]] + [
        pool.EN_BODY[int(rng.integers(len(pool.EN_BODY)))]] + [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:n // 2]]
    lines = [*head, *_wrap(draw, deva, px, text, img.width - left - 240)][: 3 + n + 4]
    lines += [f"({pool.PEOPLE[int(rng.integers(len(pool.PEOPLE)))]})", DEPTS[int(rng.integers(len(DEPTS)))]]
    spacing = float(rng.uniform(1.6, 1.9))
    bases = [330 + round(px * spacing) * i for i in range(len(lines))]
    _block(draw, lines, left, 330, px, deva, latin, spacing=spacing)
    return img, lines, bases


def _rgb(img: Image.Image, paper: tuple[float, float, float] = (252, 251, 247)) -> np.ndarray:
    return np.asarray(img, np.float32)[..., None] / 255 * np.array(paper, np.float32)


def _field(rng: np.random.Generator, shape: tuple[int, int], cells: int, lo: float, hi: float) -> np.ndarray:
    """A smooth random field over ``shape`` between lo and hi, about ``cells`` features across."""
    small = rng.random((max(2, cells * shape[0] // shape[1]), cells)).astype(np.float32)
    return lo + (hi - lo) * cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC).clip(0, 1)


def wedge(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, lines, _ = _letter(font, rng, left=300)
    w, h = img.size
    a = cv2.GaussianBlur(np.asarray(img, np.float32), (0, 0), 1.0)  # a photocopy: the ink spreads, the paper greys
    a = np.where(a < 150 + rng.normal(0, 12, a.shape), 30.0, 228.0).astype(np.float32)
    angle, dx = float(rng.uniform(1.0, 2.2)) * float(rng.choice((-1, 1))), float(rng.uniform(60, 110))
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    m[0, 2] += dx if rng.random() < 0.5 else -dx  # the sheet slid towards one side
    inside = cv2.warpAffine(np.ones((h, w), np.float32), m, (w, h), flags=cv2.INTER_LINEAR)
    page = cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=228)
    lid = 22 + 10 * _field(rng, (h, w), 6, 0, 1) + rng.normal(0, 5, (h, w))
    rim = float(rng.uniform(50, 90))  # the copier's black frame all round
    ys, xs = np.mgrid[0:h, 0:w]
    frame = (xs < rim) | (xs > w - rim) | (ys < rim) | (ys > h - rim)
    out = np.where(frame | (inside < 0.5), lid, page)
    edge = cv2.GaussianBlur((inside > 0.5).astype(np.float32), (0, 0), 6)  # the page edge lifts: a soft shadow
    out = out * (0.75 + 0.25 * edge)
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)), lines


def passport(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-serif"]
    head = [f"कार्यालय {DEPTS[int(rng.integers(len(DEPTS)))]}, जिला {pool.VILLAGES[int(rng.integers(len(pool.VILLAGES)))]}",
            "आवेदन पत्र / APPLICATION FORM", "(संविदा पद हेतु)"]
    _bold(draw, head[0], img.width / 2, 300, _pt(13), font, anchor="m")
    _bold(draw, head[1], img.width / 2, 420, _pt(15), font, anchor="m")
    _line(draw, head[2], img.width / 2, 510, _pt(11), deva, latin, anchor="m")
    pw, ph = 413, 531  # 35 x 45 mm
    px0, py0 = img.width - 240 - pw, 600
    draw.rectangle((px0 - 20, py0 - 20, px0 + pw + 20, py0 + ph + 20), outline=0, width=3)
    img.paste(_photo(rng, pw, ph), (px0 + int(rng.integers(-8, 8)), py0 + int(rng.integers(-8, 8))))
    _signature(draw, px0 - 180, py0 + ph - 10, rng)  # attested across the photograph's edge
    px, y, lines = _pt(12), 700, list(head)
    for k, label in enumerate(FIELDS[: int(rng.integers(8, 11))]):
        value = (pool.PEOPLE[int(rng.integers(len(pool.PEOPLE)))] if k < 2 else _date(rng) if k == 2 else
                 pool.VILLAGES[int(rng.integers(len(pool.VILLAGES)))] if k in (3, 4, 5) else str(int(rng.integers(10**9, 10**10))))
        right = px0 - 60 if y < py0 + ph + 40 else img.width - 240
        _line(draw, f"{k + 1}. {label} :", 240, y, px, deva, latin)
        draw.line((1000, y + 12, right, y + 12), fill=90, width=2)
        _line(draw, value, 1030, y - 4, px, deva, latin)
        lines.append(f"{k + 1}. {label} : {value}")
        y += round(px * 2.3)
    decl = _wrap(draw, deva, _pt(11), ["घोषणा: मैं घोषणा करता/करती हूँ कि ऊपर दी गई सभी जानकारी मेरी जानकारी एवं विश्वास"
                                      " के अनुसार सत्य है। कोई भी सूचना असत्य पाए जाने पर मेरा आवेदन निरस्त किया जा सकता है।"],
                 img.width - 480)
    y = _block(draw, decl, 240, y + 80, _pt(11), deva, latin, spacing=1.6)
    _signature(draw, 1600, y + 200, rng)
    tail = [f"स्थान: {pool.VILLAGES[int(rng.integers(len(pool.VILLAGES)))]} दिनांक: {_date(rng)}", "आवेदक के हस्ताक्षर"]
    _block(draw, tail, 240, y + 330, _pt(11), deva, latin, spacing=1.6)
    return img, [*lines, *decl, *tail]


def book(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-serif"]
    folio = int(rng.integers(12, 300))
    head = f"{folio}    ग्रामीण प्रशासन : एक अध्ययन" if folio % 2 == 0 else f"जिले का इतिहास    {folio}"
    _line(draw, head, 230 if folio % 2 == 0 else img.width - 230, 240, _pt(9), deva, latin,
          anchor="l" if folio % 2 == 0 else "r")
    draw.line((230, 275, img.width - 230, 275), fill=0, width=2)
    px, gutter, small = _pt(10.5), int(rng.integers(80, 130)), _pt(7.5)
    colw = (img.width - 460 - gutter) // 2
    text = [PROSE[int(i)] for i in rng.permutation(len(PROSE))] + [pool.NEWS[int(i)] for i in rng.permutation(len(pool.NEWS))]
    body = _wrap(draw, deva, px, text, colw)
    notes = [f"{k + 1}. {FOOTNOTES[int(i)]}" for k, i in enumerate(rng.permutation(len(FOOTNOTES))[: int(rng.integers(3, 6))])]
    note_lines = _wrap(draw, deva, small, notes, img.width - 460)
    per = min(int((img.height - 560 - len(note_lines) * small * 1.45 - 150) / (px * 1.5)), len(body) // 2)
    cols, marks = [body[:per], body[per : 2 * per]], 0
    for c, col in enumerate(cols):
        x = 230 + c * (colw + gutter)
        _block(draw, col, x, 400, px, deva, latin, spacing=1.5)
        for r in sorted(rng.permutation(len(col))[: len(notes) // 2 + c]) if marks < len(notes) else []:
            marks += 1
            if marks > len(notes):
                break
            end = x + pagegen._font(str(deva), px).getlength(col[r])  # a raised note mark after the line's last word
            _line(draw, str(marks), end + 4, 400 + r * round(px * 1.5) - px // 2, small, deva, latin)
            col[r] = f"{col[r]}{marks}"
    top = img.height - 200 - len(note_lines) * round(small * 1.45)
    draw.line((230, top - small - 30, 230 + 600, top - small - 30), fill=0, width=2)
    _block(draw, note_lines, 230, top, small, deva, latin, spacing=1.45)
    return img, [head, *cols[0], *cols[1], *note_lines]


def sideways(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas(landscape=True)
    deva, latin = FONTS[font], LATIN["dejavu-serif"]
    year = int(rng.integers(2012, 2024))
    title = [f"परिशिष्ट {int(rng.integers(1, 9))}", f"योजनावार वित्तीय प्रगति वर्ष {year}-{year - 1999} (राशि लाख रुपये में)"]
    y = _block(draw, title, img.width / 2, 300, _pt(13), deva, latin, spacing=1.6, anchor="m")
    widths, px = [150, 640, 380, 380, 330, 330, 260], _pt(10)
    xs = [int((img.width - sum(widths)) / 2)]
    for wd in widths:
        xs.append(xs[-1] + wd)
    rows = []
    for i, s in enumerate(rng.permutation(len(SCHEMES))[: int(rng.integers(10, 15))]):
        budget = int(rng.integers(50, 9000))
        granted, spent = budget * float(rng.uniform(0.6, 1.0)), 0.0
        spent = granted * float(rng.uniform(0.3, 1.0))
        rows.append([str(i + 1), SCHEMES[int(s)], f"{budget:.2f}", f"{granted:.2f}", f"{spent:.2f}",
                     f"{granted - spent:.2f}", f"{100 * spent / granted:.1f}"])
    row_h, y0 = round(px * 2.2), round(y)
    for r, row in enumerate([list(BUDGET), *rows]):
        for c, cell in enumerate(row):
            _line(draw, cell, xs[c] + 20 if c < 2 else xs[c + 1] - 20, y0 + r * row_h + int(row_h * 0.68), px, deva, latin,
                  anchor="l" if c < 2 else "r")
        draw.line((xs[0], y0 + r * row_h, xs[-1], y0 + r * row_h), fill=0, width=3 if r else 4)
    bottom = y0 + (len(rows) + 1) * row_h
    draw.line((xs[0], bottom, xs[-1], bottom), fill=0, width=4)
    for x in xs:
        draw.line((x, y0, x, bottom), fill=0, width=3)
    for text, x, angle in ((f"जिला सांख्यिकी पुस्तिका {year}", img.width - 170, -90), (f"- {int(rng.integers(20, 200))} -", 90, -90)):
        tile = Image.new("L", (1400, 120), 0)  # the portrait sheet's running head and folio, on end
        _line(ImageDraw.Draw(tile), text, 700, 85, _pt(9), deva, latin, fill=255, anchor="m")
        tile = tile.rotate(angle, expand=True)
        img.paste(0, (x - tile.width // 2, img.height // 2 - tile.height // 2), tile)
    return img, [*title, *(" ".join(row) for row in [list(BUDGET), *rows])]


def skewed(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, lines, _ = _letter(font, rng)
    angle = float(rng.uniform(3, 8)) * float(rng.choice((-1, 1)))
    return img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255), lines


def pencil(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, lines, bases = _letter(font, rng, left=700, n=10)
    dark = np.zeros((img.height, img.width), np.float32)
    hand = handpen.Writer.make(rng, FONTS[font], LATIN["noto-sans"], px=int(rng.integers(50, 64)))
    hand.pen = 3
    for i in rng.permutation(len(bases) - 4)[: int(rng.integers(2, 4))]:
        handpen.write(dark, hand, PENCIL[int(rng.integers(len(PENCIL)))], 90, bases[i + 3], 620)
    layer = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(layer)
    for i in rng.permutation(len(bases) - 5)[:3]:
        y = bases[i + 3] + 14
        x0 = 700 + int(rng.integers(0, 600))
        d.line((x0, y, x0 + int(rng.integers(300, 900)), y + int(rng.integers(-12, 12))), fill=255, width=3)  # underline
        d.line((640, y - 40, 660, y - 10, 700, y - 70), fill=255, width=3)  # a tick beside the line
    cx, cy = img.width - 300, 180
    d.ellipse((cx - 110, cy - 80, cx + 110, cy + 80), outline=255, width=3)
    handpen.write(dark, hand, str(int(rng.integers(10, 99))), cx - 70, cy + 30, cx + 100)
    dark = np.maximum(dark, np.asarray(layer, np.float32) / 255)
    grain = np.clip(rng.normal(0.55, 0.2, dark.shape), 0.15, 0.85).astype(np.float32)  # graphite on paper grain
    a = np.asarray(img, np.float32) * (1 - dark * grain * float(rng.uniform(0.5, 0.7)))
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)), lines


def tinted(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-sans"]
    lines = ["परिपत्र", f"कार्यालय {DEPTS[int(rng.integers(len(DEPTS)))]}", f"क्रमांक {int(rng.integers(10, 999))}/"
             f"{int(rng.integers(2010, 2025))} दिनांक {_date(rng)}"]
    px = _pt(float(rng.choice((11, 12))))
    lines += _wrap(draw, deva, px, [pool.NEWS[int(i)] for i in rng.permutation(len(pool.NEWS))[:9]], img.width - 480)
    lines += ["प्रतिलिपि: सूचनार्थ एवं आवश्यक कार्यवाही हेतु।", *(f"{k + 1}. {DEPTS[int(i)]}" for k, i in
                                                           enumerate(rng.permutation(len(DEPTS))[:4]))]
    _bold(draw, lines[0], img.width / 2, 330, _pt(16), font, anchor="m")
    _block(draw, lines[1:], 240, 480, px, deva, latin, spacing=1.7)
    paper = (247, 212, 222) if rng.random() < 0.65 else (214, 236, 206)
    page = _rgb(img, paper) * _field(rng, img.size[::-1], 5, 0.93, 1.03)[..., None]
    return Image.fromarray(np.clip(page, 0, 255).astype(np.uint8), "RGB"), lines


def highlight(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, lines, bases = _letter(font, rng, px=_pt(12))
    page, px = _rgb(img), _pt(12)
    colours = ((255, 245, 90), (255, 150, 200), (160, 245, 120), (255, 190, 90))
    for k, i in enumerate(rng.permutation(len(bases) - 4)[: int(rng.integers(3, 6))]):
        y, x0 = bases[i + 3], 220 + int(rng.integers(0, 500))
        x1 = min(img.width - 200, x0 + int(rng.integers(700, 1900)))
        band = Image.new("L", img.size, 0)
        high = px // 3 if k == 0 else 0  # one band rides high on its line
        top = [(x, y - px - high + int(rng.integers(-8, 8))) for x in range(x0, x1, 60)]
        low = [(x, y + px // 3 - high + int(rng.integers(-8, 8))) for x in range(x1, x0, -60)]
        ImageDraw.Draw(band).polygon(top + low, fill=255)
        b = cv2.GaussianBlur(np.asarray(band, np.float32) / 255, (0, 0), 4) * _field(rng, band.size[::-1], 40, 0.7, 1.0)
        tint = np.array(colours[int(rng.integers(len(colours)))], np.float32) / 255
        page *= 1 - b[..., None] * (1 - tint)
    return Image.fromarray(np.clip(page, 0, 255).astype(np.uint8), "RGB"), lines


def stamped(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, lines, bases = _letter(font, rng)
    page = _rgb(img)
    stamp = Image.new("L", (900, 420), 0)
    sd = ImageDraw.Draw(stamp)
    sd.rectangle((6, 6, 894, 414), outline=255, width=8)
    sd.rectangle((24, 24, 876, 396), outline=255, width=3)
    words = ["प्राप्त / RECEIVED", f"कार्यालय जिला कलेक्टर, {pool.VILLAGES[int(rng.integers(len(pool.VILLAGES)))]}",
             f"आवक क्रमांक {int(rng.integers(100, 9999))}", f"दिनांक {_date(rng)}"]
    _block(sd, words, 450, 110, _pt(10), FONTS[font], LATIN["noto-sans"], spacing=1.55, anchor="m", fill=255)
    stamp = stamp.rotate(float(rng.uniform(8, 30)) * float(rng.choice((-1, 1))), expand=True,
                         resample=Image.Resampling.BICUBIC)
    mid = bases[len(bases) // 2]
    x, y = int(rng.integers(600, img.width - stamp.width - 200)), mid - stamp.height // 2 + int(rng.integers(-200, 200))
    layer = Image.new("L", img.size, 0)
    layer.paste(stamp, (x, y))
    ink = np.asarray(layer, np.float32) / 255 * _field(rng, img.size[::-1], 30, 0.35, 1.0)  # uneven pad
    violet = np.array((105, 55, 170), np.float32)
    page = page * (1 - 0.85 * ink[..., None]) + violet * 0.85 * ink[..., None]
    pen = Image.new("L", img.size, 255)
    _hand(pen, ("रा.कु.", "सु.श.", "RKS", "ह.प्र.")[int(rng.integers(4))], x + stamp.width // 2, y + stamp.height - 60,
          _pt(16), font, rng)
    dark = 1 - np.asarray(pen, np.float32) / 255
    page = page * (1 - dark[..., None]) + np.array((25, 45, 150), np.float32) * dark[..., None]
    return Image.fromarray(np.clip(page, 0, 255).astype(np.uint8), "RGB"), lines


def folded(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, lines, _ = _letter(font, rng)
    a = np.asarray(img, np.float32)
    h, w = a.shape
    cuts = [0, int(h / 3 + rng.integers(-40, 40)), int(2 * h / 3 + rng.integers(-40, 40)), h]
    out = np.empty_like(a)
    for k in range(3):  # each panel lies at its own small angle and offset
        m = cv2.getRotationMatrix2D((w / 2, (cuts[k] + cuts[k + 1]) / 2), float(rng.uniform(-0.5, 0.5)), 1.0)
        m[:, 2] += rng.uniform(-5, 5, 2)
        out[cuts[k] : cuts[k + 1]] = cv2.warpAffine(a, m, (w, h), borderValue=255)[cuts[k] : cuts[k + 1]]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    shade = np.ones((h, w), np.float32)
    for c in cuts[1:3]:
        shade *= 1 - 0.3 * np.exp(-(((ys - c) / 7) ** 2)) + 0.05 * np.exp(-(((ys - c - 16) / 9) ** 2))
        shade *= 1 - 0.08 * np.exp(-np.abs(ys - c) / 120)  # the sheet rises off the glass beside the crease
    cx = w / 2 + float(rng.uniform(-60, 60))
    shade *= 1 - 0.22 * np.exp(-(((xs - cx) / 6) ** 2))
    return Image.fromarray(np.clip(out * shade, 0, 255).astype(np.uint8)), lines


BUILDERS = {kind: globals()[kind] for kind in KINDS}


def _rng(seed: int, kind: str, font: str, *more: int) -> np.random.Generator:
    return np.random.default_rng([seed, KINDS.index(kind), list(FONTS).index(font), *more])


def make(kind: str, font: str, seed: int) -> ShapePage:
    """One upright page of ``kind`` in ``font`` ("L", or "RGB" for ``COLOUR`` kinds; 300 dpi)."""
    img, lines = BUILDERS[kind](font, _rng(seed, kind, font))
    img.info["dpi"] = (300, 300)
    return ShapePage(kind, font, seed, img, "\n".join(lines))


def scan(page: ShapePage, turn: int) -> tuple[Image.Image, int]:
    """(the page turned ``turn`` degrees clockwise and scanned, its dpi): light skew (0.2-1.5 deg, or none;
    none on ``skewed``, askew already), noise, sometimes blur, JPEG, a 200 dpi scan; colour stays colour.
    Deterministic for the page (the same damage for its upright and its turned scan)."""
    rng = _rng(page.seed, page.kind, page.font, 7)
    skew = float(rng.uniform(0.2, 1.5)) * float(rng.choice((-1, 1))) if rng.random() < 0.7 else 0.0
    noise, blur = float(rng.uniform(3, 8)), float(rng.choice((0, 0, 0.6, 0.9)))
    quality, dpi = (None, None, 50, 75)[int(rng.integers(4))], 200 if rng.random() < 0.3 else 300
    out = page.image.convert("RGB")
    if skew and page.kind != "skewed":
        out = out.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    a = np.asarray(out, np.float32)
    if blur:
        a = cv2.GaussianBlur(a, (0, 0), blur)
    a = a + np.random.default_rng(int(rng.integers(1 << 30))).normal(0, noise, a.shape[:2])[..., None]
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")
    if page.kind not in COLOUR:
        out = out.convert("L")
    if turn % 360:
        out = out.rotate(-(turn % 360), expand=True)
    if dpi != 300:
        out = out.resize((round(out.width * dpi / 300), round(out.height * dpi / 300)), Image.Resampling.LANCZOS)
    if quality is not None:
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=quality)
        out = Image.open(io.BytesIO(buf.getvalue()))
        out.load()
    out.info["dpi"] = (dpi, dpi)
    return out, dpi


def turn_of(kind: str, font_index: int) -> int:
    """The turn of a kind's turned page in the font at ``font_index``: 90, 180 and 270 in turn."""
    return (90, 180, 270)[(KINDS.index(kind) + font_index) % 3]
