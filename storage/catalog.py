"""Reads and writes of batches, source files, documents and pages. Every write is idempotent
for its key (batch item seq, sha256, (document, page)), so a retried step overwrites."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    Subquery,
    Table,
    func,
    insert,
    select,
    update,
)

from classify.bundle import BundleAnalysis
from domain.errors import NotFoundError, SanchikaError
from domain.status import OPEN_ITEMS, BatchStatus, DocumentStatus, ItemStatus, PageStatus
from domain.types import Classification, Entities, PageText, shallow_fields

from .schema import batch_items, batches, corrections, digital_files, documents, pages, parts, source_files


def first_date(dates: Iterable[str] | None) -> date | None:
    """The first ISO date (YYYY-MM-DD…) among extracted dates: the document's date for search filters."""
    for d in dates or ():
        try:
            return date.fromisoformat(str(d)[:10])
        except ValueError:
            continue
    return None


def now() -> datetime:
    return datetime.now(UTC)


def document_id_for(sha: str) -> str:
    """A whole-file document's id is derived from its content: the same file, the same id."""
    return sha[:16]


def in_file(file_id: Any) -> ColumnElement[bool]:
    """Documents that belong to a digital file: linked as a whole, or with a part inside it (a
    bundle whose separator sheets announce several files)."""
    return (documents.c.digital_file_id == file_id) | documents.c.id.in_(
        select(parts.c.document_id).where(parts.c.digital_file_id == file_id))


def file_members() -> Subquery:
    """``(doc_id, fid)``: each document with every digital file it belongs to (see ``in_file``)."""
    return (select(documents.c.id.label("doc_id"), documents.c.digital_file_id.label("fid"))
            .where(documents.c.digital_file_id.is_not(None))
            .union(select(parts.c.document_id, parts.c.digital_file_id).where(parts.c.digital_file_id.is_not(None)))
            .subquery())


