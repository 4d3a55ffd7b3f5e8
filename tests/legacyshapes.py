"""Legacy printing and paper of district-office almirahs that no earlier bench imitates (issue 17,
"generalise"): written 2026-12-07 before any reading of them, for bench/ocr_legacy_probe.py.

Kinds (each a page as the scanner sees it, upright; ``scan(page, turn)`` turns it):
- ``dotmatrix-en``: a 9-pin dot-matrix file register in English (characters made of visible dots, a
  faint worn ribbon whose top pins print lighter) on green-bar fanfold paper with tractor-feed hole
  strips at both edges (the scanner's dark lid shows through the holes), a Hindi heading;
- ``dotmatrix-hi``: a 24-pin printout of a Hindi land record (khatauni-like columns: account, holder and
  father, village, plots, area), its rules printed as rows of dots, tractor strips at both edges;
- ``cyclostyle``: a stencil-duplicated circular: uneven ink with faint patches, blotches, spread strokes
  with small counters filled, a slight smear along the drum's turn, off-white paper;
- ``typewriter``: a Hindi typewritten letter: each key struck on its own (akshara by akshara), darkness
  uneven from strike to strike, characters off the line by 1-2 px, a few overstruck, a worn ribbon;
- ``aged``: a printed letter on yellowed paper gone brown at the edges, with foxing spots, an old
  tape mark and a water stain (tide line);
- ``greennote``: a typed note on green note-sheet paper with a printed margin rule;
- ``dither``: a letter on grey paper scanned 1-bit with error diffusion (the paper becomes a field of dots);
- ``jpeg25``: a colour scan at 200 dpi saved as JPEG quality 25.

Deterministic for a given seed. Fonts: tests/freshshapes.py's (Debian packages). Nothing binary is
committed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from tests import pagegen
from tests.captureshapes import scan  # noqa: F401 - a page fed the wrong way: turned, its dpi kept
from tests.freshshapes import FONTS, LATIN
from tests.pageshapes import NAMES, PROSE, _wrap

KINDS = ("dotmatrix-en", "dotmatrix-hi", "cyclostyle", "typewriter", "aged", "greennote", "dither", "jpeg25")
TUNE_FONTS = ("gargi", "lohit", "noto-serif")  # what fixes are made and tested on
HELD_OUT_FONTS = ("samanata",)  # never looked at while fixing: reported apart
MONO = LATIN["mono"]
VILLAGES = ("रामपुरा", "सिरसी", "भोजपुर", "कालवाड़", "बस्सी", "चाकसू")
SUBJECTS = ("Pension case", "Land acquisition", "Court case", "Audit para", "Transfer order", "Leave application",
            "Budget estimate", "Arms licence", "Ration card", "Mutation entry")
OFFICERS = ("DC", "ADM", "SDO", "Tehsildar", "Naib Tehsildar", "OSD")


@dataclass(frozen=True)
class Legacy:
    kind: str
    font: str
    seed: int
    image: Image.Image  # upright as scanned: "L", "RGB" or "1"
    dpi: int
    text: str  # what a perfect reading gives


def _prose(rng: np.random.Generator, n: int) -> list[str]:
    return [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:n]]


def letter_lines(font: str, seed: int, *, px: int, width: int, prose: int = 10) -> list[str]:
    """An office letter's lines: office lines (a quarter English), then a paragraph of prose."""
    rng = np.random.default_rng(seed)
    lines = pagegen.office_lines(seed, n=6, english_share=0.25)
    draw = ImageDraw.Draw(Image.new("L", (10, 10)))
    return lines + _wrap(draw, FONTS[font], px, _prose(rng, prose), width)


def printed(font: str, seed: int, *, font_pt: float = 13, prose: int = 12) -> tuple[np.ndarray, str]:
    """An upright printed letter: ink darkness 0..1 (float32, A4 300 dpi) and its text."""
    px = round(font_pt / 72 * 300)
    lines = letter_lines(font, seed, px=px, width=2480 - 2 * 213 - px, prose=prose)
    img = pagegen.render_lines(lines, font=FONTS[font], font_pt=font_pt, line_spacing=1.7)
    return 1 - np.asarray(img, np.float32) / 255, "\n".join(lines)


def _compose(paper: np.ndarray, ink: np.ndarray, colour: tuple[int, int, int]) -> np.ndarray:
    """Ink of darkness ``ink`` (0..1) in ``colour`` over an RGB ``paper``."""
    a = np.clip(ink, 0, 1)[..., None]
    return paper * (1 - a) + np.array(colour, np.float32) * a


