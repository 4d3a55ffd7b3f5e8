"""The web app end to end in Chromium: an operator uploads a generated batch (A5, 200 dpi) and
sees it complete, a department user searches a Hindi word and opens the hit, an admin sees the
queue numbers and the report, and a user of another department cannot open the document by URL."""

from __future__ import annotations

import pytest

from .conftest import login, new_page, ready, shot


def test_operator_uploads_a_batch_and_sees_it_complete(browser, server, uploaded) -> None:  # type: ignore[no-untyped-def]
    files = uploaded.files
    assert set(files) == {"notesheet.png", "two-pages.pdf", "bundle.zip!almirah/minutes.png", "empty.pdf"}
    assert files["notesheet.png"]["status"] == "done" and files["notesheet.png"]["department"] == "revenue"
    assert files["two-pages.pdf"]["pages"] == 2 and files["two-pages.pdf"]["status"] == "done"
    assert files["empty.pdf"]["status"] == "failed" and files["empty.pdf"]["error"]["code"] == "input.empty"

    pg = new_page(browser, server)
    login(pg, "olga")
    pg.goto(f"/#/batches/{uploaded.batch_id}")
    ready(pg, "batch")
    view = pg.locator("#batch-view")
    assert "Almirah 7" in view.locator("h1").inner_text()
    assert "The file is empty (0 bytes)" in view.inner_text()  # the failure in plain words
    assert view.locator(".pagestrip span.done").count() >= 4
    # retry: the empty file cannot be re-run (it needs a new copy), and the page says so
    pg.get_by_role("button", name="Queue failed files again").click()
    pg.get_by_text("Cannot be re-run").wait_for()
    # the batch list
    pg.get_by_role("link", name="Batches").first.click()
    ready(pg, "batches")
    assert pg.get_by_role("link", name="Almirah 7").count() == 1
    shot(pg, "operator-batches")
    assert not pg.js_errors


def test_operator_reviews_and_corrects_a_department(browser, server, uploaded) -> None:  # type: ignore[no-untyped-def]
    pg = new_page(browser, server)
    login(pg, "olga")
    pg.goto("/#/review")
    ready(pg, "review")
    items = pg.locator(".review-list button")
    if items.count() == 0:  # every document was classified with confidence: nothing to review
        shot(pg, "operator-review")
        pytest.skip("the classifier was sure of every document")
    items.first.click()
    pg.locator(".page-pair img").wait_for()
    pg.wait_for_function("() => document.querySelector('.page-pair img').naturalWidth > 0")
    shot(pg, "operator-review")
    before = items.count()
    pg.get_by_label("Correct department").select_option("general_administration" if pg.locator(
        "option[value=general_administration]").count() else "revenue")
    pg.get_by_role("button", name="Approve").click()
    pg.get_by_text("Approved:").wait_for()
    assert pg.locator(".review-list button").count() == before - 1
    assert not pg.js_errors


def test_department_user_searches_hindi_and_opens_the_hit(browser, server, uploaded) -> None:  # type: ignore[no-untyped-def]
    pg = new_page(browser, server, lang="hi")
    login(pg, "ravi")
    ready(pg, "search")
    assert pg.locator("#nav a").all_inner_texts() == ["खोज", "डिजिटल फ़ाइलें"]  # Hindi labels; a department user searches and reads files
    dep = pg.locator("#f-dep option")
    assert dep.count() == 2 and "राजस्व" in dep.nth(1).inner_text()  # only their own department
    pg.locator("#q").fill("खसरा")
    pg.locator("#q").press("Enter")
    pg.locator(".hit").first.wait_for()
    assert "खसरा" in pg.locator(".hit mark").first.inner_text()
    pg.wait_for_function("() => [...document.querySelectorAll('.hit img')].every(i => i.complete && i.naturalWidth > 0)")
    shot(pg, "staff-search")
    revenue = uploaded.files["notesheet.png"]["document_id"]
    pg.locator(".hit h3 a").first.click()
    ready(pg, "documentView")
    assert revenue in pg.evaluate("location.hash")
    assert pg.locator(".page-text mark").first.inner_text() == "खसरा"
    pg.wait_for_function("() => document.querySelector('.page-pair img').naturalWidth > 0")
    pdf = pg.locator("a.download")
    assert pdf.get_attribute("href") == f"/api/documents/{revenue}/pdf"
    assert pg.request.get(pdf.get_attribute("href")).body()[:5] == b"%PDF-"
    shot(pg, "staff-document")
    # the language is remembered; switching it relabels the page
    pg.reload()
    ready(pg, "documentView")
    assert pg.locator("a.download").inner_text().endswith("PDF डाउनलोड करें")
    pg.get_by_role("button", name="Switch to English").or_(pg.get_by_role("button", name="अंग्रेज़ी में बदलें")).click()
    ready(pg, "documentView")
    assert "Download searchable PDF" in pg.locator("a.download").inner_text()
    assert not pg.js_errors


