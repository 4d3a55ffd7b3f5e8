"""Local PostgreSQL for tests and benches: start the cluster when it is down, create throw-away
UTF-8 databases (docs/traps.md: LC_CTYPE must be a UTF-8 locale, or pg_trgm sees no Devanagari).

Only 127.0.0.1 is ever contacted. Nothing is skipped: when PostgreSQL cannot be reached or
started, ``ensure_postgres`` raises with the reason.

    from tests.services.postgres import ensure_postgres, fresh_database
    url, drop = fresh_database("search")
    try: ...
    finally: drop()
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

HOST = "127.0.0.1"
PORT = 5432
ADMIN_USER = "postgres"
ADMIN_URL = f"postgresql+psycopg://{ADMIN_USER}@{HOST}:{PORT}/postgres"
_CONNINFO = f"host={HOST} port={PORT} user={ADMIN_USER} dbname=postgres connect_timeout=3"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL on 127.0.0.1:5432 is not reachable and could not be started."""


def _can_connect() -> str | None:
    """None when a connection works, else the error text."""
    import psycopg

    try:
        with psycopg.connect(_CONNINFO) as conn:
            conn.execute("SELECT 1")
        return None
    except psycopg.Error as exc:
        return str(exc).strip()


def _start_cluster() -> str:
    etc = Path("/etc/postgresql")
    versions = sorted(p.name for p in etc.iterdir()) if etc.is_dir() else []
    if not versions or shutil.which("pg_ctlcluster") is None:
        return "no Debian PostgreSQL cluster found (/etc/postgresql empty or pg_ctlcluster missing)"
    cmd = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"]
    if os.geteuid() != 0 and shutil.which("sudo"):
        cmd = ["sudo", "-n", *cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    # exit code 2 means "already running"
    if proc.returncode not in (0, 2):
        return f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}"
    return ""


def ensure_postgres(timeout: float = 30.0) -> str:
    """Make sure the local cluster accepts connections; return the admin SQLAlchemy URL."""
    if _can_connect() is None:
        return ADMIN_URL
    problem = _start_cluster()
    deadline = time.monotonic() + timeout
    err = _can_connect()
    while err is not None and time.monotonic() < deadline:
        time.sleep(0.3)
        err = _can_connect()
    if err is not None:
        raise PostgresUnavailable(
            f"PostgreSQL on {HOST}:{PORT} is not reachable and could not be started. "
            f"Start attempt: {problem or 'ok'}; last connection error: {err}. "
            "Start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`."
        )
    return ADMIN_URL


def _admin_exec(sql: str) -> None:
    import psycopg

    with psycopg.connect(_CONNINFO, autocommit=True) as conn:
        conn.execute(sql)


def fresh_database(prefix: str, *, ctype: str = "C.UTF-8") -> tuple[str, Callable[[], None]]:
    """Create a new database (unique name, given LC_CTYPE/LC_COLLATE, UTF-8 encoding).

    Returns its SQLAlchemy URL and a function that drops it (terminating leftover sessions).
    ``ctype`` exists so tests can build a deliberately wrong database (``"C"``).
    """
    ensure_postgres()
    safe = "".join(ch if ch.isalnum() else "_" for ch in prefix.lower())[:30] or "db"
    name = f"t_{safe}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    _admin_exec(
        f"CREATE DATABASE {name} ENCODING 'UTF8' LC_CTYPE '{ctype}' LC_COLLATE '{ctype}' TEMPLATE template0"
    )
    url = f"postgresql+psycopg://{ADMIN_USER}@{HOST}:{PORT}/{name}"

    def drop() -> None:
        _admin_exec(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return url, drop
