"""Open the metadata database and bring its schema to the newest Alembic revision (SQLite with
FTS5 embedded, PostgreSQL in server mode). Migrations live in ``storage/migrations`` (inside the
package, so an installed Sanchika can migrate); see docs/adr/0006-database-and-migrations.md."""

from __future__ import annotations

import contextlib
import fcntl
import zlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import DBAPIError

from domain.errors import DependencyError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE_REVISION = "0001"  # what `metadata.create_all` built before migrations existed
_PG_LOCK_KEY = zlib.crc32(b"sanchika.migrations")

# Devanagari combining marks that SQLite's unicode61 tokenizer must keep inside words
# (docs/traps.md): without them it splits शिक्षा at every vowel sign and matches किसान with कौसानी.
# (Migration 0001 keeps a frozen copy of this value.)
_DEVANAGARI_MARKS = "".join(
    chr(c)
    for lo, hi in ((0x0900, 0x0903), (0x093A, 0x094F), (0x0951, 0x0957), (0x0962, 0x0963))
    for c in range(lo, hi + 1)
) + "\u200c\u200d"

FTS_TOKENIZE = f"unicode61 remove_diacritics 0 tokenchars '{_DEVANAGARI_MARKS}'"

_CREATE_DB_HINT = (
    "create it as a UTF-8 database, e.g. `CREATE DATABASE sanchika ENCODING 'UTF8' "
    "LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8' TEMPLATE template0;`, and point SANCHIKA_DATABASE_URL at it"
)


def open_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)  # a fresh SANCHIKA_HOME (`sanchika batches` first)
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(connection: Connection | None = None):  # type: ignore[no-untyped-def]
    """A programmatic Alembic config (no alembic.ini): script_location inside the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


# The newest migration's revision, so that start-up on a current database needs no Alembic import
# (~0.2 s of every command's start); tests/storage/test_migrations.py checks it against Alembic's head.
HEAD_REVISION = "0012"


def stamped_revision(conn: Connection) -> str | None:
    """The revision in ``alembic_version``, read with one query (None: no such table or no row)."""
    if conn.dialect.name == "postgresql":
        exists = conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
    else:
        exists = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")).first()
    if not exists:
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    return rows[0][0] if len(rows) == 1 else None


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def check_postgres(conn: Connection) -> None:
    """Start-up check: a UTF-8 database (LC_CTYPE), else Hindi search silently breaks (docs/traps.md)."""
    enc, ctype = conn.execute(text(
        "SELECT pg_encoding_to_char(encoding), datctype FROM pg_database WHERE datname = current_database()"
    )).one()
    norm = (ctype or "").lower().replace("-", "")
    if enc.upper() != "UTF8" or "utf8" not in norm:
        raise DependencyError(
            f"the PostgreSQL database of SANCHIKA_DATABASE_URL ({_where(conn.engine)}) has encoding {enc} and "
            f"LC_CTYPE {ctype!r}; Hindi search needs UTF-8 (with LC_CTYPE 'C' pg_trgm and the word parser do "
            f"not see Devanagari letters). To fix it, {_CREATE_DB_HINT}.",
            code="dependency.database_ctype",
        )


def check_reachable(engine: Engine) -> None:
    """One round trip to the database, and on PostgreSQL the UTF-8 check (:func:`check_postgres`):
    the driver's error when it cannot be reached (start-up checks, ``sanchika db upgrade``)."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        if engine.dialect.name == "postgresql":
            check_postgres(conn)


def revision_of(engine: Engine) -> str | None:
    """The revision the database is at (None: empty)."""
    with engine.connect() as conn:
        return current_revision(conn)


