"""What the Celery app (workers.celery_app) and its tasks (workers.tasks) share, so that neither
imports the other: queue and task names, time limits, and the WorkerConfig of this process.

    task_limits(config) -> Limits    soft/hard time limits and the broker's visibility timeout
    retry_policy(config) -> RetryPolicy   the deployment's policy, countdowns under the visibility timeout
    remember(config) / worker_config()   the config ``make_app`` was given (inherited by forked
                                     pool processes, which build their WorkerContext from it)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ocr.page_budget import WALL_FACTOR

from .config import WorkerConfig
from .retry import RetryPolicy

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


def task_limits(config: WorkerConfig) -> Limits:
    """A page's work in its page process (its text layer, then its OCR) is stopped at ``page_timeout``
    CPU-seconds a call or ``WALL_FACTOR`` times it of wall time for both (ADR 0041); fetching the file and
    storing the outputs come on top. Celery must not stop a task inside the page: an interrupted page process
    is killed (ocr/watchdog.py), but the page is lost as page.timeout before its budget is spent."""
    soft = WALL_FACTOR * config.ocr.page_timeout + 60
    hard = soft + 30
    visibility = config.visibility_timeout or hard + 60
    return Limits(soft, hard, visibility)


def retry_policy(config: WorkerConfig) -> RetryPolicy:
    """``config.retry``, with a retry's countdown kept under half the visibility timeout: Redis
    hands a message held (unacknowledged, waiting for its countdown) longer than that to a second
    worker."""
    policy = config.retry
    return replace(policy, max_delay=max(2.0, min(policy.max_delay, task_limits(config).visibility / 2)))


def remember(config: WorkerConfig) -> None:
    global _CONFIG
    _CONFIG = config


def worker_config() -> WorkerConfig:
    """The config ``make_app`` was given in this process (inherited by forked pool processes)."""
    if _CONFIG is None:
        raise RuntimeError("workers.celery_app.make_app() was not called in this process")
    return _CONFIG
