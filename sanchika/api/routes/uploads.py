"""Resumable uploads for the web app, and re-queueing a batch's failed files.

    POST /api/uploads                   {name, size}            -> 201 {id, name, size, received}
    PUT  /api/uploads/{id}?offset=N     raw bytes (one chunk)   -> {id, name, size, received}
    GET  /api/uploads/{id}                                      -> {id, name, size, received}
    POST /api/batches/from-uploads      {upload_ids, name, department, file_number, location} -> 202 {id}
    POST /api/batches/{id}/retry                                -> 202 {id, requeued, skipped}

A chunk is appended at ``offset``; the bytes already received are the size of the spool file,
so a chunk sent twice (the answer was lost with the connection) is skipped where it overlaps:
appending is idempotent by offset. A client that lost its connection asks GET for ``received``
and goes on from there. Chunks live under ``$SANCHIKA_HOME/spool/chunked/<id>/`` until the
batch is made (then the ingest code stores each original in the object store, as for
POST /api/batches) — only their uploader (or an admin) may touch them.
"""

from __future__ import annotations

import json
import secrets
import threading
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from domain.errors import NotFoundError, TooLargeError, UsageError
from storage.catalog import now

from ...accounts import Principal, department_keys
from ...pipeline import mark_when_stopped, start_batch
from ...requeue import retry_failed
from ..deps import Operator, Services, Svc
from ..models import BatchCreated
from ..uploads import display_name

router = APIRouter(tags=["uploads"])

MAX_CHUNK = 16 << 20  # one PUT carries at most 16 MiB; the web app sends 2 MiB
UploadId = Annotated[str, Path(min_length=16, max_length=32, pattern="^[0-9a-f]+$", description="An upload id (POST /api/uploads).")]
BatchId = Annotated[str, Path(min_length=1, max_length=32, description="A batch id.")]
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


class UploadStart(BaseModel):
    name: str = Field(min_length=1, max_length=300, description="The file's name (a folder upload: its relative path).")
    size: int = Field(ge=0, description="Bytes the whole file has.")


class UploadState(BaseModel):
    id: str
    name: str
    size: int
    received: int = Field(description="Bytes stored so far; send the next chunk at this offset.")


class BatchFromUploads(BaseModel):
    upload_ids: list[Annotated[str, Field(min_length=16, max_length=32, pattern="^[0-9a-f]+$")]] = Field(min_length=1, max_length=10_000)
    name: str | None = Field(None, max_length=200, description="Batch name (default: its id).")
    department: str | None = Field(None, max_length=100, description="Hint: the department the files belong to.")
    file_number: str | None = Field(None, max_length=200, description="Hint: the file number of the paper file.")
    location: str | None = Field(None, max_length=300, description="Hint: where the paper file is kept (box / almirah / rack).")


class SkippedFile(BaseModel):
    name: str
    reason: str


class RetryResult(BaseModel):
    id: str
    requeued: list[str] = Field(description="Files queued again.")
    skipped: list[SkippedFile] = Field(description="Failed files that cannot be re-run (the file itself is bad: upload a new copy).")


def _dir(services: Services, upload_id: str) -> FsPath:
    return services.settings.spool_dir / "chunked" / upload_id


def _meta(services: Services, who: Principal, upload_id: str) -> dict[str, Any]:
    """The upload's description; the same NotFoundError for a missing id and another user's upload."""
    try:
        meta: dict[str, Any] = json.loads((_dir(services, upload_id) / "meta.json").read_text("utf-8"))
    except (OSError, ValueError):
        meta = {}
    if not meta or (meta.get("owner") != who.name and who.role != "admin"):
        raise NotFoundError("no such upload: start it again with POST /api/uploads.")
    return meta


def _state(services: Services, upload_id: str, meta: dict[str, Any]) -> UploadState:
    data = _dir(services, upload_id) / "data"
    return UploadState(id=upload_id, name=meta["name"], size=meta["size"], received=data.stat().st_size if data.exists() else 0)


