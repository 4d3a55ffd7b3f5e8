"""Page quality score, review flag and blank-page marker (issue 3).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("quality", sa.Float(), nullable=True))
        batch.add_column(sa.Column("quality_reasons", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("flag", sa.String(16), nullable=True))
        batch.add_column(sa.Column("blank", sa.Boolean(), nullable=True))
        batch.create_index("ix_pages_flag", ["flag"])


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_index("ix_pages_flag")
        batch.drop_column("blank")
        batch.drop_column("flag")
        batch.drop_column("quality_reasons")
        batch.drop_column("quality")
