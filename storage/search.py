"""Full-text search over page text: one interface, two backends with the same semantics
(SQLite FTS5 here, PostgreSQL tsvector + pg_trgm in ``search_pg``; ``open_index`` picks one).

- Text is indexed after ``domain.text.normalize`` (NFC, zero-width removed, Devanagari digits as
  ASCII) and split by ``domain.text.tokens``; queries are treated the same way, so क़/क़,
  ०१२/012 and क्‍या/क्या match, and Devanagari words stay whole (किसान never matches कौसानी).
- All query words must occur on a page (AND). A word that is in no indexed page is OCR-error
  tolerant: it expands to indexed words one edit away (``storage.vocab``), and pages are ranked
  by the trigram similarity of what matched, then by text relevance (BM25 / ts_rank).
  When no page has every word, pages with any of them are returned (same ranking).
- Filters are part of the query: ``departments`` (a department user's scope; ``[]`` = nothing),
  ``file_number`` (compared in normalised form), ``date_from``/``date_to`` (documents.doc_date).
- Snippets are built here, the same for both backends, with matches inside « ».
- When more than ``RANK_CAP`` pages match, only ``RANK_CAP`` of them are ranked (SQLite: the most
  recently indexed; PostgreSQL: the first found) so a very common word stays fast.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import regex
from sqlalchemy import Connection, Engine, bindparam, text

from domain.text import iter_token_spans, normalize, tokens

from . import vocab

_SPECIAL = regex.compile("[\u200b\u200c\u200d\u2060\ufeff\u0966-\u096f]")
_SPACES = regex.compile(r"\s+")
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def fast_normalize(value: str) -> str:
    """``domain.text.normalize`` with a fast path: ``str.translate`` costs ~0.3 ms per page of
    Devanagari, and most pages have no zero-width characters or Devanagari digits."""
    value = unicodedata.normalize("NFC", value)
    if _SPECIAL.search(value):
        return normalize(value)
    return _SPACES.sub(" ", value).strip()


def _tokens(normalised: str) -> list[str]:
    """``domain.text.tokens`` of text that is already normalised."""
    return [m.casefold() for m in _TOKEN.findall(normalised)]


MARK_START = "«"
MARK_END = "»"
RANK_CAP = 1000
MAX_QUERY_WORDS = 12
SNIPPET_TOKENS = 16


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: str
    page: int
    score: float
    snippet: str
    department: str | None
    file_number: str | None
    name: str


# One query word and what it may match on a page: [(indexed word, weight)], weight 1.0 = exact.
Group = list[tuple[str, float]]


def normalize_file_number(value: str) -> str:
    try:
        from classify.extract import normalize_file_number as norm
    except ImportError:  # pragma: no cover - classify is part of the distribution
        return normalize(value)
    return norm(value)


class SearchIndex:
    """Backend-independent parts: vocabulary upkeep, query planning, fuzzy expansion, snippets."""

    dialect = ""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- page storage: table search_pages on both backends (migration 0002) ----------------------
    def _old_texts(self, c: Connection, doc_ids: list[str]) -> list[str]:
        """The indexed text of every page of these documents (one query per 500 documents)."""
        q = text("SELECT text FROM search_pages WHERE document_id IN :ids").bindparams(bindparam("ids", expanding=True))
        out: list[str] = []
        for i in range(0, len(doc_ids), 500):
            out.extend(r[0] for r in c.execute(q, {"ids": doc_ids[i:i + 500]}))
        return out

    def _replace_pages(self, c: Connection, docs: dict[str, list[tuple[int, str, list[str]]]]) -> None:
        """Delete the pages of every document in ``docs`` and insert the given ones (bulk statements)."""
        raise NotImplementedError

    def _prepare_read(self, c: Connection) -> None:
        """Session settings for one search (the connection is the caller's, from the pool)."""

    def _similarities(self, c: Connection, word: str, terms: list[str]) -> dict[str, float]:
        return {t: vocab.similarity(word, t) for t in terms}

    def _run(self, c: Connection, groups: list[Group], mode: str, filters: dict[str, Any],
             limit: int, offset: int) -> list[tuple[str, int, float, float]]:
        """Rows (document_id, page_no, weight, relevance), best first."""
        raise NotImplementedError

    def _details(self, c: Connection, keys: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, str | None, str | None, str]]:
        """(text, department, file number, document name) of each hit page, in one query that
        reads exactly those pages (one primary-key probe per page)."""
        params: dict[str, Any] = {}
        pairs = []
        for i, (doc_id, page_no) in enumerate(dict.fromkeys(keys)):
            params[f"d{i}"], params[f"p{i}"] = doc_id, page_no
            pairs.append(f"(s.document_id = :d{i} AND s.page_no = :p{i})")
        q = text(
            "SELECT s.document_id, s.page_no, s.text, d.department, d.file_number, d.name "
            "FROM search_pages s JOIN documents d ON d.id = s.document_id WHERE " + " OR ".join(pairs)
        )
        return {(r[0], int(r[1])): (r[2], r[3], r[4], r[5]) for r in c.execute(q, params)}

    # -- writing -----------------------------------------------------------------------------
    def index_document(self, doc_id: str, page_texts: list[tuple[int, str]]) -> None:
        """(Re)index a document's pages: replaces whatever was indexed for it before."""
        self.index_documents([(doc_id, page_texts)])

    def index_documents(self, docs: Iterable[tuple[str, list[tuple[int, str]]]]) -> None:
        """(Re)index several documents in one transaction with a few bulk statements (bulk loads,
        re-index jobs). A document listed twice keeps its last page list."""
        prepared: dict[str, list[tuple[int, str, list[str]]]] = {}
        for doc_id, page_texts in docs:
            rows = []
            for page_no, raw in page_texts:
                norm = fast_normalize(raw or "")
                if norm:
                    rows.append((int(page_no), norm, _tokens(norm)))
            prepared.pop(doc_id, None)
            prepared[doc_id] = rows
        if not prepared:
            return
        new: Counter[str] = Counter()
        for rows in prepared.values():
            for _, _, toks in rows:
                words = set(toks)
                if max(map(len, words), default=0) > vocab.MAX_TERM_LEN:
                    words = {t for t in words if len(t) <= vocab.MAX_TERM_LEN}
                new.update(words)
        with self.engine.begin() as c:
            old: Counter[str] = Counter()
            for t in self._old_texts(c, list(prepared)):
                old.update(vocab.page_terms(t))
            self._replace_pages(c, prepared)
            vocab.apply_term_delta(c, old, new)

    # -- reading -----------------------------------------------------------------------------
    def search(self, query: str, *, departments: list[str] | None = None, file_number: str | None = None,
               date_from: date | None = None, date_to: date | None = None,
               limit: int = 20, offset: int = 0) -> list[Hit]:
        if departments is not None and not departments:
            return []
        words = list(dict.fromkeys(tokens(query)))[:MAX_QUERY_WORDS]
        if not words or limit <= 0:
            return []
        filters: dict[str, Any] = {
            "departments": list(departments) if departments is not None else None,
            "file_number": normalize_file_number(file_number) if file_number else None,
            "date_from": date_from,
            "date_to": date_to,
        }
        with self.engine.connect() as c:
            self._prepare_read(c)
            groups = self._expand(c, words)
            rows: list[tuple[str, int, float, float]] = []
            if all(groups):
                rows = self._run_and(c, groups, filters, limit, max(offset, 0))
            nonempty = [g for g in groups if g]
            if not rows and len(groups) > 1 and nonempty:
                rows = self._run(c, nonempty, "or", filters, limit, max(offset, 0))
            if not rows:
                return []
            details = self._details(c, [(r[0], r[1]) for r in rows])
        marked = {t for g in groups for t, _ in g}
        hits = []
        for doc_id, page_no, weight, rel in rows:
            page_text, dep, fn, name = details.get((doc_id, page_no), ("", None, None, ""))
            hits.append(Hit(doc_id, page_no, round(weight * rel, 4), make_snippet(page_text, marked), dep, fn, name))
        return hits

    def _run_and(self, c: Connection, groups: list[Group], filters: dict[str, Any],
                 limit: int, offset: int) -> list[tuple[str, int, float, float]]:
        """AND query. With one fuzzy word of several alternatives, the alternatives are tried best
        first (tiers): a page's weight is its best alternative, so tier by tier gives the same order
        (weight, then relevance) while each query has a constant weight and stops early."""
        multi = [i for i, g in enumerate(groups) if len(g) > 1]
        if len(multi) != 1:
            return self._run(c, groups, "and", filters, limit, offset)
        fi = multi[0]
        need = offset + limit
        rows: list[tuple[str, int, float, float]] = []
        seen: set[tuple[str, int]] = set()
        for alt in groups[fi]:
            sub = [*groups[:fi], [alt], *groups[fi + 1:]]
            for r in self._run(c, sub, "and", filters, need + len(seen), 0):
                if (r[0], r[1]) not in seen:
                    seen.add((r[0], r[1]))
                    rows.append(r)
            if len(rows) >= need:
                break
        rows.sort(key=lambda r: (-r[2], -r[3]))
        return rows[offset:offset + limit]

    def _expand(self, c: Connection, words: list[str]) -> list[Group]:
        """What each query word may match: itself when indexed (or not fuzzy-eligible), else its
        fuzzy expansions (possibly none). One vocabulary query for all words."""
        counts = vocab.term_counts(c, words)
        groups: list[Group] = []
        for word in words:
            if counts.get(word, 0) > 0 or not vocab.fuzzy_eligible(word):
                groups.append([(word, 1.0)])
                continue
            cands = vocab.fuzzy_candidates(c, word)
            if not cands:
                groups.append([])
                continue
            sims = self._similarities(c, word, cands)
            ranked = sorted(((t, s) for t, s in sims.items() if s >= vocab.MIN_SIMILARITY), key=lambda x: (-x[1], x[0]))
            groups.append([(t, round(s, 4)) for t, s in ranked[:vocab.MAX_EXPANSIONS]])
        return groups

    @staticmethod
    def _filter_sql(filters: dict[str, Any], params: dict[str, Any]) -> str:
        sql = " AND d.status = 'done'"
        deps = filters.get("departments")
        if deps is not None:
            names = []
            for i, dep in enumerate(deps):
                params[f"dep{i}"] = dep
                names.append(f":dep{i}")
            sql += f" AND d.department IN ({', '.join(names) or 'NULL'})"
        if filters.get("file_number"):
            params["fn"] = filters["file_number"]
            sql += " AND d.file_number = :fn"
        if filters.get("date_from"):
            params["dfrom"] = filters["date_from"]
            sql += " AND d.doc_date >= :dfrom"
        if filters.get("date_to"):
            params["dto"] = filters["date_to"]
            sql += " AND d.doc_date <= :dto"
        return sql


