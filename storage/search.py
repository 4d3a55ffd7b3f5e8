"""Full-text search over page text. One query interface; SQLite FTS5 backend here
(Devanagari-safe tokenizer, storage.db.FTS_TOKENIZE).

Text is indexed after ``domain.text.normalize`` (NFC, zero-width removed, Devanagari digits as
ASCII), and queries are normalised the same way, so क़/क़, ०१२/012 and क्‍या/क्या match.
Query words must all occur on a page (AND); when no page has them all, pages with any of
them are returned, ranked by BM25 (a first tolerance for OCR errors).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text

from domain.text import normalize, tokens

MARK_START = "«"
MARK_END = "»"


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: str
    page: int
    score: float
    snippet: str
    department: str | None
    file_number: str | None
    name: str


class SqliteSearchIndex:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def index_document(self, doc_id: str, page_texts: list[tuple[int, str]]) -> None:
        with self.engine.begin() as c:
            c.execute(text("DELETE FROM page_fts WHERE document_id = :d"), {"d": doc_id})
            rows = [{"t": normalize(t), "d": doc_id, "p": n} for n, t in page_texts if t.strip()]
            if rows:
                c.execute(text("INSERT INTO page_fts(text, document_id, page_no) VALUES (:t, :d, :p)"), rows)

    def search(self, query: str, *, departments: list[str] | None = None, limit: int = 20) -> list[Hit]:
        words = tokens(query)
        if not words:
            return []
        quoted = ['"' + w.replace('"', '""') + '"' for w in words]
        hits = self._run(" AND ".join(quoted), departments, limit)
        if not hits and len(quoted) > 1:
            hits = self._run(" OR ".join(quoted), departments, limit)
        return hits

    def _run(self, match: str, departments: list[str] | None, limit: int) -> list[Hit]:
        sql = (
            "SELECT f.document_id, f.page_no, bm25(page_fts) AS score, "
            f"snippet(page_fts, 0, '{MARK_START}', '{MARK_END}', '…', 16) AS snip, "
            "d.department, d.file_number, d.name "
            "FROM page_fts f JOIN documents d ON d.id = f.document_id "
            "WHERE page_fts MATCH :m AND d.status = 'done'"
        )
        params: dict[str, object] = {"m": match, "n": limit}
        if departments is not None:
            names = [f":dep{i}" for i in range(len(departments))]
            sql += f" AND d.department IN ({', '.join(names) or 'NULL'})"
            params.update({f"dep{i}": d for i, d in enumerate(departments)})
        sql += " ORDER BY score LIMIT :n"
        with self.engine.connect() as c:
            rows = c.execute(text(sql), params).all()
        return [Hit(r[0], int(r[1]), round(-float(r[2]), 4), r[3], r[4], r[5], r[6]) for r in rows]
