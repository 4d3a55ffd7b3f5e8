"""Word repair (option ``repair_words``, docs/adr/0005): an unknown Devanagari word one OCR-like edit
away from a word of the training texts is read as that word before any feature is made."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import regex

from classify.features import _DEVA_RE

# Devanagari vowel signs, virama, nasal marks, nukta and accents (what :func:`one_edit` calls a sign),
# and the look-alike letters Tesseract confuses (classify/noise.py simulates the same classes of OCR
# error): :func:`skeleton` drops the first and merges the second.
_DEV_MARKS = {chr(c) for c in range(0x093E, 0x094E)} | {"\u0900", "\u0901", "\u0902", "\u0903", "\u093c",
                                                        "\u0962", "\u0963", "\u0951", "\u0952"}
_DEV_MERGE = {"व": "ब", "म": "भ", "ध": "घ", "ष": "प", "थ": "य", "ढ": "ड", "ङ": "ड", "ख": "रब",
              "आ": "अ", "ई": "इ", "ऊ": "उ", "ऐ": "ए", "औ": "ओ", "ण": "न", "श": "स", "त": "न"}
_SKEL_TABLE = {ord(c): None for c in _DEV_MARKS} | {ord(k): v for k, v in _DEV_MERGE.items()}


def skeleton(word: str) -> str:
    """Devanagari consonant skeleton of a word: signs dropped, look-alike letters merged (see above);
    other scripts unchanged. The word repair's notion of a look-alike letter (:func:`one_edit`)."""
    return word.translate(_SKEL_TABLE)

# Word repair (option ``repair_words``, docs/adr/0005, sixth round): an unknown Devanagari word one
# OCR-like edit away from a word of the training texts is read as that word before any feature is
# made, the way an OCR post-corrector checks a lexicon. Real Hindi words the training texts lack are
# left alone (the word list of Tesseract's Hindi model, classify/data/hindi_words.txt). Devanagari
# only: the training texts hold a few thousand Devanagari words (the model stores them with the list),
# and the English rows are many and barely suffer from the noise.
_DEVA_WORD_RE = regex.compile("[\u0900-\u0963\u0971-\u097f]+")  # letters and signs; no digits, no danda
REPAIR_MIN_LEN = 4  # code points of a known word that an unknown word may be read as
REPAIR_MAX_LEN = 40  # longer "words" (OCR garbage without spaces) are left as they are
HINDI_WORDS = Path(__file__).parent / "data" / "hindi_words.txt"


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit(a: str, b: str) -> str | None:
    """How ``a`` and ``b`` differ, if by one OCR-like edit: ``"same"``; ``"sign"`` (a vowel sign,
    virama, nasal mark or nukta inserted, deleted or replaced by another); ``"letter"`` (a letter
    inserted or deleted, a letter replaced by its look-alike, the pairs :func:`skeleton` merges, or two
    neighbours swapped). None otherwise: further apart, or a letter replaced by an unlike one (सत्र and
    पत्र are two words, not one word and its misreading)."""
    if a == b:
        return "same"
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return None
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la != lb:
        longer, shorter = (a, b) if la > lb else (b, a)
        if longer[i + 1 :] != shorter[i:]:
            return None
        return "sign" if longer[i] in _DEV_MARKS else "letter"
    if a[i + 1 :] == b[i + 1 :]:
        x, y = a[i], b[i]
        if x in _DEV_MARKS and y in _DEV_MARKS:
            return "sign"
        return "letter" if x not in _DEV_MARKS and y not in _DEV_MARKS and skeleton(x) == skeleton(y) else None
    if a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]:
        return "letter"
    return None


class WordRepair:
    """Reads an unknown Devanagari word as a known word one OCR-like edit away (:func:`one_edit`; a
    dropped or confused sign, a dropped letter, a look-alike letter): one that differs by a sign before
    one that differs by a letter, then the most frequent. ``words``: the known words (the training
    texts'), most frequent first; ``keep``: other real words, left as they are. Candidates come from a
    table of every known word and its one-letter deletions (the SymSpell idea), so a lookup costs a few
    dictionary probes; answers are cached."""

    CACHE_MAX = 100_000

    def __init__(self, words: Sequence[str], keep: Iterable[str] = (), min_len: int = REPAIR_MIN_LEN) -> None:
        self.words = list(words)
        self.keep = sorted(set(keep) - set(self.words))
        self.min_len = min_len
        self.known = set(self.words)
        self.real = self.known | set(self.keep)
        self.index: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            if len(w) >= min_len:
                for key in {w} | _deletes(w):
                    self.index.setdefault(key, []).append(i)
        self._cache: dict[str, str] = {}

    @staticmethod
    def vocabulary(texts: Iterable[str]) -> list[str]:
        """The Devanagari words of ``texts``, most frequent first, ties alphabetical: the tokens of
        spaCy's Hindi tokenizer (``spacy.blank("hi")``, which keeps vowel signs inside words and splits
        off the danda and other punctuation) that are Devanagari letters and signs only, as
        :meth:`text` finds words. Training time only (imports spaCy)."""
        import spacy

        from domain.text import normalize

        tokenizer: Any = spacy.blank("hi").tokenizer
        counts: Counter[str] = Counter()
        deva = [normalize(t) for t in texts if _DEVA_RE.search(t)]
        for doc in tokenizer.pipe(deva, batch_size=256):
            counts.update(tok.text for tok in doc if _DEVA_WORD_RE.fullmatch(tok.text))
        return sorted(counts, key=lambda w: (-counts[w], w))

    @staticmethod
    def hindi_words(path: Path = HINDI_WORDS) -> list[str]:
        """The shipped list of real Hindi words (``#`` lines are its provenance)."""
        with path.open(encoding="utf-8") as fh:
            return [w for w in (line.strip() for line in fh) if w and not w.startswith("#")]

    def encode(self) -> np.ndarray:
        """The known words, a NUL, the kept words, as one ``uint8`` array (UTF-8, newline-separated):
        a model parameter."""
        text = "\n".join(self.words) + "\x00" + "\n".join(self.keep)
        return np.frombuffer(text.encode("utf-8"), dtype=np.uint8).copy()

    @classmethod
    def decode(cls, raw: np.ndarray) -> WordRepair:
        words, _, keep = np.asarray(raw, dtype=np.uint8).tobytes().decode("utf-8").partition("\x00")
        return cls(words.split("\n") if words else [], keep.split("\n") if keep else [])

    def word(self, word: str) -> str:
        if word in self.real or not self.min_len - 1 <= len(word) <= REPAIR_MAX_LEN:
            return word
        got = self._cache.get(word)
        if got is None:
            cands: set[int] = set()
            for key in {word} | _deletes(word):
                cands.update(self.index.get(key, ()))
            # a sign dropped or confused is the likelier OCR error: such an edit goes before one of a
            # letter (श्री before शहरी for शरी), then the more frequent word
            best = (2, -1)
            for i in cands:
                kind = one_edit(word, self.words[i])
                if kind is not None:
                    best = min(best, (0 if kind == "sign" else 1, i))
            got = word if best[1] < 0 else self.words[best[1]]
            if len(self._cache) > self.CACHE_MAX:
                self._cache.clear()
            self._cache[word] = got
        return got

    def text(self, text: str) -> str:
        """``text`` with its unknown Devanagari words repaired (normalised when any is; else as it was)."""
        if not self.words or not _DEVA_RE.search(text):
            return text
        from domain.text import normalize

        norm = normalize(text)
        out = _DEVA_WORD_RE.sub(lambda m: self.word(m.group(0)), norm)
        return text if out == norm else out
