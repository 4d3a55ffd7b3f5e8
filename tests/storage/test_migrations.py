"""Migrations from an empty database to head on SQLite and PostgreSQL, the legacy (pre-Alembic)
SQLite upgrade path, concurrent start-up, the PostgreSQL start-up checks and `sanchika db upgrade`."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from domain.errors import DependencyError
from storage.db import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    head_revision,
    init_schema,
    open_engine,
    stamped_revision,
    upgrade,
)
from storage.schema import metadata
from tests.conftest import SANCHIKA

TABLES = {t.name for t in metadata.sorted_tables}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request, tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        engine = open_engine(f"sqlite:///{tmp_path / 'm.db'}")
        yield engine
        engine.dispose()
        return
    from tests.services.postgres import fresh_database

    url, drop = fresh_database("migrations")
    engine = open_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        drop()


def _schema_diff(engine: Engine) -> list:  # type: ignore[type-arg]
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.migrations import include_name

    with engine.connect() as c:
        ctx = MigrationContext.configure(c, opts={"include_name": include_name, "compare_type": False})
        return compare_metadata(ctx, metadata)


def test_empty_to_head_matches_schema(empty_engine: Engine) -> None:
    init_schema(empty_engine)
    names = set(inspect(empty_engine).get_table_names())
    assert TABLES <= names
    assert ("page_fts" if empty_engine.dialect.name == "sqlite" else "search_pages") in names
    with empty_engine.connect() as c:
        assert current_revision(c) == head_revision() == HEAD_REVISION == stamped_revision(c)
        if empty_engine.dialect.name == "postgresql":
            assert c.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first()
    # the migrations build exactly storage.schema: a new table without a migration fails here
    assert _schema_diff(empty_engine) == []
    init_schema(empty_engine)  # idempotent


def test_downgrade_to_base_and_up_again(empty_engine: Engine) -> None:
    from alembic import command

    init_schema(empty_engine)
    with empty_engine.begin() as c:
        command.downgrade(alembic_config(c), "base")
    assert not TABLES & set(inspect(empty_engine).get_table_names())
    assert upgrade(empty_engine)[1] == head_revision()


def test_legacy_sqlite_database_is_stamped_and_upgraded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database made by the old `metadata.create_all` + FTS table (no alembic_version)."""
    from alembic import command

    engine = open_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as c:
        command.upgrade(alembic_config(c), "0001")
        c.execute(text("DROP TABLE alembic_version"))
        c.execute(text("INSERT INTO batches VALUES ('b', 'b', '', 'done', '2020-01-01', NULL)"))
        c.execute(text("INSERT INTO source_files VALUES ('s', 'pdf', 1, 'n', '2020-01-01')"))
        c.execute(text("INSERT INTO documents (id, sha256, batch_id, name, grp, kind, status, pages, department, "
                       "entities, created_at) VALUES ('d', 's', 'b', 'n', '', 'pdf', 'done', 1, 'education', "
                       "'{\"dates\": [\"2019-03-12\"]}', '2020-01-01')"))
        c.execute(text("INSERT INTO page_fts(text, document_id, page_no) VALUES ('जिला शिक्षा अधिकारी', 'd', 1)"))
    init_schema(engine)
    with engine.connect() as c:
        assert current_revision(c) == head_revision()
        assert str(c.execute(text("SELECT doc_date FROM documents")).scalar_one()) == "2019-03-12"
    from storage.search import open_index

    assert [h.document_id for h in open_index(engine).search("शिक्शा")] == ["d"]  # vocabulary rebuilt
    engine.dispose()


def _start(url: str, report: str) -> None:
    try:
        init_schema(open_engine(url))
    except BaseException:
        Path(report).write_text(traceback.format_exc(), encoding="utf-8")  # the parent shows why
        raise


def test_concurrent_start_up_migrates_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'c.db'}"
    ctx = multiprocessing.get_context("spawn")
    reports = [tmp_path / f"start-{i}.txt" for i in range(3)]
    procs = [ctx.Process(target=_start, args=(url, str(r))) for r in reports]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    errors = "\n".join(r.read_text(encoding="utf-8") for r in reports if r.exists())
    assert [p.exitcode for p in procs] == [0, 0, 0], errors
    engine = open_engine(url)
    with engine.connect() as c:
        assert current_revision(c) == head_revision()
    engine.dispose()


def test_postgres_with_c_ctype_is_refused() -> None:
    from tests.services.postgres import fresh_database

    url, drop = fresh_database("ctype_c", ctype="C")
    engine = open_engine(url)
    try:
        with pytest.raises(DependencyError) as err:
            init_schema(engine)
        assert err.value.code == "dependency.database_ctype"
        assert "SANCHIKA_DATABASE_URL" in err.value.message and "C.UTF-8" in err.value.message
        assert "search_terms" not in inspect(engine).get_table_names()  # nothing was migrated
    finally:
        engine.dispose()
        drop()


def test_unreachable_postgres_names_the_setting() -> None:
    engine = open_engine("postgresql+psycopg://postgres@127.0.0.1:5432/sanchika_no_such_db_x")
    with pytest.raises(DependencyError) as err:
        init_schema(engine)
    assert err.value.code == "dependency.database" and "SANCHIKA_DATABASE_URL" in err.value.message
    engine.dispose()


