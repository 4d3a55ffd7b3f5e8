"""The synthetic hand of tests/handshapes.py: there is no handwriting font on the machine, so each word
is rendered with an installed font, slanted, scaled and warped by a smooth random field about a letter
wide (no two letters alike), thinned to its centre line and drawn again as a ballpoint line whose width
and pressure vary along the stroke (skips and blobs). ``write`` lays words along a drifting baseline,
``signature`` writes a name fast and large with a flourish."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from tests import pagegen


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


def paste(canvas: np.ndarray, dark: np.ndarray, x: int, y: int, angle: float = 0.0) -> None:
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
        paste(canvas, dark, x - round(hand.px * size * 0.9), round(y - base + (x - x0) * -drift + wobble))
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
    paste(canvas, dark, x, y - base, angle=hand.rng.uniform(2, 12))
    paste(canvas, hand.flourish(dark.shape[1] - 80), x + 20, y - 40)
