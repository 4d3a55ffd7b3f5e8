"""PostgreSQL: the department of each indexed page in ``search_pages`` (issue 18, speed at scale).

A department-scoped search used to find every page holding the word (GIN) and then read each
page's row to join its document and drop the other departments: a word on 10,000 pages cost
10,000 heap reads for a department holding 1/15 of them (p95 115 ms at 1M pages,
docs/benchmarks.md). With ``search_pages.department`` and a btree index PostgreSQL intersects the
two bitmaps (BitmapAnd) before it reads a row.

Kept in step: ``index_documents`` writes the department the document step classified (or, when
none is given, the document's current one); a trigger on ``documents`` copies every later change
(an operator's correction, a re-run) to the document's pages, touching only rows that differ.
Back-fill: one UPDATE (rewrites the rows of documents that have a department; measured in
docs/benchmarks.md). SQLite does not need the column (its department filter reads the covering
index ``ix_search_documents``; hi-1-dept p95 39 ms at 1M pages).

Both backends: the vocabulary keys are recomputed (``refill_keys``) for the rules of this revision.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from storage.search.vocab import refill_keys

    refill_keys(op.get_bind())  # the phonetic key's rules changed after 0009 (ADR 0022: aw + vowel)
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_pages ADD COLUMN IF NOT EXISTS department VARCHAR(40)")
    op.execute("UPDATE search_pages s SET department = d.department FROM documents d "
               "WHERE d.id = s.document_id AND d.department IS NOT NULL AND s.department IS DISTINCT FROM d.department")
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_pages_department ON search_pages (department)")
    op.execute(
        "CREATE OR REPLACE FUNCTION sanchika_search_department() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN UPDATE search_pages SET department = NEW.department "
        "WHERE document_id = NEW.id AND department IS DISTINCT FROM NEW.department; RETURN NULL; END $$")
    op.execute("DROP TRIGGER IF EXISTS documents_search_department ON documents")
    op.execute("CREATE TRIGGER documents_search_department AFTER UPDATE OF department ON documents "
               "FOR EACH ROW WHEN (OLD.department IS DISTINCT FROM NEW.department) "
               "EXECUTE FUNCTION sanchika_search_department()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS documents_search_department ON documents")
    op.execute("DROP FUNCTION IF EXISTS sanchika_search_department()")
    op.execute("DROP INDEX IF EXISTS ix_search_pages_department")
    op.execute("ALTER TABLE search_pages DROP COLUMN IF EXISTS department")
