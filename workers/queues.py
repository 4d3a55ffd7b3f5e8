"""What the queues are doing (`sanchika queues`, `GET /api/queues`): from the broker (messages
waiting per queue), from the workers (`inspect`: online, active, reserved) and from the
database (failures and pages done in the last hour)."""

from __future__ import annotations

from typing import Any

from storage.work import recent_counts

from .celery_app import app_for
from .celery_conf import QUEUES
from .config import WorkerConfig
from .context import WorkerContext


def queue_depths(app: Any) -> dict[str, int | None]:
    """Messages waiting per queue (not counting those a worker has taken)."""
    depths: dict[str, int | None] = {}
    with app.connection_for_read() as conn:
        conn.ensure_connection(max_retries=1, timeout=5)
        channel = conn.default_channel
        for q in QUEUES:
            try:
                depths[q] = int(channel.queue_declare(queue=q, passive=True).message_count)
            except Exception:  # noqa: BLE001 - a queue nobody declared yet holds nothing
                depths[q] = 0
    return depths


def worker_activity(app: Any, timeout: float = 1.5) -> dict[str, Any]:
    insp = app.control.inspect(timeout=timeout)
    active = insp.active() or {}
    reserved = insp.reserved() or {}
    stats = insp.stats() or {}
    workers = sorted(set(active) | set(reserved) | set(stats))
    per_worker = []
    for name in workers:
        per_worker.append({
            "name": name,
            "active": len(active.get(name, [])),
            "reserved": len(reserved.get(name, [])),
            "concurrency": (stats.get(name, {}).get("pool") or {}).get("max-concurrency"),
        })
    return {
        "online": len(workers),
        "active": sum(w["active"] for w in per_worker),
        "reserved": sum(w["reserved"] for w in per_worker),
        "workers": per_worker,
    }


def queue_status(config: WorkerConfig, ctx: WorkerContext) -> dict[str, Any]:
    """One snapshot: broker depths, workers, and the last hour from the database (the caller's
    context: a web request opens no engine of its own)."""
    app = app_for(config)
    return {
        "broker": _redact(config.broker_url or ""),
        "queues": queue_depths(app),
        **worker_activity(app),
        **recent_counts(ctx.engine),
    }


def _redact(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))
    return url
