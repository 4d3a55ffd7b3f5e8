"""Short and one-consonant words typed in Latin letters (ADR 0022 rule 16): the Devanagari spellings
a romanised word may stand for, as ``domain.hindi.norm_key`` spells them, to be looked up by the stored
variant key where the word has no stored phonetic key (ऋण = rin, आज्ञा = aagya, आय = aay); and English
acronyms spelt by their letters' names (rule 18: FIR = एफआईआर, एसडीओ = SDO)."""

from __future__ import annotations

from functools import cache, lru_cache

from .hindi import ANUSVARA, is_devanagari_word, norm_key
from .phonetic import skeleton
from .text import normalize

# -- short and one-consonant words (ADR 0022 rule 16): spelt in Devanagari from the Latin --------
# A Devanagari word of two characters (ऋण, आय, वन) or of one consonant class (आज्ञा, आख्या, आशा) has
# no stored phonetic key (vocab.term_keys), so a Latin query cannot reach it through one. Such a
# query word is instead spelt in Devanagari, every way a clerk's romanisation may stand for, as
# ``domain.hindi.norm_key`` spells (nukta, vowel length and virama folded away, which keeps the
# choices few), and the indexed words with one of those variant keys are candidates like the
# phonetic ones (they must still share a skeleton reading and be among the closest in sound).
_R_CONS: dict[str, tuple[str, ...]] = {
    "ksh": ("कष", "कश"), "chh": ("छ", "चछ"), "gy": ("जञ", "गय"),  # क्ष; च्छ typed chh; ज्ञ read gy
    "kh": ("ख",), "gh": ("घ",), "ch": ("च", "छ"), "jh": ("झ",), "th": ("थ", "ठ"), "dh": ("ध", "ढ"),
    "ph": ("फ",), "bh": ("भ",), "sh": ("श", "ष"),
    # an unaspirated letter may stand for the aspirate (the h is often left out: teka = ठेका)
    "k": ("क", "ख"), "g": ("ग", "घ"), "j": ("ज", "झ"), "z": ("ज",), "t": ("त", "ट", "थ", "ठ"),
    "d": ("द", "ड", "ध", "ढ"), "n": ("न", "ण"), "p": ("प", "फ"), "f": ("फ",), "b": ("ब", "भ"), "m": ("म",),
    "y": ("य",), "r": ("र", "ड"), "l": ("ल",), "v": ("व",), "w": ("व",), "s": ("स", "श", "ष"), "h": ("ह",),
    "q": ("क",), "x": ("कस",), "c": ("क", "च"),
}
# vowels after a consonant (no sign: the inherent a) and as letters (word-initial, after a vowel);
# no vowel length typed: a may be अ or आ
_R_SIGN: dict[str, tuple[str, ...]] = {
    "aa": ("\u093e",), "a": ("", "\u093e"), "ee": ("\u093f",), "ii": ("\u093f",), "i": ("\u093f",), "oo": ("\u0941",),
    "uu": ("\u0941",), "u": ("\u0941",), "e": ("\u0947",), "ai": ("\u0948", "\u0947"), "au": ("\u094c",),
    "ou": ("\u094c",), "o": ("\u094b",)}
_R_LETTER: dict[str, tuple[str, ...]] = {
    "aa": ("आ",), "a": ("अ", "आ"), "ee": ("इ",), "ii": ("इ",), "i": ("इ",), "oo": ("उ",), "uu": ("उ",), "u": ("उ",),
    "e": ("ए",), "ai": ("ऐ", "ए"), "au": ("औ",), "ou": ("औ",), "o": ("ओ",)}
_R_UNITS = sorted([*_R_CONS, *_R_SIGN], key=len, reverse=True)
MAX_ROMANISED = 256  # variant keys asked per query word
ROMANISED_MAX_LEN = 4  # Latin words up to this length may stand for a two-character Devanagari word
ROMANISED_LONGEST = 8  # one-consonant-class words are short (aagya, ichha); longer ones are not spelt (cost)


def needs_romanised_spellings(word: str) -> bool:
    """A Latin word whose Devanagari match may have no stored phonetic key: at most
    ``ROMANISED_MAX_LEN`` letters (ऋण = rin, आय = aay), or of fewer than two consonant classes
    (आज्ञा = aagya, आख्या = akhya), and at most ``ROMANISED_LONGEST`` letters (a typed run of one
    letter would otherwise cost tens of milliseconds to spell)."""
    return (word.isascii() and word.isalpha() and len(word) <= ROMANISED_LONGEST
            and (len(word) <= ROMANISED_MAX_LEN or len(skeleton(word)) < 2))


@lru_cache(maxsize=4096)
def romanised_spellings(word: str) -> frozenset[str]:
    """The ``norm_key`` spellings a romanised word may stand for (at most ``MAX_ROMANISED``):
    rin → रिन, रिण, ऋन, ऋण …; aagya → आगय, आजञ, आजञा … (ज्ञ); akhya → आखया (आख्या)."""
    w = word.casefold()
    if not (w.isascii() and w.isalpha()):
        return frozenset()
    n = len(w)

    @cache
    def spell(i: int, after_consonant: bool) -> tuple[str, ...]:
        if i == n:
            return ("",)
        out: list[str] = []
        if w.startswith("ri", i) and (i == 0 or after_consonant):  # ऋ, ृ (ऋण = rin, कृषि = krishi)
            out += [("\u0943" if after_consonant else "ऋ") + r for r in spell(i + 2, False)]
        for unit in _R_UNITS:
            if not w.startswith(unit, i):
                continue
            nxt = i + len(unit)
            if unit in _R_SIGN:
                out += [v + r for v in (_R_SIGN if after_consonant else _R_LETTER)[unit] for r in spell(nxt, False)]
                continue
            letters = list(_R_CONS[unit])
            if unit in ("n", "m") and nxt < n and w[nxt] not in "aeiouy":
                letters.append(ANUSVARA)  # a nasal before a consonant
            out += [c + r for c in letters for r in spell(nxt, c != ANUSVARA)]
            if len(unit) == 1 and w[nxt:nxt + 1] == unit:  # a doubled letter may be one consonant
                out += [c + r for c in letters if c != ANUSVARA for r in spell(nxt + 1, True)]
        return tuple(dict.fromkeys(out))[:MAX_ROMANISED]

    keys = sorted({norm_key(s) for s in spell(0, False) if s and is_devanagari_word(s)})
    return frozenset(keys[:MAX_ROMANISED])


