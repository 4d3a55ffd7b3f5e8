"""Fixtures of the server-mode tests: one SeaweedFS S3 server and one Redis per session, and per
test a fresh PostgreSQL database, a fresh bucket, a private broker database number and home."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.services.postgres import ensure_postgres, fresh_database
from tests.services.redis import PrivateRedis, lease_db, shared_redis
from tests.services.seaweed import SeaweedS3

from .harness import Server


@pytest.fixture(scope="session")
def s3(tmp_path_factory):  # type: ignore[no-untyped-def]
    server = SeaweedS3(tmp_path_factory.mktemp("seaweed"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres():  # type: ignore[no-untyped-def]
    return ensure_postgres()


def _server_env(home: Path, db_url: str, broker_url: str, s3: SeaweedS3, **extra: str) -> dict[str, str]:
    env = {
        "SANCHIKA_HOME": str(home),
        "SANCHIKA_DATABASE_URL": db_url,
        "SANCHIKA_BROKER_URL": broker_url,
        "SANCHIKA_S3_ENDPOINT": s3.endpoint,
        "SANCHIKA_S3_ACCESS_KEY": s3.access_key,
        "SANCHIKA_S3_SECRET_KEY": s3.secret_key,
        "SANCHIKA_S3_BUCKET": f"t-{uuid.uuid4().hex[:12]}",
        "SANCHIKA_PAGE_TIMEOUT": "60",  # generous: CI machines may be loaded
        "SANCHIKA_BROKER_VISIBILITY_TIMEOUT": "30",  # redelivery after a SIGKILL within ~35 s
        "SANCHIKA_OCR_DPI": "200",
    }
    env.update(extra)
    return env


def broker_url(root: Path):  # type: ignore[no-untyped-def]
    """(broker URL, release): a database number of its own on the shared Redis, or (every number
    taken by concurrent runs) a Redis of our own under ``root``."""
    base, port = shared_redis()
    lease = lease_db(port)
    if lease is None:
        private = PrivateRedis(root / "redis")
        private.start()
        return private.url(0), private.stop
    return f"{base}/{lease[0]}", lease[1]


@pytest.fixture
def server(tmp_path, s3, postgres):  # type: ignore[no-untyped-def]
    """A deployment on the shared Redis (own db number)."""
    broker, release = broker_url(tmp_path)
    url, drop = fresh_database("server")
    srv = Server(_server_env(tmp_path / "home", url, broker, s3), tmp_path / "home")
    srv.home.mkdir()
    yield srv
    srv.stop_workers()
    release()
    drop()


@pytest.fixture
def private_redis(tmp_path):  # type: ignore[no-untyped-def]
    r = PrivateRedis(tmp_path / "redis")
    r.start()
    yield r
    r.stop()


@pytest.fixture
def server_private_redis(tmp_path, s3, postgres, private_redis):  # type: ignore[no-untyped-def]
    """A deployment with a Redis of its own (the test may restart it)."""
    url, drop = fresh_database("server")
    srv = Server(_server_env(tmp_path / "home", url, private_redis.url(0), s3), tmp_path / "home")
    srv.home.mkdir()
    yield srv
    srv.stop_workers()
    drop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
