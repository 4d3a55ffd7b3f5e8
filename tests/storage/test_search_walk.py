"""PostgreSQL, one department, frequent words: the search walks the department's pages instead of
the words' GIN bitmap (storage/search/postgres.py ``_walk``, issue 18). It must give the same
pages in the same order as the bitmap query, follow department corrections, and hand over to the
bitmap when the walk ends short of the rank cap."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event, text, update

from storage.schema import documents
from storage.search import SearchIndex

from .seed import Doc, seed_index

pytestmark = pytest.mark.parametrize("engine", ["postgresql"], indirect=True)

DEPARTMENTS = ["revenue", "health", "election"]
FILLER = "कार्यालय जिला आदेश पत्र विषय संदर्भ निवेदन आवेदन भूमि पटवारी तहसील order letter report file".split()
FREQUENT = ["खसरा", "योजना", "योजनाओं", "हिंदी", "हिन्दी"]  # khasra; an inflection; two spellings
QUERIES = ["khasra", "योजना", "हिंदी", "khasra योजना", "खसरा"]


def _pages(rnd: random.Random) -> list[str]:
    pages = []
    for _ in range(2):
        words = rnd.sample(FILLER, 6) + [w for w in FREQUENT if rnd.random() < 0.4]
        rnd.shuffle(words)
        pages.append(" ".join(words))
    return pages


@pytest.fixture
def index(engine: Engine) -> SearchIndex:
    rnd = random.Random(18)
    docs = [Doc(f"d{i:03d}", _pages(rnd), DEPARTMENTS[i % 3]) for i in range(90)]
    docs += [Doc("x1", ["नक्शा संलग्न"], "revenue"), Doc("x2", ["नक्शा प्रति"], "health"),
             Doc("x3", ["नक्शा सूची"], "health"), Doc("x4", ["नक्शा पत्र"], "revenue")]
    idx = seed_index(engine, docs)
    _analyze(engine)
    return idx


def _analyze(engine: Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("ANALYZE search_pages"))


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def grab(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", grab)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", grab)


def _search(index: SearchIndex, engine: Engine, query: str, dep: str | None, *, walk: bool, cap: int,
            limit: int = 20) -> tuple[list[tuple[str, int, float, str]], str]:
    """The hits as (document, page, score, snippet) and which query answered: "walk", "bitmap"
    (the walk ran and ended short) or "" (no walk tried)."""
    index.WALK_COST = 0.0 if walk else math.inf  # type: ignore[attr-defined]
    index.rank_cap = cap  # type: ignore[attr-defined]
    with _statements(engine) as seen:
        hits = index.search(query, departments=[dep] if dep else None, limit=limit)
    walked = any("LIMIT %(walk)s" in s for s in seen)
    bitmap = any("s.department IN" in s for s in seen)
    how = "" if not walked else "bitmap" if bitmap else "walk"
    return [(h.document_id, h.page, h.score, h.snippet) for h in hits], how


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("cap", [4, 100])
def test_walk_finds_what_the_bitmap_finds(engine: Engine, index: SearchIndex, query: str, cap: int) -> None:
    for dep in DEPARTMENTS:
        walked, how = _search(index, engine, query, dep, walk=True, cap=cap)
        bitmap, no_walk = _search(index, engine, query, dep, walk=False, cap=cap)
        assert walked == bitmap and walked, (query, dep)
        assert no_walk == ""
        # cap 4: the walk reaches the cap and answers; cap 100: it ends short, the bitmap answers
        assert how == ("walk" if cap == 4 else "bitmap"), (query, dep)


@pytest.mark.parametrize("query", QUERIES)
def test_scoped_is_unscoped_filtered(engine: Engine, index: SearchIndex, query: str) -> None:
    everything, _ = _search(index, engine, query, None, walk=False, cap=1000, limit=500)
    with engine.connect() as c:
        deps = dict(c.execute(text("SELECT id, department FROM documents")).all())
    for dep in DEPARTMENTS:
        scoped, _ = _search(index, engine, query, dep, walk=True, cap=1000, limit=500)
        assert scoped == [h for h in everything if deps[h[0]] == dep]


def test_walk_follows_department_corrections(engine: Engine, index: SearchIndex) -> None:
    def found(dep: str) -> tuple[list[str], str]:
        hits, how = _search(index, engine, "नक्शा", dep, walk=True, cap=3)
        return sorted({h[0] for h in hits}), how

    assert found("health") == (["x2", "x3"], "bitmap")  # 2 pages: the walk ends short of the cap
    with engine.begin() as c:  # an operator moves x1 to health: 3 pages there, the walk answers
        c.execute(update(documents).where(documents.c.id == "x1").values(department="health"))
    assert found("health") == (["x1", "x2", "x3"], "walk")
    assert found("revenue") == (["x4"], "bitmap")
    # a page row whose department disagrees with its document's: the document decides
    with engine.begin() as c:
        c.execute(text("ALTER TABLE documents DISABLE TRIGGER documents_search_department"))
        c.execute(update(documents).where(documents.c.id == "x2").values(department="election"))
        c.execute(text("ALTER TABLE documents ENABLE TRIGGER documents_search_department"))
    assert found("health")[0] == ["x1", "x3"]
    assert found("election")[0] == []
