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

import re
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
_LENGTH_ONLY = {"\u0940": "\u093f", "\u0942": "\u0941", "\u0944": "\u0943", "\u0963": "\u0962",
                "\u0908": "इ", "\u090a": "उ", "\u0960": "ऋ", "\u0961": "ऌ"}
_LENGTH_ONLY_TABLE = str.maketrans(_LENGTH_ONLY)  # vowel length folded, the virama kept
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


# -- query-side alternatives (ADR 0022 rules 5-6): spellings the stored keys keep apart -------------
# A query word's alternative spellings are looked up by their stored keys; a word found through an
# alternative key is kept only when its ``loose_key`` equals the query's. The stored keys do not change.
_STOPS_TD = "टठडढतथदध"  # the retroflex and dental stops
# न् before a sibilant (मुन्शी/मुंशी, इन्सान/इंसान, वन्श/वंश): the standard writes a nasal before a
# consonant that is no stop as anusvara; typists write न् (ADR 0022, after the sixth set)
_SIBILANTS = "शषस"
_CROSS_NASAL = re.compile(f"[नण]{VIRAMA}(?=[{_STOPS_TD}])|न{VIRAMA}(?=[{_SIBILANTS}])")
_NASAL_SITE = re.compile(f"(?:{ANUSVARA}|[नण]{VIRAMA})(?=[{_STOPS_TD}])|(?:{ANUSVARA}|न{VIRAMA})(?=[{_SIBILANTS}])")
# the glide य before ई/ए after a letter or vowel sign (not word-initial, not after a virama)
_GLIDE = re.compile("(?<=[\u0901-\u0939\u093e-\u094c])य([\u0940\u0947])")
_GLIDE_SITE = re.compile("(?<=[\u0901-\u0939\u093e-\u094c])(?:य[\u0940\u0947]|[ईए])")
# ह + virama before न म ल व written after it (चिह्न/चिन्ह, ब्राह्मण/ब्राम्हण, आह्वान/आव्हान)
_H_METATHESIS = re.compile(f"ह{VIRAMA}([नमलव])")
_H_SITE = re.compile(f"ह{VIRAMA}[नमलव]|[नमलव]{VIRAMA}ह")
# a doubled consonant before व written once (महत्त्व/महत्व, तत्त्व/तत्व, उज्ज्वल/उज्वल)
_GEMINATE_V = re.compile(f"([\u0915-\u0939]){VIRAMA}\\1(?={VIRAMA}व)")
_GEMINATE_SITE = re.compile(f"(?<=[\u0905-\u0939\u093e-\u094c])([\u0915-\u0938]){VIRAMA}(?:\\1{VIRAMA})?(?=व)")
# र + virama-less ृ after a conjunct's virama: श्रृंखला = शृंखला (ृ is itself the r-vowel)
_R_VOWEL = re.compile(f"(?<=[\u0915-\u0939]){VIRAMA}र\u0943")
_R_VOWEL_SITE = re.compile(f"(?<=[\u0915-\u0939])(?:{VIRAMA}र)?\u0943")
_GLIDE_VOWEL = {"\u0940": "ई", "\u0947": "ए"}
_VOWEL_GLIDE = {"ई": "य\u0940", "ए": "य\u0947"}
MAX_ALTERNATIVES = 16


