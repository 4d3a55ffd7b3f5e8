"""Guards on Kombu's Redis transport: `sanchika worker` survives a broker restart, and so do the
messages it was taking (docs/adr/0030-redis-restart-guard.md, docs/adr/0031-work-lost-by-a-broker-restart.md).

    install()      idempotent; make_app() calls it in every process that builds the Celery app

Three guards, for faults of Kombu's Redis transport when Redis stops (seen with Kombu 5.7.0): a
worker that died, a message popped in the instant Redis stopped that was lost, and the messages of
the stopped tasks held until the visibility timeout.

The dying worker (Kombu 5.7.0, the newest release; Celery 5.7.0): when Redis goes away while the worker's
task channel waits in BRPOP, Celery's consumer closes the broken connection twice,
``Connection.collect()`` then ``Connection.close()``. In the first close Kombu reads the pending
BRPOP reply before marking the channel closed; on a dead socket that raises a connection error
(swallowed), so the channel stays open while the connection detaches its transport
(``transport.client = None``) after another channel's close failed the same way. The second close
restores the channel's unacknowledged messages, which needs a new Redis connection pool built from
``transport.client.hostname``: ``AttributeError``, which neither Kombu nor Celery treats as a
connection error, so the worker logs "Unrecoverable error" and exits. Acknowledging a message of
that channel afterwards (a task that finished after the loss) takes the same road.

The first guard: a Redis channel whose transport has been detached raises redis-py's
``ConnectionError`` when it needs a new connection pool. Kombu and Celery handle that one: the
restore or acknowledgement is skipped (and logged), the consumer reconnects. Nothing is lost: the
unacknowledged messages are still in Redis's ``unacked`` hash and come back after the visibility
timeout, exactly as when the restore fails because Redis is down.

The lost message: Kombu's acknowledgement emulation pops a message with BRPOP and then records it
in the ``unacked`` hash, in two steps. When Redis stops between them (its BRPOP reply sent, the
record refused), the message is in neither place: its page stays queued until `sanchika requeue`.
The second guard keeps such a message in this process and pushes it back on its queue, marked
redelivered, when the next Redis channel opens (the worker's reconnection). A message whose record
did reach Redis before the error may then run twice: pages and documents are idempotent (ADR 0007).

The held-up messages (ADR 0031): a channel closed on a connection loss gives its unacknowledged
messages back (Celery has stopped their tasks), which fails while Redis is down; they waited in the
``unacked`` hash for the visibility timeout (8 minutes by default). The third guard keeps their
delivery tags and gives them back through the next channel, one ``WATCH`` transaction each.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

_MARK = "_sanchika_broker_guard"
# (payload, exchange, routing key) of messages popped from Redis whose unacked record failed
_POPPED: list[tuple[Any, str, str]] = []
# delivery tags of a closed channel's unacknowledged messages that could not be given back
_ABANDONED: list[str] = []


def install() -> bool:
    """Guard ``Channel._connparams``, ``QoS.append``, ``QoS.restore_unacked`` and ``Channel.__init__``
    of ``kombu.transport.redis`` (once per process). False when this Kombu has no ``_connparams``
    (nothing installed, logged; tests/server/test_broker_guard.py fails, so an upgrade is noticed)."""
    from kombu.transport import redis as kombu_redis

    channel = kombu_redis.Channel
    original = getattr(channel, "_connparams", None)
    if original is None:
        log.warning("kombu %s: no Channel._connparams, the Redis restart guard is not installed",
                    _kombu_version())
        return False
    if getattr(original, _MARK, False):
        return True
    channel._connparams = _guarded(original)  # type: ignore[method-assign]
    kombu_redis.QoS.append = _kept_when_refused(kombu_redis.QoS.append)  # type: ignore[method-assign]
    kombu_redis.QoS.restore_unacked = _tags_kept_when_refused(kombu_redis.QoS.restore_unacked)  # type: ignore[method-assign]
    channel.__init__ = _pushing_back(channel.__init__)  # type: ignore[method-assign]
    return True


def _guarded(original: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    from redis.exceptions import ConnectionError as RedisConnectionError

    @functools.wraps(original)
    def _connparams(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        transport = self.connection
        if transport is None or transport.client is None:
            raise RedisConnectionError("the broker connection of this channel was closed (a broker restart?)")
        return original(self, *args, **kwargs)

    setattr(_connparams, _MARK, True)
    return _connparams


def _kept_when_refused(append: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(append)
    def _append(self: Any, message: Any, delivery_tag: Any) -> Any:
        try:
            return append(self, message, delivery_tag)
        except self.channel.connection_errors:
            info = message.delivery_info
            _POPPED.append((message._raw, info["exchange"], info["routing_key"]))
            log.warning("broker lost while taking message %s: kept, to be queued again on reconnection",
                        message.headers.get("id", delivery_tag))
            raise

    return _append


def _tags_kept_when_refused(restore_unacked: Callable[..., Any]) -> Callable[..., Any]:
    """A channel closed on a connection loss gives its unacknowledged messages back (the worker has
    stopped their tasks and dropped what it had reserved: Celery's consumer); with Redis down that
    fails, and they would wait in the ``unacked`` hash for the visibility timeout. Their tags are
    kept, and the next channel gives them back."""
    @functools.wraps(restore_unacked)
    def _restore_unacked(self: Any, client: Any = None) -> Any:
        tags = list(self._delivered)
        try:
            return restore_unacked(self, client)
        except self.channel.connection_errors:
            _ABANDONED.extend(t for t in tags if t not in _ABANDONED)
            log.warning("broker lost while giving back %d unacknowledged message(s): given back on reconnection",
                        len(tags))
            raise

    return _restore_unacked


def _pushing_back(init: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        if _POPPED:
            _push_back(self)
        if _ABANDONED:
            _give_back(self)

    return __init__


def _give_back(channel: Any) -> None:
    """Put the abandoned unacknowledged messages back on their queues through ``channel``, each in
    one transaction on the ``unacked`` hash (Kombu's ``restore_by_tag``: one already given back, by
    the visibility sweep or a second worker, is not queued twice); on a connection error they stay
    for the next channel."""
    tags = list(_ABANDONED)
    try:
        with channel.conn_or_acquire() as client:
            for tag in tags:
                channel.qos.restore_by_tag(tag, client=client)
                _ABANDONED.remove(tag)
    except channel.connection_errors:
        return
    log.warning("gave back %d unacknowledged message(s) of the connection the broker lost", len(tags))


def _push_back(channel: Any) -> None:
    """Queue the kept messages again through ``channel``; on a connection error they stay kept for
    the next channel (one pushed twice then runs twice: idempotent)."""
    popped = list(_POPPED)
    try:
        with channel.conn_or_acquire() as client:
            for payload, exchange, routing_key in popped:
                channel._do_restore_message(payload, exchange, routing_key, client)
    except channel.connection_errors:
        return
    del _POPPED[:len(popped)]
    log.warning("queued again %d message(s) taken as the broker was lost", len(popped))


def _kombu_version() -> str:
    import kombu

    return str(getattr(kombu, "__version__", "?"))
