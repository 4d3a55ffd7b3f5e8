"""Digital files over the web API: the department-scoped list, one file with its page roles and
parts, and the admins' eFile package download."""

from __future__ import annotations

import io
import json
import zipfile
from urllib.parse import quote

from .conftest import REVENUE_FILE

ROLES = {"cover", "notesheet", "receipt", "issue", "order", "annexure", "blank", "separator", None}


def _numbers(client, corpus, who: str, **params) -> list[str | None]:  # type: ignore[no-untyped-def]
    r = client.get("/api/files", params={"limit": 500, **params}, headers=corpus.headers(who))
    assert r.status_code == 200, r.text
    return [f["file_number"] for f in r.json()]


def test_the_list_is_department_scoped(corpus, client) -> None:  # type: ignore[no-untyped-def]
    admin = client.get("/api/files", params={"limit": 500}, headers=corpus.headers("admin")).json()
    assert REVENUE_FILE in [f["file_number"] for f in admin]
    rev = next(f for f in admin if f["file_number"] == REVENUE_FILE)
    assert rev["documents"] >= 1 and rev["pages"] >= 1 and rev["department"] == "revenue"

    revenue = client.get("/api/files", params={"limit": 500}, headers=corpus.headers("revenue")).json()
    assert REVENUE_FILE in [f["file_number"] for f in revenue]
    assert all(f["documents"] >= 1 for f in revenue)
    assert REVENUE_FILE not in _numbers(client, corpus, "education")  # another department's file is not listed
    assert len(_numbers(client, corpus, "education")) >= 1  # while their own is
    # a filter for another department finds nothing, not even a count
    assert REVENUE_FILE not in _numbers(client, corpus, "education", department="revenue")


def test_the_list_filters_and_pages(corpus, client) -> None:  # type: ignore[no-untyped-def]
    assert _numbers(client, corpus, "admin", q="भू-अभि") == [REVENUE_FILE]
    assert _numbers(client, corpus, "admin", q="no such file at all") == []
    assert REVENUE_FILE in _numbers(client, corpus, "admin", department="राजस्व")
    assert REVENUE_FILE not in _numbers(client, corpus, "admin", department="health")
    everything = _numbers(client, corpus, "admin")
    assert len(everything) >= 2
    assert _numbers(client, corpus, "admin", limit=1) == everything[:1]
    assert _numbers(client, corpus, "admin", limit=1, offset=1) == everything[1:2]
    bad = client.get("/api/files", params={"department": "space agency"}, headers=corpus.headers("admin"))
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "usage"
    searched = client.get("/api/audit", params={"action": "search", "target": "भू-अभि"}, headers=corpus.headers("admin")).json()
    assert searched and searched[0]["target_type"] == "files"


def test_one_file_has_documents_with_page_roles(corpus, client) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/api/files/{quote(REVENUE_FILE)}", headers=corpus.headers("revenue"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["file_number"] == REVENUE_FILE and body["documents"]
    doc = body["documents"][0]
    assert doc["id"] == corpus.docs["revenue"] and doc["department"] == "revenue"
    assert [p["page_no"] for p in doc["page_roles"]] == list(range(1, len(doc["page_roles"]) + 1))
    assert all(p["role"] in ROLES and p["text"] is None for p in doc["page_roles"])
    assert isinstance(doc["parts"], list)
    for part in doc["parts"]:
        assert part["first_page"] <= part["last_page"] and part["role"] in ROLES
    with_text = client.get(f"/api/files/{quote(REVENUE_FILE)}", params={"text": "true"}, headers=corpus.headers("revenue")).json()
    assert "खसरा" in with_text["documents"][0]["page_roles"][0]["text"]


def test_another_departments_file_and_volume_look_missing(corpus, client) -> None:  # type: ignore[no-untyped-def]
    h = corpus.headers("education")
    hidden = client.get(f"/api/files/{REVENUE_FILE}", headers=h)
    missing = client.get("/api/files/999/none/1900", headers=h)
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content
    admin_missing = client.get("/api/files/999/none/1900", headers=corpus.headers("admin"))
    assert admin_missing.content == missing.content
    no_volume = client.get(f"/api/files/{REVENUE_FILE}", params={"volume": 7}, headers=corpus.headers("admin"))
    assert no_volume.status_code == 404 and no_volume.content == missing.content


def test_admin_exports_the_efile_package_as_a_zip(corpus, client) -> None:  # type: ignore[no-untyped-def]
    admin = corpus.headers("admin")
    spool = corpus.settings.spool_dir
    r = client.post(f"/api/files/{quote(REVENUE_FILE)}/export", headers=admin)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    from classify.cover import efile_safe_name

    top = efile_safe_name(REVENUE_FILE)  # fl-<file number in e-Office's characters>
    assert r.headers["content-disposition"].endswith(f'filename="{top}.zip"')
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        names = z.namelist()
        assert names[0] == f"{top}/" and all(n.startswith(f"{top}/") for n in names)
        manifest = json.loads(z.read(f"{top}/manifest.json"))
        assert f"{top}/manifest.csv" in names
        pdfs = [n for n in names if n.endswith(".pdf")]
        assert pdfs and all(z.read(n)[:5] == b"%PDF-" for n in pdfs)
    assert manifest
    again = client.post(f"/api/files/{quote(REVENUE_FILE)}/export", headers=admin)
    assert again.content == r.content  # the same content, the same bytes
    assert not [p for p in spool.glob("efile-*")]  # the temporary package is gone
    exported = client.get("/api/audit", params={"action": "export", "target": REVENUE_FILE}, headers=admin).json()
    assert exported and exported[0]["target_type"] == "file" and exported[0]["user"] == "arun"
    gone = client.post("/api/files/999/none/1900/export", headers=admin)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"
    assert not [p for p in spool.glob("efile-*")]
