"""The model's feature blocks, computed from the text (docs/adr/0005).

Blocks: ``w`` words, ``c`` character n-grams, ``l`` taxonomy lexicon matches, ``p`` phonetic keys. A feature is a string (block prefix + text); its key is
a 64-bit hash of it, MurmurHash3 of the UTF-8 bytes with seeds 0 and 1 (the ``murmurhash`` package's
``hash``), used everywhere a feature is hashed: the IDF table, the two weight buckets and the
neighbour memory's columns.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import regex
from murmurhash import hash as _murmur3

_LOW = 0xFFFFFFFF


def hash_string(text: str) -> int:
    """The 64-bit key of a feature string (see module doc)."""
    return (_murmur3(text, 0) & _LOW) | ((_murmur3(text, 1) & _LOW) << 32)


BLOCKS = ("w", "c", "l", "p")

# Romanisation (cross-lingual bridge for names, loanwords and acronyms, which Hindi government text
# writes in Devanagari: जावड़ेकर / Javadekar, मोबाइल ऐप / mobile app, आईआईटी / IIT).
_CONS = dict(zip("कखगघङचछजझञटठडढणतथदधनपफबभमयरलळवशषसह",
                 "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l l v sh sh s h".split(),
                 strict=True))
_NUKTA_CONS = {"क": "q", "ख": "kh", "ग": "g", "ज": "z", "ड": "d", "ढ": "dh", "फ": "f", "य": "y"}
_VOWELS = dict(zip("अआइईउऊऋएऐओऔऑऍ", "a a i i u u ri e ai o au o e".split(), strict=True))
_MATRAS = dict(zip("\u093e\u093f\u0940\u0941\u0942\u0943\u0947\u0948\u094b\u094c\u0949\u0945",
                   "a i i u u ri e ai o au o e".split(), strict=True))
_LABIALS = set("पफबभम")


def romanize(word: str) -> str:
    """Rough Latin spelling of a Devanagari word (inherent vowel kept except word-finally; nasal ->
    n/m). Other characters pass through."""
    out: list[str] = []
    n = len(word)
    i = 0
    while i < n:
        ch = word[i]
        if ch in _CONS:
            nxt = word[i + 1] if i + 1 < n else ""
            if nxt == "\u093c":
                out.append(_NUKTA_CONS.get(ch, _CONS[ch]))
                i += 1
                nxt = word[i + 1] if i + 1 < n else ""
            else:
                out.append(_CONS[ch])
            if nxt in _MATRAS:
                out.append(_MATRAS[nxt])
                i += 1
            elif nxt == "\u094d":
                i += 1
            elif i + 1 < n and nxt not in "\u093c" and not (nxt in "\u0902\u0901" and i + 2 >= n):
                out.append("a")
        elif ch in _VOWELS:
            out.append(_VOWELS[ch])
        elif ch in "\u0902\u0901":
            out.append("m" if i + 1 < n and word[i + 1] in _LABIALS else "n")
        elif ch == "\u0903":
            out.append("h")
        elif not ("\u0900" <= ch <= "\u097f"):
            out.append(ch)
        i += 1
    return "".join(out)


_PHON_RULES = [("tion", "san"), ("sion", "san"), ("ce", "se"), ("ci", "si"), ("cy", "sy"), ("sch", "sk"), ("chh", "c"), ("ch", "c"), ("ph", "f"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("bh", "b"),
               ("kh", "k"), ("gh", "g"), ("jh", "j"), ("ck", "k"), ("c", "k"), ("q", "k"), ("w", "v"), ("z", "j"),
               ("x", "ks"), ("ee", "i"), ("oo", "u")]
_PHON_RE = regex.compile("|".join(regex.escape(a) for a, _ in _PHON_RULES))
_PHON_MAP = dict(_PHON_RULES)
_DOUBLE_RE = regex.compile(r"(.)\1+")


def phonetic(latin: str) -> str:
    """Crude phonetic key of a Latin word, shared by English words and romanised Hindi ones
    (aspiration, vowel length, doubled letters, c/k/q, w/v, z/j ignored)."""
    t = "".join(c for c in latin.casefold() if "a" <= c <= "z")
    t = _PHON_RE.sub(lambda m: _PHON_MAP[m.group(0)], t)
    return _DOUBLE_RE.sub(r"\1", t)


_VOWEL_RE = regex.compile("[aeiouy]+")


def latin_key(latin: str) -> str:
    """Consonants of :func:`phonetic` (vowels are what English and romanised Hindi spell least alike):
    "Pokhriyal" and पोखरियाल -> "pkrl", "collector" and कलेक्टर -> "klktr"."""
    return _DOUBLE_RE.sub(r"\1", _VOWEL_RE.sub("", phonetic(latin)))


# Devanagari spellings of the Latin letter names: "एनसीईआरटी" -> "ncert".
_LETTER_NAMES = {
    "ए": "a", "बी": "b", "सी": "c", "डी": "d", "ई": "e", "एफ": "f", "जी": "g", "एच": "h", "आई": "i", "जे": "j",
    "के": "k", "एल": "l", "एम": "m", "एन": "n", "ओ": "o", "पी": "p", "क्यू": "q", "आर": "r", "एस": "s", "टी": "t",
    "यू": "u", "वी": "v", "डब्ल्यू": "w", "डबल्यू": "w", "एक्स": "x", "वाई": "y", "जेड": "z", "ज़ेड": "z",
}  # fmt: skip
_MAX_NAME = max(map(len, _LETTER_NAMES))


def acronym(word: str) -> str:
    """Latin letters of a Devanagari word spelt entirely as two or more letter names, else ""."""
    n = len(word)
    best: list[str | None] = [None] * (n + 1)
    best[0] = ""
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + _MAX_NAME) + 1):
            letter = _LETTER_NAMES.get(word[i:j])
            if letter is not None and best[j] is None:
                best[j] = best[i] + letter  # type: ignore[operator]
    got = best[n]
    return got if got and len(got) >= 2 else ""


_DEVA_RE = regex.compile("[\u0900-\u097f]")


def _is_deva(word: str) -> bool:
    return _DEVA_RE.search(word) is not None


class Featurizer:
    """Hashed feature blocks of a text (see module doc): ``(keys uint64, counts float32, block int8)``.

    Per-word results are cached (bounded), so repeated words cost a dict lookup.
    """

    CACHE_MAX = 300_000

    def __init__(self, char: tuple[int, int] = (2, 5), lexicon: bool = True, phon: tuple[int, int] = (3, 4),
                 acronyms: bool = True) -> None:
        self.char, self.lexicon = tuple(char), lexicon
        self.phon, self.acronyms = tuple(phon), acronyms
        self._phon_cache: dict[str, tuple[list[int], list[int]]] = {}
        self._hash = hash_string
        self._char_cache: dict[str, list[int]] = {}
        self.memo: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None  # training only
        self._lex_keys = {}
        from classify.taxonomy import KEYS

        for k in KEYS:
            self._lex_keys[k] = hash_string("l\x1f" + k)

    def _ngrams(self, prefix: str, word: str, lo: int, hi: int) -> list[int]:
        w = f" {word} "
        h = self._hash
        out = []
        for n in range(lo, hi + 1):
            if n > len(w):
                break
            out += [h(prefix + w[i : i + n]) for i in range(len(w) - n + 1)]
        if hi and len(w) < lo:
            out.append(h(prefix + w))
        return out

    def _memo(self, cache: dict[str, list[int]], word: str, make: Callable[[str], list[int]]) -> list[int]:
        """``make(word)``, remembered in ``cache`` (emptied when it passes CACHE_MAX words)."""
        got = cache.get(word)
        if got is None:
            if len(cache) > self.CACHE_MAX:
                cache.clear()
            got = cache[word] = make(word)
        return got

    def _char(self, word: str) -> list[int]:
        return self._memo(self._char_cache, word, lambda w: self._ngrams("c\x1f", w, *self.char))

    def _phon(self, word: str) -> tuple[list[int], list[int]]:
        """(phonetic-key features, acronym word features) of one word, both scripts."""
        got = self._phon_cache.get(word)
        if got is None:
            if len(self._phon_cache) > self.CACHE_MAX:
                self._phon_cache.clear()
            deva = _is_deva(word)
            key = latin_key(romanize(word) if deva else word)
            feats = self._ngrams("p\x1f", key, *self.phon) if self.phon[1] and key else []
            if len(key) >= 3 and self.phon[1]:
                feats.append(self._hash("P\x1f" + key))
            acr = acronym(word) if deva and self.acronyms else ""
            got = self._phon_cache[word] = (feats, [self._hash("w\x1f" + acr)] if acr else [])
        return got

    def __call__(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.memo is not None:
            got = self.memo.get(text)
            if got is None:
                got = self.memo[text] = self._features(text)
            return got
        return self._features(text)

    def _features(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        from classify.rules import match_terms
        from classify.taxonomy import _TOKEN_RE, term_tokens
        from domain.text import normalize

        h = self._hash
        keys: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        blocks: list[np.ndarray] = []

        def add(block: int, raw: list[int]) -> None:
            if raw:
                k, c = np.unique(np.asarray(raw, dtype=np.uint64), return_counts=True)
                keys.append(k)
                counts.append(c.astype(np.float32))
                blocks.append(np.full(len(k), block, dtype=np.int8))

        toks = ["#" * min(len(t), 4) if t.isdigit() else t for t in term_tokens(text)]
        wraw = [h("w\x1f" + t) for t in toks]
        norm = normalize(text).casefold()
        if self.char[1]:
            craw: list[int] = []
            for word in norm.split():
                craw += self._char(word)
            add(1, craw)
        if self.lexicon:
            add(2, [self._lex_keys[d] for d, _, _ in match_terms(text)])
        if self.phon[1] or self.acronyms:
            praw: list[int] = []
            for word in _TOKEN_RE.findall(norm):
                if not word.isdigit():
                    feats, acr = self._phon(word)
                    praw += feats
                    wraw += acr
            add(3, praw)
        add(0, wraw)
        if not keys:
            return np.zeros(0, np.uint64), np.zeros(0, np.float32), np.zeros(0, np.int8)
        return np.concatenate(keys), np.concatenate(counts), np.concatenate(blocks)


def tfidf_values(keys: np.ndarray, counts: np.ndarray, blocks: np.ndarray, idf: np.ndarray,
                 scales: np.ndarray) -> np.ndarray:
    """A document's feature values: sublinear counts ``1 + log(c)`` times the (hashed) IDF, each
    block scaled to unit length times its scale. float32, one value per key."""
    if not len(keys):
        return np.asarray(counts, dtype=np.float32)
    v = (1.0 + np.log(counts)) * idf[(keys % np.uint64(len(idf))).astype(np.int64)]
    sq = np.bincount(blocks, weights=v * v, minlength=len(BLOCKS))
    return np.asarray(v * (scales / np.sqrt(np.maximum(sq, 1e-12)))[blocks], dtype=np.float32)