def _check_pg_trgm(conn: Connection) -> None:
    if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first() is None:
        raise DependencyError(
            "the PostgreSQL extension pg_trgm is missing in the database of SANCHIKA_DATABASE_URL: run "
            "`CREATE EXTENSION pg_trgm;` in it as a superuser (Debian package postgresql-contrib), then "
            "`sanchika db upgrade`.",
            code="dependency.pg_trgm",
        )


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    """One migrator at a time: every worker process calls init_schema at start."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()
            try:
                yield conn
            finally:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
        return
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        with engine.connect() as conn:
            yield conn
        return
    lock_path = Path(database).with_name(Path(database).name + ".migrate-lock")
    with open(lock_path, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with engine.connect() as conn:
                yield conn
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Run the migrations up to ``revision``; returns (revision before, revision after)."""
    from alembic import command

    with _migration_lock(engine) as conn:
        before = current_revision(conn)
        conn.commit()
        if before is None and inspect(conn).has_table("documents"):
            # made by the pre-migration create_all: same tables as the baseline revision
            command.stamp(alembic_config(conn), BASELINE_REVISION)
            conn.commit()
            before = BASELINE_REVISION
        try:
            command.upgrade(alembic_config(conn), revision)
            conn.commit()
        except DBAPIError as exc:
            conn.rollback()
            if "pg_trgm" in str(exc):
                _check_pg_trgm(conn)
            raise
        after = current_revision(conn)
        conn.commit()
    return before, after


# A new SQLite database is built from this script of the head schema (written from a database the
# migrations built: write_sqlite_snapshot) in one transaction: ~10 ms instead of importing Alembic
# and running every migration (~0.15 s of CPU, ~0.2-0.3 s before the first page of a first batch).
# tests/storage/test_migrations.py checks it builds exactly what the migrations build.
SQLITE_SNAPSHOT = MIGRATIONS / "sqlite_head.sql"


def sqlite_schema_script(conn: Connection) -> str:
    """The schema of a SQLite database (tables, then indexes, views and triggers; not the tables
    SQLite makes itself for FTS5 or AUTOINCREMENT) and its Alembic stamp, as a script."""
    rows = conn.execute(text("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")).all()
    virtual = [name for kind, name, sql in rows if kind == "table" and sql.upper().startswith("CREATE VIRTUAL TABLE")]
    shadow = {f"{v}_{part}" for v in virtual for part in ("data", "idx", "content", "docsize", "config")}
    kept = [(kind, sql) for kind, name, sql in rows if name not in shadow and name != "sqlite_sequence"]
    statements = [sql for kind, sql in kept if kind == "table"] + [sql for kind, sql in kept if kind != "table"]
    revision = stamped_revision(conn)
    return (f"-- revision {revision}\n" + "".join(f"{sql};\n" for sql in statements)
            + f"INSERT INTO alembic_version (version_num) VALUES ('{revision}');\n")


def write_sqlite_snapshot(path: Path = SQLITE_SNAPSHOT) -> None:
    """Migrate a new SQLite database to head and write its schema script (after a new migration)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(f"sqlite:///{Path(tmp) / 'head.db'}")
        upgrade(engine)
        with engine.connect() as conn:
            path.write_text(sqlite_schema_script(conn), encoding="utf-8")
        engine.dispose()


def _from_snapshot(engine: Engine) -> bool:
    """Build a new, empty SQLite database from ``SQLITE_SNAPSHOT`` when it is of the head revision;
    False (the migrations run instead) otherwise."""
    try:
        script = SQLITE_SNAPSHOT.read_text(encoding="utf-8")
    except OSError:
        return False
    if not script.startswith(f"-- revision {HEAD_REVISION}\n"):
        return False
    with _migration_lock(engine) as conn:
        empty = not conn.execute(text("SELECT 1 FROM sqlite_master LIMIT 1")).first()
        conn.commit()
        if empty:
            conn.connection.dbapi_connection.executescript(f"BEGIN;\n{script}COMMIT;\n")  # type: ignore[union-attr]
    return empty


def init_schema(engine: Engine) -> None:
    """Start-up: check the database (PostgreSQL: reachable, UTF-8, pg_trgm) and migrate to head.
    Cheap when the schema is current (one query)."""
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                check_postgres(conn)
            current = stamped_revision(conn)
    except DBAPIError as exc:
        if engine.dialect.name != "postgresql":
            raise
        raise DependencyError(
            f"cannot use the PostgreSQL database of SANCHIKA_DATABASE_URL ({_where(engine)}): "
            f"{str(exc.orig or exc).strip().splitlines()[0]}. Check that the server runs and the database "
            f"exists; if not, {_CREATE_DB_HINT}.",
            code="dependency.database",
        ) from exc
    if current != HEAD_REVISION and not (current is None and engine.dialect.name == "sqlite" and _from_snapshot(engine)):
        upgrade(engine)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            _check_pg_trgm(conn)
