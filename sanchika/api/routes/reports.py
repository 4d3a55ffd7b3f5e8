"""Reports for admins: the digitisation report (the district collector's weekly review) and the
pages read per hour (the queue dashboard's chart).

    GET /api/reports/digitisation?from=&to=&format=json|csv
    GET /api/reports/throughput?hours=24

Digitisation counts finished documents by the week (ISO, Monday first) and department they were
completed in: documents, pages, documents needing review (department unknown or confidence below
SANCHIKA_CLASSIFIER_MIN_CONFIDENCE, and not corrected by an operator) and paper saved in
sheets — one scanned page is counted as one sheet (single-sided paper, as most office files are).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import and_, case, exists, func, or_, select

from classify import taxonomy
from domain.errors import UsageError
from storage.catalog import now
from storage.schema import corrections, documents, pages

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


class DepartmentTotal(BaseModel):
    department: str
    name_en: str
    name_hi: str
    documents: int
    pages: int
    needs_review: int
    review_share: float = Field(description="Share of documents needing review (0-1).")
    sheets_saved: int


class WeekTotal(BaseModel):
    week: str
    week_start: date
    documents: int
    pages: int
    needs_review: int


class Digitisation(BaseModel):
    date_from: date = Field(serialization_alias="from")
    date_to: date = Field(serialization_alias="to")
    documents: int
    pages: int
    needs_review: int
    review_share: float
    sheets_saved: int
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
    start = datetime(date_from.year, date_from.month, date_from.day, tzinfo=UTC)
    end = datetime(date_to.year, date_to.month, date_to.day, tzinfo=UTC) + timedelta(days=1)
    corrected = exists().where(and_(corrections.c.document_id == documents.c.id, corrections.c.field == "department"))
    dep_col, conf = documents.c.department, documents.c.confidence
    unsure = and_(~corrected, or_(dep_col.is_(None), dep_col == taxonomy.UNKNOWN, conf.is_(None),
                                  conf < services.settings.classifier_min_confidence))
    day_col = func.date(documents.c.completed_at)  # aggregated in the database: one row per day and department
    q = (select(day_col, dep_col, func.count(), func.coalesce(func.sum(documents.c.pages), 0),
                func.sum(case((unsure, 1), else_=0)))
         .where(documents.c.status == "done", documents.c.completed_at >= start, documents.c.completed_at < end)
         .group_by(day_col, dep_col))
    cells: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    with services.ctx.engine.connect() as c:
        for day, dep, n_docs, n_pages, n_unsure in c.execute(q):
            day = day if isinstance(day, date) else date.fromisoformat(str(day))
            cell = cells[(day - timedelta(days=day.weekday()), dep or taxonomy.UNKNOWN)]
            cell[0] += int(n_docs)
            cell[1] += int(n_pages or 0)
            cell[2] += int(n_unsure or 0)
    rows = [ReportRow(week=_iso_week(w), week_start=w, department=d, documents=v[0], pages=v[1], needs_review=v[2], sheets_saved=v[1])
            for (w, d), v in sorted(cells.items())]
    by_dep: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_week: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        for acc in (by_dep[r.department], by_week[r.week_start]):
            acc[0] += r.documents
            acc[1] += r.pages
            acc[2] += r.needs_review
    week = date_from - timedelta(days=date_from.weekday())
    while week <= date_to and len(by_week) < 2000:  # every week of the range, empty ones too (a chart needs them)
        by_week.setdefault(week, [0, 0, 0])
        week += timedelta(weeks=1)
    departments = [DepartmentTotal(department=d, name_en=_names(d)[0], name_hi=_names(d)[1], documents=v[0], pages=v[1],
                                   needs_review=v[2], review_share=_share(v[2], v[0]), sheets_saved=v[1])
                   for d, v in sorted(by_dep.items(), key=lambda kv: (-kv[1][1], kv[0]))]
    total = [sum(v[i] for v in by_dep.values()) for i in range(3)]
    return Digitisation(date_from=date_from, date_to=date_to, documents=total[0], pages=total[1], needs_review=total[2],
                        review_share=_share(total[2], total[0]), sheets_saved=total[1], departments=departments,
                        weeks=[WeekTotal(week=_iso_week(w), week_start=w, documents=v[0], pages=v[1], needs_review=v[2])
                               for w, v in sorted(by_week.items())], rows=rows)


def _names(key: str) -> tuple[str, str]:
    if key == taxonomy.UNKNOWN:
        return "Unknown", "अज्ञात"
    try:
        dep = taxonomy.get(key)
    except UsageError:
        return key, key
    return dep.name_en, dep.name_hi


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _csv(report: Digitisation) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["week", "week_start", "department", "department_en", "department_hi", "documents", "pages",
                     "needs_review", "sheets_saved"])
    for r in report.rows:
        en, hi = _names(r.department)
        writer.writerow([r.week, r.week_start.isoformat(), r.department, en, hi, r.documents, r.pages, r.needs_review, r.sheets_saved])
    writer.writerow(["total", "", "", "", "", report.documents, report.pages, report.needs_review, report.sheets_saved])
    return "\ufeff" + out.getvalue()  # a BOM, so spreadsheet programs read the Hindi names as UTF-8


@router.get("/reports/throughput", response_model=Throughput)
def throughput(who: Admin, services: Svc,
               hours: Annotated[int, Query(ge=1, le=168, description="How many hours back.")] = 24) -> Throughput:
    """Pages read and pages failed per hour over the last ``hours`` hours (the dashboard's chart)."""
    current = now().replace(minute=0, second=0, microsecond=0)
    first = current - timedelta(hours=hours - 1)
    counts: dict[datetime, list[int]] = {first + timedelta(hours=i): [0, 0] for i in range(hours)}
    q = select(pages.c.status, pages.c.updated_at).where(pages.c.status.in_(("done", "failed")), pages.c.updated_at >= first)
    with services.ctx.engine.connect() as c:
        for status, at in c.execute(q):
            at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
            slot = counts.get(at.replace(minute=0, second=0, microsecond=0))
            if slot is not None:
                slot[0 if status == "done" else 1] += 1
    settings = services.settings
    return Throughput(hours=[HourCount(at=h, pages=v[0], failed=v[1]) for h, v in counts.items()],
                      pages=sum(v[0] for v in counts.values()), failed=sum(v[1] for v in counts.values()),
                      pool_workers=None if settings.broker_url else settings.worker_processes())
