"""Hindi analysis for search: a normaliser and a light stemmer, pure functions over one word.

Both produce *keys*: two words that share a key are spelling variants (``norm_key``) or
inflections (``stem_key``) of each other. Search stores the keys of every indexed word and expands
a query word to the indexed words sharing its key (storage/search/vocab.py); the words themselves are
never rewritten, so the exact form still matches and ranks first. Rules and sources:
docs/adr/0022-hindi-analysis-chain.md.

Normaliser (after Lucene's ``IndicNormalizer`` + ``HindiNormalizer``, the Elasticsearch ``hindi``
analyzer, and Larkey/Connell/AbdulJaleel's "Hindi CLIR in thirty days"):
- NFC, zero-width joiners dropped (domain.text.normalize), lower case;
- a nasal consonant + virama before a consonant of its own class (varga) → anusvara
  (सम्बन्ध → संबंध, अन्तर → अंतर, हिन्दी → हिंदी, ठण्डा → ठंडा);
- chandrabindu → anusvara (पाँच → पांच);
- nukta dropped (ज़मीन → जमीन, पढ़ाई → पढाई) and the precomposed nukta letters folded;
- the English "o" (candra o, ऑ/ॉ) → आ/ा (कॉलेज → कालेज), candra e (ऍ/ॅ) → ए/े;
- vowel length folded, long → short (ी → ि, ू → ु, ई → इ, ऊ → उ; Lucene folds these too):
  loanwords and many Hindi words are printed both ways (पुलिस/पुलीस, सूचना/सुचना);
- the virama dropped (what remains of a conjunct spells the same consonants).

Stemmer: the suffix list of Ananthakrishnan Ramanathan & Durgesh D. Rao, "A Lightweight Stemmer
for Hindi" (2003), as implemented in Lucene's ``HindiStemmer``, longest suffix first, applied to a
word after the spelling folds but *before* vowel length is folded (so ि/ी, ु/ू still differ:
only the inflectional endings ा े ी ों ें ियों ाओं … and a final ि ु are stripped, not ो ू). A suffix is stripped only when what remains has at least
``MIN_STEM_LETTERS`` letters and ``MIN_STEM_CHARS`` characters, so short words do not merge.
"""

from __future__ import annotations

from functools import lru_cache

from .text import normalize

VIRAMA = "\u094d"
ANUSVARA = "\u0902"
NUKTA = "\u093c"

# the five classes (vargas) of stops with their nasal
_VARGAS = ("कखगघङ", "चछजझञ", "टठडढण", "तथदधन", "पफबभम")
_NASAL_CLASS = {v[4]: v for v in _VARGAS}

_SPELLING = {
    "\u0901": ANUSVARA,  # chandrabindu → anusvara
    NUKTA: None,  # nukta dropped (NFC has decomposed क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ into letter + nukta)
    "\u0929": "न", "\u0931": "र", "\u0934": "ळ",  # precomposed nukta letters NFC keeps
    "\u0911": "आ", "\u0949": "\u093e",  # candra o ऑ ॉ → आ ा
    "\u090d": "ए", "\u0945": "\u0947",  # candra e ऍ ॅ → ए े
    "\u0972": "अ",  # candra a
}
_SPELLING_TABLE = str.maketrans(_SPELLING)
_LENGTH_TABLE = str.maketrans({
    "\u0940": "\u093f", "\u0942": "\u0941", "\u0944": "\u0943", "\u0963": "\u0962",  # ी→ि ू→ु ॄ→ृ ॣ→ॢ
    "\u0908": "इ", "\u090a": "उ", "\u0960": "ऋ", "\u0961": "ऌ",  # ई→इ ऊ→उ ॠ→ऋ ॡ→ऌ
    VIRAMA: None,
})
# IndicNormalizer: an independent अ/आ with a vowel sign typed after it is the composed vowel
_COMPOSE = (("अा", "आ"), ("अो", "ओ"), ("अौ", "औ"), ("अॉ", "ऑ"), ("अे", "ए"), ("अै", "ऐ"),
            ("आे", "ओ"), ("आै", "औ"), ("एे", "ऐ"), ("ाे", "ो"), ("ाै", "ौ"))

