"""`sanchika db upgrade | current`: Alembic migrations of the metadata database."""

from __future__ import annotations

from typing import Annotated

import typer

from domain.errors import DependencyError, SanchikaError

from .common import JsonOpt, app, emit, fail, load_settings

db_app = typer.Typer(no_args_is_help=True, help="The metadata database (SQLite or PostgreSQL).")
app.add_typer(db_app, name="db")


def _engine():  # type: ignore[no-untyped-def]
    from storage.db import open_engine

    settings = load_settings()
    if settings.database_url is None:
        settings.home.mkdir(parents=True, exist_ok=True)
    return open_engine(settings.db_url)


def _db_error(exc: Exception) -> DependencyError:
    from storage.db import _CREATE_DB_HINT

    orig = getattr(exc, "orig", None) or exc
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return DependencyError(f"the database of SANCHIKA_DATABASE_URL could not be used: {first}. Check that the "
                           f"server runs and the database exists; if not, {_CREATE_DB_HINT}.",
                           code="dependency.database")


@db_app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    as_json: JsonOpt = False,
) -> None:
    """Check the database (PostgreSQL: UTF-8 ctype, pg_trgm) and run the migrations up to REVISION."""
    from sqlalchemy.exc import DBAPIError

    from storage import db

    engine = _engine()
    try:
        db.check_reachable(engine)
        before, after = db.upgrade(engine, revision)
        if engine.dialect.name == "postgresql":
            db.init_schema(engine)  # the pg_trgm check
    except SanchikaError as exc:
        fail(exc)
        return
    except DBAPIError as exc:
        fail(_db_error(exc))
        return
    finally:
        engine.dispose()
    if as_json:
        emit({"from": before, "to": after})
    else:
        typer.echo(f"database at revision {after}" + (f" (was {before or 'empty'})" if before != after else " (up to date)"))


@db_app.command("current")
def current(as_json: JsonOpt = False) -> None:
    """Print the database's revision and the newest one this Sanchika knows."""
    from sqlalchemy.exc import DBAPIError

    from storage import db

    engine = _engine()
    try:
        rev = db.revision_of(engine)
    except DBAPIError as exc:
        fail(_db_error(exc))
        return
    finally:
        engine.dispose()
    head = db.head_revision()
    if as_json:
        emit({"current": rev, "head": head})
    else:
        typer.echo(f"current {rev or 'empty'}, head {head}")


@db_app.command("revision")
def revision(message: Annotated[str, typer.Argument(help="What the migration changes, e.g. 'add users'.")]) -> None:
    """(Developers) Write storage/migrations/versions/NNNN_<message>.py from the difference between
    storage/schema.py and the existing migrations, found on a scratch SQLite database at head.
    Read and adjust the file before committing (docs/adr/0006-database-and-migrations.md)."""
    import tempfile
    from pathlib import Path

    from alembic import command

    from storage import db

    head = db.head_revision()
    rev_id = f"{int(head) + 1:04d}" if head.isdigit() else None
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'scratch.db'}"
        engine = db.open_engine(url)
        db.upgrade(engine)
        engine.dispose()
        cfg = db.alembic_config()
        cfg.set_main_option("sqlalchemy.url", url)
        script = command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
    path = getattr(script, "path", None)
    typer.echo(f"wrote {path}" if path else "wrote a new revision")
