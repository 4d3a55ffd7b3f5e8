"""Reports for admins: the digitisation report (the district collector's weekly review) and the
pages read per hour (the queue dashboard's chart).

    GET /api/reports/digitisation?from=&to=&format=json|csv
    GET /api/reports/throughput?hours=24

Digitisation counts finished documents by the week (ISO, Monday first) and department they were
completed in: documents, pages, documents needing review (as the review queue counts them:
storage.review, threshold SANCHIKA_DEPARTMENT_REVIEW_BELOW) and paper saved in
sheets — one scanned page is counted as one sheet (single-sided paper, as most office files are).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from domain.errors import UsageError
from storage.catalog import now
from storage.reports import digitisation_report, pages_per_hour, report_csv

from ..deps import Admin, Svc

router = APIRouter(tags=["reports"])

DEFAULT_WEEKS = 12
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class ReportRow(BaseModel):
    week: str = Field(description="ISO week, e.g. 2024-W03.")
    week_start: date
    department: str
    documents: int
    pages: int
    needs_review: int
    sheets_saved: int
    files: int = 0
    content_pages: int = Field(0, description="Pages read, blank pages not counted.")
    blank_pages: int = 0
    pages_needing_review: int = Field(0, description="Pages of these documents to rescan or check, as the review queue counts them (failed, needs_rescan, or needs_review not yet approved).")
    separator_pages: int = Field(0, description="Separator sheets (the scanning room's, not counted as paper saved).")
    files_closed: int = Field(0, description="Digital files closed on paper: every document finished, no page failed or waiting for a rescan.")


class DepartmentTotal(BaseModel):
    department: str
    name_en: str
    name_hi: str
    documents: int
    pages: int
    needs_review: int
    review_share: float = Field(description="Share of documents needing review (0-1).")
    sheets_saved: int
    files: int = 0
    content_pages: int = 0
    blank_pages: int = 0
    pages_needing_review: int = 0
    separator_pages: int = 0
    files_closed: int = 0


class WeekTotal(BaseModel):
    week: str
    week_start: date
    documents: int
    pages: int
    needs_review: int
    files: int = 0
    content_pages: int = 0
    blank_pages: int = 0
    pages_needing_review: int = 0
    separator_pages: int = 0
    files_closed: int = 0
    sheets_saved: int = 0


class Digitisation(BaseModel):
    date_from: date = Field(serialization_alias="from")
    date_to: date = Field(serialization_alias="to")
    documents: int
    pages: int
    needs_review: int
    review_share: float
    sheets_saved: int
    files: int = 0
    content_pages: int = 0
    blank_pages: int = 0
    pages_needing_review: int = 0
    separator_pages: int = 0
    files_closed: int = 0
    departments: list[DepartmentTotal]
    weeks: list[WeekTotal]
    rows: list[ReportRow]


class HourCount(BaseModel):
    at: datetime = Field(description="Start of the hour (UTC).")
    pages: int
    failed: int


class Throughput(BaseModel):
    hours: list[HourCount] = Field(description="Oldest first; the last is the current hour.")
    pages: int
    failed: int
    pool_workers: int | None = Field(description="Worker processes of the embedded pool (None in server mode: see GET /api/queues).")


@router.get("/reports/digitisation", response_model=Digitisation, response_model_by_alias=True,
            responses={200: {"content": {"text/csv": {}}}})
def digitisation(
    who: Admin, services: Svc,
    date_from: Annotated[date | None, Query(alias="from", description="First day (YYYY-MM-DD); default 12 weeks ago.")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Last day (YYYY-MM-DD); default today.")] = None,
    format: Annotated[Literal["json", "csv"], Query(description="json, or csv (one row per week and department).")] = "json",
) -> Any:
    """Pages and documents digitised per department and per week, the share needing review and
    paper saved; as JSON or as a CSV file for a spreadsheet."""
    today = now().date()
    for day in (date_from, date_to):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise UsageError(f"dates must lie between {EARLIEST} and {LATEST}.")
    date_to = date_to or today
    date_from = date_from or (date_to - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1))
    if date_from > date_to:
        raise UsageError("`from` is after `to`.")
    if (date_to - date_from).days > 366 * 20:
        raise UsageError("choose at most 20 years.")
    report = _digitisation(services, date_from, date_to)
    services.record(who, "export", "report", "digitisation", **{"from": date_from.isoformat(), "to": date_to.isoformat(), "format": format})
    if format == "csv":
        return Response(_csv(report), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="digitisation-{date_from}-{date_to}.csv"'})
    return report


def _digitisation(services: Any, date_from: date, date_to: date) -> Digitisation:
    return Digitisation.model_validate(
        digitisation_report(services.ctx.engine, date_from, date_to, services.settings.department_review_below))


def _csv(report: Digitisation) -> str:
    return report_csv(report.model_dump())


@router.get("/reports/throughput", response_model=Throughput)
def throughput(who: Admin, services: Svc,
               hours: Annotated[int, Query(ge=1, le=168, description="How many hours back.")] = 24) -> Throughput:
    """Pages read and pages failed per hour over the last ``hours`` hours (the dashboard's chart)."""
    current = now().replace(minute=0, second=0, microsecond=0)
    first = current - timedelta(hours=hours - 1)
    counts = pages_per_hour(services.ctx.engine, first, hours)
    settings = services.settings
    return Throughput(hours=[HourCount(at=h, pages=n, failed=f) for h, n, f in counts],
                      pages=sum(n for _, n, _ in counts), failed=sum(f for _, _, f in counts),
                      pool_workers=None if settings.broker_url else settings.worker_processes())