# Lucene HindiStemmer (Ramanathan & Rao 2003): suffixes by length, with its minimum word lengths.
_SUFFIXES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (5, ("ाएंगी", "ाएंगे", "ाऊंगी", "ाऊंगा", "ाइयां", "ाइयों")),
    (4, ("ाएगी", "ाएगा", "ाओगी", "ाओगे", "एंगी", "ेंगी", "एंगे", "ेंगे", "ूंगी", "ूंगा", "ातीं",
         "नाओं", "नाएं", "ताओं", "ताएं", "ियां", "ियों")),
    (3, ("ाकर", "ाइए", "ाईं", "ाया", "ेगी", "ेगा", "ोगी", "ोगे", "ाने", "ाना", "ाते", "ाती", "ाता",
         "तीं", "ाओं", "ाएं", "ुओं", "ुएं", "ुआं")),
    (2, ("कर", "ाओ", "िए", "ाई", "ाए", "ने", "नी", "ना", "ते", "ीं", "ती", "ता", "ां", "ों", "ें")),
    # Lucene strips any final vowel sign; here the inflectional ones (ा े ी: gender/number/case) and
    # the short ि ु that ियों/ुओं leave behind (नीति/नीतियों, वस्तु/वस्तुओं); not ो ू
    (1, ("ा", "े", "ी", "ि", "ु")),
)
MIN_STEM_LETTERS = 2  # letters (consonants, independent vowels) left after stripping
MIN_STEM_CHARS = 3  # code points left after stripping (पता → पत would be 2: not stripped)


def is_devanagari_word(word: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in word)


def _fold_nasals(word: str) -> str:
    """A nasal consonant + virama before a consonant of its class becomes anusvara."""
    if VIRAMA not in word:
        return word
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if (ch in _NASAL_CLASS and i + 2 < n and word[i + 1] == VIRAMA
                and word[i + 2] in _NASAL_CLASS[ch] and word[i + 2] != ch):
            out.append(ANUSVARA)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=65536)
def fold_spelling(word: str) -> str:
    """The spelling folds that keep vowel length: NFC, lower case, nukta, chandrabindu, candra
    vowels, nasal consonant + virama → anusvara. Words that differ only in these are one word."""
    w = normalize(word).casefold()
    if not is_devanagari_word(w):
        return w
    for a, b in _COMPOSE:
        if a in w:
            w = w.replace(a, b)
    return _fold_nasals(w.translate(_SPELLING_TABLE))


@lru_cache(maxsize=65536)
def norm_key(word: str) -> str:
    """The spelling-variant key: ``fold_spelling`` plus vowel length folded and virama dropped."""
    w = fold_spelling(word)
    if not is_devanagari_word(w):
        return w
    return w.translate(_LENGTH_TABLE)


def _letters(s: str) -> int:
    return sum(1 for ch in s if ch.isalpha() and not ("\u093a" <= ch <= "\u094f" or "\u0900" <= ch <= "\u0903"))


def strip_suffix(word: str) -> str:
    """The light stem of a spelling-folded Devanagari word (unchanged when no rule applies)."""
    for size, suffixes in _SUFFIXES:
        if len(word) <= size + 1:
            continue
        for suf in suffixes:
            if word.endswith(suf):
                stem = word[:-size]
                if len(stem) >= MIN_STEM_CHARS and _letters(stem) >= MIN_STEM_LETTERS and not stem.endswith(VIRAMA):
                    return stem
    return word


@lru_cache(maxsize=65536)
def stem_key(word: str) -> str:
    """The inflection key: the light stem of the spelling-folded word, then vowel length folded."""
    w = fold_spelling(word)
    if not is_devanagari_word(w):
        return w
    return strip_suffix(w).translate(_LENGTH_TABLE)
