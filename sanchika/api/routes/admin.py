"""GET /api/queues, GET /api/audit and GET /api/fixity: admins only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from storage.audit import AuditFilter
from storage.library import failed_files, work_counts

from ..deps import Admin, Services, Svc
from ..models import AuditEntry, ErrorBody, FailedFile, Fixity, Queues

router = APIRouter(tags=["admin"])


@router.get("/queues", response_model=Queues)
def queues(who: Admin, services: Svc) -> Queues:
    """Work in flight from the database (pages, documents and batches by status, pages read and
    failed in the last hour), the input files that failed (ingest failures included) with their
    error codes and batches, plus the broker's view in server mode when it can be read."""
    settings = services.settings
    total, failed = failed_files(services.ctx.engine, limit=20)
    return Queues(mode="celery" if settings.broker_url else "embedded", **work_counts(services.ctx.engine),
                  broker=_broker_stats(services) if settings.broker_url else None, failed_files_total=total,
                  failed_files=[FailedFile(batch_id=f["batch_id"], batch_name=f["batch_name"], name=f["name"],
                                           document_id=f["document_id"],
                                           error=ErrorBody(code=f["error_code"] or "internal", message=f["error_message"] or "failed"))
                                for f in failed])


@router.get("/audit", response_model=list[AuditEntry])
def audit(
    who: Admin, services: Svc,
    user: Annotated[str | None, Query(max_length=100)] = None,
    action: Annotated[str | None, Query(pattern="^(upload|view|download|correct|verify|search|login|export|admin|fixity|write_refused)$")] = None,
    target: Annotated[str | None, Query(max_length=200, description="A document or batch id, file number or query.")] = None,
    since: Annotated[datetime | None, Query(description="ISO 8601; entries at or after.")] = None,
    until: Annotated[datetime | None, Query(description="ISO 8601; entries before.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[AuditEntry]:
    """Who uploaded, viewed, downloaded, corrected or searched what, and when; newest first."""
    rows = services.audit.entries(AuditFilter(user=user, action=action, target_id=target, since=_utc(since),
                                              until=_utc(until), limit=limit, offset=offset))
    return [AuditEntry(id=r["id"], at=r["at"], user=r["user_name"], action=r["action"], target_type=r["target_type"],
                       target_id=r["target_id"], detail=r["detail"]) for r in rows]


@router.get("/fixity", response_model=Fixity | None)
def fixity(who: Admin, services: Svc) -> Fixity | None:
    """The last `sanchika verify` run: when, by whom, objects checked and ok, and every mismatched,
    missing and unreferenced object; null before the first run."""
    from storage.fixity_runs import newest_finished

    run = newest_finished(services.ctx.engine)
    if run is None:
        return None
    problems = run["problems"] or {}
    return Fixity(run=run["id"], finished_at=run["finished_at"], user=run["user_name"], store=run["store"],
                  sample=run["sample"], checked=run["checked"], ok=run["ok"], bytes=run["bytes"], seconds=run["seconds"],
                  mismatched=problems.get("mismatched", []), missing=problems.get("missing", []),
                  unreferenced=problems.get("unreferenced", []))


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _broker_stats(services: Services) -> dict[str, Any] | None:
    """The broker's and workers' view (workers.queues.queue_status), when reachable."""
    from workers.queues import queue_status

    try:
        return dict(queue_status(services.settings.worker_config(), services.ctx))
    except Exception as exc:  # noqa: BLE001 - the broker's view is optional here; the DB counts stand
        return {"error": str(exc)}
