"""POST /api/batches (upload), GET /api/batches, GET /api/batches/{id}: operators and admins.
POST /api/requeue and POST /api/batches/{id}/requeue (stranded work, sanchika.requeue): admins."""

from __future__ import annotations

import shutil
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from pydantic import BaseModel, Field

from domain.errors import TooLargeError
from domain.status import BatchStatus as Stored
from domain.status import ItemStatus, ShownBatchStatus
from domain.status import PageStatus as PageState
from storage.catalog import now
from storage.library import batch_pace, batches_started, pages_of_documents

from ...accounts import department_keys
from ...pipeline import start_batch
from ..deps import Admin, Operator, Svc
from ..models import Batch, BatchCreated, BatchFile, BatchPage, BatchSummary, ErrorBody, Progress
from ..uploads import save_uploads

router = APIRouter(tags=["batches"])

BatchId = Annotated[str, Path(min_length=1, max_length=32, description="A batch id.")]


@router.post("/batches", status_code=202, response_model=BatchCreated)
def upload(
    who: Operator,
    services: Svc,
    files: Annotated[list[UploadFile], File(description="PDF, TIFF, PNG, JPEG or ZIP files; many per request.")],
    name: Annotated[str | None, Form(max_length=200, description="Batch name (default: its id).")] = None,
    department: Annotated[str | None, Form(max_length=100, description="Hint: the department the files belong to (key, name or alias).")] = None,
    file_number: Annotated[str | None, Form(max_length=200, description="Hint: the file number of the paper file.")] = None,
    location: Annotated[str | None, Form(max_length=300, description="Hint: where the paper file is kept (box / almirah / rack).")] = None,
) -> BatchCreated:
    """Receive every file, answer 202 with the batch id, and store (ZIPs expanded, names kept as
    uploaded), record and read the files in the background, the first file's pages while the next
    is stored; follow it with GET /api/batches/{id}. A bad file fails alone: the batch report
    lists it with its error code."""
    settings = services.settings
    if len(files) > settings.max_upload_files:
        raise TooLargeError(f"{len(files)} files in one upload; at most {settings.max_upload_files} "
                            "(SANCHIKA_MAX_UPLOAD_FILES): upload them in several batches or as a ZIP.")
    dep = department_keys([department])[0] if department and department.strip() else None
    hints = {k: v.strip() for k, v in {"department": dep, "file_number": file_number, "location": location}.items()
             if v and v.strip()}
    folder, names = save_uploads(files, settings.spool_dir)
    try:  # ingested and read in the background, OCR starting with the first file; the copies go after
        batch_id, _ = start_batch(list(names), settings, services.executor, batch_name=name or None, operator=who.name,
                                  names=names, hints=hints, remove=[folder])
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    services.record(who, "upload", "batch", batch_id, files=[n for n in names.values()], **({"hints": hints} if hints else {}))
    return BatchCreated(id=batch_id)


