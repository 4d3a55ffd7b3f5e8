"""Pages of the shapes real Hindi documents have and the office-letter generator lacks (issue 17):
large-type paragraphs with few lines, a sparse report cover with an emblem, a dense page of pure
Devanagari in an old-style font, a page that is mostly a ruled table, a letter with a round stamp and
a signature. Each comes upright; ``turned(page, r)`` turns it like a sheet fed the wrong way.

Deterministic for a given seed. Fonts are Debian packages: fonts-noto-core (OFL-1.1), fonts-lohit-deva
(OFL-1.1), fonts-gargi, fonts-sarai (GPL-2 with font exception), fonts-deva-extra (GPL-2+ / OFL).

``TUNE_FONTS`` / ``HELD_OUT_FONTS`` and even / odd seeds split the variations: tests and any tuning
use the first part; ``bench/ocr_shapes.py`` reports the held-out part separately.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from tests import pagegen

FONTS = {
    "noto-serif": pagegen.SERIF_FONT,
    "noto-sans": pagegen.DEFAULT_FONT,
    "lohit": pagegen.FONT_DIR / "lohit-devanagari" / "Lohit-Devanagari.ttf",
    "gargi": pagegen.FONT_DIR / "Gargi" / "Gargi.ttf",
    "sarai": pagegen.FONT_DIR / "Sarai" / "Sarai.ttf",
    "chandas": pagegen.FONT_DIR / "fonts-deva-extra" / "chandas1-2.ttf",
    "kalimati": pagegen.FONT_DIR / "fonts-deva-extra" / "kalimati.ttf",
    "samanata": pagegen.FONT_DIR / "fonts-deva-extra" / "samanata.ttf",
}
TUNE_FONTS = ("noto-serif", "gargi", "lohit", "sarai")  # old-style: Gargi, Sarai; book-like: Noto Serif
HELD_OUT_FONTS = ("chandas", "kalimati", "samanata", "noto-sans")
KINDS = ("large", "cover", "dense", "table", "stamp")
TABLE_KINDS = ("table-hindi", "table-numeric", "table-partly", "table-merged")  # tests/tableshapes.py

# Report and book prose (no office phrases: the other generators have those).
PROSE = (
    "भारत एक विशाल देश है जिसमें अनेक भाषाएँ बोली जाती हैं।",
    "इस प्रतिवेदन में राज्य की सिंचाई परियोजनाओं की प्रगति का विवरण दिया गया है।",
    "गाँव के लोग खेती और पशुपालन से अपना जीवन यापन करते हैं।",
    "वर्षा कम होने के कारण इस वर्ष फसल का उत्पादन घट गया।",
    "सरकार ने किसानों की सहायता के लिए नई योजना आरंभ की है।",
    "विद्यालयों में बच्चों की संख्या पिछले वर्ष की तुलना में बढ़ी है।",
    "आयोग ने अपनी सिफारिशें संसद के समक्ष प्रस्तुत कीं।",
    "नदी के किनारे बसे नगरों में बाढ़ का खतरा बना रहता है।",
    "स्वास्थ्य केंद्रों में दवाइयों की पर्याप्त व्यवस्था की जानी चाहिए।",
    "पुस्तकालय में हिंदी और संस्कृत की पुरानी पुस्तकें सुरक्षित रखी गई हैं।",
    "समिति की बैठक में सभी सदस्यों ने अपने विचार रखे।",
    "इस अध्याय में जनसंख्या और साक्षरता के आंकड़े दिए गए हैं।",
    "महिलाओं की शिक्षा पर विशेष ध्यान देने की आवश्यकता है।",
    "पंचायत ने गाँव में पीने के पानी की समस्या पर विचार किया।",
    "न्यायालय ने इस विषय पर अपना निर्णय सुरक्षित रखा।",
    "लेखक ने अपने जीवन के अनुभवों को सरल भाषा में लिखा है।",
    "सड़कों के निर्माण से दूर के गाँव भी बाजार से जुड़ गए हैं।",
    "राज्य सरकार ने वन क्षेत्र बढ़ाने का लक्ष्य निर्धारित किया है।",
    "उद्योगों के विकास से लोगों को रोजगार के नए अवसर मिले हैं।",
    "इस कानून का उद्देश्य नागरिकों के अधिकारों की रक्षा करना है।",
    "मंत्रालय ने सभी विभागों से वार्षिक रिपोर्ट मांगी है।",
    "परिषद के अध्यक्ष ने कार्यक्रम का उद्घाटन किया।",
    "हमारे देश की संस्कृति बहुत प्राचीन और समृद्ध है।",
    "बिजली की आपूर्ति में सुधार के लिए नए केंद्र बनाए जा रहे हैं।",
)
COVER_TITLES = (
    ("भारत सरकार", "विधि आयोग", "दो सौ पचासवाँ प्रतिवेदन"),
    ("राजस्थान सरकार", "वार्षिक प्रतिवेदन", "कृषि विभाग"),
    ("लोक सभा सचिवालय", "प्राक्कलन समिति", "तीसरा प्रतिवेदन"),
    ("मध्य प्रदेश शासन", "आर्थिक सर्वेक्षण", "योजना विभाग"),
)
TABLE_HEAD = ("क्रम", "नाम", "जिला", "राशि", "दिनांक")
NAMES = ("रामलाल शर्मा", "सीता देवी", "मोहन सिंह", "गीता कुमारी", "सुरेश चंद्र", "कमला बाई", "राजेश वर्मा",
         "सुनीता यादव", "हरि प्रसाद", "शांति देवी")
DISTRICTS = ("जयपुर", "अजमेर", "उदयपुर", "कोटा", "बीकानेर", "जोधपुर", "भरतपुर", "सीकर")


@dataclass(frozen=True)
class ShapePage:
    kind: str
    font: str
    seed: int
    image: Image.Image  # upright, mode "L", 300 dpi
    text: str  # what a perfect reading gives (reading order, one line per line)


def _paragraphs(rng: np.random.Generator, n: int) -> list[str]:
    return [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:n]]


def _wrap(draw: ImageDraw.ImageDraw, font_path: Path, px: int, sentences: list[str], width: int) -> list[str]:
    """Greedy line breaking of the sentences as one paragraph, at the font's advance widths."""
    font = pagegen._font(str(font_path), px)
    lines: list[str] = []
    cur = ""
    for word in " ".join(sentences).split():
        trial = f"{cur} {word}".strip()
        if cur and font.getlength(trial) > width:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines


