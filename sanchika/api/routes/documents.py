"""Documents, within the caller's department scope: listing, one document, its searchable PDF,
its page images; department and file-number corrections and approval (operators, admins). Page
replacement by a new scan is in routes/rescans.py."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from domain.errors import NotFoundError
from domain.status import DocumentStatus, PageStatus
from storage import keys

from ...accounts import department_keys
from ..deps import Caller, Operator, Services, Svc
from ..models import (
    Correction,
    DepartmentCorrection,
    DigitalFile,
    Document,
    DocumentSummary,
    ErrorBody,
    Page,
    Timestamp,
)
from ..page_images import page_png_key

router = APIRouter(tags=["documents"])

DocId = Annotated[str, Path(min_length=1, max_length=40, description="A document id (search and batches show them).")]
SIGNED_URL_SECONDS = 900  # presigned S3 links live at most 15 minutes

FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    307: {"description": "S3 mode: a presigned URL valid for at most 15 minutes."},
    404: {"description": "No such document (or not visible to you), or not ready yet."},
}


@router.get("/documents", response_model=list[DocumentSummary])
def list_documents(
    who: Caller, services: Svc,
    department: Annotated[str | None, Query(max_length=100, description="A department key, name or alias.")] = None,
    status: Annotated[DocumentStatus | None, Query(description="Only documents in this state.")] = None,
    batch: Annotated[str | None, Query(max_length=32, description="Only documents of this batch.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[DocumentSummary]:
    """Documents visible to you, newest first."""
    dep = department_keys([department])[0] if department else None
    rows = services.library(who).documents(department=dep, status=status, batch_id=batch, limit=limit, offset=offset)
    return [DocumentSummary(**r) for r in rows]


@router.get("/documents/{doc_id}", response_model=Document, responses={404: FILE_RESPONSES[404]})
def get_document(doc_id: DocId, who: Caller, services: Svc) -> Document:
    """A document: department, file number, entities, digital file, corrections and every page with its text."""
    library = services.library(who)
    doc = library.document(doc_id)
    services.record(who, "view", "document", doc_id)
    return _document(doc, library.corrections_of(doc_id))


@router.get("/documents/{doc_id}/pdf", response_class=Response, responses={200: {"content": {"application/pdf": {}}}, **FILE_RESPONSES})
def get_pdf(doc_id: DocId, who: Caller, services: Svc) -> Response:
    """The searchable PDF (streamed; in S3 mode a redirect to a short-lived signed link)."""
    doc = services.library(who).document(doc_id)
    if doc["status"] != DocumentStatus.DONE:
        raise NotFoundError(f"the searchable PDF of document {doc_id} is not ready: the document is {doc['status']}.")
    services.record(who, "download", "document", doc_id, what="pdf")
    return _object(services, keys.document_pdf(doc["sha256"]), "application/pdf", PurePath(doc["name"].split("!")[-1]).stem + ".pdf")


@router.get("/documents/{doc_id}/pages/{n}.png", response_class=Response, responses={200: {"content": {"image/png": {}}}, **FILE_RESPONSES})
def get_page_png(doc_id: DocId, n: Annotated[int, Path(ge=1, le=100_000)], who: Caller, services: Svc) -> Response:
    """Page ``n`` (1-based) as a PNG at viewer resolution (rendered once, then cached)."""
    doc = services.library(who).document(doc_id)
    key = page_png_key(services.ctx.store, doc, n)
    services.record(who, "view", "document", doc_id, what="page", page=n)  # seen on screen, not a download
    return _object(services, key, "image/png", f"{doc_id}-{n}.png")


@router.post("/documents/{doc_id}/department", response_model=Correction)
def correct_department(doc_id: DocId, body: DepartmentCorrection, who: Operator, services: Svc) -> Correction:
    """Correct a document's department: recorded (who, when, from, to, why) and applied at once
    (search filters and department scoping follow the corrected value)."""
    key = department_keys([body.department])[0]
    row = services.library(who).correct_department(doc_id, key, who.name, body.reason)
    services.record(who, "correct", "document", doc_id, field="department", old=row["old_value"], new=key)
    return _correction(row)


class FileNumberCorrection(BaseModel):
    file_number: str = Field(min_length=1, max_length=300, description="The file number written on the file, e.g. 245/भू-अभि/2018.")
    reason: str | None = Field(None, max_length=2000)


class FileNumberCorrected(Correction):
    file_key: str = Field(description="The digital file the document now belongs to (`fn:<number>`).")
    warnings: list[str] = Field(description="What e-Office would not accept in the number as typed (kept as given).")


class Approval(BaseModel):
    document_id: str
    verified_by: str
    verified_at: Timestamp


@router.post("/documents/{doc_id}/file-number", response_model=FileNumberCorrected,
             responses={404: {"description": "No such document (or not visible to you)."},
                        400: {"description": "An empty or overlong file number (`usage`)."}})
def correct_file_number(doc_id: DocId, body: FileNumberCorrection, who: Operator, services: Svc) -> FileNumberCorrected:
    """Correct a document's file number: recorded (who, when, from, to, why), stored in canonical
    form, and applied at once — the document moves to the digital file of that number (created if
    new) and keeps the number when it is read again. Characters e-Office does not accept come back
    as ``warnings``; the number is not refused for them (Hindi file numbers are common)."""
    row = services.library(who).correct_file_number(doc_id, body.file_number, who.name, body.reason)
    services.record(who, "correct", "document", doc_id, field="file_number", old=row["old_value"], new=row["new_value"])
    return FileNumberCorrected(**_correction(row).model_dump(), file_key=row["file_key"], warnings=row["warnings"])


@router.post("/documents/{doc_id}/approve", response_model=Approval,
             responses={404: {"description": "No such document (or not visible to you)."}})
def approve(doc_id: DocId, who: Operator, services: Svc) -> Approval:
    """Approve a document as it is (department, file number, pages, boundaries): who and when are
    stored (the eFile manifest's ``verified_by``) and its items leave the review queue."""
    row = services.library(who).verify(doc_id, who.name)
    services.record(who, "verify", "document", doc_id)
    return Approval(**row)


class ReviewDecision(BaseModel):
    department: str | None = Field(None, min_length=1, max_length=100, description="The department (key, name or alias); omitted or unchanged: kept.")
    file_number: str | None = Field(None, min_length=1, max_length=300, description="The file number; omitted or unchanged: kept.")
    reason: str | None = Field(None, max_length=2000)


class Reviewed(BaseModel):
    department: Correction | None = Field(description="The department correction, when it changed.")
    file_number: FileNumberCorrected | None = Field(description="The file number correction, when it changed.")
    approval: Approval


@router.post("/documents/{doc_id}/review", response_model=Reviewed,
             responses={404: {"description": "No such document (or not visible to you)."},
                        400: {"description": "An unknown department, an empty or overlong file number (`usage`): nothing is changed."}})
def review_document(doc_id: DocId, body: ReviewDecision, who: Operator, services: Svc) -> Reviewed:
    """Approve a document with its department and file number as the operator decided them, in
    one transaction: every change is applied, or (an invalid value) none. The document leaves the
    review queue; a new department re-scopes who may see it at once (ADR 0024)."""
    key = department_keys([body.department])[0] if body.department else None
    done = services.library(who).review(doc_id, who.name, department=key, file_number=body.file_number, reason=body.reason)
    dep, number = done["department"], done["file_number"]
    if dep:
        services.record(who, "correct", "document", doc_id, field="department", old=dep["old_value"], new=key)
    if number:
        services.record(who, "correct", "document", doc_id, field="file_number", old=number["old_value"], new=number["new_value"])
    services.record(who, "verify", "document", doc_id)
    return Reviewed(department=_correction(dep) if dep else None,
                    file_number=FileNumberCorrected(**_correction(number).model_dump(), file_key=number["file_key"],
                                                    warnings=number["warnings"]) if number else None,
                    approval=Approval(**done["verified"]))


def _object(services: Services, key: str, media_type: str, filename: str) -> Response:
    store = services.ctx.store
    presign = getattr(store, "presigned_url", None)
    if presign is not None:
        return RedirectResponse(presign(key, SIGNED_URL_SECONDS), status_code=307)
    return FileResponse(store.local_path(key), media_type=media_type, filename=filename, content_disposition_type="inline")


def _error(row: dict[str, Any]) -> ErrorBody | None:
    if row.get("status") not in (DocumentStatus.FAILED, PageStatus.FAILED) or not row.get("error_code"):  # a document or a page
        return None
    return ErrorBody(code=row["error_code"], message=row.get("error_message") or "failed")


def _correction(row: dict[str, Any]) -> Correction:
    return Correction(id=row["id"], field=row["field"], old_value=row["old_value"], new_value=row["new_value"],
                      user=row["user_name"], reason=row["reason"], at=row["at"])


def _document(doc: dict[str, Any], corrections: list[dict[str, Any]]) -> Document:
    digital = doc["digital_file"]
    return Document(
        **{k: doc[k] for k in DocumentSummary.model_fields},
        entities=doc["entities"], classification=doc["classification"], error=_error(doc),
        digital_file=DigitalFile(**{**digital, "documents": [DocumentSummary(**m) for m in digital["documents"]]}) if digital else None,
        page_list=[Page(page=p["page_no"], status=p["status"], source=p["source"], confidence=p["confidence"],
                        rotation=p["rotation"], text=p["text"], error=_error(p)) for p in doc["page_rows"]],
        corrections=[_correction(c) for c in corrections],
    )
