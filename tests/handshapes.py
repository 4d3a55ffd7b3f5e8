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

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from tests import pagegen
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


def _thin(mask: np.ndarray) -> np.ndarray:
    """Zhang-Suen thinning of a boolean image: the strokes' centre lines."""
    img = np.pad(mask.astype(np.uint8), 1)
    while True:
        changed = False
        for step in (0, 1):
            p = [np.roll(np.roll(img, -dy, 0), -dx, 1) for dy, dx in
                 ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))]
            b = sum(p)
            a = sum((p[i] == 0) & (p[(i + 1) % 8] == 1) for i in range(8))
            if step == 0:
                c, d = p[0] * p[2] * p[4], p[2] * p[4] * p[6]
            else:
                c, d = p[0] * p[2] * p[6], p[0] * p[4] * p[6]
            kill = (img == 1) & (b >= 2) & (b <= 6) & (a == 1) & (c == 0) & (d == 0)
            if kill.any():
                img[kill] = 0
                changed = True
        if not changed:
            return img[1:-1, 1:-1].astype(bool)


def _field(rng: np.random.Generator, shape: tuple[int, int], sigma: float, amp: float) -> np.ndarray:
    """A smooth random field of ``shape`` with features about ``sigma`` px apart, max about ``amp``
    (noise on a grid ``sigma`` / 2 apart, blurred, then enlarged: the same look at a fraction of the CPU)."""
    step = max(1.0, sigma / 2)
    small = (max(2, round(shape[0] / step) + 2), max(2, round(shape[1] / step) + 2))
    f = cv2.GaussianBlur(rng.standard_normal(small, dtype=np.float32), (0, 0), max(sigma / step, 0.5))
    f = cv2.resize(f, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)
    return (f * (amp / max(float(np.abs(f).max()), 1e-6))).astype(np.float32)


@dataclass
class Writer:
    """One hand: its slant, letter size, pen and ink (fixed for a page), and its randomness."""
    rng: np.random.Generator
    font: Path
    latin: Path
    px: int  # font size the hand is drawn at (the letters' body ~ 4-5 mm)
    slant: float  # degrees, + leans right
    pen: int  # ballpoint line width, px at 300 dpi
    ink: tuple[int, int, int]
    mess: float  # how far the letters stray from their shapes (1: a tidy hand)

    @classmethod
    def make(cls, rng: np.random.Generator, font: Path, latin: Path, *, px: int | None = None) -> Writer:
        if rng.random() < 0.65:  # blue ballpoint
            ink = (int(rng.integers(15, 45)), int(rng.integers(35, 70)), int(rng.integers(120, 170)))
        else:  # black ballpoint
            grey = int(rng.integers(20, 40))
            ink = (grey, grey, int(rng.integers(35, 55)))
        return cls(rng, font, latin, px or int(rng.integers(66, 84)), float(rng.normal(8, 6)),
                   int(rng.integers(4, 7)), ink, float(rng.uniform(0.9, 1.5)))

    def word(self, text: str, *, size: float = 1.0, wild: float = 1.0) -> tuple[np.ndarray, int]:
        """(darkness 0..1 of the written word, the baseline's row in it)."""
        rng = self.rng
        path = self.font if any("\u0900" <= ch <= "\u097f" for ch in text) else self.latin
        px = max(12, round(self.px * size * rng.uniform(0.9, 1.1)))
        font = pagegen._font(str(path), px)
        pad = px
        w = round(font.getlength(text)) + 2 * pad
        h = 3 * px
        layer = Image.new("L", (w, h), 0)
        base = round(1.9 * px)
        ImageDraw.Draw(layer).text((pad, base), text, font=font, fill=255, anchor="ls")
        glyph = np.asarray(layer, np.float32) / 255
        slant = math.radians(self.slant + rng.normal(0, 4) * wild)
        sx, sy = rng.uniform(0.88, 1.12), rng.uniform(0.88, 1.12)  # letters wider or taller this time
        rot = math.radians(rng.normal(0, 1.5) * wild)
        a = np.array([[sx, -math.tan(slant) * sy], [0, sy]]) @ np.array(
            [[math.cos(rot), -math.sin(rot)], [math.sin(rot), math.cos(rot)]])
        centre = np.array([w / 2, base])
        inv = np.linalg.inv(a)
        ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
        u, v = xs - centre[0], ys - centre[1]
        mx = inv[0, 0] * u + inv[0, 1] * v + centre[0]
        my = inv[1, 0] * u + inv[1, 1] * v + centre[1]
        wild *= self.mess
        for f in (mx, my):  # the word bends, no two letters alike, the hand trembles
            f += (_field(rng, (h, w), 0.9 * px, 0.10 * px * wild) + _field(rng, (h, w), 0.22 * px, 0.15 * px * wild)
                  + _field(rng, (h, w), 2.5, 1.5))
        warped = cv2.remap(glyph, mx.astype(np.float32), my.astype(np.float32), cv2.INTER_LINEAR, borderValue=0)
        line = _thin(warped > 0.5)
        thin = cv2.dilate(line.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (self.pen - 1,) * 2))
        thick = cv2.dilate(line.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (self.pen + 2,) * 2))
        press = np.clip(0.5 + _field(rng, (h, w), 0.4 * px, 0.8), 0, 1)  # pressure along the stroke
        stroke = thin * (1 - press) + thick * press
        ink = np.clip(0.92 + _field(rng, (h, w), 6, 0.35), 0.35, 1.0)  # ballpoint skips and blobs
        dark = cv2.GaussianBlur((stroke * ink).astype(np.float32), (0, 0), 0.7)
        return dark, base

    def flourish(self, width: int) -> np.ndarray:
        """A pen stroke under a signature: a long loop and a tail (darkness, ``width`` wide, 120 px high)."""
        rng = self.rng
        layer = Image.new("L", (width + 40, 140), 0)
        t = np.linspace(0, 1, 120)
        xs = 20 + width * t + 30 * np.sin(2 * math.pi * rng.uniform(0.5, 1.5) * t)
        ys = 70 + 35 * np.sin(2 * math.pi * rng.uniform(0.3, 0.8) * t + rng.random()) * (1 - t)
        ImageDraw.Draw(layer).line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=255, width=self.pen)
        return cv2.GaussianBlur(np.asarray(layer, np.float32) / 255, (0, 0), 0.7)


