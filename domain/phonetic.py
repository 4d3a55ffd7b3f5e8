"""A loose cross-script phonetic key: Devanagari and Latin spellings of one word share it.

Romanised Hindi (khasra = खसरा, tehsil = तहसील, patwari = पटवारी) and English loanwords printed in
Devanagari (hospital = हॉस्पिटल, budget = बजट, police = पुलिस) are found by reducing both scripts
to the same sound classes, not by a word list. Rules and sources: docs/adr/0022-hindi-analysis-chain.md.

Two strings per word:
- ``skeleton``: the consonant classes only (what the vocabulary stores and looks up). Vowels,
  schwa, aspiration and vowel length are what people type least consistently, so they are left out:
  kh/k, gh/g, ch/chh, th/t, dh/d, ph/f/p, bh/b, sh/s/ष/श, z/j, w/v, retroflex/dental, doubled
  letters, y after a consonant (कंप्यूटर = computer), a nasal before a consonant (sambandh = संबंध).
- ``sound``: the skeleton with vowel classes (i, u, e, o; a/aa/schwa left out, since Devanagari does
  not write the schwa): used to rank the words that share a skeleton, closest first.

Latin spelling rules for English loanwords: c before e/i/y is s, else k; ck, q → k; x → ks;
dg(e), final ge → j; ti/si before on/an → sh (station = स्टेशन); a final silent e is dropped for the
sound; "eh" before a consonant is the Hindi "ah" (tehsil = तहसील, shehar = शहर).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from .hindi import fold_spelling, is_devanagari_word
from .text import normalize

_CONS = {
    **dict.fromkeys("कख", "k"), **dict.fromkeys("गघ", "g"), **dict.fromkeys("चछ", "c"),
    **dict.fromkeys("जझ", "j"), **dict.fromkeys("टठतथ", "t"), **dict.fromkeys("डढदध", "d"),
    **dict.fromkeys("ङञणन", "n"), **dict.fromkeys("पफ", "p"), **dict.fromkeys("बभ", "b"),
    "म": "m", "य": "y", "र": "r", **dict.fromkeys("लळ", "l"), "व": "v", **dict.fromkeys("शषस", "s"),
    "ह": "h",
}
_VOWEL_SIGN = {
    "\u093e": "", "\u093f": "i", "\u0940": "i", "\u0941": "u", "\u0942": "u", "\u0943": "ri",
    "\u0947": "e", "\u0948": "e", "\u094b": "o", "\u094c": "o", "\u0949": "o", "\u0945": "e",
}
_VOWEL = {
    "अ": "", "आ": "", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ऋ": "ri", "ए": "e", "ऐ": "e",
    "ओ": "o", "औ": "o", "ऑ": "o", "ऍ": "e",
}
VOWELS = frozenset("aeiou")
_ANUSVARA_M = frozenset("यरलवशषसह")  # anusvara before a semivowel or sibilant: romanised m or n (samvida, sanshodhan)


def _devanagari_sound(word: str, loose: str = "") -> str:
    """``loose``: "" (the stored key's reading), "flap" (ड़ ढ़ read r rh, anusvara before य र ल व श ष स ह
    read m: query side) or "bare" (as "flap", nasals not written: query side)."""
    # fold_spelling: nukta dropped (ज़ = ज, फ़ = फ), chandrabindu/nasal+virama → anusvara;
    # it maps ॉ to ा, so the English o is read from the unfolded word first
    w = word.replace("\u0949", "\u094b").replace("ऑ", "ओ")
    if loose:
        w = normalize(w).replace("ड\u093c", "र").replace("ढ\u093c", "र\u094dह")
    w = fold_spelling(w).replace("ज्ञ", "ग्य").replace("क्ष", "क्श")
    out: list[str] = []
    for i, ch in enumerate(w):
        if loose and ch == "\u0902":
            out.append("" if loose == "bare" else "m" if w[i + 1:i + 2] in _ANUSVARA_M else "n")
            continue
        if ch in _CONS:
            out.append(_CONS[ch])
        elif ch in _VOWEL_SIGN:
            out.append(_VOWEL_SIGN[ch])
        elif ch in _VOWEL:
            out.append(_VOWEL[ch])
        elif ch == "\u0902":  # anusvara: a nasal
            out.append("n")
        elif ch == "\u0903":  # visarga
            out.append("h")
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
    return "".join(out)


# Latin: longest first. Aspirated pairs lose the h, sh/s, z/j, w/v, ph/f/p.
_LATIN_MULTI = (
    ("tch", "c"), ("chh", "c"), ("ksh", "ks"), ("sch", "sk"), ("tion", "son"), ("sion", "son"), ("tian", "san"),
    ("dge", "je"), ("dg", "j"), ("ch", "c"), ("sh", "s"), ("kh", "k"), ("gh", "g"), ("jh", "j"), ("th", "t"),
    ("dh", "d"), ("ph", "p"), ("bh", "b"), ("ck", "k"), ("qu", "kv"), ("aa", "a"), ("ee", "i"), ("ii", "i"),
    ("oo", "u"), ("uu", "u"), ("ai", "e"), ("ay", "e"), ("ou", "o"),
)
_LATIN_ONE = {"q": "k", "x": "ks", "z": "j", "w": "v", "f": "p", "y": "y"}


def _latin_sound(word: str, loose: bool = False) -> str:
    """``loose`` (query side): ay is a + y (ayukt = आयुक्त, sahayak = सहायक, muayna = मुआयना), not the
    ay of day (the stored reading)."""
    w = "".join(ch for ch in word.casefold() if ch.isascii() and ch.isalnum())
    out: list[str] = []
    i, n = 0, len(w)
    while i < n:
        for src, dst in _LATIN_MULTI:
            if loose and src == "ay":
                continue
            if w.startswith(src, i):
                out.append(dst)
                i += len(src)
                break
        else:
            ch = w[i]
            nxt = w[i + 1] if i + 1 < n else ""
            if ch == "c":
                out.append("s" if nxt in ("e", "i", "y") else "k")
            elif ch == "g" and nxt == "e" and i + 2 == n:
                out.append("j")  # college, village: final -ge
            elif ch == "a" and nxt in ("u", "w") and not (i + 2 < n and w[i + 2] in VOWELS):
                out.append("o")  # au, aw = औ; but aw + vowel is a + v (girdawari = गिरदावरी)
                i += 1
            elif ch == "e" and nxt == "h" and i + 2 < n and w[i + 2] not in VOWELS:
                pass  # tehsil, shehar: "eh" + consonant is the Hindi a + h
            elif ch == "y" and (i + 1 == n or (out and out[-1][-1:] not in VOWELS and nxt not in VOWELS)):
                out.append("i")  # policy, city: a final y is a vowel
            else:
                out.append(_LATIN_ONE.get(ch, ch))
            i += 1
    s = "".join(out)
    if len(s) > 3 and s.endswith("e") and s[-2] not in VOWELS:
        s = s[:-1]  # silent final e: police, office, college
    return s


def _skeleton_of(sound: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(sound):
        if ch in VOWELS:
            continue
        prev = out[-1] if out else ""
        if ch == "y" and prev and prev != "y":
            continue  # y after a consonant: vyakti/व्यक्ति, computer/कंप्यूटर
        if ch == "h" and prev in ("k", "g", "c", "j", "t", "d", "p", "b", "s") and i and sound[i - 1] not in VOWELS:
            continue
        if ch == "m" and i + 1 < len(sound) and sound[i + 1] in "pb":
            ch = "n"  # a nasal before a labial: sambandh = संबंध
        if ch == prev:
            continue
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def sound(word: str) -> str:
    """Consonant classes and vowel classes (i u e o; a-sounds left out) of a Devanagari or Latin
    word, with the skeleton's consonant rules applied where consonants meet (a nasal before a labial
    is n, y and aspiration h right after a consonant dropped), so same-skeleton words compare on
    their vowels."""
    if any("\u0900" <= ch <= "\u097f" for ch in word):
        return _finish(_devanagari_sound(word))
    return _finish(_latin_sound(word).replace("a", ""))


def _finish(s: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(s):
        prev = out[-1] if out else ""
        consonant_before = bool(prev) and prev not in VOWELS
        if ch == "y" and consonant_before and prev != "y":
            continue
        if ch == "h" and consonant_before and prev in "kgcjtdpbs":
            continue
        if ch == "m" and i + 1 < len(s) and s[i + 1] in "pb":
            ch = "n"
        if ch == prev:
            continue
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The phonetic key: consonant classes only (see the module docstring)."""
    return _skeleton_of(sound(word))


