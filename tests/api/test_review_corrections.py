"""The operator's review queue through the web API: correct a document's file number (POST
/api/documents/{id}/file-number: recorded, audited, relinked to the digital file of that number,
kept when the document is run again), approve a document as it is (POST
/api/documents/{id}/approve) and see its items leave GET /api/review — documents, pages read
badly and uncertain boundaries. Text-layer PDFs keep the module fast (no OCR)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import select, update

from domain.errors import NotFoundError
from tests import pagegen
from tests.scans import EDUCATION_LINES, HEALTH_LINES

UNSURE_LINES = ["Minutes of the meeting", "The members were present.", "The next meeting will be held on Monday."]
HEALTH_FILE = "560/CMHO/2021"
NEW_FILE = "77/नजूल/2020"
MISSING = "0123456789abcdef"


@dataclass
class Env:
    app: Any
    tokens: dict[str, str]
    docs: dict[str, str]  # file name -> document id

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def client(self):  # type: ignore[no-untyped-def]
        from fastapi.testclient import TestClient

        return TestClient(self.app)

    @property
    def ctx(self):  # type: ignore[no-untyped-def]
        return self.app.state.services.ctx


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> Env:  # type: ignore[no-untyped-def]
    from sanchika.api import create_app
    from sanchika.pipeline import process_batch
    from sanchika.settings import Settings

    root: Path = tmp_path_factory.mktemp("review-scans")
    (root / "health.pdf").write_bytes(pagegen.text_pdf(HEALTH_LINES))
    (root / "education.pdf").write_bytes(pagegen.text_pdf(EDUCATION_LINES))
    (root / "minutes.pdf").write_bytes(pagegen.text_pdf(UNSURE_LINES))
    settings = Settings(home=tmp_path_factory.mktemp("review-home"), workers=2)
    report = process_batch([root], settings, batch_name="review", operator="seed")
    assert all(f.status == "done" for f in report.files), report.to_json()
    app = create_app(settings)
    accounts = app.state.services.accounts
    tokens = {"operator": accounts.add_user("olga", "operator")[1], "admin": accounts.add_user("arun", "admin")[1],
              "health": accounts.add_user("hema", "department", ["health"])[1],
              "education": accounts.add_user("esha", "department", ["education"])[1]}
    return Env(app, tokens, {Path(f.path).name: f.document_id for f in report.files})


def _file(client, env: Env, number: str, who: str = "admin"):  # type: ignore[no-untyped-def]
    return client.get("/api/files/" + quote(number, safe="/"), headers=env.headers(who))


def test_a_file_number_correction_is_recorded_relinked_and_audited(env) -> None:  # type: ignore[no-untyped-def]
    client = env.client()
    doc = env.docs["health.pdf"]
    assert client.get(f"/api/documents/{doc}", headers=env.headers("admin")).json()["file_number"] == HEALTH_FILE
    assert doc in [d["id"] for d in _file(client, env, HEALTH_FILE).json()["documents"]]

    r = client.post(f"/api/documents/{doc}/file-number", json={"file_number": f"  {NEW_FILE} ", "reason": "cover says so"},
                    headers=env.headers("operator"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["field"], body["old_value"], body["new_value"], body["user"]) == ("file_number", HEALTH_FILE, NEW_FILE, "olga")
    assert body["reason"] == "cover says so" and body["file_key"] == f"fn:{NEW_FILE}"
    assert any("e-Office does not allow" in w for w in body["warnings"])  # Devanagari: a warning, not a refusal

    shown = client.get(f"/api/documents/{doc}", headers=env.headers("admin")).json()
    assert shown["file_number"] == NEW_FILE and shown["digital_file"]["file_number"] == NEW_FILE
    assert [(c["field"], c["new_value"]) for c in shown["corrections"]] == [("file_number", NEW_FILE)]
    new = _file(client, env, NEW_FILE).json()
    assert [d["id"] for d in new["documents"]] == [doc] and new["department"] == "health"
    assert new["title"]  # the document's subject (or the number)
    assert _file(client, env, HEALTH_FILE).json()["documents"] == []  # the old file has no document left
    files = client.get("/api/files", headers=env.headers("admin")).json()
    numbers = {f["file_number"] for f in (files["files"] if isinstance(files, dict) else files)}
    assert NEW_FILE in numbers and HEALTH_FILE not in numbers  # an empty file is not listed
    # the health department user follows the document to its new file
    assert [d["id"] for d in _file(client, env, NEW_FILE, "health").json()["documents"]] == [doc]
    assert _file(client, env, HEALTH_FILE, "health").status_code == 404

    from storage.schema import documents, parts

    with env.ctx.engine.connect() as c:
        fid, verified = c.execute(select(documents.c.digital_file_id, documents.c.verified_by).where(documents.c.id == doc)).one()
        part_files = set(c.execute(select(parts.c.digital_file_id).where(parts.c.document_id == doc)).scalars())
    assert verified == "olga" and part_files <= {fid}

    audit = client.get("/api/audit", params={"action": "correct", "target": doc}, headers=env.headers("admin")).json()
    assert audit[0]["user"] == "olga" and audit[0]["detail"] == {"field": "file_number", "old": HEALTH_FILE, "new": NEW_FILE}


def test_a_file_number_is_stored_in_canonical_form_and_an_empty_one_is_refused(env) -> None:  # type: ignore[no-untyped-def]
    client = env.client()
    doc = env.docs["education.pdf"]
    op = env.headers("operator")
    r = client.post(f"/api/documents/{doc}/file-number", json={"file_number": "F. No. 12 / 3/२०१९/Rev"}, headers=op)
    assert r.status_code == 200, r.text
    assert r.json()["new_value"] == "12/3/2019/Rev" and r.json()["warnings"] == [] and r.json()["reason"] is None
    for bad, status, code in (({"file_number": "   "}, 400, "usage"), ({"file_number": "F. No."}, 400, "usage"),
                              ({"file_number": "1" * 250}, 400, "usage"), ({}, 422, "usage")):
        r = client.post(f"/api/documents/{doc}/file-number", json=bad, headers=op)
        assert r.status_code == status and r.json()["error"]["code"] == code, (bad, r.text)
    assert client.get(f"/api/documents/{doc}", headers=op).json()["file_number"] == "12/3/2019/Rev"
    missing = client.post(f"/api/documents/{MISSING}/file-number", json={"file_number": "1/2/2020"}, headers=op)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    # put it back: the next tests want the education document in its own file again
    assert client.post(f"/api/documents/{doc}/file-number", json={"file_number": "1187/Edu/2024"}, headers=op).status_code == 200


def test_a_rerun_keeps_the_corrected_file_number(env) -> None:  # type: ignore[no-untyped-def]
    from workers.steps import complete_document

    client = env.client()
    doc = env.docs["health.pdf"]
    if client.get(f"/api/documents/{doc}", headers=env.headers("admin")).json()["file_number"] != NEW_FILE:
        assert client.post(f"/api/documents/{doc}/file-number", json={"file_number": NEW_FILE},
                           headers=env.headers("operator")).status_code == 200
    outcome = complete_document(env.ctx, doc)  # retry, requeue and rescan all run the document step again
    assert outcome.ok and outcome.file_number == NEW_FILE and outcome.department == "health"
    shown = client.get(f"/api/documents/{doc}", headers=env.headers("admin")).json()
    assert shown["file_number"] == NEW_FILE and shown["digital_file"]["file_number"] == NEW_FILE
    assert shown["entities"]["file_numbers"][0] == NEW_FILE
    assert _file(client, env, HEALTH_FILE).json()["documents"] == []
    assert [d["id"] for d in _file(client, env, NEW_FILE).json()["documents"]] == [doc]


def _queue(client, env: Env) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    r = client.get("/api/review", params={"limit": 200}, headers=env.headers("operator"))
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_approve_takes_the_documents_items_out_of_the_queue(env) -> None:  # type: ignore[no-untyped-def]
    from storage.catalog import now
    from storage.schema import documents, pages, parts

    client = env.client()
    doc = env.docs["minutes.pdf"]
    engine = env.ctx.engine
    with engine.begin() as c:  # the minutes read badly, with an uncertain boundary inside the bundle
        c.execute(update(documents).where(documents.c.id == doc).values(department="unknown", confidence=0.2))
        c.execute(update(pages).where(pages.c.document_id == doc, pages.c.page_no == 1)
                  .values(flag="needs_review", quality=0.41, quality_reasons=["faint text"],
                          updated_at=now() - timedelta(minutes=5)))
        c.execute(update(parts).where(parts.c.document_id == doc).values(needs_review=True, confidence=0.35,
                                                                          reasons=["page number restarts at 1"]))
    queue = _queue(client, env)
    assert doc in [d["document_id"] for d in queue["documents"]]
    assert {"document_id": doc, "page": 1, "reason": "needs_review"} in [
        {k: p[k] for k in ("document_id", "page", "reason")} for p in queue["pages"]]
    bounds = [b for b in queue["boundaries"] if b["document_id"] == doc]
    assert bounds and bounds[0]["name"].endswith("minutes.pdf") and bounds[0]["part"] == 1
    assert bounds[0]["first_page"] == 1 and bounds[0]["confidence"] == pytest.approx(0.35)
    assert bounds[0]["reasons"] == ["page number restarts at 1"] and bounds[0]["reason"] == "boundary_uncertain"
    assert bounds[0]["role"]

    assert client.post(f"/api/documents/{doc}/approve", headers=env.headers("education")).status_code == 403
    r = client.post(f"/api/documents/{doc}/approve", headers=env.headers("admin"))
    assert r.status_code == 200, r.text
    assert r.json()["document_id"] == doc and r.json()["verified_by"] == "arun" and r.json()["verified_at"]
    queue = _queue(client, env)
    assert doc not in {d["document_id"] for d in queue["documents"]}
    assert doc not in {p["document_id"] for p in queue["pages"]}
    assert doc not in {b["document_id"] for b in queue["boundaries"]}
    audit = client.get("/api/audit", params={"action": "verify", "target": doc}, headers=env.headers("admin")).json()
    assert [e["user"] for e in audit] == ["arun"]

    # a page to rescan stays until it is replaced; a page read again after the approval comes back
    with engine.begin() as c:
        c.execute(update(pages).where(pages.c.document_id == doc, pages.c.page_no == 1).values(flag="needs_rescan"))
    assert {"document_id": doc, "page": 1} in [{"document_id": p["document_id"], "page": p["page"]} for p in _queue(client, env)["pages"]]
    with engine.begin() as c:
        c.execute(update(pages).where(pages.c.document_id == doc, pages.c.page_no == 1)
                  .values(flag="needs_review", updated_at=now() + timedelta(minutes=5)))
    assert doc in {p["document_id"] for p in _queue(client, env)["pages"]}
    missing = client.post(f"/api/documents/{MISSING}/approve", headers=env.headers("operator"))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("action", ["file-number", "approve", "department"])
def test_a_department_user_cannot_correct_another_departments_document(env, action) -> None:  # type: ignore[no-untyped-def]
    client = env.client()
    doc = env.docs["education.pdf"]
    body = {"file-number": {"file_number": "9/9/2020"}, "approve": None, "department": {"department": "health"}}[action]
    before = client.get(f"/api/documents/{doc}", headers=env.headers("admin")).json()
    hidden = client.post(f"/api/documents/{doc}/{action}", json=body, headers=env.headers("health"))
    missing = client.post(f"/api/documents/{MISSING}/{action}", json=body, headers=env.headers("health"))
    own = client.post(f"/api/documents/{env.docs['health.pdf']}/{action}", json=body, headers=env.headers("health"))
    # corrections are the operators' (as POST .../department): the same answer for another
    # department's document, a missing one and their own — nothing to tell apart, nothing changed
    assert hidden.status_code == missing.status_code == own.status_code == 403
    assert hidden.content == missing.content == own.content
    after = client.get(f"/api/documents/{doc}", headers=env.headers("admin")).json()
    assert (after["file_number"], after["department"], after["corrections"]) == \
        (before["file_number"], before["department"], before["corrections"])


def test_the_library_scope_hides_another_departments_document_from_corrections(env) -> None:  # type: ignore[no-untyped-def]
    from storage.library import Library
    from storage.schema import corrections

    engine = env.ctx.engine
    doc = env.docs["education.pdf"]
    scoped = Library(engine, ["health"])
    with engine.connect() as c:
        before = c.execute(select(corrections.c.id).where(corrections.c.document_id == doc)).all()
    for call in (lambda d: scoped.correct_file_number(d, "9/9/2020", "hema", None), lambda d: scoped.verify(d, "hema"),
                 lambda d: scoped.correct_department(d, "health", "hema", None)):
        with pytest.raises(NotFoundError) as hidden:
            call(doc)
        with pytest.raises(NotFoundError) as missing:
            call(MISSING)
        assert str(hidden.value) == str(missing.value)
    with engine.connect() as c:
        assert c.execute(select(corrections.c.id).where(corrections.c.document_id == doc)).all() == before
    assert Library(engine, ["education"]).document(doc)["verified_by"] != "hema"
