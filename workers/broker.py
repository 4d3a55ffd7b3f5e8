"""What a Redis broker holds of our work, read without consuming it (`sanchika requeue`, through
``CeleryExecutor.held``).

    held_messages(config) -> {("page", doc_id, page_no), ("doc", doc_id), ...} | None
    held_on(channel) -> the same, through an open Redis channel (workers.lost_work)
    decode_task(payload) -> ("page", doc_id, page_no) | ("doc", doc_id) | None   one kombu message

Waiting in a queue (any priority) or delivered to a worker and not yet acknowledged (running,
reserved, waiting for a retry's countdown) both count. Another broker cannot be read without
consuming: None. The messages are read with the jobs' own format (workers.jobs).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from .celery_conf import DOCUMENT_TASK, OCR_TASK, QUEUES
from .config import WorkerConfig
from .jobs import CompletionJob, Held, PageJob


def decode_task(payload: Any) -> tuple[Any, ...] | None:
    """("page", doc_id, page_no) or ("doc", doc_id) of one kombu message (Redis transport JSON)."""
    try:
        msg = json.loads(payload) if isinstance(payload, (bytes, str)) else payload
        if isinstance(msg, list):  # unacked hash values: [message, exchange, routing_key]
            msg = msg[0]
        task = (msg.get("headers") or {}).get("task")
        body = msg["body"]
        if (msg.get("properties") or {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args = json.loads(body)[0]
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    try:
        if task == OCR_TASK:
            page = PageJob.from_message(args)
            return ("page", page.document_id, page.page_no)
        if task == DOCUMENT_TASK:
            return ("doc", CompletionJob.from_message(args).document_id)
    except (ValueError, TypeError, IndexError):  # not a message this Sanchika wrote
        return None
    return None


def held_messages(config: WorkerConfig, chunk: int = 5000) -> Held | None:
    """Every page and completion that has a message in the broker; None when the broker cannot be
    read this way (not Redis)."""
    from .celery_app import app_for

    app = app_for(config)
    with app.connection_for_read() as conn:
        conn.ensure_connection(max_retries=2, timeout=5)
        if conn.transport.driver_type != "redis":
            return None
        return held_on(conn.default_channel, chunk)


def held_on(channel: Any, chunk: int = 5000) -> Held:
    """What :func:`held_messages` reads, through an open Redis ``channel``."""
    found: Held = set()
    client = channel.client
    names = [channel._q_for_pri(q, pri) for q in QUEUES for pri in channel.priority_steps]
    for name in dict.fromkeys(names):
        start = 0
        while True:  # in slices: a backlog of millions of messages is never held at once
            batch = client.lrange(name, start, start + chunk - 1)
            found.update(t for t in map(decode_task, batch) if t)
            if len(batch) < chunk:
                break
            start += chunk
    for _, value in client.hscan_iter(channel.unacked_key, count=chunk):
        task = decode_task(value)
        if task:
            found.add(task)
    return found
