"""Grey pages with dots or fine texture that are not dithered scans, and dithered scans in the containers
real files hold them in (issue 17; docs/adr/0045-*): written 2026-12-07 before any measure was tried on
them, for bench/ocr_descreen.py and tests/ocr/test_descreen_grey.py.

Grey pages (``make(kind, font, seed)``, upright, "L", as scanned: noise, a little blur, sometimes JPEG or 200 dpi):
- ``halftone``: a newsletter page with two or three halftone photographs (a clustered-dot screen of 65-133 lpi at
  45 degrees, as offset presses and copiers print photos) beside and between text columns;
- ``speckle``: a photocopy dusted with toner specks (1-3 px clusters, 0.3-2 % of the page) and a grey cast;
- ``guilloche``: a stamp paper or certificate: a fine wavy-line security pattern printed light over the whole
  sheet, text over it.

Dithered scans (``dithered(font, seed, paper, dpi, size)``): a letter on paper of grey ``paper`` scanned 1-bit by
error diffusion at ``dpi``; ``contained(img, dpi, container)`` writes it as a file of the kind real offices send
(a 1-bit PDF, a JPEG, a PNG). Nothing binary is committed.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from tests import pagegen
from tests.pageshapes import FONTS, PROSE, ShapePage, _canvas, _text_block, _wrap

KINDS = ("halftone", "speckle", "guilloche")
TUNE_FONTS = ("gargi", "lohit")
HELD_OUT_FONTS = ("kalimati", "samanata")


def _pt(pt: float) -> int:
    return round(pt / 72 * 300)


def _photo(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A smooth 'photograph' (0 white .. 1 black): a few soft blobs and a gradient."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    tone = 0.2 + 0.4 * xx / w
    for _ in range(int(rng.integers(3, 7))):
        cy, cx, r = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(0.1, 0.4) * min(h, w)
        tone += float(rng.uniform(-0.5, 0.6)) * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r))
    return np.clip(tone, 0.02, 0.95)


def _halftone(tone: np.ndarray, lpi: float, angle: float = 45.0) -> np.ndarray:
    """A clustered-dot screen of ``tone`` at ``lpi`` (300 dpi): True where ink."""
    h, w = tone.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = np.deg2rad(angle)
    u, v = (xx * np.cos(t) + yy * np.sin(t)) * lpi / 300, (-xx * np.sin(t) + yy * np.cos(t)) * lpi / 300
    d = np.hypot(u - np.round(u), v - np.round(v))
    return d < np.sqrt(tone / np.pi)


def halftone(font: str, seed: int) -> tuple[Image.Image, str]:
    rng = np.random.default_rng(seed)
    img, draw = _canvas()
    px = _pt(float(rng.choice((10, 11, 12))))
    title = "जिला समाचार पत्रिका"
    _text_block(draw, [title], FONTS[font], _pt(22), 0, 330, centre=img.width // 2)
    a = np.asarray(img).copy()
    lpi = float(rng.choice((65, 85, 100, 133)))
    boxes = [(200, 450, 200 + int(rng.integers(900, 1300)), 450 + int(rng.integers(700, 1000)))]
    boxes.append((1300, 1700, 2280, 1700 + int(rng.integers(600, 900))))
    if rng.random() < 0.5:
        boxes.append((200, 2600, 1100, 3250))
    for x0, y0, x1, y1 in boxes:
        a[y0:y1, x0:x1][_halftone(_photo(rng, y1 - y0, x1 - x0), lpi)] = 20
    img = Image.fromarray(a)
    draw = ImageDraw.Draw(img)
    lines = [title]
    x_text, width = boxes[0][2] + 60, img.width - boxes[0][2] - 260
    col = _wrap(draw, FONTS[font], px, [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:5]], width)
    y = _text_block(draw, col[:12], FONTS[font], px, x_text, 520, spacing=1.5)
    lines += col[:12]
    low = _wrap(draw, FONTS[font], px, [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:6]], 1000)
    _text_block(draw, low[:14], FONTS[font], px, 200, max(y, boxes[0][3]) + 120, spacing=1.5)
    lines += low[:14]
    return img, "\n".join(lines)


def _letter(font: str, rng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    img, draw = _canvas()
    px = _pt(float(rng.choice((11, 12, 13))))
    lines = pagegen.office_lines(int(rng.integers(1 << 20)), n=5, english_share=0.25)
    lines += _wrap(draw, FONTS[font], px, [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:12]], img.width - 500)
    _text_block(draw, lines, FONTS[font], px, 250, 400, spacing=1.6)
    return img, lines


def speckle(font: str, seed: int) -> tuple[Image.Image, str]:
    rng = np.random.default_rng(seed)
    img, lines = _letter(font, rng)
    a = np.asarray(img, np.float32) - float(rng.uniform(10, 35))  # the copier's grey cast
    n = int(a.size * float(rng.uniform(0.003, 0.02)) / 4)
    ys, xs = rng.integers(0, a.shape[0] - 3, n), rng.integers(0, a.shape[1] - 3, n)
    for size in (1, 2, 3):
        pick = rng.random(n) < (0.5, 0.35, 0.15)[size - 1]
        for dy in range(size):
            for dx in range(size):
                a[ys[pick] + dy, xs[pick] + dx] = rng.uniform(10, 80, int(pick.sum()))
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)), "\n".join(lines)


def guilloche(font: str, seed: int) -> tuple[Image.Image, str]:
    rng = np.random.default_rng(seed)
    img, lines = _letter(font, rng)
    h, w = img.height, img.width
    pattern = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(pattern)
    xs = np.arange(0, w, 4, dtype=np.float32)
    gap, amp, period = float(rng.uniform(10, 18)), float(rng.uniform(6, 14)), float(rng.uniform(60, 140))
    for k, y0 in enumerate(np.arange(0, h, gap)):
        ys = y0 + amp * np.sin(2 * np.pi * xs / period + 0.4 * k)
        draw.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=int(rng.integers(150, 200)), width=1)
    a = np.minimum(np.asarray(img), np.asarray(pattern))
    return Image.fromarray(a), "\n".join(lines)


BUILDERS = {"halftone": halftone, "speckle": speckle, "guilloche": guilloche}


def make(kind: str, font: str, seed: int) -> ShapePage:
    """One grey page of ``kind``, as scanned (noise, blur, sometimes JPEG or 200 dpi; dpi in ``image.info``)."""
    img, text = BUILDERS[kind](font, seed)
    rng = np.random.default_rng([seed, KINDS.index(kind), 7])
    out = pagegen.degrade(img, seed=seed, noise=float(rng.uniform(3, 8)), blur=float(rng.choice((0.0, 0.6, 0.9))),
                          jpeg_quality=(None, 50, 75)[int(rng.integers(3))]).convert("L")
    dpi = 200 if rng.random() < 0.3 else 300
    if dpi != 300:
        out = out.resize((round(out.width * dpi / 300), round(out.height * dpi / 300)), Image.Resampling.LANCZOS)
    out.info["dpi"] = (dpi, dpi)
    return ShapePage(kind, font, seed, out, text)


def dithered(font: str, seed: int, *, paper: float = 190, dpi: int = 300, size: str = "A4",
             font_pt: float = 11) -> tuple[Image.Image, str]:
    """A letter on paper of grey ``paper``, scanned 1-bit with error diffusion (Floyd-Steinberg) at ``dpi``."""
    rng = np.random.default_rng(seed)
    lines = pagegen.office_lines(seed, n=8 if size == "A5" else 12, english_share=0.3)
    if size == "A4":
        draw = ImageDraw.Draw(Image.new("L", (8, 8)))
        lines += _wrap(draw, FONTS[font], round(font_pt / 72 * 300),
                       [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:14]], 2480 - 500)
    page = pagegen.render_lines(lines, font=FONTS[font], size=size, font_pt=font_pt, dpi=dpi)
    ink = 1 - np.asarray(page, np.float32) / 255
    a = paper * (1 - ink) + 35 * ink + rng.normal(0, 4, ink.shape)
    grey = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    return grey.convert("1"), "\n".join(lines)


def contained(img: Image.Image, dpi: int, container: str) -> tuple[bytes, str]:
    """(file bytes, suffix): the 1-bit page as a PDF (CCITT G4, as scanners write it), a JPEG ("jpeg75") or a PNG."""
    buf = io.BytesIO()
    if container == "pdf":
        img.save(buf, "PDF", resolution=dpi)
        return buf.getvalue(), ".pdf"
    if container.startswith("jpeg"):
        img.convert("L").save(buf, "JPEG", quality=int(container[4:] or 75), dpi=(dpi, dpi))
        return buf.getvalue(), ".jpg"
    img.save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue(), ".png"
