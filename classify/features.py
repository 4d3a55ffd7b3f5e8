"""The textcat's feature blocks and neighbour memory, computed from the text (no spaCy needed).

Shared by the spaCy architecture that trains and serves them (classify/spacy_arch.py) and by the
numpy forward pass that serves the shipped model without importing spaCy (classify/inference.py,
docs/adr/0016). Blocks (see spacy_arch's module doc): ``w`` words and bigrams, ``c`` character
n-grams, ``s`` Devanagari skeleton n-grams, ``l`` taxonomy lexicon matches, ``p`` phonetic keys.
Feature keys are spaCy's string hash (MurmurHash64A, seed 1, of the UTF-8 bytes), taken from the
``murmurhash`` package spaCy itself uses, so both paths hash identically (tested).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import regex


def _string_hasher() -> Callable[[str], int]:
    """spaCy's ``hash_string`` without importing spaCy (0.8 s): ``hash64(utf8, len, 1)`` from the
    C function the ``murmurhash`` package exports (the one spaCy's StringStore calls)."""
    try:
        import ctypes

        from murmurhash import mrmr

        get = ctypes.pythonapi.PyCapsule_GetPointer
        get.restype = ctypes.c_void_p
        get.argtypes = [ctypes.py_object, ctypes.c_char_p]
        ptr = get(mrmr.__pyx_capi__["hash64"], b"uint64_t (void *, int, uint64_t)")
        fn = ctypes.CFUNCTYPE(ctypes.c_uint64, ctypes.c_char_p, ctypes.c_int, ctypes.c_uint64)(ptr)
    except (ImportError, AttributeError, KeyError, ValueError):  # a murmurhash without that capsule
        from spacy.strings import hash_string as spacy_hash  # type: ignore[attr-defined]

        return spacy_hash  # type: ignore[no-any-return]

    def hash_string(text: str) -> int:
        raw = text.encode("utf8")
        return fn(raw, len(raw), 1)

    return hash_string


hash_string = _string_hasher()

BLOCKS = ("w", "c", "s", "l", "p")

# Devanagari skeleton: marks dropped, look-alikes merged (classify/noise.py simulates the same
# classes of OCR error; they are the usual Tesseract Devanagari confusions).
_DEV_MARKS = {chr(c) for c in range(0x093E, 0x094E)} | {"\u0900", "\u0901", "\u0902", "\u0903", "\u093c",
                                                        "\u0962", "\u0963", "\u0951", "\u0952"}
_DEV_MERGE = {"व": "ब", "म": "भ", "ध": "घ", "ष": "प", "थ": "य", "ढ": "ड", "ङ": "ड", "ख": "रब",
              "आ": "अ", "ई": "इ", "ऊ": "उ", "ऐ": "ए", "औ": "ओ", "ण": "न", "श": "स", "त": "न"}
_SKEL_TABLE = {ord(c): None for c in _DEV_MARKS} | {ord(k): v for k, v in _DEV_MERGE.items()}


def skeleton(word: str) -> str:
    """Devanagari consonant skeleton of one word (see module doc); other scripts unchanged."""
    return word.translate(_SKEL_TABLE)


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
        self.source: Any = None  # the array it was decoded from (classify/spacy_arch.py keeps it in step)

    @staticmethod
    def vocabulary(texts: Iterable[str]) -> list[str]:
        """The Devanagari words of ``texts`` (normalised), most frequent first, ties alphabetical."""
        from domain.text import normalize

        counts: Counter[str] = Counter()
        for t in texts:
            if _DEVA_RE.search(t):
                counts.update(_DEVA_WORD_RE.findall(normalize(t)))
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


class Featurizer:
    """Hashed feature blocks of a text (see module doc): ``(keys uint64, counts float32, block int8)``.

    Per-word results are cached (bounded), so repeated words cost a dict lookup.
    """

    CACHE_MAX = 300_000

    def __init__(self, bigrams: bool = True, char: tuple[int, int] = (2, 5), skel: tuple[int, int] = (2, 4),
                 lexicon: bool = True, phon: tuple[int, int] = (3, 4), acronyms: bool = True) -> None:
        self.bigrams, self.char, self.skel, self.lexicon = bigrams, tuple(char), tuple(skel), lexicon
        self.phon, self.acronyms = tuple(phon), acronyms
        self._phon_cache: dict[str, tuple[list[int], list[int]]] = {}
        self._hash = hash_string
        self._char_cache: dict[str, list[int]] = {}
        self._skel_cache: dict[str, list[int]] = {}
        self.memo: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None  # training only
        self.repair: WordRepair | None = None  # option repair_words (set from the model's known words)
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

    def _skel(self, word: str) -> list[int]:
        def make(w: str) -> list[int]:
            sk = skeleton(w)
            return self._ngrams("s\x1f", sk, *self.skel) + [self._hash("S\x1f" + sk)] if sk else []

        return self._memo(self._skel_cache, word, make)

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

        if self.repair is not None:
            text = self.repair.text(text)
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
        if self.bigrams:
            wraw += [h(f"b\x1f{a}\x1f{b}") for a, b in zip(toks, toks[1:], strict=False)]
        norm = normalize(text).casefold()
        if self.char[1]:
            craw: list[int] = []
            for word in norm.split():
                craw += self._char(word)
            add(1, craw)
        if self.skel[1] and _DEVA_RE.search(norm):
            sraw: list[int] = []
            for word in _TOKEN_RE.findall(norm):
                if _is_deva(word):
                    sraw += self._skel(word)
            add(2, sraw)
        if self.lexicon:
            add(3, [self._lex_keys[d] for d, _, _ in match_terms(text)])
        if self.phon[1] or self.acronyms:
            praw: list[int] = []
            for word in _TOKEN_RE.findall(norm):
                if not word.isdigit():
                    feats, acr = self._phon(word)
                    praw += feats
                    wraw += acr
            add(4, praw)
        add(0, wraw)
        if not keys:
            return np.zeros(0, np.uint64), np.zeros(0, np.float32), np.zeros(0, np.int8)
        return np.concatenate(keys), np.concatenate(counts), np.concatenate(blocks)


# Record of the features the training texts have (option ``seen_filter``, docs/adr/0005): a Bloom
# filter of SEEN_BITS bits and SEEN_HASHES probes per key (double hashing on the key's two 32-bit
# halves; the keys are already uniform 64-bit hashes). About 300,000 training features give a false
# "seen" for about 1 unseen feature in 1,000 (which then counts as it did without the filter); the
# filter is 1 MB in the model.
SEEN_BITS = 2**23
SEEN_HASHES = 3


def _seen_positions(keys: np.ndarray, nbits: int) -> np.ndarray:
    """``(SEEN_HASHES, len(keys))`` bit positions of every key in a filter of ``nbits`` bits."""
    keys = np.asarray(keys, dtype=np.uint64)
    h1 = keys & np.uint64(0xFFFFFFFF)
    h2 = (keys >> np.uint64(32)) | np.uint64(1)
    with np.errstate(over="ignore"):
        return np.stack([(h1 + np.uint64(j) * h2) % np.uint64(nbits) for j in range(SEEN_HASHES)])


def seen_filter(keys: np.ndarray, nbits: int = SEEN_BITS) -> np.ndarray:
    """The Bloom filter (``uint8``, ``nbits // 8`` bytes, little-endian bit order) of ``keys``."""
    bits = np.zeros(nbits, dtype=bool)
    if len(keys):
        bits[_seen_positions(keys, nbits).ravel().astype(np.int64)] = True
    return np.packbits(bits, bitorder="little")


def keep_seen(seen: np.ndarray | None, keys: np.ndarray, counts: np.ndarray,
              blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A document's features without those the filter ``seen`` (:func:`seen_filter`) has never seen:
    a feature no training text had has no learnt weight, but its IDF is the highest, so it would take
    a share of its block's unit length from the features the model knows (an OCR-damaged word does
    exactly that). scikit-learn's fixed vocabulary leaves such terms out the same way. ``seen`` None
    or empty: everything is kept."""
    if seen is None or not len(seen) or not len(keys):
        return keys, counts, blocks
    pos = _seen_positions(keys, len(seen) * 8)
    hit = np.bitwise_and.reduce((seen[(pos >> np.uint64(3)).astype(np.int64)] >> (pos & np.uint64(7)).astype(np.uint8)) & 1,
                                axis=0).astype(bool)
    return keys[hit], counts[hit], blocks[hit]


KNN_BLOCKS = (0, 3)  # w (words, bigrams, acronyms) and l (lexicon matches): memories stored without blocks
# What training fills a new memory with: w, s (Devanagari skeletons: an OCR-damaged Hindi title still
# finds its neighbours) and l (docs/adr/0005, fifth round).
KNN_TRAIN_BLOCKS = (0, 2, 3)
KNN_COLS = 2**24  # feature keys folded to this many columns (exact in int32)


def knn_vector(keys: np.ndarray, vals: np.ndarray, blocks: np.ndarray, drop: np.ndarray | None = None,
               use: Sequence[int] = KNN_BLOCKS) -> tuple[np.ndarray, np.ndarray]:
    """(columns, values) of a document for the neighbour memory: its features of the blocks ``use``
    (default ``KNN_BLOCKS``), without the columns in ``drop`` (sorted), summed per column and scaled to
    unit length."""
    m = np.isin(blocks, use)
    cols = (keys[m] % np.uint64(KNN_COLS)).astype(np.int64)
    v = np.asarray(vals[m], dtype=np.float64)
    if drop is not None and len(drop) and len(cols):
        keep = ~np.isin(cols, drop)
        cols, v = cols[keep], v[keep]
    if not len(cols):
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    cols, inv = np.unique(cols, return_inverse=True)
    sums = np.bincount(inv, weights=v)
    norm = float(np.sqrt((sums * sums).sum()))
    return cols, (sums / max(norm, 1e-12)).astype(np.float32)


KNN_PARAMS = ("knn_cols", "knn_ptr", "knn_docs", "knn_vals", "knn_labels", "knn_drop")


def knn_votes(memory: Mapping[str, np.ndarray], n_classes: int, keys: np.ndarray, vals: np.ndarray,
              blocks: np.ndarray, k: int, use: Sequence[int] = KNN_BLOCKS) -> np.ndarray | None:
    """Similarity-squared class votes (summing to 1) of the ``k`` training documents most similar to
    one document (cosine over :func:`knn_vector` of the blocks ``use``, those the memory was filled
    with); None when it shares no feature with the memory.
    ``memory``: the ``KNN_PARAMS`` arrays (posting lists sorted by column, classify/spacy_arch.py)."""
    mcols, ptr = memory["knn_cols"], memory["knn_ptr"]
    docs, mvals, labels = memory["knn_docs"], memory["knn_vals"], memory["knn_labels"]
    cols, v = knn_vector(keys, vals, blocks, memory["knn_drop"], use)
    if not len(cols) or not len(mcols):
        return None
    pos = np.minimum(np.searchsorted(mcols, cols), len(mcols) - 1)
    hit = mcols[pos] == cols
    if not hit.any():
        return None
    starts, ends = ptr[pos[hit]].astype(np.int64), ptr[pos[hit] + 1].astype(np.int64)
    lens = ends - starts
    idx = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
    sims = np.bincount(docs[idx], weights=mvals[idx].astype(np.float64) * np.repeat(v[hit], lens), minlength=len(labels))
    k = min(k, len(sims))
    top = np.argpartition(-sims, k - 1)[:k]
    top = top[sims[top] > 0]
    if not len(top):
        return None
    votes = np.bincount(labels[top], weights=sims[top] ** 2, minlength=n_classes)
    return votes / votes.sum()


def tfidf_values(keys: np.ndarray, counts: np.ndarray, blocks: np.ndarray, idf: np.ndarray,
                 scales: np.ndarray) -> np.ndarray:
    """A document's feature values: sublinear counts ``1 + log(c)`` times the (hashed) IDF, each
    block scaled to unit length times its scale. float32, one value per key."""
    if not len(keys):
        return np.asarray(counts, dtype=np.float32)
    v = (1.0 + np.log(counts)) * idf[(keys % np.uint64(len(idf))).astype(np.int64)]
    sq = np.bincount(blocks, weights=v * v, minlength=len(BLOCKS))
    return np.asarray(v * (scales / np.sqrt(np.maximum(sq, 1e-12)))[blocks], dtype=np.float32)


def mix_with_neighbours(probs: np.ndarray, docs: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]],
                        memory: Mapping[str, np.ndarray], n_classes: int, cfg: Mapping[str, Any]) -> np.ndarray:
    """``(1 - weight) * softmax(log probs / t_lin) + weight * votes`` per document (``docs``: its
    keys, values, blocks); a document sharing no feature with the memory keeps the first term.
    ``cfg``: ``k``, ``weight``, ``t_lin`` and ``blocks`` (those of the memory; default ``KNN_BLOCKS``,
    which models written before the option have)."""
    use = tuple(cfg.get("blocks") or KNN_BLOCKS)
    weight = float(cfg.get("weight", 0.0))
    logits = np.log(np.clip(np.asarray(probs, dtype=np.float64), 1e-30, 1.0)) / float(cfg.get("t_lin", 1.0))
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    for i, (k, v, b) in enumerate(docs):
        votes = knn_votes(memory, n_classes, k, v, b, int(cfg.get("k", 5)), use)
        if votes is not None:
            p[i] = (1.0 - weight) * p[i] + weight * votes
    return p.astype(np.float32)
