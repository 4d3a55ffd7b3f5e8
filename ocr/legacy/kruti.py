"""Kruti Dev 010 (and its family: Kruti Dev 0xx, DevLys 010 share the layout).

Hindi typed on the Remington typewriter layout and drawn with Devanagari glyphs, so a PDF's text
layer extracts as ``yksd lHkk`` for लोक सभा. ``f`` is the short i (typed before its consonant),
``Z`` the reph (typed after its syllable), ``k`` the stem that completes a half form.

Sources (the facts of which glyph sits on which key, cross-checked; no code copied):
- the widely published "Kruti Dev 010 to Unicode" converter tables, e.g.
  github.com/ErParmod/hindi-font-converter utils/utils.js and
  github.com/manishprajapatidev/hindi-font-converter js/kd.js (MIT);
- the hand-written table of a legacy-font converter that keeps a glyph only where two sources
  agree (Padma's Krutidev.js, GPL, and the rajbhasha.net tables), which settled ``Ö`` = झ् and
  ``Ô`` = ड्ढ (this module had them swapped before);
- test pairs: github.com/epicbharat/krutiextract tests/corpus.py (MIT), read off real pages.
"""

from __future__ import annotations

from ocr.legacy.shape import I_MARK, IM_MARK, REPH, Layout

_D = frozenset(  # alternative spellings: decoded, never written by encode()
    "Dk Xk Ä Pk Tk Ö Rk èk è Ë Uk Ik Ck Ò Ek Yk Ok Ük Ü Lk Ã Ñ — – Ì Í Î Ï [+ T+ Ç Æ É Á ñ • Œ".split()
)

