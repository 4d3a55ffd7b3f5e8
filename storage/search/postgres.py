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

Pages are found through the words' GIN bitmap, intersected with the department's when the search
is scoped (migration 0012). One department and words on a large share of all pages (a frequent
word and its alternatives): the department's own pages are walked instead and the walk stops at
the rank cap (``_walk_rows``, ``_walk``; issue 18, docs/benchmarks.md). The walk ranks the first
``RANK_CAP`` matching pages in physical order, the same pages as the bitmap query when pages drive
its plan (when the planner drives it from the documents, in parallel, its "first found" pages vary
from run to run: docs/benchmarks.md).
"""

from __future__ import annotations

import math
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
    # A department-scoped query over frequent words walks the department's pages instead of the
    # words' GIN bitmap (``_walk_rows``). WALK_COST: one walked page costs as much as this many
    # GIN postings (0.2-0.7 µs a posting, 4.6-7.3 µs a walked page, and the bitmap query also builds
    # the department's bitmap and hashes its documents: 15 + 40 ms at 1M pages under load; 10 gave
    # rom-dept p95 193 ms against 232 ms with 25 and 402 ms bitmap only, docs/benchmarks.md);
    # WALK_SLACK: the walk reads at most this many times the pages expected to reach ``rank_cap``
    # matches before the bitmap takes over.
    WALK_COST = 10.0
    WALK_SLACK = 2.0
    rank_cap = RANK_CAP

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
        params: dict[str, Any] = {"cap": self.rank_cap, "n": limit, "o": offset}
        group_sql: list[str] = []
        for gi, group in enumerate(groups):
            alts = []
            for ai, (term, _) in enumerate(group):
                params[f"t{gi}_{ai}"] = term
                alts.append(f"plainto_tsquery('simple', :t{gi}_{ai})")
            group_sql.append("(" + " || ".join(alts) + ")")
        tsq = (" && " if mode == "and" else " || ").join(group_sql)
        weight_expr = _weight_sql(plan_weights(groups, mode), params)
        filter_sql = self._filter_sql(filters, params)
        deps = filters.get("departments")
        walk = self._walk_rows(c, groups, mode) if deps and len(deps) == 1 else 0
        if walk:
            rows = self._walk(c, tsq, weight_expr, filter_sql, {**params, "walk": walk})
            if rows is not None:
                return rows
        sql = (
            "SELECT document_id, page_no, w, rel FROM ("
            f"  SELECT s.document_id, s.page_no, ts_rank(s.tsv, q.q) AS rel, {weight_expr} AS w"
            "   FROM search_pages s JOIN documents d ON d.id = s.document_id,"
            f"        (SELECT {tsq} AS q) q"
            "   WHERE s.tsv @@ q.q" + filter_sql + _page_department_sql(filters) +
            "   LIMIT :cap"
            ") m ORDER BY w DESC, rel DESC, document_id, page_no LIMIT :n OFFSET :o"
        )
        return [(r[0], int(r[1]), float(r[2]), float(r[3])) for r in c.execute(text(sql), params)]

    # -- one department, frequent words: walk the department's pages (issue 18) -------------------
    def _walk_rows(self, c: Connection, groups: list[Group], mode: str) -> int:
        """How many of the department's pages to walk, or 0 for the word bitmap. The bitmap reads
        every posting of every alternative (a bitmap scan cannot stop early: 276,637 postings,
        67 ms, for a frequent romanised word at 1M pages); a walk reads the department's pages in
        the same (physical) order and stops at ``rank_cap`` matches: about rank_cap / (share of
        pages matching) pages when the words are spread evenly. The share is estimated from
        ``search_terms.n`` (an upper bound: a page holding two alternatives counts twice); the
        walk is bounded by ``WALK_SLACK`` times that and chosen only when even the bound costs less
        than the bitmap, so a word rarer in this department than overall (the walk ends short,
        the bitmap follows) costs at most twice the bitmap."""
        terms = sorted({t for g in groups for t, _ in g})
        row = c.execute(text(
            # the table's pages now, at the density of the last ANALYZE (as the planner estimates)
            "SELECT CASE WHEN relpages > 0 AND reltuples > 0 THEN reltuples / relpages"
            "        * (pg_relation_size(oid) / current_setting('block_size')::int) ELSE 0 END,"
            " (SELECT json_object_agg(term, n) FROM search_terms WHERE term = ANY(:terms))"
            " FROM pg_class WHERE oid = 'search_pages'::regclass"), {"terms": terms}).one()
        pages, counts = float(row[0] or 0), row[1] or {}
        if pages < self.rank_cap:
            return 0
        sums = [sum(max(int(counts.get(t, 0)), 0) for t, _ in g) for g in groups]
        share = 1.0
        for n in sums if mode == "and" else [sum(sums)]:
            share *= min(1.0, n / pages)
        # postings a bitmap reads: all of them (OR), at least the rarest word's (AND: GIN skips)
        postings = min(sums) if mode == "and" else sum(sums)
        walk = self.WALK_SLACK * self.rank_cap / share if share > 0 else math.inf
        return int(walk) + 1 if walk * self.WALK_COST < postings else 0

    def _walk(self, c: Connection, tsq: str, weight_expr: str, filter_sql: str,
              params: dict[str, Any]) -> list[Row] | None:
        """The ranked rows from the first ``walk`` pages of the department (physical order, as
        the bitmap's); None when they hold fewer than ``rank_cap`` matches (then the bitmap query
        gives the complete answer). The document conditions are a per-row sub-select, so the
        pages stay the driving side in their own order. For this statement: the department's
        btree walked in order (no sequential scan of every page; no bitmap of the whole
        department first: 4.6-7.3 against 6.7-11.5 µs a page at 600k pages) and no parallel
        workers (their pages would arrive in no fixed order)."""
        names = ("enable_seqscan", "enable_bitmapscan", "max_parallel_workers_per_gather")
        old = c.exec_driver_sql("SELECT " + ", ".join(f"current_setting('{n}')" for n in names) + ", "
                                + ", ".join(f"set_config('{n}', '{'0' if n.startswith('max') else 'off'}', true)" for n in names)).one()
        sql = (
            "SELECT document_id, page_no, w, rel, count(*) OVER () FROM ("
            f"  SELECT s.document_id, s.page_no, ts_rank(s.tsv, q.q) AS rel, {weight_expr} AS w"
            "   FROM (SELECT document_id, page_no, tsv FROM search_pages WHERE department = :dep0 LIMIT :walk) s,"
            f"        (SELECT {tsq} AS q) q"
            "   WHERE s.tsv @@ q.q AND (SELECT true FROM documents d WHERE d.id = s.document_id" + filter_sql + ")"
            "   LIMIT :cap"
            ") m ORDER BY w DESC, rel DESC, document_id, page_no LIMIT :n OFFSET :o"
        )
        rows = c.execute(text(sql), params).all()
        c.exec_driver_sql("SELECT " + ", ".join(f"set_config('{n}', %s, true)" for n in names), tuple(old[:len(names)]))
        if not rows or int(rows[0][4]) < self.rank_cap:
            return None
        return [(r[0], int(r[1]), float(r[2]), float(r[3])) for r in rows]


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
