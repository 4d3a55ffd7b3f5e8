"""The shared engine: a legacy layout's glyph table, then the reorderings all these fonts need.

An 8-bit legacy Devanagari font stores *glyphs in visual order* on Latin code points. Extracted,
``f'k{kk`` (Kruti Dev) is what the page shows as शिक्षा. Every layout is converted the same way:

1. the layout's literal pre-replacements (a few fonts type one sign as two glyphs);
2. its table, longest key first. Values are Unicode, or markers for what has to move:
   ``I_MARK`` (short i typed before its consonant cluster), ``IM_MARK`` (short i + anusvara),
   ``REPH`` (र् typed after the syllable it sits on), ``HOOK`` (Walkman-Chanakya's hook glyph);
3. half form + stem: a half consonant (क्) followed by the vertical stem glyph, which the
   tables give as ा, is the full consonant (क); a half consonant followed by a vowel sign that
   carries its own stem loses its virama. Unicode never has ् before ा or another vowel sign,
   so both rules are safe for every layout;
4. the short i moves after the whole cluster that follows it (C(़)(्C(़))*: शि, स्थि, क्ति);
5. the reph moves before the cluster that precedes it, skipping that syllable's vowel signs
   (कार्य, निर्माण, कीर्ति);
6. two-part vowels are joined (ा + े = ो, अ + ा = आ ...), an anusvara or nukta typed on the
   wrong side of a vowel sign is put back, then the layout's own regex fix-ups, then NFC.

:func:`encode` is the inverse for generating test layers (it is not a product feature, and a
table tested only against its own inverse proves nothing: the tests use published pairs).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

I_MARK = "\ue000"
IM_MARK = "\ue001"
REPH = "\ue002"
HOOK = "\ue003"
_MARKS = {ord(c): None for c in I_MARK + IM_MARK + REPH + HOOK}

VIRAMA = "\u094d"
NUKTA = "\u093c"
_CONS = "\u0915-\u0939\u0958-\u095f"
_SIGNS = "\u093e-\u094c\u0962\u0963"  # dependent vowel signs (ा ... ौ, ॢ ॣ)
_AFTER = frozenset("\u0901\u0902\u0903\u093c" + "".join(chr(c) for c in range(0x093E, 0x094D)) + "\u0962\u0963")
_UNIT = rf"[{_CONS}]{NUKTA}?"
_CLUSTER = regex.compile(rf"{_UNIT}(?:{VIRAMA}{_UNIT})*")
_HALF_STEM = regex.compile(rf"{VIRAMA}\u093e")
_HALF_SIGN = regex.compile(rf"{VIRAMA}(?=[{_SIGNS}])")
_JOINS = (  # two glyphs that are one letter or sign in Unicode
    ("अा", "आ"), ("आे", "ओ"), ("आै", "औ"), ("अो", "ओ"), ("अौ", "औ"), ("आॅ", "ऑ"), ("अॉ", "ऑ"),
    ("एे", "ऐ"), ("ाे", "ो"), ("ाै", "ौ"), ("ेा", "ो"), ("ैा", "ौ"), ("ाॅ", "ॉ"), ("ॅा", "ॉ"),
)
_MOD_BEFORE_SIGN = regex.compile(rf"([\u0901\u0902])([{_SIGNS}]+)")
_NUKTA_AFTER_SIGN = regex.compile(rf"([{_SIGNS}]+){NUKTA}")
_DOUBLE_ANUSVARA = regex.compile("\u0902{2,}")


@dataclass(frozen=True)
class Layout:
    """One legacy encoding: its name, glyph table and fix-ups, and where the table came from."""

    name: str  # short id used in verdicts: "krutidev", "dv-tt", ...
    label: str  # what a person calls it
    pairs: tuple[tuple[str, str], ...]  # (legacy glyphs, Unicode or markers); first key wins
    source: str  # provenance of the table (sources and licences)
    pre: tuple[tuple[str, str], ...] = ()  # literal replacements before the table
    post: tuple[tuple[str, str], ...] = ()  # regex replacements after reordering (before NFC)
    decode_only: frozenset[str] = frozenset()  # alternative glyphs never written by encode()


@lru_cache(maxsize=32)
def _table(layout: Layout) -> tuple[dict[str, str], int]:
    table: dict[str, str] = {}
    for key, value in layout.pairs:
        table.setdefault(key, value)
    return table, max(len(k) for k in table)


@lru_cache(maxsize=32)
def _post(layout: Layout) -> tuple[tuple[regex.Pattern[str], str], ...]:
    return tuple((regex.compile(p), r) for p, r in layout.post)


def _map(text: str, table: dict[str, str], longest: int) -> str:
    """``text`` with its substrings replaced by ``table``, longest key first, left to right."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        for size in range(min(longest, n - i), 0, -1):
            value = table.get(text[i : i + size])
            if value is not None:
                out.append(value)
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _place_short_i(text: str) -> str:
    """Each I_MARK / IM_MARK goes after the consonant cluster that follows it."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch not in (I_MARK, IM_MARK):
            out.append(ch)
            i += 1
            continue
        sign = "\u093f" + ("\u0902" if ch == IM_MARK else "")
        m = _CLUSTER.match(text, i + 1)
        if m:
            out.append(m.group(0))
            i = m.end()
        else:
            i += 1
        out.append(sign)
    return "".join(out)


def _cluster_start(out: list[str], end: int) -> int:
    """Index where the consonant cluster ending just before ``end`` starts (``end`` if none)."""
    k = end
    if k > 0 and out[k - 1] == NUKTA:
        k -= 1
    if k == 0 or not _is_consonant(out[k - 1]):
        return end
    k -= 1
    while k >= 2 and out[k - 1] == VIRAMA:
        j = k - 2
        if out[j] == NUKTA and j > 0:
            j -= 1
        if not _is_consonant(out[j]):
            break
        k = j
    return k


def _is_consonant(ch: str) -> bool:
    return "\u0915" <= ch <= "\u0939" or "\u0958" <= ch <= "\u095f"


def _place_reph(text: str) -> str:
    """Each REPH becomes र् before the cluster of the syllable it follows."""
    out: list[str] = []
    for ch in text:
        if ch != REPH:
            out.append(ch)
            continue
        j = len(out)
        while j > 0 and out[j - 1] in _AFTER and out[j - 1] != NUKTA:
            j -= 1
        start = _cluster_start(out, j)
        out[start:start] = ["र", VIRAMA]
    return "".join(out)


def _tidy(text: str) -> str:
    for a, b in _JOINS:
        text = text.replace(a, b)
    text = _MOD_BEFORE_SIGN.sub(r"\2\1", text)
    text = _NUKTA_AFTER_SIGN.sub(NUKTA + r"\1", text)
    return _DOUBLE_ANUSVARA.sub("\u0902", text)


def convert(text: str, layout: Layout) -> str:
    """Unicode (NFC) for ``text`` typed in ``layout``. Characters the table does not know pass
    through unchanged."""
    text = text.translate(_MARKS)
    for a, b in layout.pre:
        text = text.replace(a, b)
    text = _map(text, *_table(layout))
    text = _HALF_STEM.sub("", text)
    text = _HALF_SIGN.sub("", text)
    text = _place_short_i(text)
    text = _place_reph(text)
    text = _tidy(text)
    for pattern, repl in _post(layout):
        text = pattern.sub(repl, text)
    text = text.translate(_MARKS)
    return unicodedata.normalize("NFC", text)


# ------------------------------------------------------------------ inverse (test data only)
_REPH_SYLLABLE = regex.compile(rf"(?<!{VIRAMA})र{VIRAMA}({_UNIT}(?:{VIRAMA}{_UNIT})*)([{_SIGNS}\u0901\u0902]*)")
_I_SYLLABLE = regex.compile(rf"({_UNIT}(?:{VIRAMA}{_UNIT})*)\u093f")


_SPLITS = {"ो": "ाे", "ौ": "ाै", "ॉ": "ाॅ", "आ": "अा", "ओ": "अाे", "औ": "अाै", "ऑ": "अाॅ", "ऐ": "एे"}


@lru_cache(maxsize=32)
def _inverse(layout: Layout) -> tuple[dict[str, str], int]:
    inv: dict[str, str] = {}
    for key, value in layout.pairs:
        if key not in layout.decode_only and value:
            inv.setdefault(value, key)
    for key, value in layout.pre:
        if value in (I_MARK, IM_MARK, REPH, HOOK):
            inv.setdefault(value, key)
    if ":" not in inv and "\u0903" in inv:
        inv[":"] = inv["\u0903"]  # one glyph is both the colon and the visarga
    stem = inv.get("\u093e")
    for code in list(range(0x0915, 0x093A)):
        full = chr(code)
        half = inv.get(full + VIRAMA)
        if full not in inv and half is not None and stem is not None:
            inv[full] = half + stem  # half form + stem (the layout has no glyph for the full letter)
    return inv, max(len(k) for k in inv)


def encode(text: str, layout: Layout) -> str:
    """Legacy glyphs for simple Unicode Hindi in ``layout`` (reph and short i put back in visual
    order). For generating test layers only."""
    text = unicodedata.normalize("NFC", text)  # nukta letters become consonant + ़
    text = _REPH_SYLLABLE.sub(lambda m: m.group(1) + m.group(2) + REPH, text)
    text = _I_SYLLABLE.sub(lambda m: I_MARK + m.group(1), text)
    inv, longest = _inverse(layout)
    for _ in range(2):  # a two-part vowel the layout has no single glyph for: its parts (ओ = अ ा े)
        text = "".join(_SPLITS[c] if c in _SPLITS and c not in inv else c for c in text)
    return _map(text, inv, longest)