class SqliteSearchIndex(SearchIndex):
    """SQLite: page text in ``search_pages``, indexed by the external-content FTS5 table ``page_fts``
    (Devanagari-safe tokenizer storage.db.FTS_TOKENIZE; triggers keep the two in step)."""

    dialect = "sqlite"

    def _replace_pages(self, c: Connection, docs: dict[str, list[tuple[int, str, list[str]]]]) -> None:
        ids = list(docs)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            c.exec_driver_sql(f"DELETE FROM search_pages WHERE document_id IN ({','.join('?' * len(chunk))})", tuple(chunk))
        rows = [(doc_id, n, norm) for doc_id, pages in docs.items() for n, norm, _ in pages]
        if rows:
            c.exec_driver_sql("INSERT INTO search_pages(document_id, page_no, text) VALUES (?, ?, ?)", rows)

    def _run(self, c: Connection, groups: list[Group], mode: str, filters: dict[str, Any],
             limit: int, offset: int) -> list[tuple[str, int, float, float]]:
        def phrase(term: str) -> str:
            return '"' + term.replace('"', '""') + '"'

        parts = ["(" + " OR ".join(phrase(t) for t, _ in g) + ")" for g in groups]
        params: dict[str, Any] = {"m": f" {mode.upper()} ".join(parts), "cap": RANK_CAP, "n": limit, "o": offset}
        weight = "1.0"
        if any(w < 1.0 for g in groups for _, w in g):
            constant = _constant_weight(groups, mode)
            if constant is not None:
                weight = repr(constant)
            else:
                _register_weight(c)
                params["spec"] = _weight_spec(groups, mode)
                weight = "sanchika_weight(s.text, :spec)"
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


