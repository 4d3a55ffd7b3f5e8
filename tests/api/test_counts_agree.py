"""Issue 19: the numbers agree. One fixture batch with known failures (two files refused at
ingest), reviews (a document of unknown department, a page flagged for review) and corrections,
and a second batch whose every file failed, checked at once on the Queues data (GET /api/queues),
the digitisation report (JSON and CSV), the review queue (GET /api/review) and the CLI
(`sanchika review --json`, `sanchika report --csv`); then the review rule: one threshold, one
all-or-nothing approval, a correction that re-scopes access and the digital file at once.
Text-layer PDFs keep the module fast (no OCR)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from tests import pagegen
from tests.scans import EDUCATION_LINES, HEALTH_LINES
from tests.test_cli import sanchika

UNSURE_LINES = ["Minutes of the meeting", "The members were present.", "The next meeting will be held on Monday."]


@dataclass
class Env:
    app: Any
    home: Path
    tokens: dict[str, str]
    docs: dict[str, str]  # file name -> document id
    batch_id: str
    failed_batch_id: str

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def client(self):  # type: ignore[no-untyped-def]
        from fastapi.testclient import TestClient

        return TestClient(self.app)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> Env:  # type: ignore[no-untyped-def]
    from sanchika.api import create_app
    from sanchika.pipeline import process_batch
    from sanchika.settings import Settings
    from storage.schema import pages

    root: Path = tmp_path_factory.mktemp("counts-scans")
    (root / "health.pdf").write_bytes(pagegen.text_pdf(HEALTH_LINES))
    (root / "education.pdf").write_bytes(pagegen.text_pdf(EDUCATION_LINES))
    (root / "minutes.pdf").write_bytes(pagegen.text_pdf(UNSURE_LINES))
    (root / "empty.pdf").write_bytes(b"")
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not a scan")
    bad: Path = tmp_path_factory.mktemp("counts-bad")
    (bad / "zero.pdf").write_bytes(b"")
    (bad / "torn.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    home = tmp_path_factory.mktemp("counts-home")
    settings = Settings(home=home, workers=2)
    report = process_batch([root], settings, batch_name="counts", operator="seed")
    by_status = {Path(f.path).name: f.status for f in report.files}
    assert by_status == {"health.pdf": "done", "education.pdf": "done", "minutes.pdf": "done",
                         "empty.pdf": "failed", "notes.docx": "failed"}, report.to_json()
    failed = process_batch([bad], settings, batch_name="all bad", operator="seed")
    assert {f.status for f in failed.files} == {"failed"}, failed.to_json()
    app = create_app(settings)
    docs = {Path(f.path).name: f.document_id for f in report.files if f.document_id}
    with app.state.services.ctx.engine.begin() as c:  # a page the OCR stage would flag as read badly
        c.execute(update(pages).where(pages.c.document_id == docs["health.pdf"], pages.c.page_no == 1)
                  .values(flag="needs_review", quality=0.41, quality_reasons=["low_confidence"]))
    accounts = app.state.services.accounts
    tokens = {"operator": accounts.add_user("olga", "operator")[1], "admin": accounts.add_user("arun", "admin")[1],
              "education": accounts.add_user("esha", "department", ["education"])[1],
              "general": accounts.add_user("gita", "department", ["general_administration"])[1]}
    return Env(app, home, tokens, docs, report.batch_id, failed.batch_id)


def _everywhere(env: Env) -> dict[str, Any]:
    """The same counts as each front end shows them."""
    client = env.client()
    queue = client.get("/api/review", params={"limit": 200}, headers=env.headers("operator")).json()
    report = client.get("/api/reports/digitisation", headers=env.headers("admin")).json()
    cells = list(csv.DictReader(io.StringIO(client.get("/api/reports/digitisation", params={"format": "csv"},
                                                       headers=env.headers("admin")).text.lstrip("\ufeff"))))
    cli_queue = json.loads(sanchika(env.home, "review", "--json").stdout)
    cli_cells = list(csv.DictReader(io.StringIO(sanchika(env.home, "report", "--csv").stdout)))
    return {"queue": queue, "report": report, "csv_total": cells[-1], "cli_queue": cli_queue, "cli_total": cli_cells[-1],
            "cli_rows": cli_cells[:-1]}


def _review_docs(queue: dict[str, Any]) -> set[str]:
    """The finished documents the queue's items point at (documents, pages, boundaries)."""
    return {i["document_id"] for kind in ("documents", "pages", "boundaries") for i in queue[kind]}


