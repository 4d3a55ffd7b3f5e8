"""What the web app's forms need: the review queue (operators) and the department list.

    GET /api/review?limit=&offset=   documents whose department is unknown or uncertain, and pages
                                     that could not be read (rescan them) — ``sanchika.review``
    GET /api/departments             every department key with its English and Hindi name

An operator approves a document with POST /api/documents/{id}/department (its department as it
is, or corrected); a corrected document leaves the queue, and corrections feed retraining.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from classify.taxonomy import DEPARTMENTS

from ...review import review_list
from ..deps import Caller, Operator, Svc

router = APIRouter(tags=["review"])


class ReviewDocument(BaseModel):
    document_id: str
    name: str
    department: str
    confidence: float | None
    file_number: str | None
    batch_id: str
    reason: str = Field(description="unknown | low_confidence")
    top: list[dict[str, Any]] = Field(description="The classifier's best departments with their scores.")


class ReviewPage(BaseModel):
    document_id: str
    name: str
    page: int
    error_code: str | None
    error_message: str | None
    reason: str = Field(description="needs_rescan (not readable, or read too badly) | needs_review")
    quality: float | None = Field(None, description="Page quality score (0..1), when assessed.")
    quality_reasons: list[str] = Field(default_factory=list, description="What lowered the score.")


class ReviewQueue(BaseModel):
    documents: list[ReviewDocument]
    pages: list[ReviewPage]
    limit: int
    offset: int


class DepartmentName(BaseModel):
    key: str
    name_en: str
    name_hi: str


@router.get("/review", response_model=ReviewQueue)
def review(who: Operator, services: Svc,
           limit: Annotated[int, Query(ge=1, le=200)] = 50,
           offset: Annotated[int, Query(ge=0, le=10_000)] = 0) -> ReviewQueue:
    """Documents to check (department unknown or below the confidence threshold, not yet
    corrected) and pages to rescan (not readable), ``limit`` of each from ``offset``."""
    found = review_list(services.ctx.engine, services.settings.classifier_min_confidence, limit=offset + limit)
    return ReviewQueue(documents=[ReviewDocument(**d) for d in found["documents"][offset:]],
                       pages=[ReviewPage(**p) for p in found["pages"][offset:]], limit=limit, offset=offset)


@router.get("/departments", response_model=list[DepartmentName])
def departments(who: Caller) -> list[DepartmentName]:
    """Every department (the taxonomy), for filters and corrections."""
    return [DepartmentName(key=d.key, name_en=d.name_en, name_hi=d.name_hi) for d in DEPARTMENTS]