@router.get("/batches", response_model=list[BatchSummary])
def list_batches(
    who: Operator, services: Svc,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[BatchSummary]:
    """Batches, newest first (``limit`` from ``offset``)."""
    rows = services.ctx.catalog.list_batches(limit=limit, offset=offset)
    started = batches_started(services.ctx.engine, [r["id"] for r in rows if r["status"] != Stored.DONE])
    return [BatchSummary(id=r["id"], name=r["name"], operator=r["operator"], status=ShownBatchStatus.of(r["status"], r["id"] in started),
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
        # a file whose every page failed keeps its document and pages (rescan and replace them)
        page_rows = pages_by_doc.get(item["document_id"], []) if item["document_id"] else []
        files.append(BatchFile(
            name=item["name"], status=item["status"], document_id=item["document_id"],
            pages=(item["pages"] or 0) if item["document_id"] else 0, department=item["department"],
            error=_error(item), page_status=[BatchPage(page=p["page_no"], status=p["status"], flag=p.get("flag") or None, error=_error(p))
                         for p in page_rows],
        ))
    started = batch_id in batches_started(services.ctx.engine, [batch_id])
    status = ShownBatchStatus.of(batch["status"], started)
    return Batch(id=batch["id"], name=batch["name"], operator=batch["operator"], status=status,
                 created_at=batch["created_at"], finished_at=batch["finished_at"],
                 hints={k: str(v) for k, v in (batch.get("hints") or {}).items() if v}, files=files,
                 progress=_progress(batch_pace(services.ctx.engine, batch_id), status in (Stored.DONE, Stored.FAILED)))


ESTIMATE_AFTER = 3  # pages settled before a pace is measured: the first page also carries the start-up


def _progress(pace: dict[str, Any], finished: bool) -> Progress:
    """Pages per minute measured from the first settled page to now (to the last one once the
    batch is finished), and the time left at that pace; none while fewer than ESTIMATE_AFTER
    pages have settled."""
    total, settled = pace["pages"], pace["settled"]
    rate = None
    if settled >= ESTIMATE_AFTER and pace["first_at"] is not None:
        first, last = (_aware(pace["first_at"]), _aware(pace["last_at"]))
        seconds = ((last if finished else max(last, now())) - first).total_seconds()
        rate = (settled - 1) * 60 / seconds if seconds > 0 else None
    left = 0.0 if finished else (round((total - settled) * 60 / rate, 1) if rate else None)
    return Progress(pages=total, settled=settled, pages_per_minute=round(rate, 2) if rate else None, seconds_left=left)


def _aware(at: Any) -> Any:
    from datetime import UTC

    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def _error(row: dict[str, Any]) -> ErrorBody | None:
    if row.get("status") not in (ItemStatus.FAILED, PageState.FAILED):  # an input's or a page's row
        return None
    return ErrorBody(code=row.get("error_code") or "internal", message=row.get("error_message") or "failed")


# -- re-queueing stranded work (admin) ----------------------------------------------------------------
class RequeueSkipped(BaseModel):
    name: str
    reason: str


class RequeueResult(BaseModel):
    mode: Literal["celery", "embedded"]
    dry_run: bool
    pages: int = Field(description="Pages left `queued` with no message anywhere, queued again.")
    completions: int = Field(description="Documents whose completion step was lost, queued again.")
    documents: list[str] = Field(description="Documents with stranded pages or completions.")
    items_settled: int = Field(description="Batch items settled after their finished document.")
    items_interrupted: int = Field(description="Batch items whose upload stopped before the file was stored, with no copy left to store (failed).")
    ingests_resumed: list[str] = Field(description="Batches whose ingest stopped (the server stopped mid-upload): the rest of their uploaded files stored and read.")
    files: list[str] = Field(description="Failed files read again from their stored originals.")
    skipped_files: list[RequeueSkipped] = Field(description="Failed files that cannot be re-run (upload a new copy).")
    in_flight: int = Field(description="Pages/completions left alone: the broker still holds a message for them.")
    too_young: int = Field(description="Documents left alone: created less than min_age seconds ago.")
    broker_checked: bool = Field(description="The broker's messages were read (Redis); otherwise only min_age protects waiting work.")


MinAge = Annotated[float, Query(ge=0, le=30 * 86400, description="Leave documents created less than this many seconds ago alone.")]
WithFailed = Annotated[bool, Query(description="Also read failed files (and documents with failed pages) again.")]
DryRun = Annotated[bool, Query(description="Report what would be queued; change nothing.")]


def _requeue(services, who, batch_id: str | None, min_age: float, failed: bool, dry_run: bool) -> RequeueResult:  # type: ignore[no-untyped-def]
    from ...requeue import requeue

    report = requeue(services.settings, batch_id=batch_id, min_age=min_age, failed=failed, dry_run=dry_run, wait=False,
                     executor=services.executor)
    if not dry_run and not report.nothing_to_do:
        services.record(who, "admin", "batch", batch_id or "*", requeue={
            "pages": report.pages, "completions": report.completions, "files": report.files,
            "ingests_resumed": report.ingests_resumed})
    data = report.to_json()
    data["skipped_files"] = [RequeueSkipped(**s) for s in data["skipped_files"]]
    return RequeueResult(**data)


@router.post("/requeue", status_code=202, response_model=RequeueResult)
def requeue_all(who: Admin, services: Svc, min_age: MinAge = 300.0, failed: WithFailed = True,
                dry_run: DryRun = False) -> RequeueResult:
    """Queue again, in every batch, pages left `queued` that no message will ever run (e.g. after
    the broker lost its messages), documents whose completion was lost and (``failed``) failed
    files. Pages the broker still holds are left alone, so calling it twice queues nothing twice."""
    return _requeue(services, who, None, min_age, failed, dry_run)


@router.post("/batches/{batch_id}/requeue", status_code=202, response_model=RequeueResult,
             responses={404: {"description": "No such batch."}})
def requeue_batch(batch_id: BatchId, who: Admin, services: Svc, min_age: MinAge = 300.0, failed: WithFailed = True,
                  dry_run: DryRun = False) -> RequeueResult:
    """POST /api/requeue for one batch."""
    return _requeue(services, who, batch_id, min_age, failed, dry_run)
