"""Rescans (operators, admins): mark a page "to rescan", the scanning room's list, and replacing a
page by a new scan in the background.

    POST   /api/documents/{id}/pages/{n}/rescan   {reason}        -> 201 the mark
    DELETE /api/rescans/{rescan_id}                               -> the mark, cancelled
    GET    /api/rescans?batch=&location=&format=json|csv          -> the pages to rescan
    POST   /api/documents/{id}/pages/{n}/replace  multipart file  -> 202 the replacement, queued
    GET    /api/rescans/{rescan_id}                               -> its state: queued, reading,
                                                                     rebuilding, done | failed

A replacement is checked and stored in the request (a one-page PDF, TIFF, PNG or JPEG), then read
by the deployment's executor like an upload (workers.rescan, ADR 0020): the answer comes at once
and the web app follows ``GET /api/rescans/{id}``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from domain.errors import TooLargeError
from domain.status import DocumentStatus, PageFlag, RescanKind, RescanState
from storage import rescans
from workers.rescan import submit_replacement

from ...rescans import reason_of, rescans_csv
from ..deps import Operator, Svc
from ..models import ErrorBody, Timestamp
from ..uploads import saved_uploads

router = APIRouter(tags=["rescans"])

DocId = Annotated[str, Path(min_length=1, max_length=40, description="A document id.")]
PageNo = Annotated[int, Path(ge=1, le=100_000)]
RescanId = Annotated[int, Path(ge=1, le=2**31 - 1, description="A rescan id (a mark or a replacement).")]


class RescanMark(BaseModel):
    reason: str = Field(min_length=1, max_length=500, description="Why the page must be scanned again (torn, cut off, blurred, ...).")


class Rescan(BaseModel):
    id: int
    document_id: str
    page: int
    state: RescanState = Field(description="marked | queued | reading | rebuilding | done | failed | cancelled")
    reason: str | None
    marked_by: str | None
    marked_at: Timestamp | None
    scan_name: str | None = Field(description="The replacement scan's name, once one was sent.")
    sha256: str | None = Field(description="SHA-256 of the replacement scan (stored as an original of its own).")
    replaced_by: str | None
    submitted_at: Timestamp | None
    finished_at: Timestamp | None
    confidence: float | None = Field(None, description="OCR confidence of the new page (0..1), once read.")
    quality: float | None = Field(None, description="Quality score of the new page (0..1), once read.")
    flag: PageFlag | None = Field(None, description="needs_review | needs_rescan | null: the new page's quality flag.")
    blank: bool | None = None
    error: ErrorBody | None = Field(None, description="Why the replacement failed (the page is then as it was).")
    document_status: DocumentStatus | None = Field(None, description="The document's status now.")
    department: str | None = None
    file_number: str | None = None


class RescanItem(BaseModel):
    rescan_id: int | None = Field(description="The mark's id (null: a page the stage flagged).")
    kind: RescanKind = Field(description="marked (by an operator) | failed (could not be read) | needs_rescan (read too badly)")
    document_id: str
    name: str
    page: int
    reason: str = Field(description="The operator's words, or the error or quality reasons.")
    error_code: str | None
    quality_reasons: list[str]
    marked_by: str | None
    marked_at: Timestamp | None
    batch_id: str
    batch_name: str
    file_number: str | None
    location: str = Field(description="Where the paper is: the digital file's location, else the batch's hint.")


def _rescan(services: Any, row: dict[str, Any]) -> Rescan:
    result = row.get("result") or {}
    doc = services.ctx.catalog.document(row["document_id"])
    error = ErrorBody(code=row["error_code"], message=row["error_message"] or "") if row["state"] == rescans.FAILED and row["error_code"] else None
    return Rescan(id=row["id"], document_id=row["document_id"], page=row["page_no"], state=row["state"], reason=row["reason"],
                  marked_by=row["marked_by"], marked_at=row["marked_at"], scan_name=row["scan_name"], sha256=row["scan_sha256"],
                  replaced_by=row["replaced_by"], submitted_at=row["submitted_at"], finished_at=row["finished_at"],
                  confidence=result.get("confidence"), quality=result.get("quality"), flag=result.get("flag"),
                  blank=result.get("blank"), error=error, document_status=doc["status"], department=doc["department"],
                  file_number=doc["file_number"])


@router.post("/documents/{doc_id}/pages/{n}/rescan", status_code=201, response_model=Rescan,
             responses={404: {"description": "No such document or page."}})
def mark_page(doc_id: DocId, n: PageNo, body: RescanMark, who: Operator, services: Svc) -> Rescan:
    """Mark page ``n`` "to rescan" with a reason: it stays on the rescan list until it is replaced
    (or the mark is cancelled). A page already marked keeps one mark, with the new reason."""
    services.library(who).document(doc_id)  # the same 404 as every document route
    row = rescans.mark(services.ctx.engine, doc_id, n, body.reason.strip(), who.name)
    services.record(who, "correct", "document", doc_id, field="rescan", page=n, reason=row["reason"], rescan=row["id"])
    return _rescan(services, row)


@router.delete("/rescans/{rescan_id}", response_model=Rescan,
               responses={404: {"description": "No such rescan."}, 409: {"description": "Not a mark any more (`busy`)."}})
def cancel_mark(rescan_id: RescanId, who: Operator, services: Svc) -> Rescan:
    """Take a page off the rescan list (a mark only)."""
    row = rescans.cancel(services.ctx.engine, rescan_id)
    services.record(who, "correct", "document", row["document_id"], field="rescan", page=row["page_no"], cancelled=rescan_id)
    return _rescan(services, row)


@router.get("/rescans", response_model=list[RescanItem], responses={200: {"content": {"text/csv": {}}}})
def rescan_list(
    who: Operator, services: Svc,
    batch: Annotated[str | None, Query(max_length=32, description="Only this batch's pages.")] = None,
    location: Annotated[str | None, Query(max_length=300, description="Only pages kept here: a part of the location, any case.")] = None,
    format: Annotated[Literal["json", "csv"], Query(description="json, or csv (UTF-8 with BOM) for the scanning room.")] = "json",
) -> Any:
    """The pages to rescan — marked by an operator, unreadable, or flagged needs_rescan — of
    documents not being read, by location, batch, document and page."""
    rows = rescans.rescan_list(services.ctx.engine, batch=batch or None, location=location or None)
    if format == "csv":
        return Response(rescans_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="rescans.csv"'})
    return [RescanItem(**{**r, "reason": reason_of(r)}) for r in rows]


@router.get("/rescans/{rescan_id}", response_model=Rescan, responses={404: {"description": "No such rescan."}})
def rescan_state(rescan_id: RescanId, who: Operator, services: Svc) -> Rescan:
    """One mark or replacement: a replacement goes queued -> reading -> rebuilding -> done, or
    failed with its error (the page is then as it was)."""
    return _rescan(services, rescans.get(services.ctx.engine, rescan_id))


@router.post("/documents/{doc_id}/pages/{n}/replace", status_code=202, response_model=Rescan,
             responses={404: {"description": "No such document or page."},
                        409: {"description": "The document is being read, or a page of it replaced (`busy`)."},
                        415: {"description": "Not a PDF, TIFF, PNG or JPEG (`input.unsupported`)."},
                        422: {"description": "The scan cannot be read, or the request is invalid."}})
def replace_document_page(
    doc_id: DocId, n: PageNo, who: Operator, services: Svc,
    file: Annotated[UploadFile, File(description="The rescanned page: one page of PDF, TIFF, PNG or JPEG.")],
) -> Rescan:
    """Replace page ``n`` (a page marked or flagged to rescan, a failed page, or any page) by a new
    scan of it: checked and stored now, read in the background by the workers (the answer comes
    at once: follow ``GET /api/rescans/{id}``); the page's text and PDF are overwritten, then the
    document's PDF, classification and search index rebuilt. Audited as a correction."""
    services.library(who).document(doc_id)  # the same 404 as every document route
    settings = services.settings
    with saved_uploads([file], settings.spool_dir) as names:
        path, name = next(iter(names.items()))
        if path.stat().st_size > settings.max_file_mb << 20:
            raise TooLargeError(f"{name} is larger than the limit of {settings.max_file_mb} MiB (SANCHIKA_MAX_FILE_MB).")
        submitted = submit_replacement(services.ctx, doc_id, n, path, name=name, user=who.name)
    services.executor.submit([submitted.document_job])
    return _rescan(services, rescans.get(services.ctx.engine, submitted.rescan_id))

