"""The review list (`sanchika review`): what an operator should look at.

- documents that were finished with department ``unknown`` (or none) or a confidence below the
  threshold (``SANCHIKA_CLASSIFIER_MIN_CONFIDENCE``), unless an operator already corrected their
  department or approved them (``documents.verified_by``);
- document boundaries found inside a scanned bundle with a low confidence (``parts.needs_review``,
  threshold ``SANCHIKA_BOUNDARY_REVIEW_BELOW``), with the reasons, until the document is verified;
- pages that could not be read (status ``failed``: rescan them, reason ``needs_rescan``), and
  pages read with a low quality score (``pages.flag``: ``needs_rescan`` or ``needs_review``, with
  the score and its reasons; ocr/quality.py, thresholds SANCHIKA_QUALITY_*); a ``needs_review``
  page leaves the list when its document is approved after the page was read.

Corrections go through :meth:`storage.library.Library.correct_department` and
:meth:`~storage.library.Library.correct_file_number`, approvals through
:meth:`~storage.library.Library.verify` (who and when are stored).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, and_, exists, literal, or_, select

from storage.schema import corrections, documents, pages, parts


def review_list(engine: Engine, min_confidence: float, limit: int = 500) -> dict[str, list[dict[str, Any]]]:
    """``{"documents", "pages", "boundaries"}``: what an operator should look at (see the module docstring)."""
    corrected = exists().where(and_(corrections.c.document_id == documents.c.id,
                                    corrections.c.field == "department"))
    doc_q = (
        select(documents.c.id, documents.c.name, documents.c.department, documents.c.confidence,
               documents.c.file_number, documents.c.batch_id, documents.c.completed_at, documents.c.classification)
        .where(documents.c.status == "done", ~corrected, documents.c.verified_by.is_(None),
               or_(documents.c.department.is_(None), documents.c.department == "unknown",
                   documents.c.confidence.is_(None), documents.c.confidence < min_confidence))
        .order_by(documents.c.completed_at.desc(), documents.c.id)
        .limit(limit)
    )
    flag = pages.c.get("flag")  # issue 3's page quality flag (needs_review | needs_rescan), when present
    wanted = pages.c.status == "failed"
    if flag is not None:
        # a page read badly but legibly leaves the list once an operator approved its document
        # after it was read; a page to rescan stays until it is replaced
        checked = and_(documents.c.verified_at.is_not(None),
                       or_(pages.c.updated_at.is_(None), pages.c.updated_at <= documents.c.verified_at))
        wanted = or_(wanted, flag == "needs_rescan", and_(flag == "needs_review", ~checked))
    page_q = (
        select(pages.c.document_id, pages.c.page_no, pages.c.status, pages.c.error_code, pages.c.error_message,
               documents.c.name, (flag if flag is not None else literal(None)).label("flag"),
               pages.c.quality, pages.c.quality_reasons)
        .join(documents, documents.c.id == pages.c.document_id)
        .where(wanted)
        .order_by(pages.c.document_id, pages.c.page_no)
        .limit(limit)
    )
    part_q = (
        select(parts.c.document_id, parts.c.seq, parts.c.first_page, parts.c.last_page, parts.c.role,
               parts.c.confidence, parts.c.reasons, documents.c.name)
        .join(documents, documents.c.id == parts.c.document_id)
        .where(parts.c.needs_review.is_(True), documents.c.status == "done", documents.c.verified_by.is_(None))
        .order_by(parts.c.document_id, parts.c.seq)
        .limit(limit)
    )
    with engine.connect() as c:
        boundaries = [{"document_id": r.document_id, "name": r.name, "part": r.seq, "first_page": r.first_page,
                       "last_page": r.last_page, "role": r.role, "confidence": r.confidence,
                       "reasons": list(r.reasons or []), "reason": "boundary_uncertain"} for r in c.execute(part_q)]
        docs = []
        for r in c.execute(doc_q):
            cls = r.classification if isinstance(r.classification, dict) else {}
            scores = cls.get("scores") or {}
            top = sorted(scores.items(), key=lambda kv: -kv[1])[:3]
            docs.append({"document_id": r.id, "name": r.name, "department": r.department or "unknown",
                         "confidence": r.confidence, "file_number": r.file_number, "batch_id": r.batch_id,
                         "top": [{"department": k, "score": round(float(v), 4)} for k, v in top],
                         "reason": "unknown" if (r.department in (None, "unknown")) else "low_confidence"})
        bad_pages = [{"document_id": r.document_id, "name": r.name, "page": r.page_no, "error_code": r.error_code,
                      "error_message": r.error_message,
                      "reason": "needs_rescan" if r.status == "failed" else (r.flag or "needs_review"),
                      "quality": r.quality, "quality_reasons": list(r.quality_reasons or [])}
                     for r in c.execute(page_q)]
    return {"documents": docs, "pages": bad_pages, "boundaries": boundaries}
