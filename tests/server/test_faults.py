"""Fault tests of server mode: each injects one fault in the middle of a batch and ends with every
page processed exactly once, no row and no object duplicated or missing (assert_batch_complete).

- a worker SIGKILLed while it runs a page (its unacknowledged task comes back after the Redis
  visibility timeout and another worker runs it);
- the broker (a Redis of the test's own, never the machine's) restarted, once, and twice while the
  worker holds a page and waits in BRPOP for the next (the state in which Kombu 5.7's Redis
  transport killed the worker: workers/broker_guard.py, ADR 0030);
- a page message and a completion message lost by a broker restart (Redis drops a message popped
  by BRPOP as it stops): the workers publish them again after reconnecting (workers/lost_work.py);
- the S3 server stopped for 20 s, then started again (tasks retry with backoff);
- every PostgreSQL connection of the database dropped with pg_terminate_backend, repeatedly.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest
import redis as redis_py
from sqlalchemy import func, select

from sanchika.pipeline import process_batch
from storage.schema import batches, documents, pages

from .harness import Server, Worker, assert_batch_complete, make_batch, run_in_thread, wait_for

DOCS, PAGES = 3, 3
BATCH_TIMEOUT = 240


def _start_batch(server: Server, tmp_path, seed: int):  # type: ignore[no-untyped-def]
    folder, n_pages = make_batch(tmp_path / "scans", docs=DOCS, pages_per_doc=PAGES, seed=seed)
    settings = server.settings()
    thread, box = run_in_thread(lambda: process_batch([folder], settings, batch_name="fault", operator="t"))
    return thread, box, n_pages


def _finish(server: Server, thread, box, n_pages: int) -> None:  # type: ignore[no-untyped-def]
    thread.join(BATCH_TIMEOUT)
    assert not thread.is_alive(), f"batch not finished in {BATCH_TIMEOUT} s; {server.pages_done()} pages settled"
    if "error" in box:
        raise box["error"]
    report = box["result"]
    assert report.counts() == {"done": DOCS}, [(f.path, f.status, f.error) for f in report.files]
    assert_batch_complete(server, report.batch_id, DOCS, n_pages)


def _in_flight(worker: Worker) -> set[str]:
    """Task ids this worker received and has not finished (from its log)."""
    log = worker.log.read_text(errors="replace")
    received = set(re.findall(r"Task sanchika\.\w+\[([0-9a-f-]+)\] received", log))
    received |= set(re.findall(r"Received task: sanchika\.\w+\[([0-9a-f-]+)\]", log))
    finished = set(re.findall(r"Task sanchika\.\w+\[([0-9a-f-]+)\] (?:succeeded|retry|raised)", log))
    return received - finished


def test_worker_killed_mid_batch(server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    victim = server.start_worker("ocr,post", concurrency=1)
    server.start_worker("ocr,post", concurrency=1)
    thread, box, n_pages = _start_batch(server, tmp_path, seed=11)
    lost: set[str] = set()  # what the victim was running, read once (a second read may find it finished)

    def victim_runs_a_page() -> bool:
        lost.clear()
        lost.update(_in_flight(victim) if server.pages_done() >= 1 else set())
        return bool(lost)

    wait_for(victim_runs_a_page, 120, "the victim to run a page")
    victim.kill()  # SIGKILL to the worker and its pool process: nothing is acknowledged
    _finish(server, thread, box, n_pages)
    assert lost, "the victim held no task when it was killed"


def test_redis_restarted_mid_batch(server_private_redis, private_redis, tmp_path) -> None:  # type: ignore[no-untyped-def]
    server = server_private_redis
    server.start_worker("ocr,post", concurrency=2)
    thread, box, n_pages = _start_batch(server, tmp_path, seed=12)
    wait_for(lambda: server.pages_done() >= 2, 120, "two pages")
    private_redis.stop()  # our own Redis (append-only file): the queues survive a restart
    time.sleep(3)
    private_redis.start()
    _finish(server, thread, box, n_pages)


def test_redis_restarted_twice_while_a_worker_waits_in_brpop(server_private_redis, private_redis, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two restarts, each while the worker holds an unacknowledged page and waits in BRPOP: the
    worker survives both (it reconnects; the pages it was running come back after the visibility
    timeout) and the batch ends exactly once. Two, not more: a page stopped by every restart is
    started once more each time, and the fourth start would be counted as a poison page."""
    server = server_private_redis
    worker = server.start_worker("ocr,post", concurrency=2)
    thread, box, n_pages = _start_batch(server, tmp_path, seed=16)
    before: set[bytes] = set()  # unacknowledged when Redis came back: stopped pages, not held
    for restart in (1, 2):
        wait_for(lambda b=before: _holds_a_page_and_waits(private_redis.port, b), 120, "a page held and a BRPOP waiting")
        private_redis.stop()
        time.sleep(1)
        private_redis.start()
        before = set(_redis(private_redis.port).hkeys("unacked"))
        time.sleep(3)
        assert worker.alive(), f"the worker died on restart {restart}"
    _finish(server, thread, box, n_pages)
    log = worker.log.read_text(errors="replace")
    assert worker.alive() and "Unrecoverable error" not in log
    assert log.count("Connection to broker lost") >= 2
    assert re.search(r"^\[\d{4}-\d\d-\d\d [\d:,]+: INFO/MainProcess\] ", log, re.M)  # the worker's log format