class Catalog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- batches -----------------------------------------------------------------------------
    def create_batch(self, name: str | None, operator: str, hints: dict[str, Any] | None = None) -> str:
        """A new batch, ``ingesting`` until :meth:`end_ingest` (its inputs are being stored)."""
        batch_id = uuid.uuid4().hex[:12]
        hints = {k: v for k, v in (hints or {}).items() if v} or None
        with self.engine.begin() as c:
            c.execute(insert(batches).values(id=batch_id, name=name or batch_id, operator=operator,
                                             status=BatchStatus.INGESTING, created_at=now(), hints=hints))
        return batch_id

    def end_ingest(self, batch_id: str) -> None:
        """Every input of the batch is recorded: it is ``running`` now, and closed at once when
        nothing is left in flight (else by the last document's :meth:`settle_items`)."""
        with self.engine.begin() as c:
            c.execute(update(batches).where(batches.c.id == batch_id, batches.c.status == BatchStatus.INGESTING)
                      .values(status=BatchStatus.RUNNING))
            _close_if_settled(c, batch_id)

    def close_if_settled(self, batch_id: str) -> None:
        """Close the batch when none of its inputs is in flight, whether or not its ingest ended
        (``sanchika requeue``, after failing the inputs of an interrupted ingest)."""
        with self.engine.begin() as c:
            _close_if_settled(c, batch_id, open_states=(BatchStatus.INGESTING, BatchStatus.RUNNING))

    def finish_batch(self, batch_id: str) -> None:
        """Close the batch now: ``done`` when an input was processed (or is a duplicate), else
        ``failed``."""
        with self.engine.begin() as c:
            _close_if_settled(c, batch_id, force=True)

    def settle_items(self, doc_id: str, ok: bool, error: SanchikaError | None = None) -> None:
        """Mark the batch items waiting on this document done/failed (on failure, its duplicates
        too: they are the same content); close batches with no item left in flight. The document
        step settles them with the document itself (:meth:`finish_document`, :meth:`fail_document`);
        ``sanchika requeue`` calls this for a document settled before its items were."""
        with self.engine.begin() as c:
            _settle_items(c, doc_id, ok, error)

    def revive_items(self, doc_id: str) -> None:
        """A document that had failed is done now (a page replaced by a rescan): its failed batch
        items are done, and a closed batch says again whether any of its inputs was processed."""
        with self.engine.begin() as c:
            batch_ids = [r[0] for r in c.execute(select(batch_items.c.batch_id).where(
                batch_items.c.document_id == doc_id, batch_items.c.status == ItemStatus.FAILED).distinct())]
            c.execute(update(batch_items).where(batch_items.c.document_id == doc_id,
                                                batch_items.c.status == ItemStatus.FAILED)
                      .values(status=ItemStatus.DONE, error_code=None, error_message=None))
            for batch_id in batch_ids:
                _close_if_settled(c, batch_id, open_states=(BatchStatus.DONE, BatchStatus.FAILED))

    def add_item(self, batch_id: str, seq: int, name: str, group: str) -> int:
        with self.engine.begin() as c:
            return int(c.execute(insert(batch_items).values(batch_id=batch_id, seq=seq, name=name, grp=group, status=ItemStatus.QUEUED)).inserted_primary_key[0])  # type: ignore[index]

    def update_item(self, item_id: int, **values: Any) -> None:
        with self.engine.begin() as c:
            c.execute(update(batch_items).where(batch_items.c.id == item_id).values(**values))

    def fail_item(self, item_id: int, error: SanchikaError, sha: str | None = None) -> None:
        self.update_item(item_id, status=ItemStatus.FAILED, error_code=error.code, error_message=error.message, sha256=sha)

    def list_batches(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        q = (
            select(batches, func.count(batch_items.c.id).label("files"))
            .join(batch_items, batch_items.c.batch_id == batches.c.id, isouter=True)
            .group_by(batches.c.id)
            .order_by(batches.c.created_at.desc(), batches.c.id)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(q)]

    def batch(self, batch_id: str) -> dict[str, Any]:
        with self.engine.connect() as c:
            row = c.execute(select(batches).where(batches.c.id == batch_id)).first()
            if row is None:
                raise NotFoundError(f"no batch {batch_id}: `sanchika batches` lists them.")
            items = c.execute(
                select(batch_items, documents.c.pages, documents.c.department, documents.c.confidence, documents.c.file_number)
                .join(documents, documents.c.id == batch_items.c.document_id, isouter=True)
                .where(batch_items.c.batch_id == batch_id)
                .order_by(batch_items.c.seq)
            ).all()
        return {**dict(row._mapping), "items": [dict(i._mapping) for i in items]}

    # -- source files and documents ----------------------------------------------------------
    def record_source(self, sha: str, kind: str, size: int, name: str) -> None:
        with self.engine.begin() as c:  # known content (a re-upload, two at once): the insert does nothing
            c.execute(_insert_or_ignore(c, source_files, [source_files.c.sha256])
                      .values(sha256=sha, kind=kind, size=size, name=name, stored_at=now()))

    def existing_document(self, sha: str) -> dict[str, Any] | None:
        """A finished or in-progress document of this content, if any (failed ones are redone)."""
        with self.engine.connect() as c:
            row = c.execute(
                select(documents).where(documents.c.sha256 == sha, documents.c.status != DocumentStatus.FAILED)
            ).first()
        return dict(row._mapping) if row else None

    def create_document(self, sha: str, batch_id: str, name: str, group: str, kind: str, page_count: int) -> str:
        doc_id = document_id_for(sha)
        with self.engine.begin() as c:
            c.execute(pages.delete().where(pages.c.document_id == doc_id))
            values = dict(sha256=sha, batch_id=batch_id, name=name, grp=group, kind=kind, status=DocumentStatus.PROCESSING,
                          pages=page_count, created_at=now(), error_code=None, error_message=None)
            if c.execute(select(documents.c.id).where(documents.c.id == doc_id)).first():
                c.execute(update(documents).where(documents.c.id == doc_id).values(**values))
            else:
                c.execute(insert(documents).values(id=doc_id, **values))
            if page_count:
                c.execute(insert(pages), [{"document_id": doc_id, "page_no": n, "status": PageStatus.QUEUED} for n in range(1, page_count + 1)])
        return doc_id

    def save_page(self, doc_id: str, page: PageText) -> None:
        values = shallow_fields(page)  # not asdict(): it deep-copies every word box
        values.pop("words")
        values.pop("page")
        values["source"] = page.source.value
        values["steps"] = list(page.steps)
        values["quality_reasons"] = list(page.quality_reasons)
        values["flag"] = page.flag or None
        values["separator"] = page.separator or None
        layout = {k: values.pop(k) for k in ("ruled_lines", "vertical_rules", "ink", "image_hash")}
        values["layout"] = {k: v for k, v in layout.items() if v not in (None, "")} or None
        with self.engine.begin() as c:
            c.execute(update(pages).where(pages.c.document_id == doc_id, pages.c.page_no == page.page)
                      .values(status=PageStatus.DONE, error_code=None, error_message=None, updated_at=now(), **values))

    def fail_page(self, doc_id: str, page_no: int, error: SanchikaError) -> None:
        with self.engine.begin() as c:
            c.execute(update(pages).where(pages.c.document_id == doc_id, pages.c.page_no == page_no)
                      .values(status=PageStatus.FAILED, error_code=error.code, error_message=error.message, updated_at=now()))

    def pages_of(self, doc_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(select(pages).where(pages.c.document_id == doc_id).order_by(pages.c.page_no))]

    def finish_document(self, doc_id: str, cls: Classification, entities: Entities, digital_file_id: int | None) -> None:
        with self.engine.begin() as c:
            c.execute(update(documents).where(documents.c.id == doc_id).values(
                status=DocumentStatus.DONE, department=cls.department, confidence=cls.confidence,
                classification={"scores": cls.scores, "evidence": list(cls.evidence), "method": cls.method},
                file_number=entities.file_number, entities=_entities_json(entities),
                doc_date=first_date(entities.dates),
                digital_file_id=digital_file_id, completed_at=now()))
            follow_documents(c, doc_id)
            _settle_items(c, doc_id, True)  # one transaction: no reader sees the document done and its inputs in flight

    def fail_document(self, doc_id: str, error: SanchikaError) -> None:
        with self.engine.begin() as c:
            c.execute(update(documents).where(documents.c.id == doc_id).values(status=DocumentStatus.FAILED, error_code=error.code, error_message=error.message, completed_at=now()))
            _settle_items(c, doc_id, False, error)

    def document(self, doc_id: str) -> dict[str, Any]:
        with self.engine.connect() as c:
            row = c.execute(select(documents).where(documents.c.id == doc_id)).first()
            if row is None:
                raise NotFoundError(f"no document {doc_id}: `sanchika search` or `sanchika batches` shows document ids.")
            doc = dict(row._mapping)
            doc["digital_file"] = None
            if doc["digital_file_id"] is not None:
                f = c.execute(select(digital_files).where(digital_files.c.id == doc["digital_file_id"])).first()
                members = c.execute(select(documents.c.id, documents.c.name, documents.c.pages, documents.c.department)
                                    .where(in_file(doc["digital_file_id"])).order_by(documents.c.created_at, documents.c.id)).all()
                doc["digital_file"] = {**dict(f._mapping), "documents": [dict(m._mapping) for m in members]} if f else None
        doc["page_rows"] = self.pages_of(doc_id)
        return doc

    # -- digital files -----------------------------------------------------------------------
    def link_file(self, key: str, file_number: str | None, title: str, department: str | None, *,
                  location: str | None = None, volume: int | None = None, details: dict[str, Any] | None = None) -> int:
        """The digital file with this key, created if new. A location or cover details given later
        fill what the file does not have yet (the first statement wins)."""
        with self.engine.begin() as c:
            file_id = _get_or_create_file(c, key, file_number, title, department, volume)
            row = c.execute(select(digital_files.c.location, digital_files.c.details).where(digital_files.c.id == file_id)).one()
            values: dict[str, Any] = {}
            if location and not row.location:
                values["location"] = location
            if details:
                merged = {**details, **(row.details or {})}
                if merged != (row.details or {}):
                    values["details"] = merged
            if values:
                c.execute(update(digital_files).where(digital_files.c.id == file_id).values(**values))
            return file_id

    def parts_of(self, doc_id: str) -> list[dict[str, Any]]:
        """The documents found inside this scanned document (classify.bundle), in order."""
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(select(parts).where(parts.c.document_id == doc_id)
                                                        .order_by(parts.c.seq))]

    def corrected_department(self, doc_id: str) -> str | None:
        """The department an operator last set for this document (None: never corrected)."""
        return self._corrected(doc_id, "department")

    def corrected_file_number(self, doc_id: str) -> str | None:
        """The file number an operator last set for this document (None: never corrected)."""
        return self._corrected(doc_id, "file_number")

    def _corrected(self, doc_id: str, field: str) -> str | None:
        with self.engine.connect() as c:
            row = c.execute(select(corrections.c.new_value).where(corrections.c.document_id == doc_id,
                                                                 corrections.c.field == field)
                            .order_by(corrections.c.id.desc()).limit(1)).first()
        return row[0] if row else None

    def batch_hints(self, batch_id: str) -> dict[str, Any]:
        """The operator's hints for a batch (department, file_number, location); {} when none."""
        with self.engine.connect() as c:
            row = c.execute(select(batches.c.hints).where(batches.c.id == batch_id)).first()
        return dict(row[0] or {}) if row else {}

    def save_bundle(self, doc_id: str, bundle: BundleAnalysis, part_files: dict[int, int]) -> None:
        """Page roles, the document's parts (replacing earlier ones) and the bundle summary."""
        with self.engine.begin() as c:
            c.execute(parts.delete().where(parts.c.document_id == doc_id))
            if bundle.parts:
                c.execute(insert(parts), [
                    {"document_id": doc_id, "seq": p.seq, "first_page": p.first_page, "last_page": p.last_page,
                     "role": p.role, "confidence": p.confidence, "reasons": list(p.reasons),
                     "needs_review": p.needs_review, "file_number": p.file_number,
                     "digital_file_id": part_files.get(p.seq)} for p in bundle.parts])
            by_role: dict[tuple[str, float], list[int]] = {}
            for page_no, role in bundle.roles.items():
                by_role.setdefault((role.role, round(role.confidence, 3)), []).append(page_no)
            for (role_name, conf), numbers in by_role.items():
                c.execute(update(pages).where(pages.c.document_id == doc_id, pages.c.page_no.in_(numbers))
                          .values(role=role_name, role_confidence=conf))
            c.execute(update(documents).where(documents.c.id == doc_id).values(bundle=bundle.to_json()))


