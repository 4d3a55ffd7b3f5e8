"""Rescan and replace: one page of a stored document replaced by a new scan of it, read in the
background by the deployment's executor like any page.

    job = submit_replacement(ctx, doc_id, page_no, path, name="rescan.png", user="olga")
    executor.submit([job.document_job])        the web API: answered at once, followed with
                                               storage.rescans.get(engine, job.rescan_id)
    replace_page(ctx, doc_id, page_no, path, name=..., user=...) -> Replacement
                                               the same, run here to the end (tests, scripts)

The operator rescans a page that could not be read or was read badly (``needs_rescan``), or any
page, and uploads the image. :func:`submit_replacement` checks it at once (a PDF, TIFF, PNG or
JPEG of one page; the document not being read), stores it as an original of its own
(``keys.original(its sha256)``, recorded in ``source_files``), writes the audit entry (action
``correct``, field ``page``) and queues the replacement (storage.rescans.start_replacement: the
page's mark, or a new row, becomes ``queued``; the page is queued and the document
``processing``). The job is a DocumentJob of that one page carrying the rescan id; its page job
runs :func:`read_rescan` instead of the usual read:

1. the scan is read with the deployment's OCR options (a PDF's text layer is not reused: a rescan
   is an image, and the page must get its own one-page searchable PDF);
2. written over the page's outputs under the *document's* keys — ``keys.page_text(sha, n)``,
   ``keys.page_pdf(sha, n)`` and the viewer's cached ``keys.page_png(sha, n)`` — and saved as the
   page row, with ``replaced:<first 16 hex of the replacement's sha256>`` first in its ``steps``;
   a scan that cannot be read leaves the page as it was (the rescan ``failed``, with the error);
3. then the document step (``workers.steps.complete_document``) rebuilds the document's PDF,
   text, classification, digital file and search index from its pages (the index replaces the
   document's pages: no duplicates; an operator's department correction is applied again) and
   settles the rescan ``done``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from pathlib import Path

from domain.errors import (
    BusyError,
    InputError,
    NotFoundError,
    PageTimeoutError,
    SanchikaError,
    UnsupportedTypeError,
    UsageError,
)
from domain.status import DocumentStatus, PageFlag, PageStatus
from domain.types import FileKind
from ingest.sniff import SNIFF_BYTES, sniff
from ocr.rasterise import count_pages
from ocr.read import read_page
from storage import keys, rescans
from storage.audit import AuditLog

from .context import WorkerContext
from .jobs import DocumentJob, DocumentOutcome, PageJob, PageOutcome
from .page_view import render_view_png
from .steps import _page_json, complete_document


@dataclass(frozen=True, slots=True)
class Submitted:
    rescan_id: int
    sha256: str  # of the replacement scan
    document_job: DocumentJob


@dataclass(frozen=True, slots=True)
class Replacement:
    document_id: str
    page: int
    sha256: str  # of the replacement scan (its original in the object store)
    kind: str
    confidence: float
    quality: float | None
    flag: PageFlag | None  # the new page's quality flag, as PageText.flag (None: nothing to act on)
    blank: bool
    previous: dict[str, object]  # the page as it was: status, flag, confidence, error_code
    document: DocumentOutcome


def submit_replacement(ctx: WorkerContext, doc_id: str, page_no: int, path: Path, *, name: str = "",
                       user: str = "") -> Submitted:
    """Check and store the scan at ``path`` for page ``page_no`` (1-based) of ``doc_id`` and queue
    its replacement. NotFoundError: no such document or page; InputError: the scan is not a
    readable one-page PDF/TIFF/PNG/JPEG; BusyError: the document is being read or replaced."""
    path = Path(path)
    label = name or path.name
    doc = ctx.catalog.document(doc_id)
    rows = {r["page_no"]: r for r in doc["page_rows"]}
    if page_no not in rows:
        raise NotFoundError(f"document {doc_id} has no page {page_no}; it has {len(rows)}.")
    if doc["status"] not in (DocumentStatus.DONE, DocumentStatus.FAILED):
        raise BusyError(f"document {doc_id} is still being read: replace its page when it is done.")
    with path.open("rb") as f:
        kind = sniff(f.read(SNIFF_BYTES), label)
    if kind is FileKind.ZIP:
        raise UnsupportedTypeError(f"{label} is a ZIP: upload the rescanned page itself (PDF, TIFF, PNG or JPEG).")
    try:
        pages_in_scan = count_pages(path, kind, _options(ctx))
    except SanchikaError as exc:
        raise exc.relabel(path, label) from exc
    if pages_in_scan != 1:
        raise UsageError(f"{label} has {pages_in_scan} pages: upload the one rescanned page on its own.")

    sha = _sha256(path)
    ctx.store.put_file(keys.original(sha), path, kind.content_type, sha)
    ctx.catalog.record_source(sha, kind.value, path.stat().st_size, label)
    old = rows[page_no]
    previous = {"status": old["status"], "flag": old.get("flag"), "confidence": old.get("confidence"),
                "error_code": old.get("error_code")}
    rescan_id = rescans.start_replacement(ctx.engine, doc_id, page_no, scan_sha=sha, scan_kind=kind.value,
                                          scan_name=label, user=user or "system", previous=previous)
    AuditLog(ctx.engine).record(user or "system", "correct", "document", doc_id, {
        "field": "page", "page": page_no, "replacement": label, "sha256": sha, "previous": previous, "rescan": rescan_id})
    job = DocumentJob(doc_id, doc["sha256"], doc["kind"], int(doc["pages"] or len(rows)), only=(page_no,), rescan=rescan_id)
    return Submitted(rescan_id, sha, job)


def read_rescan(ctx: WorkerContext, job: PageJob) -> PageOutcome:
    """The page job of a replacement: read the scan of rescan ``job.rescan`` and write it over page
    ``job.page_no``; a scan that cannot be read leaves the page as it was. Transient errors
    propagate (the executor retries)."""
    assert job.rescan is not None
    row = rescans.get(ctx.engine, job.rescan)
    doc_id, page_no, doc_sha = job.document_id, job.page_no, job.sha256
    rescans.set_state(ctx.engine, job.rescan, rescans.READING)
    stored = ctx.store.local_path(keys.original(row["scan_sha256"]))
    try:
        result = read_page(stored, FileKind(row["scan_kind"]), 1, _options(ctx))
    except (InputError, PageTimeoutError) as exc:
        err = exc.relabel(stored, row["scan_name"] or "the scan")
        rescans.restore_page(ctx.engine, doc_id, page_no, (row["previous"] or {}).get("status") or PageStatus.DONE)
        rescans.set_state(ctx.engine, job.rescan, rescans.FAILED, error_code=err.code, error_message=err.message)
        return PageOutcome(doc_id, page_no, False, err.code, err.message)
    text = dc_replace(result.text, page=page_no, steps=(f"replaced:{row['scan_sha256'][:16]}", *result.text.steps))
    assert result.pdf is not None, "an OCR read with make_pdf always gives a page PDF"
    ctx.store.put_bytes(keys.page_pdf(doc_sha, page_no), result.pdf, "application/pdf")
    ctx.store.put_bytes(keys.page_text(doc_sha, page_no), _page_json(text), "application/json")
    ctx.catalog.save_page(doc_id, text)
    ctx.store.put_bytes(keys.page_png(doc_sha, page_no),
                        render_view_png(ctx.store, keys.page_pdf(doc_sha, page_no), FileKind.PDF, 1), "image/png")
    rescans.set_state(ctx.engine, job.rescan, rescans.REBUILDING, result={
        "confidence": text.confidence, "quality": text.quality, "flag": text.flag or None, "blank": text.blank})
    return PageOutcome(doc_id, page_no, True)


def fail_page_job(ctx: WorkerContext, job: PageJob, err: SanchikaError) -> None:
    """A page job that will not run again (a crashed or timed-out worker, retries used up): an
    ordinary page fails; a replacement fails and leaves the page as it was."""
    if job.rescan is None:
        ctx.catalog.fail_page(job.document_id, job.page_no, err)
        return
    row = rescans.get(ctx.engine, job.rescan)
    rescans.restore_page(ctx.engine, job.document_id, job.page_no, (row["previous"] or {}).get("status") or PageStatus.DONE)
    rescans.set_state(ctx.engine, job.rescan, rescans.FAILED, error_code=err.code, error_message=err.message)


def replace_page(ctx: WorkerContext, doc_id: str, page_no: int, path: Path, *, name: str = "", user: str = "") -> Replacement:
    """:func:`submit_replacement`, then its page and document steps here, to the end. InputError
    when the scan cannot be read (the page is as it was)."""
    submitted = submit_replacement(ctx, doc_id, page_no, path, name=name, user=user)
    page = read_rescan(ctx, submitted.document_job.page_jobs()[0])
    outcome = complete_document(ctx, doc_id)
    if not page.ok:
        raise InputError(page.error_message or "the scan could not be read", code=page.error_code or "page.unreadable")
    row = rescans.get(ctx.engine, submitted.rescan_id)
    result = row["result"] or {}
    flag = PageFlag(result["flag"]) if result.get("flag") else None  # stored in the rescan's JSON as its value
    return Replacement(doc_id, page_no, submitted.sha256, row["scan_kind"], float(result.get("confidence") or 0.0),
                       result.get("quality"), flag, bool(result.get("blank")), row["previous"] or {}, outcome)


def _options(ctx: WorkerContext):  # type: ignore[no-untyped-def]
    return dc_replace(ctx.config.ocr, use_text_layer=False, make_pdf=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