def _constant_weight(groups: list[Group], mode: str) -> float | None:
    """The page weight when it cannot vary between matching pages (AND, one alternative per word)."""
    if mode != "and" or any(len(g) != 1 for g in groups):
        return None
    result = 1.0
    for g in groups:
        result *= g[0][1]
    return result


# -- per-page weight of fuzzy matches (SQLite: a SQL function over the page text) --------------
_WORD = r"[\p{L}\p{M}\p{N}]"


def _weight_spec(groups: list[Group], mode: str) -> str:
    import json

    return json.dumps({"mode": mode, "groups": groups}, ensure_ascii=False)


@lru_cache(maxsize=64)
def _compiled(spec: str) -> tuple[str, list[list[tuple[Any, float]]]]:
    import json

    data = json.loads(spec)
    groups = [[(regex.compile(rf"(?<!{_WORD}){regex.escape(t)}(?!{_WORD})", regex.IGNORECASE), float(w)) for t, w in g]
              for g in data["groups"]]
    return data["mode"], groups


def page_weight(page_text: str, spec: str) -> float:
    """Product (AND) or best (OR) over the query words of the best weight found on the page
    (1.0 for an exact word, the trigram similarity for a fuzzy expansion)."""
    mode, groups = _compiled(spec)
    best_per_group = [max((w for rx, w in g if rx.search(page_text)), default=0.0) for g in groups]
    if mode == "or":
        return max(best_per_group, default=0.0)
    result = 1.0
    for b in best_per_group:
        result *= b
    return result


