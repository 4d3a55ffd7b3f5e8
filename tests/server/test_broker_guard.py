"""The Redis restart guard (workers/broker_guard.py, docs/adr/0030-redis-restart-guard.md), on the
sequence of Kombu calls that killed `sanchika worker` when Redis restarted mid-batch: a task channel
waiting in BRPOP with an unacknowledged message, a later channel with an auto-delete fanout queue
(Celery's pidbox node), Redis gone, then what Celery's consumer does on a connection loss
(celery/worker/consumer/consumer.py, ``on_connection_error_after_connected``):
``connection.collect()`` (any error swallowed), then ``ignore_errors(connection, connection.close)``,
and later the acknowledgement of the task that was running; the unacknowledged message given back
by the next channel. And the message popped by a BRPOP in the instant Redis stops, whose record in
the unacked hash is refused. A private Redis; ~5 s."""

from __future__ import annotations

import logging
import time

import pytest
import redis as redis_py
from kombu import Connection, Consumer, Exchange, Producer, Queue
from kombu.common import ignore_errors
from kombu.transport import redis as kombu_redis

from tests.services.redis import PrivateRedis
from workers import broker_guard

QUEUE = Queue("ocr", Exchange("ocr", "direct"), "ocr")
log = logging.getLogger(__name__)


def _lost_mid_brpop(redis: PrivateRedis):  # type: ignore[no-untyped-def]
    """(connection, delivered message): Redis stopped while the task channel holds the message
    unacknowledged and waits in BRPOP for the next one."""
    conn = Connection(redis.url(0))
    with conn.channel() as ch:
        Producer(ch).publish({"page": 1}, exchange=QUEUE.exchange, routing_key="ocr", declare=[QUEUE])
    tasks = conn.default_channel
    tasks.basic_qos(0, 2, False)
    pidbox = conn.channel()
    node = Queue("w1.pidbox", Exchange("pidbox", "fanout"), auto_delete=True)
    Consumer(pidbox, [node], callbacks=[lambda body, message: None], accept=["json"]).consume()
    got: list = []
    Consumer(tasks, [QUEUE], callbacks=[lambda body, message: got.append(message)], accept=["json"]).consume()
    deadline = time.monotonic() + 10
    while not got and time.monotonic() < deadline:
        try:
            conn.drain_events(timeout=0.5)
        except TimeoutError:
            pass
    for _ in range(20):  # ask for the next message until a BRPOP waits for it
        try:
            conn.drain_events(timeout=0.3)
        except TimeoutError:
            break
    assert len(got) == 1 and tasks._in_poll, "precondition: a delivered message and a BRPOP waiting"
    redis.stop()
    return conn, got[0]


def _what_the_consumer_does(conn, message) -> None:  # type: ignore[no-untyped-def]
    try:
        conn.collect(socket_timeout=5)
    except Exception:  # noqa: BLE001 - as Celery does
        pass
    ignore_errors(conn, conn.close)
    message.ack_log_error(log, conn.connection_errors + conn.channel_errors)