def follow_documents(c: Connection, doc_id: str) -> None:
    """The one rule for a digital file's department: the department of its finished documents
    (the most of them; among equals, the earliest's), the same that scopes who may see them
    (ADR 0024). Applied to every file ``doc_id`` belongs to when it is finished or corrected."""
    file_ids = {r[0] for r in c.execute(select(documents.c.digital_file_id).where(
        documents.c.id == doc_id, documents.c.digital_file_id.is_not(None)))}
    file_ids |= {r[0] for r in c.execute(select(parts.c.digital_file_id).where(
        parts.c.document_id == doc_id, parts.c.digital_file_id.is_not(None)))}
    for file_id in file_ids:
        deps = [r[0] or "unknown" for r in c.execute(
            select(documents.c.department).where(in_file(file_id), documents.c.status == DocumentStatus.DONE)
            .order_by(documents.c.created_at, documents.c.id))]
        known = [d for d in deps if d != "unknown"] or deps
        if known:
            chosen = max(dict.fromkeys(known), key=known.count)  # ties: the first seen (earliest document)
            c.execute(update(digital_files).where(digital_files.c.id == file_id, digital_files.c.department.is_distinct_from(chosen))
                      .values(department=chosen))


def _settle_items(c: Connection, doc_id: str, ok: bool, error: SanchikaError | None = None) -> None:
    """The batch items waiting on this document done/failed (on failure its duplicates too: the
    same content); their batches closed when nothing is left in flight."""
    waiting = select(batch_items.c.batch_id).where(
        batch_items.c.document_id == doc_id, batch_items.c.status == ItemStatus.PROCESSING).distinct()
    batch_ids = [r[0] for r in c.execute(waiting)]
    values: dict[str, Any] = {"status": ItemStatus.DONE} if ok else {
        "status": ItemStatus.FAILED, "error_code": error.code if error else "internal",
        "error_message": error.message if error else "failed"}
    c.execute(update(batch_items).where(batch_items.c.document_id == doc_id,
                                        batch_items.c.status == ItemStatus.PROCESSING).values(**values))
    if not ok:  # an input with the same content, recorded as a duplicate of this one, failed with it
        c.execute(update(batch_items).where(batch_items.c.document_id == doc_id,
                                            batch_items.c.status == ItemStatus.DUPLICATE).values(**values))
    for batch_id in batch_ids:
        _close_if_settled(c, batch_id)


