"""Search v2: documents.doc_date, the word vocabulary with one-deletion variants (fuzzy matching,
both backends), and on PostgreSQL the pg_trgm extension and the `search_pages` table
(tsvector + GIN). Existing pages are taken into the vocabulary and doc_date is back-filled.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("doc_date", sa.Date(), nullable=True))
        batch.create_index("ix_documents_doc_date", ["doc_date"])
    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(120), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term"),
    )
    op.create_table(
        "search_term_variants",
        sa.Column("variant", sa.String(120), nullable=False),
        sa.Column("term", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("variant", "term"),
    )
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE TABLE search_pages ("
            " document_id varchar(40) NOT NULL,"
            " page_no integer NOT NULL,"
            " text text NOT NULL,"
            " tsv tsvector NOT NULL,"
            " PRIMARY KEY (document_id, page_no))"
        )
        op.execute("CREATE INDEX ix_search_pages_tsv ON search_pages USING gin (tsv)")
    # Data: vocabulary of pages indexed before this revision, dates of finished documents.
    from storage.vocab import backfill_doc_dates, rebuild_vocabulary

    rebuild_vocabulary(bind)
    backfill_doc_dates(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS search_pages")
    op.drop_table("search_term_variants")
    op.drop_table("search_terms")
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_doc_date")
        batch.drop_column("doc_date")
