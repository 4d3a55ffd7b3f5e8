"""Search at a million pages: covering indexes for the ranking joins (both backends), and the
PostgreSQL tsvector kept in the heap row.

Ranking joins every candidate page (up to RANK_CAP = 1000) to its document for the filters
(status, department, file number, date). ``ix_search_documents`` holds exactly those columns, so
the join reads a small index instead of the wide documents rows (JSON classification, entities,
bundle). On SQLite the FTS5 rowid is mapped to (document_id, page_no) through
``ix_search_pages_key`` instead of the search_pages rows, which hold the page text (one ~4 KB
row per page: a random read per candidate over a file of several GB). Both are search objects
that storage.schema does not describe (storage.migrations.include_name skips ``ix_search_*``).

PostgreSQL: ``tsv`` storage MAIN keeps the (lz4, revision 0006) compressed tsvector in the heap
row; the page text, needed only for snippets, is what goes out of line. A candidate then costs
one heap read instead of heap + TOAST index + TOAST pages. Rows written before this revision keep
their layout until re-indexed (or rewritten with the UPDATE in revision 0006's docstring).
Measured at 1,000,000 pages: docs/benchmarks.md.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_documents ON documents (id, status, department, file_number, doc_date)")
    if bind.dialect.name == "sqlite":
        op.execute("CREATE INDEX IF NOT EXISTS ix_search_pages_key ON search_pages (id, document_id, page_no)")
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE search_pages ALTER COLUMN tsv SET STORAGE MAIN")


def downgrade() -> None:
    bind = op.get_bind()
    op.execute("DROP INDEX IF EXISTS ix_search_documents")
    if bind.dialect.name == "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_search_pages_key")
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE search_pages ALTER COLUMN tsv SET STORAGE EXTENDED")
