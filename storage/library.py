"""Reads of documents and digital files *within a department scope*, and corrections.

A ``Library`` is opened for one caller's scope: ``departments=None`` sees everything (operators,
admins); a list of department keys sees only finished documents classified into one of them.
The scope is part of every query's WHERE clause, so a document outside it behaves exactly like
a document that does not exist (same ``NotFoundError``, same message).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, case, func, insert, select, true, update

from classify.cover import file_number_problems
from classify.extract import normalize_file_number
from domain.errors import NotFoundError, UsageError
from domain.status import OPEN_ITEMS, DocumentStatus, ItemStatus, PageStatus

from .catalog import _get_or_create_file, follow_documents, in_file, now
from .schema import batch_items, batches, corrections, digital_files, documents, pages, parts

MAX_FILE_NUMBER = 200  # the width of documents.file_number and digital_files.file_number

DOCUMENT_FIELDS = (documents.c.id, documents.c.name, documents.c.status, documents.c.kind, documents.c.pages,
                   documents.c.department, documents.c.confidence, documents.c.file_number, documents.c.batch_id,
                   documents.c.created_at, documents.c.completed_at)


def visible(departments: Sequence[str] | None) -> ColumnElement[bool]:
    """The scope condition: everything (None), or finished documents of these departments."""
    if departments is None:
        return true()
    return (documents.c.status == DocumentStatus.DONE) & documents.c.department.in_(list(departments))


class Library:
    def __init__(self, engine: Engine, departments: Sequence[str] | None) -> None:
        self.engine = engine
        self.departments = None if departments is None else list(departments)

    def _visible(self) -> ColumnElement[bool]:
        return visible(self.departments)

    def _not_found(self) -> NotFoundError:
        # the same message whether the id does not exist or is outside the scope: nothing to tell apart
        return NotFoundError("no such document: search or list documents to find ids.")

    def document(self, doc_id: str) -> dict[str, Any]:
        """A document with its pages (text included) and its digital file (members in scope)."""
        with self.engine.connect() as c:
            row = c.execute(select(documents).where(documents.c.id == doc_id, self._visible())).first()
            if row is None:
                raise self._not_found()
            doc = dict(row._mapping)
            doc["page_rows"] = [dict(p._mapping) for p in c.execute(
                select(pages).where(pages.c.document_id == doc_id).order_by(pages.c.page_no))]
            doc["digital_file"] = None
            if doc["digital_file_id"] is not None:
                doc["digital_file"] = self._file(c, digital_files.c.id == doc["digital_file_id"])
        return doc

    def documents(self, *, department: str | None = None, status: str | None = None, batch_id: str | None = None,
                  limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        q = select(*DOCUMENT_FIELDS).where(self._visible())
        if department is not None:
            q = q.where(documents.c.department == department)
        if status is not None:
            q = q.where(documents.c.status == status)
        if batch_id is not None:
            q = q.where(documents.c.batch_id == batch_id)
        q = q.order_by(documents.c.created_at.desc(), documents.c.id).limit(limit).offset(offset)
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(q)]

    def _file(self, c, where: ColumnElement[bool]) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
        f = c.execute(select(digital_files).where(where).order_by(digital_files.c.id)).first()
        if f is None:
            return None
        members = c.execute(select(*DOCUMENT_FIELDS).where(in_file(f.id), self._visible())
                            .order_by(documents.c.created_at, documents.c.id)).all()
        return {**dict(f._mapping), "documents": [dict(m._mapping) for m in members]}

    def correct_department(self, doc_id: str, department: str, user: str, reason: str | None) -> dict[str, Any]:
        """Record who changed a document's department from what to what, and apply it: to the
        document, its digital files (``catalog.follow_documents``) and so to who may see it."""
        with self.engine.begin() as c:
            return self._correct_department(c, doc_id, department, user, reason, now())

    def _correct_department(self, c, doc_id: str, department: str, user: str, reason: str | None, at: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        row = c.execute(select(documents.c.department).where(documents.c.id == doc_id, self._visible())).first()
        if row is None:
            raise self._not_found()
        values = {"document_id": doc_id, "field": "department", "old_value": row[0], "new_value": department,
                  "user_name": user, "reason": reason, "at": at}
        values["id"] = c.execute(insert(corrections).values(**values)).inserted_primary_key[0]
        c.execute(update(documents).where(documents.c.id == doc_id).values(department=department, verified_by=user, verified_at=at))
        follow_documents(c, doc_id)
        return values

    def correct_file_number(self, doc_id: str, file_number: str, user: str, reason: str | None) -> dict[str, Any]:
        """Record who changed a document's file number from what to what, and apply it: the
        document (and its parts that were in its old digital file) move to the digital file
        ``fn:<number>`` (a volume of the old file stays that volume), created if new with the
        document's subject (or the number) as title and its department. The number is stored in
        its canonical form (``classify.extract.normalize_file_number``); what e-Office would not
        accept as typed (Devanagari letters, spaces, ...) comes back as ``warnings``, not refused.
        The pipeline keeps the correction when the document is run again
        (``Catalog.corrected_file_number``)."""
        with self.engine.begin() as c:
            return self._correct_file_number(c, doc_id, file_number, user, reason, now())

    def _correct_file_number(self, c, doc_id: str, file_number: str, user: str, reason: str | None, at: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        number = normalize_file_number(file_number or "")
        if not number:
            raise UsageError("the file number is empty: give the number written on the file, e.g. 245/भू-अभि/2018.")
        if len(number) > MAX_FILE_NUMBER:
            raise UsageError(f"the file number is longer than {MAX_FILE_NUMBER} characters: give only the number.")
        row = c.execute(select(documents.c.file_number, documents.c.department, documents.c.digital_file_id,
                               documents.c.entities).where(documents.c.id == doc_id, self._visible())).first()
        if row is None:
            raise self._not_found()
        old_file = None
        if row.digital_file_id is not None:
            old_file = c.execute(select(digital_files.c.id, digital_files.c.volume)
                                 .where(digital_files.c.id == row.digital_file_id)).first()
        volume = old_file.volume if old_file is not None and old_file.volume and old_file.volume > 1 else None
        key = f"fn:{number}" + (f":v{volume}" if volume else "")
        subject = (row.entities or {}).get("subject") if isinstance(row.entities, dict) else None
        file_id = _get_or_create_file(c, key, number, subject or number, row.department, volume)
        values = {"document_id": doc_id, "field": "file_number", "old_value": row.file_number, "new_value": number,
                  "user_name": user, "reason": reason, "at": at}
        values["id"] = c.execute(insert(corrections).values(**values)).inserted_primary_key[0]
        c.execute(update(documents).where(documents.c.id == doc_id)
                  .values(file_number=number, digital_file_id=file_id, verified_by=user, verified_at=at))
        if old_file is not None and old_file.id != file_id:
            c.execute(update(parts).where(parts.c.document_id == doc_id, parts.c.digital_file_id == old_file.id)
                      .values(digital_file_id=file_id))
        follow_documents(c, doc_id)
        return {**values, "warnings": list(file_number_problems(number)), "digital_file_id": file_id, "file_key": key,
                "old_file_id": old_file.id if old_file is not None else None}

    def verify(self, doc_id: str, user: str) -> dict[str, Any]:
        """An operator approves a document as it is (department, file number, pages): who and when
        are stored and go into the eFile manifest's ``verified_by``."""
        with self.engine.begin() as c:
            return self._verify(c, doc_id, user, now())

    def _verify(self, c, doc_id: str, user: str, at: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        if c.execute(select(documents.c.id).where(documents.c.id == doc_id, self._visible())).first() is None:
            raise self._not_found()
        c.execute(update(documents).where(documents.c.id == doc_id).values(verified_by=user, verified_at=at))
        return {"document_id": doc_id, "verified_by": user, "verified_at": at}

    def review(self, doc_id: str, user: str, *, department: str | None = None, file_number: str | None = None,
               reason: str | None = None) -> dict[str, Any]:
        """An operator's review in one transaction: the department when given and the file number
        when it changes (corrections, as above), and the approval. All or nothing: an invalid file number
        leaves the department as it was. ``{"department": correction | None, "file_number":
        correction | None, "verified": approval}``."""
        at = now()
        with self.engine.begin() as c:
            row = c.execute(select(documents.c.department, documents.c.file_number)
                            .where(documents.c.id == doc_id, self._visible())).first()
            if row is None:
                raise self._not_found()
            dep = None  # a department given is recorded even when confirmed: it is a training label too
            if department is not None:
                dep = self._correct_department(c, doc_id, department, user, reason, at)
            number = None
            if file_number is not None and normalize_file_number(file_number) != (row.file_number or ""):
                number = self._correct_file_number(c, doc_id, file_number, user, reason, at)
            return {"department": dep, "file_number": number, "verified": self._verify(c, doc_id, user, at)}

    def corrections_of(self, doc_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(
                select(corrections).where(corrections.c.document_id == doc_id).order_by(corrections.c.id))]


def work_counts(engine: Engine) -> dict[str, Any]:
    """What the database says about work in flight (the embedded default's queue view)."""
    hour_ago = now() - timedelta(hours=1)
    with engine.connect() as c:
        def by_status(table) -> dict[str, int]:  # type: ignore[no-untyped-def]
            return {s: int(n) for s, n in c.execute(select(table.c.status, func.count()).group_by(table.c.status))}

        pages_hour = c.execute(select(func.count()).select_from(pages).where(
            pages.c.status == PageStatus.DONE, pages.c.updated_at >= hour_ago)).scalar()
        failures_hour = c.execute(select(func.count()).select_from(pages).where(
            pages.c.status == PageStatus.FAILED, pages.c.updated_at >= hour_ago)).scalar()
        return {"pages": by_status(pages), "documents": by_status(documents), "batches": by_status(batches),
                "pages_last_hour": int(pages_hour or 0), "failures_last_hour": int(failures_hour or 0)}


def batches_started(engine: Engine, batch_ids: Sequence[str]) -> set[str]:
    """Those of ``batch_ids`` with at least one page read (done or failed) or item settled."""
    if not batch_ids:
        return set()
    with engine.connect() as c:
        paged = c.execute(select(documents.c.batch_id).join(pages, pages.c.document_id == documents.c.id)
                          .where(documents.c.batch_id.in_(batch_ids), pages.c.status != PageStatus.QUEUED).distinct())
        settled = c.execute(select(batch_items.c.batch_id).where(
            batch_items.c.batch_id.in_(batch_ids), batch_items.c.status.not_in(OPEN_ITEMS)).distinct())
        return {r[0] for r in paged} | {r[0] for r in settled}


def pages_of_documents(engine: Engine, doc_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Page status rows (no text) of many documents in one query: {document id: rows by page}."""
    out: dict[str, list[dict[str, Any]]] = {}
    if not doc_ids:
        return out
    q = (select(pages.c.document_id, pages.c.page_no, pages.c.status, pages.c.error_code, pages.c.error_message,
                pages.c.flag)
         .where(pages.c.document_id.in_(sorted(set(doc_ids)))).order_by(pages.c.document_id, pages.c.page_no))
    with engine.connect() as c:
        for r in c.execute(q):
            out.setdefault(r.document_id, []).append(dict(r._mapping))
    return out


def failed_files(engine: Engine, limit: int = 20) -> tuple[int, list[dict[str, Any]]]:
    """Inputs that failed (batch items: a file refused at ingest has no document; a file whose
    every page failed has one), newest batch first: (how many in all, the first ``limit`` with
    their batch, error code and message)."""
    q = (select(batch_items.c.batch_id, batches.c.name.label("batch_name"), batch_items.c.name, batch_items.c.document_id,
                batch_items.c.error_code, batch_items.c.error_message, batches.c.created_at)
         .join(batches, batches.c.id == batch_items.c.batch_id)
         .where(batch_items.c.status == ItemStatus.FAILED)
         .order_by(batches.c.created_at.desc(), batch_items.c.batch_id, batch_items.c.seq).limit(limit))
    with engine.connect() as c:
        total = c.execute(select(func.count()).select_from(batch_items).where(batch_items.c.status == ItemStatus.FAILED)).scalar()
        return int(total or 0), [dict(r._mapping) for r in c.execute(q)]


def batch_pace(engine: Engine, batch_id: str) -> dict[str, Any]:
    """A batch's pages: how many are known (its documents', duplicates not counted), how many
    settled (read or failed), and when the first and the last of them settled."""
    settled = pages.c.status != PageStatus.QUEUED
    q = (select(func.count(), func.sum(case((settled, 1), else_=0)),
                func.min(case((settled, pages.c.updated_at))), func.max(case((settled, pages.c.updated_at))))
         .select_from(pages.join(documents, documents.c.id == pages.c.document_id))
         .where(documents.c.batch_id == batch_id))
    with engine.connect() as c:
        total, done, first, last = c.execute(q).one()
    return {"pages": int(total or 0), "settled": int(done or 0), "first_at": first, "last_at": last}
