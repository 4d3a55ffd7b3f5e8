"""Simulated OCR damage (bench and training-time augmentation).

Each character with probability ``rate`` is damaged: a Devanagari vowel sign / virama / nasal is
dropped, a look-alike character is confused (table below), any other letter is dropped;
punctuation, digits and spaces are kept. Deterministic for a given ``random.Random``.
"""

from __future__ import annotations

import random

MATRAS = {chr(c) for c in range(0x093E, 0x094D)} | {"\u0901", "\u0902", "\u0903", "\u094d"}
CONFUSE = dict(
    [
        ("ब", "व"), ("व", "ब"), ("भ", "म"), ("म", "भ"), ("घ", "ध"), ("ध", "घ"), ("ष", "प"), ("प", "ष"),
        ("ख", "रव"), ("थ", "य"), ("य", "थ"), ("ड", "ढ"), ("ङ", "ड"), ("न", "त"), ("त", "न"),
        ("l", "1"), ("i", "l"), ("o", "0"), ("O", "0"), ("e", "c"), ("c", "e"), ("m", "rn"), ("h", "b"),
        ("u", "v"), ("n", "h"), ("S", "5"), ("B", "8"), ("a", "o"), ("t", "f"), ("r", "n"),
    ]
)  # fmt: skip


def ocr_noise(text: str, rate: float, rng: random.Random) -> str:
    out = []
    for ch in text:
        if rng.random() >= rate:
            out.append(ch)
        elif ch in MATRAS:
            continue
        elif ch in CONFUSE:
            out.append(CONFUSE[ch])
        elif not ch.isalpha():
            out.append(ch)
    return "".join(out)
