"""Page shapes of real Indian district-office files that no earlier bench has (issue 17, "generalise"):
written 2026-12-07 08:24-08:32 UTC, before any reading of them, and committed before the first run of
bench/ocr_shapes_fresh2.py.

Kinds (each upright; ``scan`` turns and degrades them):
- ``cover``: a file cover (नस्ती) with a printed box grid (file number, subject, department, section,
  dates) and a movement table, a few entries "handwritten" (a slanted face in pen-grey);
- ``gazette``: a Gazette of India notification, Hindi and English in two parallel columns under a
  bilingual masthead with a small emblem;
- ``ordersheet``: a court order sheet (आदेश पत्रिका): date | order | signature columns, ruled;
- ``challan``: a treasury challan, two copies (office / depositor) on one page, cut line between;
- ``certificate``: a certificate with a decorative border, a large title, centred lines, a seal;
- ``digits``: a register dense with Devanagari digits (०१२३…) and dates;
- ``tiny``: a whole page in 7.5-8 pt type;
- ``clipping``: a photocopied newspaper clipping (grey, narrow columns) pasted on plain paper, a
  handwritten note above it;
- ``underline``: a note with bold, underlined section headings;
- ``watermark``: a letter over a big light-grey emblem.

Fonts: the bench faces (``BENCH_FONTS``) are the Devanagari faces the fewest other benches use (Chandas:
tests/pageshapes.py's held-out part only; Nakula, Sahadeva: tests/freshshapes.py only); tests use the
older benches' tuning faces (``TEST_FONTS``), never the bench's faces and seeds. Deterministic for a
given seed; nothing binary is committed.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from tests import pagegen
from tests.freshshapes import (
    EN_BODY,
    FONTS,
    LATIN,
    NEWS,
    PEOPLE,
    SUBJECTS,
    VILLAGES,
    _block,
    _canvas,
    _date,
    _line,
    _pt,
)
from tests.pageshapes import PROSE, ShapePage, _emblem, _signature, _stamp, _wrap

KINDS = ("cover", "gazette", "ordersheet", "challan", "certificate", "digits", "tiny", "clipping", "underline",
         "watermark")
BENCH_FONTS = ("chandas", "nakula", "sahadeva")
TEST_FONTS = ("gargi", "lohit")
TUNE_SEED = 2026120701  # the first run ("tune")
CHECK_SEED = 2026120702  # held out: run once before any fix, and to report
DEPTS = ("राजस्व विभाग", "शिक्षा विभाग", "स्वास्थ्य एवं परिवार कल्याण विभाग", "ग्रामीण विकास एवं पंचायती राज विभाग",
         "जल संसाधन विभाग", "लोक निर्माण विभाग")
ORDERS = (
    "प्रकरण आज पेश हुआ। वादी की ओर से अधिवक्ता उपस्थित।", "प्रतिवादी को सूचना पत्र जारी किया जावे।",
    "पटवारी से मौका रिपोर्ट मंगाई जावे।", "जवाब प्रस्तुत करने हेतु अंतिम अवसर दिया जाता है।",
    "साक्ष्य हेतु प्रकरण आगामी तिथि को पेश हो।", "उभय पक्ष की बहस सुनी गई, आदेश हेतु सुरक्षित रखा गया।",
    "पत्रावली का अवलोकन किया गया, नामांतरण स्वीकार किया जाता है।",
    "Counsel for the applicant present; reply not filed, last opportunity granted.",
    "प्रकरण का निस्तारण किया जाकर पत्रावली अभिलेखागार भेजी जावे।",
)
HEADINGS = ("पृष्ठभूमि", "वर्तमान स्थिति", "प्रस्ताव", "वित्तीय भार", "अनुशंसा", "निष्कर्ष")
AMOUNTS = ((500, "पाँच सौ रुपये मात्र"), (1200, "एक हजार दो सौ रुपये मात्र"), (2500, "दो हजार पाँच सौ रुपये मात्र"),
           (750, "सात सौ पचास रुपये मात्र"), (10000, "दस हजार रुपये मात्र"))
DEVA_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")


def _bold(draw: ImageDraw.ImageDraw, text: str, x: float, y: float, px: int, font: str, **kw: object) -> float:
    """A bold line (the stroke smeared by a few pixels, as a faux bold prints): returns its width."""
    width = 0.0
    for dx in range(max(2, px // 25)):
        width = _line(draw, text, x + dx, y, px, FONTS[font], LATIN["noto-sans"], **kw)  # type: ignore[arg-type]
    return width


def _hand(img: Image.Image, text: str, x: int, y: int, px: int, font: str, rng: np.random.Generator) -> None:
    """An entry "in pen": the face slanted forward, a little askew, pen-grey; (x, y) its baseline start."""
    tile = Image.new("L", (int(px * 0.8 * len(text)) + 2 * px, 2 * px), 0)
    _line(ImageDraw.Draw(tile), text, px // 2, int(1.4 * px), px, FONTS[font], LATIN["noto-serif"], fill=255)
    slant = float(rng.uniform(0.18, 0.3))
    tile = tile.transform(tile.size, Image.Transform.AFFINE, (1, slant, -slant * tile.height, 0, 1, 0),
                          resample=Image.Resampling.BICUBIC)
    tile = tile.rotate(float(rng.uniform(-1.5, 1.5)), resample=Image.Resampling.BICUBIC)
    img.paste(int(rng.integers(30, 70)), (x - px // 2, y - int(1.4 * px)), tile)


def cover(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    x0, x1, xl = 230, 2250, 860
    head = [f"कार्यालय जिला कलेक्टर, {VILLAGES[int(rng.integers(len(VILLAGES)))]}", "नस्ती / FILE"]
    _bold(draw, head[0], img.width / 2, 330, _pt(15), font, anchor="m")
    _bold(draw, head[1], img.width / 2, 470, _pt(22), font, anchor="m")
    year, dept = int(rng.integers(2005, 2025)), DEPTS[int(rng.integers(len(DEPTS)))]
    fields = [("नस्ती क्रमांक", f"{int(rng.integers(1, 400))}/{year}", True),
              ("विषय", SUBJECTS[int(rng.integers(len(SUBJECTS)))].split(": ", 1)[1], True),
              ("विभाग", dept, False), ("शाखा / अनुभाग", ("स्थापना", "लेखा", "भू-अभिलेख", "न्याय")[int(rng.integers(4))], False),
              ("आरंभ दिनांक", _date(rng), True), ("पृष्ठ संख्या", "", False)]
    y, px, lines = 600, _pt(13), list(head)
    for label, value, by_hand in fields:
        draw.rectangle((x0, y, x1, y + 190), outline=0, width=4)
        draw.line((xl, y, xl, y + 190), fill=0, width=4)
        _line(draw, label, x0 + 30, y + 120, _pt(12), FONTS[font], LATIN["noto-sans"])
        if by_hand and value:
            _hand(img, value, xl + 50, y + 125, px, font, rng)
        elif value:
            _line(draw, value, xl + 50, y + 120, _pt(12), FONTS[font], LATIN["noto-sans"])
        lines.append(f"{label} {value}".strip())
        y += 190
    y += 160
    _bold(draw, "नस्ती संचलन", img.width / 2, y, _pt(14), font, anchor="m")
    lines.append("नस्ती संचलन")
    cols, xs = ["क्रम", "किसे प्रेषित", "दिनांक", "हस्ताक्षर"], [x0, x0 + 220, x0 + 1150, x0 + 1600, x1]
    y += 60
    for r in range(7):
        draw.rectangle((x0, y, x1, y + 150), outline=0, width=3)
        for x in xs[1:-1]:
            draw.line((x, y, x, y + 150), fill=0, width=3)
        row = cols if r == 0 else [str(r), ("अनुभाग अधिकारी", "अपर जिला कलेक्टर", "लेखाधिकारी")[r - 1], _date(rng), ""] if r < 3 else []
        for c, cell in enumerate(row):
            if r == 0:
                _line(draw, cell, xs[c] + 25, y + 95, _pt(11), FONTS[font], LATIN["noto-sans"])
            elif cell:
                _hand(img, cell, xs[c] + 40, y + 100, _pt(12), font, rng)
        if row:
            lines.append(" ".join(cell for cell in row if cell))
        y += 150
    return img, lines


def gazette(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin, cx = FONTS[font], LATIN["noto-serif"], img.width // 2
    n, date = int(rng.integers(100, 4000)), _date(rng)
    regd = f"रजिस्ट्री सं. डी.एल.-{int(rng.integers(10000, 99999))}/{int(rng.integers(90, 99))}"
    _line(draw, regd, 200, 230, _pt(9), deva, latin)
    _emblem(draw, cx, 420, 70, rng)
    top = ["भारत का राजपत्र", "The Gazette of India", "असाधारण EXTRAORDINARY", "प्राधिकार से प्रकाशित PUBLISHED BY AUTHORITY",
           f"सं. {n}] नई दिल्ली, {date} [No. {n}] NEW DELHI, {date}"]
    y = 660
    for i, text in enumerate(top):
        if i < 2:
            _bold(draw, text, cx, y, _pt(20 if i == 0 else 16), font, anchor="m")
        else:
            _line(draw, text, cx, y, _pt(10), deva, latin, anchor="m")
        y += _pt(20 if i < 2 else 14) * 1.5
    draw.line((180, y - 40, img.width - 180, y - 40), fill=0, width=6)
    act, sec = ("जल (प्रदूषण निवारण तथा नियंत्रण) अधिनियम, 1974", "Water (Prevention and Control of Pollution) Act, 1974"), int(rng.integers(3, 40))
    hin = [f"का.आ. {n}(अ).—केंद्रीय सरकार, {act[0]} की धारा {sec} द्वारा प्रदत्त शक्तियों का प्रयोग करते हुए,"
           " निम्नलिखित अधिसूचना जारी करती है, अर्थात्:—", *(NEWS[int(i)] for i in rng.permutation(len(NEWS))[:7])]
    eng = [f"S.O. {n}(E).—In exercise of the powers conferred by section {sec} of the {act[1]}, the Central"
           " Government hereby notifies the following, namely:—", *(EN_BODY[int(i)] for i in rng.permutation(len(EN_BODY))[:5])]
    px, colw = _pt(10), (img.width - 2 * 200 - 120) // 2
    left = ["अधिसूचना", f"नई दिल्ली, {date}", *_wrap(draw, deva, px, hin, colw)]
    right = ["NOTIFICATION", f"New Delhi, the {date}", *_wrap(draw, latin, px, eng, colw)]
    sign = [f"[फा. सं. {int(rng.integers(1, 50))}/{int(rng.integers(1, 20))}/{int(rng.integers(2010, 2024))}]",
            f"{PEOPLE[int(rng.integers(len(PEOPLE)))]}, संयुक्त सचिव"]
    left += sign
    right += [f"[F. No. {int(rng.integers(1, 50))}/{int(rng.integers(1, 20))}/{int(rng.integers(2010, 2024))}]", "Joint Secretary"]
    end = max(_block(draw, left, 200, y + 40, px, deva, latin, spacing=1.55),
              _block(draw, right, 200 + colw + 120, y + 40, px, deva, latin, spacing=1.55))
    draw.line((cx, y, cx, end), fill=0, width=3)
    return img, [regd, *top, *left, *right]


def ordersheet(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-sans"]
    head = ["आदेश पत्रिका", f"न्यायालय तहसीलदार, {VILLAGES[int(rng.integers(len(VILLAGES)))]}",
            f"प्रकरण क्रमांक {int(rng.integers(1, 900))}/{int(rng.integers(2010, 2025))} "
            f"{PEOPLE[int(rng.integers(len(PEOPLE)))]} बनाम राज्य"]
    _bold(draw, head[0], img.width / 2, 300, _pt(18), font, anchor="m")
    _block(draw, head[1:], img.width / 2, 420, _pt(12), deva, latin, spacing=1.7, anchor="m")
    xs, px, y = [180, 560, 1900, 2300], _pt(11), 600
    lines = [*head, "दिनांक आदेश एवं कार्यवाही हस्ताक्षर"]
    for c, cell in enumerate(("दिनांक", "आदेश एवं कार्यवाही", "हस्ताक्षर")):
        _bold(draw, cell, (xs[c] + xs[c + 1]) / 2, y + 80, px, font, anchor="m")
    draw.line((xs[0], y, xs[-1], y), fill=0, width=4)
    y += 120
    draw.line((xs[0], y, xs[-1], y), fill=0, width=4)
    for i in range(int(rng.integers(4, 7))):
        order = _wrap(draw, deva, px, [ORDERS[int(k)] for k in rng.permutation(len(ORDERS))[: int(rng.integers(1, 3))]],
                      xs[2] - xs[1] - 80)
        date = _date(rng)
        _line(draw, date, xs[0] + 30, y + 90, px, deva, latin)
        end = _block(draw, order, xs[1] + 40, y + 90, px, deva, latin, spacing=1.6)
        if i % 2 == 0:
            _signature(draw, xs[2] + 30, y + 110, rng)
        lines += [f"{date} {order[0]}", *order[1:]]
        y = max(end, y + 260)
        draw.line((xs[0], y, xs[-1], y), fill=0, width=3)
    for x in xs:
        draw.line((x, 600, x, y), fill=0, width=4)
    return img, lines


def challan(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["dejavu-serif"]
    name, (amount, words) = PEOPLE[int(rng.integers(len(PEOPLE)))], AMOUNTS[int(rng.integers(len(AMOUNTS)))]
    number, date, head = int(rng.integers(1000, 99999)), _date(rng), f"0029-00-{int(rng.integers(100, 800))}-01"
    lines: list[str] = []
    for copy, y0 in (("(कोषागार प्रति)", 150), ("(जमाकर्ता प्रति)", 1830)):
        top = ["राजस्थान सरकार", "चालान / CHALLAN (फॉर्म 8)", copy]
        _block(draw, top, img.width / 2, y0 + 120, _pt(12), deva, latin, spacing=1.6, anchor="m")
        fields = [("चालान संख्या", str(number)), ("जमाकर्ता का नाम", name), ("मद / Head of Account", head),
                  ("राशि (रु.)", f"{amount}.00"), ("शब्दों में", words), ("दिनांक", date)]
        y = y0 + 400
        for label, value in fields:
            draw.rectangle((220, y, 2260, y + 160), outline=0, width=3)
            draw.line((900, y, 900, y + 160), fill=0, width=3)
            _line(draw, label, 250, y + 105, _pt(11), deva, latin)
            if label in ("जमाकर्ता का नाम", "राशि (रु.)", "शब्दों में"):
                _hand(img, value, 950, y + 110, _pt(12), font, rng)
            else:
                _line(draw, value, 950, y + 105, _pt(11), deva, latin)
            y += 160
        lines += [*top, *(f"{label} {value}" for label, value in fields)]
        if y0 == 150:
            cut = "- - - - - - - - - - यहाँ से काटें - - - - - - - - - -"
            _line(draw, cut, img.width / 2, 1760, _pt(10), deva, latin, anchor="m")
            lines.append(cut)
    return img, lines


def _border(draw: ImageDraw.ImageDraw, w: int, h: int, rng: np.random.Generator) -> None:
    """A certificate's frame: a heavy outer rule, a thin inner one, a chain of diamonds and rings between."""
    draw.rectangle((110, 110, w - 110, h - 110), outline=0, width=14)
    draw.rectangle((205, 205, w - 205, h - 205), outline=0, width=4)
    step, ring = int(rng.integers(55, 75)), bool(rng.integers(2))
    for x, y in [(x, yy) for x in range(160, w - 150, step) for yy in (158, h - 158)] + \
                [(xx, y) for y in range(160 + step, h - 150 - step, step) for xx in (158, w - 158)]:
        if ring:
            draw.ellipse((x - 16, y - 16, x + 16, y + 16), outline=0, width=4)
        else:
            draw.polygon([(x, y - 20), (x + 20, y), (x, y + 20), (x - 20, y)], fill=0)