def test_queue_report_and_cli_count_the_same_documents(env) -> None:  # type: ignore[no-untyped-def]
    seen = _everywhere(env)
    queue, report = seen["queue"], seen["report"]
    waiting = _review_docs(queue)
    # known: the minutes (no department's words: a low confidence) and the health document (a page read badly)
    assert {env.docs["minutes.pdf"], env.docs["health.pdf"]} <= waiting
    assert env.docs["minutes.pdf"] in {d["document_id"] for d in queue["documents"]}
    n = len(waiting)
    assert queue["counts"]["documents"] == n == report["needs_review"] == int(seen["csv_total"]["needs_review"])
    assert seen["cli_queue"]["counts"] == queue["counts"] and int(seen["cli_total"]["needs_review"]) == n
    assert report["review_share"] == round(n / report["documents"], 4) and report["documents"] == 3
    assert queue["counts"]["pages"] == len(queue["pages"]) == report["pages_needing_review"] == 1
    assert queue["counts"]["departments"] == len(queue["documents"])

    # a correction in review takes the document out of every count at once
    r = env.client().post(f"/api/documents/{env.docs['minutes.pdf']}/review", json={"department": "general_administration"},
                          headers=env.headers("operator"))
    assert r.status_code == 200, r.text
    after = _everywhere(env)
    assert env.docs["minutes.pdf"] not in _review_docs(after["queue"])
    assert after["queue"]["counts"]["documents"] == n - 1 == after["report"]["needs_review"]
    assert int(after["csv_total"]["needs_review"]) == int(after["cli_total"]["needs_review"]) == n - 1
    assert after["cli_queue"]["counts"] == after["queue"]["counts"]
    # the corrected document's digital file follows it: no "unknown" department row is left
    for row in [*after["report"]["departments"], *after["cli_rows"]]:
        assert row["department"] != "unknown", row
    files = env.client().get("/api/files", headers=env.headers("admin")).json()
    minutes = [f for f in files if env.docs["minutes.pdf"] in {d["id"] for d in
               env.client().get(f"/api/files/{f['key']}", headers=env.headers("admin")).json().get("documents", [])}]
    assert minutes and {f["department"] for f in minutes} == {"general_administration"}


def test_the_queues_data_lists_every_failed_file_with_its_code_and_batch(env) -> None:  # type: ignore[no-untyped-def]
    q = env.client().get("/api/queues", headers=env.headers("admin")).json()
    got = {(f["batch_id"], f["name"].rsplit("/", 1)[-1], f["error"]["code"]) for f in q["failed_files"]}
    assert q["failed_files_total"] == 4 == len(got)
    assert {(b, n) for b, n, _ in got} == {(env.batch_id, "empty.pdf"), (env.batch_id, "notes.docx"),
                                            (env.failed_batch_id, "zero.pdf"), (env.failed_batch_id, "torn.pdf")}
    assert all(code.startswith("input.") for _, _, code in got), got
    batches = {b["id"]: b for b in env.client().get("/api/batches", headers=env.headers("operator")).json()}
    assert batches[env.failed_batch_id]["status"] == "failed" and batches[env.batch_id]["status"] == "done"
    one = env.client().get(f"/api/batches/{env.failed_batch_id}", headers=env.headers("operator")).json()
    assert one["status"] == "failed" and one["progress"]["seconds_left"] == 0


def test_below_the_review_threshold_a_document_is_queued(env) -> None:  # type: ignore[no-untyped-def]
    """The minutes read as Health at about 45 %: filed as Health, and queued for review until an
    operator decides (the first test corrected it); the rule holds document by document for the
    default threshold and a stricter one."""
    from fastapi.testclient import TestClient

    from sanchika.api import create_app
    from sanchika.settings import Settings

    client = env.client()
    docs = [client.get(f"/api/documents/{env.docs[d]}", headers=env.headers("admin")).json()
            for d in ("health.pdf", "education.pdf")]
    for threshold in (Settings(home=env.home).department_review_below, 0.999):
        app = create_app(Settings(home=env.home, workers=1, department_review_below=threshold))
        items = {d["document_id"]: d for d in TestClient(app).get("/api/review", headers=env.headers("operator")).json()["documents"]}
        for doc in docs:
            assert (doc["id"] in items) == (doc["confidence"] < threshold), (doc["name"], doc["confidence"], threshold)
            if doc["id"] in items:
                assert items[doc["id"]]["reason"] == "low_confidence" and items[doc["id"]]["department"] == doc["department"]