# -- acronyms (ADR 0022 rule 18): English letters spelt by their names in Devanagari ----------
# Offices print English acronyms as the letters' names (FIR = एफआईआर, RTI = आरटीआई, BPL = बीपीएल,
# SDM = एसडीएम, PWD = पीडब्ल्यूडी); clerks type the Latin letters, and the other way round. No sound
# reading reaches them (the names' vowels are not the word's). Spellings as in Hindi print, with the
# nukta where print has one (एफ़, ज़ेड), and I and Y also with the short i of a large part of the Hindi
# press (सीबीआइ, आइएएस, आइजी, वाइफाइ: Dainik Jagran's style; in Tesseract's Hindi word list that
# admits one Hindi word, आइए = IA, against 9 that length agreement keeps out). A match must spell the names with their vowel length and
# nukta (``acronym_spelling``): folded, Hindi words read as names (इसी = EC, but E is ई; जिओ = GO, but
# G is जी; एड़ी = AD, but D is डी; सिटी = CT). Candidates are looked up by the variant key, which folds
# both, and checked by the spelling.
LETTER_NAMES: dict[str, tuple[str, ...]] = {
    "a": ("ए",), "b": ("बी",), "c": ("सी",), "d": ("डी",), "e": ("ई",), "f": ("एफ", "एफ़"), "g": ("जी",),
    "h": ("एच", "एच्"), "i": ("आई", "आइ"), "j": ("जे",), "k": ("के",), "l": ("एल",), "m": ("एम",), "n": ("एन",),
    "o": ("ओ",), "p": ("पी",), "q": ("क्यू",), "r": ("आर",), "s": ("एस",), "t": ("टी",), "u": ("यू",),
    "v": ("वी",), "w": ("डब्ल्यू", "डब्लू", "डबल्यू"), "x": ("एक्स",), "y": ("वाई", "वाइ"), "z": ("जेड", "ज़ेड"),
}
ACRONYM_LETTERS = (2, 5)  # acronyms typed are of 2-5 letters (DM, FIR, CCTV, NABARD is a word)
_CANDRA_E = str.maketrans({"\u090d": "ए", "\u0945": "\u0947"})  # ऍफ = एफ (as the variant key folds it)


def acronym_spelling(word: str) -> str:
    """A Devanagari word as compared with the letters' names: NFC (a nukta letter is its letter +
    nukta), zero-width characters dropped, lower case, candra e = e; vowel length, nukta and virama
    kept."""
    return normalize(word).casefold().translate(_CANDRA_E)


_NAMES: dict[str, str] = {acronym_spelling(s): letter for letter, names in LETTER_NAMES.items() for s in names}
_LONGEST_NAME = max(map(len, _NAMES))


def _spell(word: str) -> list[str] | None:
    w = word.casefold()
    lo, hi = ACRONYM_LETTERS
    if not (w.isascii() and w.isalpha() and lo <= len(w) <= hi):
        return None
    spellings = [""]
    for ch in w:
        spellings = [s + acronym_spelling(name) for s in spellings for name in LETTER_NAMES[ch]]
    return spellings


@lru_cache(maxsize=4096)
def letter_spellings(word: str) -> frozenset[str]:
    """The variant keys of a short Latin word spelt letter by letter by the letters' names
    (FIR → एफआईआर, PWD → पीडब्ल्यूडी …), to look candidates up by; empty for a word of other length
    or with other characters. A candidate is the acronym only if ``spells_letters``."""
    return frozenset(norm_key(s) for s in _spell(word) or [])


@lru_cache(maxsize=4096)
def _exact_spellings(word: str) -> frozenset[str]:
    return frozenset(_spell(word) or [])


def spells_letters(term: str, word: str) -> bool:
    """Whether the Devanagari ``term`` spells the Latin ``word``'s letters by their names, vowel
    length and nukta as the names have them (एफआईआर, एफ़आईआर = FIR; not एड़ी = AD, जिओ = GO)."""
    return acronym_spelling(term) in _exact_spellings(word)


@lru_cache(maxsize=4096)
def acronym_of(word: str) -> str:
    """The Latin letters a Devanagari word spells by their names (एसडीओ → sdo, एफआईआर → fir), or ""
    when it is not such a word (of 2-5 letter names, read whole, vowel length and nukta agreeing:
    not इसी, जिओ, एड़ी)."""
    if not is_devanagari_word(word):
        return ""
    key = acronym_spelling(word)
    lo, hi = ACRONYM_LETTERS
    if len(key) > hi * _LONGEST_NAME:  # too long to spell 5 letters (and a long run of names would recurse deep)
        return ""

    @cache
    def read(i: int) -> tuple[str, ...]:  # the letter sequences that spell key[i:]
        if i == len(key):
            return ("",)
        return tuple(letter + rest for name, letter in _NAMES.items() if key.startswith(name, i)
                     for rest in read(i + len(name)))

    reads = [r for r in read(0) if lo <= len(r) <= hi]
    return reads[0] if len(reads) == 1 else ""