def loose_spelling(word: str) -> str:
    """``fold_spelling`` plus alternations of written Hindi that the stored keys keep apart:
    - न् or ण् before a retroflex or dental stop (the other n's class) → anusvara: आवन्टन = आवंटन,
      घन्टा = घंटा, पन्डित = पंडित (typists write न् for ण् before ट-class stops);
    - the glide य before ी/े after a letter → the vowel ई/ए: स्थायी = स्थाई, नयी = नई, लिये = लिए,
      योजनायें = योजनाएं (Central Hindi Directorate, मानक हिंदी वर्तनी 2016: both are in use, the vowel
      form is the standard where य is not part of the word);
    - ह् before न म ल व written after it: चिह्न = चिन्ह, ब्राह्मण = ब्राम्हण, आह्वान = आव्हान (the same
      standard names these as the common miswritings);
    - a doubled consonant before व written once: महत्त्व = महत्व, तत्त्व = तत्व, उज्ज्वल = उज्वल (both in
      use; not elsewhere: पत्ता and पता are two words);
    - र + ृ after a consonant's virama written ृ: श्रृंखला = शृंखला, श्रृंगार = शृंगार (ृ is the r-vowel;
      the standard names the र्‌ृ form a miswriting)."""
    w = fold_spelling(word)
    if not is_devanagari_word(w):
        return w
    w = _CROSS_NASAL.sub(ANUSVARA, w)
    w = _H_METATHESIS.sub(lambda m: m.group(1) + VIRAMA + "ह", w)
    w = _GEMINATE_V.sub(lambda m: m.group(1), w)
    w = _R_VOWEL.sub("\u0943", w)
    return _GLIDE.sub(lambda m: _GLIDE_VOWEL[m.group(1)], w)


@lru_cache(maxsize=65536)
def loose_key(word: str) -> str:
    """``norm_key`` of the ``loose_spelling``: the check on words found through an alternative key."""
    w = loose_spelling(word)
    return w.translate(_LENGTH_TABLE) if is_devanagari_word(w) else w


@lru_cache(maxsize=65536)
def loose_stem_key(word: str) -> str:
    """``stem_key`` of the ``loose_spelling``."""
    w = loose_spelling(word)
    return strip_suffix(w).translate(_LENGTH_TABLE) if is_devanagari_word(w) else w


def _site_options(m: re.Match[str]) -> tuple[str, ...]:
    s = m.group(0)
    if m.re is _H_SITE:  # ह्न ↔ न्ह
        return (s, s[2] + VIRAMA + "ह") if s[0] == "ह" else (s, "ह" + VIRAMA + s[0])
    if m.re is _R_VOWEL_SITE:  # श्रृ ↔ शृ
        return ("\u0943", VIRAMA + "र\u0943")
    if m.re is _GEMINATE_SITE:  # त्त्व ↔ त्व
        c = s[0]
        return (c + VIRAMA, c + VIRAMA + c + VIRAMA)
    if s == ANUSVARA or s.endswith(VIRAMA):
        return (ANUSVARA, "न" + VIRAMA, "ण" + VIRAMA)
    if s in _VOWEL_GLIDE:
        return (s, _VOWEL_GLIDE[s])
    return (s, _GLIDE_VOWEL[s[1]])


@lru_cache(maxsize=65536)
def spelling_alternatives(word: str) -> tuple[str, ...]:
    """The spellings of a Devanagari word under ``loose_spelling``'s alternations (the folded word
    first; at most ``MAX_ALTERNATIVES``): घंटा → घंटा, घन्टा, घण्टा; स्थाई → स्थाई, स्थायी."""
    w = fold_spelling(word)
    if not is_devanagari_word(w):
        return (w,)
    sites = sorted([*_NASAL_SITE.finditer(w), *_GLIDE_SITE.finditer(w), *_H_SITE.finditer(w),
                    *_GEMINATE_SITE.finditer(w), *_R_VOWEL_SITE.finditer(w)], key=lambda m: m.start())
    out = [""]
    pos = 0
    for m in sites:
        if m.start() < pos:  # overlapping sites (ह्व is an h-site and a geminate site): the first wins
            continue
        out = [o + w[pos:m.start()] + alt for o in out for alt in _site_options(m)][:MAX_ALTERNATIVES]
        pos = m.end()
    return tuple(dict.fromkeys([w, *(o + w[pos:] for o in out)]))


_PLURALS = (("\u093e", ("\u0947", "\u094b\u0902", "\u093eओं", "\u093eएं")),  # ा: े ों ाओं ाएं
            ("\u0940", ("ियों", "ियां")), ("\u093f", ("ियों", "ियां")), ("\u0941", ("ुओं",)))
_LEMMAS = (("ियों", "\u0940"), ("ियां", "\u0940"), ("\u093eओं", "\u093e"), ("\u093eएं", "\u093e"), ("ुओं", "\u0941"),
           ("\u094b\u0902", ""), ("\u0947\u0902", ""), ("\u094b\u0902", "\u093e"), ("\u0947", "\u093e"))