def _latin_variants(low: str) -> list[str]:
    """English spellings that sound otherwise than they look: a g before e/i/y may be j
    (registrar = रजिस्ट्रार, engineer = इंजीनियर; but gita = गीता), an s between vowels may be z
    (supervisor = सुपरवाइज़र, visa = वीज़ा)."""
    out = [low]
    n = len(low)
    def soft(i: int) -> bool:  # dg(e) is j already
        return low[i] == "g" and i + 1 < n and low[i + 1] in "eiy" and (i == 0 or low[i - 1] != "d")

    if any(soft(i) for i in range(n)):
        out.append("".join("j" if soft(i) else ch for i, ch in enumerate(low)))
    if any(low[i] == "s" and low[i - 1] in "aeiou" and low[i + 1] in "aeiou" for i in range(1, n - 1)):
        out += ["".join("z" if ch == "s" and 0 < i < n - 1 and w[i - 1] in "aeiou" and w[i + 1] in "aeiou" else ch
                        for i, ch in enumerate(w)) for w in list(out)]
    return out


@lru_cache(maxsize=65536)
def variants(word: str) -> tuple[str, ...]:
    """The word and, for a Latin word, its other likely pronunciations (``_latin_variants``)."""
    low = word.casefold()
    if not low.isascii():
        return (word,)
    return tuple(dict.fromkeys(_latin_variants(low)))


