"""How well a text reads, on signals that need no ground truth.

One scorer for every reading of a page: a PDF's own text layer, its legacy-font conversions and
an OCR result. :func:`read` returns the shares a person would look at:

- ``hindi_known``: Devanagari words (2+ letters) found in the Hindi word list
  (ocr/data/hindi_words.txt: tesseract-ocr-hin's word list, Apache-2.0);
- ``english_known``: Latin words (3+ letters) found in the English word list
  (ocr/data/english_words.txt: tesseract-ocr-eng's word list, Apache-2.0);
- ``syllables``: Devanagari words that are orthographically possible (a vowel sign never starts a
  word or follows an independent vowel, a virama is followed by a consonant, ...);
- ``latin_odd`` / ``k_share`` / ``kruti_pairs``: what legacy-font keystrokes look like when read
  as Latin (``yksd lHkk``): case flips and ``;{[`` inside words, an excess of ``k`` (Kruti Dev's
  ा), letter pairs English almost never has;
- ``unexpected``: letters of Latin-1/Latin Extended/Greek, what upper-half legacy encodings
  (DV-TT, Chanakya, APS) extract as.

``known`` is the share of all counted words (Devanagari and Latin) found in their word list:
the "word-list share" a reading is judged by; ``junk`` says the text reads as legacy keystrokes
or Latin-1 soup rather than as either language. Nothing here reads images or PDFs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

_DATA = Path(__file__).with_name("data")
_DEVA_WORD = regex.compile(r"[\u0900-\u0963\u0971-\u097F\uA8E0-\uA8FF]+")
_LATIN_TOKEN = regex.compile(r"\S*[A-Za-z]\S*")
_LATIN_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}])[A-Za-z]{3,}(?![\p{L}\p{M}\p{N}])")
_GIBBERISH_PUNCT = re.compile(r"[A-Za-z][;{}\[\]`~|\\][A-Za-z]|[A-Za-z]'[a-z]{2}|[a-z][A-Z]")
# Letter pairs frequent in Kruti Dev keystrokes and (nearly) absent from English words.
_KRUTI_BIGRAMS = frozenset("kk dk yk Hk Lk fn fd fg gS dj k; xk kS kj tk pk jk ;k kv vk fo\" vf ;s".split())
_V = "[\u0904-\u0914\u0960\u0961\u0972-\u0977]"  # independent vowels
_C = "[\u0915-\u0939\u0958-\u095f\u0978-\u097f]\u093c?"  # consonant, optional nukta
_SIGN = "[\u093a\u093b\u093e-\u094c\u094e\u094f\u0955-\u0957\u0962\u0963]"  # one vowel sign
_MOD = "[\u0900-\u0903]"
_SYLLABLE = rf"(?:{_V}{_MOD}*|(?:{_C}\u094d)*{_C}(?:{_SIGN}|\u094d)?{_MOD}*|\u093d|\u0950)"
_VALID_WORD = regex.compile(rf"(?:{_SYLLABLE})+")
MIN_LETTERS = 20  # below this a reading is too short to judge


@lru_cache(maxsize=2)
def _word_list(name: str) -> frozenset[str]:
    lines = (_DATA / name).read_text("utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def hindi_words() -> frozenset[str]:
    return _word_list("hindi_words.txt")


def english_words() -> frozenset[str]:
    return _word_list("english_words.txt")


def dictionary_share(text: str) -> tuple[float, int]:
    """(share of Devanagari words of 2+ letters found in the Hindi word list, words counted)."""
    words = [w for w in _DEVA_WORD.findall(text) if len(w) > 1]
    if not words:
        return 0.0, 0
    known = hindi_words()
    return sum(1 for w in words if w in known) / len(words), len(words)


def kruti_bigram_share(text: str) -> tuple[float, int]:
    """(share of Latin letter pairs inside words that are Kruti Dev tell-tales, pairs counted)."""
    pairs = [tok[i : i + 2] for tok in text.split() for i in range(len(tok) - 1)
             if tok[i].isascii() and tok[i + 1].isascii() and not tok[i].isdigit() and not tok[i + 1].isdigit()]
    if not pairs:
        return 0.0, 0
    return sum(1 for p in pairs if p in _KRUTI_BIGRAMS) / len(pairs), len(pairs)


def latin_gibberish(text: str) -> tuple[float, float, int]:
    """(share of odd Latin tokens, share of 'k' among Latin letters, Latin letters)."""
    tokens = [t for t in _LATIN_TOKEN.findall(text) if not any(c.isdigit() for c in t)]
    letters = [c for t in tokens for c in t if "a" <= c.lower() <= "z"]
    odd = 0
    for tok in tokens:
        core = tok.strip(".,:()\"'-")
        alpha = "".join(c for c in core if c.isalpha())
        if len(alpha) < 3 or alpha.isupper():
            continue
        if _GIBBERISH_PUNCT.search(core) or not re.search(r"[aeiouAEIOU]", alpha):
            odd += 1
    k_share = sum(1 for c in letters if c == "k") / len(letters) if letters else 0.0
    return (odd / len(tokens) if tokens else 0.0), k_share, len(letters)


def unexpected_letters(text: str) -> int:
    """Letters of Latin-1 Supplement, Latin Extended-A/B and Greek: what 8-bit legacy Devanagari
    fonts extract as (an English or Hindi page has at most a few accented names)."""
    return sum(1 for c in text if "\u00c0" <= c <= "\u03ff" and c.isalpha())


@dataclass(frozen=True)
class Reading:
    """What a text looks like to someone who can read Hindi and English."""

    letters: int
    devanagari: float  # share of the letters that are Devanagari
    hindi_words: int  # Devanagari words of 2+ letters
    hindi_known: float  # ... found in the Hindi word list
    syllables: float  # ... that are orthographically possible
    latin_words: int  # Latin words of 3+ letters
    english_known: float  # ... found in the English word list
    latin_odd: float
    k_share: float
    kruti_pairs: float
    unexpected: int  # Latin-1 / Latin Extended / Greek letters

    @property
    def words(self) -> int:
        return self.hindi_words + self.latin_words

    @property
    def known(self) -> float:
        """Share of all counted words found in their language's word list (0 when none)."""
        if not self.words:
            return 0.0
        return (self.hindi_known * self.hindi_words + self.english_known * self.latin_words) / self.words

    @property
    def keystrokes(self) -> bool:
        """Reads as legacy-font keystrokes typed on a Latin keyboard (Kruti Dev, Walkman, Shusha)."""
        latin = self.letters * (1 - self.devanagari)
        return latin >= MIN_LETTERS and self.english_known < 0.5 and (
            self.latin_odd > 0.25 or self.k_share > 0.07 or self.kruti_pairs > 0.06)

    @property
    def junk(self) -> bool:
        """Legacy-font keystrokes or Latin-1 soup: never to be taken for English."""
        soup = self.unexpected >= 10 and self.unexpected > 0.05 * max(self.letters, 1)
        return self.keystrokes or soup

    def rank(self) -> tuple[float, float]:
        """Sort key between readings of the same page: word-list share, then valid syllables."""
        penalty = 0.5 if self.junk else 0.0
        return (self.known - penalty, self.syllables if self.hindi_words else self.english_known)


def read(text: str) -> Reading:
    letters = [c for c in text if c.isalpha()]
    deva = sum(1 for c in letters if "\u0900" <= c <= "\u097f")
    hindi = [w for w in _DEVA_WORD.findall(text) if len(w) > 1]
    known_hi = hindi_words()
    latin = [w.lower() for w in _LATIN_WORD.findall(text)]
    known_en = english_words()
    odd, k_share, _ = latin_gibberish(text)
    pairs, _ = kruti_bigram_share(text)
    return Reading(
        letters=len(letters),
        devanagari=deva / len(letters) if letters else 0.0,
        hindi_words=len(hindi),
        hindi_known=sum(1 for w in hindi if w in known_hi) / len(hindi) if hindi else 0.0,
        syllables=sum(1 for w in hindi if _VALID_WORD.fullmatch(w)) / len(hindi) if hindi else 0.0,
        latin_words=len(latin),
        english_known=sum(1 for w in latin if w in known_en) / len(latin) if latin else 0.0,
        latin_odd=odd,
        k_share=k_share,
        kruti_pairs=pairs,
        unexpected=unexpected_letters(text),
    )
