"""What needs an operator's look, decided in one place. The review queue (GET /api/review,
`sanchika review`) lists it and counts it, and the digitisation report (``storage.reports``,
`sanchika report`) counts it, all with these conditions, so the numbers cannot disagree.

A finished document **needs review** until an operator approves or corrects it
(``documents.verified_by``) when

- its department is unknown (or none), or its confidence is below ``department_below``
  (``SANCHIKA_DEPARTMENT_REVIEW_BELOW``, ADR 0024) — reason ``unknown`` / ``low_confidence``;
- a document boundary found inside its scanned bundle is uncertain (``parts.needs_review``) —
  reason ``boundary_uncertain``;
- or whatever its approval, while one of its pages is *to look at* (below).

A page is **to look at** when it could not be read (status ``failed``: rescan it), was flagged
``needs_rescan`` (until it is replaced), or was flagged ``needs_review`` and its document was not
approved after the page was read.

    review_list(engine, department_below, limit) -> {"documents", "pages", "boundaries", "counts"}
    review_counts(engine, department_below) -> {"documents", "departments", "pages", "boundaries"}
    needs_review(department_below) -> a condition on ``documents`` (the report's case expression)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, and_, case, exists, func, or_, select, union

from domain.status import DocumentStatus, PageFlag, PageStatus

from .schema import corrections, documents, pages, parts

UNKNOWN = "unknown"


def department_unsure(department_below: float) -> ColumnElement[bool]:
    """A finished document whose department an operator has still to decide."""
    corrected = exists().where(and_(corrections.c.document_id == documents.c.id, corrections.c.field == "department"))
    dep, conf = documents.c.department, documents.c.confidence
    return and_(documents.c.status == DocumentStatus.DONE, ~corrected, documents.c.verified_by.is_(None),
                or_(dep.is_(None), dep == UNKNOWN, conf.is_(None), conf < department_below))


def page_to_rescan() -> ColumnElement[bool]:
    """A page row to look at whatever its document's approval: unreadable, or flagged needs_rescan."""
    return or_(pages.c.status == PageStatus.FAILED, pages.c.flag == PageFlag.NEEDS_RESCAN)


def _page_checked() -> ColumnElement[bool]:
    """A page row (joined with its document) read before its document was approved."""
    return and_(documents.c.verified_at.is_not(None),
                or_(pages.c.updated_at.is_(None), pages.c.updated_at <= documents.c.verified_at))


def page_to_look_at() -> ColumnElement[bool]:
    """A page row (joined with its document) to rescan or to check."""
    return or_(page_to_rescan(), and_(pages.c.flag == PageFlag.NEEDS_REVIEW, ~_page_checked()))


def pages_to_look_at_count(to_rescan: ColumnElement[Any], flagged_review: ColumnElement[Any]) -> ColumnElement[Any]:
    """A document's pages to look at from its per-document counts of :func:`page_to_rescan` pages
    and of pages flagged needs_review (counted without joining the document: the report's scan of
    every page stays cheap); the flagged ones are checked against the approval only when there
    are some."""
    unchecked = (select(func.count()).select_from(pages)
                 .where(pages.c.document_id == documents.c.id, pages.c.flag == PageFlag.NEEDS_REVIEW, ~_page_checked())
                 .scalar_subquery())
    return func.coalesce(to_rescan, 0) + case((func.coalesce(flagged_review, 0) > 0, unchecked), else_=0)


def boundary_unsure() -> ColumnElement[bool]:
    """A part row (joined with its document) whose boundary is uncertain, its document not approved."""
    return and_(parts.c.needs_review.is_(True), documents.c.status == DocumentStatus.DONE,
                documents.c.verified_by.is_(None))


def needs_review(department_below: float, pages_to_look_at: ColumnElement[Any] | None = None) -> ColumnElement[bool]:
    """The one condition: a finished document that needs review (module docstring).
    ``pages_to_look_at``: the document's count of pages to look at, when the query has already
    counted them per document (the report does); else they are looked up."""
    some_page = (exists().where(pages.c.document_id == documents.c.id, page_to_look_at()) if pages_to_look_at is None
                 else func.coalesce(pages_to_look_at, 0) > 0)
    some_part = exists().where(parts.c.document_id == documents.c.id, parts.c.needs_review.is_(True))
    return and_(documents.c.status == DocumentStatus.DONE,
                or_(department_unsure(department_below), and_(documents.c.verified_by.is_(None), some_part), some_page))


