"""Search vocabulary keys (issue 18, ADR 0022): each indexed word's spelling-variant key, inflection
(stem) key and cross-script phonetic key, so a query word expands to the indexed words sharing one.

Three nullable columns on ``search_terms`` with an index each (``ix_search_terms_*``: search objects
that storage.schema describes only as columns). A key is NULL where it adds nothing: the variant and
stem keys of a word without Devanagari (its key is the word itself), the phonetic key of a word with
digits or fewer than two consonant classes. Existing words are back-filled in Python with the
functions of this revision (the keys are pure functions of the word: ``domain.hindi``,
``domain.phonetic``); a later change of the rules re-runs the same back-fill (``refill_keys``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_COLUMNS = ("norm_key", "stem_key", "phon_key")


def upgrade() -> None:
    bind = op.get_bind()
    have = {c["name"] for c in sa.inspect(bind).get_columns("search_terms")}
    with op.batch_alter_table("search_terms") as batch:
        for name in _COLUMNS:
            if name not in have:
                batch.add_column(sa.Column(name, sa.String(120), nullable=True))
    for name in _COLUMNS:
        op.execute(f"CREATE INDEX IF NOT EXISTS ix_search_terms_{name} ON search_terms ({name})")
    from storage.search.vocab import refill_keys

    refill_keys(bind)


def downgrade() -> None:
    for name in _COLUMNS:
        op.execute(f"DROP INDEX IF EXISTS ix_search_terms_{name}")
    with op.batch_alter_table("search_terms") as batch:
        for name in _COLUMNS:
            batch.drop_column(name)
