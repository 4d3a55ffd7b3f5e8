"""The searchable PDF of a scanned document is PDF/A-2b (issue 21, point 5), checked by two real
validators (tests/archive/pdfa_check.py), with its fonts embedded and its text layer still
extracting as the OCR text; a PDF that cannot be made PDF/A does not claim to be."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import regex
from sqlalchemy import select

from storage import keys
from storage.schema import documents, pages

from .pdfa_check import pikepdf_findings, preflight_a1b, unembedded_fonts


def _ctx(settings):  # type: ignore[no-untyped-def]
    from workers.context import WorkerContext

    return WorkerContext(settings.worker_config())


def words(text: str) -> list[str]:
    return regex.findall(r"[\p{L}\p{M}\p{N}]+", text or "")


def extracted_text(pdf: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def flat(text: str) -> str:
    """NFC, whitespace collapsed: how a page's text and the text its PDF extracts are compared."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def check_archival(pdf: bytes, ocr_text: str, tmp, *, exact: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Both validators approve ``pdf``, its fonts are embedded, and its text extracts as the page's
    text: the same words (OCR's word boxes can merge a line's punctuation differently), or with
    ``exact`` the same text."""
    assert pikepdf_findings(pdf) == []
    ok, output = preflight_a1b(pdf, tmp)
    assert ok, output
    assert unembedded_fonts(pdf) == []
    got, want = words(extracted_text(pdf)), words(ocr_text)
    assert got == want and len(want) > 10, (got, want)
    if exact:
        assert flat(extracted_text(pdf)) == flat(ocr_text)


def test_a_scanned_documents_pdf_is_pdfa_2b_with_its_hindi_text_layer(built_archive, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sanchika.settings import Settings

    ctx = _ctx(Settings(home=built_archive))
    with ctx.engine.connect() as c:
        doc = c.execute(select(documents.c.id, documents.c.sha256).where(documents.c.name.like("%revenue.png"))).one()
        text = c.execute(select(pages.c.text).where(pages.c.document_id == doc.id)).scalar()
    assert "खसरा" in text and "जिला" in text
    check_archival(ctx.store.get_bytes(keys.document_pdf(doc.sha256)), text, tmp_path)


def test_a_legacy_font_letters_pdf_carries_its_converted_text(built_archive, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 17 point 5: DV-TTSurekh, font not embedded. The page's text is the converted layer;
    the document PDF must extract as that text, not as the Latin-1 junk its codes read as."""
    from sanchika.settings import Settings

    ctx = _ctx(Settings(home=built_archive))
    with ctx.engine.connect() as c:
        doc = c.execute(select(documents.c.id, documents.c.sha256).where(documents.c.name.like("%legacy.pdf"))).one()
        page = c.execute(select(pages.c.text, pages.c.source, pages.c.steps).where(pages.c.document_id == doc.id)).one()
    assert page.source == "textlayer" and "pdf:layer" in page.steps and "खसरा" in page.text
    pdf = ctx.store.get_bytes(keys.document_pdf(doc.sha256))
    check_archival(pdf, page.text, tmp_path, exact=True)
    assert not regex.search(r"[\u00c0-\u024f]", extracted_text(pdf))


def test_the_efile_package_carries_pdfa(archive, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sanchika.efile import export_efile
    from workers.efile_export import validate_efile_package

    ctx = _ctx(archive)
    [result] = export_efile(ctx.engine, ctx.store, ["245/भू-अभि/2018"], tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / result["path"].rsplit("/", 1)[-1] / "manifest.json").read_text())
    with ctx.engine.connect() as c:  # the scanned page, and the legacy letter that cites the same file number
        texts = {r.sha256: (r.text, r.name) for r in c.execute(
            select(documents.c.sha256, documents.c.name, pages.c.text).join(pages, documents.c.id == pages.c.document_id))}
    entries = manifest["documents"]
    assert sorted(Path(texts[e["source_sha256"]][1]).name for e in entries) == ["legacy.pdf", "revenue.png"]
    for entry in entries:
        assert entry["pdfa"] == "2b"
        text, name = texts[entry["source_sha256"]]
        pdf = (tmp_path / "out" / manifest["file"]["folder"] / entry["path"]).read_bytes()
        check_archival(pdf, text, tmp_path, exact=name.endswith("legacy.pdf"))
    assert validate_efile_package(tmp_path / "out" / manifest["file"]["folder"]) == []


def test_a_pdf_the_validator_refuses_does_not_claim_pdfa(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A born-digital letter reused as is (this generator writes an /OpenAction and text operators
    with no font set): left plain, with the validator's findings."""
    import pikepdf

    from ocr.pdfa import archival_pdf
    from tests import pagegen

    out = archival_pdf(pagegen.text_pdf(["मुख्य चिकित्सा अधिकारी", "Office of the CMHO"]), title="letter")
    assert not out.pdfa and out.problems
    with pikepdf.open(io.BytesIO(out.pdf)) as p:
        assert p.open_metadata().get("pdfaid:part") is None and "/OutputIntents" not in p.Root
        assert str(p.docinfo["/Title"]) == "letter"


def test_the_rewrite_is_deterministic(built_archive) -> None:  # type: ignore[no-untyped-def]
    from ocr.pdfa import archival_pdf
    from sanchika.settings import Settings

    ctx = _ctx(Settings(home=built_archive))
    page = next(k for k, _ in ctx.store.list_keys("pages/") if k.endswith(".pdf"))
    first, second = archival_pdf(ctx.store.get_bytes(page), title="x"), archival_pdf(ctx.store.get_bytes(page), title="x")
    assert first.pdfa and first.pdf == second.pdf
