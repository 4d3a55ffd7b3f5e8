"""Query expansion by the vocabulary keys (ADR 0022) on both backends, with real words: spelling
variants, inflections, romanised Hindi, English loanwords; exact matches rank first; --exact."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from storage.schema import search_terms
from storage.search import SearchIndex
from storage.search.vocab import refill_keys

from .seed import Doc, seed_index

PAGES = {
    "v1": "दोनों विभागों के बीच सम्बन्ध का विवरण और अन्तर की सूची",
    "v2": "इस संबंध में अंतर स्पष्ट करें, पांच प्रतियां संलग्न",
    "v3": "हिन्दी माध्यम की पाँच शालाएं, ज़मीन का रिकॉर्ड",
    "v4": "हिंदी में जमीन का खसरा और कालेज का पत्र",
    "i1": "राज्य की सभी योजनाओं के लिए आदेशों की प्रति किसानों को दी जाए",
    "i2": "योजना का आदेश किसान के नाम जारी",
    "i3": "महिलाओं के लिए जिलों के शिक्षा कार्यालयों में शिविर",
    "r1": "तहसील कार्यालय में पटवारी द्वारा जमाबंदी और नामांतरण की जांच",
    "l1": "जिला हॉस्पिटल का बजट और पुलिस थाने को कॉलेज की सूचना",
    "e1": "patwari report on khasra and tehsil records",
    "n1": "कौसानी ग्राम की पॉलिसी और पता",
}


def _seed(engine: Engine) -> SearchIndex:
    return seed_index(engine, [Doc(d, [t], "revenue" if d[0] in "re" else "x") for d, t in PAGES.items()])


@pytest.fixture
def index(engine: Engine) -> SearchIndex:
    return _seed(engine)


def ids(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.document_id for h in hits]


@pytest.mark.parametrize("query,exact_docs,variant_docs", [
    ("सम्बन्ध", ["v1"], ["v2"]), ("संबंध", ["v2"], ["v1"]), ("अन्तर", ["v1"], ["v2"]), ("अंतर", ["v2"], ["v1"]),
    ("हिन्दी", ["v3"], ["v4"]), ("हिंदी", ["v4"], ["v3"]), ("पाँच", ["v3"], ["v2"]), ("पांच", ["v2"], ["v3"]),
    ("ज़मीन", ["v3"], ["v4"]), ("जमीन", ["v4"], ["v3"]), ("कालेज", ["v4"], ["l1"]), ("कॉलेज", ["l1"], ["v4"]),
])
def test_spelling_variants_found_below_the_exact_form(index: SearchIndex, query, exact_docs, variant_docs) -> None:  # type: ignore[no-untyped-def]
    hits = ids(index.search(query))
    assert hits[:len(exact_docs)] == exact_docs  # the exact form ranks first
    assert sorted(hits[len(exact_docs):]) == sorted(variant_docs)
    assert ids(index.search(query, exact=True)) == exact_docs


@pytest.mark.parametrize("query,docs", [
    ("योजना", ["i2", "i1"]), ("आदेश", ["i2", "i1"]), ("किसान", ["i2", "i1"]), ("योजनाओं", ["i1", "i2"]),
    ("महिला", ["i3"]), ("जिला", ["l1", "i3"]), ("कार्यालय", ["r1", "i3"]),
])
def test_inflections_found(index: SearchIndex, query: str, docs: list[str]) -> None:
    assert ids(index.search(query)) == docs


@pytest.mark.parametrize("query,docs", [
    ("khasra", ["e1", "v4"]), ("tehsil", ["e1", "r1"]), ("patwari", ["e1", "r1"]), ("jamabandi", ["r1"]),
    ("namantaran", ["r1"]), ("jameen", ["v4", "v3"]), ("sambandh", ["v1", "v2"]),
])
def test_romanised_hindi_finds_devanagari(index: SearchIndex, query: str, docs: list[str]) -> None:
    assert sorted(ids(index.search(query))) == sorted(docs)
    if query in PAGES["e1"]:
        assert ids(index.search(query))[0] == "e1"  # the page that prints it as typed comes first


def test_devanagari_query_finds_the_romanised_page(index: SearchIndex) -> None:
    assert ids(index.search("खसरा")) == ["v4", "e1"]
    assert ids(index.search("पटवारी")) == ["r1", "e1"]


@pytest.mark.parametrize("query,docs", [
    ("hospital", ["l1"]), ("budget", ["l1"]), ("college", ["l1", "v4"]), ("police", ["l1"]),
])
def test_english_loanwords_find_devanagari(index: SearchIndex, query: str, docs: list[str]) -> None:
    assert sorted(ids(index.search(query))) == sorted(docs)


def test_what_must_not_merge(index: SearchIndex) -> None:
    assert "n1" not in ids(index.search("किसान")) and "n1" not in ids(index.search("kisan"))  # कौसानी
    assert "n1" not in ids(index.search("police"))  # पॉलिसी (policy) is another word
    assert "n1" not in ids(index.search("पत्ता"))  # पता (address) is on n1; पत्ता (leaf) is another word


def test_also_matched_and_exact(index: SearchIndex) -> None:
    res = index.find("सम्बन्ध")
    assert "संबंध" in res.also_matched and "सम्बन्ध" not in res.also_matched
    assert index.find("सम्बन्ध", exact=True).also_matched == []
    assert "खसरा" in index.find("khasra").also_matched


def test_keys_stored_and_refilled(engine: Engine, index: SearchIndex) -> None:
    with engine.connect() as c:
        row = c.execute(select(search_terms.c.norm_key, search_terms.c.stem_key, search_terms.c.phon_key)
                        .where(search_terms.c.term == "योजनाओं")).one()
    assert row == ("योजनाओं", "योज", "yjn")
    with engine.begin() as c:
        c.execute(search_terms.update().values(norm_key=None, stem_key=None, phon_key=None))
        assert refill_keys(c) > 0
    assert "v2" in ids(index.search("सम्बन्ध"))


def test_department_scope_applies_to_expansions(index: SearchIndex) -> None:
    assert ids(index.search("khasra", departments=["revenue"])) == ["e1"]


def test_several_expanded_words_exact_page_first(index: SearchIndex) -> None:
    # v1 prints सम्बन्ध and अन्तर, v2 prints संबंध and अंतर: both pages, the exact one first
    assert ids(index.search("सम्बन्ध अन्तर")) == ["v1", "v2"]
    assert ids(index.search("संबंध अंतर")) == ["v2", "v1"]
    assert ids(index.search("संबंध अंतर", exact=True)) == ["v2"]
    # romanised and Devanagari mixed in one query
    assert sorted(ids(index.search("tehsil पटवारी"))) == ["e1", "r1"]  # e1: tehsil + patwari
