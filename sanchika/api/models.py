"""Request and response bodies of the web API (pydantic, at the edge only; database rows are
plain dicts turned into these by the routes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field

from domain.status import DocumentStatus, ItemStatus, PageFlag, PageStatus, ShownBatchStatus


def _as_utc(moment: datetime) -> datetime:
    """Times are stored in UTC; SQLite hands them back without a zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


Timestamp = Annotated[datetime, AfterValidator(_as_utc)]


class ErrorBody(BaseModel):
    code: str = Field(description="Stable error code (docs/errors.md).")
    message: str = Field(description="What went wrong and what to do.")


class ErrorResponse(BaseModel):
    error: ErrorBody


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    name: str
    role: Literal["operator", "department", "admin"]
    departments: list[str]


class LoginResponse(BaseModel):
    token: str = Field(description="Send as `Authorization: Bearer <token>`; also set as an HTTP-only cookie.")
    user: Me


class BatchCreated(BaseModel):
    id: str


class BatchPage(BaseModel):
    """One page of a batch's file, as read so far."""

    page: int
    status: PageStatus = Field(description="queued | done | failed")
    flag: PageFlag | None = Field(None, description="needs_review | needs_rescan: a page read badly (rescan and replace it).")
    error: ErrorBody | None = None


class BatchFile(BaseModel):
    name: str = Field(description="The name as uploaded; a ZIP member is `archive.zip!path/in/zip`.")
    status: ItemStatus = Field(description="queued | processing | done | duplicate | failed")
    document_id: str | None
    pages: int
    department: str | None = None
    error: ErrorBody | None = None
    page_status: list[BatchPage] = Field(default_factory=list)


class Progress(BaseModel):
    pages: int = Field(description="Pages known so far (files still being stored add theirs).")
    settled: int = Field(description="Pages read or failed.")
    pages_per_minute: float | None = Field(description="Measured since the first page settled; null until a few pages have (estimating).")
    seconds_left: float | None = Field(description="Pages left at the measured pace; null while estimating, 0 when the batch is finished.")


class Batch(BaseModel):
    id: str
    name: str
    operator: str
    status: ShownBatchStatus = Field(description="queued: no page read yet; running; done: every file settled, one at least processed; failed: every file settled and none could be processed.")
    created_at: Timestamp
    finished_at: Timestamp | None
    hints: dict[str, str] = Field(default_factory=dict, description="The operator's hints: department, file_number, location.")
    files: list[BatchFile]
    progress: Progress | None = None


class BatchSummary(BaseModel):
    id: str
    name: str
    operator: str
    status: ShownBatchStatus
    files: int
    created_at: Timestamp
    finished_at: Timestamp | None


class DocumentSummary(BaseModel):
    id: str
    name: str
    status: DocumentStatus
    kind: str
    pages: int
    department: str | None
    confidence: float | None
    file_number: str | None
    created_at: Timestamp
    completed_at: Timestamp | None


class Page(BaseModel):
    page: int
    status: PageStatus
    source: str | None
    confidence: float | None
    rotation: int | None
    text: str | None
    error: ErrorBody | None = None


class DigitalFile(BaseModel):
    id: int
    key: str | None = Field(None, description="The file's key (opens a file without a number: GET /api/files/{key}).")
    file_number: str | None
    title: str
    department: str | None
    documents: list[DocumentSummary]


class Correction(BaseModel):
    id: int
    field: str
    old_value: str | None
    new_value: str | None
    user: str
    reason: str | None
    at: Timestamp


class Document(DocumentSummary):
    entities: dict[str, Any] | None
    classification: dict[str, Any] | None
    error: ErrorBody | None = None
    digital_file: DigitalFile | None
    page_list: list[Page] = Field(description="Per page: status, how it was read, text.")
    corrections: list[Correction]


class DepartmentCorrection(BaseModel):
    department: str = Field(min_length=1, max_length=100, description="A department key, name or alias (e.g. revenue, राजस्व).")
    reason: str | None = Field(None, max_length=2000)


class SearchHit(BaseModel):
    document_id: str
    page: int
    score: float
    snippet: str = Field(description="Matched words between « and »; personal numbers masked.")
    department: str | None
    file_number: str | None
    name: str


class SearchResults(BaseModel):
    query: str
    hits: list[SearchHit]
    limit: int
    offset: int
    exact: bool = False
    also_matched: list[str] = []  # words searched besides the query's own (spelling variants, inflections, …)


class AuditEntry(BaseModel):
    id: int
    at: Timestamp
    user: str
    action: str
    target_type: str | None
    target_id: str | None
    detail: dict[str, Any] | None


class FailedFile(BaseModel):
    batch_id: str
    batch_name: str
    name: str = Field(description="The file's name as uploaded (inside its ZIP, if any).")
    document_id: str | None = Field(description="Its document, when the file was stored (every page failed); none when it was refused at ingest.")
    error: ErrorBody


class Queues(BaseModel):
    mode: Literal["embedded", "celery"]
    pages: dict[str, int] = Field(description="Pages by status (queued | done | failed).")
    documents: dict[str, int]
    batches: dict[str, int]
    pages_last_hour: int
    failures_last_hour: int
    broker: dict[str, Any] | None = Field(None, description="Queue depths and workers from Celery (server mode), when available.")
    failed_files_total: int = Field(0, description="Input files that failed, in every batch (refused at ingest, or every page failed).")
    failed_files: list[FailedFile] = Field(default_factory=list, description="The newest of them (newest batch first), with their error code.")


class Fixity(BaseModel):
    """The newest finished `sanchika verify` run (docs/fixity.md)."""

    run: int
    finished_at: Timestamp
    user: str
    store: str
    sample: float = Field(description="Fraction of the objects read (1 = all).")
    checked: int
    ok: int
    bytes: int
    seconds: float
    mismatched: list[dict[str, Any]] = Field(description="Objects whose bytes differ from their recorded SHA-256 (key, document_id, kind).")
    missing: list[dict[str, Any]] = Field(description="Objects the database records that the store does not hold.")
    unreferenced: list[dict[str, Any]] = Field(description="Objects in the store that the database does not know.")