def test_department_user_cannot_open_another_departments_document(browser, server, uploaded) -> None:  # type: ignore[no-untyped-def]
    revenue = uploaded.files["notesheet.png"]["document_id"]
    pg = new_page(browser, server)
    login(pg, "esha")  # education
    pg.goto(f"/#/documents/{revenue}")
    ready(pg, "error")
    text = pg.locator("main").inner_text()
    assert "Not found" in text and "खसरा" not in text
    shot(pg, "staff-forbidden-document")
    assert pg.request.get(f"/api/documents/{revenue}").status == 404
    assert pg.request.get(f"/api/documents/{revenue}/pages/1.png").status == 404
    assert pg.request.get(f"/api/documents/{revenue}/pdf").status == 404
    pg.goto("/#/queues")  # an admin page
    ready(pg, "forbidden")
    # their own department's document opens
    education = uploaded.files["two-pages.pdf"]["document_id"]
    pg.goto(f"/#/documents/{education}")
    ready(pg, "documentView")
    assert pg.locator(".page-pair").count() == 2


def test_admin_sees_queue_numbers_and_the_report(browser, server, uploaded) -> None:  # type: ignore[no-untyped-def]
    pg = new_page(browser, server)
    login(pg, "arun")
    ready(pg, "queues")
    stats = {pg.locator(".stat .k").nth(i).inner_text(): pg.locator(".stat .v").nth(i).inner_text()
             for i in range(pg.locator(".stat").count())}
    assert stats["Mode"] == "embedded" and stats["Workers online"] == "2"
    assert int(stats["Pages: Done"]) >= 4 and int(stats["Pages read, last hour"]) >= 4
    assert pg.locator("svg.chart rect").count() == 24
    shot(pg, "admin-queues")

    pg.get_by_role("link", name="Report").click()
    ready(pg, "report")
    table = pg.locator("table").inner_text()
    assert "Revenue" in table and "Education" in table
    assert int(pg.locator(".stat .v").nth(1).inner_text().replace(",", "")) >= 4, pg.request.get("/api/reports/digitisation").text()  # pages
    csv_href = pg.locator("a.download").get_attribute("href")
    csv = pg.request.get(csv_href)
    assert csv.status == 200 and "text/csv" in csv.headers["content-type"]
    assert "revenue" in csv.text() and "राजस्व" in csv.text()
    shot(pg, "admin-report")

    pg.get_by_role("link", name="Users").click()
    ready(pg, "users")
    pg.get_by_label("Name", exact=True).fill("kiran")
    pg.get_by_label("Role").select_option("department")
    pg.get_by_label("Agriculture").check()
    pg.get_by_label("Password").fill("kiran-password-1")
    pg.get_by_role("button", name="Add user").click()
    pg.get_by_text("User added").wait_for()
    pg.locator("td", has_text="kiran").wait_for()  # the list is read again after the answer
    shot(pg, "admin-users")

    pg.get_by_role("link", name="Audit log").click()
    ready(pg, "audit")
    pg.get_by_label("Action").select_option("upload")
    pg.get_by_role("button", name="Filter").click()
    ready(pg, "audit")
    rows = pg.locator("tbody tr")
    assert rows.count() >= 1 and all(rows.nth(i).locator("td").nth(2).inner_text() == "upload" for i in range(rows.count()))
    shot(pg, "admin-audit")
    assert not pg.js_errors


def test_login_page_keyboard_and_wrong_password(browser, server) -> None:  # type: ignore[no-untyped-def]
    pg = new_page(browser, server)
    pg.goto("/")
    ready(pg, "login")
    assert pg.evaluate("document.activeElement.id") == "login-user"
    pg.keyboard.type("olga")
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.id") == "login-pass"
    pg.keyboard.type("wrong password")
    pg.keyboard.press("Enter")
    pg.get_by_role("alert").filter(has_text="Wrong user name or password").wait_for()
    shot(pg, "login")
    assert not pg.js_errors