def _paste(canvas: np.ndarray, dark: np.ndarray, x: int, y: int, angle: float = 0.0) -> None:
    """Put ``dark`` (optionally turned ``angle`` degrees anticlockwise about its centre) at (x, y) top-left."""
    if angle:
        h, w = dark.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        c, s = abs(m[0, 0]), abs(m[0, 1])
        nw, nh = int(h * s + w * c), int(h * c + w * s)
        m[0, 2] += nw / 2 - w / 2
        m[1, 2] += nh / 2 - h / 2
        dark = cv2.warpAffine(dark, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=0)
        x, y = x - (nw - w) // 2, y - (nh - h) // 2
    H, W = canvas.shape
    y0, x0, y1, x1 = max(y, 0), max(x, 0), min(y + dark.shape[0], H), min(x + dark.shape[1], W)
    if y1 > y0 and x1 > x0:
        region = canvas[y0:y1, x0:x1]
        np.maximum(region, dark[y0 - y : y1 - y, x0 - x : x1 - x], out=region)


def write(canvas: np.ndarray, hand: Writer, text: str, x0: int, y0: int, right: int, *,
          spacing: tuple[float, float] = (1.5, 2.1), size: float = 1.0, angle: float = 0.0) -> tuple[int, list[str]]:
    """Write ``text`` from baseline y0, wrapping at ``right``; lines rise or fall as a hand's do and sit
    unevenly apart. Returns (next baseline, the lines as written)."""
    rng = hand.rng
    y, lines, cur = y0, [], []
    x = x0 + int(rng.integers(0, hand.px // 2))
    drift = math.tan(math.radians(rng.normal(angle, 1.2)))
    for word in text.split():
        dark, base = hand.word(word, size=size)
        wpx = dark.shape[1] - 2 * round(hand.px * size * 0.9)
        if cur and x + wpx > right:
            lines.append(" ".join(cur))
            cur = []
            y += round(hand.px * size * rng.uniform(*spacing))
            x = x0 + int(rng.integers(-hand.px // 4, hand.px // 2))
            drift = math.tan(math.radians(rng.normal(angle, 1.2)))
        wobble = rng.normal(0, 0.06) * hand.px
        _paste(canvas, dark, x - round(hand.px * size * 0.9), round(y - base + (x - x0) * -drift + wobble))
        x += wpx + round(hand.px * size * rng.uniform(0.35, 0.75))
        cur.append(word)
    if cur:
        lines.append(" ".join(cur))
    return y + round(hand.px * size * rng.uniform(*spacing)), lines


def signature(canvas: np.ndarray, hand: Writer, name: str, x: int, y: int) -> None:
    """A name written fast, large and leaning, with a flourish under it."""
    keep = hand.slant
    hand.slant = keep + 15
    dark, base = hand.word(name, size=1.3, wild=2.5)
    hand.slant = keep
    _paste(canvas, dark, x, y - base, angle=hand.rng.uniform(2, 12))
    _paste(canvas, hand.flourish(dark.shape[1] - 80), x + 20, y - 40)


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
    _paste(dark, block, *xy, angle=angle if corner in (0, 1) else -angle)
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
