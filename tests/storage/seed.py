"""Documents with page texts put straight into a database and the search index, for the search
tests of both backends (no OCR: the pages' text is given)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, insert

from storage.schema import batches, documents, source_files
from storage.search import SearchIndex, open_index


@dataclass(frozen=True)
class Doc:
    id: str
    pages: list[str]
    department: str | None = None
    file_number: str | None = None
    doc_date: date | None = None


def seed_index(engine: Engine, docs: Iterable[Doc], *, one_by_one: bool = False) -> SearchIndex:
    """One batch holding ``docs`` (status done), each page indexed (in one bulk call, or with
    ``one_by_one`` a call per document as a worker does); the index returned."""
    docs = list(docs)
    now = datetime.now(UTC)
    with engine.begin() as c:
        c.execute(insert(batches).values(id="b", name="b", operator="", status="done", created_at=now))
        for i, doc in enumerate(docs):
            sha = f"{i:064x}"
            c.execute(insert(source_files).values(sha256=sha, kind="pdf", size=1, name="n", stored_at=now))
            c.execute(insert(documents).values(id=doc.id, sha256=sha, batch_id="b", name=f"{doc.id}.pdf", kind="pdf",
                                               status="done", pages=len(doc.pages), department=doc.department,
                                               file_number=doc.file_number, doc_date=doc.doc_date, created_at=now))
    idx = open_index(engine)
    rows = [(doc.id, list(enumerate(doc.pages, start=1))) for doc in docs]
    if one_by_one:
        for doc_id, pages in rows:
            idx.index_document(doc_id, pages)
    else:
        idx.index_documents(rows)
    return idx
