"""The Celery application of server mode, built from a WorkerConfig (never from the environment).

    make_app(config) -> Celery      the one app of this process; tasks are in workers.tasks
    task_limits(config) -> Limits   soft/hard time limits and the broker's visibility timeout

Choices (docs/adr/0007-celery-workers.md): JSON messages carrying ids only; ``acks_late`` with
``task_reject_on_worker_lost`` (a page whose worker died is redelivered, the steps are
idempotent); ``worker_prefetch_multiplier=1`` (OCR tasks are long: no process hoards pages);
time limits derived from the page timeout; a Redis visibility timeout longer than the hard time
limit (a running task is never handed to a second worker) yet short enough that a killed
worker's pages come back within minutes, swept every few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from celery import Celery

from .config import WorkerConfig

OCR_QUEUE = "ocr"
POST_QUEUE = "post"
QUEUES = (OCR_QUEUE, POST_QUEUE)
OCR_TASK = "sanchika.ocr_page"
DOCUMENT_TASK = "sanchika.complete_document"

_CONFIG: WorkerConfig | None = None


@dataclass(frozen=True)
class Limits:
    soft: float  # SoftTimeLimitExceeded is raised inside the task: the page fails as page.timeout
    hard: float  # the pool process is killed; with reject_on_worker_lost the message is requeued
    visibility: float  # Redis: an unacknowledged message goes back to the queue after this
    retry_backoff_max: float  # the longest pause between two retries of a transient error


def task_limits(config: WorkerConfig) -> Limits:
    """A page may run Tesseract more than once (orientation trials + the full page), each run
    bounded by ``page_timeout``; rendering and uploads come on top."""
    soft = 2 * config.ocr.page_timeout + 30
    hard = soft + 30
    visibility = config.visibility_timeout or hard + 60
    return Limits(soft, hard, visibility, retry_backoff_max=max(2.0, min(60.0, visibility / 2)))


def make_app(config: WorkerConfig) -> Celery:
    """Build (and make current) the Celery app for ``config``; remember ``config`` for the
    worker processes forked from this one (workers.tasks builds their WorkerContext from it)."""
    global _CONFIG
    if not config.broker_url:
        raise ValueError("make_app needs a broker URL (SANCHIKA_BROKER_URL)")
    _CONFIG = config
    limits = task_limits(config)
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
        global _CONFIG
        _CONFIG = config
    return app


def worker_config() -> WorkerConfig:
    """The config ``make_app`` was given in this process (inherited by forked pool processes)."""
    if _CONFIG is None:
        raise RuntimeError("workers.celery_app.make_app() was not called in this process")
    return _CONFIG
