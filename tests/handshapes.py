"""Handwriting on office pages (issue 17): the shape every real Indian office file has and the other
generators lack. Written 2026-12-07 before any reading of them, for bench/ocr_hand_probe.py.

There is no handwriting font on the machine, so the hand is made from the installed fonts: each word is
rendered, slanted, scaled and warped (a smooth random displacement field about a letter wide: no two
letters alike), thinned to its centre line and drawn again with a ballpoint pen whose width and
pressure vary along the stroke (a monoline stroke with skips, as a ballpoint leaves). The writer has a
slant of their own (per page) that wanders from word to word; baselines drift and rise across the line,
words jitter in size and spacing, lines are unevenly spaced and not aligned to any rule. Ink is blue or
black ballpoint. Signatures are a name written fast and large (strong warp, steep slant) with a
flourish; dates and initials are written too.

Kinds (each page upright; ``scan(page, turn)`` turns it like a sheet fed the wrong way):
- ``notesheet``: a printed note-sheet (heading, a margin rule) filled with handwritten noting, each
  note ending in initials or a signature and a date: mostly handwriting;
- ``remarks``: a typed letter with handwritten remarks in the top space and the margin, pen
  underlines under typed lines, a signature and date at the foot;
- ``application``: a citizen's application written entirely by hand (Hindi, or English for some
  seeds): the address, subject, body, "प्रार्थी" and a signature;
- ``endorsement``: a typed page with a short handwritten endorsement ("स्वीकृत", initials, a date)
  written across a corner at an angle, over the text's edge.

``HandPage.typed`` is the typed text (what a reading of the typed part should give, in reading order);
``HandPage.hand`` the handwritten text (for reference only: Tesseract cannot be expected to read it).
Fonts: the hand fonts and the typed fonts are split into a tuning part and a held-out part (with odd
seeds), as tests/pageshapes.py. Deterministic for a given seed; nothing binary is committed.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from tests import pagegen
from tests.handpen import Writer, paste, signature, write
from tests.pageshapes import FONTS, PROSE, _wrap

KINDS = ("notesheet", "remarks", "application", "endorsement")
MOSTLY_HAND = ("notesheet", "application")  # a reading of these is mostly the hand: it must be flagged
_FD = pagegen.FONT_DIR
HAND_FONTS = {  # the letter shapes the hand starts from
    "noto-sans": pagegen.DEFAULT_FONT,
    "lohit": FONTS["lohit"],
    "gargi": FONTS["gargi"],
    "samyak": _FD / "samyak" / "Samyak-Devanagari.ttf",
    "kalimati": FONTS["kalimati"],
    "annapurna": _FD / "annapurna" / "AnnapurnaSIL-Regular.ttf",
}
LATIN_HAND = {"tune": pagegen.LATIN_FONT, "held-out": pagegen.DEJAVU_FONT}
# (hand font, typed font) per part: the held-out part is never looked at while fixing.
TUNE = (("noto-sans", "noto-serif"), ("lohit", "gargi"), ("gargi", "lohit"), ("samyak", "noto-serif"))
HELD_OUT = (("kalimati", "kalimati"), ("annapurna", "chandas"))

NOTINGS = (
    "कृपया अवलोकन करें।",
    "प्रस्ताव अनुमोदनार्थ प्रस्तुत है।",
    "उपरोक्त विषय में जिला कलेक्टर का पत्र प्राप्त हुआ है।",
    "पत्र में चाही गई सूचना संबंधित शाखा से प्राप्त कर ली गई है।",
    "कृपया नियमानुसार आवश्यक कार्यवाही करें।",
    "वित्त विभाग की सहमति प्राप्त की जा चुकी है।",
    "संबंधित पत्रावली संलग्न है।",
    "अवलोकनार्थ एवं आदेशार्थ प्रस्तुत।",
    "प्रारूप पत्र अनुमोदन हेतु प्रस्तुत है।",
    "इस संबंध में पूर्व में जारी आदेश की प्रति पताका क पर है।",
    "चर्चा करें।",
    "अनुमोदित। पत्र जारी करें।",
    "Please put up the draft reply.",
    "Seen. May be filed.",
)
REMARKS = ("कृपया अवलोकन करें", "चर्चा करें", "फाइल प्रस्तुत करें", "तुरंत कार्यवाही करें", "Please examine",
           "नियमानुसार करें", "प्रस्तुत करें", "Discuss")
ENDORSE = ("स्वीकृत", "अनुमोदित", "Approved", "स्वीकृत किया जाता है")
INITIALS = ("रा.कु.", "सु.श.", "म.सिं.", "RKS", "A.K.", "ह.प्र.")
SIGN_NAMES = ("रामकुमार", "सुरेश", "मोहन", "R. K. Sharma", "Anil", "हरि प्रसाद")
APPLICATION_HI = (
    "सेवा में,", "श्रीमान जिला कलेक्टर महोदय,", "जिला जयपुर।",
    "विषय: भूमि के नामांतरण हेतु प्रार्थना पत्र।",
    "महोदय,",
    "निवेदन है कि प्रार्थी ग्राम रामपुरा का निवासी है। प्रार्थी के पिता की मृत्यु के पश्चात उनकी कृषि भूमि का"
    " नामांतरण अभी तक नहीं हुआ है। पटवारी को कई बार प्रार्थना पत्र दिया गया परंतु कोई कार्यवाही नहीं हुई।",
    "अतः श्रीमान से निवेदन है कि भूमि का नामांतरण शीघ्र करवाने की कृपा करें।",
    "प्रार्थी",
)
APPLICATION_EN = (
    "To,", "The District Collector,", "Jaipur.",
    "Subject: Application for mutation of land.",
    "Sir,",
    "I beg to state that my father expired last year and the mutation of his land in village Rampura has"
    " not been done so far. I have applied to the Patwari many times but no action has been taken.",
    "Kindly order the mutation at the earliest.",
    "Yours faithfully,",
)


@dataclass(frozen=True)
class HandPage:
    kind: str
    part: str  # "tune" or "held-out"
    fonts: tuple[str, str]  # (hand font, typed font)
    seed: int
    image: Image.Image  # upright, "RGB", 300 dpi
    typed: str  # the typed text, one line per line
    hand: str  # the handwritten text


def _date(rng: np.random.Generator) -> str:
    d, m = int(rng.integers(1, 29)), int(rng.integers(1, 13))
    return (f"{d}/{m}/{int(rng.integers(18, 26))}", f"{d:02d}.{m:02d}.20{int(rng.integers(18, 26))}")[int(rng.integers(2))]


def _compose(paper: Image.Image, dark: np.ndarray, hand: Writer, seed: int) -> Image.Image:
    """The typed paper with the pen's ink laid over it, scanned in colour (noise, a slight blur)."""
    rng = np.random.default_rng(seed + 17)
    g = np.asarray(paper.convert("L"), np.float32)[..., None] / 255
    page = g * np.array((250, 248, 240), np.float32)
    d = dark[..., None]
    page = page * (1 - d) + np.array(hand.ink, np.float32) * d
    page = cv2.GaussianBlur(page, (0, 0), 0.6) + 3 * rng.standard_normal(page.shape, dtype=np.float32)
    out = Image.fromarray(np.clip(page, 0, 255).astype(np.uint8), "RGB")
    out.info["dpi"] = (300, 300)
    return out


