"""A digital file's department follows its documents (issue 19, ADR 0024): files created before
this revision kept the department of the text that created them, whatever their documents became
(a corrected document left its file under the old department, or ``unknown``). Each file's
department is set again by the rule of ``storage.catalog.follow_documents``: the most common
department of its finished documents (linked as a whole or by a part), the earliest document's
among equals, ``unknown`` only when no document has another. Data only; downgrade keeps it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    documents = sa.table("documents", sa.column("id"), sa.column("department"), sa.column("status"),
                         sa.column("digital_file_id"), sa.column("created_at"))
    parts = sa.table("parts", sa.column("document_id"), sa.column("digital_file_id"))
    files = sa.table("digital_files", sa.column("id"), sa.column("department"))
    members = (sa.select(documents.c.digital_file_id.label("fid"), documents.c.id.label("doc_id"))
               .where(documents.c.digital_file_id.is_not(None))
               .union(sa.select(parts.c.digital_file_id, parts.c.document_id).where(parts.c.digital_file_id.is_not(None)))
               .subquery())
    q = (sa.select(members.c.fid, documents.c.department)
         .join(documents, documents.c.id == members.c.doc_id)
         .where(documents.c.status == "done")
         .order_by(members.c.fid, documents.c.created_at, documents.c.id))
    deps: dict[int, list[str]] = defaultdict(list)
    for fid, dep in bind.execute(q):
        deps[fid].append(dep or "unknown")
    current = dict(bind.execute(sa.select(files.c.id, files.c.department)).all())
    for fid, found in deps.items():
        known = [d for d in found if d != "unknown"] or found
        chosen = max(dict.fromkeys(known), key=known.count)
        if current.get(fid) != chosen:
            bind.execute(sa.update(files).where(files.c.id == fid).values(department=chosen))


def downgrade() -> None:
    pass  # data only: the departments set are as right under the older code
