"""Queue again the work nothing else is going to do (`sanchika requeue`, `POST /api/requeue`,
`POST /api/batches/{id}/requeue`).

    requeue(settings, batch_id=None, min_age=300, failed=True, dry_run=False, wait=True) -> RequeueReport
    retry_failed(settings, batch_id) -> RetryOutcome     failed files only (POST /api/batches/{id}/retry)

The database holds every batch's state (ADR 0007), so stranded work can be found there:
- **pages still ``queued``** of a document that is ``processing``: their message was lost (a
  broker restarted without persistence, a publisher died between storing the original and
  publishing) or, embedded, the process running the batch stopped; a page being replaced by a
  new scan is read from that scan (workers/due.py: the same answer as the workers' sweep after a
  broker reconnection, workers/lost_work.py);
- **documents whose completion was lost**: every page settled but the document never claimed
  (``processing``), or claimed (``completing``) and its ``complete_document`` message gone;
- **ingests that stopped** (a server stopped mid-upload, ``Executor.close``; a `sanchika process`
  or `sanchika watch` killed): the batch is still ``ingesting`` and its record
  (sanchika/ingest_record.py) names its inputs (an upload's copies are kept until the ingest
  ends); the inputs not yet recorded are stored and read now, in order, and the batch closes;
- **batch items left behind**: ``processing`` although their document is finished (settled
  again), or ``queued`` with no document and no record to finish their ingest (an ingest begun
  before ingests were recorded): they fail with ``input.interrupted``, the file must be given
  again;
- **failed files** (``failed=True``): failed inputs whose original is stored, and documents with
  failed pages, are read again from the first page (as POST /api/batches/{id}/retry).

The work is handed to the deployment's executor (workers/executor.py) with ``submit``: published
to the workers in server mode, run on this machine's pool in embedded mode (``wait``: until this
process is done with it, i.e. published or run). Idempotent. What the executor says it already
holds (``Executor.held``: with a Redis broker, its queues and its unacknowledged messages) is left
alone, so a second run publishes nothing. An executor that cannot tell (another broker, the
embedded pool) leaves only ``min_age`` to protect work still waiting
(``RequeueReport.broker_checked`` is False). In both modes only documents created at least ``min_age`` seconds ago
are touched, so a batch being ingested or published right now is never doubled; except a batch its
command stopped cleanly (Ctrl-C or SIGTERM: ``batch.interrupted``, sanchika.ingest_record.mark_stopped)
once that command has ended: its ingest is finished at once, and its documents too where nothing can
be reading them unseen (the embedded pool, or a broker that says what it holds). A page that
still ends up with two messages is run once: the OCR task skips a page that is already done,
and every step overwrites its outputs (ADR 0007).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.errors import InputError, NotFoundError, SanchikaError
from domain.status import (
    FINAL_DOCUMENTS,
    BatchStatus,
    DocumentStatus,
    ItemStatus,
    PageStatus,
)
from domain.types import FileKind
from storage import keys
from storage.stranded import aware, batches_with_failures, open_items, reopen, source_kinds
from workers.context import WorkerContext
from workers.due import due_work
from workers.executor import Executor, open_executor
from workers.jobs import DocumentJob

from .ingest_record import IngestRecord, claim_stopped, ingest_records, stopped_marks
from .pipeline import mark_when_stopped, resume_ingest
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
    items_interrupted: int = 0  # batch items failed as input.interrupted (no copy left to store)
    ingests_resumed: list[str] = field(default_factory=list)  # batches whose stopped ingest is finished
    files: list[str] = field(default_factory=list)  # failed files queued again
    skipped_files: list[SkippedFile] = field(default_factory=list)
    in_flight: int = 0  # stranded-looking pages/completions left alone: the broker holds a message
    too_young: int = 0  # documents left alone: created less than min_age seconds ago
    broker_checked: bool = False  # the broker's messages were read (Redis)
    stopped: list[str] = field(default_factory=list)  # batches their command stopped cleanly: not left to min_age

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def nothing_to_do(self) -> bool:
        return not (self.pages or self.completions or self.items_settled or self.items_interrupted or self.files
                    or self.ingests_resumed)


# -- what the database says ----------------------------------------------------------------------
def _settle_left_items(ctx: WorkerContext, batch_id: str | None, cutoff: datetime, dry_run: bool,
                       recorded: Collection[str] = ()) -> tuple[int, int]:
    """Items ``processing`` whose document is finished: settled like the document. Items
    ``queued`` without a document in batches created before ``cutoff`` whose ingest is not
    ``recorded`` (resumed now, or still running): the ingest stopped before storing them and
    nothing says where their file is; they fail as ``input.interrupted``. Returns (settled,
    interrupted)."""
    rows = open_items(ctx.engine, batch_id)
    settle = {r.document_id: r for r in rows if r.status == ItemStatus.PROCESSING and r.doc_status in FINAL_DOCUMENTS}
    interrupted = [r for r in rows if r.status == ItemStatus.QUEUED and r.document_id is None
                   and aware(r.created_at) <= cutoff and r.batch_id not in recorded]
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
    own = executor is None
    executor = executor or open_executor(settings.worker_config())
    try:
        return _requeue(executor, settings, batch_id, min_age, failed, dry_run, wait)
    finally:
        if own and wait:  # its work is done (or published): its pool stops now
            executor.close()


def _requeue(executor: Executor, settings: Settings, batch_id: str | None, min_age: float, failed: bool,
             dry_run: bool, wait: bool) -> RequeueReport:
    ctx = executor.context
    if batch_id is not None:
        ctx.catalog.batch(batch_id)  # NotFoundError for an unknown batch
    report = RequeueReport(mode=executor.mode, dry_run=dry_run)
    cutoff = datetime.now(UTC) - timedelta(seconds=max(0.0, min_age))
    report.stopped = stopped = _stopped_cleanly(settings, batch_id, dry_run)
    # their documents whatever their age where nothing else can be reading them unseen: the embedded
    # pool (their process has ended), or a broker that says what it holds
    any_age = stopped if stopped and (executor.mode == "embedded" or executor.held() is not None) else []
    due = due_work(ctx.engine, batch_id, cutoff, executor.held, any_age)
    jobs = list(due.jobs)
    report.pages, report.completions, report.in_flight = due.pages, due.completions, due.in_flight
    report.too_young, report.broker_checked = due.too_young, due.broker_checked
    report.documents = sorted({j.document_id for j in jobs})
    records = ingest_records(settings, batch_id)
    ingests = _stopped_ingests(ctx, records, cutoff, dry_run, stopped)
    report.ingests_resumed = sorted(r.batch_id for r in ingests)
    report.items_settled, report.items_interrupted = _settle_left_items(ctx, batch_id, cutoff, dry_run,
                                                                        {r.batch_id for r in records})

    if failed:
        for b in batches_with_failures(ctx.engine, batch_id):
            outcome = retry_failed(settings, b, dry_run=dry_run, ctx=ctx)
            jobs += outcome.jobs
            report.files += outcome.requeued
            report.skipped_files += outcome.skipped
    if (jobs or ingests) and not dry_run:  # published to the workers, or run on this machine's pool
        submission = executor.submit(itertools.chain(jobs, *(resume_ingest(r, settings, ctx) for r in ingests)))
        mark_when_stopped(submission, settings, *stopped)  # stopped cleanly in its turn: the batches it took stay marked
        if wait:
            submission.wait()  # until this process is done with them: run here, or published
    return report


def _stopped_cleanly(settings: Settings, batch_id: str | None, dry_run: bool) -> list[str]:
    """The batches their command stopped cleanly and whose process has ended
    (sanchika.ingest_record.mark_stopped): finished now whatever ``min_age`` says. Each mark is
    taken by one requeue (a second one at the same time leaves the batch to the age rule)."""
    marked = stopped_marks(settings, batch_id)
    return marked if dry_run else [b for b in marked if claim_stopped(settings, b)]


def _stopped_ingests(ctx: WorkerContext, records: list[IngestRecord], cutoff: datetime,
                     dry_run: bool, any_age: Collection[str] = ()) -> list[IngestRecord]:
    """Ingests that stopped (run by no one: ``IngestRecord.stopped``; in a batch of ``any_age``,
    however recently touched) in a batch still ``ingesting``: to be finished. The record of a batch
    past its ingest (stopped after its last input) is finished now: its uploaded copies removed."""
    out = []
    now = datetime.now(UTC)
    for record in (r for r in records if r.stopped(now if r.batch_id in any_age else cutoff)):
        try:
            status = ctx.catalog.batch(record.batch_id)["status"]
        except NotFoundError:
            continue
        if status == BatchStatus.INGESTING:
            out.append(record)
        elif not dry_run:
            record.finish()
    return out