def _canvas(size: str = "A4", dpi: int = 300) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("L", pagegen._paper_px(size, dpi), 255)
    return img, ImageDraw.Draw(img)


def _text_block(draw: ImageDraw.ImageDraw, lines: list[str], font_path: Path, px: int, x0: int, y0: int,
                spacing: float = 1.6, centre: int | None = None) -> int:
    """Draw lines from baseline y0 down; returns the next baseline."""
    font = pagegen._font(str(font_path), px)
    y = y0
    for line in lines:
        x = centre - font.getlength(line) / 2 if centre is not None else x0
        draw.text((x, y), line, font=font, fill=0, anchor="ls")
        y += round(px * spacing)
    return y


def large_type(font: str, seed: int) -> ShapePage:
    """Hindi paragraphs in 24 pt type: few lines (5-9) on an A4 page."""
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    px = round(24 / 72 * 300)
    margin = 240
    lines = _wrap(draw, FONTS[font], px, _paragraphs(rng, int(rng.integers(3, 5))), img.width - 2 * margin)
    lines = lines[: int(rng.integers(5, 10))]
    _text_block(draw, lines, FONTS[font], px, margin, margin + px, spacing=1.7)
    return ShapePage("large", font, seed, img, "\n".join(lines))


def _emblem(draw: ImageDraw.ImageDraw, cx: int, cy: int, r: int, rng: np.random.Generator) -> None:
    """A crest: a wheel of spokes in a ring, on a pedestal, with a few curved strokes (lions' outline)."""
    w = max(3, r // 25)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=0, width=w)
    draw.ellipse((cx - r // 6, cy - r // 6, cx + r // 6, cy + r // 6), fill=0)
    for k in range(24):
        a = 2 * math.pi * k / 24
        draw.line((cx, cy, cx + 0.92 * r * math.cos(a), cy + 0.92 * r * math.sin(a)), fill=0, width=max(2, w // 2))
    top = cy - 2.2 * r
    for side in (-1, 1):  # two stylised figures above the wheel
        pts = [(cx + side * (0.1 + 0.9 * t) * r, top + r * (0.2 + 0.8 * math.sin(math.pi * t) ** 2)
                + rng.normal(0, r * 0.01)) for t in np.linspace(0, 1, 25)]
        draw.line(pts, fill=0, width=w)
        draw.arc((cx + side * 0.6 * r - r // 3, top, cx + side * 0.6 * r + r // 3, top + r // 1.5), 180, 360, fill=0, width=w)
    draw.rectangle((cx - 1.3 * r, cy + 1.1 * r, cx + 1.3 * r, cy + 1.35 * r), fill=0)


def cover(font: str, seed: int) -> ShapePage:
    """A sparse report cover: emblem, three short centred lines, the year."""
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    cx = img.width // 2
    r = int(rng.integers(150, 260))
    _emblem(draw, cx, 700 + 2 * r // 3, r, rng)
    titles = list(COVER_TITLES[int(rng.integers(len(COVER_TITLES)))])
    year = str(int(rng.integers(1985, 2024)))
    lines = [*titles, year]
    y = 700 + 2 * r + int(rng.integers(250, 500))
    for i, line in enumerate(lines):
        px = round(float(rng.choice((20, 24, 28)) if i < 3 else 18) / 72 * 300)
        y = _text_block(draw, [line], FONTS[font], px, 0, y, spacing=2.2 if i < 2 else 3.5, centre=cx)
    return ShapePage("cover", font, seed, img, "\n".join(lines))


def dense(font: str, seed: int) -> ShapePage:
    """A book-like page of pure Devanagari prose, 11-12 pt, about 35 lines, nothing Latin."""
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    px = round(float(rng.choice((11, 12))) / 72 * 300)
    margin = 230
    sentences = [PROSE[int(i)] for i in rng.integers(0, len(PROSE), 40)]
    lines = _wrap(draw, FONTS[font], px, sentences, img.width - 2 * margin)[:36]
    _text_block(draw, lines, FONTS[font], px, margin, margin + px, spacing=1.45)
    return ShapePage("dense", font, seed, img, "\n".join(lines))


def table(font: str, seed: int) -> ShapePage:
    """A title line and a ruled table of 18-24 rows (serial, name, district, amount, date)."""
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    px = round(11 / 72 * 300)
    title = "जिलेवार स्वीकृत राशि का विवरण"
    _text_block(draw, [title], FONTS[font], round(16 / 72 * 300), 0, 330, centre=img.width // 2)
    cols = [200, 380, 1050, 1500, 1900, 2300]
    row_h = round(px * 2.0)
    rows = [list(TABLE_HEAD)]
    for i in range(int(rng.integers(18, 25))):
        rows.append([str(i + 1), NAMES[int(rng.integers(len(NAMES)))], DISTRICTS[int(rng.integers(len(DISTRICTS)))],
                     str(int(rng.integers(1000, 99999))),
                     f"{int(rng.integers(1, 29)):02d}.{int(rng.integers(1, 13)):02d}.{int(rng.integers(2005, 2024))}"])
    y0 = 430
    font_obj = pagegen._font(str(FONTS[font]), px)
    for r, row in enumerate(rows):
        top = y0 + r * row_h
        for c, cell in enumerate(row):
            draw.text((cols[c] + 25, top + int(row_h * 0.72)), cell, font=font_obj, fill=0, anchor="ls")
    bottom = y0 + len(rows) * row_h
    for r in range(len(rows) + 1):
        draw.line((cols[0], y0 + r * row_h, cols[-1], y0 + r * row_h), fill=0, width=4)
    for x in cols:
        draw.line((x, y0, x, bottom), fill=0, width=4)
    return ShapePage("table", font, seed, img, "\n".join([title, *(" ".join(row) for row in rows)]))


def _stamp(img: Image.Image, cx: int, cy: int, r: int, font: str) -> None:
    """A round office stamp: two rings, text along the ring, a short line across the middle."""
    draw = ImageDraw.Draw(img)
    grey = 70
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=grey, width=8)
    draw.ellipse((cx - int(0.7 * r), cy - int(0.7 * r), cx + int(0.7 * r), cy + int(0.7 * r)), outline=grey, width=5)
    f = pagegen._font(str(FONTS[font]), round(0.17 * r))
    ring = "कार्यालय जिला कलेक्टर जयपुर राजस्थान"
    for k, ch in enumerate(ring):
        a = math.pi * (0.9 + 1.2 * k / len(ring))
        tile = Image.new("L", (round(0.3 * r), round(0.3 * r)), 0)
        ImageDraw.Draw(tile).text((tile.width / 2, tile.height / 2), ch, font=f, fill=255, anchor="mm")
        tile = tile.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        x, y = cx + 0.85 * r * math.cos(a), cy + 0.85 * r * math.sin(a)
        img.paste(grey, (round(x - tile.width / 2), round(y - tile.height / 2)), tile)
    draw.text((cx, cy), "प्रमाणित", font=f, fill=grey, anchor="mm")


def _signature(draw: ImageDraw.ImageDraw, x: int, y: int, rng: np.random.Generator) -> None:
    t = np.linspace(0, 1, 200)
    loops = int(rng.integers(3, 6))
    xs = x + 520 * t + 40 * np.sin(2 * math.pi * loops * t + rng.random())
    ys = y - 70 * np.abs(np.sin(math.pi * loops * t)) * (1 - t) + 25 * np.sin(9 * t)
    draw.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=20, width=5)
    draw.line((x - 20, y + 30, x + 560, y + 10), fill=20, width=4)


def stamp(font: str, seed: int) -> ShapePage:
    """A short Hindi letter (10-14 lines, 12 pt) with a round stamp and a signature at the foot."""
    rng = np.random.default_rng(seed)
    lines = [pagegen.HINDI_LINES[int(i)] for i in rng.permutation(len(pagegen.HINDI_LINES))[: int(rng.integers(8, 12))]]
    lines += _paragraphs(rng, 3)
    img = pagegen.render_lines(lines, font=FONTS[font], size="A4", font_pt=12)
    draw = ImageDraw.Draw(img)
    _signature(draw, 1500, 2750, rng)
    _stamp(img, 900, 2800, int(rng.integers(180, 240)), font)
    return ShapePage("stamp", font, seed, img, "\n".join(lines))


def figures(font: str, seed: int) -> ShapePage:
    """A statement of figures under a short Hindi heading: numbered rows of an account number, a date
    and an amount, no rules. Almost every word is a number (found by the lead's probe, 2026-12-06: the
    list numbers read down the page as one word on end outvoted the two Hindi words)."""
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    px = round(10 / 72 * 300)
    lines = [f"वर्ष {2000 + int(rng.integers(5, 24))} की प्रगति"]
    for i in range(int(rng.integers(16, 24))):
        day, month, year = int(rng.integers(1, 29)), int(rng.integers(1, 13)), int(rng.integers(2005, 2024))
        lines.append(f"{i + 1}.   {int(rng.integers(1000, 99999))}   {day:02d}/{month:02d}/{year}   "
                     f"{int(rng.integers(10, 999))}.{int(rng.integers(0, 100)):02d}")
    _text_block(draw, lines, FONTS[font], px, 300, 300 + px, spacing=1.7)
    return ShapePage("figures", font, seed, img, "\n".join(lines))


BUILDERS = {"large": large_type, "cover": cover, "dense": dense, "table": table, "stamp": stamp, "figures": figures}


def make(kind: str, font: str, seed: int, *, letterpress: bool = False) -> ShapePage:
    """One upright page; ``letterpress``: old-print damage (ink spread, broken strokes, grey paper, noise)."""
    if kind in BUILDERS:
        page = BUILDERS[kind](font, seed)
    else:  # more table shapes, text on rules (modules of their own: they build on this one)
        from tests import ruledshapes, tableshapes

        page = {**tableshapes.BUILDERS, **ruledshapes.BUILDERS}[kind](font, seed)
    if letterpress:
        return ShapePage(kind, font, seed, _letterpress(page.image, seed), page.text)
    return page


def _letterpress(img: Image.Image, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed + 7919)
    a = np.asarray(img.filter(ImageFilter.GaussianBlur(1.2)), dtype=np.float32)
    a = np.where(a < 150 + rng.normal(0, 25, a.shape), 30.0, 225.0)  # uneven inking: spread and breaks
    a = a + rng.normal(0, 12, a.shape)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L").filter(ImageFilter.GaussianBlur(0.6))
    out.info["dpi"] = (300, 300)
    return out


def turned(page: ShapePage, rotate: int, *, skew: float = 0.0, noise: float = 3.0) -> np.ndarray:
    """The page turned ``rotate`` degrees clockwise (pagegen.degrade's convention), as uint8."""
    return np.asarray(pagegen.degrade(page.image, seed=page.seed, rotate=rotate, skew=skew, noise=noise))


# Geometry (issue 17, "do no harm" for crop and deskew; docs/adr/0027-*): pages a crop or a deskew could hurt.
MASTHEAD = "भारत सरकार विधि आयोग"


def scanned(page: ShapePage, *, skew: float = 0.0, border: int = 0, noise: float = 3.0) -> np.ndarray:
    """The upright page skewed ``skew`` degrees (counter-clockwise) with a dark scanner border, as uint8."""
    return np.asarray(pagegen.degrade(page.image, seed=page.seed, skew=skew, border=border, noise=noise))


def edge_reaching(page: ShapePage, border: int = 60, skew: float = 0.0) -> np.ndarray:
    """The page (skewed ``skew`` degrees) cut to its ink at the left and top (a tight photocopy: the text
    runs to the edge), then laid on a dark scanner lid that shows on those two sides. A crop must take
    the lid and no text."""
    a = np.asarray(pagegen.degrade(page.image, seed=page.seed, skew=skew) if skew else page.image)
    rows, cols = np.nonzero((a < 128).any(axis=1))[0], np.nonzero((a < 128).any(axis=0))[0]
    tight = a[max(0, int(rows[0]) - 4) :, max(0, int(cols[0]) - 4) :]
    out = np.full((tight.shape[0] + border, tight.shape[1] + border), 25, np.uint8)
    out[border:, border:] = tight
    noisy = out.astype(np.float32) + np.random.default_rng(page.seed).normal(0, 3.0, out.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def masthead(page: ShapePage, height: int = 200) -> tuple[np.ndarray, str]:
    """The page with a reverse-printed masthead: a black band across the top edge, the heading in white
    inside it. Its rows are as dark as a scanner border; cutting them loses the heading. (image, text)."""
    img = page.image.copy()
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, img.width, height), fill=15)
    font = pagegen._font(str(FONTS[page.font]), round(0.5 * height))
    draw.text((img.width / 2, height / 2), MASTHEAD, font=font, fill=250, anchor="mm")
    a = np.asarray(img).astype(np.float32) + np.random.default_rng(page.seed).normal(0, 3.0, (img.height, img.width))
    return np.clip(a, 0, 255).astype(np.uint8), f"{MASTHEAD}\n{page.text}"