def _field(rng: np.random.Generator, shape: tuple[int, int], cell: int) -> np.ndarray:
    """Smooth noise (mean 0, sd ~1) varying over ``cell`` pixels."""
    small = rng.standard_normal((max(2, shape[0] // cell), max(2, shape[1] // cell))).astype(np.float32)
    return cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)


def _rgb_image(a: np.ndarray, rng: np.random.Generator, noise: float = 3.0) -> Image.Image:
    a = a + rng.normal(0, noise, a.shape).astype(np.float32)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")


# --- dot matrix -----------------------------------------------------------------------------------

def _dot_print(ink: np.ndarray, rng: np.random.Generator, pitch: tuple[float, float], dot: float,
               pins: int, strength: float) -> np.ndarray:
    """``ink`` (0..1, 300 dpi) printed by a dot-matrix head: sampled on the pin grid (``pitch`` px
    across, down), each dot a disc of ``dot`` px, darker or lighter with the ribbon: worn bands along
    the line, the top pins of each pass lighter, a little per dot."""
    h, w = ink.shape
    gw, gh = int(w / pitch[0]), int(h / pitch[1])
    grid = cv2.resize(ink, (gw, gh), interpolation=cv2.INTER_AREA) > 0.42
    gy, gx = np.nonzero(grid)
    wear = 1 + 0.18 * _field(rng, (1, gw), 60)[0]  # the ribbon wears unevenly along the line
    pin = (gy % pins) / max(pins - 1, 1)
    dark = strength * wear[gx] * (0.8 + 0.2 * pin) * rng.uniform(0.8, 1.0, gy.size)
    imp = np.zeros((h, w), np.float32)
    ys = np.clip(np.round((gy + 0.5) * pitch[1]).astype(int), 0, h - 1)
    xs = np.clip(np.round((gx + 0.5) * pitch[0]).astype(int), 0, w - 1)
    np.maximum.at(imp, (ys, xs), dark.astype(np.float32))
    r = dot / 2
    k = int(np.ceil(r)) * 2 + 1
    yy, xx = np.mgrid[:k, :k] - k // 2
    disc = np.clip(r + 0.5 - np.hypot(yy, xx), 0, 1).astype(np.float32)
    return 1 - np.exp(-1.6 * cv2.filter2D(imp, -1, disc))  # overlapping dots print darker


def _fanfold(rng: np.random.Generator, shape: tuple[int, int], green_bar: bool) -> np.ndarray:
    """Fanfold paper (RGB): tractor strips at both edges (holes every 1/2 inch, the dark lid seen through
    them, a perforation line), green bars every 1/2 inch between the strips when ``green_bar``."""
    h, w = shape
    paper = np.empty((h, w, 3), np.float32)
    paper[:] = (247, 246, 240)
    strip = 150
    if green_bar:
        band = ((np.arange(h) + int(rng.integers(0, 300))) // 150) % 2 == 0
        paper[band, strip:w - strip] = (214, 236, 214)
    holes = np.zeros((h, w), np.uint8)
    y0 = int(rng.integers(20, 150))
    for y in range(y0, h, 150):
        for x in (75, w - 75):
            cv2.circle(holes, (x + int(rng.integers(-2, 3)), y), 23, 1, -1)
    paper[holes > 0] = (32, 32, 32)
    for x in (strip, w - strip):  # perforation: short cuts
        for y in range(0, h, 24):
            paper[y:y + 12, x - 1:x + 1] = (150, 150, 150)
    return paper


def _cells(draw: ImageDraw.ImageDraw, y: int, cells: list[tuple[int, str]], fonts: tuple[Path, Path], px: int) -> None:
    for x, cell in cells:
        xx: float = x
        for text, path in pagegen._runs(cell, str(fonts[0]), str(fonts[1])):
            f = pagegen._font(path, px)
            draw.text((xx, y), text, font=f, fill=255, anchor="ls")
            xx += f.getlength(text)


def dotmatrix_en(font: str, seed: int) -> Legacy:
    """A 9-pin English file register on green-bar paper (9.5 x 11 inch fanfold), a Hindi heading."""
    rng = np.random.default_rng(seed)
    h, w = 3300, 2850
    layer = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(layer)
    px = 40  # pica on a 9-pin head: capitals ~7 pins high
    mono = LATIN["mono"]
    head = ["कार्यालय जिला कलेक्टर", "FILE MOVEMENT REGISTER  YEAR " + str(int(rng.integers(1986, 2001)))]
    lines = list(head)
    y = 260
    for line in head:
        _cells(draw, y, [(260, line)], (FONTS[font], mono), 42 if line == head[0] else px)
        y += 75
    cols = [260, 420, 900, 1620, 2050, 2420]
    heads = ["S.No", "File No.", "Subject", "Received", "Dealt by", "Remarks"]
    _cells(draw, y, list(zip(cols, heads, strict=True)), (mono, mono), px)
    lines.append(" ".join(heads))
    draw.line((260, y + 18, 2600, y + 18), fill=255, width=3)
    y += 75
    for i in range(int(rng.integers(24, 32))):
        row = [str(i + 1), f"{int(rng.integers(1, 60))}/{int(rng.integers(100, 999))}/{int(rng.integers(86, 99))}",
               str(SUBJECTS[int(rng.integers(len(SUBJECTS)))]),
               f"{int(rng.integers(1, 29)):02d}.{int(rng.integers(1, 13)):02d}.{int(rng.integers(1986, 2001))}",
               str(OFFICERS[int(rng.integers(len(OFFICERS)))]), "Put up" if rng.random() < 0.4 else "Filed"]
        _cells(draw, y, list(zip(cols, row, strict=True)), (mono, mono), px)
        lines.append(" ".join(row))
        y += 86
    ink = _dot_print(np.asarray(layer, np.float32) / 255, rng, (4.2, 4.17), 4.0, 9, rng.uniform(0.55, 0.75))
    page = _compose(_fanfold(rng, (h, w), True), ink, (45, 45, 60))
    return Legacy("dotmatrix-en", font, seed, _rgb_image(page, rng), 300, "\n".join(lines))


def dotmatrix_hi(font: str, seed: int) -> Legacy:
    """A 24-pin printout of a Hindi land record (khatauni-like), rules printed as rows of dots."""
    rng = np.random.default_rng(seed)
    h, w = 3300, 2850
    layer = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(layer)
    px = 40
    v = VILLAGES[int(rng.integers(len(VILLAGES)))]
    head = ["उद्धरण खतौनी", f"ग्राम {v} तहसील {VILLAGES[int(rng.integers(len(VILLAGES)))]} फसली वर्ष "
            f"{int(rng.integers(1395, 1410))}"]
    y = 280
    for line in head:
        _cells(draw, y, [(260, line)], (FONTS[font], MONO), 52 if line == head[0] else px)
        y += 90
    cols = [260, 500, 1350, 1800, 2200, 2600]
    heads = ["खाता", "खातेदार का नाम", "खसरा संख्या", "क्षेत्रफल", "लगान"]
    lines = [*head, " ".join(heads)]
    draw.line((240, y - 70, 2600, y - 70), fill=255, width=3)
    _cells(draw, y, list(zip(cols, heads, strict=False)), (FONTS[font], MONO), px)
    draw.line((240, y + 30, 2600, y + 30), fill=255, width=3)
    y += 100
    top = y - 170
    for _ in range(int(rng.integers(12, 17))):
        row = [str(int(rng.integers(10, 400))), f"{NAMES[int(rng.integers(len(NAMES)))]}",
               f"{int(rng.integers(1, 900))}/{int(rng.integers(1, 9))}", f"{rng.uniform(0.05, 3):.3f}",
               f"{int(rng.integers(5, 300))}.{int(rng.integers(0, 100)):02d}"]
        _cells(draw, y, list(zip(cols, row, strict=False)), (FONTS[font], MONO), px)
        lines.append(" ".join(row))
        y += 110
    draw.line((240, y - 40, 2600, y - 40), fill=255, width=3)
    for x in (*[c - 25 for c in cols[:5]], 2600):
        draw.line((x, top, x, y - 40), fill=255, width=3)
    ink = _dot_print(np.asarray(layer, np.float32) / 255, rng, (2.5, 1.667), 2.3, 24, rng.uniform(0.6, 0.8))
    page = _compose(_fanfold(rng, (h, w), False), ink, (40, 40, 55))
    return Legacy("dotmatrix-hi", font, seed, _rgb_image(page, rng), 300, "\n".join(lines))


# --- duplicator, typewriter ---------------------------------------------------------------------

def cyclostyle(font: str, seed: int) -> Legacy:
    rng = np.random.default_rng(seed)
    ink, text = printed(font, seed, font_pt=13, prose=10)
    h, w = ink.shape
    heavy = _field(rng, (h, w), 300)
    spread = cv2.GaussianBlur(ink, (0, 0), 1.3)
    closed = cv2.morphologyEx(spread, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))
    a = np.where(heavy > 0.5, closed, spread)  # where the stencil took much ink, small counters fill
    a = np.clip((a - 0.25) * 2.2, 0, 1)
    a *= np.clip(0.78 + 0.3 * _field(rng, (h, w), 180) + 0.08 * _field(rng, (h, w), 12), 0.25, 1)  # uneven ink
    smear = cv2.filter2D(a, -1, np.full((1, 9), 1 / 9, np.float32))
    a = np.maximum(a, 0.35 * smear)
    blots = np.zeros((h, w), np.float32)
    for _ in range(int(rng.integers(6, 14))):
        cv2.ellipse(blots, (int(rng.integers(0, w)), int(rng.integers(0, h))),
                    (int(rng.integers(5, 40)), int(rng.integers(5, 30))), float(rng.uniform(0, 180)), 0, 360,
                    float(rng.uniform(0.3, 0.8)), -1)
    a = np.maximum(a, cv2.GaussianBlur(blots, (0, 0), 3))
    paper = np.empty((h, w, 3), np.float32)
    paper[:] = (238, 233, 214)
    paper += 4 * _field(rng, (h, w), 8)[..., None]
    return Legacy("cyclostyle", font, seed, _rgb_image(_compose(paper, a, (30, 30, 38)), rng), 300, text)


_SIGNS = set(range(0x0900, 0x0904)) | set(range(0x093A, 0x0950)) | set(range(0x0951, 0x0958)) | {0x0962, 0x0963}


def _aksharas(text: str) -> list[str]:
    """Type-key units: a letter with its signs, a consonant joined by a virama to the next one."""
    out: list[str] = []
    for ch in text:
        if out and (ord(ch) in _SIGNS or out[-1].endswith("\u094d")):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def typed(ink: np.ndarray, lines: list[str], font: Path, rng: np.random.Generator, *, px: int, x0: int,
          y0: int, step: int) -> None:
    """Type ``lines`` into ``ink`` (darkness 0..1) key by key: each strike off the line by up to 2 px,
    of its own darkness, through a worn ribbon; a few keys struck twice."""
    for i, line in enumerate(lines):
        x: float = x0
        y = y0 + i * step
        for unit in _aksharas(line):
            path = str(font) if all(ord(c) in pagegen._cmap(str(font)) for c in unit) else str(MONO)
            f = pagegen._font(path, px)
            adv = f.getlength(unit)
            if not unit.isspace():
                l_, t, r, b = (int(v) for v in f.getbbox(unit, anchor="ls"))
                tile = Image.new("L", (r - l_ + 6, b - t + 6), 0)
                ImageDraw.Draw(tile).text((3 - l_, 3 - t), unit, font=f, fill=255, anchor="ls")
                alpha = np.asarray(tile, np.float32) / 255
                alpha *= np.clip(1 - 0.5 * rng.random(alpha.shape) ** 3, 0, 1)  # ribbon weave
                dark = rng.uniform(0.55, 1.0)
                for _ in range(1 + (rng.random() < 0.04)):  # an overstrike
                    dx, dy = int(rng.integers(-1, 2)), int(np.clip(np.round(rng.normal(0, 0.9)), -2, 2))
                    ty, tx = y + t - 3 + dy, int(x) + l_ - 3 + dx
                    th, tw = alpha.shape
                    if 0 <= ty and ty + th <= ink.shape[0] and 0 <= tx and tx + tw <= ink.shape[1]:
                        view = ink[ty:ty + th, tx:tx + tw]
                        np.maximum(view, dark * alpha, out=view)
            x += adv


def _typed_letter(font: str, seed: int, rng: np.random.Generator, *, prose: int) -> tuple[np.ndarray, str]:
    px = round(13 / 72 * 300)
    lines = letter_lines(font, seed, px=px, width=2480 - 2 * 230 - 2 * px, prose=prose)
    ink = np.zeros((3508, 2480), np.float32)
    typed(ink, lines, FONTS[font], rng, px=px, x0=230, y0=260, step=round(px * 1.9))
    return ink, "\n".join(lines)


def typewriter(font: str, seed: int) -> Legacy:
    rng = np.random.default_rng(seed)
    ink, text = _typed_letter(font, seed, rng, prose=10)
    a = 255 * (1 - 0.85 * cv2.GaussianBlur(ink, (0, 0), 0.6)) + rng.normal(0, 3, ink.shape)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    return Legacy("typewriter", font, seed, out, 300, text)


# --- paper ----------------------------------------------------------------------------------------

def aged(font: str, seed: int) -> Legacy:
    rng = np.random.default_rng(seed)
    ink, text = printed(font, seed)
    h, w = ink.shape
    paper = np.empty((h, w, 3), np.float32)
    paper[:] = (226, 206, 160)
    paper += (8 * _field(rng, (h, w), 400))[..., None]
    d = np.minimum.outer(np.minimum(np.arange(h), h - 1 - np.arange(h)), np.minimum(np.arange(w), w - 1 - np.arange(w)))
    edge = np.exp(-d / rng.uniform(60, 120)) * (0.7 + 0.3 * np.clip(_field(rng, (h, w), 50), -1, 1))
    paper *= (1 - 0.45 * edge.astype(np.float32))[..., None] * np.array((1.0, 0.93, 0.8), np.float32)
    spots = np.zeros((h, w), np.float32)
    for _ in range(int(rng.integers(40, 90))):  # foxing
        cv2.circle(spots, (int(rng.integers(0, w)), int(rng.integers(0, h))), int(rng.integers(2, 14)),
                   float(rng.uniform(0.25, 0.6)), -1)
    spots = cv2.GaussianBlur(spots, (0, 0), 2.5)
    paper = paper * (1 - spots[..., None]) + np.array((150, 95, 50), np.float32) * spots[..., None]
    stain = (_field(rng, (h, w), 500) > 1.0).astype(np.uint8)  # a water stain and its tide line
    tide = cv2.GaussianBlur((cv2.morphologyEx(stain, cv2.MORPH_GRADIENT, np.ones((9, 9), np.uint8))).astype(np.float32), (0, 0), 3)
    paper *= (1 - 0.06 * stain - 0.25 * tide)[..., None]
    tape = np.zeros((h, w), np.float32)  # old tape across the top edge
    tx = int(rng.integers(300, w - 700))
    cv2.fillPoly(tape, [np.int32([[tx, 0], [tx + 450, 0], [tx + 480, 160], [tx + 30, 160]])], 1.0)
    paper = paper * (1 - 0.35 * tape[..., None]) + np.array((190, 135, 55), np.float32) * 0.35 * tape[..., None]
    page = _compose(paper, 0.9 * ink, (45, 35, 30))
    return Legacy("aged", font, seed, _rgb_image(page, rng), 300, text)


def greennote(font: str, seed: int) -> Legacy:
    rng = np.random.default_rng(seed)
    ink, text = _typed_letter(font, seed, rng, prose=8)
    h, w = ink.shape
    paper = np.empty((h, w, 3), np.float32)
    paper[:] = (rng.uniform(196, 212), rng.uniform(224, 236), rng.uniform(192, 206))
    paper += (3 * _field(rng, (h, w), 6))[..., None]
    paper[:, 150:154] = (60, 120, 70)  # the printed margin rule
    page = _compose(paper, 0.85 * cv2.GaussianBlur(ink, (0, 0), 0.6), (35, 35, 50))
    return Legacy("greennote", font, seed, _rgb_image(page, rng), 300, text)


def dither(font: str, seed: int) -> Legacy:
    """Grey paper scanned 1-bit with error diffusion (Floyd-Steinberg)."""
    rng = np.random.default_rng(seed)
    ink, text = printed(font, seed)
    paper = rng.uniform(180, 200) + 6 * _field(rng, ink.shape, 300)
    a = paper * (1 - ink) + 35 * ink + rng.normal(0, 4, ink.shape)
    grey = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    return Legacy("dither", font, seed, grey.convert("1"), 300, text)


def jpeg25(font: str, seed: int) -> Legacy:
    """A colour scan at 200 dpi, JPEG quality 25."""
    rng = np.random.default_rng(seed)
    ink, text = printed(font, seed)
    paper = np.empty((*ink.shape, 3), np.float32)
    paper[:] = (242, 238, 228)
    page = _rgb_image(_compose(paper, ink, (25, 30, 70)), rng, noise=4)
    small = page.resize((round(page.width * 2 / 3), round(page.height * 2 / 3)), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=25)
    return Legacy("jpeg25", font, seed, Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), 200, text)


BUILDERS = {"dotmatrix-en": dotmatrix_en, "dotmatrix-hi": dotmatrix_hi, "cyclostyle": cyclostyle,
            "typewriter": typewriter, "aged": aged, "greennote": greennote, "dither": dither, "jpeg25": jpeg25}


def make(kind: str, font: str, seed: int) -> Legacy:
    return BUILDERS[kind](font, seed)
