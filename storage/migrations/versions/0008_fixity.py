"""Fixity: the ledger of stored objects (key, SHA-256 as written, size, kind) and the runs of
`sanchika verify` (checkpoint and result). docs/fixity.md, docs/adr/0018.

The ledger is filled for what the database already knows: every original (its key is its
SHA-256, recorded in source_files), and, with the hash left NULL, the page text of every page read
and the PDF and text of every finished document. Verify takes a NULL hash from the store's own
metadata the first time it reads the object; page PDFs and viewer images stored before this
revision are taken into the ledger the same way when verify finds them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("stored_objects"):  # run again over a stamp set back by hand
        return
    op.create_table(
        "stored_objects",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("content_sha", sa.String(64), nullable=True),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_stored_objects_content_sha", "stored_objects", ["content_sha"])
    op.create_table(
        "fixity_runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("store", sa.Text(), nullable=False),
        sa.Column("sample", sa.Float(), nullable=False),
        sa.Column("seed", sa.String(32), nullable=False),
        sa.Column("phase", sa.String(8), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("checked", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=True),
    )
    _backfill()


def _backfill() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    page5 = ("CASE WHEN p.page_no < 100000 THEN lpad(p.page_no::text, 5, '0') ELSE p.page_no::text END"
             if pg else "printf('%05d', p.page_no)")
    now = "now()" if pg else "CURRENT_TIMESTAMP"
    op.execute(
        "INSERT INTO stored_objects (key, sha256, size, kind, content_sha, stored_at) "
        "SELECT 'originals/' || substr(sha256, 1, 2) || '/' || sha256, sha256, size, 'original', sha256, stored_at "
        "FROM source_files")
    for prefix, suffix, kind in (("pdf/", ".pdf", "document_pdf"), ("text/", ".json", "document_text")):
        op.execute(
            "INSERT INTO stored_objects (key, sha256, size, kind, content_sha, stored_at) "
            f"SELECT '{prefix}' || s.sha256 || '{suffix}', CAST(NULL AS VARCHAR(64)), CAST(NULL AS BIGINT), '{kind}', s.sha256, {now} "
            "FROM (SELECT DISTINCT sha256 FROM documents WHERE status = 'done') s")
    op.execute(
        "INSERT INTO stored_objects (key, sha256, size, kind, content_sha, stored_at) "
        f"SELECT DISTINCT 'pages/' || d.sha256 || '/' || {page5} || '.json', CAST(NULL AS VARCHAR(64)), CAST(NULL AS BIGINT), 'page_text', d.sha256, {now} "
        "FROM pages p JOIN documents d ON d.id = p.document_id WHERE p.status = 'done'")


def downgrade() -> None:
    op.drop_table("fixity_runs")
    op.drop_index("ix_stored_objects_content_sha", table_name="stored_objects")
    op.drop_table("stored_objects")
