"""Alembic environment: storage.schema.metadata is the target. Run through storage.db
(init_schema / `sanchika db upgrade`), which passes an open connection in
``config.attributes["connection"]``; the `alembic` command line works too with
``-x url=...`` or ``sqlalchemy.url``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from storage.migrations import include_name
from storage.schema import metadata


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_name=include_name,
        render_as_batch=connection.dialect.name == "sqlite",  # ALTER on SQLite = copy table
        compare_type=True,
    )


config = context.config
connection = config.attributes.get("connection")
if connection is not None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("no database URL: pass -x url=... or use `sanchika db upgrade`")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True, include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()
    else:
        engine = create_engine(url)
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
        engine.dispose()