def certificate(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin, cx = FONTS[font], LATIN["noto-serif"], img.width // 2
    _border(draw, img.width, img.height, rng)
    top = [f"क्रमांक: {int(rng.integers(100, 9999))}/प्र.प./{int(rng.integers(2010, 2025))}", f"दिनांक: {_date(rng)}"]
    _block(draw, top, 330, 400, _pt(11), deva, latin, spacing=1.6)
    _bold(draw, "प्रमाण पत्र", cx, 900, _pt(44), font, anchor="m")
    _line(draw, "CERTIFICATE", cx, 1120, _pt(22), deva, latin, anchor="m")
    person, father = PEOPLE[int(rng.integers(len(PEOPLE)))], PEOPLE[int(rng.integers(len(PEOPLE)))]
    body = [f"प्रमाणित किया जाता है कि श्री/श्रीमती {person}", f"पुत्र/पुत्री श्री {father}, निवासी ग्राम "
            f"{VILLAGES[int(rng.integers(len(VILLAGES)))]},", f"ने वर्ष {int(rng.integers(2010, 2025))} में आयोजित "
            "जिला स्तरीय प्रशिक्षण कार्यक्रम", "में सफलतापूर्वक भाग लिया।", "हम इनके उज्ज्वल भविष्य की कामना करते हैं।"]
    _block(draw, body, cx, 1500, _pt(15), deva, latin, spacing=2.0, anchor="m")
    _signature(draw, 1550, 2850, rng)
    sign = ["जिला कलेक्टर", f"जिला {VILLAGES[int(rng.integers(len(VILLAGES)))]}"]
    _block(draw, sign, 1800, 3000, _pt(12), deva, latin, spacing=1.6, anchor="m")
    _stamp(img, 650, 2900, 190, "chandas")
    return img, [*top, "प्रमाण पत्र", "CERTIFICATE", *body, *sign]


def digits(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-sans"]
    year = int(rng.integers(2012, 2024))
    head = [f"आवक पत्र पंजी वर्ष {year}".translate(DEVA_DIGITS), "क्रम पत्र क्रमांक दिनांक प्राप्ति दिनांक पृष्ठ राशि"]
    y = _block(draw, head, 230, 300, _pt(12), deva, latin, spacing=1.8)
    xs, px, lines = [230, 420, 920, 1300, 1700, 1900], _pt(11), list(head)
    for r in range(int(rng.integers(30, 38))):
        row = [f"{r + 1:02d}", f"{int(rng.integers(10, 999))}/{('रा.', 'शि.', 'स्वा.', 'वि.')[int(rng.integers(4))]}/{year}",
               _date(rng), _date(rng), str(int(rng.integers(1, 300))),
               f"{int(rng.integers(1, 99))},{int(rng.integers(0, 999)):03d}.{int(rng.integers(0, 99)):02d}"]
        row = [cell.translate(DEVA_DIGITS) for cell in row]
        for c, cell in enumerate(row):
            _line(draw, cell, xs[c], y, px, deva, latin)
        lines.append(" ".join(row))
        y += round(px * 1.55)
    return img, lines


def tiny(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-serif"]
    px = _pt(float(rng.choice((7.5, 8.0))))
    text = [s for _ in range(3) for s in ([NEWS[int(i)] for i in rng.permutation(len(NEWS))]
                                          + [PROSE[int(i)] for i in rng.permutation(len(PROSE))])]
    lines = [f"परिशिष्ट {int(rng.integers(1, 9))}: जिले की प्रगति का संक्षिप्त विवरण"]
    for part in range(4):
        lines += _wrap(draw, deva, px, text[part * 28 : part * 28 + 28], img.width - 2 * 200)
        lines += _wrap(draw, latin, px, [EN_BODY[int(i)] for i in rng.permutation(len(EN_BODY))[:2]], img.width - 2 * 200)
    lines = lines[: int((img.height - 400) / (px * 1.45))]
    _block(draw, lines, 200, 250, px, deva, latin, spacing=1.45)
    return img, lines


def clipping(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-serif"]
    note = f"समाचार पत्र दिनांक {_date(rng)} पृष्ठ {int(rng.integers(2, 16))}"
    _hand(img, note, 300, 420, _pt(13), font, rng)
    w, h, ncol = int(rng.integers(1500, 1900)), int(rng.integers(1900, 2500)), int(rng.integers(2, 4))
    x0, y0 = int(rng.integers(250, img.width - w - 200)), int(rng.integers(560, 700))
    paper = float(rng.uniform(185, 215))
    grey = np.asarray(img, dtype=np.float32)
    grey[y0 : y0 + h, x0 : x0 + w] = paper + rng.normal(0, 9, (h, w))  # newsprint as the copier saw it
    grey[y0 : y0 + h, x0 + w - 8 : x0 + w] = 60  # the pasted edge's shadow
    grey[y0 + h - 8 : y0 + h, x0 : x0 + w] = 60
    clip = Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(clip)
    headline = _wrap(draw, deva, _pt(18), [NEWS[int(rng.integers(len(NEWS)))]], w - 120)
    y = y0 + 60
    for line in headline:
        _bold(draw, line, x0 + 60, y + _pt(18), _pt(18), font, fill=25)
        y += round(_pt(18) * 1.4)
    px, gutter = _pt(9), 50
    colw = (w - 120 - (ncol - 1) * gutter) // ncol
    body = _wrap(draw, deva, px, [*(PROSE[int(i)] for i in rng.permutation(len(PROSE))),
                                  *(NEWS[int(i)] for i in rng.permutation(len(NEWS)))], colw)
    per = min(int((y0 + h - y - 80) / (px * 1.4)), len(body) // ncol)
    cols = [body[c * per : (c + 1) * per] for c in range(ncol)]
    for c, col in enumerate(cols):
        xc = x0 + 60 + c * (colw + gutter)
        _block(draw, col, xc, y + 40 + px, px, deva, latin, spacing=1.4, fill=30)
        if c:
            draw.line((xc - gutter // 2, y + 20, xc - gutter // 2, y0 + h - 60), fill=60, width=2)
    return clip, [note, *headline, *(line for col in cols for line in col)]


def underline(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-sans"]
    title = f"{('कार्यवाही विवरण', 'निरीक्षण टिप्पणी', 'प्रस्ताव का सारांश')[int(rng.integers(3))]}"
    w = _bold(draw, title, img.width / 2, 330, _pt(17), font, anchor="m")
    draw.line((img.width / 2 - w / 2, 330 + 30, img.width / 2 + w / 2, 330 + 30), fill=0, width=5)
    lines, y, px = [title], 560, _pt(12)
    for k, i in enumerate(rng.permutation(len(HEADINGS))[: int(rng.integers(4, 6))]):
        heading = f"{k + 1}. {HEADINGS[int(i)]}"
        w = _bold(draw, heading, 230, y, _pt(13), font)
        draw.line((230, y + 22, 230 + w, y + 22), fill=0, width=4)  # under the baseline, through the lower matras
        para = _wrap(draw, deva, px, [NEWS[int(j)] for j in rng.permutation(len(NEWS))[: int(rng.integers(3, 5))]],
                     img.width - 460)
        y = _block(draw, para, 230, y + round(px * 1.9), px, deva, latin, spacing=1.6) + px
        lines += [heading, *para]
    return img, lines


def watermark(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    layer = Image.new("L", pagegen._paper_px("A4", 300), 255)
    _emblem(ImageDraw.Draw(layer), layer.width // 2, 1750, int(rng.integers(420, 600)), rng)
    shade = int(rng.integers(195, 230))
    img = Image.fromarray(np.where(np.asarray(layer) < 128, shade, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    deva, latin = FONTS[font], LATIN["noto-sans"]
    lines = [f"कार्यालय उपखण्ड अधिकारी, {VILLAGES[int(rng.integers(len(VILLAGES)))]}",
             f"क्रमांक {int(rng.integers(10, 999))}/{int(rng.integers(2010, 2025))} दिनांक {_date(rng)}",
             SUBJECTS[int(rng.integers(len(SUBJECTS)))]]
    px = _pt(float(rng.choice((12, 13))))
    lines += _wrap(draw, deva, px, [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:18]], img.width - 500)
    lines += ["उपखण्ड अधिकारी"]
    _block(draw, lines, 250, 380, px, deva, latin, spacing=1.7)
    return img, lines


BUILDERS = {"cover": cover, "gazette": gazette, "ordersheet": ordersheet, "challan": challan, "certificate": certificate,
            "digits": digits, "tiny": tiny, "clipping": clipping, "underline": underline, "watermark": watermark}


def make(kind: str, font: str, seed: int) -> ShapePage:
    """One upright page of ``kind`` in ``font`` (mode "L", 300 dpi)."""
    rng = np.random.default_rng([seed, KINDS.index(kind), list(FONTS).index(font)])
    img, lines = BUILDERS[kind](font, rng)
    img.info["dpi"] = (300, 300)
    return ShapePage(kind, font, seed, img, "\n".join(lines))


def scan(page: ShapePage, turn: int) -> tuple[Image.Image, int]:
    """(the page turned ``turn`` degrees clockwise and scanned, its dpi): light skew (0.2-1.5 deg, or
    none), noise, sometimes blur, JPEG, a 200 dpi scan. Deterministic for the page (the same damage
    for its upright and its turned scan)."""
    rng = np.random.default_rng([page.seed, KINDS.index(page.kind), list(FONTS).index(page.font), 7])
    skew = float(rng.uniform(0.2, 1.5)) * float(rng.choice((-1, 1))) if rng.random() < 0.7 else 0.0
    out = pagegen.degrade(page.image, seed=int(rng.integers(1 << 30)), skew=skew, rotate=turn,
                          noise=float(rng.uniform(3, 8)), blur=float(rng.choice((0, 0, 0.6, 0.9))),
                          jpeg_quality=(None, None, 50, 75)[int(rng.integers(4))])
    dpi = 200 if rng.random() < 0.3 else 300
    if dpi != 300:
        out = out.resize((round(out.width * dpi / 300), round(out.height * dpi / 300)), Image.Resampling.LANCZOS)
    out = out.convert("L")
    out.info["dpi"] = (dpi, dpi)
    return out, dpi


def turn_of(kind: str, font_index: int) -> int:
    """The turn of a kind's turned page in the font at ``font_index``: 90, 180 and 270 in turn."""
    return (90, 180, 270)[(KINDS.index(kind) + font_index) % 3]