@lru_cache(maxsize=65536)
def skeletons(word: str) -> tuple[str, ...]:
    """The skeletons a typed word may have (one per ``variants``); the first is ``skeleton(word)``."""
    return tuple(dict.fromkeys([skeleton(word), *(skeleton(v) for v in variants(word))]))


def best_distance(word: str, other: str) -> float:
    """The smallest ``sound_distance`` (plus the readings' costs) between a reading of ``word`` and
    a reading of ``other`` with the same skeleton (of a Latin ``other``, a found term, only the
    stored key's reading); infinite when no two readings share one, or when the Latin one writes an
    aspirate the Devanagari one lacks (``aspirates_in_excess``): not kept as a phonetic match."""
    if aspirates_in_excess(word, other):
        return math.inf
    mine = readings(word)
    theirs = readings(other) if is_devanagari_word(other) else ((sound(other), 0.0, skeleton(other)),)
    return min((sound_distance(a, b) + ca + cb for b, cb, kb in theirs for a, ca, ka in mine if ka == kb),
               default=math.inf)


# Aspirates a typist wrote (kh jh th dh ph bh; not ch/chh, typed for च and छ alike, nor sh, nor gh:
# silent in English light and high, h in Singh = सिंह) that the Devanagari word does not have: booth
# is बूथ, not बूट; bhag is भाग, not बाग (ADR 0022 rule 13). The key ignores aspiration (clerks often
# leave the h out: ठेका is typed theka and teka), so only an h written in excess excludes a match.
# A Devanagari consonant followed by ह (एडहॉक = adhoc, क्लबहाउस = clubhouse) counts as an aspirate.
# f (ff once) counts as one: English and romanised Hindi write f only for फ/फ़, never for प (office =
# ऑफिस, fees = फीस; rule 16 spells f फ alone), so fees is no पीस and पेसी no office (ADR 0022 rule 13).
_LATIN_ASPIRATES = re.compile(r"(?<![cs])(?:kh|jh|th|dh|ph|bh)|f+")
# the nukta letters ख़ ढ़ फ़ precomposed too (U+0959, U+095D, U+095E: unnormalised text; NFC decomposes them)
_DEVA_ASPIRATES = re.compile("[खझठढथधफभ\u0959\u095d\u095e]|[\u0915-\u0939]\u094d?ह")


def aspirates_in_excess(word: str, other: str) -> int:
    """How many aspirates the Latin one of the two words writes beyond those of the Devanagari one
    (0 when both are of one script)."""
    deva = [w for w in (word, other) if is_devanagari_word(w)]
    latin = [w for w in (word, other) if not is_devanagari_word(w)]
    if len(deva) != 1:
        return 0
    extra = len(_LATIN_ASPIRATES.findall(latin[0].casefold())) - len(_DEVA_ASPIRATES.findall(deva[0]))
    return max(extra, 0)


