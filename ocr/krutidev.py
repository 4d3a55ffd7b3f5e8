"""Kruti Dev 010 (and its family: Kruti Dev 0xx, DevLys 010 use the same layout) to Unicode.

Kruti Dev is an 8-bit "font hack": Hindi typed on a Latin keyboard layout, shown with Devanagari
glyphs, so a PDF's text layer extracts as ``yksd lHkk`` for लोक सभा (traps.md). The mapping is
the layout's public glyph table (as used by the widely published Kruti Dev <-> Unicode
converters), applied by longest match, followed by the two reorderings the encoding needs:

- ``f`` (the i-matra ि) is typed *before* the consonant it follows in Unicode: it moves after
  the next consonant and any half consonants joined to it (``f'k{kk`` -> शिक्षा);
- ``Z`` (reph, र् written above) is typed *after* the syllable it sits on: it moves before that
  syllable's consonant cluster (``dk;kZy;`` -> कार्यालय).

:func:`to_kruti` is the inverse for simple text (no reph/i-matra clusters beyond one half
consonant); it exists to generate test layers, not as a product feature.
"""

from __future__ import annotations

import unicodedata

# Longest sequences first is ensured at build time; order here is for reading.
_PAIRS: tuple[tuple[str, str], ...] = (
    # conjuncts and special glyphs
    ("Ùk", "त्त"), ("Ù", "त्त्"), ("Dr", "क्त"), ("–", "दृ"), ("—", "कृ"), ("é", "न्न"), ("™", "न्न्"),
    ("à", "ह्न"), ("á", "ह्य"), ("â", "हृ"), ("ã", "ह्म"), ("º", "ह्"), ("í", "द्द"),
    ("{k", "क्ष"), ("{", "क्ष्"), ("=", "त्र"), ("«", "त्र्"), ("Nî", "छ्य"), ("Vî", "ट्य"), ("Bî", "ठ्य"),
    ("Mî", "ड्य"), ("<î", "ढ्य"), ("|", "द्य"), ("K", "ज्ञ"), ("}", "द्व"), ("J", "श्र"), ("Vª", "ट्र"),
    ("Mª", "ड्र"), ("<ª", "ढ्र"), ("Nª", "छ्र"), ("Ø", "क्र"), ("Ý", "फ्र"), ("æ", "द्र"), ("ç", "प्र"),
    ("Á", "प्र"), ("xz", "ग्र"), ("#", "रु"), (":", "रू"), ("ô", "क्क"), ("ê", "ट्ट"), ("ë", "ट्ठ"),
    ("ì", "ड्ड"), ("ï", "ड्ढ"), ("è", "ध्"), ("Ë", "ध्"), ("Hkz", "भ्र"), ("Ì", "द्द"), ("Í", "ट्ट"),
    ("Î", "ट्ठ"), ("Ï", "ड्ड"), ("Ñ", "कृ"), ("Ö", "ड्ढ"), ("Ó", "्य"),
    # vowels
    ("v‚", "ऑ"), ("vks", "ओ"), ("vkS", "औ"), ("vk", "आ"), ("v", "अ"), ("bZ", "ई"), ("Ã", "ई"),
    ("b", "इ"), ("m", "उ"), ("Å", "ऊ"), (",s", "ऐ"), (",", "ए"), ("_", "ऋ"),
    # consonants: full forms typed as half form + k, and the rest
    ("d", "क"), ("Dk", "क"), ("D", "क्"), ("[k", "ख"), ("[", "ख्"), ("x", "ग"), ("Xk", "ग"), ("X", "ग्"),
    ("Ä", "घ"), ("?k", "घ"), ("?", "घ्"), ("³", "ङ"), ("p", "च"), ("Pk", "च"), ("P", "च्"), ("N", "छ"),
    ("t", "ज"), ("Tk", "ज"), ("T", "ज्"), (">", "झ"), ("÷", "झ्"), ("¥", "ञ"), ("V", "ट"), ("B", "ठ"),
    ("M+", "ड़"), ("<+", "ढ़"), ("M", "ड"), ("<", "ढ"), (".k", "ण"), (".", "ण्"), ("r", "त"), ("Rk", "त"),
    ("R", "त्"), ("Fk", "थ"), ("F", "थ्"), (")", "द्ध"), ("n", "द"), ("/k", "ध"), ("èk", "ध"), ("/", "ध्"),
    ("u", "न"), ("Uk", "न"), ("U", "न्"), ("i", "प"), ("Ik", "प"), ("I", "प्"), ("Q", "फ"), ("¶", "फ्"),
    ("c", "ब"), ("Ck", "ब"), ("C", "ब्"), ("Hk", "भ"), ("H", "भ्"), ("e", "म"), ("Ek", "म"), ("E", "म्"),
    (";", "य"), ("¸", "य्"), ("j", "र"), ("y", "ल"), ("Yk", "ल"), ("Y", "ल्"), ("G", "ळ"), ("o", "व"),
    ("Ok", "व"), ("O", "व्"), ("'k", "श"), ("'", "श्"), ('"k', "ष"), ('"', "ष्"), ("l", "स"), ("Lk", "स"),
    ("L", "स्"), ("g", "ह"),
    # nukta forms
    ("d+", "क़"), ("[k+", "ख़"), ("x+", "ग़"), ("t+", "ज़"), ("Q+", "फ़"), ("¶+", "फ़्"),
    # vowel signs and marks
    ("‚", "ॉ"), ("ks", "ो"), ("kS", "ौ"), ("k", "ा"), ("h", "ी"), ("q", "ु"), ("w", "ू"), ("`", "ृ"),
    ("s", "े"), ("S", "ै"), ("a", "ं"), ("¡", "ँ"), ("%", ":"), ("W", "ॅ"), ("·", "ऽ"), ("~", "्"),
    ("z", "्र"), ("+", "़"), ("A", "।"), ("]", ","), ("^", "‘"), ("*", "’"), ("Þ", "“"), ("ß", "”"),
    ("¼", "("), ("½", ")"), ("¿", "{"), ("À", "}"), ("&", "-"), ("-", "."), ("@", "/"), ("Œ", "॰"),
    ("å", "०"), ("ƒ", "१"), ("„", "२"), ("…", "३"), ("†", "४"), ("‡", "५"), ("ˆ", "६"), ("‰", "७"),
    ("Š", "८"), ("‹", "९"),
)
_TABLE: dict[str, str] = {}
for _k, _v in _PAIRS:
    _TABLE.setdefault(_k, _v)