def test_approving_is_one_request_that_applies_all_or_nothing(env) -> None:  # type: ignore[no-untyped-def]
    client, doc = env.client(), env.docs["health.pdf"]
    before = client.get(f"/api/documents/{doc}", headers=env.headers("admin")).json()
    r = client.post(f"/api/documents/{doc}/review", json={"department": "revenue", "file_number": "9" * 250},
                    headers=env.headers("operator"))
    assert r.status_code == 400 and r.json()["error"]["code"] == "usage", r.text
    after = client.get(f"/api/documents/{doc}", headers=env.headers("admin")).json()
    assert after["department"] == before["department"] == "health"
    assert after["corrections"] == before["corrections"] and after.get("verified_by") == before.get("verified_by")
    assert doc in _review_docs(client.get("/api/review", headers=env.headers("operator")).json())

    r = client.post(f"/api/documents/{doc}/review", json={"department": "health", "file_number": "561/CMHO/2021"},
                    headers=env.headers("operator"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["department"]["new_value"] == "health" and body["file_number"]["new_value"] == "561/CMHO/2021"
    assert body["approval"]["verified_by"] == "olga"
    assert doc not in _review_docs(client.get("/api/review", headers=env.headers("operator")).json())
    # its page read badly was approved with it: gone from the queue's and the report's page counts alike
    seen = _everywhere(env)
    assert seen["queue"]["counts"]["pages"] == seen["report"]["pages_needing_review"] == 0
    assert seen["queue"]["counts"]["documents"] == seen["report"]["needs_review"] == int(seen["cli_total"]["needs_review"])


def test_a_correction_rescopes_access_at_once_and_is_audited(env) -> None:  # type: ignore[no-untyped-def]
    from storage.schema import digital_files, documents

    client, doc = env.client(), env.docs["education.pdf"]
    assert client.get(f"/api/documents/{doc}", headers=env.headers("education")).status_code == 200
    assert client.get(f"/api/documents/{doc}", headers=env.headers("general")).status_code == 404
    r = client.post(f"/api/documents/{doc}/review", json={"department": "general_administration", "reason": "GAD circular"},
                    headers=env.headers("operator"))
    assert r.status_code == 200, r.text
    assert client.get(f"/api/documents/{doc}", headers=env.headers("education")).status_code == 404
    assert client.get(f"/api/documents/{doc}", headers=env.headers("general")).status_code == 200
    hits = {h["document_id"] for h in client.get("/api/search", params={"q": "school"}, headers=env.headers("general")).json()["hits"]}
    gone = {h["document_id"] for h in client.get("/api/search", params={"q": "school"}, headers=env.headers("education")).json()["hits"]}
    assert doc in hits and doc not in gone
    with env.app.state.services.ctx.engine.connect() as c:
        file_dep = c.execute(select(digital_files.c.department).join(documents, documents.c.digital_file_id == digital_files.c.id)
                             .where(documents.c.id == doc)).scalar()
    assert file_dep == "general_administration"
    audit = client.get("/api/audit", params={"action": "correct", "target": doc}, headers=env.headers("admin")).json()
    assert [(e["user"], e["detail"]) for e in audit] == [
        ("olga", {"field": "department", "old": "education", "new": "general_administration"})]


def test_time_left_comes_from_the_measured_pace() -> None:
    """Pages per minute from the first settled page on, none ("estimating") before three pages."""
    from datetime import UTC, datetime, timedelta

    from sanchika.api.routes.batches import _progress

    t0 = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
    early = _progress({"pages": 40, "settled": 2, "first_at": t0, "last_at": t0 + timedelta(seconds=5)}, finished=False)
    assert early.pages_per_minute is None and early.seconds_left is None
    # 11 pages in the minute after the first one settled, on a batch that ended: 11 pages/min, nothing left
    done = _progress({"pages": 12, "settled": 12, "first_at": t0, "last_at": t0 + timedelta(minutes=1)}, finished=True)
    assert done.pages_per_minute == 11.0 and done.seconds_left == 0
    # still running: the pace is measured up to now, so a stalled batch's estimate grows
    at = datetime.now(UTC)
    running = _progress({"pages": 40, "settled": 10, "first_at": at - timedelta(minutes=3), "last_at": at - timedelta(minutes=2)},
                        finished=False)
    assert running.pages_per_minute == pytest.approx(3.0, rel=0.02)
    assert running.seconds_left == pytest.approx(30 / 3.0 * 60, rel=0.02)
