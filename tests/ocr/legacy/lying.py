"""Generated "lying PDFs": text layers carrying legacy-font byte strings under the legacy font's name.

Two shapes, both made at test time (nothing committed):

- :func:`not_embedded_pdf`: the real failure of issue 17 — a TrueType font named like the legacy
  font (``DV-TTSurekh``), WinAnsi encoding, *no font file*. A viewer (and our renderer) draws the
  bytes with a substitute Latin font, so the page image shows Latin junk and OCR cannot recover
  the Hindi; only the text layer can.
- :func:`embedded_latin_pdf`: a Latin font (DejaVu Sans) embedded under the legacy font's name,
  as PDF printers do when the legacy font maps its glyphs on Latin code points.

Both can add English lines in a second, ordinary font (Helvetica), as letters mix a legacy Hindi
body with an English file number and subject.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pikepdf
from pikepdf import Name

from tests import pagegen

W, H = 595, 842  # A4 in points


def _byte(ch: str) -> int:
    """The 8-bit code a legacy font stores for ``ch`` (its Windows-1252 reading; C1 controls as is)."""
    if ord(ch) < 0x100:
        return ord(ch)
    return ch.encode("cp1252")[0]


def _font(pdf: pikepdf.Pdf, name: str) -> pikepdf.Object:
    ps = name.replace(" ", "")
    descriptor = pikepdf.Dictionary(Type=Name.FontDescriptor, FontName=Name("/" + ps), Flags=32,
                                    FontBBox=[-100, -250, 1000, 900], ItalicAngle=0, Ascent=900, Descent=-250,
                                    CapHeight=700, StemV=80)
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name("/" + ps), FirstChar=32, LastChar=255,
        Widths=[550] * 224, Encoding=Name.WinAnsiEncoding, FontDescriptor=pdf.make_indirect(descriptor)))


def not_embedded_pdf(lines: Sequence[str], font_name: str, english: Sequence[str] = (), *, size: float = 13) -> bytes:
    """One A4 page: ``lines`` (legacy glyph strings) in a non-embedded font called ``font_name``,
    ``english`` lines after them in Helvetica."""
    pdf = pikepdf.new()
    helvetica = pdf.make_indirect(pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                                     Encoding=Name.WinAnsiEncoding))
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=_font(pdf, font_name), F2=helvetica))
    ops = [f"BT /F1 {size} Tf {size * 1.5} TL 50 790 Td".encode()]
    for line in lines:
        ops.append(b"<" + bytes(_byte(c) for c in line).hex().encode() + b"> Tj T*")
    ops.append(b"/F2 11 Tf")
    for line in english:
        ops.append(b"<" + line.encode("cp1252").hex().encode() + b"> Tj T*")
    ops.append(b"ET")
    page = pikepdf.Dictionary(Type=Name.Page, MediaBox=[0, 0, W, H], Resources=resources,
                              Contents=pdf.make_stream(b"\n".join(ops)))
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def embedded_latin_pdf(lines: Sequence[str], font_name: str, english: Sequence[str] = ()) -> bytes:
    """``lines`` in DejaVu Sans embedded under the name ``font_name``, ``english`` in Noto Sans."""
    pdf = pagegen._fpdf(pagegen._renamed_font_file(font_name), font_name)
    pdf.add_font("NotoSans", fname=str(pagegen.LATIN_FONT))
    pdf.add_page()
    for line in lines:
        pdf.set_font(font_name, size=13)
        pdf.cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    for line in english:
        pdf.set_font("NotoSans", size=11)
        pdf.cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def unicode_pdf(lines: Sequence[str], font_name: str) -> bytes:
    """Real Unicode Hindi in Noto Sans Devanagari embedded under the name ``font_name``."""
    import os
    import tempfile

    from fontTools.ttLib import TTFont

    tt = TTFont(str(pagegen.DEFAULT_FONT))
    for rec in tt["name"].names:
        if rec.nameID in (1, 3, 4, 6, 16):
            rec.string = font_name
    path = os.path.join(tempfile.gettempdir(), f"sanchika-test-{font_name}.{os.getpid()}.ttf")
    tt.save(path)
    pdf = pagegen._fpdf(Path(path), font_name)
    pdf.add_page()
    for line in lines:
        pdf.cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
