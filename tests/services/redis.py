"""Redis for tests and benches (the Celery broker), 127.0.0.1 only.

``shared_redis()`` reuses a Redis already answering on 127.0.0.1:6379 (the machine's, never
restarted or flushed by us: tests use their own database number) or starts a private one.
``PrivateRedis`` is a server of our own on a free port, with an append-only file so that a
restart keeps the queued messages, as a production broker must (docs/adr/0007). It is stopped
and restarted by its own PID, never by name.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

HOST = "127.0.0.1"
SHARED_PORT = 6379


def _ping(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class PrivateRedis:
    def __init__(self, root: Path, port: int | None = None) -> None:
        if shutil.which("redis-server") is None:
            raise RuntimeError("redis-server is not installed: apt-get install redis-server "
                               "(scripts/bootstrap.sh server,dev does it).")
        self.root = root
        self.port = port or _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    def start(self, timeout: float = 20.0) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        argv = ["redis-server", "--bind", HOST, "--port", str(self.port), "--dir", str(self.root),
                "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--daemonize", "no", "--protected-mode", "yes", "--logfile", str(self.root / "redis.log")]
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not _ping(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server on {HOST}:{self.port} did not start; see {self.root}/redis.log")
            time.sleep(0.1)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    def kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(5)


_STARTED: PrivateRedis | None = None


def shared_redis() -> tuple[str, int]:
    """(host:port URL without db, port) of a Redis to use read/write with a private db number."""
    global _STARTED
    if _ping(SHARED_PORT):
        return f"redis://{HOST}:{SHARED_PORT}", SHARED_PORT
    if _STARTED is None:
        _STARTED = PrivateRedis(Path(tempfile.mkdtemp(prefix="sanchika-redis-")))
        _STARTED.start()
        atexit.register(_STARTED.stop)
    return f"redis://{HOST}:{_STARTED.port}", _STARTED.port


_LEASE_KEY = "sanchika:test-db-lease:{db}"


def lease_db(port: int, hours: float = 2.0) -> tuple[int, Callable[[], None]] | None:
    """Claim a database number 1..15 on a shared Redis for this process alone (an atomic
    ``SET NX`` lease in db 0), empty it, and return it with its release function. Concurrent
    test runs on one machine must never share a broker database: their workers would take
    each other's tasks. None when every number is leased."""
    import redis

    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    admin = redis.Redis(host=HOST, port=port, db=0)
    for db in range(1, 16):
        key = _LEASE_KEY.format(db=db)
        if admin.set(key, owner, nx=True, ex=int(hours * 3600)):
            flush_db(port, db)

            def release(db: int = db, key: str = key) -> None:
                flush_db(port, db)
                if admin.get(key) == owner.encode():
                    admin.delete(key)

            return db, release
    return None


def flush_db(port: int, db: int) -> None:
    """Empty one database number (only ever a test's own)."""
    import redis

    redis.Redis(host=HOST, port=port, db=db).flushdb()