def _cli(env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANCHIKA_")}
    env.update(env_extra)
    return subprocess.run([str(SANCHIKA), *args], capture_output=True, text=True, env=env, timeout=120)


def test_cli_db_upgrade_postgres() -> None:
    from tests.services.postgres import fresh_database

    url, drop = fresh_database("cli")
    try:
        first = _cli({"SANCHIKA_DATABASE_URL": url}, "db", "upgrade", "--json")
        assert first.returncode == 0, first.stderr
        assert f'"to": "{head_revision()}"' in first.stdout
        again = _cli({"SANCHIKA_DATABASE_URL": url}, "db", "upgrade")
        assert again.returncode == 0 and "up to date" in again.stdout
    finally:
        drop()


def test_cli_db_upgrade_sqlite_and_bad_ctype(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.services.postgres import fresh_database

    done = _cli({"SANCHIKA_HOME": str(tmp_path / "home")}, "db", "upgrade")
    assert done.returncode == 0 and head_revision() in done.stdout
    url, drop = fresh_database("cli_c", ctype="C")
    try:
        bad = _cli({"SANCHIKA_DATABASE_URL": url}, "db", "upgrade")
        assert bad.returncode == 4
        assert bad.stderr.startswith("error [dependency.database_ctype]:") and "Traceback" not in bad.stderr
    finally:
        drop()


def test_the_start_up_check_reads_the_stamp_without_alembic(empty_engine: Engine) -> None:
    with empty_engine.connect() as c:
        assert stamped_revision(c) is None  # no alembic_version table yet
    init_schema(empty_engine)
    with empty_engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '0006'"))
        assert stamped_revision(c) == "0006"
    init_schema(empty_engine)  # an older stamp: migrated again to head
    with empty_engine.connect() as c:
        assert stamped_revision(c) == HEAD_REVISION == current_revision(c)


def test_0011_sets_each_files_department_from_its_documents(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: a file left under ``unknown`` after its document was corrected, and a file whose
    documents disagree, get the department of (most of) their finished documents."""
    engine = open_engine(f"sqlite:///{tmp_path / 'd.db'}")
    upgrade(engine, "0010")
    with engine.begin() as c:
        c.execute(text("INSERT INTO batches (id, name, operator, status, created_at) VALUES ('b', 'b', 'o', 'done', '2026-12-01')"))
        for fid, dep in ((1, "unknown"), (2, "education"), (3, "health")):
            c.execute(text("INSERT INTO digital_files (id, key, title, department, created_at) VALUES (:i, :k, 't', :d, '2026-12-01')"),
                      {"i": fid, "k": f"k{fid}", "d": dep})
        docs = [("d1", "revenue", "done", 1, "01"), ("d2", "general_administration", "done", 2, "02"),
                ("d3", "general_administration", "done", 2, "03"), ("d4", "education", "done", 2, "04"),
                ("d5", "revenue", "failed", 3, "05")]
        for doc_id, dep, status, fid, day in docs:
            c.execute(text("INSERT INTO source_files (sha256, kind, size, name, stored_at) VALUES (:i, 'pdf', 1, :i, '2026-12-01')"),
                      {"i": doc_id})
            c.execute(text("INSERT INTO documents (id, sha256, batch_id, name, grp, kind, status, pages, department, "
                           "digital_file_id, created_at) VALUES (:i, :i, 'b', :i, '', 'pdf', :s, 1, :d, :f, :at)"),
                      {"i": doc_id, "s": status, "d": dep, "f": fid, "at": f"2026-12-{day}"})
    upgrade(engine)
    with engine.connect() as c:
        got = dict(c.execute(text("SELECT id, department FROM digital_files")).all())
    assert got == {1: "revenue", 2: "general_administration", 3: "health"}  # file 3: no finished document, left alone
    engine.dispose()


def _sqlite_master(engine: Engine) -> list[tuple[str, str, str, str | None]]:
    with engine.connect() as c:
        return sorted(tuple(r) for r in c.execute(text("SELECT type, name, tbl_name, sql FROM sqlite_master")))  # type: ignore[misc]


def test_a_new_sqlite_database_is_built_from_the_snapshot_exactly_as_the_migrations_build_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """init_schema builds a new SQLite database from storage/migrations/sqlite_head.sql: the same
    tables, indexes, FTS5 table (and the tables SQLite makes for it), triggers and stamp as the
    migrations from empty to head, without importing Alembic. After a new migration, write the
    snapshot again: .venv/bin/python -c 'from storage.db import write_sqlite_snapshot; write_sqlite_snapshot()'"""
    from storage.db import SQLITE_SNAPSHOT, sqlite_schema_script

    migrated = open_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    upgrade(migrated)
    with migrated.connect() as c:
        assert SQLITE_SNAPSHOT.read_text(encoding="utf-8") == sqlite_schema_script(c), "write the snapshot again (docstring)"
    fresh = tmp_path / "fresh.db"
    code = ("import sys; from storage.db import init_schema, open_engine; "
            f"init_schema(open_engine('sqlite:///{fresh}')); print('alembic' in sys.modules)")
    out = subprocess.run([str(SANCHIKA.parent / "python"), "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(SANCHIKA.parent.parent.parent))
    assert out.stdout.strip() == "False", out.stderr
    built = open_engine(f"sqlite:///{fresh}")
    assert _sqlite_master(built) == _sqlite_master(migrated)
    with built.connect() as c:
        assert stamped_revision(c) == current_revision(c) == HEAD_REVISION
    assert _schema_diff(built) == []
    with built.begin() as c:  # the full-text index and its triggers work
        c.execute(text("INSERT INTO search_pages (document_id, page_no, text) VALUES ('d', 1, 'खसरा नामांतरण')"))
        assert c.execute(text("SELECT count(*) FROM page_fts WHERE page_fts MATCH 'खसरा'")).scalar() == 1
    init_schema(built)  # current: nothing to do
    migrated.dispose()
    built.dispose()