MAX_PARADIGM_LETTERS = 3


@lru_cache(maxsize=65536)
def paradigm_keys(word: str) -> frozenset[str]:
    """The stem keys of a short word's lemma and plural forms, which the stemmer's minimum stem keeps
    apart (दवा/दवाओं, कमी/कमियाँ, पुल/पुलों): the Ramanathan & Rao plural endings of a noun ending in
    ा, ी/ि, ु or a consonant, generated from the query word (query side; words of at most
    ``MAX_PARADIGM_LETTERS`` letters, longer ones are stemmed)."""
    w = fold_spelling(word)
    if not is_devanagari_word(w) or _letters(w) > MAX_PARADIGM_LETTERS:
        return frozenset()
    lemmas = {w} | {w[:-len(s)] + r for s, r in _LEMMAS if w.endswith(s) and _letters(w[:-len(s)]) >= 2}
    forms = set(lemmas)
    for lemma in lemmas:
        if "\u0915" <= lemma[-1:] <= "\u0939":
            forms.update(lemma + s for s in ("\u094b\u0902", "\u0947\u0902"))  # ों ें
        for end, suffixes in _PLURALS:
            if lemma.endswith(end):
                forms.update(lemma[:-1] + s for s in suffixes)
    return frozenset(stem_key(f) for f in forms) - {stem_key(w)}


# nouns in ू or in ई after a vowel (इकाई, लड़ाई, कमाई): the plural ending is ुओं, इयों/इयां (डाकू →
# डाकुओं, इकाई → इकाइयाँ); the stemmer keeps these apart (it strips no ू, and ाइयों leaves too short a
# stem), and their stem keys may be another word's (डाकुओं → डाक, post): generated exactly instead
_LONG_PLURALS = (("\u0942", "\u0941ओं"), ("ई", "इयों"), ("ई", "इयां"),
                 # and of a noun in ी/ि (चेतावनी/चेतावनियों, पेंशनभोगी/पेंशनभोगियों): the stemmer takes
                 # नी, ोगी … from the lemma as endings, so the two stem keys differ (after the sixth set)
                 ("\u0940", "ियों"), ("\u0940", "ियां"), ("\u093f", "ियों"), ("\u093f", "ियां"))
_VOWEL_SIGNS = "\u093e\u093f\u0940\u0941\u0942\u0947\u0948\u094b\u094c"


@lru_cache(maxsize=65536)
def plural_forms(word: str) -> frozenset[str]:
    """The oblique plural forms of a noun in ू or in ई after a vowel sign, or the lemma of such a
    plural (ADR 0022 rule 9; query side, any length; looked up by their variant keys)."""
    w = fold_spelling(word)
    if not is_devanagari_word(w) or _letters(w) < 2:
        return frozenset()
    out = set()
    for end, plural in _LONG_PLURALS:
        if w.endswith(end) and (end != "ई" or w[-2:-1] in _VOWEL_SIGNS):
            out.add(w[:-1] + plural)
        if w.endswith(plural) and _letters(w[:-len(plural)]) >= 2:
            out.add(w[:-len(plural)] + end)
    return frozenset(out)


# -- the stem tier's check (ADR 0022 rule 15): could the two words be forms of one lemma? ---------
# The stemmer strips an ending whatever the word; two words whose stripped endings belong to
# different lemma classes are different words that merely share the letters before the ending:
# सूची (ी: a lemma in ी, or the feminine of one in ा) / सूचना (ना: a lemma in -ना), डाक (a lemma in
# a consonant) / डाकुओं (ुओं: the plural of a lemma in ु/ू, डाकू). The classes a form's ending allows
# (Ramanathan & Rao's endings; McGregor, Outline of Hindi Grammar): C a lemma in a consonant, A in ा,
# I in ी/ि, U in ु/ू, N in -ना (nouns सूचना, योजना; verbal nouns); an ending not listed (verbal:
# ता ती ते ाकर …) allows any.
_LEMMA_CLASSES: dict[str, frozenset[str]] = {
    "\u093e": frozenset("A"), "\u0947": frozenset("A"), "\u0940": frozenset("IA"), "\u093f": frozenset("I"),
    "\u0941": frozenset("U"), "\u0942": frozenset("U"), "\u094b\u0902": frozenset("CA"), "\u0947\u0902": frozenset("CV"),
    "ियों": frozenset("I"), "ियां": frozenset("I"), "\u093eओं": frozenset("A"), "\u093eएं": frozenset("A"),
    "ुओं": frozenset("U"), "ुएं": frozenset("U"), "ुआं": frozenset("U"),
    "ना": frozenset("N"), "ने": frozenset("N"), "नी": frozenset("N"), "नाओं": frozenset("N"), "नाएं": frozenset("N"),
}
_ANY = frozenset("*")


