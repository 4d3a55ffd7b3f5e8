"""C-DAC GIST (ISM) fonts: DV-TT (DV-TTSurekh, DV-TTYogesh, DV-TTGanesh, DVW-TT...), DV-Divyae and
the bilingual DVB-TT fonts of Maharashtra.

All draw a full consonant as its half form followed by a stem glyph (``É`` in DV-TT and
DV-Divyae, ``Ö`` in DVB-TT), type the short i before the cluster and the reph after the syllable.
The glyph positions differ, so each layout has its own table; a page's text decides between them
(:mod:`ocr.legacy.registry`).

Sources (facts of which glyph is where; no code copied):
- DV-TT: Padma's DV_TTGanesh.js / DVW_TTGanesh.js (github.com/pankaj28843/padma, GPL-2.0+,
  reference only), which Padma and indic2unicode both use for DV-TTSurekh and DV-TTYogesh; and
  indic2unicode fonts/hindi/surekh.py (github.com/sushant354/indic2unicode, GPL-3.0, reference
  only; Indian Kanoon's converter, run on Lok Sabha debates). The two agree glyph for glyph.
- DV-Divyae (the layout of many government PDFs: Lok Sabha debates, the Hindi Constitution of
  India, budget papers): indic2unicode fonts/hindi/divya.py, checked against a Lok Sabha decoder
  built from real debates (its glyph list and whole-word pairs). Where they disagree the word
  pairs decide; ``w`` is read as ष् (the decoder, from real text), not ध्र (indic2unicode).
- DVB-TT (bilingual, Devanagari in the upper half): the glyph readings of 31 published word
  pairs from Maharashtra government text (github.com/biswasbiplob/legacylipi mappings/dvb_tt.py;
  no licence in the stored copy, only its facts used), plus that module's consonant list where
  the words do not contradict it. Partial by construction: glyphs seen in no word are missing.
"""

from __future__ import annotations

from ocr.legacy.shape import I_MARK, IM_MARK, REPH, Layout

_DROP = tuple((chr(c), "") for c in range(0xF0, 0xFF))  # spacing glyphs (Padma: "redundant")

DV_TT = Layout(
    name="dv-tt",
    label="DV-TT (DV-TTSurekh, DV-TTYogesh, DV-TTGanesh, DVW-TT)",
    source="Padma DV_TTGanesh.js/DVW_TTGanesh.js (GPL, reference) = indic2unicode surekh.py (GPL, reference)",
    decode_only=frozenset([*"Î Ù Ý ‡ „ ‚ › F c g ¢".split(), "\u00a0É"]),
    pairs=(
        # independent vowels
        ("+Éì", "ऑ"), ("+", "अ"), ("<Ç", "ई"), ("<", "इ"), ("=", "उ"), (">", "ऊ"), ("@", "ऋ"), ("A", "ॠ"),
        ("Bä", "ऐ"), ("Bì", "ऍ"), ("B", "ए"),
        # consonants without a stem glyph, and nukta letters
        ("E", "क"), ("R", "ङ"), ("U", "छ"), ("]", "ट"), ("`", "ठ"), ("b", "ड"), ("f", "ढ"), ("n", "द"),
        ("¡", "फ"), ("®", "र"), ("³", "ळ"), ("½", "ह"), ("F", "क़"), ("c", "ड़"), ("g", "ढ़"), ("¢", "फ़"),
        # half forms (+ É = the full letter)
        ("C", "क्"), ("D", "क़्"), ("J", "ख्"), ("K", "ख़्"), ("M", "ग्"), ("N", "ग़्"), ("P", "घ्"), ("S", "च्"),
        ("V", "ज्"), ("W", "ज़्"), ("Z", "झ्"), ("\\", "ञ्"), ("h", "ण्"), ("i", "त्"), ("l", "थ्"), ("v", "ध्"),
        ("x", "न्"), ("{", "प्"), ("}", "फ्"), ("~", "फ़्"), ("¤", "ब्"), ("¦", "भ्"), ("¨", "म्"), ("ª", "य्"),
        ("±", "ल्"), ("²", "ळ्"), ("´", "व्"), ("¶", "श्"), ("\u00a0É", "श"), ("„", "श्"), ("‚", "श्"),
        ("¹", "ष्"), ("º", "स्"), ("¼", "ह्"), ("›", "ल"),
        # conjuncts
        ("I", "क्ष्"), ("Y", "ज्ञ्"), ("j", "त्र्"), ("G", "क्र"), ("H", "क्त"), ("L", "ख्र"), ("O", "ग्र्"),
        ("Q", "घ्र"), ("T", "च्र"), ("X", "ज्र्"), ("[", "झ्र"), ("^", "ट्ट"), ("_", "ट्ठ"), ("a", "ठ्ठ"),
        ("d", "ड्ड"), ("e", "ड्ढ"), ("k", "त्त्"), ("m", "थ्र"), ("o", "दृ"), ("p", "द्र"), ("q", "द्द"),
        ("r", "द्ध"), ("s", "द्म"), ("t", "द्य"), ("u", "द्व"), ("w", "ध्र"), ("y", "न्र्"), ("z", "न्न्"),
        ("|", "प्र्"), ("£", "फ्र"), ("¥", "ब्र्"), ("§", "भ्र्"), ("©", "म्र्"), ("ƒ", "म्र्"), ("«", "य्र"),
        ("¯", "रु"), ("°", "रू"), ("µ", "व्र"), ("·", "श्व्"), ("…", "श्व्"), ("¸", "श्र्"), ("»", "स्र्"),
        ("¾", "हृ"), ("¿", "ह्र"), ("À", "ह्म"), ("Á", "ह्य्"),
        # vowel signs; short i (and its forms with anusvara or reph) before the cluster
        ("É", "ा"), ("Ê", I_MARK), ("Î", I_MARK), ("‡", I_MARK), ("Ë", IM_MARK), ("Ï", IM_MARK),
        ("Ì", "र्" + I_MARK), ("Ð", "र्" + I_MARK), ("Í", "र्" + IM_MARK), ("Ñ", "र्" + IM_MARK),
        ("Ò", "ी"), ("Ó", "ीं"), ("Ô", "ी" + REPH), ("Õ", "ीं" + REPH), ("Ö", "ु"), ("Ù", "ु"), ("×", "ुं"),
        ("Ú", "ू"), ("Ý", "ू"), ("Û", "ूं"), ("Ø", "्रु"), ("Ü", "्रू"), ("Þ", "ृ"), ("ß", "ॄ"), ("à", "ॆ"),
        ("á", "ॆं"), ("â", "ॆ" + REPH), ("ã", "ॆं" + REPH), ("ä", "े"), ("å", "ें"), ("æ", "े" + REPH),
        ("ç", "ें" + REPH), ("è", "ै"), ("é", "ैं"), ("ê", "ै" + REPH), ("ë", "ैं" + REPH), ("ì", "ॅ"),
        ("í", "ॅं"), ("î", "ॅ" + REPH), ("ï", "ॅं" + REPH), ("Å", "्र"), ("¬", "्य"),
        # marks
        ("Æ", "ं"), ("Ä", "ँ"), ("&", "ः"), ("Ç", REPH), ("È", REPH + "ं"), ("Â", "्"), ("Ã", "़"), ("%", "ऽ"),
        ("$", "ॐ"), ("**", "॥"), ("*", "।"), *_DROP,
    ),
)