def _typed(lines: list[str], font: str, *, top_mm: float = 18, font_pt: float = 12) -> Image.Image:
    """Typed lines from ``top_mm`` down (pagegen.render_lines with a taller top margin)."""
    img = pagegen.render_lines(lines, font=FONTS[font], font_pt=font_pt, margin_mm=18)
    shift = round((top_mm - 18) / 25.4 * 300)
    if shift > 0:
        out = Image.new("L", img.size, 255)
        out.paste(img.crop((0, 0, img.width, img.height - shift)), (0, shift))
        img = out
    img.info["dpi"] = (300, 300)
    return img


def _letter_lines(rng: np.random.Generator, seed: int, font: str, n_prose: int) -> list[str]:
    lines = pagegen.office_lines(seed, n=5, english_share=0.25)
    draw = ImageDraw.Draw(Image.new("L", (10, 10)))
    px = round(12 / 72 * 300)
    return lines + _wrap(draw, FONTS[font], px, [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:n_prose]],
                         2480 - 2 * 213 - px)


def notesheet(rng: np.random.Generator, seed: int, fonts: tuple[str, str], hand: Writer) -> HandPage:
    header = ["टिप्पणी / NOTE SHEET"]
    img = Image.new("L", pagegen._paper_px("A4", 300), 255)
    draw = ImageDraw.Draw(img)
    f = pagegen._font(str(FONTS[fonts[1]]), round(14 / 72 * 300))
    x = 0
    for text, path in pagegen._runs(header[0], str(FONTS[fonts[1]]), str(pagegen.LATIN_FONT)):
        x += pagegen._font(path, f.size).getlength(text)
    cx = img.width / 2 - x / 2
    for text, path in pagegen._runs(header[0], str(FONTS[fonts[1]]), str(pagegen.LATIN_FONT)):
        g = pagegen._font(path, f.size)
        draw.text((cx, 240), text, font=g, fill=0, anchor="ls")
        cx += g.getlength(text)
    draw.line((380, 300, 380, img.height - 150), fill=60, width=4)  # the printed margin rule
    dark = np.zeros((img.height, img.width), np.float32)
    y, hand_lines = 420, []
    for _ in range(int(rng.integers(3, 5))):
        if y > img.height - 500:
            break
        note = " ".join(NOTINGS[int(i)] for i in rng.permutation(len(NOTINGS))[: int(rng.integers(1, 4))])
        write(dark, hand, str(int(rng.integers(1, 40))) + ".", 250, y, 380)
        y, written = write(dark, hand, note, 430, y, img.width - 200)
        hand_lines += written
        sx = int(rng.integers(img.width // 2, img.width - 700))
        signature(dark, hand, SIGN_NAMES[int(rng.integers(len(SIGN_NAMES)))], sx, y)
        date = _date(rng)
        write(dark, hand, date, sx + 50, y + round(hand.px * 1.5), img.width - 100, size=0.8)
        hand_lines.append(date)
        y += round(hand.px * rng.uniform(3.5, 5.0))
    return HandPage("notesheet", "", fonts, seed, _compose(img, dark, hand, seed), "\n".join(header), "\n".join(hand_lines))


def remarks(rng: np.random.Generator, seed: int, fonts: tuple[str, str], hand: Writer) -> HandPage:
    lines = _letter_lines(rng, seed, fonts[1], int(rng.integers(8, 12)))
    img = _typed(lines, fonts[1], top_mm=45)
    dark = np.zeros((img.height, img.width), np.float32)
    px, top = round(12 / 72 * 300), round(45 / 25.4 * 300)
    step = round(px * 1.6)
    hand_lines = []
    remark = REMARKS[int(rng.integers(len(REMARKS)))]
    _, w1 = write(dark, hand, remark, int(rng.integers(700, 1200)), top - int(rng.integers(200, 280)),
                  img.width - 150, angle=rng.uniform(-4, 4))  # across the top space
    hand_lines += w1
    for k in rng.choice(len(lines), size=2, replace=False):  # pen lines under two typed lines
        yb = top + px + step * int(k) + 14
        xs = np.linspace(213, 213 + int(rng.integers(700, 1600)), 40)
        ys = yb + np.cumsum(rng.normal(0, 0.8, xs.size)) + np.linspace(0, rng.normal(0, 8), xs.size)
        layer = Image.new("L", img.size, 0)
        ImageDraw.Draw(layer).line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=255, width=hand.pen)
        np.maximum(dark, np.asarray(layer, np.float32) / 255, out=dark)
    bottom = top + px + step * len(lines)
    remark2 = REMARKS[int(rng.integers(len(REMARKS)))]
    y, w2 = write(dark, hand, remark2, int(rng.integers(250, 600)), bottom + 200, img.width - 300)
    hand_lines += w2
    signature(dark, hand, SIGN_NAMES[int(rng.integers(len(SIGN_NAMES)))], int(rng.integers(1300, 1700)), y + 60)
    date = _date(rng)
    write(dark, hand, date, int(rng.integers(1300, 1700)), y + 60 + round(hand.px * 1.8), img.width - 100, size=0.8)
    return HandPage("remarks", "", fonts, seed, _compose(img, dark, hand, seed), "\n".join(lines),
                    "\n".join([*hand_lines, date]))


def application(rng: np.random.Generator, seed: int, fonts: tuple[str, str], hand: Writer) -> HandPage:
    img = Image.new("L", pagegen._paper_px("A4", 300), 255)
    dark = np.zeros((img.height, img.width), np.float32)
    body = APPLICATION_EN if seed % 3 == 2 else APPLICATION_HI
    y, hand_lines = int(rng.integers(250, 350)), []
    for i, para in enumerate(body):
        indent = 200 + (int(rng.integers(60, 200)) if i in (5, 6) else int(rng.integers(-20, 40)))
        y, written = write(dark, hand, para, indent, y, img.width - int(rng.integers(150, 300)))
        hand_lines += written
        if i in (3, 4):
            y += round(hand.px * rng.uniform(0.3, 1.0))
    name = SIGN_NAMES[int(rng.integers(len(SIGN_NAMES)))]
    signature(dark, hand, name, 1400, y + 40)
    y, written = write(dark, hand, f"{name} ग्राम रामपुरा मो. 98{int(rng.integers(10**7, 10**8))}", 1300,
                       y + round(hand.px * 2.5), img.width - 150, size=0.9)
    date = _date(rng)
    write(dark, hand, f"दिनांक {date}", 220, y, img.width - 200, size=0.9)
    return HandPage("application", "", fonts, seed, _compose(img, dark, hand, seed), "",
                    "\n".join([*hand_lines, *written, date]))


def endorsement(rng: np.random.Generator, seed: int, fonts: tuple[str, str], hand: Writer) -> HandPage:
    lines = _letter_lines(rng, seed, fonts[1], int(rng.integers(14, 20)))
    img = _typed(lines, fonts[1])
    dark = np.zeros((img.height, img.width), np.float32)
    word = ENDORSE[int(rng.integers(len(ENDORSE)))]
    initials, date = INITIALS[int(rng.integers(len(INITIALS)))], _date(rng)
    block = np.zeros((700, 1300), np.float32)
    _, a = write(block, hand, word, 60, 200, 1250, size=1.4)
    signature(block, hand, initials, 200, 430)
    _, b = write(block, hand, date, 300, 600, 1250, size=0.9)
    corner = int(rng.integers(4))  # which corner, written across it at 20-40 degrees
    angle = float(rng.uniform(20, 40)) * (1 if corner in (0, 3) else -1)
    bottom_y = 150 + round(12 / 72 * 300 * 1.6) * len(lines) - 400
    xy = {0: (img.width - 1350, 120), 1: (30, 120), 2: (img.width - 1350, bottom_y), 3: (30, bottom_y)}[corner]
    paste(dark, block, *xy, angle=angle if corner in (0, 1) else -angle)
    return HandPage("endorsement", "", fonts, seed, _compose(img, dark, hand, seed), "\n".join(lines),
                    "\n".join([*a, initials, *b]))


BUILDERS = {"notesheet": notesheet, "remarks": remarks, "application": application, "endorsement": endorsement}


def make(kind: str, part: str, index: int, seed: int) -> HandPage:
    """One upright page of ``kind``, drawn with the ``index``-th font pair of ``part`` ("tune"/"held-out")."""
    fonts = (TUNE if part == "tune" else HELD_OUT)[index]
    rng = np.random.default_rng(seed)
    hand = Writer.make(np.random.default_rng(seed + 1), HAND_FONTS[fonts[0]], LATIN_HAND[part])
    page = BUILDERS[kind](rng, seed, fonts, hand)
    return HandPage(page.kind, part, fonts, seed, page.image, page.typed, page.hand)


def scan(page: HandPage, turn: int) -> Image.Image:
    """The page turned ``turn`` degrees clockwise, 300 dpi in its info."""
    out = page.image.rotate(-(turn % 360), expand=True) if turn % 360 else page.image.copy()
    out.info["dpi"] = (300, 300)
    return out
