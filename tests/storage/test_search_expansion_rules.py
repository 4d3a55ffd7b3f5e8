"""The query-side rules of ADR 0022 (5-8) on both backends with real words: what they find, and
the words they must not merge (each rule has its must-not-merge page)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from storage.search import SearchIndex

from .seed import Doc, seed_index

PAGES = {
    "n1": "भूमि का आवन्टन और एक घन्टा की बैठक",  # न् before ट-class: आवंटन, घंटा
    "n2": "पंडित जी की सभा",
    "n3": "सनत कुमार का पत्र",  # सनत (no virama) is not संत
    "g1": "स्थायी नियुक्ति के लिये आवेदन",  # glide य: स्थाई, लिए
    "g2": "येन मुद्रा का भाव",  # a word-initial य: not एन
    "h1": "चुनाव चिह्न का महत्त्व",  # ह्न/न्ह and त्त्व/त्व: चिन्ह, महत्व
    "h2": "नदी के उत्तर में श्रृंखला",  # उत्तर (north) is not उतर (get down): no doubling rule outside व
    "h3": "ग्रह दशा",  # ग्रह (planet) is not गृह (house)
    "p1": "सभी दवाओं की कमियाँ दूर करें",  # short plurals: दवा, कमी
    "p2": "पति और पतियों का पता",  # पता, पति, पतियों: must not merge across
    "p3": "अच्छी कमाई",  # कमाई (earnings) is not कमी
    "r1": "संविदा पर आयुक्त की बाढ़ रिपोर्ट, गांव का झगड़ा, चौकीदार का बँटवारा",
    "r2": "बड़ा मकान",  # barh (बाढ़) must not find बड़ा
    "l1": "यूनिवर्सिटी में इंटरव्यू, चेक जमा",
    "l2": "samvida staff and the barh relief",  # Devanagari queries find the romanised words
}


@pytest.fixture
def index(engine: Engine) -> SearchIndex:
    return seed_index(engine, [Doc(d, [t], "x") for d, t in PAGES.items()])


def ids(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(h.document_id for h in hits)


@pytest.mark.parametrize("query,docs", [
    ("आवंटन", ["n1"]), ("घंटा", ["n1"]), ("घण्टा", ["n1"]), ("पन्डित", ["n2"]), ("पण्डित", ["n2"]),
    ("स्थाई", ["g1"]), ("अस्थाई", []), ("लिए", ["g1"]),
    ("दवा", ["p1"]), ("कमी", ["p1"]), ("चिन्ह", ["h1"]), ("महत्व", ["h1"]), ("शृंखला", ["h2"]),
])
def test_spelling_and_paradigm_rules_find(index: SearchIndex, query: str, docs: list[str]) -> None:
    assert ids(index.search(query)) == docs


def test_found_only_through_the_rule(index: SearchIndex) -> None:
    for query in ("आवंटन", "घंटा", "स्थाई", "दवा", "कमी"):  # more than one OCR edit away from the page's word
        assert index.search(query, exact=True) == []


def test_spelling_and_paradigm_rules_do_not_merge(index: SearchIndex) -> None:
    assert ids(index.search("संत")) == []  # not सनत (n3)
    assert ids(index.search("एन")) == []  # not येन (g2)
    assert ids(index.search("उतर")) == []  # not उत्तर (h2)
    assert ids(index.search("गृह")) == []  # not ग्रह (h3)
    assert ids(index.search("पता")) == ["p2"] and ids(index.search("पति")) == ["p2"]
    assert "p3" not in ids(index.search("कमी"))  # कमाई
    hits = index.find("पति")
    assert "पता" not in hits.also_matched and "पतियों" in hits.also_matched


@pytest.mark.parametrize("query,docs", [
    ("samvida", ["l2", "r1"]), ("ayukt", ["r1"]), ("barh", ["l2", "r1"]), ("jhagra", ["r1"]), ("chowkidar", ["r1"]),
    ("batwara", ["r1"]), ("university", ["l1"]), ("interview", ["l1"]), ("cheque", ["l1"]),
    ("संविदा", ["l2", "r1"]), ("बाढ़", ["l2", "r1"]),
])
def test_query_side_readings_find(index: SearchIndex, query: str, docs: list[str]) -> None:
    assert ids(index.search(query)) == docs


def test_query_side_readings_do_not_merge(index: SearchIndex) -> None:
    assert "r2" not in ids(index.search("barh"))  # बड़ा is not बाढ़
    res = index.find("barh")
    assert "बाढ़" in res.also_matched and "बड़ा" not in res.also_matched
