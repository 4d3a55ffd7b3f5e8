"""The digitisation report: finished documents by the ISO week (Monday first) and department they
were completed in. One query for every front end (web admin page, `sanchika report`).

    report = digitisation_report(engine, date_from, date_to, department_below)   # plain dicts
    hours = pages_per_hour(engine, first_hour, hours)                              # the dashboard's chart

Per cell (week, department): digital files touched, documents, pages (every scanned page, as
stored on the document), content pages (read, neither blank nor a separator sheet), blank pages,
separator pages, pages needing review and documents needing review (both as the review queue
counts them: ``storage.review``, one condition for the queue, the CLI and this report) and paper removed from circulation: sheets — one scanned page counted
as one sheet (single-sided paper, as most office files are), separator sheets (the scanning
room's, not the file's) left out — and **files closed on paper**: digital files whose every
document is finished with no failed page and no page waiting for a rescan, counted in the week
(and department) their last document was finished — the paper file can go to the record room.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, exists, func, or_, select

from classify import taxonomy
from domain.status import DocumentStatus, PageFlag, PageStatus, Role

from .catalog import file_members
from .review import needs_review, page_to_rescan, pages_to_look_at_count
from .schema import digital_files, documents, pages

_KEYS = ("documents", "pages", "needs_review", "content_pages", "blank_pages", "pages_needing_review",
         "separator_pages", "files_closed")


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def department_names(key: str) -> tuple[str, str]:
    from domain.errors import UsageError

    if key == taxonomy.UNKNOWN:
        return "Unknown", "अज्ञात"
    try:
        dep = taxonomy.get(key)
    except UsageError:
        return key, key
    return dep.name_en, dep.name_hi


def _files_closed(c: Connection, start: datetime, end: datetime) -> list[tuple[date, str | None]]:
    """(day its last document was finished, department) of every digital file closed on paper in
    [start, end): all its documents finished, none with a failed page or a page flagged needs_rescan."""
    member = file_members()
    bad_page = exists().where(pages.c.document_id == documents.c.id,
                              or_(pages.c.status != PageStatus.DONE, pages.c.flag == PageFlag.NEEDS_RESCAN))
    open_doc = case((or_(documents.c.status != DocumentStatus.DONE, bad_page), 1), else_=0)
    last_done = func.max(documents.c.completed_at)
    q = (select(last_done, digital_files.c.department, func.min(documents.c.department))
         .select_from(member)
         .join(documents, documents.c.id == member.c.doc_id)
         .join(digital_files, digital_files.c.id == member.c.fid)
         .group_by(member.c.fid, digital_files.c.department)
         .having(func.sum(open_doc) == 0, last_done >= start, last_done < end))
    out = []
    for last, file_dep, doc_dep in c.execute(q):
        day = last.date() if isinstance(last, datetime) else date.fromisoformat(str(last)[:10])
        out.append((day, file_dep or doc_dep))
    return out


def digitisation_report(engine: Engine, date_from: date, date_to: date, department_below: float) -> dict[str, Any]:
    """Totals, per department, per week (every week of the range, empty ones too) and per
    (week, department) cell, as plain JSON-ready values (dates as ``date``). ``department_below``
    is SANCHIKA_DEPARTMENT_REVIEW_BELOW (``storage.review``)."""
    start = datetime(date_from.year, date_from.month, date_from.day, tzinfo=UTC)
    end = datetime(date_to.year, date_to.month, date_to.day, tzinfo=UTC) + timedelta(days=1)
    dep_col = documents.c.department
    role = func.coalesce(pages.c.role, "")
    is_blank = or_(pages.c.blank.is_(True), role == Role.BLANK)  # flagged by the OCR stage, or no text at all
    is_sep = or_(pages.c.separator.is_not(None), role == Role.SEPARATOR)
    page_stats = (select(pages.c.document_id.label("document_id"),
                         func.sum(case((and_(pages.c.status == PageStatus.DONE, ~is_blank, ~is_sep), 1),
                                       else_=0)).label("content"),
                         func.sum(case((is_blank, 1), else_=0)).label("blank"),
                         func.sum(case((page_to_rescan(), 1), else_=0)).label("rescan"),
                         func.sum(case((pages.c.flag == PageFlag.NEEDS_REVIEW, 1), else_=0)).label("review"),
                         func.sum(case((is_sep, 1), else_=0)).label("separators"))
                  .group_by(pages.c.document_id).subquery())
    to_look = pages_to_look_at_count(page_stats.c.rescan, page_stats.c.review)  # storage.review's rule, per document
    unsure = needs_review(department_below, pages_to_look_at=to_look)
    day_col = func.date(documents.c.completed_at)  # aggregated in the database: one row per day, department, file
    q = (select(day_col, dep_col, documents.c.digital_file_id, func.count(), func.coalesce(func.sum(documents.c.pages), 0),
                func.sum(case((unsure, 1), else_=0)), func.coalesce(func.sum(page_stats.c.content), 0),
                func.coalesce(func.sum(page_stats.c.blank), 0), func.coalesce(func.sum(to_look), 0),
                func.coalesce(func.sum(page_stats.c.separators), 0))
         .select_from(documents.outerjoin(page_stats, page_stats.c.document_id == documents.c.id))
         .where(documents.c.status == DocumentStatus.DONE, documents.c.completed_at >= start, documents.c.completed_at < end)
         .group_by(day_col, dep_col, documents.c.digital_file_id))
    cells: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0] * len(_KEYS))
    cell_files: dict[tuple[date, str], set[int]] = defaultdict(set)
    with engine.connect() as c:
        for day, dep, file_id, *counts in c.execute(q):
            day = day if isinstance(day, date) else date.fromisoformat(str(day))
            key = (day - timedelta(days=day.weekday()), dep or taxonomy.UNKNOWN)
            cell = cells[key]
            for i, n in enumerate(counts):
                cell[i] += int(n or 0)
            if file_id is not None:
                cell_files[key].add(int(file_id))
        for day, dep in _files_closed(c, start, end):
            cells[(day - timedelta(days=day.weekday()), dep or taxonomy.UNKNOWN)][_KEYS.index("files_closed")] += 1

    def pack(v: list[int], files: set[int]) -> dict[str, Any]:
        out: dict[str, Any] = {"files": len(files), **dict(zip(_KEYS, v, strict=True))}
        out["sheets_saved"] = out["pages"] - out["separator_pages"]
        return out

    rows = [{"week": iso_week(w), "week_start": w, "department": d, **pack(v, cell_files[(w, d)])}
            for (w, d), v in sorted(cells.items())]
    by_dep: dict[str, list[int]] = defaultdict(lambda: [0] * len(_KEYS))
    by_week: dict[date, list[int]] = defaultdict(lambda: [0] * len(_KEYS))
    files_dep: dict[str, set[int]] = defaultdict(set)
    files_week: dict[date, set[int]] = defaultdict(set)
    all_files: set[int] = set()
    for (w, d), v in cells.items():
        for acc in (by_dep[d], by_week[w]):
            for i, n in enumerate(v):
                acc[i] += n
        files_dep[d] |= cell_files[(w, d)]
        files_week[w] |= cell_files[(w, d)]
        all_files |= cell_files[(w, d)]
    week = date_from - timedelta(days=date_from.weekday())
    while week <= date_to and len(by_week) < 2000:  # every week of the range, empty ones too (a chart needs them)
        by_week.setdefault(week, [0] * len(_KEYS))
        week += timedelta(weeks=1)
    departments = []
    for d, v in sorted(by_dep.items(), key=lambda kv: (-kv[1][1], kv[0])):
        en, hi = department_names(d)
        item = {"department": d, "name_en": en, "name_hi": hi, **pack(v, files_dep[d])}
        item["review_share"] = share(item["needs_review"], item["documents"])
        departments.append(item)
    total = pack([sum(v[i] for v in by_dep.values()) for i in range(len(_KEYS))], all_files)
    return {"date_from": date_from, "date_to": date_to, **total,
            "review_share": share(total["needs_review"], total["documents"]),
            "departments": departments,
            "weeks": [{"week": iso_week(w), "week_start": w, **pack(v, files_week[w])} for w, v in sorted(by_week.items())],
            "rows": rows}


CSV_COLUMNS = ("week", "week_start", "department", "department_en", "department_hi", "files", "documents", "pages",
               "content_pages", "blank_pages", "separator_pages", "pages_needing_review", "needs_review", "sheets_saved",
               "files_closed")


def report_csv(report: dict[str, Any]) -> str:
    """One row per (week, department) cell and a final ``total`` row; starts with a BOM so
    spreadsheet programs read the Hindi department names as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in report["rows"]:
        en, hi = department_names(r["department"])
        writer.writerow([r["week"], r["week_start"].isoformat(), r["department"], en, hi,
                         *(r[k] for k in CSV_COLUMNS[5:])])
    writer.writerow(["total", "", "", "", "", *(report[k] for k in CSV_COLUMNS[5:])])
    return "\ufeff" + out.getvalue()


def pages_per_hour(engine: Engine, first: datetime, hours: int) -> list[tuple[datetime, int, int]]:
    """(hour, pages read, pages failed) for each of ``hours`` hours from ``first`` (an hour's
    start, UTC), by the time each page settled."""
    counts: dict[datetime, list[int]] = {first + timedelta(hours=i): [0, 0] for i in range(hours)}
    q = select(pages.c.status, pages.c.updated_at).where(pages.c.status.in_((PageStatus.DONE, PageStatus.FAILED)), pages.c.updated_at >= first)
    with engine.connect() as c:
        for status, at in c.execute(q):
            at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
            slot = counts.get(at.replace(minute=0, second=0, microsecond=0))
            if slot is not None:
                slot[0 if status == PageStatus.DONE else 1] += 1
    return [(h, v[0], v[1]) for h, v in counts.items()]
