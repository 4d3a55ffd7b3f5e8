"""Devanagari-correct text normalisation and tokenising (see docs/adr/0003-devanagari-text-and-search.md).

Python's stdlib ``re`` does not treat vowel signs (matras) and the virama as word characters,
so ``\\w+`` cuts शिक्षा into pieces. Everything here uses the ``regex`` module, whose ``\\w``
includes combining marks (``\\p{M}``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import regex

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZW_TABLE = {ord(c): None for c in ZERO_WIDTH}
# Devanagari digits ०-९ (U+0966-U+096F) -> 0-9
_DIGIT_TABLE = {0x0966 + i: ord("0") + i for i in range(10)}
_SPACE_RE = regex.compile(r"\s+")
# A word character, on Devanagari too (vowel signs and the virama are marks): the regex module's
# classes, never stdlib ``re``. A token is a run of them, so "F.No." style words stay out. Search
# snippets and weights find whole words with the same class (storage/search).
WORD_CHAR = r"[\p{L}\p{M}\p{N}]"
_TOKEN_RE = regex.compile(WORD_CHAR + "+")
# What the translate steps change: most pages have none of it, and ``str.translate`` costs
# ~0.3 ms per page of Devanagari, so normalize looks before it translates.
_ZW_RE = regex.compile(f"[{ZERO_WIDTH}]")
_ZW_OR_DIGIT_RE = regex.compile(f"[{ZERO_WIDTH}\u0966-\u096f]")


def normalize(text: str, *, fold_digits: bool = True) -> str:
    """NFC, zero-width characters removed, Devanagari digits mapped to ASCII, spaces collapsed.

    NFC also makes nukta letters compare equal: U+0958 (क़) is a composition exclusion and
    becomes क + ़ (U+093C), the same as a typed क + ़.
    """
    text = unicodedata.normalize("NFC", text)
    if (_ZW_OR_DIGIT_RE if fold_digits else _ZW_RE).search(text):
        text = text.translate(_ZW_TABLE)
        if fold_digits:
            text = text.translate(_DIGIT_TABLE)
    return _SPACE_RE.sub(" ", text).strip()


def fold_digits(text: str) -> str:
    return text.translate(_DIGIT_TABLE)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of any text (normalised first); Devanagari words stay whole."""
    return split_tokens(normalize(text))


def split_tokens(normalised: str) -> list[str]:
    """``tokens`` of text that ``normalize`` has already been applied to (the index's fast path)."""
    return [w.casefold() for w in _TOKEN_RE.findall(normalised)]


def iter_token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _TOKEN_RE.finditer(text):
        yield m.start(), m.end(), m.group(0)


def is_devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f" or "\ua8e0" <= ch <= "\ua8ff"


def devanagari_share(text: str) -> float:
    """Share of letters (not marks, digits, spaces) that are Devanagari; 0.0 for no letters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if is_devanagari(c)) / len(letters)
