"""Bundles (issue 7): page roles and separators, document parts, batch hints, file location and
volume, who verified a document.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("batches") as batch:
        batch.add_column(sa.Column("hints", sa.JSON(), nullable=True))
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("separator", sa.String(16), nullable=True))
        batch.add_column(sa.Column("separator_file_number", sa.String(200), nullable=True))
        batch.add_column(sa.Column("role", sa.String(16), nullable=True))
        batch.add_column(sa.Column("role_confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("layout", sa.JSON(), nullable=True))
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("bundle", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("verified_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("digital_files") as batch:
        batch.add_column(sa.Column("location", sa.Text(), nullable=True))
        batch.add_column(sa.Column("volume", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("details", sa.JSON(), nullable=True))
    op.create_table(
        "parts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("first_page", sa.Integer(), nullable=False),
        sa.Column("last_page", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=True),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("file_number", sa.String(200), nullable=True),
        sa.Column("digital_file_id", sa.Integer(), sa.ForeignKey("digital_files.id"), nullable=True),
        sa.UniqueConstraint("document_id", "seq"),
    )
    op.create_index("ix_parts_document_id", "parts", ["document_id"])
    op.create_index("ix_parts_digital_file_id", "parts", ["digital_file_id"])


def downgrade() -> None:
    op.drop_index("ix_parts_digital_file_id", "parts")
    op.drop_index("ix_parts_document_id", "parts")
    op.drop_table("parts")
    with op.batch_alter_table("digital_files") as batch:
        for col in ("details", "volume", "location"):
            batch.drop_column(col)
    with op.batch_alter_table("documents") as batch:
        for col in ("verified_at", "verified_by", "bundle"):
            batch.drop_column(col)
    with op.batch_alter_table("pages") as batch:
        for col in ("layout", "role_confidence", "role", "separator_file_number", "separator"):
            batch.drop_column(col)
    with op.batch_alter_table("batches") as batch:
        batch.drop_column("hints")
