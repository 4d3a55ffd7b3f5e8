"""One search test suite, run against both backends (SQLite FTS5 and PostgreSQL): the same
queries must give the same documents."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, insert, select, text

from storage.schema import documents, search_terms
from storage.search import MARK_END, MARK_START, SearchIndex, open_index
from storage.search.vocab import similarity

from .seed import Doc, seed_index

DOCS = [
    # id, department, file number (as stored: normalised), date, pages
    ("d0", "agriculture", "12/3/2019/Agri", date(2019, 3, 12),
     ["किसानों के लिए कृषि विभाग की योजना, कौसानी ग्राम, दिनांक १२.०३.२०१९"]),
    ("d1", "education", "45/2020/Edu", date(2020, 6, 1),
     ["जिला शिक्षा अधिकारी कार्यालय द्वारा महिला शिक्षकों हेतु आदेश",
      "Education department circular regarding teachers salary"]),
    ("d2", "revenue", "245/भू-अभि/2018", date(2021, 1, 10),
     ["तहसील कार्यालय भू-अभिलेख खसरा नंबर 245, खसरा खतौनी और खसरा नक्शा. Revenue inspector report"]),
    # an OCR-damaged page: टीकाकरण read as टीकाकरन, vaccination as vaccinaton
    ("d3", "health", None, None,
     ["प्राथमिक स्वास्थ्य केन्द्र में टीकाकरन अभियान, vaccinaton camp for children"]),
    ("d4", "revenue", None, date(2022, 5, 5), ["खसरा की प्रति संलग्न है"]),
]


def _seed(engine: Engine) -> SearchIndex:
    return seed_index(engine, [Doc(doc_id, pages, dep, fn, d) for doc_id, dep, fn, d, pages in DOCS],
                      one_by_one=True)


@pytest.fixture
def index(engine: Engine) -> SearchIndex:
    return _seed(engine)


def ids(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.document_id for h in hits]


def test_factory_picks_backend(engine: Engine) -> None:
    idx = open_index(engine)
    assert type(idx).__name__ == ("PgSearchIndex" if engine.dialect.name == "postgresql" else "SqliteSearchIndex")


@pytest.mark.parametrize("word,doc", [("शिक्षा", "d1"), ("कृषि", "d0"), ("महिला", "d1"), ("जिला", "d1"),
                                      ("तहसील", "d2"), ("education", "d1"), ("REVENUE", "d2")])
def test_devanagari_and_english_words_found_whole(index: SearchIndex, word: str, doc: str) -> None:
    hits = index.search(word)
    assert ids(hits) == [doc]
    assert f"{MARK_START}{word}{MARK_END}".casefold() in hits[0].snippet.casefold()
    assert hits[0].page == (2 if word == "education" else 1)
    assert hits[0].department == dict((d[0], d[1]) for d in DOCS)[doc]


def test_word_in_two_documents(index: SearchIndex) -> None:
    assert sorted(ids(index.search("कार्यालय"))) == ["d1", "d2"]


def test_no_false_match_across_vowel_signs(index: SearchIndex) -> None:
    assert index.search("किसान", exact=True) == []  # किसानों is two edits away, कौसानी shares consonants only
    hits = index.search("किसान")  # expanded: finds the plural (ADR 0022), never कौसानी
    assert ids(hits) == ["d0"] and f"{MARK_START}कौसानी{MARK_END}" not in hits[0].snippet
    assert ids(index.search("कौसानी")) == ["d0"]


def test_digits_and_zero_width_normalised_in_query(index: SearchIndex) -> None:
    assert ids(index.search("12.03.2019")) == ["d0"]
    assert ids(index.search("१२.०३.२०१९")) == ["d0"]
    assert ids(index.search("शिक्\u200dषा")) == ["d1"]


@pytest.mark.parametrize("query,doc,matched", [
    ("शिक्शा", "d1", "शिक्षा"),      # ष read as श
    ("जिल", "d1", "जिला"),           # lost vowel sign
    ("कार्यलय", "d1", "कार्यालय"),     # lost vowel sign inside the word
    ("महिल", "d1", "महिला"),
    ("educaton", "d1", "education"),  # English, one letter lost
    ("circuler", "d1", "circular"),   # English, one letter wrong
    ("टीकाकरण", "d3", "टीकाकरन"),     # the OCR error is on the page
    ("vaccination", "d3", "vaccinaton"),
])
def test_one_character_ocr_error_still_finds_page(index: SearchIndex, query: str, doc: str, matched: str) -> None:
    hits = index.search(query)
    assert doc in ids(hits)
    hit = next(h for h in hits if h.document_id == doc)
    assert f"{MARK_START}{matched}{MARK_END}".casefold() in hit.snippet.casefold()


def test_fuzzy_and_exact_words_combined(index: SearchIndex) -> None:
    assert ids(index.search("शिक्शा अधिकारी")) == ["d1"]


def test_fuzzy_does_not_match_unrelated_words(index: SearchIndex) -> None:
    assert index.search("किसा") == []          # two edits from किसान(ों), not a prefix search
    assert index.search("2018") == []          # numbers are never fuzzy (2019 is on d0)
    assert index.search("246") == []
    assert index.search("के") != [] and index.search("कि") == []  # short words: exact only
    assert index.search("xyzzy") == []


def test_all_words_must_match_else_any(index: SearchIndex) -> None:
    assert ids(index.search("जिला महिला")) == ["d1"]
    assert ids(index.search("खसरा कार्यालय")) == ["d2"]
    # no page has both: pages with either, ranked
    assert sorted(ids(index.search("कृषि महिला"))) == ["d0", "d1"]
    assert ids(index.search("शिक्षा xyzzy")) == ["d1"]


def test_ranking_by_relevance(index: SearchIndex) -> None:
    hits = index.search("खसरा")
    assert ids(hits) == ["d2", "d4"]  # three times on d2, once on d4
    assert hits[0].score > hits[1].score > 0


def test_fuzzy_ranked_by_similarity(engine: Engine) -> None:
    idx = _seed(engine)
    with engine.begin() as c:
        c.execute(insert(documents).values(id="d5", sha256="0" * 64, batch_id="b", name="d5.pdf", kind="pdf",
                                           status="done", pages=1, department="revenue",
                                           created_at=datetime.now(UTC)))
    idx.index_document("d5", [(1, "पटवारी रिपोर्ट")])
    idx.index_document("d4", [(1, "पटवाल रिपोर्ट")])
    query = "पटवार"
    assert similarity(query, "पटवारी") != similarity(query, "पटवाल")
    expected = sorted(["d5", "d4"], key=lambda d: -similarity(query, "पटवारी" if d == "d5" else "पटवाल"))
    assert ids(idx.search(query)) == expected


def test_department_scope_is_in_the_query(index: SearchIndex) -> None:
    assert index.search("शिक्षा", departments=["agriculture"]) == []
    assert index.search("शिक्शा", departments=["agriculture"]) == []  # fuzzy too
    assert index.search("शिक्षा", departments=[]) == []
    assert index.search("कार्यालय", departments=[]) == []
    assert ids(index.search("शिक्षा", departments=["agriculture", "education"])) == ["d1"]
    assert ids(index.search("कार्यालय", departments=["revenue"])) == ["d2"]
    assert ids(index.search("कृषि महिला", departments=["agriculture"])) == ["d0"]  # the any-word fallback too


def test_file_number_filter_normalised(index: SearchIndex) -> None:
    assert ids(index.search("कार्यालय", file_number="F. No. 45 / 2020/Edu")) == ["d1"]
    assert ids(index.search("कार्यालय", file_number="245/भू-अभि/2018")) == ["d2"]
    assert index.search("कार्यालय", file_number="12/3/2019/Agri") == []


def test_date_filters(index: SearchIndex) -> None:
    assert sorted(ids(index.search("खसरा", date_from=date(2021, 1, 1)))) == ["d2", "d4"]
    assert ids(index.search("खसरा", date_from=date(2022, 1, 1))) == ["d4"]
    assert ids(index.search("खसरा", date_to=date(2021, 12, 31))) == ["d2"]
    assert ids(index.search("कार्यालय", date_from=date(2020, 6, 1), date_to=date(2020, 6, 1))) == ["d1"]
    assert index.search("टीकाकरन", date_from=date(2000, 1, 1)) == []  # no date known: excluded


def test_snippet_marks_every_query_word(index: SearchIndex) -> None:
    (hit,) = index.search("महिला आदेश")
    assert f"{MARK_START}महिला{MARK_END}" in hit.snippet and f"{MARK_START}आदेश{MARK_END}" in hit.snippet
    assert hit.snippet.count(MARK_START) == hit.snippet.count(MARK_END) == 2


def test_snippet_is_cut_around_the_match(engine: Engine) -> None:
    idx = _seed(engine)
    long_text = " ".join(["पंक्ति"] * 200 + ["अनोखा"] + ["पंक्ति"] * 200)
    idx.index_document("d4", [(1, long_text)])
    (hit,) = idx.search("अनोखा")
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert f"{MARK_START}अनोखा{MARK_END}" in hit.snippet and len(hit.snippet) < 200


def test_paging(index: SearchIndex) -> None:
    everything = ids(index.search("खसरा", limit=10))
    assert ids(index.search("खसरा", limit=1)) == everything[:1]
    assert ids(index.search("खसरा", limit=1, offset=1)) == everything[1:2]
    assert index.search("खसरा", limit=1, offset=5) == []


def test_only_finished_documents(engine: Engine) -> None:
    idx = _seed(engine)
    with engine.begin() as c:
        c.execute(documents.update().where(documents.c.id == "d1").values(status="processing"))
    assert idx.search("शिक्षा") == []


def _n(engine: Engine, term: str) -> int:
    with engine.connect() as c:
        row = c.execute(select(search_terms.c.n).where(search_terms.c.term == term)).first()
    return int(row[0]) if row else 0


def _page_rows(engine: Engine) -> int:
    with engine.connect() as c:
        n = int(c.execute(text("SELECT count(*) FROM search_pages")).scalar_one())
        if engine.dialect.name == "sqlite":  # the FTS index follows its content table
            c.execute(text("INSERT INTO page_fts(page_fts, rank) VALUES ('integrity-check', 1)"))
        return n


def test_reindex_is_idempotent(engine: Engine) -> None:
    idx = _seed(engine)
    rows, before = _page_rows(engine), idx.search("शिक्षा")
    assert _n(engine, "कार्यालय") == 2
    for _ in range(2):
        idx.index_document("d1", [(1, DOCS[1][4][0]), (2, DOCS[1][4][1]), (3, "  ")])
    assert _page_rows(engine) == rows
    assert idx.search("शिक्षा") == before
    assert _n(engine, "कार्यालय") == 2 and _n(engine, "शिक्षा") == 1


def test_reindex_replaces_old_words(engine: Engine) -> None:
    idx = _seed(engine)
    idx.index_document("d1", [(1, "नया पाठ")])
    assert idx.search("शिक्षा") == [] and ids(idx.search("नया")) == ["d1"]
    assert _n(engine, "शिक्षा") == 0
    assert idx.search("शिक्शा") == []  # a removed word is no fuzzy candidate any more
    idx.index_document("d1", [])
    assert idx.search("नया") == []


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_similarity_formula_is_pg_trgm(engine: Engine) -> None:
    """storage.search.vocab.similarity is pg_trgm's similarity() for words without a virama; pg_trgm splits
    words at the virama (U+094D) under C.UTF-8, which is why both backends use the Python one."""
    assert engine.dialect.name == "postgresql"
    pairs = [("जिला", "जिल"), ("महिला", "महिल"), ("किसान", "कौसानी"), ("education", "educaton"),
             ("Office", "offce"), ("revenue", "revenues")]
    with engine.connect() as c:
        for a, b in pairs:
            pg = c.execute(text("SELECT similarity(:a, :b)"), {"a": a, "b": b}).scalar_one()
            assert similarity(a, b) == pytest.approx(pg, abs=1e-6), (a, b)
        conjunct = c.execute(text("SELECT similarity('शिक्षा', 'शिक्शा')")).scalar_one()
    assert similarity("शिक्षा", "शिक्शा") != pytest.approx(conjunct, abs=1e-6)


def test_split_tokens_of_normalised_text_are_tokens() -> None:
    from domain.text import normalize, split_tokens, tokens

    for raw in ["  जिला  शिक्षा\n\tकार्यालय ", "क्\u200dया १२.०३.२०१९", "F.No. 12/3 Straße", "क़ानून", ""]:
        assert split_tokens(normalize(raw)) == tokens(raw)
    assert normalize("क्\u200dया १२") == "क्या 12" and normalize("१२", fold_digits=False) == "१२"


def test_department_scope_follows_corrections(engine: Engine, index: SearchIndex) -> None:
    from sqlalchemy import update

    # an operator corrects d4's department: the scope follows (PostgreSQL: the page rows' copy too)
    with engine.begin() as c:
        c.execute(update(documents).where(documents.c.id == "d4").values(department="education"))
    assert ids(index.search("खसरा", departments=["education"])) == ["d4"]
    assert "d4" not in ids(index.search("खसरा", departments=["revenue"]))
    # the document step indexes with the department it just classified, before documents has it
    index.index_document("d3", [(1, "खसरा टीकाकरन")], department="revenue")
    with engine.begin() as c:
        c.execute(update(documents).where(documents.c.id == "d3").values(department="revenue"))
    assert "d3" in ids(index.search("खसरा", departments=["revenue"]))
    if engine.dialect.name == "postgresql":
        with engine.connect() as c:
            rows = dict(c.execute(text("SELECT document_id, department FROM search_pages WHERE document_id IN ('d3', 'd4')")).all())
        assert rows == {"d3": "revenue", "d4": "education"}
