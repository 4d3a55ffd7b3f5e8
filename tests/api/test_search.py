"""GET /api/search filters and paging, and bad query parameters (422 `usage`, never 500)."""

from __future__ import annotations

import pytest

from .conftest import REVENUE_FILE


def test_search_filters(corpus, client) -> None:  # type: ignore[no-untyped-def]
    h = corpus.headers("operator")

    def ids(**params):  # type: ignore[no-untyped-def]
        r = client.get("/api/search", params=params, headers=h)
        assert r.status_code == 200, r.text
        return {hit["document_id"] for hit in r.json()["hits"]}

    rev = corpus.docs["revenue"]
    assert rev in ids(q="खसरा")
    assert ids(q="खसरा", file_number=REVENUE_FILE) == {rev}
    assert ids(q="खसरा", file_number="1/2/3") == set()
    assert ids(q="खसरा", department="education") == set()
    assert ids(q="खसरा", department="Revenue") == {rev}
    # the revenue letter is dated 12.03.2019
    assert ids(**{"q": "खसरा", "from": "2019-01-01", "to": "2019-12-31"}) == {rev}
    assert ids(**{"q": "खसरा", "from": "2020-01-01"}) == set()
    assert ids(q="खसरा", offset=1) == set()


def test_search_expands_and_exact_turns_it_off(corpus, client) -> None:  # type: ignore[no-untyped-def]
    h = corpus.headers("operator")
    rev = corpus.docs["revenue"]
    r = client.get("/api/search", params={"q": "khasra"}, headers=h).json()
    assert rev in {hit["document_id"] for hit in r["hits"]} and "खसरा" in r["also_matched"] and r["exact"] is False
    r = client.get("/api/search", params={"q": "khasra", "exact": "true"}, headers=h).json()
    assert r["hits"] == [] and r["also_matched"] == [] and r["exact"] is True


@pytest.mark.parametrize("params", [
    {}, {"q": ""}, {"q": "x", "limit": 0}, {"q": "x", "limit": 101}, {"q": "x", "offset": -1},
    {"q": "x", "from": "12.03.2019"}, {"q": "x", "from": "2020-01-02", "to": "2020-01-01"},
    {"q": "x", "department": "no such department"}, {"q": "x" * 501},
])
def test_bad_search_parameters(corpus, client, params) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/search", params=params, headers=corpus.headers("admin"))
    assert r.status_code in (400, 422), r.text
    assert r.json()["error"]["code"] == "usage"


@pytest.mark.parametrize("q", ['"', "*", "AND OR NOT", "NEAR(", "क्‍या ०१२", "'; DROP TABLE documents; --", "\u200d"])
def test_odd_queries_are_answered(corpus, client, q) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/search", params={"q": q}, headers=corpus.headers("admin"))
    assert r.status_code == 200, r.text
