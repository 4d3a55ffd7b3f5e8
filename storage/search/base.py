"""The backend-independent part of search (semantics: the package docstring, storage/search/__init__.py):
indexing (normalise, tokenise, vocabulary upkeep), query planning, fuzzy expansion, the any-word
fallback, filters and hits. A backend (``sqlite``, ``postgres``) writes pages and runs one ranked
query (``_run``) with the weights planned in ``weights``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, text

from domain.status import DocumentStatus
from domain.text import normalize, split_tokens, tokens

from .expand import FUZZY_SCALE, key_expansions, slip_matches
from .snippets import make_snippet
from .vocab import (
    MAX_EXPANSIONS,
    MAX_TERM_LEN,
    MIN_SIMILARITY,
    apply_term_delta,
    fuzzy_candidates,
    fuzzy_eligible,
    page_terms,
    similarity,
    term_counts,
)
from .weights import Group

RANK_CAP = 1000
MAX_QUERY_WORDS = 12
TIER_FLOOR = 0.75  # key tiers (exact, variant, inflection) weigh at least this
PHONETIC_FLOOR = 0.6  # phonetic alternatives weigh from this to TIER_FLOOR; OCR one-edit ones less
SLIP_WEIGHT = PHONETIC_FLOOR - 0.01  # a typing slip (ADR 0022 rule 21): the OCR tier's top


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: str
    page: int
    score: float
    snippet: str
    department: str | None
    file_number: str | None
    name: str


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[Hit]
    also_matched: list[str]  # indexed words searched besides the query's own (ADR 0022), best first


# (document_id, page_no, weight, relevance) of one ranked page
Row = tuple[str, int, float, float]
# document_id -> [(page_no, normalised text, tokens)]
PageRows = dict[str, list[tuple[int, str, list[str]]]]


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

    def _replace_pages(self, c: Connection, docs: PageRows, departments: dict[str, str | None]) -> None:
        """Delete the pages of every document in ``docs`` and insert the given ones (bulk statements).
        ``departments``: the department of a document when the caller knows it (PostgreSQL keeps it
        on each page, migration 0012; else the document's current one is used)."""
        raise NotImplementedError

    def _prepare_read(self, c: Connection) -> None:
        """Session settings for one search (the connection is the caller's, from the pool)."""

    def _run(self, c: Connection, groups: list[Group], mode: str, filters: dict[str, Any],
             limit: int, offset: int) -> list[Row]:
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
    def index_document(self, doc_id: str, page_texts: list[tuple[int, str]], department: str | None = None) -> None:
        """(Re)index a document's pages: replaces whatever was indexed for it before. ``department``:
        the one the document step just classified (not yet in ``documents``); None = the document's."""
        self.index_documents([(doc_id, page_texts)], {doc_id: department} if department else None)

    def index_documents(self, docs: Iterable[tuple[str, list[tuple[int, str]]]],
                        departments: dict[str, str | None] | None = None) -> None:
        """(Re)index several documents in one transaction with a few bulk statements (bulk loads,
        re-index jobs). A document listed twice keeps its last page list."""
        prepared: PageRows = {}
        for doc_id, page_texts in docs:
            rows = []
            for page_no, raw in page_texts:
                norm = normalize(raw or "")
                if norm:
                    rows.append((int(page_no), norm, split_tokens(norm)))
            prepared.pop(doc_id, None)
            prepared[doc_id] = rows
        if not prepared:
            return
        new: Counter[str] = Counter()
        for rows in prepared.values():
            for _, _, toks in rows:
                words = set(toks)
                if max(map(len, words), default=0) > MAX_TERM_LEN:
                    words = {t for t in words if len(t) <= MAX_TERM_LEN}
                new.update(words)
        with self.engine.begin() as c:
            old: Counter[str] = Counter()
            for t in self._old_texts(c, list(prepared)):
                old.update(page_terms(t))
            self._replace_pages(c, prepared, departments or {})
            apply_term_delta(c, old, new)

    # -- reading -----------------------------------------------------------------------------
    def search(self, query: str, *, departments: list[str] | None = None, file_number: str | None = None,
               date_from: date | None = None, date_to: date | None = None,
               limit: int = 20, offset: int = 0, exact: bool = False) -> list[Hit]:
        return self.find(query, departments=departments, file_number=file_number, date_from=date_from,
                         date_to=date_to, limit=limit, offset=offset, exact=exact).hits

    def find(self, query: str, *, departments: list[str] | None = None, file_number: str | None = None,
             date_from: date | None = None, date_to: date | None = None,
             limit: int = 20, offset: int = 0, exact: bool = False) -> SearchResult:
        """Hits and the other words searched. ``exact``: no expansion by the vocabulary keys
        (spelling variants, inflections, phonetic; the OCR-error tolerance stays)."""
        if departments is not None and not departments:
            return SearchResult([], [])
        words = list(dict.fromkeys(tokens(query)))[:MAX_QUERY_WORDS]
        if not words or limit <= 0:
            return SearchResult([], [])
        filters: dict[str, Any] = {
            "departments": list(departments) if departments is not None else None,
            "file_number": normalize_file_number(file_number) if file_number else None,
            "date_from": date_from,
            "date_to": date_to,
        }
        with self.engine.connect() as c:
            self._prepare_read(c)
            groups = self._expand(c, words, exact=exact)
            also = list(dict.fromkeys(t for g in groups for t, _ in g if t not in words))
            rows: list[Row] = []
            if all(groups):
                rows = self._run_and(c, groups, filters, limit, max(offset, 0))
            nonempty = [g for g in groups if g]
            if not rows and len(groups) > 1 and nonempty:
                rows = self._run(c, nonempty, "or", filters, limit, max(offset, 0))
            if not rows:
                return SearchResult([], also)
            details = self._details(c, [(r[0], r[1]) for r in rows])
        marked = {t for g in groups for t, _ in g}
        hits = []
        for doc_id, page_no, weight, rel in rows:
            page_text, dep, fn, name = details.get((doc_id, page_no), ("", None, None, ""))
            hits.append(Hit(doc_id, page_no, round(weight * rel, 4), make_snippet(page_text, marked), dep, fn, name))
        return SearchResult(hits, also)

    def _run_and(self, c: Connection, groups: list[Group], filters: dict[str, Any],
                 limit: int, offset: int) -> list[Row]:
        """AND query in tiers, best first, each tier one query of constant weight that stops early
        (a page's weight is its best alternative, so tier by tier gives the order weight, then
        relevance). One word with alternatives: ``_tiers``. Several: every word at its best
        alternative, then all alternatives at the lowest weight (below the first tier, ordered by
        relevance)."""
        multi = [i for i, g in enumerate(groups) if len(g) > 1]
        if not multi:
            return self._run(c, groups, "and", filters, limit, offset)
        need = offset + limit
        if len(multi) == 1:
            fi = multi[0]
            subs = [[*groups[:fi], t, *groups[fi + 1:]] for t in _tiers(groups[fi])]
        else:
            best = [[a for a in g if a[1] == g[0][1]] for g in groups]
            flat = [[(t, min(w for _, w in g)) for t, _ in g] for g in groups]
            subs = [best, flat]
        rows: list[Row] = []
        seen: set[tuple[str, int]] = set()
        for sub in subs:
            for r in self._run(c, sub, "and", filters, need + len(seen), 0):
                if (r[0], r[1]) not in seen:
                    seen.add((r[0], r[1]))
                    rows.append(r)
            if len(rows) >= need:
                break
        rows.sort(key=lambda r: (-r[2], -r[3]))
        return rows[offset:offset + limit]

    def _expand(self, c: Connection, words: list[str], *, exact: bool = False) -> list[Group]:
        """What each query word may match, best first: itself when indexed (or not fuzzy-eligible),
        else its one-edit (OCR) expansions; then, unless ``exact``, the indexed words sharing one of
        its keys (storage/search/expand.py), and for a Devanagari word on no page the words it stands
        for typed with one slip. One vocabulary query for all words, three for the keys, one for slips."""
        counts = term_counts(c, words)
        keyed = {} if exact else key_expansions(c, words)
        # a word on no page may be a typing slip (ृ typed र्, one sibilant for another): at the OCR
        # tier's top weight, below every key tier (ADR 0022 rule 21); not for a word the OCR tier
        # leaves alone (not fuzzy-eligible: its alternatives would not be used). Still tried when a
        # variant or inflection of the word is indexed (they rank above the slips): one stray typo
        # page (म्रतकों) must not hide every page of the word meant (मृतक)
        slipped = {} if exact else slip_matches(c, [
            w for w in words if not counts.get(w, 0) and not w.isascii() and fuzzy_eligible(w)])
        groups: list[Group] = []
        for word in words:
            group: Group = []
            if counts.get(word, 0) > 0 or not fuzzy_eligible(word):
                group.append((word, 1.0))
            else:
                sims = {t: similarity(word, t) for t in fuzzy_candidates(c, word)}
                ranked = sorted(((t, s) for t, s in sims.items() if s >= MIN_SIMILARITY), key=lambda x: (-x[1], x[0]))
                group.extend((t, min(round(FUZZY_SCALE * s, 4), PHONETIC_FLOOR - 0.01)) for t, s in ranked[:MAX_EXPANSIONS])
                # a slip the OCR tier also returned (विसेष: विशेष, one edit) keeps the slip's weight, the
                # higher: a term reached by several rules weighs what the best of them gives it
                slip_set = set(slipped.get(word, []))
                group = [(t, max(w, SLIP_WEIGHT) if t in slip_set else w) for t, w in group]
                had = {t for t, _ in group}  # once, not a dict of the group per slipped term
                slips = [t for t in dict.fromkeys(slipped.get(word, [])) if t not in had][:MAX_EXPANSIONS]
                group.extend((t, SLIP_WEIGHT) for t in slips)
            # a term both one edit away and sharing a key (बाँध: बांध) keeps its better weight, so an
            # indexed variant does not fall to the OCR tier below inflections and phonetic matches
            best = dict(group)
            for t, w in keyed.get(word, []):
                best[t] = max(w, best.get(t, 0.0))
            groups.append(sorted(best.items(), key=lambda x: -x[1]))
        return groups

    @staticmethod
    def _filter_sql(filters: dict[str, Any], params: dict[str, Any]) -> str:
        sql = f" AND d.status = '{DocumentStatus.DONE.value}'"
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


def _tiers(group: Group) -> list[Group]:
    """The queries of one word's alternatives, best first, each of constant weight: one per key
    tier (exact, variant, inflection), the phonetic alternatives together at their best weight
    (their order among themselves is relevance), then one per OCR one-edit alternative (by trigram
    similarity, as before issue 18)."""
    key = [w for w in sorted({w for _, w in group}, reverse=True) if w >= TIER_FLOOR]
    tiers = [[a for a in group if a[1] == w] for w in key]
    phonetic = [a for a in group if PHONETIC_FLOOR <= a[1] < TIER_FLOOR]
    if phonetic:
        top = max(w for _, w in phonetic)
        tiers.append([(t, top) for t, _ in phonetic])
    tiers.extend([a] for a in group if a[1] < PHONETIC_FLOOR)
    return tiers
