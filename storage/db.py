"""Open the metadata database and create its schema (SQLite with FTS5, or PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event, text

from .schema import metadata

# Devanagari combining marks that SQLite's unicode61 tokenizer must keep inside words
# (traps.md): without them it splits शिक्षा at every vowel sign and matches किसान with कौसानी.
_DEVANAGARI_MARKS = "".join(
    chr(c)
    for lo, hi in ((0x0900, 0x0903), (0x093A, 0x094F), (0x0951, 0x0957), (0x0962, 0x0963))
    for c in range(lo, hi + 1)
) + "\u200c\u200d"

FTS_TOKENIZE = f"unicode61 remove_diacritics 0 tokenchars '{_DEVANAGARI_MARKS}'"


def open_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def init_schema(engine: Engine) -> None:
    metadata.create_all(engine)
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.execute(
                text(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS page_fts USING fts5("
                    "text, document_id UNINDEXED, page_no UNINDEXED, "
                    f"tokenize=\"{FTS_TOKENIZE}\")"
                )
            )