# -- query-side alternatives (ADR 0022 rule 8): readings the stored key does not make ------------
# Latin spellings read otherwise by clerks and by English (applied together as one more reading)
_LOOSE_LATIN = (
    (re.compile(r"^u(?=[^aeiou][aeiou])"), "yu"),  # English initial u = यू: university, union, unit
    (re.compile(r"i?ew(?![aeiou])"), "yu"),  # ew = यू: interview, review, new (not sewa = सेवा)
    (re.compile(r"ow(?![aeiou])"), "o"),  # ow + consonant = औ like au/aw: chowkidar, chowk
    (re.compile(r"que$"), "k"),  # cheque, technique
    (re.compile(r"qu(?=[aeiou])"), "k"),  # qu read k as Hindi prints it: quota = कोटा (the stored reading: kv)
    (re.compile(r"gue$"), "g"),  # league, dialogue
    (re.compile(r"igh"), "i"),  # silent gh after i, the i read ाइ: light = लाइट, night, right, high
    (re.compile(r"(?<=[aeiou])ght"), "t"),  # and before t: eight, weight
    (re.compile(r"ture$"), "cher"),  # English -ture = चर: picture, furniture, culture, lecture
    (re.compile(r"aon$"), "anw"),  # final -aon of romanised place names and words is -ाँव: gaon, Malegaon
    (re.compile(r"ation(?=s?$)"), "eshan"),  # English -ation is /eɪʃən/, printed -ेशन: operation = ऑपरेशन
    (re.compile(r"m(?=[^aeioubpmy])"), "n"),  # anusvara typed m before a non-labial: samvida = संविदा
)
_FETCHED = re.compile("[\u093c\u0958-\u095f\u0901\u0902]|[ङञणनम]\u094d|क\u094dष")  # a nukta, a written nasal, क्ष
_NUKTA_OR_NASAL = _FETCHED
BARE_NASAL_COST = 0.5  # a Devanagari nasal the typist left out (batwara = बँटवारा): like a vowel
# ch in English words taken from French is sh (machine = मशीन, brochure, parachute, chef): one more
# reading at a cost, so a word read with ch = च (romanised Hindi, most English) is preferred
_FRENCH_CH = re.compile(r"(?<![ct])ch(?!h)")
FRENCH_CH_COST = 0.5
# English short a in a closed syllable is /æ/, printed ै (flat = फ्लैट, tax = टैक्स, bank = बैंक, cash =
# कैश): one more reading at a cost within PHONETIC_SLACK, so a Hindi word read with a (flat: पलट) does
# not crowd it out (ADR 0022 rule 17). Not before a doubled consonant (romanised Hindi geminates:
# bhatta = भत्ता, patta) nor in a word ending in a (romanised Hindi's final ा; English words in -a
# are printed with ा: plasma = प्लाज़्मा)
_ENGLISH_SHORT_A = re.compile(r"(?<![aeiou])a(?=([bcdfgjklmnpqstvxz])(?!\1)(?:$|[bcdfghjklmnpqstvxz]))")
ENGLISH_SHORT_A_COST = 0.25
# English ou/ow is /aʊ/, printed ाउ (mouse = माउस, account = अकाउंट, allowance = अलाउंस), and tu before a
# vowel /tʃu/, printed चु/च्यु (gratuity = ग्रेच्युटी, actual, situation): readings at a cost (rule 19)
_ENGLISH_READINGS = ((re.compile(r"o[uw]"), "aau"), (re.compile(r"(?<=[a-z])tu(?=[aeiou])"), "chu"))
ENGLISH_READING_COST = 0.25
# क्ष is said and typed chh or sh as well as ksh (chhetra, shetra = क्षेत्र; chhatipurti = क्षतिपूर्ति)
_KSHA = "क\u094dष"
KSHA_COST = 0.25
_KSHA_TYPED = re.compile("sh|ch")  # how a Latin word types क्ष without its k (chhetra, shetra)
# ā between two like consonants is a vowel, not a doubling: the sound (which leaves ā out) runs
# थर्मामीटर's m-ā-m together; a reading keeping that ā lets the English vowel there (thermometer's
# o) count as a vowel change instead of a lost consonant
_LIKE_AROUND_AA = re.compile("([\u0915-\u0939])\u093e(?=\\1)")