def lemma_classes(word: str) -> frozenset[str]:
    """The lemma classes a form may belong to, by the ending the stemmer strips from it (by its last
    letter when none is stripped): see ``_LEMMA_CLASSES``."""
    w = loose_spelling(word)
    stem = strip_suffix(w)
    ending = w[len(stem):]
    if ending:
        return _LEMMA_CLASSES.get(ending, _ANY)
    last = w[-1:]
    if "\u0915" <= last <= "\u0939":
        return frozenset("C")
    return _LEMMA_CLASSES.get(last, _ANY)


def _stem_spelling(word: str) -> str:
    """The light stem of the loose spelling with vowel length folded but the virama kept."""
    return strip_suffix(loose_spelling(word)).translate(_LENGTH_ONLY_TABLE)


@lru_cache(maxsize=65536)
def may_share_lemma(word: str, other: str) -> bool:
    """Whether two Devanagari words with one stem key may be forms of one lemma (ADR 0022 rule 15):
    their endings allow a common lemma class, and their stems are spelt alike up to vowel length,
    virama included (नर्स / नरसों: नर्स against नरस, the stem key dropping the virama joined them)."""
    a, b = lemma_classes(word), lemma_classes(other)
    if not ("*" in a or "*" in b or a & b):
        return False
    return _stem_spelling(word) == _stem_spelling(other)


# -- typing slips (ADR 0022 rule 21): looked up only for a query word printed on no page -----------
# ृ typed as र् before the next letter (म्रतक for मृतक, प्रष्ठ for पृष्ठ: phone layouts hide ृ), and one
# sibilant typed for another (सपथ for शपथ, सासकीय for शासकीय). Like the OCR one-edit tier, only for a
# word that is not indexed, since ग्रह (planet) / गृह (home) and सर / शर are real pairs. And only for a
# word of at least ``MIN_SLIP_LETTERS`` letters: in Tesseract's Hindi word list (hin.traineddata, 12 683
# words) 8 % of the two-letter words have a one-slip spelling that is another word of the list (साल/शाल,
# केस/केश, कोष/कोश), 1.3 % of the three-letter words, 0.5 % of the four-letter ones; a two-letter word on
# no page of a small collection is as likely a real word the collection lacks (ADR 0022, rule 21).
MIN_SLIP_LETTERS = 3
_R_SLIP = re.compile(f"(?<=[\u0915-\u0939]){VIRAMA}र(?=[\u0915-\u0939])")
_SIBILANT_SWAP = {"श": "षस", "ष": "शस", "स": "शष"}


@lru_cache(maxsize=4096)
def slip_spellings(word: str) -> frozenset[str]:
    """The spellings a Devanagari word typed with one slip may stand for (one site changed; at most
    ``MAX_ALTERNATIVES``): म्रतक → मृतक; सपथ → शपथ, षपथ; none for a word of fewer than
    ``MIN_SLIP_LETTERS`` letters (शाल, not साल)."""
    w = fold_spelling(word)
    if not is_devanagari_word(w) or _letters(w) < MIN_SLIP_LETTERS:
        return frozenset()
    out = [w[:m.start()] + "\u0943" + w[m.end():] for m in _R_SLIP.finditer(w)]
    out += [w[:i] + alt + w[i + 1:] for i, ch in enumerate(w) for alt in _SIBILANT_SWAP.get(ch, "")]
    return frozenset(out[:MAX_ALTERNATIVES])
