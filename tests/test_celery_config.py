"""The Celery app's delivery settings (docs/adr/0007): no broker needed to check them."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from ocr.options import OcrOptions
from workers.celery_app import make_app
from workers.celery_conf import DOCUMENT_TASK, OCR_TASK, retry_policy, task_limits
from workers.config import StoreConfig, WorkerConfig
from workers.retry import RetryPolicy


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
    # a Redis stopped during a restore sweep keeps the sweep's lock this long after its restart
    assert opts["unacked_mutex_expire"] <= 30 < limits.visibility


def test_limits_follow_the_page_timeout_and_the_override() -> None:
    slow = config(ocr=replace(OcrOptions(), page_timeout=300))
    assert task_limits(slow).soft > 2 * 300
    assert task_limits(slow).visibility > task_limits(slow).hard
    assert task_limits(config(visibility_timeout=20)).visibility == 20


def test_a_visibility_timeout_under_the_hard_limit_is_warned_of(caplog: pytest.LogCaptureFixture) -> None:
    # Kombu hands a message unacknowledged for longer than the visibility timeout to a second worker: a
    # timeout under the hard limit reads a slow page twice (the server tests set 30 s on purpose).
    with caplog.at_level(logging.WARNING, logger="workers.celery_app"):
        make_app(config(visibility_timeout=500))
    assert "a second worker" in caplog.text and "500" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="workers.celery_app"):
        make_app(config())
        make_app(config(visibility_timeout=task_limits(config()).hard + 1))
    assert caplog.text == ""


def test_retry_countdowns_stay_under_half_the_visibility_timeout() -> None:
    assert retry_policy(config(visibility_timeout=20)).max_delay == 10
    assert retry_policy(config()).max_delay == 60  # the policy's own cap, when the timeout is long
    short = config(retry=RetryPolicy(retries=3, max_delay=5))
    assert retry_policy(short) == RetryPolicy(retries=3, max_delay=5)


def test_backoff_grows_with_jitter_and_a_cap() -> None:
    policy = RetryPolicy()
    for n in range(12):
        values = [policy.delay(n) for _ in range(50)]
        base = min(60, 2 ** n)
        assert all(base / 2 <= v <= base for v in values)
    assert len({round(policy.delay(5), 6) for _ in range(20)}) > 1


def test_only_transient_and_connection_errors_are_retried() -> None:
    from kombu.exceptions import OperationalError as BrokerError
    from sqlalchemy.exc import OperationalError

    from domain.errors import InputError, PageTimeoutError, SanchikaError, TransientError

    policy = RetryPolicy(retries=2)
    for exc in (TransientError("s3 down"), ConnectionError(), OperationalError("x", {}, Exception()), BrokerError()):
        assert policy.may_retry(exc, 0) and policy.may_retry(exc, 1) and not policy.may_retry(exc, 2)
    for exc in (InputError("bad"), PageTimeoutError("slow"), ValueError()):
        assert not policy.may_retry(exc, 0)
    assert policy.final_error(TransientError("s3 down"), "page 3").code == "transient.gave_up"
    assert policy.final_error(InputError("bad", code="input.corrupt"), "page 3").code == "input.corrupt"
    assert policy.final_error(ValueError("bug"), "page 3").code == "internal"
    assert isinstance(policy.crashed("page 3"), SanchikaError) and policy.crashed("page 3").code == "worker.crashed"


def test_settings_build_one_policy_for_both_executors() -> None:
    from sanchika.settings import Settings

    assert Settings(retries=3, retry_max_delay=5).worker_config().retry == RetryPolicy(retries=3, max_delay=5)
    assert Settings().worker_config().retry == RetryPolicy()


def test_a_task_cancelled_by_its_stop_signal_records_no_failure(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Celery cancels the tasks running when the broker connection is lost (SIGTERM; billiard
    raises SystemExit in the task). An error raised while that unwinds (here the database
    connection's clean-up, as seen in a fault test) is not the document's failure: the task
    re-raises it and the message is delivered again; a real error still fails the document."""
    from types import SimpleNamespace

    import billiard.common

    from domain.status import DocumentStatus
    from workers import tasks

    make_app(config())
    failed: list[str] = []
    monkeypatch.setattr(tasks, "context", lambda: SimpleNamespace(config=config(), engine=None))
    monkeypatch.setattr(tasks, "document_status", lambda engine, doc_id: DocumentStatus.COMPLETING)
    monkeypatch.setattr(tasks, "_deliveries", lambda task_id, retries: 1)

    def unwinding(ctx, doc_id):  # type: ignore[no-untyped-def]
        raise RuntimeError("can't change 'autocommit' now: connection in transaction status ACTIVE")

    monkeypatch.setattr(tasks, "complete_document", unwinding)
    monkeypatch.setattr(tasks, "fail_document", lambda ctx, doc_id, err: failed.append(err.code))
    monkeypatch.setattr(billiard.common, "_should_have_exited", [True])
    try:
        tasks.complete_document_task.run("d1")
    except RuntimeError:
        pass
    else:
        raise AssertionError("a task stopped by its signal returned")
    assert failed == []
    monkeypatch.setattr(billiard.common, "_should_have_exited", [False])
    tasks.complete_document_task.run("d1")
    assert failed == ["internal"]
