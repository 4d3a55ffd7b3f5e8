"""Baseline: the tables that `metadata.create_all` made before migrations existed, and the
SQLite FTS5 page index. A database created by that older code is stamped at this revision
(storage.db.upgrade) and then upgraded like any other.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Devanagari combining marks kept inside words by the unicode61 tokenizer (docs/traps.md, ADR 0003).
# Frozen here on purpose: a migration must not change when application code changes.
_MARKS = "".join(
    chr(c)
    for lo, hi in ((0x0900, 0x0903), (0x093A, 0x094F), (0x0951, 0x0957), (0x0962, 0x0963))
    for c in range(lo, hi + 1)
) + "\u200c\u200d"
FTS_TOKENIZE = f"unicode61 remove_diacritics 0 tokenchars '{_MARKS}'"


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("operator", sa.String(100), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "digital_files",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("file_number", sa.String(200), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("department", sa.String(40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "source_files",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "batch_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("batch_id", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("grp", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("document_id", sa.String(40), nullable=True),
        sa.Column("error_code", sa.String(60), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("batch_id", "seq"),
    )
    op.create_index("ix_batch_items_batch_id", "batch_items", ["batch_id"])
    op.create_table(
        "documents",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("batch_id", sa.String(32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("grp", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(40), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("classification", sa.JSON(), nullable=True),
        sa.Column("file_number", sa.String(200), nullable=True),
        sa.Column("entities", sa.JSON(), nullable=True),
        sa.Column("digital_file_id", sa.Integer(), nullable=True),
        sa.Column("error_code", sa.String(60), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"]),
        sa.ForeignKeyConstraint(["digital_file_id"], ["digital_files.id"]),
        sa.ForeignKeyConstraint(["sha256"], ["source_files.sha256"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_documents_batch_id", "documents", ["batch_id"])
    op.create_index("ix_documents_department", "documents", ["department"])
    op.create_index("ix_documents_digital_file_id", "documents", ["digital_file_id"])
    op.create_index("ix_documents_file_number", "documents", ["file_number"])
    op.create_index("ix_documents_sha256", "documents", ["sha256"])
    op.create_table(
        "pages",
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column("page_no", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("rotation", sa.Integer(), nullable=True),
        sa.Column("skew_degrees", sa.Float(), nullable=True),
        sa.Column("dpi", sa.Integer(), nullable=True),
        sa.Column("dpi_assumed", sa.Boolean(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("lang", sa.String(40), nullable=True),
        sa.Column("steps", sa.JSON(), nullable=True),
        sa.Column("textlayer_verdict", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("error_code", sa.String(60), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.PrimaryKeyConstraint("document_id", "page_no"),
    )
    op.create_index("ix_pages_status", "pages", ["status"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS page_fts USING fts5("
            f"text, document_id UNINDEXED, page_no UNINDEXED, tokenize=\"{FTS_TOKENIZE}\")"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS page_fts")
    for name in ("pages", "documents", "batch_items", "source_files", "digital_files", "batches"):
        op.drop_table(name)
