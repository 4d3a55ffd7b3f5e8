"""Page shapes no earlier bench has (issue 17, "generalise"): written 2026-12-06 16:35-17:00 UTC,
before any reading of them, and committed before the first run of bench/ocr_shapes_fresh.py.

Kinds (each upright; ``scan`` turns and degrades them):
- ``twocol``: a report page in two columns of Hindi prose under a heading across both;
- ``landscape``: a wide register (8 columns) printed on A4 *landscape* and scanned as such: the upright
  page is wider than tall;
- ``ledger``: an account statement, mostly digits (dates, cheque numbers, amounts with paise, balances)
  with short Hindi labels, rules only under the head and at the foot;
- ``note``: a half-empty page: a three-line Hindi note, a signature scrawl, a name and a date;
- ``photo``: a continuous-tone photograph (a third of the page), a caption and a few lines;
- ``carbon``: a faded carbon copy of a typewritten letter (Hindi and English lines, a typewriter face
  for the Latin), grey on grey, blurred, unevenly faded;
- ``margin``: a Hindi letter with a note written along the margin (turned 90 or 270) and a
  rectangular "received" stamp set at an angle;
- ``engletter``: an English letter whose subject line (and signature block) is Hindi.

Fonts: Devanagari faces no other bench or test uses (Debian: fonts-sil-annapurna, OFL-1.1;
fonts-samyak-deva, GPL-3 with font exception; fonts-sahadeva, fonts-nakula, GPL-2+), with their own
Latin or a Latin face (DejaVu, Noto). ``TUNE_FONTS`` are the older benches' tuning fonts, for tests
of a fix: the held-out bench pages (``FRESH_FONTS``, seeds ``FRESH_SEED`` and ``CHECK_SEED``) are
never used by a test. Deterministic for a given seed; nothing binary is committed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from tests import pagegen
from tests.pageshapes import FONTS as OLD_FONTS
from tests.pageshapes import PROSE, ShapePage, _signature, _wrap

_F = pagegen.FONT_DIR
FONTS: dict[str, Path] = {
    "annapurna": _F / "annapurna" / "AnnapurnaSIL-Regular.ttf",
    "samyak": _F / "samyak" / "Samyak-Devanagari.ttf",
    "sahadeva": _F / "Sahadeva" / "sahadeva.ttf",
    "nakula": _F / "Nakula" / "nakula.ttf",
    **OLD_FONTS,
}
FRESH_FONTS = ("annapurna", "samyak", "sahadeva", "nakula")
TUNE_FONTS = ("noto-serif", "gargi", "lohit", "sarai")
FRESH_SEED = 20261206  # the first run ("fresh")
CHECK_SEED = 20261207  # run only after any fix made on the first run ("check")
LATIN = {"dejavu-serif": _F / "dejavu" / "DejaVuSerif.ttf", "noto-serif": _F / "noto" / "NotoSerif-Regular.ttf",
         "noto-sans": pagegen.LATIN_FONT, "mono": _F / "dejavu" / "DejaVuSansMono.ttf"}
KINDS = ("twocol", "landscape", "ledger", "note", "photo", "carbon", "margin", "engletter")

NEWS = (  # gazette / report prose not in tests/pageshapes.py
    "जिले में इस वर्ष रबी की फसल की बुवाई समय पर पूरी कर ली गई।",
    "नगर परिषद ने सफाई व्यवस्था सुधारने के लिए नई गाड़ियाँ खरीदी हैं।",
    "प्राथमिक स्वास्थ्य केंद्र पर प्रतिदिन औसतन दो सौ रोगी आते हैं।",
    "ग्रामीण क्षेत्रों में सड़क निर्माण का कार्य तेजी से चल रहा है।",
    "छात्रावास में रहने वाले विद्यार्थियों को निःशुल्क भोजन दिया जाता है।",
    "तालाबों की खुदाई से भूजल स्तर में सुधार हुआ है।",
    "आंगनबाड़ी केंद्रों पर बच्चों का नियमित वजन लिया जाता है।",
    "पंचायत समिति की बैठक में बजट प्रस्ताव पारित किया गया।",
    "विभाग ने पेंशन के लंबित मामलों को शीघ्र निपटाने के निर्देश दिए।",
    "मेले में आसपास के गाँवों से हजारों लोग पहुँचे।",
    "किसानों को उन्नत बीज और खाद समय पर उपलब्ध कराए गए।",
    "जल जीवन मिशन के अंतर्गत हर घर तक नल से पानी पहुँचाने का लक्ष्य है।",
    "वन विभाग ने वर्षा ऋतु में पचास हजार पौधे लगाए।",
    "न्यायालय परिसर में नए अभिलेख कक्ष का निर्माण पूरा हुआ।",
    "परीक्षा परिणाम में इस वर्ष बालिकाओं ने बेहतर प्रदर्शन किया।",
    "बिजली विभाग ने खराब ट्रांसफार्मर बदलने का अभियान चलाया।",
)
EN_BODY = (
    "I am directed to refer to your letter cited above and to state that the matter has been examined.",
    "The proposal for the construction of the community hall has been approved by the committee.",
    "You are requested to furnish the utilisation certificate for the grant released last year.",
    "The list of beneficiaries verified by the Gram Sabha is enclosed for your information.",
    "Necessary action may be taken at your level and a compliance report sent to this office.",
    "The inspection of the records was carried out on the date fixed in the presence of the staff.",
    "It is further requested that the pending cases be disposed of before the end of this month.",
    "A copy of the order is also being sent to the Treasury Officer for necessary action.",
)
SUBJECTS = ("विषय: ग्राम पंचायत भवन के निर्माण हेतु अनुदान स्वीकृति।", "विषय: लंबित पेंशन प्रकरणों का निस्तारण।",
            "विषय: वार्षिक निरीक्षण प्रतिवेदन के संबंध में।", "विषय: छात्रवृत्ति भुगतान की सूचना बाबत।")
PEOPLE = ("रामेश्वर प्रसाद", "विमला शर्मा", "कैलाश चंद्र", "सरोज कुमारी", "भंवर लाल", "पुष्पा देवी", "गोपाल सिंह",
          "मंजू यादव", "ओम प्रकाश", "लक्ष्मी नारायण", "शकुंतला मीणा", "जगदीश राय")
VILLAGES = ("बड़ी सादड़ी", "खेरवाड़ा", "मांडल", "रायपुर", "गंगापुर", "सुवाणा", "आसींद", "बनेड़ा")
LABELS = ("जमा", "नकद", "ब्याज", "वेतन", "चेक", "किश्त", "शुल्क", "निकासी", "अंतरण")


def _date(rng: np.random.Generator) -> str:
    return f"{int(rng.integers(1, 29)):02d}.{int(rng.integers(1, 13)):02d}.{int(rng.integers(2008, 2025))}"


def _canvas(landscape: bool = False) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("L", pagegen._paper_px((297.0, 210.0) if landscape else "A4", 300), 255)
    return img, ImageDraw.Draw(img)


def _line(draw: ImageDraw.ImageDraw, text: str, x: float, y: float, px: int, deva: Path, latin: Path,
          fill: int = 0, anchor: str = "l") -> float:
    """Draw one line from (x, baseline y), Devanagari in ``deva``, Latin in ``latin`` (a line mostly
    Latin takes ``latin`` first); ``anchor`` "m" centres it on x, "r" ends it at x. Returns its width."""
    letters = [c for c in text if c.isalpha()]
    latin_first = sum(c.isascii() for c in letters) > len(letters) / 2
    primary, fallback = (latin, deva) if latin_first else (deva, latin)
    runs = pagegen._runs(text, str(primary), str(fallback))
    width = sum(pagegen._font(p, px).getlength(t) for t, p in runs)
    x -= width / 2 if anchor == "m" else width if anchor == "r" else 0
    for t, p in runs:
        f = pagegen._font(p, px)
        draw.text((x, y), t, font=f, fill=fill, anchor="ls")
        x += f.getlength(t)
    return width


def _block(draw: ImageDraw.ImageDraw, lines: list[str], x: float, y: float, px: int, deva: Path, latin: Path,
           spacing: float = 1.6, anchor: str = "l", fill: int = 0) -> float:
    for text in lines:
        _line(draw, text, x, y, px, deva, latin, fill=fill, anchor=anchor)
        y += round(px * spacing)
    return y


def _pt(pt: float) -> int:
    return round(pt / 72 * 300)


def twocol(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-serif"]
    head = ["जिला प्रशासन की वार्षिक गतिविधियाँ", f"अध्याय {int(rng.integers(2, 9))}"]
    y = _block(draw, head, img.width / 2, 300, _pt(15), deva, latin, spacing=1.8, anchor="m")
    px, margin, gutter = _pt(float(rng.choice((10, 11)))), 230, int(rng.integers(90, 160))
    colw = (img.width - 2 * margin - gutter) // 2
    text = [NEWS[int(i)] for i in rng.permutation(len(NEWS))] + [PROSE[int(i)] for i in rng.permutation(len(PROSE))]
    lines = _wrap(draw, deva, px, text, colw)
    per_col = min(int(rng.integers(26, 34)), len(lines) // 2)
    left, right = lines[:per_col], lines[per_col : 2 * per_col]
    _block(draw, left, margin, y + px, px, deva, latin, spacing=1.5)
    _block(draw, right, margin + colw + gutter, y + px, px, deva, latin, spacing=1.5)
    return img, [*head, *left, *right]


def landscape(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas(landscape=True)
    deva, latin = FONTS[font], LATIN["noto-sans"]
    title = f"भूमि आवंटन पंजिका, तहसील {VILLAGES[int(rng.integers(len(VILLAGES)))]}"
    _line(draw, title, img.width / 2, 260, _pt(15), deva, latin, anchor="m")
    head = ["क्रम", "आवंटी का नाम", "पिता का नाम", "ग्राम", "खसरा नं.", "रकबा (बीघा)", "राशि (रु.)", "दिनांक"]
    widths = [170, 520, 520, 420, 300, 330, 360, 360]
    rows = [[str(i + 1), PEOPLE[int(rng.integers(len(PEOPLE)))], PEOPLE[int(rng.integers(len(PEOPLE)))],
             VILLAGES[int(rng.integers(len(VILLAGES)))], f"{int(rng.integers(10, 999))}/{int(rng.integers(1, 9))}",
             f"{int(rng.integers(1, 40))}.{int(rng.integers(0, 20)):02d}", str(int(rng.integers(2000, 99999))),
             _date(rng)] for i in range(int(rng.integers(12, 17)))]
    px, row_h = _pt(10), round(_pt(10) * 2.1)
    xs = [int((img.width - sum(widths)) / 2)]
    for w in widths:
        xs.append(xs[-1] + w)
    y0, ruled = 340, bool(rng.integers(2))
    for r, row in enumerate([head, *rows]):
        base = y0 + r * row_h + int(row_h * 0.7)
        for c, cell in enumerate(row):
            _line(draw, cell, xs[c] + 20, base, px, deva, latin)
    bottom = y0 + (len(rows) + 1) * row_h
    for ry in ([y0 + r * row_h for r in range(len(rows) + 2)] if ruled else [y0, y0 + row_h, bottom]):
        draw.line((xs[0], ry, xs[-1], ry), fill=0, width=4)
    for x in xs if ruled else []:
        draw.line((x, y0, x, bottom), fill=0, width=3)
    return img, [title, *(" ".join(row) for row in [head, *rows])]


def ledger(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["dejavu-serif"]
    year = int(rng.integers(2015, 2024))
    head = [f"जिला सहकारी बैंक, शाखा {VILLAGES[int(rng.integers(len(VILLAGES)))]}", "खाता विवरण",
            f"खाता संख्या {int(rng.integers(10**10, 10**11))} अवधि 01.04.{year} से 31.03.{year + 1}"]
    y = _block(draw, head, 230, 300, _pt(12), deva, latin, spacing=1.7)
    cols = ["दिनांक", "विवरण", "चेक नं.", "नामे", "जमा", "शेष"]
    right = [False, False, False, True, True, True]
    xs = [230, 520, 760, 1250, 1650, 2050]  # left edges, or right edges of number columns
    px, row_h = _pt(10), round(_pt(10) * 1.9)
    balance = int(rng.integers(1000, 90000)) * 100
    rows = []
    for _ in range(int(rng.integers(20, 28))):
        amount = int(rng.integers(100, 2500000))
        credit = bool(rng.random() < 0.45)
        balance = balance + amount if credit else max(balance - amount, 0)
        money = f"{amount // 100}.{amount % 100:02d}"
        cheque = str(int(rng.integers(100000, 999999))) if rng.random() < 0.4 else "-"
        rows.append([_date(rng), LABELS[int(rng.integers(len(LABELS)))], cheque, "" if credit else money,
                     money if credit else "", f"{balance // 100}.{balance % 100:02d}"])
    y += row_h
    for r, row in enumerate([cols, *rows]):
        base = y + r * row_h
        for c, cell in enumerate(row):
            if cell:
                _line(draw, cell, xs[c] + (200 if right[c] else 0), base, px, deva, latin, anchor="r" if right[c] else "l")
    for ry in (y - row_h + 10, y + row_h // 3, y + len(rows) * row_h + row_h // 3):
        draw.line((220, ry, 2290, ry), fill=0, width=3)
    return img, [*head, *(" ".join(cell for cell in row if cell) for row in [cols, *rows])]


def note(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-sans"]
    lines = ["टिप्पणी", *(NEWS[int(i)] for i in rng.permutation(len(NEWS))[:3])]
    px = _pt(float(rng.choice((12, 13, 14))))
    y = _block(draw, lines, 260, 420, px, deva, latin, spacing=1.8)
    _signature(draw, 1500, y + 220, rng)
    tail = [f"({PEOPLE[int(rng.integers(len(PEOPLE)))]})", "अनुभाग अधिकारी", f"दिनांक {_date(rng)}"]
    _block(draw, tail, 1500, y + 400, _pt(11), deva, latin, spacing=1.6)
    return img, [*lines, *tail]


def _photo(rng: np.random.Generator, w: int, h: int) -> Image.Image:
    """A continuous-tone picture: smooth light and shade, a few soft shapes, grain."""
    field = rng.normal(0, 1, (6, 8))
    a = np.asarray(Image.fromarray(((field - field.min()) / np.ptp(field) * 255).astype(np.uint8)).resize(
        (w, h), Image.Resampling.BICUBIC), dtype=np.float32)
    yy, xx = np.mgrid[0:h, 0:w]
    for _ in range(int(rng.integers(3, 6))):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.1, 0.3) * w
        a -= 90 * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))
    a = 40 + (a - a.min()) / max(float(np.ptp(a)), 1.0) * 180 + rng.normal(0, 6, a.shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(2))


def photo(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-serif"]
    w, h = int(rng.integers(1500, 2000)), int(rng.integers(1000, 1400))
    x0, y0 = (img.width - w) // 2, 300
    img.paste(_photo(rng, w, h), (x0, y0))
    draw.rectangle((x0, y0, x0 + w, y0 + h), outline=0, width=4)
    caption = f"चित्र {int(rng.integers(1, 20))}: नवनिर्मित जल संग्रहण ढाँचे का निरीक्षण करते अधिकारी"
    y = _block(draw, [caption], img.width / 2, y0 + h + 90, _pt(10), deva, latin, anchor="m")
    px = _pt(12)
    body = _wrap(draw, deva, px, [NEWS[int(i)] for i in rng.permutation(len(NEWS))[:5]], img.width - 460)
    body = body[: int(rng.integers(4, 9))]
    _block(draw, body, 230, y + 120, px, deva, latin, spacing=1.6)
    return img, [caption, *body]


def carbon(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["mono"]
    lines = [f"कार्यालय उपखण्ड अधिकारी, {VILLAGES[int(rng.integers(len(VILLAGES)))]}",
             f"No. F.{int(rng.integers(1, 99))}/{int(rng.integers(1, 30))}/Estt/{int(rng.integers(1990, 2010))}"
             f" Dated {_date(rng)}", SUBJECTS[int(rng.integers(len(SUBJECTS)))]]
    for i in range(int(rng.integers(6, 10))):
        lines.append(EN_BODY[int(rng.integers(len(EN_BODY)))] if i % 3 == 1 else NEWS[int(rng.integers(len(NEWS)))])
    lines += ["Sub Divisional Officer", "प्रतिलिपि सूचनार्थ प्रेषित।"]
    px = _pt(12)
    wrapped = [w for line in lines for w in _wrap(draw, latin if line[:1].isascii() else deva, px, [line], img.width - 480)]
    _block(draw, wrapped, 240, 330, px, deva, latin, spacing=2.0)
    a = np.asarray(img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.8, 1.4)))), dtype=np.float32) / 255
    paper, ink = float(rng.uniform(205, 225)), float(rng.uniform(110, 145))
    fade = np.asarray(Image.fromarray((rng.random((4, 3)) * 255).astype(np.uint8)).resize(
        (img.width, img.height), Image.Resampling.BICUBIC), dtype=np.float32) / 255
    a = paper - (paper - ink) * (1 - a) * (0.55 + 0.45 * fade)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)), wrapped


def margin(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva, latin = FONTS[font], LATIN["noto-sans"]
    lines = [f"कार्यालय तहसीलदार, {VILLAGES[int(rng.integers(len(VILLAGES)))]}", f"क्रमांक {int(rng.integers(10, 999))}/"
             f"राजस्व/{int(rng.integers(2010, 2025))} दिनांक {_date(rng)}", SUBJECTS[int(rng.integers(len(SUBJECTS)))]]
    lines += [NEWS[int(i)] for i in rng.permutation(len(NEWS))[: int(rng.integers(8, 12))]]
    _block(draw, lines, 300, 380, _pt(12), deva, latin, spacing=1.7)
    note_text = "मूल पत्रावली में संलग्न करें तथा आगामी बैठक में प्रस्तुत करें"  # along the left margin
    tile = Image.new("L", (1900, 110), 0)
    _line(ImageDraw.Draw(tile), note_text, 10, 80, _pt(11), deva, latin, fill=255)
    tile = tile.rotate(90 if rng.random() < 0.5 else 270, expand=True)
    img.paste(40, (60, int(rng.integers(600, 1200))), tile)
    stamp = Image.new("L", (820, 300), 0)
    sd = ImageDraw.Draw(stamp)
    sd.rectangle((5, 5, 815, 295), outline=255, width=7)
    stamped = ["प्राप्त / RECEIVED", f"दिनांक {_date(rng)}", f"आवक क्रमांक {int(rng.integers(100, 9999))}"]
    _block(sd, stamped, 410, 90, _pt(9), deva, latin, spacing=1.5, anchor="m", fill=255)
    stamp = stamp.rotate(float(rng.uniform(-25, 25)), expand=True, resample=Image.Resampling.BICUBIC)
    img.paste(90, (int(rng.integers(1400, 1550)), int(rng.integers(2400, 2700))), stamp)
    # The note and the stamp are text a perfect reading gives (Tesseract reads the note on end and the
    # stamp at its angle): in reading order, the note (left margin) first, the stamp (foot) last.
    # Corrected after the first run, whose reference had the letter alone (the images are unchanged).
    return img, [note_text, *lines, *stamped]


def engletter(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    deva = FONTS[font]
    latin = LATIN[("dejavu-serif", "noto-serif", "noto-sans")[int(rng.integers(3))]]
    lines = ["Government of Rajasthan", "Office of the District Collector (Development)",
             f"No. F.{int(rng.integers(1, 99))}/DRDA/{int(rng.integers(2010, 2025))}/{int(rng.integers(100, 9999))}"
             f" Dated {_date(rng)}", "To,", "The Block Development Officer,",
             f"Panchayat Samiti {('Mandal', 'Asind', 'Raipur', 'Banera')[int(rng.integers(4))]}",
             SUBJECTS[int(rng.integers(len(SUBJECTS)))], "Sir,"]
    px = _pt(12)
    body = _wrap(draw, latin, px, [EN_BODY[int(i)] for i in rng.permutation(len(EN_BODY))[: int(rng.integers(4, 7))]],
                 img.width - 480)
    lines += [*body, "Yours faithfully,", f"({PEOPLE[int(rng.integers(len(PEOPLE)))]})", "Project Director"]
    _block(draw, lines, 240, 320, px, deva, latin, spacing=1.6)
    return img, lines


BUILDERS = {"twocol": twocol, "landscape": landscape, "ledger": ledger, "note": note, "photo": photo,
            "carbon": carbon, "margin": margin, "engletter": engletter}


def make(kind: str, font: str, seed: int) -> ShapePage:
    """One upright page of ``kind`` in ``font`` (mode "L", 300 dpi)."""
    rng = np.random.default_rng([seed, KINDS.index(kind), list(FONTS).index(font)])
    img, lines = BUILDERS[kind](font, rng)
    img.info["dpi"] = (300, 300)
    return ShapePage(kind, font, seed, img, "\n".join(lines))


def scan(page: ShapePage, turn: int, skew: float | None = None) -> tuple[np.ndarray, int]:
    """(the page turned ``turn`` degrees clockwise and scanned, its dpi): light skew (0.2-1.5 deg, or
    none; ``skew``: this one instead, the other draws the same), noise, sometimes blur, JPEG, a 200 dpi
    scan. Deterministic for the page and the turn."""
    rng = np.random.default_rng([page.seed, KINDS.index(page.kind), list(FONTS).index(page.font), 7])
    drawn = float(rng.uniform(0.2, 1.5)) * float(rng.choice((-1, 1))) if rng.random() < 0.7 else 0.0
    skew = drawn if skew is None else skew
    out = pagegen.degrade(page.image, seed=int(rng.integers(1 << 30)), skew=skew, rotate=turn,
                          noise=float(rng.uniform(3, 9)), blur=float(rng.choice((0, 0, 0.7, 1.0))),
                          jpeg_quality=(None, None, 45, 70)[int(rng.integers(4))])
    dpi = 200 if rng.random() < 0.25 else 300
    if dpi != 300:
        out = out.resize((round(out.width * dpi / 300), round(out.height * dpi / 300)), Image.Resampling.LANCZOS)
    return np.asarray(out.convert("L")), dpi


def turn_of(kind: str, font_index: int) -> int:
    """The turn of a kind's turned page in the font at ``font_index``: 90, 180 and 270 in turn."""
    return (90, 180, 270)[(KINDS.index(kind) + font_index) % 3]

