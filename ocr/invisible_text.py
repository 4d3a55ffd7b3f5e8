"""A page of invisible text in the form Tesseract writes (``textonly_pdf``): a Type0 font over an
embedded glyph-less TrueType (``GlyphLessFont``), every character code its Unicode value
(Identity-H, a ToUnicode map of the identity), drawn in text render mode 3, each run stretched
(``Tz``) over the box it stands for. Text extracts as given; nothing is drawn.

    pdf = text_only_pdf(595.0, 842.0, [Run("कार्यालय", 72.0, 700.0, 60.0, 12.0), ...])

``searchable_pdf.page_pdf`` lays a page image under it, as it does under Tesseract's own page. The
font program is built here with fontTools (the same shape as Tesseract's ``pdf.ttf``: an empty
``.notdef`` and one empty glyph half an em wide, to which every CID maps), so no character is ever
drawn with ``.notdef`` and every width agrees with the font program (PDF/A).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

GLYPH_WIDTH = 500  # of 1000 units: the width of every character (the font's DW)
_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


@dataclass(frozen=True, slots=True)
class Run:
    """Text laid over a box of the page, in points from its lower left corner: its characters are
    stretched to fill ``width`` (a word's trailing space fills the gap to the next word)."""

    text: str
    x: float
    y: float  # the baseline: the bottom of the box
    width: float
    size: float  # font size: the height of the box


@lru_cache(maxsize=1)
def glyphless_font() -> bytes:
    """The TrueType program of GlyphLessFont (deterministic bytes)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.misc.timeTools import timestampFromString
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "blank"])
    fb.setupCharacterMap({})
    empty = TTGlyphPen(None).glyph()
    fb.setupGlyf({".notdef": empty, "blank": empty})
    fb.setupHorizontalMetrics({".notdef": (GLYPH_WIDTH, 0), "blank": (GLYPH_WIDTH, 0)})
    fb.setupHorizontalHeader(ascent=1000, descent=0)
    fb.setupNameTable({"familyName": "GlyphLessFont", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=1000, sTypoDescender=0, usWinAscent=1000, usWinDescent=0)
    fb.setupPost()
    fb.font["head"].created = fb.font["head"].modified = timestampFromString("Mon Jan  5 00:00:00 2026")
    fb.font.recalcTimestamp = False
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def _cid_to_gid() -> bytes:
    return zlib.compress(b"\x00\x01" * 65536, 9)  # every CID -> glyph 1 (never .notdef)


def _hex(text: str) -> str:
    """UTF-16BE code units: the CIDs of Identity-H (characters beyond the BMP as surrogate pairs)."""
    return text.encode("utf-16-be").hex().upper()


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") or "0"


def content(runs: Sequence[Run]) -> bytes:
    """The page's content stream: one text object, each run placed, sized and stretched to its box."""
    ops = ["BT", "3 Tr"]
    for r in runs:
        if not r.text:
            continue
        size = max(r.size, 1.0)
        natural = len(r.text.encode("utf-16-be")) // 2 * GLYPH_WIDTH / 1000 * size
        scale = min(max(100.0 * max(r.width, 1.0) / natural, 1.0), 10_000.0)
        ops.append(f"1 0 0 1 {_fmt(r.x)} {_fmt(r.y)} Tm /F1 {_fmt(size)} Tf {_fmt(scale)} Tz <{_hex(r.text)}> Tj")
    ops.append("ET")
    return ("\n".join(ops) + "\n").encode()


def text_only_pdf(width: float, height: float, runs: Sequence[Run]) -> bytes:
    """A one-page PDF of ``width`` x ``height`` points holding only ``runs``, invisible."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    pdf = pikepdf.new()
    program = pikepdf.Stream(pdf, glyphless_font())
    program["/Length1"] = len(glyphless_font())
    descriptor = Dictionary(Type=Name.FontDescriptor, FontName=Name.GlyphLessFont, Flags=5,
                            FontBBox=Array([0, 0, GLYPH_WIDTH, 1000]), ItalicAngle=0, Ascent=1000, Descent=-1,
                            CapHeight=1000, StemV=80, FontFile2=program)
    cid_font = Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name.GlyphLessFont,
                          CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
                          FontDescriptor=pdf.make_indirect(descriptor), DW=GLYPH_WIDTH,
                          CIDToGIDMap=pikepdf.Stream(pdf, _cid_to_gid(), Filter=Name.FlateDecode))
    font = Dictionary(Type=Name.Font, Subtype=Name.Type0, BaseFont=Name.GlyphLessFont, Encoding=Name("/Identity-H"),
                      DescendantFonts=Array([pdf.make_indirect(cid_font)]), ToUnicode=pikepdf.Stream(pdf, _TO_UNICODE))
    page = Dictionary(Type=Name.Page, MediaBox=Array([0, 0, width, height]),
                      Resources=Dictionary(Font=Dictionary(F1=pdf.make_indirect(font))),
                      Contents=pikepdf.Stream(pdf, content(runs)))
    pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True, compress_streams=True)
    return buf.getvalue()