def _needing_review_ids(department_below: float) -> Any:
    """The ids of the documents :func:`needs_review` selects, as a union of its three reasons, so
    each is found through its own index (pages by flag and status) instead of every document's
    pages being looked at."""
    return union(
        select(documents.c.id).where(department_unsure(department_below)),
        select(parts.c.document_id).join(documents, documents.c.id == parts.c.document_id).where(boundary_unsure()),
        select(pages.c.document_id).join(documents, documents.c.id == pages.c.document_id)
        .where(page_to_look_at(), documents.c.status == DocumentStatus.DONE))


def _counts(c: Connection, department_below: float) -> dict[str, int]:
    def count(q: Any) -> int:
        return int(c.execute(q).scalar() or 0)

    return {
        "documents": count(select(func.count()).select_from(_needing_review_ids(department_below).subquery())),
        "departments": count(select(func.count()).select_from(documents).where(department_unsure(department_below))),
        "pages": count(select(func.count()).select_from(pages.join(documents, documents.c.id == pages.c.document_id))
                       .where(page_to_look_at())),
        "boundaries": count(select(func.count()).select_from(parts.join(documents, documents.c.id == parts.c.document_id))
                            .where(boundary_unsure())),
    }


def review_counts(engine: Engine, department_below: float) -> dict[str, int]:
    """How many finished documents need review (``documents``, any reason), and how many items
    of each list wait: documents whose department is unsure, pages, boundaries."""
    with engine.connect() as c:
        return _counts(c, department_below)


def review_list(engine: Engine, department_below: float, limit: int = 500) -> dict[str, Any]:
    """``{"documents", "pages", "boundaries", "counts"}``: the items (``limit`` of each, newest
    documents first) and the counts of :func:`review_counts`, read in one connection."""
    doc_q = (select(documents.c.id, documents.c.name, documents.c.department, documents.c.confidence,
                    documents.c.file_number, documents.c.batch_id, documents.c.completed_at, documents.c.classification)
             .where(department_unsure(department_below))
             .order_by(documents.c.completed_at.desc(), documents.c.id).limit(limit))
    page_q = (select(pages.c.document_id, pages.c.page_no, pages.c.status, pages.c.error_code, pages.c.error_message,
                     documents.c.name, pages.c.flag, pages.c.quality, pages.c.quality_reasons)
              .join(documents, documents.c.id == pages.c.document_id)
              .where(page_to_look_at()).order_by(pages.c.document_id, pages.c.page_no).limit(limit))
    part_q = (select(parts.c.document_id, parts.c.seq, parts.c.first_page, parts.c.last_page, parts.c.role,
                     parts.c.confidence, parts.c.reasons, documents.c.name)
              .join(documents, documents.c.id == parts.c.document_id)
              .where(boundary_unsure()).order_by(parts.c.document_id, parts.c.seq).limit(limit))
    with engine.connect() as c:
        boundaries = [{"document_id": r.document_id, "name": r.name, "part": r.seq, "first_page": r.first_page,
                       "last_page": r.last_page, "role": r.role, "confidence": r.confidence,
                       "reasons": list(r.reasons or []), "reason": "boundary_uncertain"} for r in c.execute(part_q)]
        docs = [_document_item(r) for r in c.execute(doc_q)]
        bad_pages = [{"document_id": r.document_id, "name": r.name, "page": r.page_no, "error_code": r.error_code,
                      "error_message": r.error_message,
                      "reason": PageFlag.NEEDS_RESCAN if r.status == PageStatus.FAILED else (r.flag or PageFlag.NEEDS_REVIEW),
                      "quality": r.quality, "quality_reasons": list(r.quality_reasons or [])}
                     for r in c.execute(page_q)]
        counts = _counts(c, department_below)
    return {"documents": docs, "pages": bad_pages, "boundaries": boundaries, "counts": counts}


def _document_item(r: Any) -> dict[str, Any]:
    cls = r.classification if isinstance(r.classification, dict) else {}
    top = sorted((cls.get("scores") or {}).items(), key=lambda kv: -kv[1])[:3]
    return {"document_id": r.id, "name": r.name, "department": r.department or UNKNOWN,
            "confidence": r.confidence, "file_number": r.file_number, "batch_id": r.batch_id,
            "top": [{"department": k, "score": round(float(v), 4)} for k, v in top],
            "reason": "unknown" if r.department in (None, UNKNOWN) else "low_confidence"}
