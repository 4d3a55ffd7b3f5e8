"""The scanning room's loop (issue 19): a page marked "to rescan" with a reason is kept (it is in
the database, not the browser), listed per batch and per location with the pages the stage could
not read, exported as CSV from the API and the CLI, and leaves the list when it is replaced; a
replacement answers at once and is read in the background (GET /api/rescans/{id})."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest

from domain.errors import InputError
from storage.audit import AuditFilter
from tests import pagegen
from tests.scans import EDUCATION_LINES, HEALTH_LINES, REVENUE_LINES, page

from .conftest import scan_png
from .test_cli_users import sanchika

ALMIRAH = "Almirah 7, shelf 2"


@pytest.fixture(scope="module")
def env(tmp_path_factory):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from sanchika.api import create_app
    from sanchika.pipeline import process_batch
    from sanchika.settings import Settings

    settings = Settings(home=tmp_path_factory.mktemp("rescan-list-home"), workers=2)
    a: Path = tmp_path_factory.mktemp("almirah")
    (a / "two.pdf").write_bytes(pagegen.image_pdf([page(HEALTH_LINES, 61), page(EDUCATION_LINES, 62)], dpi=200))
    b: Path = tmp_path_factory.mktemp("box")
    (b / "single.png").write_bytes(scan_png(REVENUE_LINES, 63))
    first = process_batch([a], settings, batch_name="almirah", operator="seed", hints={"location": ALMIRAH})
    second = process_batch([b], settings, batch_name="box", operator="seed", hints={"location": "Box 12"})
    app = create_app(settings)
    accounts = app.state.services.accounts
    tokens = {"operator": accounts.add_user("olga", "operator")[1], "revenue": accounts.add_user("ravi", "department", ["revenue"])[1]}
    return {"settings": settings, "app": app, "client": TestClient(app), "tokens": tokens,
            "two": first.files[0].document_id, "single": second.files[0].document_id,
            "batches": (first.batch_id, second.batch_id)}


def _h(env: dict[str, Any], who: str = "operator") -> dict[str, str]:
    return {"Authorization": f"Bearer {env['tokens'][who]}"}


def _list(env: dict[str, Any], **params: str) -> list[dict[str, Any]]:
    r = env["client"].get("/api/rescans", params=params, headers=_h(env))
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_mark_list_export_and_cancel(env) -> None:  # type: ignore[no-untyped-def]
    client, two, single = env["client"], env["two"], env["single"]
    assert _list(env) == []
    r = client.post(f"/api/documents/{two}/pages/2/rescan", json={"reason": "फटा हुआ पृष्ठ, torn corner"}, headers=_h(env))
    assert r.status_code == 201, r.text
    mark = r.json()
    assert mark["state"] == "marked" and mark["marked_by"] == "olga" and mark["page"] == 2
    # marking again keeps one mark, with the new reason
    again = client.post(f"/api/documents/{two}/pages/2/rescan", json={"reason": "cut off at the bottom"}, headers=_h(env)).json()
    assert again["id"] == mark["id"] and again["reason"] == "cut off at the bottom"
    # a page the stage could not read is listed too
    ctx = env["app"].state.services.ctx
    ctx.catalog.fail_page(single, 1, InputError("page 1 could not be read; rescan this page.", code="page.unreadable"))

    rows = _list(env)
    assert [(r["document_id"], r["page"], r["kind"]) for r in rows] == [(two, 2, "marked"), (single, 1, "failed")]
    assert rows[0]["location"] == ALMIRAH and rows[0]["reason"] == "cut off at the bottom" and rows[0]["batch_name"] == "almirah"
    assert rows[1]["location"] == "Box 12" and rows[1]["reason"].startswith("page.unreadable")
    # per batch, per location (a part of it, any case)
    assert [r["document_id"] for r in _list(env, batch=env["batches"][1])] == [single]
    assert [r["document_id"] for r in _list(env, location="almirah 7")] == [two]
    assert _list(env, location="nowhere") == []

    # CSV for the scanning room, from the API and the CLI: the same rows
    r = client.get("/api/rescans", params={"format": "csv", "location": "ALMIRAH"}, headers=_h(env))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert [(t["document_id"], t["page"], t["location"], t["reason"]) for t in table] == [(two, "2", ALMIRAH, "cut off at the bottom")]
    home = env["settings"].home
    out = sanchika(home, "rescans", "--location", "almirah", "--csv")
    assert out.returncode == 0, out.stderr
    assert list(csv.DictReader(io.StringIO(out.stdout.lstrip("\ufeff")))) == table
    out = sanchika(home, "rescans", "--batch", env["batches"][1], "--json")
    assert out.returncode == 0 and [x["page"] for x in json.loads(out.stdout)] == [1]
    assert "2 page(s) to rescan" in sanchika(home, "rescans").stdout

    # a mark is taken back; a department user may neither mark nor list
    assert client.delete(f"/api/rescans/{mark['id']}", headers=_h(env)).json()["state"] == "cancelled"
    assert [r["kind"] for r in _list(env)] == ["failed"]
    assert client.get("/api/rescans", headers=_h(env, "revenue")).status_code == 403
    assert client.post(f"/api/documents/{two}/pages/1/rescan", json={"reason": "x"}, headers=_h(env, "revenue")).status_code == 403
    assert client.post(f"/api/documents/{two}/pages/9/rescan", json={"reason": "x"}, headers=_h(env)).status_code == 404
    assert client.post(f"/api/documents/{two}/pages/1/rescan", json={"reason": ""}, headers=_h(env)).status_code == 422
    audit = env["app"].state.services.audit.entries(AuditFilter(action="correct", target_id=two))
    assert {e["detail"].get("field") for e in audit} == {"rescan"}


def test_a_replacement_answers_at_once_and_the_page_leaves_the_list(env) -> None:  # type: ignore[no-untyped-def]
    client, two = env["client"], env["two"]
    mark = client.post(f"/api/documents/{two}/pages/1/rescan", json={"reason": "blurred"}, headers=_h(env)).json()
    started = time.monotonic()
    r = client.post(f"/api/documents/{two}/pages/1/replace", files={"file": ("p1.png", scan_png(REVENUE_LINES, 64), "image/png")},
                    headers=_h(env))
    answered = time.monotonic() - started
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["id"] == mark["id"] and body["state"] in ("queued", "reading") and body["scan_name"] == "p1.png"
    assert answered < 5, f"{answered:.1f} s: the request waited for the OCR"
    # while it runs, a second replacement of the document is refused (409 busy), the list leaves it out
    busy = client.post(f"/api/documents/{two}/pages/2/replace", files={"file": ("p2.png", scan_png(REVENUE_LINES, 65), "image/png")},
                       headers=_h(env))
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "busy", busy.text
    assert two not in [x["document_id"] for x in _list(env)]
    states = {body["state"]}
    deadline = time.monotonic() + 180
    while body["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, body
        time.sleep(0.1)
        body = client.get(f"/api/rescans/{mark['id']}", headers=_h(env)).json()
        states.add(body["state"])
    assert body["state"] == "done" and body["document_status"] == "done" and 0 < body["confidence"] <= 1, body
    assert states <= {"queued", "reading", "rebuilding", "done"}
    doc = client.get(f"/api/documents/{two}", headers=_h(env)).json()
    assert "खसरा" in doc["page_list"][0]["text"]
    assert two not in [x["document_id"] for x in _list(env)]  # replaced: off the list


def crash_on_rescan(job):  # type: ignore[no-untyped-def]
    """run_job, except that the page job of a replacement kills its process (a poison scan)."""
    import os

    from workers.jobs import PageJob
    from workers.local import run_job

    if isinstance(job, PageJob) and job.rescan is not None:
        os._exit(9)
    return run_job(job)


def test_a_replacement_that_kills_its_worker_leaves_the_page_as_it_was(env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from workers.local import LocalExecutor
    from workers.rescan import submit_replacement

    ctx = env["app"].state.services.ctx
    single = env["single"]
    before = ctx.catalog.pages_of(single)[0]
    scan = tmp_path / "poison.png"
    scan.write_bytes(scan_png(HEALTH_LINES, 66))
    submitted = submit_replacement(ctx, single, 1, scan, name="poison.png", user="olga")
    LocalExecutor(env["settings"].worker_config(), processes=1, runner=crash_on_rescan).run([submitted.document_job])
    row = env["client"].get(f"/api/rescans/{submitted.rescan_id}", headers=_h(env)).json()
    assert row["state"] == "failed" and row["error"]["code"] == "worker.crashed", row
    after = ctx.catalog.pages_of(single)[0]
    assert (after["status"], after["text"], after["steps"]) == (before["status"], before["text"], before["steps"])
    assert ctx.catalog.document(single)["status"] == ("done" if before["status"] == "done" else "failed")
