"""Fixtures for the storage tests: one migrated database per backend and test session
(SQLite file, PostgreSQL database from tests.services.postgres), emptied before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from storage.db import init_schema, open_engine
from storage.schema import metadata

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    from tests.services.postgres import fresh_database

    url, drop = fresh_database("storage")
    try:
        yield url
    finally:
        drop()


@pytest.fixture(scope="session")
def _engines(tmp_path_factory, request) -> Iterator[dict[str, Engine]]:  # type: ignore[no-untyped-def]
    engines: dict[str, Engine] = {}
    yield engines
    for engine in engines.values():
        engine.dispose()


def _empty(engine: Engine) -> None:
    names = [t.name for t in reversed(metadata.sorted_tables)]
    with engine.begin() as c:
        if engine.dialect.name == "postgresql":
            c.execute(text("TRUNCATE " + ", ".join([*names, "search_pages"]) + " CASCADE"))
        else:
            c.execute(text("DELETE FROM search_pages"))  # triggers empty page_fts
            for name in names:
                c.execute(text(f"DELETE FROM {name}"))


@pytest.fixture(params=BACKENDS)
def engine(request, _engines, tmp_path_factory) -> Engine:  # type: ignore[no-untyped-def]
    backend = request.param
    if backend not in _engines:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'search.db'}"
        else:
            url = request.getfixturevalue("pg_url")
        eng = open_engine(url)
        init_schema(eng)
        _engines[backend] = eng
    eng = _engines[backend]
    _empty(eng)
    return eng