def _lock(upload_id: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(upload_id, threading.Lock())


@router.post("/uploads", status_code=201, response_model=UploadState)
def start_upload(body: UploadStart, who: Operator, services: Svc) -> UploadState:
    """Start a resumable upload of one file; send its bytes with PUT /api/uploads/{id}?offset=N."""
    limit = services.settings.max_file_mb << 20
    if body.size > limit:
        raise TooLargeError(f"{body.name} is larger than the limit of {services.settings.max_file_mb} MiB "
                            "(SANCHIKA_MAX_FILE_MB): split it into smaller files.")
    upload_id = secrets.token_hex(16)
    folder = _dir(services, upload_id)
    folder.mkdir(parents=True)
    name = display_name(body.name.encode("utf-8", "replace").decode("utf-8"), 0)  # no lone surrogates
    meta = {"owner": who.name, "name": name, "size": body.size, "created_at": now().isoformat()}
    (folder / "meta.json").write_text(json.dumps(meta), "utf-8")
    (folder / "data").touch()
    return UploadState(id=upload_id, name=name, size=body.size, received=0)


@router.get("/uploads/{upload_id}", response_model=UploadState, responses={404: {"description": "No such upload (or not yours)."}})
def upload_state(upload_id: UploadId, who: Operator, services: Svc) -> UploadState:
    """How many bytes of the upload are stored: resume from ``received``."""
    return _state(services, upload_id, _meta(services, who, upload_id))


@router.put("/uploads/{upload_id}", response_model=UploadState, openapi_extra={
    "requestBody": {"required": True, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def append_chunk(
    upload_id: UploadId, request: Request, who: Operator, services: Svc,
    offset: Annotated[int, Query(ge=0, description="Where this chunk starts in the file.")],
) -> UploadState:
    """Store one chunk (at most 16 MiB) at ``offset``. Bytes already received are skipped, so a
    chunk sent again after a dropped connection changes nothing; an offset past ``received`` is refused."""
    meta = _meta(services, who, upload_id)
    chunk = bytearray()
    async for part in request.stream():
        chunk += part
        if len(chunk) > MAX_CHUNK:
            raise TooLargeError(f"a chunk may have at most {MAX_CHUNK >> 20} MiB: send smaller chunks.")
    return await run_in_threadpool(_append, services, upload_id, meta, offset, bytes(chunk))


def _append(services: Services, upload_id: str, meta: dict[str, Any], offset: int, chunk: bytes) -> UploadState:
    if offset + len(chunk) > meta["size"]:
        raise UsageError(f"this chunk ends at byte {offset + len(chunk)}, past the file's size {meta['size']}.")
    with _lock(upload_id):
        data = _dir(services, upload_id) / "data"
        received = data.stat().st_size
        if offset > received:
            raise UsageError(f"offset {offset} is past the {received} bytes received: resume at {received} (GET /api/uploads/{upload_id}).")
        fresh = chunk[received - offset:]
        if fresh:
            with data.open("ab") as out:
                out.write(fresh)
    return _state(services, upload_id, meta)


@router.post("/batches/from-uploads", status_code=202, response_model=BatchCreated)
def batch_from_uploads(body: BatchFromUploads, who: Operator, services: Svc) -> BatchCreated:
    """Make a batch of finished uploads (as POST /api/batches does with a multipart upload): the
    answer comes at once; every original is stored, recorded and read in the background; follow it
    with GET /api/batches/{id}."""
    settings = services.settings
    if len(body.upload_ids) > settings.max_upload_files:
        raise TooLargeError(f"{len(body.upload_ids)} files in one batch; at most {settings.max_upload_files} "
                            "(SANCHIKA_MAX_UPLOAD_FILES): make several batches.")
    department = department_keys([body.department])[0] if body.department else None
    names: dict[FsPath, str] = {}
    for upload_id in dict.fromkeys(body.upload_ids):
        state = _state(services, upload_id, _meta(services, who, upload_id))
        if state.received != state.size:
            raise UsageError(f"{state.name} is not fully uploaded ({state.received} of {state.size} bytes): finish it first.")
        names[_dir(services, upload_id) / "data"] = state.name
    hints = {k: v.strip() for k, v in {"department": department, "file_number": body.file_number,
                                       "location": body.location}.items() if v and v.strip()}
    # ingested and read in the background, OCR starting with the first file; the uploads go after
    batch_id, _ = start_batch(list(names), settings, services.executor, batch_name=body.name or None, operator=who.name,
                              names=names, hints=hints, remove=[path.parent for path in names])
    services.record(who, "upload", "batch", batch_id, files=list(names.values()), **({"hints": hints} if hints else {}))
    return BatchCreated(id=batch_id)


@router.post("/batches/{batch_id}/retry", status_code=202, response_model=RetryResult, responses={404: {"description": "No such batch."}})
def retry_batch(batch_id: BatchId, who: Operator, services: Svc) -> RetryResult:
    """Queue again the batch's failed files and the documents with failed pages (their stored
    originals are read again from the first page). A file that could not be stored at all
    (empty, corrupt, unsupported) is skipped: it needs a new copy."""
    outcome = retry_failed(services.settings, batch_id, ctx=services.ctx)
    if outcome.jobs:
        mark_when_stopped(services.executor.submit(outcome.jobs), services.settings, batch_id)  # a shutdown: marked
        services.record(who, "upload", "batch", batch_id, retry=outcome.requeued)
    requeued = outcome.requeued
    skipped = [SkippedFile(name=s.name, reason=s.reason) for s in outcome.skipped]
    return RetryResult(id=batch_id, requeued=requeued, skipped=skipped)

