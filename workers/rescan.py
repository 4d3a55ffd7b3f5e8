"""Rescan and replace: one page of a stored document replaced by a new scan of it.

    replace_page(ctx, doc_id, page_no, path, name="rescan.png", user="olga") -> Replacement

The operator rescans a page that could not be read or was read badly (``needs_rescan``), or any
page, and uploads the image. The replacement is:

1. sniffed (PDF, TIFF, PNG or JPEG; one page) and stored as an original of its own in the object
   store (``keys.original(its sha256)``, recorded in ``source_files``);
2. read with the deployment's OCR options (``ctx.config.ocr``; a PDF's text layer is not reused: a
   rescan is an image, and the page must get its own one-page searchable PDF);
3. written over the page's outputs under the *document's* keys — ``keys.page_text(sha, n)``,
   ``keys.page_pdf(sha, n)`` and the viewer's cached ``keys.page_png(sha, n)`` — and saved as the
   page row, with ``replaced:<first 16 hex of the replacement's sha256>`` first in its ``steps``;
4. recorded in the audit log (action ``correct``, target the document, field ``page``);
5. followed by ``workers.steps.complete_document``: the document's PDF, text, classification,
   digital file and search index are rebuilt from its pages (the index replaces the document's
   pages: no duplicates). A department an operator corrected is kept: the newest correction is
   applied again after the classifier ran.

It runs where it is called (the CLI, or the web API's request thread in embedded and server
mode alike); it is not queued. The document must not be in the middle of being read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from pathlib import Path

from sqlalchemy import select, update

from domain.errors import NotFoundError, SanchikaError, UnsupportedTypeError, UsageError
from domain.status import DocumentStatus, ItemStatus
from domain.types import FileKind
from ingest.sniff import SNIFF_BYTES, sniff
from ocr.rasterise import count_pages
from ocr.read import read_page
from storage import keys
from storage.audit import AuditLog
from storage.schema import batch_items, corrections, documents

from .context import WorkerContext
from .page_view import render_view_png
from .steps import DocumentOutcome, _page_json, complete_document


@dataclass(frozen=True, slots=True)
class Replacement:
    document_id: str
    page: int
    sha256: str  # of the replacement scan (its original in the object store)
    kind: str
    confidence: float
    quality: float | None
    flag: str  # the new page's quality flag ("" | needs_review | needs_rescan)
    blank: bool
    previous: dict[str, object]  # the page as it was: status, flag, confidence, error_code
    document: DocumentOutcome


def replace_page(ctx: WorkerContext, doc_id: str, page_no: int, path: Path, *, name: str = "", user: str = "") -> Replacement:
    """Replace page ``page_no`` (1-based) of document ``doc_id`` by the scan at ``path`` and rebuild
    the document. NotFoundError: no such document or page; InputError: the scan is not a readable
    one-page PDF/TIFF/PNG/JPEG; UsageError: the document is still being read."""
    path = Path(path)
    label = name or path.name
    doc = ctx.catalog.document(doc_id)
    rows = {r["page_no"]: r for r in doc["page_rows"]}
    if page_no not in rows:
        raise NotFoundError(f"document {doc_id} has no page {page_no}; it has {len(rows)}.")
    if doc["status"] == DocumentStatus.PROCESSING:
        raise UsageError(f"document {doc_id} is still being read: replace its page when it is done.")

    with path.open("rb") as f:
        kind = sniff(f.read(SNIFF_BYTES), label)
    if kind is FileKind.ZIP:
        raise UnsupportedTypeError(f"{label} is a ZIP: upload the rescanned page itself (PDF, TIFF, PNG or JPEG).")
    options = dc_replace(ctx.config.ocr, use_text_layer=False, make_pdf=True)
    try:
        pages_in_scan = count_pages(path, kind, options)
    except SanchikaError as exc:
        raise exc.relabel(path, label) from exc
    if pages_in_scan != 1:
        raise UsageError(f"{label} has {pages_in_scan} pages: upload the one rescanned page on its own.")

    sha = _sha256(path)
    ctx.store.put_file(keys.original(sha), path, kind.content_type, sha)
    ctx.catalog.record_source(sha, kind.value, path.stat().st_size, label)
    stored = ctx.store.local_path(keys.original(sha))
    try:
        result = read_page(stored, kind, 1, options)
    except SanchikaError as exc:
        raise exc.relabel(stored, label) from exc
    text = dc_replace(result.text, page=page_no, steps=(f"replaced:{sha[:16]}", *result.text.steps))
    assert result.pdf is not None, "an OCR read with make_pdf always gives a page PDF"

    doc_sha = doc["sha256"]
    ctx.store.put_bytes(keys.page_pdf(doc_sha, page_no), result.pdf, "application/pdf")
    ctx.store.put_bytes(keys.page_text(doc_sha, page_no), _page_json(text), "application/json")
    ctx.catalog.save_page(doc_id, text)
    old = rows[page_no]
    previous = {"status": old["status"], "flag": old.get("flag"), "confidence": old.get("confidence"),
                "error_code": old.get("error_code")}
    AuditLog(ctx.engine).record(user or "system", "correct", "document", doc_id, {
        "field": "page", "page": page_no, "replacement": label, "sha256": sha, "previous": previous})

    outcome = complete_document(ctx, doc_id)
    _keep_corrected_department(ctx, doc_id)
    if outcome.ok:
        _settle_failed_items(ctx, doc_id)
    ctx.store.put_bytes(keys.page_png(doc_sha, page_no),
                        render_view_png(ctx.store, keys.page_pdf(doc_sha, page_no), FileKind.PDF, 1), "image/png")
    return Replacement(doc_id, page_no, sha, kind.value, text.confidence, text.quality, text.flag, text.blank,
                       previous, outcome)


def _keep_corrected_department(ctx: WorkerContext, doc_id: str) -> None:
    """complete_document classifies again; an operator's department correction outranks it."""
    with ctx.engine.begin() as c:
        last = c.execute(select(corrections.c.new_value).where(
            corrections.c.document_id == doc_id, corrections.c.field == "department")
            .order_by(corrections.c.at.desc(), corrections.c.id.desc()).limit(1)).first()
        if last is not None and last[0]:
            c.execute(update(documents).where(documents.c.id == doc_id).values(department=last[0]))


def _settle_failed_items(ctx: WorkerContext, doc_id: str) -> None:
    """A document that had failed (no page readable) is done now: so are its batch items."""
    with ctx.engine.begin() as c:
        c.execute(update(batch_items).where(batch_items.c.document_id == doc_id, batch_items.c.status == ItemStatus.FAILED)
                  .values(status=ItemStatus.DONE, error_code=None, error_message=None))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
