"""Thin Celery tasks around the pipeline's steps (workers.steps): ids in, nothing out.

    sanchika.ocr_page(doc_id, sha, kind, page_no)   queue "ocr"   one page
    sanchika.complete_document(doc_id)              queue "post"  classify, PDF, link, index

- Retries (exponential backoff with jitter) only for TransientError and connection errors of the
  database, the broker and the object store; any other failure fails that page (or document)
  in the database and the batch goes on. When retries run out, the page fails as transient.
- A WorkerContext (engine, store, classifier) is built once per worker process
  (``worker_process_init``), and the Tesseract languages are checked there, once.
- When a document's last page is settled, the page task that settles it *claims* the document
  in the database (``UPDATE documents SET status='completing' WHERE status='processing' AND NOT
  EXISTS (queued pages)``) and publishes ``complete_document`` inside that same transaction:
  exactly one claim can succeed, and if publishing fails the claim is rolled back (ADR 0007).
- A message whose worker died three times while running it (a poison page that kills its
  process) is not retried a fourth time: the page fails as ``worker.crashed``.
"""

from __future__ import annotations

import logging
import os
import random
from collections.abc import Callable

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init, worker_process_shutdown
from sqlalchemy import exists, select, update

from domain.errors import PageTimeoutError, SanchikaError, TransientError
from ocr.tesseract import check_languages
from ocr.watchdog import stop_page_process
from storage.schema import documents, pages

from .celery_conf import DOCUMENT_TASK, OCR_TASK, POST_QUEUE, task_limits, worker_config
from .context import WorkerContext
from .steps import complete_document, ocr_page

log = logging.getLogger(__name__)

MAX_RETRIES = 12
MAX_DELIVERIES = 3  # runs of one message that ended with its worker dying, before it fails

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


def retryable_errors() -> tuple[type[BaseException], ...]:
    """Transient by nature: our TransientError and the connection errors of each backend."""
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
    from sqlalchemy.exc import InterfaceError, OperationalError

    return (TransientError, ConnectionError, TimeoutError, BrokerError, RedisConnectionError,
            RedisTimeoutError, OperationalError, InterfaceError)


def backoff(retries: int, maximum: float) -> float:
    """Exponential backoff with "equal jitter": half fixed, half random, capped."""
    base = min(maximum, 1.0 * 2 ** retries)
    return base / 2 + random.uniform(0, base / 2)


# -- the completion claim ------------------------------------------------------------------------
def claim_completion(ctx: WorkerContext, doc_id: str, publish: Callable[[str], object]) -> bool:
    """If every page of ``doc_id`` is settled and nobody claimed it yet, claim it and publish its
    completion task, in one transaction. True when this call published it."""
    pending = exists().where(pages.c.document_id == doc_id, pages.c.status == "queued")
    with ctx.engine.begin() as c:
        claimed = c.execute(
            update(documents)
            .where(documents.c.id == doc_id, documents.c.status == "processing", ~pending)
            .values(status="completing")
        ).rowcount
        if claimed != 1:
            return False
        publish(doc_id)  # raises -> the transaction rolls back -> a retry claims again
    return True


def _publish_completion(doc_id: str) -> None:
    complete_document_task.apply_async(args=[doc_id], queue=POST_QUEUE)


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


def _crashed(what: str) -> SanchikaError:
    return SanchikaError(f"the worker process died {MAX_DELIVERIES} times on {what} (out of memory?); "
                         "rescan or split it.", code="worker.crashed")


