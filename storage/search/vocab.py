"""The search vocabulary, shared by both search backends: which words are indexed (with the number
of pages holding each) and, for OCR-error tolerance, each word's one-deletion variants.

Fuzzy rule (identical on SQLite and PostgreSQL, see docs/adr/0006):
a query word that is not in the index expands to indexed words at Damerau (OSA) edit distance 1
whose pg_trgm trigram similarity is at least ``MIN_SIMILARITY``. Only words of 3–40 characters
without digits are expanded (numbers, dates and file numbers must match exactly).

Candidates come from a deletion neighbourhood (SymSpell): a word ``v`` is one edit from ``w`` iff
``w == v`` minus a character, ``v == w`` minus one, or both minus one give the same string. All
three are indexed look-ups on plain tables, so fuzzy search costs the same at 1 000 or 10 million
words. Measured on this machine (ADR 0006): trigram similarity alone cannot separate one-character
OCR errors from unrelated words in short Hindi words (शिक्षा/शिक्शा 0.44, कृषि/कृशि 0.25,
जिला/मिला 0.25), so trigram similarity gates and ranks, edit distance decides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, text

from domain.hindi import is_devanagari_word, norm_key, stem_key
from domain.phonetic import skeleton
from domain.text import tokens

MIN_FUZZY_LEN = 3
MAX_FUZZY_LEN = 40
MAX_TERM_LEN = 120  # search_terms.term column size; longer tokens are only matched by the FTS index
MIN_SIMILARITY = 0.2
MAX_EXPANSIONS = 8
_CHUNK = 500


# -- pure functions ----------------------------------------------------------------------------
def fuzzy_eligible(term: str) -> bool:
    return MIN_FUZZY_LEN <= len(term) <= MAX_FUZZY_LEN and not any(ch.isdigit() for ch in term)


def deletions(term: str) -> set[str]:
    return {term[:i] + term[i + 1:] for i in range(len(term))}


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transposition)."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[lb]


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: lower case, two spaces before, one after."""
    padded = "  " + word.lower() + " "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm ``similarity()`` for single words (shared trigrams / all trigrams)."""
    ta, tb = trigrams(a), trigrams(b)
    union = len(ta | tb)
    return len(ta & tb) / union if union else 0.0


def term_keys(term: str) -> tuple[str | None, str | None, str | None]:
    """(variant key, stem key, phonetic key) stored with a term (ADR 0022); None where a key adds
    nothing: a word without Devanagari is its own variant and stem key; words with digits, or with
    fewer than two consonant classes, get no phonetic key."""
    nk = sk = pk = None
    if is_devanagari_word(term):
        nk, sk = norm_key(term)[:MAX_TERM_LEN], stem_key(term)[:MAX_TERM_LEN]
    if fuzzy_eligible(term):
        p = skeleton(term)
        pk = p[:MAX_TERM_LEN] if len(p) >= 2 else None
    return nk, sk, pk


def page_terms(page_text: str) -> set[str]:
    return {t for t in tokens(page_text) if len(t) <= MAX_TERM_LEN}


# -- vocabulary maintenance ----------------------------------------------------------------------
def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _known_terms(conn: Connection, terms: list[str]) -> set[str]:
    known: set[str] = set()
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql("SELECT term FROM search_terms WHERE term = ANY(%b::text[])", (terms,))
        return {r[0] for r in rows}
    for chunk in _chunks(terms):
        marks = ",".join("?" * len(chunk))
        known.update(r[0] for r in conn.exec_driver_sql(f"SELECT term FROM search_terms WHERE term IN ({marks})", tuple(chunk)))
    return known


def apply_term_delta(conn: Connection, old: Counter[str], new: Counter[str]) -> None:
    """Page counts ``new - old`` into search_terms; variants for words seen the first time.
    Rows are written in sorted order so concurrent indexers lock in the same order. Bulk
    statements through the driver: this runs for every indexed document."""
    delta = {t: new[t] - old[t] for t in set(old) | set(new) if new[t] != old[t]}
    if not delta:
        return
    added = sorted(t for t, d in delta.items() if d > 0)
    known = _known_terms(conn, added) if added else set()
    terms = sorted(delta)
    variants = sorted({(v, t) for t in added if t not in known and fuzzy_eligible(t) for v in deletions(t)})
    keys = [term_keys(t) if delta[t] > 0 and t not in known else (None, None, None) for t in terms]
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "INSERT INTO search_terms(term, n, norm_key, stem_key, phon_key) "
            "SELECT * FROM unnest(%b::text[], %b::int[], %b::text[], %b::text[], %b::text[]) "
            "ON CONFLICT (term) DO UPDATE SET n = search_terms.n + excluded.n",
            (terms, [delta[t] for t in terms], *(list(col) for col in zip(*keys, strict=True))))
        if variants:
            conn.exec_driver_sql(
                "INSERT INTO search_term_variants(variant, term) SELECT * FROM unnest(%b::text[], %b::text[]) "
                "ON CONFLICT DO NOTHING",
                ([v for v, _ in variants], [t for _, t in variants]))
        return
    conn.exec_driver_sql(
        "INSERT INTO search_terms(term, n, norm_key, stem_key, phon_key) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(term) DO UPDATE SET n = n + excluded.n",
        [(t, delta[t], *k) for t, k in zip(terms, keys, strict=True)])
    if variants:
        conn.exec_driver_sql("INSERT OR IGNORE INTO search_term_variants(variant, term) VALUES (?, ?)", variants)


def term_count(conn: Connection, word: str) -> int:
    return term_counts(conn, [word]).get(word, 0)


def term_counts(conn: Connection, words: list[str]) -> dict[str, int]:
    """Pages holding each word (words not indexed are missing), one query."""
    if not words:
        return {}
    q = text("SELECT term, n FROM search_terms WHERE term IN :words").bindparams(bindparam("words", expanding=True))
    return {r[0]: int(r[1]) for r in conn.execute(q, {"words": sorted(set(words))})}


def fuzzy_candidates(conn: Connection, word: str) -> list[str]:
    """Indexed words (n > 0) at edit distance 1 from ``word`` (not ``word`` itself)."""
    if not fuzzy_eligible(word):
        return []
    dels = sorted(deletions(word))
    # one statement, two separately indexed look-ups (an OR of both made PostgreSQL scan the tables)
    rows = conn.execute(
        text("SELECT term FROM search_terms WHERE term IN :dels AND n > 0 "
             "UNION "
             "SELECT v.term FROM search_term_variants v JOIN search_terms t ON t.term = v.term "
             "WHERE v.variant IN :keys AND t.n > 0").bindparams(
            bindparam("dels", expanding=True), bindparam("keys", expanding=True)),
        {"dels": dels, "keys": [*dels, word]})
    return sorted(t for t in {r[0] for r in rows} if t != word and osa_distance(word, t) <= 1)


def refill_keys(conn: Connection, batch: int = 5000) -> int:
    """(Re)compute the keys of every term (migration 0009; after a change of the rules). Returns
    the number of terms."""
    terms = [r[0] for r in conn.exec_driver_sql("SELECT term FROM search_terms")]
    for i in range(0, len(terms), batch):
        chunk = terms[i:i + batch]
        rows = [(*term_keys(t), t) for t in chunk]
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                "UPDATE search_terms s SET norm_key = x.nk, stem_key = x.sk, phon_key = x.pk "
                "FROM unnest(%b::text[], %b::text[], %b::text[], %b::text[]) AS x(nk, sk, pk, t) WHERE s.term = x.t",
                tuple(list(col) for col in zip(*rows, strict=True)))
        else:
            conn.exec_driver_sql("UPDATE search_terms SET norm_key = ?, stem_key = ?, phon_key = ? WHERE term = ?", rows)
    return len(terms)