DV_DIVYAE = Layout(
    name="dv-divyae",
    label="DV-Divyae (DV-TT as in Lok Sabha debates and the Hindi Constitution)",
    source="indic2unicode divya.py (GPL, reference), checked with a Lok Sabha decoder's word pairs",
    decode_only=frozenset([*"ÉÎ ÉÏ ÉÐ ÉÑ Ö Ý Þ EU Ó -É".split(), "\u00ad"]),
    pairs=(
        # independent vowels
        ("+É", "अ"), ("+", "अ"), ("<Ç", "ई"), ("<", "इ"), ("=", "उ"), (">", "ऊ"), ("jÉ@", "ऋ"), ("Aä", "ऐ"),
        ("A", "ए"),
        # letters drawn as व-like part + stem + hook, then the rest
        ("BÉÖE", "कु"), ("BÉÚE", "कू"), ("BÉßE", "कृ"), ("BÉE", "क"), ("BÉD", "क्"), ("CÉE", "क़"), ("CÉ", "क़्"),
        ("{ÉE", "फ"), ("}ÉE", "फ़"), ("}É", "फ़्"), ("µÉE", "क्र"), ("B", "व्"), ("´É", "व"),
        ("R", "ङ"), ("U", "छ"), ("EU", "छ"), ("]", "ट"), ("~", "ठ"), ("b", "ड"), ("f", "ढ"), ("n", "द"),
        ("®", "र"), ("c", "ह"), ("Ÿ", "ळ"), ("½", "ड़"), ("¸", "ढ़"),
        # half forms (+ É = the full letter)
        ("J", "ख्"), ("K", "ख़्"), ("M", "ग्"), ("N", "ग़्"), ("P", "घ्"), ("S", "च्"), ("V", "ज्"), ("W", "ज़्"),
        ("Z", "झ्"), ("\\", "ञ्"), ("h", "ण्"), ("i", "त्"), ("l", "थ्"), ("v", "ध्"), ("x", "न्"), ("{", "प्"),
        ("¤", "ब्"), ("£", "भ्"), ("à", "म्"), ("ª", "य्"), ("ã", "ल्"), ("¶", "श्"), ("\u00ad", "ष्"),
        ("-É", "ष"),  # the soft hyphen of ष comes out of some extractors as a hyphen
        ("w", "ष्"), ("º", "स्"), ("œ", "ळ्"),
        # conjuncts
        ("F", "क्ष्"), ("O", "ग्र्"), ("Q", "घ्र्"), ("T", "च्र्"), ("X", "ज्र्"), ("Y", "ज्ञ्"), ("[", "झ्र्"),
        ("^", "ट्ट"), ("_", "ट्ठ"), ("a", "ठ्ठ"), ("d", "ड्ड"), ("e", "ड्ढ"), ("g", "श्र्"), ("j", "त्र्"),
        ("k", "त्त्"), ("m", "थ्र्"), ("o", "दृ"), ("p", "द्र"), ("q", "द्द"), ("r", "द्ध"), ("s", "द्म्"),
        ("t", "द्य्"), ("u", "द्व"), ("y", "न्र्"), ("z", "न्न्"), ("|", "प्र्"), ("¡", "ज्ज्"), ("¢", "द्ध"),
        ("¥", "ब्र्"), ("§", "भ्र्"), ("©", "म्र्"), ("°", "रू"), ("»", "रु"), ("â", "रु"), ("²", "श्च्"),
        ("³", "ष्ट"), ("µ", "व्र्"), ("·", "श्व्"), ("¹", "य्र्"), ("¿", "ह्र्"), ("À", "ह्म्"), ("Á", "ह्य्"),
        ("Ø", "हृ"), ("Œ", "ङ्घ"), ("Š", "ङ्ख"), ("á", "्य्"),
        # vowel signs: the stem É is part of ि ी and their forms
        ("ÉÊ", I_MARK), ("ÉÎ", I_MARK), ("ÉË", IM_MARK), ("ÉÏ", IM_MARK), ("ÉÌ", "र्" + I_MARK),
        ("ÉÐ", "र्" + I_MARK), ("ÉÍ", "र्" + IM_MARK), ("ÉÑ", "र्" + IM_MARK), ("ÉÒ", "ी"), ("ÉÓ", "ीं"),
        ("ÉÔ", "ी" + REPH), ("ÉÕ", "ीं" + REPH), ("É", "ा"), ("Ù", "ु"), ("Ö", "ु"), ("Ú", "ू"), ("Ý", "ू"),
        ("ß", "ृ"), ("Þ", "ृ"), ("ä", "े"), ("å", "ें"), ("æ", "े" + REPH), ("ç", "ें" + REPH), ("è", "ै"),
        ("é", "ैं"), ("ê", "ै" + REPH), ("ë", "ैं" + REPH), ("ì", "ॅ"), ("ñ", "ॊ"), ("Å", "्र"),
        # marks and punctuation
        ("Æ", "ं"), ("Ó", "ं"), ("Ä", "ँ"), ("&", "ः"), ("Ç", REPH), ("Â", "्"), ("Ã", "़"), ("%", "ऽ"),
        ("$", "ॐ"), ("**", "॥"), ("*", "।"), ("¨", "+"), ("¬", "="), ("±", "%"), ("ô", ""),
    ),
)

