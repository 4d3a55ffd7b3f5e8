"""Full-text search over page text: one interface, two backends with the same semantics
(SQLite FTS5 in ``sqlite``, PostgreSQL tsvector in ``postgres``; ``open_index`` picks one).

- Text is indexed after ``domain.text.normalize`` (NFC, zero-width removed, Devanagari digits as
  ASCII) and split by ``domain.text.split_tokens``; queries are treated the same way, so क़/क़,
  ०१२/012 and क्‍या/क्या match, and Devanagari words stay whole (किसान never matches कौसानी).
- All query words must occur on a page (AND). A word that is in no indexed page is OCR-error
  tolerant: it expands to indexed words one edit away (``vocab``), and pages are ranked by the
  trigram similarity of what matched (``weights``), then by text relevance (BM25 / ts_rank).
  When no page has every word, pages with any of them are returned (same ranking).
- Unless ``exact``, a query word also matches the indexed words sharing its spelling-variant,
  inflection or cross-script phonetic key (``expand``, ADR 0022), weighted below the word itself so
  exact matches rank first; ``find`` says which other words were searched (``also_matched``).
- Filters are part of the query: ``departments`` (a department user's scope; ``[]`` = nothing),
  ``file_number`` (compared in normalised form), ``date_from``/``date_to`` (documents.doc_date).
- Snippets are built in Python, the same for both backends, with matches inside « » (``snippets``).
- When more than ``RANK_CAP`` pages match, only ``RANK_CAP`` of them are ranked (SQLite: the most
  recently indexed; PostgreSQL: the first found) so a very common word stays fast.

Modules: ``base`` (the shared part), ``expand`` (key expansion), ``sqlite`` and ``postgres`` (one ranked query each),
``weights`` (the page-weight plan both render), ``vocab`` (indexed words and their one-deletion
variants), ``snippets``. Decisions: docs/adr/0003 and 0006.
"""

from __future__ import annotations

from sqlalchemy import Engine

from .base import MAX_QUERY_WORDS, RANK_CAP, Hit, SearchIndex, SearchResult
from .snippets import MARK_END, MARK_START, make_snippet

__all__ = ["MARK_END", "MARK_START", "MAX_QUERY_WORDS", "RANK_CAP", "Hit", "SearchIndex", "SearchResult", "make_snippet", "open_index"]


def open_index(engine: Engine) -> SearchIndex:
    """The search index of this database: SQLite FTS5 or PostgreSQL."""
    if engine.dialect.name == "postgresql":
        from .postgres import PgSearchIndex

        return PgSearchIndex(engine)
    from .sqlite import SqliteSearchIndex

    return SqliteSearchIndex(engine)
