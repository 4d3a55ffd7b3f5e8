"""The Celery application of server mode, built from a WorkerConfig (never from the environment).

    make_app(config) -> Celery      the one app of this process; tasks are in workers.tasks
    app_for(config) -> Celery       the same, built once per process (publishers)

Names, limits and this process's config live in workers.celery_conf (shared with the tasks).

Choices (docs/adr/0007-celery-workers.md): JSON messages carrying ids only; ``acks_late`` with
``task_reject_on_worker_lost`` (a page whose worker died is redelivered, the steps are
idempotent); ``worker_prefetch_multiplier=1`` (OCR tasks are long: no process hoards pages);
time limits derived from the page timeout; a Redis visibility timeout longer than the hard time
limit (a running task is never handed to a second worker) yet short enough that a killed
worker's pages come back within minutes, swept every few seconds. A guard on Kombu's Redis
transport keeps a worker alive through a broker restart (workers/broker_guard.py, ADR 0030).
"""

from __future__ import annotations

import logging

from celery import Celery

from . import broker_guard
from .celery_conf import DOCUMENT_TASK, OCR_QUEUE, OCR_TASK, POST_QUEUE, remember, task_limits
from .config import WorkerConfig

log = logging.getLogger(__name__)


def make_app(config: WorkerConfig) -> Celery:
    """Build (and make current) the Celery app for ``config``; remember ``config`` for the
    worker processes forked from this one (workers.tasks builds their WorkerContext from it)."""
    if not config.broker_url:
        raise ValueError("make_app needs a broker URL (SANCHIKA_BROKER_URL)")
    remember(config)
    broker_guard.install()
    limits = task_limits(config)
    if limits.visibility <= limits.hard:
        log.warning("SANCHIKA_BROKER_VISIBILITY_TIMEOUT=%g s is not above the hard task time limit of %g s "
                    "(3 x SANCHIKA_PAGE_TIMEOUT + 150 s): a page still running after %g s is delivered to a second "
                    "worker and read twice; set it above %g s or to 0 (derived)",
                    limits.visibility, limits.hard, limits.visibility, limits.hard)
    app = Celery("sanchika", broker=config.broker_url, set_as_current=True)
    app.conf.update(
        # messages: JSON carrying ids only, never pickle
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,  # state lives in the database, not in a result backend
        result_backend=None,
        # delivery: a task is acknowledged after it ran; a dead worker's task comes back
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        task_soft_time_limit=limits.soft,
        task_time_limit=limits.hard,
        # routing: pages on "ocr", document completion on "post"
        task_default_queue=OCR_QUEUE,
        task_routes={OCR_TASK: {"queue": OCR_QUEUE}, DOCUMENT_TASK: {"queue": POST_QUEUE}},
        task_create_missing_queues=True,
        # broker connection: retry for ever at start and after a broker restart
        broker_connection_retry=True,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        broker_transport_options={
            "visibility_timeout": limits.visibility,
            "unacked_restore_interval": 5,  # sweep for expired unacked messages every 5 s ...
            "unacked_restore_throttle": 1,  # ... really (the default scans every 10th sweep)
            # the sweep's lock: held for milliseconds, but a Redis stopped during a sweep keeps it
            # (append-only file) for this long after its restart, and no sweep runs meanwhile
            # (the default 300 s outlived a fault test's batch; ADR 0030)
            "unacked_mutex_expire": 15,
            "socket_timeout": 30,  # a publish never hangs on a dead connection
            "socket_connect_timeout": 5,
            "socket_keepalive": True,
            "health_check_interval": 10,
            "max_retries": 5,  # publish: retried with the policy below, then an error
            "interval_start": 0.5,
            "interval_step": 1,
            "interval_max": 5,
        },
        task_publish_retry=True,
        task_publish_retry_policy={"max_retries": 10, "interval_start": 0.5, "interval_step": 1, "interval_max": 5},
        # worker hygiene
        worker_max_tasks_per_child=500,  # bounds any slow leak of an image library
        worker_send_task_events=True,  # `sanchika queues`/flower can follow tasks
        task_send_sent_event=False,
        worker_hijack_root_logger=False,
        broker_pool_limit=4,
    )
    from . import tasks  # noqa: F401  (registers the tasks on the new app)

    return app


_APPS: dict[WorkerConfig, Celery] = {}


def app_for(config: WorkerConfig) -> Celery:
    """The app for ``config``, built once per process (publishers: the web API, the CLI)."""
    app = _APPS.get(config)
    if app is None:
        app = _APPS[config] = make_app(config)
    else:
        app.set_current()
        remember(config)
    return app
