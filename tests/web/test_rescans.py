"""Issue 19, "Rescans: the scanning room's loop", in Chromium at 1280 and 390 px: an operator marks
a page "to rescan" with a reason and finds it again later (kept on the server), on the rescan list
of its batch and of its almirah, printed (print CSS: the list alone) or exported as CSV; a page is
replaced from the list and from the review queue's "pages read badly" — in the background: the
request answers at once, a progress bar follows it, the screen stays usable — and leaves the list."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from tests import pagegen
from tests.scans import EDUCATION_LINES, REVENUE_LINES, page

from .conftest import LOCATION, login, ready, renders, shot
from .test_details import _ctx, no_sideways_scroll, sized

CASES = [(1280, "two-pages.pdf", 2, EDUCATION_LINES[2:], "teachers"), (390, "notesheet.png", 1, REVENUE_LINES, "खसरा")]


@pytest.mark.parametrize("width,file,page_no,lines,word", CASES, ids=["1280", "390"])
def test_mark_list_print_export_and_replace(browser, server, uploaded, tmp_path, width, file, page_no, lines, word) -> None:  # type: ignore[no-untyped-def]
    doc = uploaded.files[file]["document_id"]
    reason = f"Torn corner, {width}"
    pg = sized(browser, server, width)
    login(pg, "olga")

    # mark the page from the document view, with a reason
    pg.goto(f"/#/documents/{doc}")
    ready(pg, "documentView")
    section = pg.locator(f"#page-{page_no}")
    section.get_by_role("button", name="Mark for rescan").click()
    section.locator(".rescan-reason").fill(reason)
    section.get_by_role("button", name="Save").click()
    section.get_by_text(f"Marked for rescan: {reason}").wait_for()

    # later (a new visit): it is on the rescan list of the batch and of the almirah
    pg.reload()
    ready(pg, "documentView")
    pg.get_by_role("link", name="Rescans").click()
    ready(pg, "rescans")
    row = pg.locator(f"#rescans-table tr[data-doc='{doc}'][data-page='{page_no}']")
    assert reason in row.inner_text() and LOCATION in row.inner_text() and "olga" in row.inner_text()
    no_sideways_scroll(pg, "#/rescans")
    assert not row.locator("td.tick").is_visible()  # on paper only
    pg.locator("#rs-batch").select_option(uploaded.batch_id)
    pg.locator("#rs-location").fill("almirah 7")
    before = renders(pg)
    pg.get_by_role("button", name="Filter").click()
    ready(pg, "rescans", since=before)
    assert row.count() == 1 and all(LOCATION in t for t in pg.locator("#rescans-table td[data-label=Location]").all_inner_texts())
    pg.goto("/#/rescans?location=" + "Box 99")
    ready(pg, "rescans")
    assert row.count() == 0
    pg.goto(f"/#/rescans?batch={uploaded.batch_id}&location=almirah%207")
    ready(pg, "rescans")
    assert row.count() == 1

    # print: the list alone; CSV: the same rows
    pg.emulate_media(media="print")
    assert not pg.locator("#nav").is_visible() and not pg.locator("form.filters").is_visible()
    assert row.is_visible() and pg.locator("p.print-only").is_visible()
    assert not row.locator("button.replace").is_visible()
    assert row.locator("td.tick").is_visible()  # a box to tick on paper once rescanned
    shot(pg, f"rescans-print-{width}")
    pg.emulate_media(media="screen")
    with pg.expect_download() as info:
        pg.get_by_role("link", name="Export CSV").click()
    table = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    assert {(t["document_id"], t["page"], t["reason"], t["location"]) for t in table} >= {(doc, str(page_no), reason, LOCATION)}
    assert all(LOCATION in t["location"] for t in table)

    # replace it from the list: the request answers at once, progress is shown, the screen stays usable
    scan = tmp_path / "rescan.png"
    scan.write_bytes(pagegen.image_bytes(page(lines, 70 + width), "PNG", dpi=200))
    times: dict[str, float] = {}
    pg.on("request", lambda r: times.setdefault("sent", time.monotonic()) if r.url.endswith("/replace") else None)
    pg.on("response", lambda r: times.setdefault("answered", time.monotonic()) if r.url.endswith("/replace") else None)
    row.locator("input[type=file]").set_input_files(str(scan))
    box = row.locator(".replace-box")
    pg.wait_for_function("() => document.querySelector('.replace-box[data-state]')")
    assert times["answered"] - times["sent"] < 5, times
    assert box.get_attribute("data-state") in ("queued", "reading", "rebuilding", "done")
    pg.locator("#rs-location").fill("still usable")  # the screen is not blocked meanwhile
    assert pg.locator("#rs-location").input_value() == "still usable"
    pg.wait_for_function("() => ['done', 'failed'].includes(document.querySelector('.replace-box').dataset.state)", timeout=180_000)
    assert box.get_attribute("data-state") == "done", row.inner_text()
    assert "Replaced" in row.inner_text()
    shot(pg, f"rescans-replaced-{width}")
    body = pg.request.get(f"/api/documents/{doc}").json()
    assert word in body["page_list"][page_no - 1]["text"]
    pg.reload()
    ready(pg, "rescans")
    assert row.count() == 0  # replaced: off the list
    assert not pg.js_errors  # type: ignore[attr-defined]


def test_review_queue_pages_read_badly_can_be_marked_and_replaced(browser, server, uploaded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from storage.schema import pages

    doc = uploaded.files["two-pages.pdf"]["document_id"]
    with _ctx(server).engine.begin() as c:
        c.execute(update(pages).where(pages.c.document_id == doc, pages.c.page_no == 1)
                  .values(flag="needs_review", quality=0.45, quality_reasons=["blurred strokes (0.52 of the ink is smeared grey)"],
                          updated_at=datetime.now(UTC)))  # read after any approval of the document
    pg = sized(browser, server, 1280)
    login(pg, "olga")
    pg.goto("/#/review")
    ready(pg, "review")
    pg.locator(f"[data-key='p:{doc}:1']").click()
    detail = pg.locator("#review-detail")
    detail.get_by_role("button", name="Mark for rescan").click()
    detail.locator(".rescan-reason").fill("blurred: scan again")
    detail.get_by_role("button", name="Save").click()
    detail.get_by_text("Marked for rescan: blurred: scan again").wait_for()
    listed = pg.request.get("/api/rescans", params={"batch": uploaded.batch_id}).json()
    assert any(r["document_id"] == doc and r["page"] == 1 and r["reason"] == "blurred: scan again" for r in listed)

    scan = tmp_path / "p1.png"
    scan.write_bytes(pagegen.image_bytes(page(EDUCATION_LINES, 81), "PNG", dpi=200))
    detail.locator(".replace-box input[type=file]").set_input_files(str(scan))
    pg.wait_for_function("() => ['done', 'failed'].includes(document.querySelector('#review-detail .replace-box')?.dataset.state)",
                         timeout=180_000)
    assert detail.locator(".replace-box").get_attribute("data-state") == "done"
    review = pg.request.get("/api/review", params={"limit": 200}).json()["pages"]
    assert not [p for p in review if p["document_id"] == doc and p["page"] == 1], review  # read again: not read badly any more
    pg.locator(f"[data-key='p:{doc}:1']").wait_for(state="detached")  # the list is read again once it is done
    listed = pg.request.get("/api/rescans", params={"batch": uploaded.batch_id}).json()
    assert not any(r["document_id"] == doc and r["page"] == 1 for r in listed)
    shot(pg, "review-page-replaced")
    assert not pg.js_errors  # type: ignore[attr-defined]
