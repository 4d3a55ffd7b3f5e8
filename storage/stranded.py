"""What the database says is left undone, for `sanchika requeue` (sanchika/requeue.py): open
documents and their queued pages, batch items left in flight, batches with failures.

    open_documents(engine, batch_id, cutoff, any_age) -> ([OpenDocument created before cutoff], younger)
    open_items(engine, batch_id) -> rows of items queued or processing, with their document and batch
    batches_with_failures(engine, batch_id) -> batch ids with a failed input or a failed page
    source_kinds(engine, shas) -> {sha256: kind}
    replacements(engine, doc_ids) -> {(doc_id, page_no): rescan id}   replacements not yet read
    reopen(engine, batch_id, doc_ids)            the batch running again, those documents not completed
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select, update

from domain.status import OPEN_DOCUMENTS, OPEN_ITEMS, BatchStatus, ItemStatus, PageStatus, RescanState

from .schema import batch_items, batches, documents, pages, rescans, source_files


@dataclass
class OpenDocument:
    doc_id: str
    sha256: str
    kind: str
    status: str  # DocumentStatus: processing | completing
    queued: list[int] = field(default_factory=list)  # page numbers still queued


def open_documents(engine: Engine, batch_id: str | None, cutoff: datetime,
                   any_age: Collection[str] = ()) -> tuple[list[OpenDocument], int]:
    """Documents processing or completing, created before ``cutoff`` (those of the batches
    ``any_age`` whatever their age), with their queued pages; plus how many younger ones were left out."""
    q = select(documents.c.id, documents.c.sha256, documents.c.kind, documents.c.status, documents.c.created_at,
               documents.c.batch_id).where(documents.c.status.in_(OPEN_DOCUMENTS))
    if batch_id is not None:
        q = q.where(documents.c.batch_id == batch_id)
    with engine.connect() as c:
        rows = c.execute(q.order_by(documents.c.created_at, documents.c.id)).all()
        old = [r for r in rows if aware(r.created_at) <= cutoff or r.batch_id in any_age]
        queued: dict[str, list[int]] = defaultdict(list)
        for ids in _chunks([r.id for r in old]):
            for doc_id, page_no in c.execute(select(pages.c.document_id, pages.c.page_no).where(
                    pages.c.document_id.in_(ids), pages.c.status == PageStatus.QUEUED)
                    .order_by(pages.c.document_id, pages.c.page_no)):
                queued[doc_id].append(int(page_no))
    return [OpenDocument(r.id, r.sha256, r.kind, r.status, queued.get(r.id, [])) for r in old], len(rows) - len(old)


def open_items(engine: Engine, batch_id: str | None) -> list[Any]:
    """Items queued or processing (id, batch_id, status, document_id, name), with their
    document's status and error (doc_status, error_code, error_message) and their batch's
    created_at."""
    q = (select(batch_items.c.id, batch_items.c.batch_id, batch_items.c.status, batch_items.c.document_id,
                batch_items.c.name, documents.c.status.label("doc_status"), documents.c.error_code,
                documents.c.error_message, batches.c.created_at)
         .join(batches, batches.c.id == batch_items.c.batch_id)
         .join(documents, documents.c.id == batch_items.c.document_id, isouter=True)
         .where(batch_items.c.status.in_(OPEN_ITEMS)))
    if batch_id is not None:
        q = q.where(batch_items.c.batch_id == batch_id)
    with engine.connect() as c:
        return list(c.execute(q).all())


def batches_with_failures(engine: Engine, batch_id: str | None = None) -> list[str]:
    """Batches with a failed input, or a done input whose document has a failed page."""
    failed_doc = select(pages.c.document_id).where(pages.c.status == PageStatus.FAILED)
    q = select(batch_items.c.batch_id).where(
        (batch_items.c.status == ItemStatus.FAILED)
        | ((batch_items.c.status == ItemStatus.DONE) & batch_items.c.document_id.in_(failed_doc))
    ).distinct()
    if batch_id is not None:
        q = q.where(batch_items.c.batch_id == batch_id)
    with engine.connect() as c:
        return sorted(r[0] for r in c.execute(q))


def source_kinds(engine: Engine, shas: Iterable[str]) -> dict[str, str]:
    with engine.connect() as c:
        return dict(c.execute(select(source_files.c.sha256, source_files.c.kind)  # type: ignore[arg-type]
                              .where(source_files.c.sha256.in_(list(shas)))).all())


def replacements(engine: Engine, doc_ids: Iterable[str]) -> dict[tuple[str, int], int]:
    """The replacements by a new scan queued or being read, by (document, page): such a queued
    page is read from its rescan (workers.rescan.read_rescan), not from the original."""
    found: dict[tuple[str, int], int] = {}
    with engine.connect() as c:
        for ids in _chunks(sorted(doc_ids)):
            for r in c.execute(select(rescans.c.id, rescans.c.document_id, rescans.c.page_no).where(
                    rescans.c.document_id.in_(ids), rescans.c.state.in_((RescanState.QUEUED, RescanState.READING)))):
                found[(r.document_id, int(r.page_no))] = int(r.id)
    return found


def reopen(engine: Engine, batch_id: str, doc_ids: list[str]) -> None:
    """The batch is running again (closed by its last document), these documents not completed."""
    with engine.begin() as c:
        c.execute(update(batches).where(batches.c.id == batch_id).values(status=BatchStatus.RUNNING, finished_at=None))
        c.execute(update(documents).where(documents.c.id.in_(doc_ids)).values(completed_at=None))


def aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _chunks(items: list[str], n: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]
