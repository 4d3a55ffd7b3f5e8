"""PDF/A-2b for the archive: a searchable PDF rewritten as PDF/A-2b, or left plain with the
reasons when it cannot be (docs/pdfa.md).

    out = archival_pdf(pdf_bytes, title="...", forms=("ocr", "layer"), validation="foreign")
    # Archival(pdf, pdfa: bool, pages, problems, basis)

The rewrite touches structure and metadata only (pikepdf/qpdf), never page content: document
information cleared (a title kept, mirrored in XMP), old XMP dropped, the PDF/A-2b identification
(``pdfaid:part=2``, ``conformance=B``) and an sRGB output intent (pikepdf's ICC profile, version
2, acceptable to PDF/A-1 as well) added, object streams off, a content-derived ``/ID``: the same
input gives the same bytes.

Whether the result may claim PDF/A rests on one of two things (``Archival.basis``):

- ``validator``: ``pikepdf.pdfa`` approved these bytes (an allowlist validator built on veraPDF's
  PDF/A rule catalogue: it approves only what it knows conforms);
- ``producer``: every page is a form Sanchika's own writers produce (``OWN_FORMS``: the page image
  under Tesseract's or our invisible text, a page image alone, a rendered page under a converted
  text layer), each validated in tests by this validator and by PDFBox Preflight, and validated
  again here for the first document of each form in a process (the libraries that write them may
  differ from the tested ones). ``validation``: ``foreign`` (the default setting) validates only
  documents with other pages (an original page reused, a born-digital page); ``always`` every
  document; ``never`` none (a document with foreign pages is then not claimed).

A file that is not approved — a born-digital letter reused as is, whose fonts or content break the
rules — is returned *without* the PDF/A identification and with the validator's findings, so no
file claims a conformance it does not have.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FLAVOUR = "2b"
VALIDATION = ("foreign", "always", "never")  # SANCHIKA_PDFA_VALIDATE
FORM_STEP = "pdf:"  # the page step that names its PDF's form (e.g. "pdf:ocr"; ocr/read.py writes it)
# The page forms Sanchika's own writers produce (the producer tells: PageResult.pdf_form); every
# other page (an original PDF page reused, with or without a text overlay) is foreign.
OWN_FORMS = frozenset({
    "ocr",  # page image (JPEG) under Tesseract's invisible GlyphLessFont text (searchable_pdf.page_pdf)
    "image",  # page image (JPEG) alone: a blank page (searchable_pdf.image_page_pdf)
    "layer",  # rendered page (JPEG) under a converted text layer's invisible text (ocr/layer_pdf.py)
})
_approved: set[str] = set()  # own forms a validated document of this process carried (the first of each is checked)
_refused: set[str] = set()  # own forms the validator refused in this process: validated every time
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Archival:
    pdf: bytes
    pdfa: bool  # identified as PDF/A-2b (approved by the validator, or all pages of tested own forms)
    pages: int
    problems: tuple[str, ...] = ()  # the validator's findings when it is not PDF/A
    basis: str = ""  # why it is PDF/A: "validator" or "producer" ("" when it is not)


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
    """The PDF/A-2b validator's findings (empty: approved).

    pikepdf.pdfa records *any* Python warning raised while it parses a content stream as a
    violation of that page, and a garbage collection in that window can raise one for an unrelated
    object (a ResourceWarning for a connection collected there refused a sound PDF in a test run):
    garbage is collected first and collection paused while the validator runs."""
    import gc

    import pikepdf.pdfa

    gc.collect()
    paused = gc.isenabled()
    gc.disable()
    try:
        report = pikepdf.pdfa.validate_written(io.BytesIO(pdf), FLAVOUR)
    finally:
        if paused:
            gc.enable()
    if report.passed:
        return ()
    return tuple(str(f) for f in report.findings) or ("not approved",)


def archival_pdf(pdf: bytes, *, title: str = "", forms: Sequence[str] | None = None,
                 validation: str = "always") -> Archival:
    """``pdf`` as PDF/A-2b, or (when it cannot be) plain with the validator's findings.

    ``forms``: each page's form as its producer named it (None: unknown, i.e. foreign);
    ``validation``: which documents the validator checks (``VALIDATION``; module docstring)."""
    if validation not in VALIDATION:
        raise ValueError(f"validation must be one of {', '.join(VALIDATION)}, not {validation!r}")
    data, pages = _rewrite(pdf, title, identify=True)
    own = frozenset(forms or ()) if forms is not None and len(forms) == pages else frozenset({""})
    if own <= OWN_FORMS and (validation == "never" or (validation == "foreign" and own <= _approved)):
        return Archival(data, True, pages, basis="producer")
    if own <= OWN_FORMS and validation == "foreign" and not own & _refused and forms is not None:
        if _canary_approves(data, forms):  # its new forms approved on a sample: the rest of the pages are the same forms
            return Archival(data, True, pages, basis="producer")
    if validation == "never":  # foreign pages, and no validator to approve them
        problems: tuple[str, ...] = ("not validated (SANCHIKA_PDFA_VALIDATE=never) and not all pages of Sanchika's own forms",)
    else:
        problems = validate(data)
        if own <= OWN_FORMS:
            _note(own, problems)
        if not problems:
            return Archival(data, True, pages, basis="validator")
    plain, pages = _rewrite(pdf, title, identify=False)
    return Archival(plain, False, pages, problems)


def preload(validation: str) -> None:
    """Import the validator now (~0.13 s of CPU in a fresh process) when documents may be validated:
    a pool process left idle at the end of a run does it (workers/local.py), instead of the step of
    a long scan after its last page, when nothing else runs beside it."""
    if validation != "never":
        import pikepdf.pdfa  # noqa: F401


CANARY_PAGES = 2  # pages of each new own form the canary validates (two: a join of the form is checked too)


def _canary_approves(data: bytes, forms: Sequence[str]) -> bool:
    """The canary on a sample: the first ``CANARY_PAGES`` pages of each own form not yet approved in
    this process, as one document (the same rewrite, so the document-level parts are checked too),
    validated; its forms are noted approved. False when the sample is the whole document anyway or
    the validator refused it (the whole document is then validated, and its findings are what is
    reported). A 20-page scan's first document is validated in ~0.1 s
    instead of ~0.8 s of CPU, at the end of its batch where nothing else runs beside it."""
    import pikepdf

    seen: dict[str, int] = {}
    keep: list[int] = []
    for i, form in enumerate(forms):
        if form not in _approved and seen.get(form, 0) < CANARY_PAGES:
            seen[form] = seen.get(form, 0) + 1
            keep.append(i)
    if len(keep) == len(forms):
        return False
    with pikepdf.open(io.BytesIO(data)) as p:
        for i in reversed(range(len(p.pages))):
            if i not in keep:
                del p.pages[i]
        buf = io.BytesIO()
        p.save(buf, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    if validate(buf.getvalue()):
        return False
    _note(frozenset(forms[i] for i in keep), ())
    return True


def _note(forms: frozenset[str], problems: tuple[str, ...]) -> None:
    """Record the validator's verdict on a document of own forms: approved, its forms need no more
    validation in this process; refused (a writer library changed?), they are validated every time."""
    if not problems:
        _approved.update(forms - _refused)
        return
    _refused.update(forms)
    _approved.difference_update(forms)
    log.warning("a PDF of Sanchika's own page forms (%s) failed PDF/A-2b validation: %s; "
                "they are validated every time from now on in this process", ", ".join(sorted(forms)), "; ".join(problems[:3]))


def forget_approved_forms() -> None:
    """Start again as a new process does: the next document of every own form is validated (tests)."""
    _approved.clear()
    _refused.clear()
