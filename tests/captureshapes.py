"""Capture faults of real office scans and phone photos that no earlier bench has (issue 17,
"generalise"): written 2026-12-07 before any reading of them, for bench/ocr_capture_probe.py.

Each kind takes an ordinary Hindi office letter (office lines, some English, then a paragraph of
report prose; tests/pagegen.py, tests/pageshapes.py) and gives it one way of being captured badly:
- ``phone``: a phone photo of the page lying on a dark desk (the page ~75 % of the frame, keystone
  perspective, light falling off across the page and a soft shadow, JPEG, 72 dpi in the file);
- ``bleed``: the back of the sheet showing through (its text faint and mirrored) on yellowed paper;
- ``curl``: text lines bending near the binding (with its shadow) and a fold crease across the page;
- ``marks``: a violet rubber stamp and a blue handwritten note across the printed lines, a yellow
  highlighter stroke over one line;
- ``holes``: two punched holes and a staple at the edge, a dog-eared and a torn corner, all showing
  the scanner's dark lid;
- ``twoup``: two A5 pages scanned side by side on one A4 (landscape), each laid a little askew;
- ``lowres``: large type (16 pt) scanned at 120 dpi;
- ``copy2``: a photocopy of a photocopy (strokes thickened and broken, toner specks, grey paper).
``scan(page, turn)`` turns the capture (the sheet fed, or the phone held, the wrong way).

Deterministic for a given seed. Fonts: tests/pageshapes.py's (Debian packages). Nothing binary is
committed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from tests import pagegen
from tests.pageshapes import FONTS, PROSE, _signature, _stamp, _wrap

KINDS = ("phone", "bleed", "curl", "marks", "holes", "twoup", "lowres", "copy2")
TUNE_FONTS = ("noto-serif", "gargi", "lohit")  # what fixes are made and tested on
HELD_OUT_FONTS = ("kalimati",)  # never looked at while fixing: reported apart
PHONE_DPI = 72  # what a phone camera writes in its JPEG (ocr/rasterise.py takes it as absent: 300 assumed)


@dataclass(frozen=True)
class Capture:
    kind: str
    font: str
    seed: int
    image: Image.Image  # upright as captured: "L" or "RGB"
    dpi: int  # what the file says
    text: str  # what a perfect reading gives


def letter(font: str, seed: int, *, size: str = "A4", font_pt: float = 13, prose: int = 20) -> tuple[Image.Image, str]:
    """An upright office letter ("L", 300 dpi): office lines (some English), then a paragraph of prose."""
    rng = np.random.default_rng(seed)
    lines = pagegen.office_lines(seed, n=6, english_share=0.25)
    px = round(font_pt / 72 * 300)
    width = pagegen._paper_px(size, 300)[0] - 2 * round(18 / 25.4 * 300)
    draw = ImageDraw.Draw(Image.new("L", (10, 10)))
    lines += _wrap(draw, FONTS[font], px, [PROSE[int(i)] for i in rng.permutation(len(PROSE))[:prose]], width - px)
    img = pagegen.render_lines(lines, font=FONTS[font], size=size, font_pt=font_pt)
    return img, "\n".join(lines)


def _rgb(gray: np.ndarray, paper: tuple[int, int, int] = (255, 255, 255)) -> np.ndarray:
    """A grey page as RGB on paper of colour ``paper`` (ink stays dark)."""
    g = gray.astype(np.float32)[..., None] / 255.0
    return (g * np.array(paper, np.float32)).astype(np.float32)


def phone(font: str, seed: int) -> Capture:
    rng = np.random.default_rng(seed)
    img, text = letter(font, seed)
    page = _rgb(np.asarray(img), (246, 240, 228))
    fw, fh = 3000, 4000
    ph, pw = page.shape[:2]
    s = 0.78 * fh / ph
    cx, cy = fw / 2 + rng.uniform(-60, 60), fh / 2 + rng.uniform(-60, 60)
    hw, hh = pw * s / 2, ph * s / 2
    k = rng.uniform(0.03, 0.06) * hw  # keystone: the far (top) edge narrower
    dst = np.float32([[cx - hw + k, cy - hh], [cx + hw - k, cy - hh], [cx + hw, cy + hh], [cx - hw, cy + hh]])
    dst += rng.uniform(-25, 25, dst.shape).astype(np.float32)
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]]), dst)
    warped = cv2.warpPerspective(page, m, (fw, fh), flags=cv2.INTER_AREA, borderValue=(0, 0, 0))
    inside = cv2.warpPerspective(np.ones((ph, pw), np.float32), m, (fw, fh), flags=cv2.INTER_LINEAR)[..., None]
    desk = np.array((58, 44, 34), np.float32) * (1 + 0.15 * rng.standard_normal((fh // 8, fw // 8, 1))).astype(np.float32)
    desk = cv2.resize(desk, (fw, fh), interpolation=cv2.INTER_LINEAR)
    frame = warped * inside + desk * (1 - inside)
    ys, xs = np.mgrid[0:fh, 0:fw].astype(np.float32)
    lx, ly = rng.uniform(0, fw), rng.uniform(0, fh * 0.3)  # the lamp or window
    light = 1.0 - 0.35 * np.hypot(xs - lx, ys - ly) / np.hypot(fw, fh)
    sx, sy = rng.choice([0.15, 0.85]) * fw, 0.9 * fh  # the photographer's shadow from a lower corner
    light *= 1.0 - 0.3 * np.exp(-(((xs - sx) / (0.3 * fw)) ** 2 + ((ys - sy) / (0.25 * fh)) ** 2))
    frame = cv2.GaussianBlur(frame * light[..., None], (0, 0), 1.1) + rng.normal(0, 3, frame.shape)
    out = Image.fromarray(np.clip(frame, 0, 255).astype(np.uint8), "RGB")
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=72)
    return Capture("phone", font, seed, Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), PHONE_DPI, text)


def bleed(font: str, seed: int) -> Capture:
    img, text = letter(font, seed)
    back, _ = letter(font, seed + 500)
    through = cv2.GaussianBlur(255 - np.asarray(back, np.float32)[:, ::-1], (0, 0), 2.0)
    a = np.minimum(np.asarray(img, np.float32), 255 - 0.22 * through)
    out = Image.fromarray(a.astype(np.uint8), "L")
    out.info["dpi"] = (300, 300)
    return Capture("bleed", font, seed, pagegen.degrade(out, seed=seed, skew=0.4, noise=4, yellow=True), 300, text)


def curl(font: str, seed: int) -> Capture:
    rng = np.random.default_rng(seed)
    img, text = letter(font, seed)
    a = np.asarray(img, np.float32)
    h, w = a.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    near = np.clip((0.4 * w - xs) / (0.4 * w), 0, 1)  # the binding at the left edge
    lift = rng.uniform(45, 70) * near**2 * (ys - h / 2) / (h / 2)  # lines bend away from the middle
    fold = rng.uniform(0.35, 0.65) * h
    step = 4.0 * (ys > fold)  # the two halves of a folded sheet do not lie flat alike
    bent = cv2.remap(a, xs, (ys + lift + step).astype(np.float32), cv2.INTER_LINEAR, borderValue=255)
    shade = 1 - 0.45 * near**3  # the page falls away into the gutter's shadow
    crease = 1 - 0.25 * np.exp(-(((ys - fold) / 6) ** 2)) + 0.04 * np.exp(-(((ys - fold - 12) / 8) ** 2))
    out = Image.fromarray(np.clip(bent * shade * crease, 0, 255).astype(np.uint8), "L")
    out.info["dpi"] = (300, 300)
    return Capture("curl", font, seed, pagegen.degrade(out, seed=seed, noise=4, blur=0.5), 300, text)


def _ink_layer(draw_on: object, size: tuple[int, int]) -> np.ndarray:
    """Darkness 0..1 of what ``draw_on(layer)`` draws on a white "L" layer of ``size``."""
    layer = Image.new("L", size, 255)
    draw_on(layer)  # type: ignore[operator]
    return 1 - np.asarray(layer, np.float32) / 255


def marks(font: str, seed: int) -> Capture:
    rng = np.random.default_rng(seed)
    img, text = letter(font, seed)
    w, h = img.size
    page = _rgb(np.asarray(img))
    n = len(text.splitlines())
    px, top = round(13 / 72 * 300), round(18 / 25.4 * 300)
    y_line = top + px + round(px * 1.6) * int(rng.integers(2, max(3, n - 2)))  # a printed line's baseline
    band = slice(y_line - px, y_line + px // 3)
    page[band, 200 : w - int(rng.integers(300, 900))] *= np.array((1.0, 0.96, 0.45), np.float32)  # highlighter
    bottom = top + px + round(px * 1.6) * (n - 1)  # the last printed line's baseline
    cx, cy = int(rng.integers(w // 2, w - 450)), int(rng.integers(top + 4 * px, max(top + 5 * px, bottom - 2 * px)))
    stamp = _ink_layer(lambda lay: _stamp(lay, cx, cy, int(rng.integers(220, 280)), font), (w, h)) / (1 - 70 / 255)
    violet = np.array((110, 60, 175), np.float32)
    page = page * (1 - 0.8 * stamp[..., None]) + violet * 0.8 * stamp[..., None]
    pen_y = int(rng.integers(top + 3 * px, max(top + 4 * px, bottom - px)))
    pen = _ink_layer(lambda lay: _signature(ImageDraw.Draw(lay), int(rng.integers(300, 900)), pen_y, rng), (w, h))
    blue = np.array((25, 45, 150), np.float32)
    page = page * (1 - pen[..., None]) + blue * pen[..., None]
    out = Image.fromarray(np.clip(page + rng.normal(0, 3, page.shape), 0, 255).astype(np.uint8), "RGB")
    return Capture("marks", font, seed, out, 300, text)


def holes(font: str, seed: int) -> Capture:
    rng = np.random.default_rng(seed)
    img, text = letter(font, seed)
    w, h = img.size
    lid = 28
    draw = ImageDraw.Draw(img)
    r, x = 38, 140  # 6.5 mm holes, 12 mm in from the edge, 80 mm apart
    for y in (h // 2 - 472, h // 2 + 472):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=lid)
    sx = int(rng.integers(120, 260))
    draw.line((sx, 90, sx + 140, 60), fill=60, width=10)  # a staple and its shadow
    draw.line((sx + 4, 100, sx + 144, 70), fill=150, width=6)
    ear = int(rng.integers(150, 230))  # a dog-eared top right corner: the lid behind, the flap over the page
    draw.polygon([(w - ear, 0), (w, 0), (w, ear)], fill=lid)
    draw.polygon([(w - ear, 0), (w, ear), (w - ear, ear)], fill=228, outline=170)
    tear = [(0, h - int(rng.integers(200, 300)))] + [
        (int(x_), int(h - 250 + 250 * x_ / 260 + rng.integers(-25, 25))) for x_ in np.linspace(20, 260, 9)] + [(0, h)]
    draw.polygon(tear, fill=lid)  # a torn bottom left corner
    img.info["dpi"] = (300, 300)
    return Capture("holes", font, seed, pagegen.degrade(img, seed=seed, skew=0.3, noise=4, blur=0.5), 300, text)


def twoup(font: str, seed: int) -> Capture:
    rng = np.random.default_rng(seed)
    canvas = Image.new("L", pagegen._paper_px((297, 210), 300), 248)
    texts = []
    for i, x in enumerate((0, canvas.width // 2)):
        half, t = letter(font, seed + 31 * i, size="A5", font_pt=11, prose=8)
        half = half.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=255)
        canvas.paste(half.crop((0, 0, min(half.width, canvas.width // 2 - 20), canvas.height)), (x + 10, 0))
        texts.append(t)
    canvas.info["dpi"] = (300, 300)
    return Capture("twoup", font, seed, pagegen.degrade(canvas, seed=seed, noise=4, blur=0.5), 300, "\n".join(texts))


def lowres(font: str, seed: int) -> Capture:
    img, text = letter(font, seed, font_pt=16, prose=8)
    dpi = 120
    small = img.resize((img.width * dpi // 300, img.height * dpi // 300), Image.Resampling.LANCZOS)
    small.info["dpi"] = (dpi, dpi)
    return Capture("lowres", font, seed, pagegen.degrade(small, seed=seed, skew=0.5, noise=5), dpi, text)


def _photocopy(a: np.ndarray, rng: np.random.Generator, skew: float) -> np.ndarray:
    """One generation of photocopying: blurred, thresholded unevenly (strokes spread and break), the
    paper grey, toner specks."""
    h, w = a.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    a = cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    a = cv2.GaussianBlur(a, (0, 0), 1.6)
    level = 165 + cv2.resize(rng.normal(0, 20, (h // 40, w // 40)).astype(np.float32), (w, h))  # uneven toner
    out = np.where(a < level + rng.normal(0, 18, a.shape), 35.0, 232.0).astype(np.float32)
    specks = rng.random(a.shape) < 0.0006
    out[cv2.dilate(specks.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = 40
    return out


def copy2(font: str, seed: int) -> Capture:
    rng = np.random.default_rng(seed)
    img, text = letter(font, seed)
    a = np.asarray(img, np.float32)
    for _ in range(2):
        a = _photocopy(a, rng, rng.uniform(-0.5, 0.5))
    out = Image.fromarray(cv2.GaussianBlur(a, (0, 0), 0.7).astype(np.uint8), "L")
    out.info["dpi"] = (300, 300)
    return Capture("copy2", font, seed, pagegen.degrade(out, seed=seed, noise=3), 300, text)


BUILDERS = {"phone": phone, "bleed": bleed, "curl": curl, "marks": marks, "holes": holes, "twoup": twoup,
            "lowres": lowres, "copy2": copy2}


def make(kind: str, font: str, seed: int) -> Capture:
    return BUILDERS[kind](font, seed)


def scan(capture: Capture, turn: int) -> Image.Image:
    """The capture turned ``turn`` degrees clockwise, its dpi in the image's info (as in the file)."""
    out = capture.image.rotate(-(turn % 360), expand=True) if turn % 360 else capture.image.copy()
    out.info["dpi"] = (capture.dpi, capture.dpi)
    return out
