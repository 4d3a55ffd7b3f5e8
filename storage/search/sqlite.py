"""SQLite backend of the search index (semantics: storage/search/base.py).

Page text lives in ``search_pages``, indexed by the external-content FTS5 table ``page_fts``
(Devanagari-safe tokenizer storage.db.FTS_TOKENIZE; triggers keep the two in step). A page weight
that varies between pages (storage/search/weights.py) is computed by the SQL function
``sanchika_weight(text, plan)`` over the page text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import regex
from sqlalchemy import Connection, text

from domain.text import WORD_CHAR

from .base import RANK_CAP, PageRows, Row, SearchIndex
from .weights import Group, WeightPlan, plan_weights


class SqliteSearchIndex(SearchIndex):
    """SQLite: page text in ``search_pages``, indexed by the external-content FTS5 table ``page_fts``."""

    dialect = "sqlite"

    def _replace_pages(self, c: Connection, docs: PageRows, departments: dict[str, str | None]) -> None:
        ids = list(docs)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            c.exec_driver_sql(f"DELETE FROM search_pages WHERE document_id IN ({','.join('?' * len(chunk))})", tuple(chunk))
        rows = [(doc_id, n, norm) for doc_id, pages in docs.items() for n, norm, _ in pages]
        if rows:
            c.exec_driver_sql("INSERT INTO search_pages(document_id, page_no, text) VALUES (?, ?, ?)", rows)

    def _run(self, c: Connection, groups: list[Group], mode: str, filters: dict[str, Any],
             limit: int, offset: int) -> list[Row]:
        def phrase(term: str) -> str:
            return '"' + term.replace('"', '""') + '"'

        parts = ["(" + " OR ".join(phrase(t) for t, _ in g) + ")" for g in groups]
        params: dict[str, Any] = {"m": f" {mode.upper()} ".join(parts), "cap": RANK_CAP, "n": limit, "o": offset}
        plan = plan_weights(groups, mode)
        if plan.is_constant:
            weight = repr(plan.constant)
        else:
            _register_weight(c)
            params["plan"] = plan.to_json()
            weight = "sanchika_weight(s.text, :plan)"
        sql = (
            "SELECT document_id, page_no, w, rel FROM ("
            f"  SELECT s.document_id, s.page_no, -bm25(page_fts) AS rel, {weight} AS w, f.rowid AS rid"
            # the covering index maps the FTS rowid to its page without reading the page's row
            # (its text: a random read per candidate in a file of several GB; migration 0007)
            "   FROM page_fts f JOIN search_pages s INDEXED BY ix_search_pages_key ON s.id = f.rowid"
            "   JOIN documents d ON d.id = s.document_id"
            "   WHERE page_fts MATCH :m" + self._filter_sql(filters, params) +
            "   ORDER BY f.rowid DESC LIMIT :cap"
            ") ORDER BY w DESC, rel DESC, rid DESC LIMIT :n OFFSET :o"
        )
        return [(r[0], int(r[1]), float(r[2]), float(r[3])) for r in c.execute(text(sql), params)]


@lru_cache(maxsize=64)
def _compiled(spec: str) -> tuple[WeightPlan, dict[str, regex.Pattern[str]]]:
    plan = WeightPlan.from_json(spec)
    words = {t for g in plan.varying for t, _ in g}
    return plan, {t: regex.compile(rf"(?<!{WORD_CHAR}){regex.escape(t)}(?!{WORD_CHAR})", regex.IGNORECASE)
                  for t in words}


def page_weight(page_text: str, spec: str) -> float:
    """``sanchika_weight(text, plan)``: the plan's weight of this page (a word is on the page when
    it occurs there as a whole word, case-insensitively)."""
    plan, patterns = _compiled(spec)
    return plan.page_weight(lambda t: patterns[t].search(page_text) is not None)


def _register_weight(c: Connection) -> None:
    raw = c.connection.dbapi_connection
    if raw is not None and not getattr(raw, "_sanchika_weight", False):
        raw.create_function("sanchika_weight", 2, page_weight, deterministic=True)
        try:
            raw._sanchika_weight = True  # type: ignore[attr-defined]
        except AttributeError:  # sqlite3.Connection has no __dict__: register every time
            pass
