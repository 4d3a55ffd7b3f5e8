"""Department scope: another department's document is a 404 identical to a missing id, and
absent from search, listing, digital files and downloads."""

from __future__ import annotations

import pytest

from .conftest import REVENUE_FILE

MISSING = "0123456789abcdef"
DOC_PATHS = ["/api/documents/{id}", "/api/documents/{id}/pdf", "/api/documents/{id}/pages/1.png", "/api/documents/{id}/pages/2.png"]


@pytest.mark.parametrize("template", DOC_PATHS)
def test_other_departments_document_is_indistinguishable_from_a_missing_one(corpus, client, template) -> None:  # type: ignore[no-untyped-def]
    h = corpus.headers("education")
    hidden = client.get(template.format(id=corpus.docs["revenue"]), headers=h)
    missing = client.get(template.format(id=MISSING), headers=h)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert hidden.headers["content-type"] == missing.headers["content-type"] == "application/json"
    # while their own department's document is there
    own = client.get(template.format(id=corpus.docs["education"]).replace("pages/2", "pages/1"), headers=h)
    assert own.status_code == 200


def test_files_of_another_department_look_missing(corpus, client) -> None:  # type: ignore[no-untyped-def]
    h = corpus.headers("education")
    hidden = client.get(f"/api/files/{REVENUE_FILE}", headers=h)
    missing = client.get("/api/files/999/none/1900", headers=h)
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content
    assert client.get(f"/api/files/{REVENUE_FILE}", headers=corpus.headers("revenue")).status_code == 200


def test_search_never_returns_another_departments_page(corpus, client) -> None:  # type: ignore[no-untyped-def]
    for params in ({"q": "खसरा"}, {"q": "खसरा", "department": "revenue"}, {"q": "खसरा", "department": "राजस्व"},
                   {"q": "खसरा पटवारी teachers vaccination"}):
        hits = client.get("/api/search", params=params, headers=corpus.headers("education")).json()["hits"]
        assert [h for h in hits if h["department"] != "education"] == []
    rev = client.get("/api/search", params={"q": "खसरा"}, headers=corpus.headers("revenue")).json()["hits"]
    assert {h["document_id"] for h in rev} == {corpus.docs["revenue"]}
    edu = client.get("/api/search", params={"q": "teachers"}, headers=corpus.headers("education")).json()["hits"]
    assert {h["document_id"] for h in edu} == {corpus.docs["education"]}


def test_listing_shows_only_the_callers_departments(corpus, client) -> None:  # type: ignore[no-untyped-def]
    seen = {d["id"]: d["department"] for d in client.get("/api/documents", headers=corpus.headers("revenue")).json()}
    assert set(seen.values()) == {"revenue"} and corpus.docs["revenue"] in seen
    everyone = {d["id"] for d in client.get("/api/documents?limit=500", headers=corpus.headers("operator")).json()}
    assert set(corpus.docs.values()) <= everyone
    other = client.get("/api/documents", params={"department": "education"}, headers=corpus.headers("revenue")).json()
    assert other == []


def test_digital_file_lists_only_visible_members(corpus, client) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/files/{REVENUE_FILE}", headers=corpus.headers("revenue")).json()
    assert body["file_number"] == REVENUE_FILE
    assert {d["department"] for d in body["documents"]} == {"revenue"}


def test_a_correction_moves_the_document_between_scopes(corpus, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    health = corpus.docs["health"]
    op, edu = corpus.headers("operator"), corpus.headers("education")
    assert client.get(f"/api/documents/{health}", headers=edu).status_code == 404
    r = client.post(f"/api/documents/{health}/department", json={"department": "शिक्षा", "reason": "misfiled"}, headers=op)
    assert r.status_code == 200, r.text
    assert r.json()["old_value"] == "health" and r.json()["new_value"] == "education" and r.json()["user"] == "olga"
    try:
        doc = client.get(f"/api/documents/{health}", headers=edu)
        assert doc.status_code == 200
        assert doc.json()["department"] == "education"
        assert [c["new_value"] for c in doc.json()["corrections"]] == ["education"]
    finally:
        client.post(f"/api/documents/{health}/department", json={"department": "health"}, headers=op)
    assert client.get(f"/api/documents/{health}", headers=edu).status_code == 404


def test_correction_to_an_unknown_department_is_a_usage_error(corpus, client) -> None:  # type: ignore[no-untyped-def]
    r = client.post(f"/api/documents/{corpus.docs['revenue']}/department", json={"department": "space agency"},
                    headers=corpus.headers("operator"))
    assert r.status_code == 400 and r.json()["error"]["code"] == "usage"