# -- tasks -----------------------------------------------------------------------------------------
@shared_task(bind=True, name=OCR_TASK, ignore_result=True, max_retries=MAX_RETRIES)
def ocr_page_task(self, doc_id: str, sha: str, kind: str, page_no: int) -> None:  # type: ignore[no-untyped-def]
    ctx = context()
    if _page_status(ctx, doc_id, page_no) == "done":
        pass  # a redelivered message of a page already stored (its worker died before the ack)
    elif _deliveries(self.request.id, self.request.retries) > MAX_DELIVERIES:
        ctx.catalog.fail_page(doc_id, page_no, _crashed(f"page {page_no}"))
    else:
        try:
            ocr_page(ctx, doc_id, sha, kind, page_no)
        except retryable_errors() as exc:
            if self.request.retries < self.max_retries:
                limits = task_limits(ctx.config)
                log.warning("page %s of %s: %s; retry %d", page_no, doc_id, exc, self.request.retries + 1)
                raise self.retry(exc=exc, countdown=backoff(self.request.retries, limits.retry_backoff_max)) from exc
            ctx.catalog.fail_page(doc_id, page_no, TransientError(
                f"page {page_no} could not be stored after {self.max_retries} retries ({exc}); "
                "check the database and object store, then process the file again.", code="transient.gave_up"))
        except SoftTimeLimitExceeded:
            ctx.catalog.fail_page(doc_id, page_no, PageTimeoutError(
                f"page {page_no} took longer than the task time limit; raise SANCHIKA_PAGE_TIMEOUT or rescan it."))
        except SanchikaError as exc:
            ctx.catalog.fail_page(doc_id, page_no, exc)
        except Exception as exc:  # noqa: BLE001 - one page's bug must not stop the document
            log.exception("page %s of %s failed", page_no, doc_id)
            ctx.catalog.fail_page(doc_id, page_no, SanchikaError(
                f"internal error: {type(exc).__name__}: {exc}", code="internal"))
    try:
        claim_completion(ctx, doc_id, _publish_completion)
    except retryable_errors() as exc:
        # the page itself is stored; a retry re-reads it (idempotent) and claims again
        raise self.retry(exc=exc, countdown=backoff(self.request.retries, task_limits(ctx.config).retry_backoff_max)) from exc


@shared_task(bind=True, name=DOCUMENT_TASK, ignore_result=True, max_retries=MAX_RETRIES)
def complete_document_task(self, doc_id: str) -> None:  # type: ignore[no-untyped-def]
    ctx = context()
    status = _status(ctx, doc_id)
    if status in (None, "done", "failed"):
        return  # gone, or a duplicate message of a finished document
    if status == "processing" and _pending_pages(ctx, doc_id):
        return  # published by a claim that was rolled back: the claim will publish again
    if _deliveries(self.request.id, self.request.retries) > MAX_DELIVERIES:
        err = _crashed("this document")
        ctx.catalog.fail_document(doc_id, err)
        ctx.catalog.settle_items(doc_id, False, err)
        return
    try:
        complete_document(ctx, doc_id)
    except retryable_errors() as exc:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=backoff(self.request.retries, task_limits(ctx.config).retry_backoff_max)) from exc
        _fail_document(ctx, doc_id, TransientError(
            f"the document could not be completed after {self.max_retries} retries ({exc}); "
            "check the database and object store, then process the file again.", code="transient.gave_up"))
    except SoftTimeLimitExceeded:
        _fail_document(ctx, doc_id, PageTimeoutError("completing the document took longer than the task time limit."))
    except SanchikaError as exc:
        _fail_document(ctx, doc_id, exc)
    except Exception as exc:  # noqa: BLE001
        log.exception("document %s failed", doc_id)
        _fail_document(ctx, doc_id, SanchikaError(f"internal error: {type(exc).__name__}: {exc}", code="internal"))


def _fail_document(ctx: WorkerContext, doc_id: str, err: SanchikaError) -> None:
    ctx.catalog.fail_document(doc_id, err)
    ctx.catalog.settle_items(doc_id, False, err)


def _status(ctx: WorkerContext, doc_id: str) -> str | None:
    with ctx.engine.connect() as c:
        return c.execute(select(documents.c.status).where(documents.c.id == doc_id)).scalar()


def _page_status(ctx: WorkerContext, doc_id: str, page_no: int) -> str | None:
    try:
        with ctx.engine.connect() as c:
            return c.execute(select(pages.c.status).where(pages.c.document_id == doc_id, pages.c.page_no == page_no)).scalar()
    except retryable_errors():
        return None  # unknown: do the page (idempotent); its own writes will retry


def _pending_pages(ctx: WorkerContext, doc_id: str) -> bool:
    with ctx.engine.connect() as c:
        return c.execute(select(pages.c.page_no).where(pages.c.document_id == doc_id, pages.c.status == "queued").limit(1)).first() is not None