def _close_if_settled(c: Connection, batch_id: str, force: bool = False,
                      open_states: tuple[BatchStatus, ...] = (BatchStatus.RUNNING,)) -> None:
    """Close a batch in ``open_states`` none of whose inputs is in flight (``force``: any batch, now):
    ``done`` when one input was processed or is a duplicate, ``failed`` when none was. The batch
    row is locked first (PostgreSQL), so the last document's settling and the end of the ingest,
    racing, cannot both see the other as unfinished."""
    status = c.execute(select(batches.c.status).where(batches.c.id == batch_id).with_for_update()).scalar()
    if status is None or (not force and status not in open_states):
        return
    counts: dict[str, int] = dict(c.execute(select(batch_items.c.status, func.count()).where(batch_items.c.batch_id == batch_id)
                            .group_by(batch_items.c.status)).all())
    if not force and any(counts.get(s) for s in OPEN_ITEMS):
        return
    ok = bool(counts.get(ItemStatus.DONE) or counts.get(ItemStatus.DUPLICATE))
    c.execute(update(batches).where(batches.c.id == batch_id)
              .values(status=BatchStatus.DONE if ok else BatchStatus.FAILED, finished_at=now()))


def _get_or_create_file(c: Connection, key: str, file_number: str | None, title: str, department: str | None,
                        volume: int | None = None) -> int:
    row = c.execute(select(digital_files.c.id).where(digital_files.c.key == key)).first()
    if row:
        return int(row[0])
    # Two documents of one file completing at once (two workers) both get here: the second insert
    # does nothing (it waits for the first's commit) and both read the one row.
    c.execute(_insert_or_ignore(c, digital_files, [digital_files.c.key])
              .values(key=key, file_number=file_number, title=title, department=department, volume=volume, created_at=now()))
    return int(c.execute(select(digital_files.c.id).where(digital_files.c.key == key)).scalar_one())


def _insert_or_ignore(c: Connection, table: Table, unique: list[Column[Any]]) -> Any:
    """``INSERT ... ON CONFLICT (unique) DO NOTHING`` on PostgreSQL and SQLite."""
    if c.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
    return dialect_insert(table).on_conflict_do_nothing(index_elements=unique)


def _entities_json(e: Entities) -> dict[str, Any]:
    return {"file_numbers": list(e.file_numbers), "dates": list(e.dates), "subject": e.subject, "amounts": list(e.amounts)}