KRUTIDEV = Layout(
    name="krutidev",
    label="Kruti Dev 010 / DevLys 010",
    source="Kruti Dev 010 converter tables (ErParmod/hindi-font-converter, "
    "manishprajapatidev/hindi-font-converter MIT), cross-checked with Padma Krutidev.js (GPL, reference only)",
    pre=(("=kk", "=k"), ("f=k", "f=")),  # त्र is also typed with a redundant stem
    post=((r"(?<![\u0900-\u0963])\u0903", ":"),),  # the visarga glyph is also the colon
    decode_only=_D,
    pairs=(
        # independent vowels
        ("v‚", "ऑ"), ("vks", "ओ"), ("vkS", "औ"), ("vk", "आ"), ("v", "अ"), ("b±", "ईं"), ("bZ", "ई"),
        ("Ã", "ई"), ("b", "इ"), ("m", "उ"), ("Å", "ऊ"), (",s", "ऐ"), (",", "ए"), ("_", "ऋ"),
        # conjuncts and special glyphs (before their parts)
        ("Ùk", "त्त"), ("Ù", "त्त्"), ("ä", "क्त"), ("–", "दृ"), ("—", "कृ"), ("Ñ", "कृ"), ("é", "न्न"),
        ("™", "न्न्"), ("à", "ह्न"), ("á", "ह्य"), ("â", "हृ"), ("ã", "ह्म"), ("ºz", "ह्र"), ("í", "द्द"),
        ("Ì", "द्द"), ("{k", "क्ष"), ("{", "क्ष्"), ("=", "त्र"), ("«", "त्र्"), ("Nî", "छ्य"), ("Vî", "ट्य"),
        ("Bî", "ठ्य"), ("Mî", "ड्य"), ("<î", "ढ्य"), ("|", "द्य"), ("K", "ज्ञ"), ("}", "द्व"), ("J", "श्र"),
        ("Vª", "ट्र"), ("Mª", "ड्र"), ("<ª", "ढ्र"), ("Nª", "छ्र"), ("Ø", "क्र"), ("Ý", "फ्र"), ("æ", "द्र"),
        ("ç", "प्र"), ("Á", "प्र"), ("#", "रु"), (":", "रू"), ("ô", "क्क"), ("ê", "ट्ट"), ("Í", "ट्ट"),
        ("ë", "ट्ठ"), ("Î", "ट्ठ"), ("ð", "ठ्ठ"), ("ì", "ड्ड"), ("Ï", "ड्ड"), ("ï", "ड्ढ"), ("Ô", "ड्ढ"),
        (")", "द्ध"), ("ö", "द्भ"), ("Ó", "्य"), ("È", "ीं"), ("£", "ख्र"),
        # consonants: full forms (also typed as half form + k), half forms
        ("d", "क"), ("Dk", "क"), ("D", "क्"), ("[k", "ख"), ("[+", "ख़्"), ("[", "ख्"), ("x", "ग"), ("Xk", "ग"),
        ("X", "ग्"), ("?k", "घ"), ("Ä", "घ"), ("?", "घ्"), ("³", "ङ"), ("p", "च"), ("Pk", "च"), ("P", "च्"),
        ("N", "छ"), ("t", "ज"), ("Tk", "ज"), ("T+", "ज़्"), ("T", "ज्"), (">", "झ"), ("÷", "झ्"), ("Ö", "झ्"),
        ("¥", "ञ"), ("V", "ट"), ("B", "ठ"), ("M", "ड"), ("<", "ढ"), (".k", "ण"), (".", "ण्"), ("r", "त"),
        ("Rk", "त"), ("R", "त्"), ("Fk", "थ"), ("F", "थ्"), ("n", "द"), ("/k", "ध"), ("èk", "ध"), ("/", "ध्"),
        ("è", "ध्"), ("Ë", "ध्"), ("u", "न"), ("Uk", "न"), ("U", "न्"), ("i", "प"), ("Ik", "प"), ("I", "प्"),
        ("Q", "फ"), ("¶+", "फ़्"), ("¶", "फ्"), ("c", "ब"), ("Ck", "ब"), ("C", "ब्"), ("Hk", "भ"), ("Ò", "भ"),
        ("H", "भ्"), ("e", "म"), ("Ek", "म"), ("E", "म्"), (";", "य"), ("¸", "य्"), ("j", "र"), ("y", "ल"),
        ("Yk", "ल"), ("Y", "ल्"), ("G", "ळ"), ("o", "व"), ("Ok", "व"), ("O", "व्"), ("'k", "श"), ("'", "श्"),
        ("Ük", "श"), ("Ü", "श्"), ('"k', "ष"), ('"', "ष्"), ("l", "स"), ("Lk", "स"), ("L", "स्"), ("g", "ह"),
        ("º", "ह्"),
        # vowel signs and marks
        ("‚", "ॉ"), ("ks", "ो"), ("kS", "ौ"), ("k", "ा"), ("f", I_MARK), ("Ç", IM_MARK), ("h", "ी"), ("q", "ु"),
        ("w", "ू"), ("`", "ृ"), ("s", "े"), ("S", "ै"), ("a", "ं"), ("¡", "ँ"), ("%", "ः"), ("W", "ॅ"),
        ("·", "ऽ"), ("•", "ऽ"), ("~", "्"), ("z", "्र"), ("ª", "्र"), ("+", "़"), ("Z", REPH),
        ("±", REPH + "ं"), ("Æ", "र्" + I_MARK), ("É", "र्" + IM_MARK),
        # punctuation and digits
        ("A", "।"), ("-", "."), ("]", ","), ("(", ";"), ("&", "-"), ("@", "/"), ("\\", "?"), ("¼", "("),
        ("½", ")"), ("¾", "="), ("¿", "{"), ("À", "}"), ("^", "‘"), ("*", "’"), ("Þ", "“"), ("ß", "”"),
        ("Œ", "॰"), ("ñ", "॰"), ("å", "०"), ("ƒ", "१"), ("„", "२"), ("…", "३"), ("†", "४"), ("‡", "५"),
        ("ˆ", "६"), ("‰", "७"), ("Š", "८"), ("‹", "९"),
    ),
)
