"""PostgreSQL backend of the search index (semantics: storage/search/base.py).

Pages live in ``search_pages`` (migration 0002): the normalised text and a ``tsvector`` built with
the ``simple`` configuration from Sanchika's own tokens (joined by spaces), so PostgreSQL and
SQLite see the same words: PostgreSQL's parser alone would keep ``12.03.2019`` or ``F.No`` as one
word. Query words become ``plainto_tsquery('simple', word)`` and are combined with ``&&``/``||``.
Fuzzy expansions come from the shared vocabulary (storage/search/vocab.py), ranked by its
``similarity`` (pg_trgm's formula, computed in Python for both backends: pg_trgm itself treats the
virama U+094D as a word break under C.UTF-8, so शिक्शा becomes "शिक" + "शा" and conjunct words
score wrongly; ADR 0006). A page weight that varies between pages (storage/search/weights.py) is
rendered as ``CASE WHEN tsv @@ …``. The database must have a UTF-8 LC_CTYPE (checked at start-up
by storage.db.init_schema; docs/traps.md).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from .base import RANK_CAP, PageRows, Row, SearchIndex
from .weights import Group, WeightPlan, plan_weights


class PgSearchIndex(SearchIndex):
    dialect = "postgresql"
    # Ranking reads up to RANK_CAP heap rows at random places (a bitmap heap scan): let PostgreSQL
    # prefetch them (default 1 = none). Measured at 1M pages with a cold page cache: one-word p95
    # 34-52 ms -> 26-31 ms (docs/benchmarks.md). No JIT: compiling costs more than these queries.
    IO_CONCURRENCY = 32

    def _prepare_read(self, c: Connection) -> None:
        c.exec_driver_sql("SELECT set_config('effective_io_concurrency', %s, true), set_config('jit', 'off', true)",
                          (str(self.IO_CONCURRENCY),))

    def _replace_pages(self, c: Connection, docs: PageRows, departments: dict[str, str | None]) -> None:
        c.exec_driver_sql("DELETE FROM search_pages WHERE document_id = ANY(%s)", (list(docs),))
        rows = [(doc_id, n, norm, " ".join(toks), departments.get(doc_id))
                for doc_id, pages in docs.items() for n, norm, toks in pages]
        if rows:
            # the page's department (migration 0012): the caller's, else the document's current one;
            # a trigger on documents keeps it in step with later changes
            c.exec_driver_sql(
                "INSERT INTO search_pages(document_id, page_no, text, tsv, department) "
                "SELECT x.d, x.p, x.t, to_tsvector('simple', x.w), "
                "       COALESCE(x.dep, (SELECT department FROM documents WHERE id = x.d)) "
                "FROM unnest(%b::text[], %b::int[], %b::text[], %b::text[], %b::text[]) AS x(d, p, t, w, dep)",
                tuple(list(col) for col in zip(*rows, strict=True)),
            )

    def _run(self, c: Connection, groups: list[Group], mode: str, filters: dict[str, Any],
             limit: int, offset: int) -> list[Row]:
        params: dict[str, Any] = {"cap": RANK_CAP, "n": limit, "o": offset}
        group_sql: list[str] = []
        for gi, group in enumerate(groups):
            alts = []
            for ai, (term, _) in enumerate(group):
                params[f"t{gi}_{ai}"] = term
                alts.append(f"plainto_tsquery('simple', :t{gi}_{ai})")
            group_sql.append("(" + " || ".join(alts) + ")")
        tsq = (" && " if mode == "and" else " || ").join(group_sql)
        weight_expr = _weight_sql(plan_weights(groups, mode), params)
        sql = (
            "SELECT document_id, page_no, w, rel FROM ("
            f"  SELECT s.document_id, s.page_no, ts_rank(s.tsv, q.q) AS rel, {weight_expr} AS w"
            "   FROM search_pages s JOIN documents d ON d.id = s.document_id,"
            f"        (SELECT {tsq} AS q) q"
            "   WHERE s.tsv @@ q.q" + self._filter_sql(filters, params) + _page_department_sql(filters) +
            "   LIMIT :cap"
            ") m ORDER BY w DESC, rel DESC, document_id, page_no LIMIT :n OFFSET :o"
        )
        return [(r[0], int(r[1]), float(r[2]), float(r[3])) for r in c.execute(text(sql), params)]


def _page_department_sql(filters: dict[str, Any]) -> str:
    """The department scope on the page row too (migration 0012): PostgreSQL intersects the word's
    GIN bitmap with the department's btree bitmap before reading rows. The documents condition
    (``_filter_sql``, same parameters) stays the authority."""
    deps = filters.get("departments")
    if not deps:
        return ""
    return " AND s.department IN (" + ", ".join(f":dep{i}" for i in range(len(deps))) + ")"


def _weight_sql(plan: WeightPlan, params: dict[str, Any]) -> str:
    """The plan as a SQL expression over ``s.tsv`` (parameters added to ``params``)."""
    if plan.is_constant:
        return repr(plan.constant)
    per_group = []
    for gi, group in enumerate(plan.varying):
        cases = []
        for ai, (term, weight) in enumerate(group):
            params[f"vt{gi}_{ai}"], params[f"vw{gi}_{ai}"] = term, weight
            cases.append(f"CASE WHEN s.tsv @@ plainto_tsquery('simple', :vt{gi}_{ai}) THEN :vw{gi}_{ai} ELSE 0 END")
        per_group.append(cases[0] if len(cases) == 1 else "GREATEST(" + ", ".join(cases) + ")")
    if plan.mode == "or":
        return per_group[0] if len(per_group) == 1 else "GREATEST(" + ", ".join(per_group) + ")"
    return " * ".join([repr(plan.constant), *per_group])
