"""Thin Celery tasks around the pipeline's steps (workers.steps): ids in, nothing out.

    sanchika.ocr_page(doc_id, sha, kind, page_no[, rescan])   queue "ocr"   one page (PageJob.message();
                                                              with a rescan id: its replacement scan)
    sanchika.complete_document(doc_id)              queue "post"  classify, PDF, link, index

- Retries follow the deployment's RetryPolicy (workers/retry.py), as the process pool does: only
  TransientError and connection errors of the database, the broker and the object store are
  retried, with exponential backoff and jitter; any other failure fails that page (or document)
  in the database and the batch goes on. When retries run out, it fails as transient.gave_up.
- A WorkerContext (engine, store, classifier) is built once per worker process
  (``worker_process_init``), and the Tesseract languages are checked there, once.
- When a document's last page is settled, the page task that settles it *claims* the document
  in the database and publishes ``complete_document`` inside that same transaction
  (storage.work.claim_completion): exactly one claim can succeed (ADR 0007).
- A message whose worker died ``policy.crashes`` times while running it (a poison page that kills
  its process) is not run again: the page fails as ``worker.crashed``.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init, worker_process_shutdown

from domain.errors import PageTimeoutError
from domain.status import DocumentStatus, PageStatus
from ocr.tesseract import check_languages
from ocr.watchdog import stop_page_process
from storage.work import claim_completion, document_status, has_queued_pages, page_status

from .celery_conf import DOCUMENT_TASK, OCR_TASK, POST_QUEUE, retry_policy, worker_config
from .context import WorkerContext
from .jobs import CompletionJob, DocumentJob, PageJob
from .rescan import fail_page_job, read_rescan
from .retry import process_stopping, transient_errors
from .steps import complete_document, fail_document, ocr_page

log = logging.getLogger(__name__)

_CTX: WorkerContext | None = None


@worker_process_init.connect
def _init_process(**_: object) -> None:
    """Once per pool process: the context (engine and store are opened lazily, in this process
    and never inherited across fork) and the Tesseract language check."""
    global _CTX
    os.environ["OMP_THREAD_LIMIT"] = "1"
    config = worker_config()
    check_languages(config.ocr.lang)
    _CTX = WorkerContext(config)


@worker_process_shutdown.connect
def _close_process(**_: object) -> None:
    stop_page_process()  # reap this pool process's page process (ocr/watchdog.py)
    if _CTX is not None and "engine" in _CTX.__dict__:
        _CTX.engine.dispose()


def context() -> WorkerContext:
    if _CTX is None:  # solo/threads pools send no worker_process_init
        _init_process()
    assert _CTX is not None
    return _CTX


def publish_completion(job: CompletionJob, producer: Any = None) -> None:
    complete_document_task.apply_async(args=job.message(), queue=POST_QUEUE, producer=producer)


def publish_page(job: PageJob, producer: Any = None) -> None:
    ocr_page_task.apply_async(args=job.message(), producer=producer)


def publish_document(engine: Any, job: DocumentJob, producer: Any = None) -> bool:
    """One task per page of ``job``; a job without pages publishes its completion: at once if it
    was ``claimed`` before (its message lost), else if the claim succeeds now (storage.work:
    exactly one claim can). False: nothing published, the completion was claimed meanwhile (by
    its last page's task)."""
    pages = job.page_jobs()
    if not pages and job.claimed:
        publish_completion(job.completion(), producer)
    elif not pages:
        return claim_completion(engine, job.document_id, lambda d: publish_completion(job.completion(), producer))
    for page in pages:
        publish_page(page, producer)
    return True


# -- poison messages -------------------------------------------------------------------------------
_REDIS = None


def _deliveries(task_id: str | None, retries: int) -> int:
    """How many times this very message was started (Redis brokers; 0 when unknown)."""
    global _REDIS
    url = worker_config().broker_url or ""
    if not task_id or not url.startswith(("redis://", "rediss://")):
        return 0
    try:
        if _REDIS is None:
            import redis

            _REDIS = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        key = f"sanchika:deliveries:{task_id}:{retries}"
        n = int(_REDIS.incr(key))
        _REDIS.expire(key, 7 * 86400)
        return n
    except Exception:  # noqa: BLE001 - counting is best effort; the broker may be restarting
        return 0


def _retry(task: Any, ctx: WorkerContext, exc: BaseException) -> Exception:
    """The Celery retry of ``task`` after the policy's pause (raise what this returns)."""
    policy = retry_policy(ctx.config)
    return task.retry(exc=exc, countdown=policy.delay(task.request.retries), max_retries=policy.retries)  # type: ignore[no-any-return]


# -- tasks -----------------------------------------------------------------------------------------
@shared_task(bind=True, name=OCR_TASK, ignore_result=True, max_retries=None)
def ocr_page_task(self, doc_id: str, sha: str, kind: str, page_no: int, rescan: int | None = None) -> None:  # type: ignore[no-untyped-def]
    ctx = context()
    policy = retry_policy(ctx.config)
    job = PageJob(doc_id, sha, kind, page_no, rescan)
    try:
        already = page_status(ctx.engine, doc_id, page_no) == PageStatus.DONE
    except transient_errors():
        already = False  # unknown: do the page (idempotent); its own writes will retry
    if already:
        pass  # a redelivered message of a page already stored (its worker died before the ack)
    elif _deliveries(self.request.id, self.request.retries) > policy.crashes:
        fail_page_job(ctx, job, policy.crashed(f"page {page_no}"))
    else:
        try:
            ocr_page(ctx, job) if rescan is None else read_rescan(ctx, job)
        except SoftTimeLimitExceeded:
            fail_page_job(ctx, job, PageTimeoutError(
                f"page {page_no} took longer than the task time limit; raise SANCHIKA_PAGE_TIMEOUT or rescan it."))
        except Exception as exc:  # noqa: BLE001 - one page's bug must not stop the document
            if process_stopping():
                raise  # cancelled (a broker connection loss): not a failure of the page; redelivered
            if policy.may_retry(exc, self.request.retries):
                log.warning("page %s of %s: %s; retry %d", page_no, doc_id, exc, self.request.retries + 1)
                raise _retry(self, ctx, exc) from exc
            fail_page_job(ctx, job, policy.final_error(exc, f"page {page_no}"))
    try:
        claim_completion(ctx.engine, doc_id, lambda d: publish_completion(CompletionJob(d)))
    except transient_errors() as exc:
        if process_stopping():
            raise
        # the page itself is stored; a retry re-reads it (idempotent) and claims again
        raise _retry(self, ctx, exc) from exc


@shared_task(bind=True, name=DOCUMENT_TASK, ignore_result=True, max_retries=None)
def complete_document_task(self, doc_id: str) -> None:  # type: ignore[no-untyped-def]
    ctx = context()
    policy = retry_policy(ctx.config)
    status = document_status(ctx.engine, doc_id)
    if status in (None, DocumentStatus.DONE, DocumentStatus.FAILED):
        return  # gone, or a duplicate message of a finished document
    if status == DocumentStatus.PROCESSING and has_queued_pages(ctx.engine, doc_id):
        return  # published by a claim that was rolled back: the claim will publish again
    if _deliveries(self.request.id, self.request.retries) > policy.crashes:
        fail_document(ctx, doc_id, policy.crashed("this document"))
        return
    try:
        complete_document(ctx, doc_id)
    except SoftTimeLimitExceeded:
        fail_document(ctx, doc_id, PageTimeoutError("completing the document took longer than the task time limit."))
    except Exception as exc:  # noqa: BLE001
        if process_stopping():
            raise  # cancelled (a broker connection loss): not a failure of the document; redelivered
        if policy.may_retry(exc, self.request.retries):
            raise _retry(self, ctx, exc) from exc
        fail_document(ctx, doc_id, policy.final_error(exc, "the document"))
