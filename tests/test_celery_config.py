"""The Celery app's delivery settings (docs/adr/0007): no broker needed to check them."""

from __future__ import annotations

from dataclasses import replace

from ocr.options import OcrOptions
from workers.celery_app import make_app
from workers.celery_conf import DOCUMENT_TASK, OCR_TASK, task_limits
from workers.config import StoreConfig, WorkerConfig


def config(**kw) -> WorkerConfig:  # type: ignore[no-untyped-def]
    return WorkerConfig(database_url="sqlite://", store=StoreConfig(), broker_url="redis://127.0.0.1:6379/9", **kw)


def test_delivery_settings() -> None:
    app = make_app(config())
    c = app.conf
    assert c.task_serializer == "json" and c.accept_content == ["json"]
    assert c.task_acks_late and c.task_reject_on_worker_lost and c.worker_prefetch_multiplier == 1
    assert c.task_routes[OCR_TASK]["queue"] == "ocr" and c.task_routes[DOCUMENT_TASK]["queue"] == "post"
    assert {OCR_TASK, DOCUMENT_TASK} <= set(app.tasks)
    limits = task_limits(config())
    assert c.task_soft_time_limit == limits.soft < c.task_time_limit == limits.hard
    opts = c.broker_transport_options
    assert opts["visibility_timeout"] == limits.visibility > limits.hard
    assert opts["unacked_restore_throttle"] == 1


def test_limits_follow_the_page_timeout_and_the_override() -> None:
    slow = config(ocr=replace(OcrOptions(), page_timeout=300))
    assert task_limits(slow).soft > 2 * 300
    assert task_limits(slow).visibility > task_limits(slow).hard
    assert task_limits(config(visibility_timeout=20)).visibility == 20
    assert task_limits(config(visibility_timeout=20)).retry_backoff_max == 10


def test_backoff_grows_with_jitter_and_a_cap() -> None:
    from workers.tasks import backoff

    for n in range(12):
        values = [backoff(n, 60) for _ in range(50)]
        base = min(60, 2 ** n)
        assert all(base / 2 <= v <= base for v in values)
    assert len({round(backoff(5, 60), 6) for _ in range(20)}) > 1


def test_only_transient_and_connection_errors_are_retried() -> None:
    from sqlalchemy.exc import OperationalError

    from domain.errors import InputError, PageTimeoutError, TransientError
    from workers.tasks import retryable_errors

    retry = retryable_errors()
    assert issubclass(TransientError, retry) and issubclass(ConnectionError, retry) and issubclass(OperationalError, retry)
    assert not issubclass(InputError, retry) and not issubclass(PageTimeoutError, retry)
    assert not issubclass(ValueError, retry)