_MAXLEN = max(len(k) for k in _TABLE)

I_MATRA = "f"  # typed before the consonant
REPH = "Z"  # typed after the syllable
_VIRAMA = "\u094d"
_MATRAS = set("ािीुूृेैोौंँॅॉः")


def _is_consonant(ch: str) -> bool:
    return "\u0915" <= ch <= "\u0939" or "\u0958" <= ch <= "\u095f"


def _skip_cluster(out: list[str], i: int) -> int:
    """Index just after the consonant cluster starting at ``out[i]`` (C(़)(्C(़))*)."""
    n = len(out)
    if i >= n or not _is_consonant(out[i]):
        return min(i + 1, n)
    i += 1
    while i < n:
        if out[i] == "\u093c":
            i += 1
        elif out[i] == _VIRAMA and i + 1 < n and _is_consonant(out[i + 1]):
            i += 2
        else:
            break
    return i


def kruti_to_unicode(text: str) -> str:
    """Unicode (NFC) Hindi for Kruti Dev 010 encoded ``text``."""
    out: list[str] = []
    pending_i = 0  # i-matras waiting for their consonant
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == I_MATRA:
            pending_i += 1
            i += 1
            continue
        if ch == REPH:
            _place_reph(out)
            i += 1
            continue
        for size in range(min(_MAXLEN, n - i), 0, -1):
            piece = text[i : i + size]
            if piece in _TABLE:
                mapped = _TABLE[piece]
                i += size
                break
        else:
            mapped = ch
            i += 1
        start = len(out)
        out.extend(mapped)
        if pending_i and any(_is_consonant(c) for c in mapped):
            # the i-matra goes after the cluster this glyph starts (or completes)
            end = _skip_cluster(out, start)
            while end < len(out) and out[end - 1] == _VIRAMA:
                end += 1
            if out[-1] == _VIRAMA:  # a half consonant: wait for the full one
                continue
            out.insert(len(out), "ि")
            pending_i = 0
    if pending_i:
        out.append("ि")
    return unicodedata.normalize("NFC", "".join(out))


def _place_reph(out: list[str]) -> None:
    """Put र् before the syllable that ends at the end of ``out`` (skip its matras, its cluster)."""
    j = len(out)
    while j > 0 and out[j - 1] in _MATRAS:
        j -= 1
    if j == 0:
        out.extend("र्")
        return
    j -= 1  # the last consonant (or vowel) of the syllable
    if out[j] == "\u093c" and j > 0:
        j -= 1
    while j >= 2 and out[j - 1] == _VIRAMA and _is_consonant(out[j - 2]):
        j -= 2
    out[j:j] = ["र", _VIRAMA]


# ------------------------------------------------------------------ inverse (test data)
_INVERSE: dict[str, str] = {}
for _k, _v in _PAIRS:
    if len(_k) <= 2 and _v not in _INVERSE and _k not in ("Ã", "Á", "èk", "Ë", "Ì", "Í", "Î", "Ï", "Ñ", "Ö"):
        _INVERSE[_v] = _k


def to_kruti(text: str) -> str:
    """Kruti Dev 010 keystrokes for simple Unicode Hindi (i-matra and reph reordered back)."""
    s = unicodedata.normalize("NFC", text)
    chars = list(s)
    # reph: र् + cluster + matras  ->  cluster + matras + Z
    res: list[str] = []
    k = 0
    while k < len(chars):
        if chars[k] == "र" and k + 2 < len(chars) and chars[k + 1] == _VIRAMA and _is_consonant(chars[k + 2]):
            end = _skip_cluster(chars, k + 2)
            while end < len(chars) and chars[end] in _MATRAS:
                end += 1
            res.extend(chars[k + 2 : end] + [REPH])
            k = end
            continue
        res.append(chars[k])
        k += 1
    # i-matra: cluster + ि  ->  f + cluster
    out2: list[str] = []
    k = 0
    while k < len(res):
        if _is_consonant(res[k]):
            end = _skip_cluster(res, k)
            if end < len(res) and res[end] == "ि":
                out2.extend([I_MATRA, *res[k:end]])
                k = end + 1
                continue
        out2.append(res[k])
        k += 1
    s2 = "".join(out2)
    pieces: list[str] = []
    k = 0
    keys = sorted(_INVERSE, key=len, reverse=True)
    while k < len(s2):
        for key in keys:
            if s2.startswith(key, k):
                pieces.append(_INVERSE[key])
                k += len(key)
                break
        else:
            pieces.append(s2[k])
            k += 1
    return "".join(pieces)
