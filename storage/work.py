"""The state of work in flight, as the executors read and claim it (ADR 0007: the database is
the one place a batch's state lives).

    claim_completion(engine, doc_id, publish) -> bool   every page settled: claim the document
                                                        and publish its completion, atomically
    document_status(engine, doc_id) / page_status(engine, doc_id, page_no)
    has_queued_pages(engine, doc_id) -> bool
    settled(engine, doc_ids, seen_pages) -> (pages, documents)   what settled since the last look
    recent_counts(engine, hours) -> {...}                        pages/failures in the last hours
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, exists, func, select, update

from domain.status import DocumentStatus, PageStatus

from .schema import documents, pages


def claim_completion(engine: Engine, doc_id: str, publish: Callable[[str], object]) -> bool:
    """If every page of ``doc_id`` is settled and nobody claimed it yet, claim it (``processing``
    -> ``completing``) and call ``publish(doc_id)``, in one transaction: exactly one claim can
    succeed, and if publishing raises, the claim is rolled back. True when this call published."""
    pending = exists().where(pages.c.document_id == doc_id, pages.c.status == PageStatus.QUEUED)
    with engine.begin() as c:
        claimed = c.execute(
            update(documents)
            .where(documents.c.id == doc_id, documents.c.status == DocumentStatus.PROCESSING, ~pending)
            .values(status=DocumentStatus.COMPLETING)
        ).rowcount
        if claimed != 1:
            return False
        publish(doc_id)  # raises -> the transaction rolls back -> a retry claims again
    return True


def document_status(engine: Engine, doc_id: str) -> str | None:
    with engine.connect() as c:
        return c.execute(select(documents.c.status).where(documents.c.id == doc_id)).scalar()


def page_status(engine: Engine, doc_id: str, page_no: int) -> str | None:
    with engine.connect() as c:
        return c.execute(select(pages.c.status).where(pages.c.document_id == doc_id,
                                                      pages.c.page_no == page_no)).scalar()


def has_queued_pages(engine: Engine, doc_id: str) -> bool:
    with engine.connect() as c:
        return c.execute(select(pages.c.page_no).where(pages.c.document_id == doc_id,
                                                       pages.c.status == PageStatus.QUEUED).limit(1)).first() is not None


def settled(engine: Engine, doc_ids: Iterable[str]) -> tuple[list[Any], list[Any]]:
    """The settled pages (document_id, page_no, status, error_code, error_message) of these
    documents, and those of the documents that are done or failed (whole rows)."""
    page_rows: list[Any] = []
    doc_rows: list[Any] = []
    for chunk in _chunks(sorted(doc_ids), 500):
        with engine.connect() as c:
            page_rows += c.execute(select(pages.c.document_id, pages.c.page_no, pages.c.status, pages.c.error_code,
                                          pages.c.error_message)
                                   .where(pages.c.document_id.in_(chunk), pages.c.status != PageStatus.QUEUED)).all()
            doc_rows += c.execute(select(documents).where(
                documents.c.id.in_(chunk), documents.c.status.in_((DocumentStatus.DONE, DocumentStatus.FAILED)))).all()
    return page_rows, doc_rows


def recent_counts(engine: Engine, hours: float = 1.0) -> dict[str, int]:
    """Pages done per hour, pages and documents failed, over the last ``hours``; pages queued now."""
    since = datetime.now(UTC) - timedelta(hours=hours)
    with engine.connect() as c:
        done = c.execute(select(func.count()).select_from(pages).where(
            pages.c.status == PageStatus.DONE, pages.c.updated_at >= since)).scalar() or 0
        failed_pages = c.execute(select(func.count()).select_from(pages).where(
            pages.c.status == PageStatus.FAILED, pages.c.updated_at >= since)).scalar() or 0
        failed_docs = c.execute(select(func.count()).select_from(documents).where(
            documents.c.status == DocumentStatus.FAILED, documents.c.completed_at >= since)).scalar() or 0
        waiting = c.execute(select(func.count()).select_from(pages).where(
            pages.c.status == PageStatus.QUEUED)).scalar() or 0
    return {"pages_per_hour": int(done / hours), "failed_pages_last_hour": int(failed_pages),
            "failed_documents_last_hour": int(failed_docs), "pages_queued_in_db": int(waiting)}


def _chunks(items: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]
