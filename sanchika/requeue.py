"""Queue again the work nothing else is going to do (`sanchika requeue`, `POST /api/requeue`,
`POST /api/batches/{id}/requeue`).

    requeue(settings, batch_id=None, min_age=300, failed=True, dry_run=False, wait=True) -> RequeueReport
    retry_failed(settings, batch_id) -> RetryOutcome     failed files only (POST /api/batches/{id}/retry)

The database holds every batch's state (ADR 0007), so stranded work can be found there:
- **pages still ``queued``** of a document that is ``processing``: their message was lost (a
  broker restarted without persistence, a publisher died between storing the original and
  publishing) or, embedded, the process running the batch stopped;
- **documents whose completion was lost**: every page settled but the document never claimed
  (``processing``), or claimed (``completing``) and its ``complete_document`` message gone;
- **batch items left behind**: ``processing`` although their document is finished (settled
  again), or ``queued`` with no document (the ingest stopped before the file was stored: they
  fail with ``input.interrupted``, the file must be uploaded again);
- **failed files** (``failed=True``): failed inputs whose original is stored, and documents with
  failed pages, are read again from the first page (as POST /api/batches/{id}/retry).

Idempotent. Server mode with a Redis broker: the broker's queues and its unacknowledged messages
(what workers hold) are read first, and a page or completion that already has a message there is
left alone, so a second run publishes nothing. Other brokers cannot be read without consuming:
then only ``min_age`` protects work still waiting (``RequeueReport.broker_checked`` is False).
Embedded mode: the stranded pages run here, on the process pool (``wait=False``: in a background
thread, for the web API). In both modes only documents created at least ``min_age`` seconds ago
are touched, so a batch being ingested or published right now is never doubled. A page that
still ends up with two messages is run once: the OCR task skips a page that is already done,
and every step overwrites its outputs (ADR 0007).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.errors import InputError, SanchikaError
from domain.status import (
    FINAL_DOCUMENTS,
    DocumentStatus,
    ItemStatus,
    PageStatus,
)
from domain.types import FileKind
from storage import keys
from storage.stranded import (
    OpenDocument,
    aware,
    batches_with_failures,
    open_documents,
    open_items,
    reopen,
    source_kinds,
)
from workers.context import WorkerContext
from workers.executor import Executor, open_executor
from workers.jobs import CompletionJob, DocumentJob, PageJob

from .settings import Settings

DEFAULT_MIN_AGE = 300.0


@dataclass
class SkippedFile:
    name: str
    reason: str


@dataclass
class RetryOutcome:
    """Failed files queued again (their documents' jobs) and those that cannot be re-run."""

    jobs: list[DocumentJob] = field(default_factory=list)
    requeued: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


@dataclass
class RequeueReport:
    mode: str  # "celery" | "embedded"
    dry_run: bool
    pages: int = 0  # stranded pages published again (embedded: run)
    completions: int = 0  # documents whose completion was published again (embedded: run)
    documents: list[str] = field(default_factory=list)  # documents with any of the above
    items_settled: int = 0  # batch items marked done/failed after their document
    items_interrupted: int = 0  # batch items failed as input.interrupted
    files: list[str] = field(default_factory=list)  # failed files queued again
    skipped_files: list[SkippedFile] = field(default_factory=list)
    in_flight: int = 0  # stranded-looking pages/completions left alone: the broker holds a message
    too_young: int = 0  # documents left alone: created less than min_age seconds ago
    broker_checked: bool = False  # the broker's messages were read (Redis)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def nothing_to_do(self) -> bool:
        return not (self.pages or self.completions or self.items_settled or self.items_interrupted or self.files)


# -- what the broker holds -----------------------------------------------------------------------
def _decode_task(payload: Any, ocr_task: str = "sanchika.ocr_page",
                 document_task: str = "sanchika.complete_document") -> tuple[Any, ...] | None:
    """("page", doc_id, page_no) or ("doc", doc_id) of one kombu message (Redis transport JSON)."""
    try:
        msg = json.loads(payload) if isinstance(payload, (bytes, str)) else payload
        if isinstance(msg, list):  # unacked hash values: [message, exchange, routing_key]
            msg = msg[0]
        task = (msg.get("headers") or {}).get("task")
        body = msg["body"]
        if (msg.get("properties") or {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args = json.loads(body)[0]
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    try:
        if task == ocr_task:
            page = PageJob.from_message(args)
            return ("page", page.document_id, page.page_no)
        if task == document_task:
            return ("doc", CompletionJob.from_message(args).document_id)
    except (ValueError, TypeError, IndexError):  # not a message this Sanchika wrote
        return None
    return None


def broker_messages(settings: Settings, chunk: int = 5000) -> set[tuple[Any, ...]] | None:
    """Every page and completion that has a message in the broker: waiting in a queue (any
    priority) or delivered to a worker and not yet acknowledged (running, reserved, waiting for
    a retry's countdown). None when the broker cannot be read this way (not Redis)."""
    from workers.celery_app import app_for
    from workers.celery_conf import DOCUMENT_TASK, OCR_TASK, QUEUES

    def decode(payload: Any) -> tuple[Any, ...] | None:
        return _decode_task(payload, OCR_TASK, DOCUMENT_TASK)

    app = app_for(settings.worker_config())
    found: set[tuple[Any, ...]] = set()
    with app.connection_for_read() as conn:
        conn.ensure_connection(max_retries=2, timeout=5)
        if conn.transport.driver_type != "redis":
            return None
        channel = conn.default_channel
        client = channel.client
        names = [channel._q_for_pri(q, pri) for q in QUEUES for pri in channel.priority_steps]
        for name in dict.fromkeys(names):
            start = 0
            while True:  # in slices: a backlog of millions of messages is never held at once
                batch = client.lrange(name, start, start + chunk - 1)
                found.update(t for t in map(decode, batch) if t)
                if len(batch) < chunk:
                    break
                start += chunk
        for _, value in client.hscan_iter(channel.unacked_key, count=chunk):
            task = decode(value)
            if task:
                found.add(task)
    return found


# -- what the database says ----------------------------------------------------------------------
def _settle_left_items(ctx: WorkerContext, batch_id: str | None, cutoff: datetime, dry_run: bool) -> tuple[int, int]:
    """Items ``processing`` whose document is finished: settled like the document. Items
    ``queued`` without a document in batches created before ``cutoff``: the ingest stopped
    before storing them; they fail as ``input.interrupted``. Returns (settled, interrupted)."""
    rows = open_items(ctx.engine, batch_id)
    settle = {r.document_id: r for r in rows if r.status == ItemStatus.PROCESSING and r.doc_status in FINAL_DOCUMENTS}
    interrupted = [r for r in rows if r.status == ItemStatus.QUEUED and r.document_id is None and aware(r.created_at) <= cutoff]
    if dry_run:
        return len(settle), len(interrupted)
    for doc_id, r in settle.items():
        err = None if r.doc_status == DocumentStatus.DONE else SanchikaError(r.error_message or "failed", code=r.error_code or "internal")
        ctx.catalog.settle_items(doc_id, r.doc_status == DocumentStatus.DONE, err)
    touched = set()
    for r in interrupted:
        ctx.catalog.fail_item(r.id, InputError(
            f"{r.name}: the upload was interrupted before the file was stored; upload it again.", code="input.interrupted"))
        touched.add(r.batch_id)
    for b in touched:
        ctx.catalog.close_if_settled(b)
    return len(settle), len(interrupted)


# -- failed files ----------------------------------------------------------------------------------
def retry_failed(settings: Settings, batch_id: str, *, dry_run: bool = False, ctx: WorkerContext | None = None) -> RetryOutcome:
    """Prepare the batch's failed files and documents with failed pages to be read again from
    their stored originals (new pages, first page on). A file that could not be stored at all
    (empty, corrupt, unsupported) is skipped: it needs a new copy. The caller runs or submits
    ``jobs`` (``run_retry`` does both steps)."""
    from ocr.rasterise import count_pages

    ctx = ctx or WorkerContext(settings.worker_config())
    batch = ctx.catalog.batch(batch_id)
    out = RetryOutcome()
    kinds = source_kinds(ctx.engine, [i["sha256"] for i in batch["items"] if i["sha256"]])
    for item in batch["items"]:
        failed_pages = item["status"] == ItemStatus.DONE and item["document_id"] and any(
            p["status"] == PageStatus.FAILED for p in ctx.catalog.pages_of(item["document_id"]))
        if item["status"] != ItemStatus.FAILED and not failed_pages:
            continue
        sha = item["sha256"]
        if not sha or sha not in kinds or not ctx.store.exists(keys.original(sha)):
            out.skipped.append(SkippedFile(item["name"], item["error_message"] or "the file could not be stored."))
            continue
        try:
            n_pages = count_pages(ctx.store.local_path(keys.original(sha)), FileKind(kinds[sha]))
        except SanchikaError as exc:
            out.skipped.append(SkippedFile(item["name"], exc.message))
            continue
        out.requeued.append(item["name"])
        if dry_run:
            continue
        doc_id = ctx.catalog.create_document(sha, batch_id, item["name"], item["grp"], kinds[sha], n_pages)
        ctx.catalog.update_item(item["id"], status=ItemStatus.PROCESSING, document_id=doc_id, error_code=None, error_message=None)
        out.jobs.append(DocumentJob(doc_id, sha, kinds[sha], n_pages))
    if out.jobs:
        reopen(ctx.engine, batch_id, [j.document_id for j in out.jobs])
    return out


# -- the whole thing -------------------------------------------------------------------------------
def requeue(settings: Settings, *, batch_id: str | None = None, min_age: float = DEFAULT_MIN_AGE, failed: bool = True,
            dry_run: bool = False, wait: bool = True, executor: Executor | None = None) -> RequeueReport:
    """Find stranded work (and, with ``failed``, failed files) in one batch or all, and queue it
    again on ``executor`` (default: the deployment's): published to the workers in server mode;
    run on the local pool in embedded mode (blocking unless ``wait=False``). ``dry_run``: report
    what would be done, change nothing."""
    executor = executor or open_executor(settings.worker_config())
    ctx = executor.context
    if batch_id is not None:
        ctx.catalog.batch(batch_id)  # NotFoundError for an unknown batch
    server = bool(settings.broker_url)
    report = RequeueReport(mode="celery" if server else "embedded", dry_run=dry_run)
    cutoff = datetime.now(UTC) - timedelta(seconds=max(0.0, min_age))
    held = broker_messages(settings) if server else None
    report.broker_checked = held is not None
    held = held or set()

    stranded, report.too_young = open_documents(ctx.engine, batch_id, cutoff)
    page_work: list[tuple[OpenDocument, list[int]]] = []
    completion_work: list[OpenDocument] = []
    for doc in stranded:
        if doc.status == DocumentStatus.COMPLETING or not doc.queued:  # every page settled: the completion is due
            if ("doc", doc.doc_id) in held:
                report.in_flight += 1
            else:
                completion_work.append(doc)
            continue
        todo = [n for n in doc.queued if ("page", doc.doc_id, n) not in held]
        report.in_flight += len(doc.queued) - len(todo)
        if todo:
            page_work.append((doc, todo))
    report.pages = sum(len(t) for _, t in page_work)
    report.completions = len(completion_work)
    report.documents = sorted({d.doc_id for d, _ in page_work} | {d.doc_id for d in completion_work})
    report.items_settled, report.items_interrupted = _settle_left_items(ctx, batch_id, cutoff, dry_run)

    retry_jobs: list[DocumentJob] = []
    if failed:
        for b in batches_with_failures(ctx.engine, batch_id):
            outcome = retry_failed(settings, b, dry_run=dry_run, ctx=ctx)
            retry_jobs += outcome.jobs
            report.files += outcome.requeued
            report.skipped_files += outcome.skipped
    if dry_run:
        return report

    if server:
        _publish(settings, ctx, page_work, completion_work)
        if retry_jobs:
            executor.submit(retry_jobs)
        return report
    jobs = [DocumentJob(d.doc_id, d.sha256, d.kind, len(d.queued), only=tuple(todo)) for d, todo in page_work]
    jobs += [DocumentJob(d.doc_id, d.sha256, d.kind, 0, only=()) for d in completion_work]
    jobs += retry_jobs
    if jobs:
        if wait:
            executor.run(jobs)
        else:
            executor.submit(jobs)
    return report


def _publish(settings: Settings, ctx: WorkerContext, page_work: Iterable[tuple[OpenDocument, list[int]]],
             completion_work: Iterable[OpenDocument]) -> None:
    from storage.work import claim_completion
    from workers.celery_app import app_for
    from workers.tasks import publish_completion, publish_page

    app = app_for(settings.worker_config())
    with app.producer_or_acquire() as producer:
        for doc, todo in page_work:
            for n in todo:
                publish_page(PageJob(doc.doc_id, doc.sha256, doc.kind, n), producer)
        for doc in completion_work:
            def publish(d: str) -> None:
                publish_completion(CompletionJob(d), producer)

            if doc.status == DocumentStatus.PROCESSING:
                claim_completion(ctx.engine, doc.doc_id, publish)  # claims only if still unclaimed
            else:
                publish(doc.doc_id)
