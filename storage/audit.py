"""The audit log: who uploaded, viewed, downloaded, corrected or searched what, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select

from .catalog import now
from .schema import audit_log


@dataclass(frozen=True, slots=True)
class AuditFilter:
    user: str | None = None
    action: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    offset: int = 0


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, user: str, action: str, target_type: str | None = None, target_id: str | None = None,
               detail: dict[str, Any] | None = None) -> None:
        with self.engine.begin() as c:
            c.execute(insert(audit_log).values(at=now(), user_name=user, action=action, target_type=target_type,
                                               target_id=target_id, detail=detail))

    def entries(self, f: AuditFilter) -> list[dict[str, Any]]:
        """Newest first."""
        q = select(audit_log)
        if f.user is not None:
            q = q.where(audit_log.c.user_name == f.user)
        if f.action is not None:
            q = q.where(audit_log.c.action == f.action)
        if f.target_id is not None:
            q = q.where(audit_log.c.target_id == f.target_id)
        if f.since is not None:
            q = q.where(audit_log.c.at >= f.since)
        if f.until is not None:
            q = q.where(audit_log.c.at < f.until)
        q = q.order_by(audit_log.c.at.desc(), audit_log.c.id.desc()).limit(f.limit).offset(f.offset)
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(q)]
