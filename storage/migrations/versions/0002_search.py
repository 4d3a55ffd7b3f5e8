"""Search v2: documents.doc_date, the word vocabulary with one-deletion variants (fuzzy matching,
both backends), and page text in a `search_pages` table on both: SQLite indexes it with the
external-content FTS5 table `page_fts` (triggers keep them in step), PostgreSQL with a tsvector
column + GIN (and the pg_trgm extension). Existing pages are moved over and taken into the
vocabulary; doc_date is back-filled.

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

# Frozen copy of storage.db.FTS_TOKENIZE (a migration must not change with application code).
_MARKS = "".join(
    chr(c)
    for lo, hi in ((0x0900, 0x0903), (0x093A, 0x094F), (0x0951, 0x0957), (0x0962, 0x0963))
    for c in range(lo, hi + 1)
) + "\u200c\u200d"
FTS_TOKENIZE = f"unicode61 remove_diacritics 0 tokenchars '{_MARKS}'"


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
    if bind.dialect.name == "sqlite":
        # Page text in a real table (indexed by document: re-indexing a document must not scan
        # the whole FTS table), page_fts becomes an external-content index kept in step by triggers.
        op.execute(
            "CREATE TABLE search_pages ("
            " id INTEGER PRIMARY KEY,"
            " document_id VARCHAR(40) NOT NULL,"
            " page_no INTEGER NOT NULL,"
            " text TEXT NOT NULL,"
            " UNIQUE (document_id, page_no))"
        )
        op.execute("INSERT OR REPLACE INTO search_pages(document_id, page_no, text) "
                   "SELECT document_id, page_no, text FROM page_fts")
        op.execute("DROP TABLE page_fts")
        op.execute(
            "CREATE VIRTUAL TABLE page_fts USING fts5(text, content='search_pages', content_rowid='id', "
            f"tokenize=\"{FTS_TOKENIZE}\")"
        )
        op.execute("CREATE TRIGGER search_pages_ai AFTER INSERT ON search_pages BEGIN "
                   "INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text); END")
        op.execute("CREATE TRIGGER search_pages_ad AFTER DELETE ON search_pages BEGIN "
                   "INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text); END")
        op.execute("CREATE TRIGGER search_pages_au AFTER UPDATE ON search_pages BEGIN "
                   "INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text); "
                   "INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text); END")
        op.execute("INSERT INTO page_fts(page_fts) VALUES ('rebuild')")
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
    _rebuild_vocabulary(bind)
    _backfill_doc_dates(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS search_pages")
    else:
        op.execute("DROP TABLE page_fts")
        op.execute(
            "CREATE VIRTUAL TABLE page_fts USING fts5(text, document_id UNINDEXED, page_no UNINDEXED, "
            f"tokenize=\"{FTS_TOKENIZE}\")"
        )
        op.execute("INSERT INTO page_fts(text, document_id, page_no) SELECT text, document_id, page_no FROM search_pages")
        op.execute("DROP TABLE search_pages")
    op.drop_table("search_term_variants")
    op.drop_table("search_terms")
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_doc_date")
        batch.drop_column("doc_date")


# -- data steps: frozen copies of the code of this revision (later vocabularies add columns) -------
def _rebuild_vocabulary(conn: sa.Connection) -> None:
    """search_terms (word, pages) and search_term_variants (one-deletion variants of the words of
    3-40 characters without digits), from the pages moved over above."""
    import unicodedata
    from collections import Counter

    import regex

    token = regex.compile(r"[\p{L}\p{M}\p{N}]+")
    table = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff"} | {0x0966 + i: ord("0") + i for i in range(10)}
    counts: Counter[str] = Counter()
    for (page_text,) in conn.execute(sa.text("SELECT text FROM search_pages")):
        norm = unicodedata.normalize("NFC", page_text or "").translate(table)
        counts.update({w.casefold() for w in token.findall(norm) if len(w) <= 120})
    conn.execute(sa.text("DELETE FROM search_term_variants"))
    conn.execute(sa.text("DELETE FROM search_terms"))
    if not counts:
        return
    conn.execute(sa.text("INSERT INTO search_terms(term, n) VALUES (:t, :n)"),
                 [{"t": t, "n": n} for t, n in sorted(counts.items())])
    variants = sorted({(t[:i] + t[i + 1:], t) for t in counts if 3 <= len(t) <= 40 and not any(ch.isdigit() for ch in t)
                       for i in range(len(t))})
    if variants:
        conn.execute(sa.text("INSERT INTO search_term_variants(variant, term) VALUES (:v, :t)"),
                     [{"v": v, "t": t} for v, t in variants])


def _backfill_doc_dates(conn: sa.Connection) -> None:
    """documents.doc_date = the first ISO date among the extracted entities' dates."""
    import datetime as dt
    import json

    value_sql = "CAST(:d AS DATE)" if conn.dialect.name == "postgresql" else ":d"  # SQLite stores ISO text
    rows = conn.execute(sa.text("SELECT id, entities FROM documents WHERE doc_date IS NULL")).all()
    for doc_id, raw in rows:
        entities = json.loads(raw) if isinstance(raw, str) else raw
        dates = entities.get("dates") if isinstance(entities, dict) else None
        for value in dates or ():
            try:
                found = dt.date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
            conn.execute(sa.text(f"UPDATE documents SET doc_date = {value_sql} WHERE id = :i"),
                         {"d": found.isoformat(), "i": doc_id})
            break
