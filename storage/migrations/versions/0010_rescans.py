"""Rescans (issue 19): pages an operator marked "to rescan" (with a reason) and replacements of a
page by a new scan, read in the background with a state the web app follows.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("rescans"):  # run again over a stamp set back by hand
        return
    op.create_table(
        "rescans",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("page_no", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("marked_by", sa.String(100), nullable=True),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scan_sha256", sa.String(64), nullable=True),
        sa.Column("scan_kind", sa.String(8), nullable=True),
        sa.Column("scan_name", sa.Text(), nullable=True),
        sa.Column("replaced_by", sa.String(100), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("previous", sa.JSON(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error_code", sa.String(60), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
    )
    op.create_index("ix_rescans_document_id", "rescans", ["document_id"])
    op.create_index("ix_rescans_state", "rescans", ["state"])


def downgrade() -> None:
    op.drop_index("ix_rescans_state", table_name="rescans")
    op.drop_index("ix_rescans_document_id", table_name="rescans")
    op.drop_table("rescans")
