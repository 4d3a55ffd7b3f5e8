"""Shusha (Shusha, Shusha02, Shusha05, SHU-0751; Hindi and Marathi) and APS-DV (APS-DV-Prakash,
APS-DV-Priyanka, ...).

Shusha is a phonetic layout on ASCII: most consonants are a half form completed by the stem ``a``
(``ma`` = म), ``i`` is the short i typed first, ``-`` the reph typed after its syllable, ``\\``
the virama and ``,`` the nukta (and, alone, a full stop).

APS-DV stores a consonant as its stem-less shape completed by ``e`` (the vertical stem), so ``ke``
is क; after a letter that has its own stem (र, ह, द ...) ``e`` is the ा sign. ``ef`` (stem and
hook) is the short i typed before its cluster, ``&`` the reph, ``â`` a shaping glyph that draws
nothing.

Sources (facts only, no code copied):
- Shusha: Padma's Shusha.js (github.com/pankaj28843/padma, GPL-2.0+, reference only; it lists
  Shusha02 and Shusha05 as the same layout) and github.com/epicbharat/krutiextract (MIT)
  tests/corpus_shusha.py, pairs rendered with the Shusha font and read back; where the two
  disagree the rendered font decides (``+`` is ट्ट, not ट्ठ).
- APS-DV: github.com/epicbharat/krutiextract (MIT) src/aps_converter.py and
  tests/corpus_aps.py, derived by rendering APS-DV-Priyanka and verified on a 336-page
  compilation set in it (its table lists ``I`` twice; ``{`` is ढ, ``I`` is घ्).
"""

from __future__ import annotations

from ocr.legacy.shape import I_MARK, REPH, Layout

SHUSHA = Layout(
    name="shusha",
    label="Shusha",
    source="Padma Shusha.js (GPL, reference) + krutiextract corpus_shusha.py (MIT, rendered with the font)",
    decode_only=frozenset("š X Ï ` Ó Ô".split()),
    pairs=(
        # independent vowels
        ("A", "अ"), ("[-", "ई"), ("š", "ई"), ("[", "इ"), ("]", "उ"), ("}", "ऊ"), ("?", "ऋ"), ("e", "ए"),
        # consonants, nukta letters
        ("K,", "ख़"), ("Ó", "ख़"), ("j,a", "ज़"), ("ja,", "ज़"), ("j,", "ज़्"), ("D,", "ड़"), ("Z,", "ढ़"),
        ("f,", "फ़"), ("Ô", "फ़"), ("ga,", "ग़"),
        ("k", "क"), ("@", "क्"), ("K", "ख"), ("#", "ख्"), ("g", "ग्"), ("G", "घ्"), ("=", "ङ"), ("c", "च्"),
        ("C", "छ"), ("j", "ज्"), ("J", "झ्"), ("H", "ञ्"), ("T", "ट"), ("z", "ठ"), ("D", "ड"), ("Z", "ढ"),
        ("N", "ण्"), ("t", "त"), ("%", "त्"), ("q", "थ्"), ("d", "द"), ("Q", "ध्"), ("n", "न्"), ("p", "प"),
        ("P", "प्"), ("f", "फ"), ("F", "फ्"), ("b", "ब्"), ("B", "भ्"), ("m", "म्"), ("y", "य्"), ("r", "र"),
        ("l", "ल्"), ("L", "ळ"), ("v", "व्"), ("S", "श्"), ("X", "श्"), ("Ï", "श्"), ("Y", "ष्"), ("s", "स्"),
        ("h", "ह"), ("*", "ह्"),
        # conjuncts and ligatures
        ("x", "क्ष्"), (">", "क्त"), ("Ë", "क्र"), ("Ì", "कृ"), ("&", "ज्ञ"), ("Ÿ", "जि"), ("+", "ट्ट"),
        ("{", "ठ्ठ"), ("<", "त्त्"), ("~", "त्र"), ("_", "द्द"), ("w", "द्ध"), ("V", "द्य"), ("W", "द्व"),
        ("Ù", "न्न"), ("Í", "फ्र"), ("Î", "फृ"), ("E", "श्र्"), ("(", "ह्य"), (")", "हृ"), ("É", "रु"), ("$", "रू"),
        (";", "लृ"), ("/", "्र"), ("`", "्र"),
        # vowel signs and marks
        ("a", "ा"), ("i", I_MARK), ("I", "ी"), ("u", "ु"), ("U", "ू"), ("R", "ृ"), ("^", "ॅ"), ("o", "े"),
        ("O", "ै"), ("Ü", "ो"), ("Ý", "ौ"), ("M", "ं"), ("Ð", "ँ"), (":", "ः"), ("\\", "्"), ("-", REPH),
        ("|", "ऽ"), ("!", "ॐ"),
        # punctuation
        (".", "।"), (",", "."), ("Ê", ","), ("¹", "-"), ("º", "."), ("³", "("), ("´", ")"), ("À", "/"),
        ("Á", ":"), ("Â", ";"), ("Æ", "?"), ("Ç", "@"), ("È", "|"), ("‰", "%"), ("¡", "{"), ("£", "}"),
        ("¤", "["), ("¥", "]"), ("Ñ", "!"), ("²", "!"),
    ),
)