def _register_weight(c: Connection) -> None:
    raw = c.connection.dbapi_connection
    if raw is not None and not getattr(raw, "_sanchika_weight", False):
        raw.create_function("sanchika_weight", 2, page_weight, deterministic=True)
        try:
            raw._sanchika_weight = True  # type: ignore[attr-defined]
        except AttributeError:  # sqlite3.Connection has no __dict__: register every time
            pass


# -- snippets ----------------------------------------------------------------------------------
@lru_cache(maxsize=256)
def _terms_regex(terms: frozenset[str]):  # type: ignore[no-untyped-def]
    alts = "|".join(regex.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t)))
    return regex.compile(rf"(?<!{_WORD})(?:{alts})(?!{_WORD})", regex.IGNORECASE)


def make_snippet(page_text: str, terms: set[str], width: int = SNIPPET_TOKENS) -> str:
    """About ``width`` words around the first place with the most distinct matches; matched words
    inside « »; … where text was cut. Only a window around the first match is tokenised."""
    if not page_text:
        return ""
    first = _terms_regex(frozenset(terms)).search(page_text) if terms else None
    lo = max(0, first.start() - 80) if first else 0  # ~3 words before the first match
    hi = min(len(page_text), (first.end() if first else 0) + 25 * width)
    spans = [(s + lo, e + lo, w) for s, e, w in iter_token_spans(page_text[lo:hi])]
    if lo > 0 and spans and spans[0][0] == lo:
        spans = spans[1:]  # possibly cut in the middle of a word
    if hi < len(page_text) and spans and spans[-1][1] == hi:
        spans = spans[:-1]
    if not spans:
        return ""
    hit = [s[2].casefold() in terms for s in spans]
    best_start, best_score = 0, -1
    for i, is_hit in enumerate(hit):
        if not is_hit:
            continue
        start = max(0, i - 3)
        score = len({spans[j][2].casefold() for j in range(start, min(len(spans), start + width)) if hit[j]})
        if score > best_score:
            best_start, best_score = start, score
    end = min(len(spans), best_start + width)
    out = []
    pos = spans[best_start][0]
    for j in range(best_start, end):
        s, e, word = spans[j]
        out.append(page_text[pos:s])
        out.append(f"{MARK_START}{word}{MARK_END}" if hit[j] else word)
        pos = e
    prefix = "…" if best_start > 0 or lo > 0 else ""
    suffix = "…" if end < len(spans) or hi < len(page_text) else page_text[pos:]
    return (prefix + "".join(out) + suffix).strip()


def open_index(engine: Engine) -> SearchIndex:
    """The search index of this database: SQLite FTS5 or PostgreSQL."""
    if engine.dialect.name == "postgresql":
        from .search_pg import PgSearchIndex

        return PgSearchIndex(engine)
    return SqliteSearchIndex(engine)
