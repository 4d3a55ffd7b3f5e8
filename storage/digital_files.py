"""Digital files read by number: the list with their documents' and pages' counts, one file,
and the rows of one file's finished documents (sanchika.efile shapes them for e-Office).

    list_files(engine, departments=None, ...) -> [{id, key, file_number, title, department, ...}]
    find_file(engine, file_no, volume=None) -> the digital_files row (NotFoundError)
    file_rows(engine, file_id, departments) -> (documents with their operator, their pages, their parts)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, func, or_, select

from domain.errors import NotFoundError
from domain.status import DocumentStatus

from .catalog import file_members, in_file
from .library import visible
from .schema import batches, digital_files, documents, pages, parts


def list_files(engine: Engine, departments: Sequence[str] | None = None, *, department: str | None = None,
               q: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Digital files with their finished documents' and pages' counts, by file number. With
    ``departments`` (a department user's scope) only files holding a visible document are listed
    and only visible documents are counted. ``q`` matches file number or title (substring)."""
    member = file_members()
    stats = (select(member.c.fid, func.count().label("n_docs"),
                    func.coalesce(func.sum(documents.c.pages), 0).label("n_pages"))
             .join(documents, documents.c.id == member.c.doc_id)
             .where(documents.c.status == DocumentStatus.DONE, visible(departments)).group_by(member.c.fid).subquery())
    query = (select(digital_files.c.id, digital_files.c.key, digital_files.c.file_number, digital_files.c.title,
                    digital_files.c.department, digital_files.c.location, digital_files.c.volume,
                    func.coalesce(stats.c.n_docs, 0), func.coalesce(stats.c.n_pages, 0))
             .select_from(digital_files.outerjoin(stats, stats.c.fid == digital_files.c.id)))
    query = query.where(stats.c.n_docs > 0)  # a file appears once one of its documents is finished
    if department:
        query = query.where(digital_files.c.department == department)
    if q:
        query = query.where(or_(digital_files.c.file_number.icontains(q.strip(), autoescape=True),
                                digital_files.c.title.icontains(q.strip(), autoescape=True)))
    query = (query.order_by(digital_files.c.file_number.is_(None), digital_files.c.file_number, digital_files.c.volume,
                            digital_files.c.id).limit(limit).offset(offset))
    with engine.connect() as c:
        return [{"id": r[0], "key": r[1], "file_number": r[2], "title": r[3], "department": r[4], "location": r[5],
                 "volume": r[6], "documents": int(r[7]), "pages": int(r[8])} for r in c.execute(query)]


def find_file(engine: Engine, file_no: str, volume: int | None = None) -> dict[str, Any]:
    """The digital file with this file number (or key, for files without a number); the first
    volume unless ``volume`` is given."""
    q = select(digital_files).where(or_(digital_files.c.file_number == file_no, digital_files.c.key == file_no))
    if volume is not None:
        q = q.where(func.coalesce(digital_files.c.volume, 1) == volume)
    with engine.connect() as c:
        row = c.execute(q.order_by(digital_files.c.volume.is_not(None), digital_files.c.volume, digital_files.c.id)).first()
    if row is None:
        raise NotFoundError(f"no digital file {file_no!r}: `sanchika files` lists file numbers.")
    return dict(row._mapping)


def file_rows(engine: Engine, file_id: int, departments: Sequence[str] | None = None,
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The file's finished documents in the caller's scope (created, then id: the order
    storage.library uses) with their batch's operator, and those documents' pages and parts."""
    with engine.connect() as c:
        doc_rows = [dict(r._mapping) for r in c.execute(
            select(documents, batches.c.operator).join(batches, batches.c.id == documents.c.batch_id)
            .where(in_file(file_id), documents.c.status == DocumentStatus.DONE, visible(departments))
            .order_by(documents.c.created_at, documents.c.id))]
        ids = [d["id"] for d in doc_rows]
        page_rows = [dict(r._mapping) for r in c.execute(
            select(pages).where(pages.c.document_id.in_(ids)).order_by(pages.c.document_id, pages.c.page_no))]
        part_rows = [dict(r._mapping) for r in c.execute(
            select(parts).where(parts.c.document_id.in_(ids)).order_by(parts.c.document_id, parts.c.seq))]
    return doc_rows, page_rows, part_rows
