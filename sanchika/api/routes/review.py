"""What the web app's forms need: the review queue (operators) and the department list.

    GET /api/review?limit=&offset=   documents whose department is unknown or uncertain, pages read
                                     badly or not at all (check or rescan them) and uncertain
                                     document boundaries inside scanned bundles, and how many of
                                     each wait — ``storage.review`` (the report counts the same)
    GET /api/departments             every department key with its English and Hindi name

An operator corrects a document with POST /api/documents/{id}/department and
POST /api/documents/{id}/file-number, and approves it as it is with POST /api/documents/{id}/approve;
a corrected or approved document leaves the queue (its boundaries and its pages read badly too),
and department corrections feed the classifier's retraining (`sanchika classify train`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from classify.taxonomy import DEPARTMENTS
from domain.status import Role
from storage.review import review_list

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


class ReviewBoundary(BaseModel):
    document_id: str
    name: str
    part: int = Field(description="The part's number inside the scanned bundle (1-based).")
    first_page: int
    last_page: int
    role: Role = Field(description="The part's role: cover, notesheet, receipt, issue, order, annexure, ...")
    confidence: float = Field(description="Confidence that a new document starts at first_page (0..1).")
    reasons: list[str] = Field(description="Why a boundary was placed there (letterhead, page number restarts, ...).")
    reason: str = Field("boundary_uncertain", description="boundary_uncertain")


class ReviewCounts(BaseModel):
    documents: int = Field(description="Finished documents needing review for any reason (the digitisation report's needs_review over all dates).")
    departments: int = Field(description="Documents whose department is unknown or below SANCHIKA_DEPARTMENT_REVIEW_BELOW.")
    pages: int = Field(description="Pages to rescan or check.")
    boundaries: int = Field(description="Uncertain document boundaries.")


class ReviewQueue(BaseModel):
    counts: ReviewCounts = Field(description="Every item waiting, not only this page of them.")
    documents: list[ReviewDocument]
    pages: list[ReviewPage]
    boundaries: list[ReviewBoundary] = Field(description="Uncertain document boundaries inside scanned bundles, until the document is approved.")
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
    """Documents to check (department unknown or below SANCHIKA_DEPARTMENT_REVIEW_BELOW, not yet
    corrected or approved), pages to check or rescan, and uncertain document boundaries inside
    scanned bundles, ``limit`` of each from ``offset``, with how many of each wait in all."""
    found = review_list(services.ctx.engine, services.settings.department_review_below, limit=offset + limit)
    return ReviewQueue(counts=ReviewCounts(**found["counts"]), documents=[ReviewDocument(**d) for d in found["documents"][offset:]],
                       pages=[ReviewPage(**p) for p in found["pages"][offset:]],
                       boundaries=[ReviewBoundary(**b) for b in found["boundaries"][offset:]], limit=limit, offset=offset)


@router.get("/departments", response_model=list[DepartmentName])
def departments(who: Caller) -> list[DepartmentName]:
    """Every department (the taxonomy), for filters and corrections."""
    return [DepartmentName(key=d.key, name_en=d.name_en, name_hi=d.name_hi) for d in DEPARTMENTS]
