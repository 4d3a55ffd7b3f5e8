from datetime import UTC, datetime

import pytest
from sqlalchemy import insert

from storage.db import init_schema, open_engine
from storage.schema import batches, documents, source_files
from storage.search.sqlite import SqliteSearchIndex


@pytest.fixture
def index(tmp_path):  # type: ignore[no-untyped-def]
    engine = open_engine(f"sqlite:///{tmp_path / 'x.db'}")
    init_schema(engine)
    now = datetime.now(UTC)
    with engine.begin() as c:
        c.execute(insert(batches).values(id="b", name="b", operator="", status="done", created_at=now))
        for i, dep in enumerate(["agriculture", "education"]):
            c.execute(insert(source_files).values(sha256=f"{i}" * 64, kind="pdf", size=1, name="n", stored_at=now))
            c.execute(insert(documents).values(id=f"d{i}", sha256=f"{i}" * 64, batch_id="b", name=f"doc{i}", kind="pdf",
                                               status="done", pages=1, department=dep, created_at=now))
    idx = SqliteSearchIndex(engine)
    idx.index_document("d0", [(1, "किसानों के लिए कृषि विभाग की योजना, कौसानी ग्राम, दिनांक १२.०३.२०१९")])
    idx.index_document("d1", [(1, "जिला शिक्षा अधिकारी कार्यालय द्वारा महिला शिक्षकों हेतु आदेश"), (2, "")])
    return idx


@pytest.mark.parametrize("word,doc", [("शिक्षा", "d1"), ("कृषि", "d0"), ("महिला", "d1"), ("जिला", "d1"), ("कार्यालय", "d1")])
def test_devanagari_words_are_found_whole(index, word, doc) -> None:  # type: ignore[no-untyped-def]
    hits = index.search(word)
    assert [h.document_id for h in hits] == [doc]
    assert f"«{word}»" in hits[0].snippet


def test_no_false_match_across_vowel_signs(index) -> None:  # type: ignore[no-untyped-def]
    assert index.search("किसान", exact=True) == []  # किसानों is another word; कौसानी shares consonants only
    # with expansion, किसान finds its plural किसानों (inflection), never कौसानी
    hits = index.search("किसान")
    assert [h.document_id for h in hits] == ["d0"]
    assert "«किसानों»" in hits[0].snippet and "«कौसानी»" not in hits[0].snippet
    assert [h.document_id for h in index.search("कौसानी")] == ["d0"]


def test_digits_and_zero_width_normalised_in_query(index) -> None:  # type: ignore[no-untyped-def]
    assert [h.document_id for h in index.search("12.03.2019")] == ["d0"]
    assert [h.document_id for h in index.search("शिक्\u200dषा")] == ["d1"]


def test_department_filter_and_reindex(index) -> None:  # type: ignore[no-untyped-def]
    assert index.search("शिक्षा", departments=["agriculture"]) == []
    assert index.search("शिक्षा", departments=[]) == []
    index.index_document("d1", [(1, "नया पाठ")])
    assert index.search("शिक्षा") == [] and len(index.search("नया")) == 1


def test_any_word_fallback(index) -> None:  # type: ignore[no-untyped-def]
    assert [h.document_id for h in index.search("शिक्षा xyzzy")] == ["d1"]