def test_messages_lost_by_a_broker_restart_are_published_again(server_private_redis, private_redis, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Redis, stopped, loses a message a worker's BRPOP just popped (the pop is in its append-only
    file, the reply never sent): here one page and one completion are taken off their queues the
    same way, then Redis restarts. Without the sweep the batch waits for `sanchika requeue` for
    ever; with it the worker that reconnected publishes both again, and every document completes
    exactly once."""
    server = server_private_redis
    r = _redis(private_redis.port)
    thread, box, n_pages = _start_batch(server, tmp_path, seed=17)  # no worker yet: the pages wait in "ocr"
    wait_for(lambda: r.llen("ocr") == n_pages, 120, "every page published")
    lost_page = r.rpop("ocr")  # the next page a worker would take
    reader = server.start_worker("ocr", concurrency=2)
    wait_for(lambda: server.pages_done() == n_pages - 1 and r.llen("post") == DOCS - 1, 120,
             "the other pages read and their documents claimed")
    lost_completion = r.rpop("post")
    assert lost_page and lost_completion and not r.hlen("unacked")
    private_redis.stop()
    time.sleep(1)
    private_redis.start()
    server.start_worker("post", concurrency=1)  # its first connection: it sweeps nothing
    _finish(server, thread, box, n_pages)
    log = reader.log.read_text(errors="replace")
    assert "published again what the broker lost: 1 page(s), 1 completion(s)" in log, log[-3000:]


def _redis(port: int) -> redis_py.Redis:
    return redis_py.Redis(host="127.0.0.1", port=port, socket_timeout=2)


def _holds_a_page_and_waits(port: int, before: set[bytes]) -> bool:
    """A message delivered since Redis came back is unacknowledged, and a BRPOP waits."""
    try:
        r = _redis(port)
        return bool(set(r.hkeys("unacked")) - before) and any(c.get("cmd") == "brpop" for c in r.client_list())
    except redis_py.RedisError:
        return False


def test_s3_down_for_20_seconds(server, s3, tmp_path) -> None:  # type: ignore[no-untyped-def]
    server.start_worker("ocr,post", concurrency=2)
    thread, box, n_pages = _start_batch(server, tmp_path, seed=13)
    wait_for(lambda: server.pages_done() >= 2, 120, "two pages")
    s3.stop()
    time.sleep(20)
    s3.start()
    _finish(server, thread, box, n_pages)


def test_s3_down_longer_than_the_retry_policy(server, s3, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The RetryPolicy (SANCHIKA_RETRIES, SANCHIKA_RETRY_MAX_DELAY) holds in a real worker: a task
    runs at most 1 + retries times, then its page or document fails as transient.gave_up; the
    batch still ends, and a requeue afterwards completes it exactly once."""
    from sanchika.requeue import requeue

    server.env.update(SANCHIKA_RETRIES="2", SANCHIKA_RETRY_MAX_DELAY="1")
    worker = server.start_worker("ocr,post", concurrency=2)
    thread, box, n_pages = _start_batch(server, tmp_path, seed=15)
    wait_for(lambda: server.pages_done() >= 1 and _batch_status(server) not in ("", "ingesting"), 120,
             "a page, and every original stored")
    s3.stop()
    try:
        wait_for(lambda: _gave_up(server) > 0, 120, "a task to give up")
    finally:
        s3.start()
    thread.join(BATCH_TIMEOUT)
    assert not thread.is_alive() and "error" not in box
    retries = Counter(re.findall(r"Task sanchika\.\w+\[([0-9a-f-]+)\] retry", worker.log.read_text(errors="replace")))
    assert retries and max(retries.values()) == 2, retries  # given up after exactly the policy's retries
    report = box["result"]
    assert requeue(server.settings(), min_age=0).files  # the failed files are read again
    wait_for(lambda: _batch_status(server) == "done" and server.pages_done() == n_pages and not _gave_up(server),
             BATCH_TIMEOUT, "the requeued work")
    assert_batch_complete(server, report.batch_id, DOCS, n_pages)


def _batch_status(server: Server) -> str:
    eng = server.engine()
    try:
        with eng.connect() as c:
            return str(c.execute(select(batches.c.status)).scalar() or "")
    finally:
        eng.dispose()


def _gave_up(server: Server) -> int:
    eng = server.engine()
    try:
        with eng.connect() as c:
            n = c.execute(select(func.count()).select_from(pages).where(pages.c.error_code == "transient.gave_up")).scalar()
            m = c.execute(select(func.count()).select_from(documents).where(documents.c.error_code == "transient.gave_up")).scalar()
        return int(n or 0) + int(m or 0)
    finally:
        eng.dispose()


def test_postgres_connections_dropped_mid_batch(server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    server.start_worker("ocr,post", concurrency=2)
    thread, box, n_pages = _start_batch(server, tmp_path, seed=14)
    wait_for(lambda: server.pages_done() >= 2, 120, "two pages")
    dbname = server.env["SANCHIKA_DATABASE_URL"].rsplit("/", 1)[1]
    killed = 0
    for _ in range(4):
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
            killed += len(conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (dbname,)).fetchall())
        time.sleep(1.5)
    assert killed > 0
    _finish(server, thread, box, n_pages)


@pytest.fixture(autouse=True)
def _dump_worker_logs_on_failure(request, tmp_path):  # type: ignore[no-untyped-def]
    yield
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        import shutil

        keep = Path(tempfile.gettempdir()) / "sanchika-failed-server-tests" / request.node.name
        keep.mkdir(parents=True, exist_ok=True)
        for log in sorted((tmp_path / "home").glob("worker-*.log")):
            shutil.copy(log, keep / log.name)
            print(f"--- {log.name} (kept in {keep})\n{log.read_text(errors='replace')[-4000:]}")
