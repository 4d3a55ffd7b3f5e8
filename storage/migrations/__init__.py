"""Alembic migrations of the metadata database (see docs/adr/0006-database-and-migrations.md)."""

from __future__ import annotations

# Dialect-specific search objects that migrations create but storage.schema does not describe
# (SQLite FTS5 `page_fts` and its shadow tables, PostgreSQL `search_pages`): autogenerate must
# neither drop nor compare them.
IGNORED_TABLE_PREFIXES = ("page_fts", "search_pages", "alembic_version")
# Indexes that only the search queries use (migration 0007), on tables storage.schema describes.
IGNORED_INDEX_PREFIXES = ("ix_search_",)


def include_name(name, type_, parent_names):  # type: ignore[no-untyped-def]
    if type_ == "table" and name is not None and name.startswith(IGNORED_TABLE_PREFIXES):
        return False
    if type_ == "index" and name is not None and name.startswith(IGNORED_INDEX_PREFIXES):
        return False
    return True
