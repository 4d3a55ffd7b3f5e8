"""POST /api/batches (upload), GET /api/batches, GET /api/batches/{id}: operators and admins."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, UploadFile

from domain.errors import TooLargeError
from storage.library import batches_started, pages_of_documents

from ...pipeline import ingest_batch, submit_jobs
from ..deps import Operator, Svc
from ..models import Batch, BatchCreated, BatchFile, BatchSummary, ErrorBody, PageStatus
from ..uploads import saved_uploads

router = APIRouter(tags=["batches"])

BatchId = Annotated[str, Path(min_length=1, max_length=32, description="A batch id.")]


@router.post("/batches", status_code=202, response_model=BatchCreated)
def upload(
    who: Operator,
    services: Svc,
    files: Annotated[list[UploadFile], File(description="PDF, TIFF, PNG, JPEG or ZIP files; many per request.")],
    name: Annotated[str | None, Form(max_length=200, description="Batch name (default: its id).")] = None,
) -> BatchCreated:
    """Store every uploaded file (ZIPs expanded, names kept as uploaded), record each as a batch
    item, queue the work and answer 202 with the batch id; follow it with GET /api/batches/{id}.
    A bad file fails alone: the batch report lists it with its error code."""
    settings = services.settings
    if len(files) > settings.max_upload_files:
        raise TooLargeError(f"{len(files)} files in one upload; at most {settings.max_upload_files} "
                            "(SANCHIKA_MAX_UPLOAD_FILES): upload them in several batches or as a ZIP.")
    with saved_uploads(files, settings.spool_dir) as names:
        batch_id, jobs = ingest_batch(list(names), settings, batch_name=name or None, operator=who.name, names=names)
    services.record(who, "upload", "batch", batch_id, files=[n for n in names.values()])
    if jobs:
        submit_jobs(jobs, settings)
    else:  # nothing to process (all failed or duplicates): the batch is complete now
        services.ctx.catalog.finish_batch(batch_id)
    return BatchCreated(id=batch_id)


@router.get("/batches", response_model=list[BatchSummary])
def list_batches(
    who: Operator, services: Svc,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[BatchSummary]:
    """Batches, newest first (``limit`` from ``offset``)."""
    rows = services.ctx.catalog.list_batches(limit=limit, offset=offset)
    started = batches_started(services.ctx.engine, [r["id"] for r in rows if r["status"] != "done"])
    return [BatchSummary(id=r["id"], name=r["name"], operator=r["operator"], status=_status(r["status"], r["id"] in started),
                         files=r["files"], created_at=r["created_at"], finished_at=r["finished_at"]) for r in rows]


@router.get("/batches/{batch_id}", response_model=Batch)
def get_batch(batch_id: BatchId, who: Operator, services: Svc) -> Batch:
    """A batch and every one of its inputs: done, duplicate (pointing at the existing document),
    failed (with an error code and message) or still in progress, with per-page status."""
    catalog = services.ctx.catalog
    batch = catalog.batch(batch_id)
    pages_by_doc = pages_of_documents(services.ctx.engine, [i["document_id"] for i in batch["items"] if i["document_id"]])
    files = []
    for item in batch["items"]:
        page_rows = pages_by_doc.get(item["document_id"], []) if item["document_id"] and item["status"] != "failed" else []
        files.append(BatchFile(
            name=item["name"], status=item["status"], document_id=item["document_id"],
            pages=(item["pages"] or 0) if item["status"] != "failed" else 0, department=item["department"],
            error=_error(item), page_status=[PageStatus(page=p["page_no"], status=p["status"], error=_error(p)) for p in page_rows],
        ))
    started = batch_id in batches_started(services.ctx.engine, [batch_id])
    return Batch(id=batch["id"], name=batch["name"], operator=batch["operator"], status=_status(batch["status"], started),
                 created_at=batch["created_at"], finished_at=batch["finished_at"], files=files)


BatchStatus = Literal["queued", "running", "done"]


def _status(stored: str, started: bool) -> BatchStatus:
    return "done" if stored == "done" else ("running" if started else "queued")


def _error(row: dict[str, Any]) -> ErrorBody | None:
    if row.get("status") != "failed":
        return None
    return ErrorBody(code=row.get("error_code") or "internal", message=row.get("error_message") or "failed")