@lru_cache(maxsize=65536)
def sounds(word: str) -> tuple[tuple[str, float], ...]:
    """The readings of a word with their costs, the stored key's reading first: a Latin word's
    ``variants`` and its loose reading (``_LOOSE_LATIN``, ay + vowel = a + y); a Devanagari word's
    flap reading (ड़ ढ़ = r rh: jhagra = झगड़ा, barh = बाढ़; anusvara before य र ल व श ष स ह = m) and its
    reading without nasals (anusvara, chandrabindu: cost ``BARE_NASAL_COST``)."""
    if is_devanagari_word(word):
        out = [(sound(word), 0.0)]
        if _NUKTA_OR_NASAL.search(word):  # the other readings differ only for such words
            out += [(_finish(_devanagari_sound(word, "flap")), 0.0),
                    (_finish(_devanagari_sound(word, "bare")), BARE_NASAL_COST)]
        if _KSHA in word:
            out += [(sound(word.replace(_KSHA, alt)), KSHA_COST) for alt in ("छ", "श")]
        if _LIKE_AROUND_AA.search(word):
            out.append((_finish(_devanagari_sound(_LIKE_AROUND_AA.sub(r"\1a", word))), 0.0))
    else:
        out = [(sound(v), 0.0) for v in variants(word)]
        for v in variants(word):
            for pattern, repl in _LOOSE_LATIN:
                v = pattern.sub(repl, v)
            out.append((_finish(_latin_sound(v, loose=True).replace("a", "")), 0.0))
        out += [(sound(_FRENCH_CH.sub("sh", v)), FRENCH_CH_COST) for v in variants(word) if _FRENCH_CH.search(v)]
        out += [(sound(_ENGLISH_SHORT_A.sub("ai", v)), ENGLISH_SHORT_A_COST) for v in variants(word)
                if _ENGLISH_SHORT_A.search(v) and not v.endswith("a")]
        out += [(sound(p.sub(r, v)), ENGLISH_READING_COST) for v in variants(word) for p, r in _ENGLISH_READINGS
                if p.search(v)]
    best: dict[str, float] = {}
    for s, cost in out:
        best[s] = min(cost, best.get(s, cost))
    return tuple(best.items())


@lru_cache(maxsize=65536)
def readings(word: str) -> tuple[tuple[str, float, str], ...]:
    """``sounds`` with their skeletons: (sound, cost, skeleton)."""
    return tuple((s, cost, _skeleton_of(s)) for s, cost in sounds(word))


def real_skeletons(word: str) -> frozenset[str]:
    """The skeletons of all the word's ``sounds``: a candidate is kept when one of its own is one
    of the query word's (``best_distance`` is finite)."""
    return frozenset(k for _, _, k in readings(word))


@lru_cache(maxsize=65536)
def fetch_skeletons(word: str) -> frozenset[str]:
    """Stored skeletons a Latin query word's Devanagari match may be filed under though no reading of
    the query makes them: its r as ड़ (stored as d: jhagra → jgd) and a nasal it did not type (batwara
    → bntvr). Only to fetch candidates; they must still pass ``real_skeletons``."""
    if is_devanagari_word(word):
        return frozenset()
    out: set[str] = set()
    ksha_typed = _KSHA_TYPED.search(word.casefold()) is not None
    for s, _ in sounds(word):
        rs = [i for i, ch in enumerate(s) if ch == "r" and i]
        out.update(_skeleton_of(s[:i] + "d" + s[i + 1:]) for i in rs)
        if ksha_typed:  # क्ष typed chh or sh (rule 20); not a plain s: pass is not पक्ष, das not दक्ष
            out.update(_skeleton_of(s[:i] + "ks" + s[i + 1:]) for i, ch in enumerate(s) if ch in "cs")
        if len(rs) > 1:
            out.add(_skeleton_of(s[0] + s[1:].replace("r", "d")))
        out.update(_skeleton_of(s[:i] + "n" + s[i:]) for i in range(1, len(s))
                   if s[i] not in VOWELS and s[i - 1] != "n")
    return frozenset(out) - real_skeletons(word)




def fetched_term_may_match(term: str) -> bool:
    """Whether a term found under a ``fetch_skeletons`` key can match at all (a cheap test before
    its readings are computed): it must have a nukta letter (ड़ ढ़), a written nasal or क्ष."""
    return bool(_FETCHED.search(term))


def _cost(ch: str) -> float:
    return 0.5 if ch in VOWELS else 1.0


def sound_distance(a: str, b: str) -> float:
    """Weighted edit distance between two ``sound`` strings: a vowel added, dropped or changed
    costs 0.5 (vowels are typed loosely; English unstressed vowels are the Hindi schwa), a consonant 1;
    a word ending in a vowel against one ending in a consonant costs 0.5 more."""
    if a == b:
        return 0.0
    prev = [0.0]
    for ch in b:
        prev.append(prev[-1] + _cost(ch))
    for i in range(1, len(a) + 1):
        cur = [prev[0] + _cost(a[i - 1])]
        for j in range(1, len(b) + 1):
            x, y = a[i - 1], b[j - 1]
            sub = 0.0 if x == y else (0.5 if x in VOWELS and y in VOWELS else 1.0)
            cur.append(min(prev[j] + _cost(x), cur[j - 1] + _cost(y), prev[j - 1] + sub))
        prev = cur
    if a and b and (a[-1] in VOWELS) != (b[-1] in VOWELS):
        return prev[len(b)] + 0.5  # a final vowel marks gender/number in Hindi (पुलिस vs पॉलिसी)
    return prev[len(b)]
