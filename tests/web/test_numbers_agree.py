"""Issue 19 in Chromium, at 1280 px and 390 px: the Queues screen lists failed files (ingest
failures included) with their codes, linked to their batch; a batch whose every file failed says
failed; the time left says "estimating" until the server has measured a pace; the report's
"% needing review" is the review queue's count; approving in the review screen is one request."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest

from .conftest import login, new_page, ready, shot

WIDTHS = [1280, 390]


@pytest.fixture(scope="module")
def all_failed(browser, server) -> str:  # type: ignore[no-untyped-def]
    """A batch of one ZIP whose two files both fail at ingest (an empty PDF, a Word file)."""
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("box/zero.pdf", b"")
        z.writestr("box/letter.docx", b"PK\x03\x04 not a scan")
    pg = new_page(browser, server)
    login(pg, "olga")
    r = pg.request.post("/api/batches", multipart={
        "files": {"name": "bad-box.zip", "mimeType": "application/zip", "buffer": bundle.getvalue()}, "name": "bad box"})
    assert r.status == 202, r.text()
    batch_id = r.json()["id"]
    deadline = time.monotonic() + 120
    while (body := pg.request.get(f"/api/batches/{batch_id}").json())["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, body
        time.sleep(0.3)
    assert {f["status"] for f in body["files"]} == {"failed"} and len(body["files"]) == 2, body
    pg.context.close()
    return batch_id


@pytest.mark.parametrize("width", WIDTHS)
def test_queues_lists_failed_files_with_codes_and_batches(browser, server, uploaded, all_failed, width) -> None:  # type: ignore[no-untyped-def]
    pg = new_page(browser, server)
    pg.set_viewport_size({"width": width, "height": 800})
    login(pg, "arun")
    pg.goto("/#/queues")
    ready(pg, "queues")
    stats = {pg.locator(".stat .k").nth(i).inner_text(): pg.locator(".stat .v").nth(i).inner_text()
             for i in range(pg.locator(".stat").count())}
    assert stats["Failed files"] == "3", stats
    box = pg.locator("#failed-files")
    assert box.locator("h2").inner_text() == "Failed files (3)"  # empty.pdf of the upload, the two of the bad box
    items = box.locator("li")
    codes = sorted(items.nth(i).get_attribute("data-code") for i in range(items.count()))
    bad = pg.request.get(f"/api/batches/{all_failed}").json()["files"]
    assert codes == sorted(["input.empty", *(f["error"]["code"] for f in bad)]), box.inner_text()
    for f in bad:
        assert f["error"]["code"] in box.locator("li", has_text=f["name"]).inner_text()
    link = box.locator("a", has_text="letter.docx")
    assert link.get_attribute("href") == f"#/batches/{all_failed}"
    shot(pg, f"admin-queues-failed-{width}")
    link.click()
    ready(pg, "batch")
    view = pg.locator("#batch-view[data-status=failed]")
    view.wait_for()
    assert view.locator(".stats .badge").first.inner_text() == "Failed"
    assert "Done" not in view.locator(".stats").inner_text()
    shot(pg, f"operator-batch-all-failed-{width}")
    assert not pg.js_errors
    pg.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_time_left_is_estimated_from_the_measured_pace(browser, server, uploaded, width) -> None:  # type: ignore[no-untyped-def]
    """The server measures the pace; the screen says "estimating…" until it has, then the time left
    it measured (the batch is shown as still running: the answer is rewritten on its way)."""
    pg = new_page(browser, server)
    pg.set_viewport_size({"width": width, "height": 800})
    login(pg, "olga")
    real = pg.request.get(f"/api/batches/{uploaded.batch_id}").json()
    assert real["progress"]["seconds_left"] == 0 and real["progress"]["settled"] == real["progress"]["pages"] >= 4
    pace = {"value": {"pages": 40, "settled": 2, "pages_per_minute": None, "seconds_left": None}}

    def running(route) -> None:  # type: ignore[no-untyped-def]
        body = {**real, "status": "running", "finished_at": None, "progress": pace["value"]}
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    pg.route(f"**/api/batches/{uploaded.batch_id}", running)
    pg.goto(f"/#/batches/{uploaded.batch_id}")
    ready(pg, "batch")
    assert pg.locator("#time-left .v").inner_text() == "estimating…"
    pace["value"] = {"pages": 40, "settled": 12, "pages_per_minute": 9.5, "seconds_left": 177}
    pg.locator("#time-left .v", has_text="3 min").wait_for(timeout=10_000)  # the next refresh (1.5 s)
    assert "9.5" in pg.locator("#batch-view .stats").inner_text()
    pg.unroute(f"**/api/batches/{uploaded.batch_id}")
    assert not pg.js_errors
    pg.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_report_review_share_is_the_review_queues_count(browser, server, uploaded, width) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from storage.schema import pages

    from .test_app import _server_db

    notesheet = uploaded.files["notesheet.png"]["document_id"]
    with _server_db(server).begin() as c:  # a page to rescan: in the queue until it is replaced
        c.execute(update(pages).where(pages.c.document_id == notesheet, pages.c.page_no == 1).values(flag="needs_rescan"))
    try:
        pg = new_page(browser, server)
        pg.set_viewport_size({"width": width, "height": 800})
        login(pg, "arun")
        counts = pg.request.get("/api/review").json()["counts"]
        assert counts["documents"] >= 1
        pg.goto("/#/report")
        ready(pg, "report")
        report = pg.request.get("/api/reports/digitisation").json()
        assert report["needs_review"] == counts["documents"]
        stats = {pg.locator(".stat .k").nth(i).inner_text(): pg.locator(".stat .v").nth(i).inner_text()
                 for i in range(pg.locator(".stat").count())}
        shown = stats["Share needing review"]
        assert shown == f"{round(100 * counts['documents'] / report['documents'])}%" and shown != "0%", stats
        shot(pg, f"admin-report-review-{width}")
        pg.goto("/#/review")
        ready(pg, "review")
        assert pg.locator("#review-counts").inner_text().startswith(f"Documents needing review: {counts['documents']} ·")
        assert not pg.js_errors
        pg.context.close()
    finally:
        with _server_db(server).begin() as c:
            c.execute(update(pages).where(pages.c.document_id == notesheet, pages.c.page_no == 1).values(flag=None))


@pytest.fixture(scope="module")
def unsure_doc(browser, server) -> str:  # type: ignore[no-untyped-def]
    """A document of this module's own (a text PDF, no OCR) that no other test corrects."""
    from tests import pagegen

    pg = new_page(browser, server)
    login(pg, "olga")
    r = pg.request.post("/api/batches", multipart={
        "files": {"name": "meeting-notes.pdf", "mimeType": "application/pdf",
                  "buffer": pagegen.text_pdf(["Minutes of the meeting", "The members were present.", "Tea was served."])},
        "name": "unsure"})
    assert r.status == 202, r.text()
    deadline = time.monotonic() + 120
    while (body := pg.request.get(f"/api/batches/{r.json()['id']}").json())["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, body
        time.sleep(0.3)
    assert body["status"] == "done", body
    pg.context.close()
    return str(body["files"][0]["document_id"])


def test_approving_in_review_is_one_request(browser, server, unsure_doc) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from storage.schema import documents

    from .test_app import _server_db

    doc = unsure_doc
    with _server_db(server).begin() as c:  # below the review threshold whatever the classifier made of it
        c.execute(update(documents).where(documents.c.id == doc).values(confidence=0.2, verified_by=None, verified_at=None))
    pg = new_page(browser, server)
    pg.set_viewport_size({"width": 1280, "height": 800})
    login(pg, "olga")
    posts: list[str] = []
    pg.on("request", lambda r: posts.append(r.url.split("/api/", 1)[-1]) if r.method == "POST" and "/api/documents/" in r.url else None)
    pg.goto("/#/review")
    ready(pg, "review")
    pg.locator(f".review-list button[data-key='d:{doc}']").click()
    pg.get_by_label("Correct department").wait_for()
    pg.get_by_label("Correct department").select_option("health")
    pg.get_by_label("Correct file number").fill("88/HLT/2024")
    pg.get_by_role("button", name="Approve").click()
    pg.locator("#review-done", has_text="Approved:").wait_for()
    assert posts == [f"documents/{doc}/review"], posts
    body = pg.request.get(f"/api/documents/{doc}").json()
    assert body["department"] == "health" and body["file_number"] == "88/HLT/2024"
    assert [(c["field"], c["user"]) for c in body["corrections"]] == [("department", "olga"), ("file_number", "olga")]
    assert doc not in {d["document_id"] for d in pg.request.get("/api/review").json()["documents"]}  # approved
    assert not pg.js_errors
    pg.context.close()
