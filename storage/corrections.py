"""Operators' department corrections as training material (`sanchika classify train`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from domain.status import PageStatus

from .schema import corrections, pages


@dataclass(frozen=True)
class CorrectedDocument:
    document_id: str
    department: str  # the newest correction's value
    user_name: str
    at: datetime | None
    text: str  # the document's pages that were read, in order, joined by blank lines


def corrected_departments(engine: Engine) -> list[CorrectedDocument]:
    """Every document whose department an operator corrected, with the newest correction."""
    with engine.connect() as c:
        rows = c.execute(select(corrections).where(corrections.c.field == "department")
                         .order_by(corrections.c.at, corrections.c.id)).all()
        latest = {r.document_id: r for r in rows}
        out = []
        for doc_id, r in latest.items():
            texts = c.execute(select(pages.c.text).where(pages.c.document_id == doc_id, pages.c.status == PageStatus.DONE)
                              .order_by(pages.c.page_no)).scalars().all()
            out.append(CorrectedDocument(doc_id, r.new_value, r.user_name, r.at, "\n\n".join(t for t in texts if t)))
    return out