APS_DV = Layout(
    name="aps-dv",
    label="APS-DV (APS-DV-Prakash, APS-DV-Priyanka)",
    source="krutiextract aps_converter.py + corpus_aps.py (MIT; derived by rendering APS-DV-Priyanka)",
    pre=(("ef", I_MARK),),  # stem + hook: the short i, typed before its cluster
    decode_only=frozenset("Ò Œ „".split()),
    pairs=(
        # independent vowels
        ("Dees", "ओ"), ("Deew", "औ"), ("Dee", "आ"), ("De", "अ"), ("F&", "ई"), ("F", "इ"), ("G", "उ"),
        ("T", "ऊ"), ("S", "ए"),
        # letters that carry their own stem (a following e is the ा sign)
        ("j", "र"), ("n", "ह"), ("o", "द"), ('"', "ठ"), ("[", "ड"), ("{", "ढ"), ("Ú", "छ"), ("š", "ट"),
        ("Ì[", "ड़"), ("Ì{", "ढ़"), ("æ", "द्ध"), ("É", "द्व"), ("£", "ह्व"), ("õ", "द्र"), ("™", "रू"),
        ("°^", "ष्ट्र"), ("heâ", "फ"),
        # stem-less letters (+ e = the full letter)
        ("k", "क्"), ("K", "ख्"), ("i", "ग्"), ("I", "घ्"), ("Û", "च्"), ("p", "ज्"), ("P", "झ्"), ("C", "ण्"),
        ("l", "त्"), ("L", "थ्"), ("O", "ध्"), ("v", "न्"), ("h", "प्"), ("H", "फ्"), ("Ò", "फ्"), ("y", "ब्"),
        ("Y", "भ्"), ("c", "म्"), ("Ù", "य्"), ("u", "ल्"), ("J", "व्"), ("M", "श्"), ("<", "ष्"), ("m", "स्"),
        ("Õ", "श्व्"), ("Ø", "प्र्"), ("#", "क्ष्"), ("$", "त्र्"), ("«", "ग्र्"), ("›", "क्र्"), ("Œ", "क्र्"),
        ("Å", "द्य्"), ("°", "ष्ट्"), ("„", "ष्ट्"), ("…", "ष्ठ्"), ("%", "ज्ञ्"), ("ß", "श्र्"), ("ò", "त्त्"),
        # vowel signs and marks
        ("er", "ी"), ("e", "ा"), ("s", "े"), ("g", "ु"), ("t", "ू"), ("w", "ै"), ("W", "ें"),
        ("B", "ँ"), ("b", "ं"), ("=", "ृ"), ("Q", "ैं"), ("~", "।"), (":", "ः"), ("ä", "्"), ("@", "ॉ"),
        ("Ç", "्र"), ("Ì", "़"), ("â", ""), ("&", REPH),
    ),
)
