"""PDF/A-2b for the archive: a searchable PDF rewritten as PDF/A-2b and *validated*, or left
plain with the reasons when it cannot be (docs/pdfa.md).

    out = archival_pdf(pdf_bytes, title="...")   # Archival(pdf, pdfa: bool, problems)

The rewrite touches structure and metadata only (pikepdf/qpdf), never page content: document
information cleared (a title kept, mirrored in XMP), old XMP dropped, the PDF/A-2b identification
(``pdfaid:part=2``, ``conformance=B``) and an sRGB output intent (pikepdf's ICC profile, version
2, acceptable to PDF/A-1 as well) added, object streams off, a content-derived ``/ID``: the same
input gives the same bytes. The result is then validated by ``pikepdf.pdfa`` (an allowlist
validator built on veraPDF's PDF/A rule catalogue: it approves only what it knows conforms). A
file that does not pass — a born-digital letter reused as is, whose fonts or content break the
rules — is returned *without* the PDF/A identification and with the validator's findings, so no
file claims a conformance it does not have.

Tesseract's text layer is a Type0 font over an embedded glyph-less TrueType (GlyphLessFont) with
a ToUnicode map: fonts embedded, text invisible (render mode 3), the Devanagari text extractable
as read. The page images are JPEGs (DCTDecode) in DeviceGray or DeviceRGB, covered by the sRGB
output intent.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FLAVOUR = "2b"


@dataclass(frozen=True, slots=True)
class Archival:
    pdf: bytes
    pdfa: bool  # identified as PDF/A-2b and approved by the validator
    pages: int
    problems: tuple[str, ...] = ()  # the validator's findings when it is not PDF/A


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The sRGB ICC profile pikepdf ships for PDF/A output intents (ICC version 2)."""
    import pikepdf

    return (Path(pikepdf.__file__).parent / "pdfa" / "data" / "sRGB.icc").read_bytes()


def _rewrite(pdf: bytes, title: str, identify: bool) -> tuple[bytes, int]:
    import pikepdf

    from domain.errors import CorruptFileError

    try:
        src = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError as exc:
        raise CorruptFileError(f"A document's PDF cannot be opened ({exc}); rebuild it.") from exc
    with src as p:
        for key in list(p.docinfo.keys()):
            del p.docinfo[key]
        if title:
            p.docinfo["/Title"] = title
        for key in ("/Metadata", "/OutputIntents"):
            if key in p.Root:
                del p.Root[key]
        if "/ID" in p.trailer:  # a producer's random /ID would survive deterministic_id (it keeps ID[0])
            del p.trailer["/ID"]
        if identify or title:
            p.Root["/Metadata"] = pikepdf.Stream(p, xmp_packet(title, identify), Type=pikepdf.Name.Metadata,
                                                 Subtype=pikepdf.Name.XML)
        if identify:
            profile = pikepdf.Stream(p, srgb_profile())
            profile["/N"] = 3
            p.Root["/OutputIntents"] = pikepdf.Array([pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1, OutputConditionIdentifier="sRGB IEC61966-2.1",
                Info="sRGB IEC61966-2.1", DestOutputProfile=profile)])
        buf = io.BytesIO()
        p.save(buf, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        return buf.getvalue(), len(p.pages)


def xmp_packet(title: str, identify: bool) -> bytes:
    """The XMP metadata: PDF/A identification and title, namespaces declared on the description
    (the form strict parsers such as PDFBox's xmpbox read)."""
    from xml.sax.saxutils import escape

    props = [f"<pdfaid:part>{FLAVOUR[0]}</pdfaid:part><pdfaid:conformance>{FLAVOUR[1].upper()}</pdfaid:conformance>"
             if identify else ""]
    if title:
        props.append(f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>')
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/">{"".join(props)}</rdf:Description></rdf:RDF></x:xmpmeta>\n'
            '<?xpacket end="w"?>').encode()


def validate(pdf: bytes) -> tuple[str, ...]:
    """The PDF/A-2b validator's findings (empty: approved)."""
    import pikepdf.pdfa

    report = pikepdf.pdfa.validate_written(io.BytesIO(pdf), FLAVOUR)
    if report.passed:
        return ()
    return tuple(str(f) for f in report.findings) or ("not approved",)


def archival_pdf(pdf: bytes, *, title: str = "") -> Archival:
    """``pdf`` as validated PDF/A-2b, or (when it cannot be) plain with the validator's findings."""
    data, pages = _rewrite(pdf, title, identify=True)
    problems = validate(data)
    if not problems:
        return Archival(data, True, pages)
    plain, pages = _rewrite(pdf, title, identify=False)
    return Archival(plain, False, pages, problems)
