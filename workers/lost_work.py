"""Work whose message the broker lost when it stopped, found in the database and published again
by the workers themselves, soon after they reconnect (docs/adr/0031-work-lost-by-a-broker-restart.md).

    LostWorkSweep                   Celery consumer bootstep (make_app adds it): SWEEP_DELAY seconds
                                    after each reconnection to the broker, one sweep
    sweep(app, config, cutoff) -> Swept | None   the sweep (None: not a Redis broker, or another
                                    worker is sweeping now)

Redis loses a message taken with BRPOP in the instant it stops: the pop is written to its
append-only file, the reply to the waiting worker is never sent (the worker sees the connection
close). The message is neither on its queue nor in the ``unacked`` hash, and no client-side guard
can keep it (workers/broker_guard.py keeps the ones whose reply did arrive). A lost page stays
``queued``; a lost completion leaves its document ``completing`` with every page settled, and
its batch never closes. Both used to wait for `sanchika requeue`.

A sweep publishes what the database says is due for the open documents created before the
reconnection and the broker does not hold (workers.due.due_work, as `sanchika requeue`; the
broker's queues and unacknowledged messages read before and after the database): a queued page
(its replacement scan, if one is being read), the completion of a ``completing`` document, and
the claim of a document whose pages all settled (storage.work.claim_completion: exactly one claim
can succeed). A message
that still turns up twice runs once: the page task skips a page already done, the document task a
document already done (ADR 0007). One sweep at a time across workers (a lock in Redis).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from celery import bootsteps

from storage.db import open_engine

from .broker import held_on
from .celery_conf import worker_config
from .config import WorkerConfig
from .due import due_work

log = logging.getLogger(__name__)

# After a reconnection: publishers retrying through the outage have published, and the other
# workers have reconnected and queued again what they kept (broker_guard), before anything is judged lost.
SWEEP_DELAY = 30.0
ATTEMPTS = 3  # a sweep that fails (the database is down too) is tried again SWEEP_DELAY later
LOCK_KEY = "sanchika:lost-work-sweep"
LOCK_SECONDS = 300


@dataclass
class Swept:
    pages: int = 0  # queued pages published again
    completions: int = 0  # completions published again, or claimed and published


def sweep(app: Any, config: WorkerConfig, cutoff: datetime) -> Swept | None:
    """Publish again the work of documents created before ``cutoff`` that the database says is due
    and the broker does not hold."""
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=2, timeout=5)
        if conn.transport.driver_type != "redis":
            return None  # its messages cannot be read without consuming them; Redis's loss is Redis's
        channel = conn.default_channel
        token = uuid.uuid4().hex
        if not channel.client.set(LOCK_KEY, token, nx=True, ex=LOCK_SECONDS):
            return None
        try:
            return _sweep(app, config, cutoff, channel)
        finally:
            if channel.client.get(LOCK_KEY) == token.encode():
                channel.client.delete(LOCK_KEY)


def _sweep(app: Any, config: WorkerConfig, cutoff: datetime, channel: Any) -> Swept:
    from .tasks import publish_document

    out = Swept()
    engine = open_engine(config.database_url)
    try:
        due = due_work(engine, None, cutoff, lambda: held_on(channel))
        with app.producer_or_acquire() as producer:
            for job in due.jobs:
                if not publish_document(engine, job, producer):
                    continue  # claimed meanwhile by its last page's task
                if job.only:
                    out.pages += len(job.only)
                else:
                    out.completions += 1
    finally:
        engine.dispose()  # nothing of it is inherited by pool processes forked later
    return out


class LostWorkSweep(bootsteps.StartStopStep):
    """Started with the consumer each time it connects to the broker: after a reconnection (not
    the first connection) one sweep, SWEEP_DELAY seconds later, of the documents created before it."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.connections = 0
        self.tref: Any = None

    def start(self, parent: Any) -> None:
        self.connections += 1
        if self.connections > 1:
            self._schedule(parent, datetime.now(UTC), ATTEMPTS)

    def stop(self, parent: Any) -> None:
        """The connection was lost again (the next one schedules a sweep with a later cutoff) or
        the worker stops."""
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    shutdown = stop

    def _schedule(self, parent: Any, cutoff: datetime, attempts: int) -> None:
        self.tref = parent.timer.call_after(SWEEP_DELAY, self._run, (parent, cutoff, attempts))

    def _run(self, parent: Any, cutoff: datetime, attempts: int) -> None:
        self.tref = None
        try:
            swept = sweep(parent.app, worker_config(), cutoff)
        except Exception:  # noqa: BLE001 - the broker or the database is away again: try later
            log.warning("the sweep for work lost by the broker failed%s", "; trying again" if attempts > 1 else
                        "; `sanchika requeue` finds what is left", exc_info=True)
            if attempts > 1:
                self._schedule(parent, cutoff, attempts - 1)
            return
        if swept is not None and (swept.pages or swept.completions):
            log.warning("published again what the broker lost: %d page(s), %d completion(s)",
                        swept.pages, swept.completions)
