"""Search pages on PostgreSQL: lz4 instead of pglz for the page text and its tsvector.

A page's tsvector (~3 KB) and text are stored compressed (TOAST). Every ranked match
decompresses its tsvector at least twice (the ``@@`` test and ``ts_rank``), and a common word
ranks up to RANK_CAP (1000) pages per query: with pglz that decompression was most of the SQL time
of a common-word search (ADR 0006, docs/benchmarks.md); lz4 decompresses several times faster
for about the same size. Only rows written from now on use lz4 (PostgreSQL never recompresses a
stored value); re-indexing rewrites them, or by hand (minutes per million pages, then VACUUM):

    UPDATE search_pages SET tsv = tsv || ''::tsvector, text = text || '';

Nothing changes on SQLite, or on a PostgreSQL built without lz4.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _lz4(bind) -> bool:  # type: ignore[no-untyped-def]
    row = bind.exec_driver_sql(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'").first()
    return bool(row and row[0])


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and _lz4(bind):
        op.execute("ALTER TABLE search_pages ALTER COLUMN text SET COMPRESSION lz4, "
                   "ALTER COLUMN tsv SET COMPRESSION lz4")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and _lz4(bind):
        op.execute("ALTER TABLE search_pages ALTER COLUMN text SET COMPRESSION default, "
                   "ALTER COLUMN tsv SET COMPRESSION default")