DVB_TT = Layout(
    name="dvb-tt",
    label="DVB-TT (DVB-TTSurekh, DVBW-TTSurekh; Maharashtra)",
    source="glyph readings of the word pairs in biswasbiplob/legacylipi mappings/dvb_tt.py (facts only)",
    decode_only=frozenset("Ï Î μ".split()),
    pre=(("ü", ""), ("ú", ""), ("û", "")),  # width glyphs after some letters
    pairs=(
        ("†", "अ"), ("‡", "इ"), ("ˆ", "उ"), ("‰", "ऊ"),
        ("Û", "क"), ("Ü", "ख"), ("à", "घ"), ("á", "छ"), ("™", "ट"), ("š", "ठ"), ("›", "ड"), ("œ", "ढ"),
        ("Æ", "ह"), ("¤", "द"), ("¸", "र"), ("Ê", "क्ष"), ("¹", "रु"), ("ô", "ळ"),
        ("Ý", "ग्"), ("“", "च्"), ("¾", "व्"), ("•", "ज्"), ("—", "झ्"), ("¥", "ञ्"), ("Þ", "ण्"), ("Ÿ", "त्"), ("É", "थ्"),
        ("¬", "ध्"), ("®", "न्"), ("¯", "प्"), ("±", "फ्"), ("²", "ब्"), ("³", "भ्"), ("´", "म्"), ("µ", "य्"),
        ("μ", "य्"), ("»", "ल्"), ("¿", "श्"), ("Â", "ष्"), ("Ã", "स्"),
        ("Ö", "ा"), ("×", I_MARK), ("ß", "ी"), ("ã", "ु"), ("æ", "ू"), ("é", "ृ"), ("ê", "े"), ("ì", "ै"),
        ("Ò", "्र"), ("Ï", "्र"), ("Î", "्र"), ("Ó", "ं"), ("Õ", "ँ"), ("Ô", REPH), ("§", "॥"), ("¦", "।"),
        ("ý", ""),
    ),
)