def test_a_broker_lost_mid_brpop_raises_only_connection_errors(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Guarded, the worker survives, and the message it held comes back as soon as it reconnects
    (not after the visibility timeout: 8 minutes by default)."""
    redis = PrivateRedis(tmp_path / "redis")
    redis.start()
    monkeypatch.setattr(broker_guard, "_ABANDONED", [])
    try:
        assert broker_guard.install()
        guarded = kombu_redis.Channel._connparams
        monkeypatch.setattr(kombu_redis.Channel, "_connparams", guarded.__wrapped__)
        conn, message = _lost_mid_brpop(redis)
        with pytest.raises(AttributeError, match="hostname"):  # Kombu 5.7.0 unguarded: the worker died
            _what_the_consumer_does(conn, message)

        monkeypatch.setattr(kombu_redis.Channel, "_connparams", guarded)
        redis.start()
        redis_py.Redis(host="127.0.0.1", port=redis.port).flushall()
        conn, message = _lost_mid_brpop(redis)
        _what_the_consumer_does(conn, message)  # guarded: connection errors only, handled

        redis.start()  # nothing lost: the message waits in the unacked hash ...
        r = redis_py.Redis(host="127.0.0.1", port=redis.port)
        assert r.hlen("unacked") == 1 and r.llen("ocr") == 0
        assert broker_guard._ABANDONED == [message.delivery_tag]
        with Connection(redis.url(0)) as again:  # ... and the next channel (the reconnection) gives it back
            channel = again.default_channel
            assert r.hlen("unacked") == 0 and r.llen("ocr") == 1 and broker_guard._ABANDONED == []
            got: list = []
            Consumer(channel, [QUEUE], callbacks=[lambda body, message: (got.append(message), message.ack())],
                     accept=["json"]).consume()
            again.drain_events(timeout=5)
        assert [m.payload for m in got] == [{"page": 1}] and got[0].delivery_info.get("redelivered")
    finally:
        redis.stop()


def test_make_app_installs_the_guard() -> None:
    from workers.celery_app import make_app
    from workers.config import StoreConfig, WorkerConfig

    make_app(WorkerConfig(database_url="sqlite://", store=StoreConfig(), broker_url="redis://127.0.0.1:6379/9"))
    assert getattr(kombu_redis.Channel._connparams, "_sanchika_broker_guard", False)


def _taken_as_redis_stops(redis: PrivateRedis) -> list:
    """A BRPOP waits; a message is published and Redis stops at once: the BRPOP reply was sent and
    the message popped, but the consumer's record of it in the unacked hash is refused."""
    conn = Connection(redis.url(0))
    with conn.channel() as ch:
        QUEUE(ch).declare()
    got: list = []
    tasks = conn.default_channel
    tasks.basic_qos(0, 2, False)
    Consumer(tasks, [QUEUE], callbacks=[lambda body, message: got.append(body)], accept=["json"]).consume()
    with pytest.raises(TimeoutError):
        conn.drain_events(timeout=0.3)
    assert tasks._in_poll, "precondition: a BRPOP waiting"
    with Connection(redis.url(0)) as publisher:
        Producer(publisher.default_channel).publish({"page": 9}, exchange=QUEUE.exchange, routing_key="ocr")
    redis.stop()
    with pytest.raises(conn.connection_errors):
        conn.drain_events(timeout=2)
    ignore_errors(conn, conn.close)
    redis.start()
    return got


def test_a_message_taken_as_redis_stops_is_queued_again(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    redis = PrivateRedis(tmp_path / "redis")
    redis.start()
    try:
        assert broker_guard.install()
        r = redis_py.Redis(host="127.0.0.1", port=redis.port)
        # Kombu 5.7.0 unguarded: the message is gone
        monkeypatch.setattr(kombu_redis.QoS, "append", kombu_redis.QoS.append.__wrapped__)
        monkeypatch.setattr(kombu_redis.Channel, "__init__", kombu_redis.Channel.__init__.__wrapped__)
        assert _taken_as_redis_stops(redis) == []
        assert r.llen("ocr") == 0 and r.hlen("unacked") == 0
        monkeypatch.undo()

        assert _taken_as_redis_stops(redis) == []  # guarded: kept in this process ...
        assert r.llen("ocr") == 0 and r.hlen("unacked") == 0
        with Connection(redis.url(0)) as again:  # ... and queued again by the next channel
            channel = again.default_channel
            assert r.llen("ocr") == 1
            got: list = []
            Consumer(channel, [QUEUE], callbacks=[lambda body, message: (got.append(message), message.ack())],
                     accept=["json"]).consume()
            again.drain_events(timeout=5)
        assert [m.payload for m in got] == [{"page": 9}] and got[0].delivery_info.get("redelivered")
        assert broker_guard._POPPED == []
    finally:
        redis.stop()
