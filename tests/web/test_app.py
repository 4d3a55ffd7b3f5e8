"""The web app end to end in Chromium: an operator uploads a generated batch (A5, 200 dpi) and
sees it complete, a department user searches a Hindi word and opens the hit, an admin sees the
queue numbers and the report, and a user of another department cannot open the document by URL."""

from __future__ import annotations

from datetime import timedelta

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


def _server_db(server):  # type: ignore[no-untyped-def]
    from sanchika.settings import Settings
    from workers.context import WorkerContext

    return WorkerContext(Settings(home=server.home).worker_config()).engine


MINUTES_FILE = "12/बैठक/2024"


def test_operator_reviews_corrects_a_file_number_and_approves(browser, server, uploaded) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from storage.catalog import now
    from storage.schema import documents, pages, parts

    minutes = uploaded.files["bundle.zip!almirah/minutes.png"]["document_id"]
    notesheet = uploaded.files["notesheet.png"]["document_id"]
    two = uploaded.files["two-pages.pdf"]["document_id"]
    with _server_db(server).begin() as c:  # one item of each kind, whatever the classifier made of the scans
        c.execute(update(documents).where(documents.c.id == minutes).values(department="unknown", confidence=0.1))
        c.execute(update(pages).where(pages.c.document_id == notesheet, pages.c.page_no == 1)
                  .values(flag="needs_review", quality=0.42, quality_reasons=["faint text"], updated_at=now() - timedelta(minutes=5)))
        c.execute(update(parts).where(parts.c.document_id == two).values(needs_review=True, confidence=0.3,
                                                                          reasons=["page number restarts at 1"]))
    pg = new_page(browser, server)
    login(pg, "olga")
    pg.goto("/#/review")
    ready(pg, "review")
    groups = pg.locator(".review-group")
    assert [groups.nth(i).get_attribute("data-kind") for i in range(groups.count())] == ["document", "page", "boundary"]

    # a document whose department is unknown: the page image beside its text, department and file number corrected
    pg.locator(f".review-list button[data-key='d:{minutes}']").click()
    pg.locator(".page-pair img").wait_for()
    pg.wait_for_function("() => document.querySelector('.page-pair img').naturalWidth > 0")
    assert "meeting" in pg.locator(".page-pair .page-text").inner_text()
    assert "Department unknown" in pg.locator(".review-why").inner_text()
    shot(pg, "operator-review")
    dep = "general_administration" if pg.locator("option[value=general_administration]").count() else "revenue"
    pg.get_by_label("Correct department").select_option(dep)
    pg.get_by_label("Correct file number").fill(MINUTES_FILE)
    pg.get_by_role("button", name="Approve").click()
    pg.locator("#review-done", has_text="Approved:").wait_for()
    done = pg.locator("#review-done").inner_text()
    assert f"File number: {MINUTES_FILE}" in done and "Note: characters e-Office does not allow" in done
    assert pg.locator(f".review-list button[data-key^='d:{minutes}']").count() == 0
    pg.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'H2'")  # the next item
    shot(pg, "operator-review-approved")
    doc = pg.request.get(f"/api/documents/{minutes}").json()
    assert doc["file_number"] == MINUTES_FILE and doc["department"] == dep
    assert doc["digital_file"]["file_number"] == MINUTES_FILE
    assert {c["field"] for c in doc["corrections"]} == {"department", "file_number"}
    assert [d["id"] for d in pg.request.get(f"/api/files/{MINUTES_FILE}").json()["documents"]] == [minutes]

    # a page read badly, approved as it is
    page_item = pg.locator(f".review-list button[data-key='p:{notesheet}:1']")
    page_item.click()
    pg.locator(".review-why", has_text="Quality: 42%").wait_for()
    assert pg.get_by_label("Correct file number").input_value() == "245/भू-अभि/2018"
    pg.get_by_role("button", name="Approve").click()
    pg.locator("#review-done", has_text="Approved: notesheet.png").wait_for()
    page_item.wait_for(state="detached")  # the queue is reloaded after the message
    assert page_item.count() == 0 and pg.locator(f".review-list button[data-key^='p:{notesheet}:']").count() == 0
    assert pg.request.get(f"/api/documents/{notesheet}").json()["file_number"] == "245/भू-अभि/2018"  # unchanged

    # an uncertain boundary inside a bundle, with its reasons; the page buttons turn the pages
    pg.locator(f".review-list button[data-key='b:{two}:1']").click()
    why = pg.locator(".review-why", has_text="Uncertain document boundary")
    why.wait_for()
    assert "page number restarts at 1" in why.inner_text()
    assert pg.locator(".page-where").inner_text() == "Page 1 / 2"
    pg.get_by_role("button", name="Next page").click()
    pg.wait_for_function("() => document.querySelector('.page-pair img').src.endsWith('/pages/2.png')")
    assert pg.locator(".page-where").inner_text() == "Page 2 / 2"
    shot(pg, "operator-review-boundary")

    assert not pg.js_errors
    pg.context.close()
    with _server_db(server).begin() as c:  # leave the bundle as the later tests expect it
        c.execute(update(parts).where(parts.c.document_id == two).values(needs_review=False))


def test_the_review_queue_in_hindi(browser, server, uploaded) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from storage.schema import parts

    two = uploaded.files["two-pages.pdf"]["document_id"]
    engine = _server_db(server)
    with engine.begin() as c:
        c.execute(update(parts).where(parts.c.document_id == two, parts.c.seq == 1).values(needs_review=True))
    try:
        pg = new_page(browser, server, lang="hi")
        login(pg, "olga")
        pg.goto("/#/review")
        ready(pg, "review")
        assert pg.locator("h1").inner_text() == "समीक्षा कतार"
        pg.locator(f".review-list button[data-key='b:{two}:1']").click()
        pg.locator(".review-why", has_text="अनिश्चित दस्तावेज़ सीमा").wait_for()
        assert pg.get_by_label("सही फ़ाइल क्रमांक").count() == 1 and pg.get_by_label("सही विभाग").count() == 1
        assert pg.get_by_role("button", name="स्वीकृत करें").count() == 1
        assert pg.locator(".review-group[data-kind=boundary] h3").inner_text().startswith("जाँचने वाली दस्तावेज़ सीमाएँ")
        assert not pg.js_errors
    finally:
        with engine.begin() as c:
            c.execute(update(parts).where(parts.c.document_id == two).values(needs_review=False))


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
    # romanised Hindi: the Devanagari page is found and the screen says what else was searched
    pg.locator("#q").fill("khasra")
    pg.locator("#q").press("Enter")
    pg.locator(".also-matched").wait_for()
    assert "खसरा" in pg.locator(".also-matched").inner_text() and pg.locator(".hit").count() >= 1
    shot(pg, "staff-search-also-matched")
    pg.locator(".also-matched a").click()  # only the words as typed
    pg.wait_for_function("() => location.hash.includes('exact=1') && document.querySelector('#res-h')")
    ready(pg, "search")
    assert pg.locator("#f-exact").is_checked() and pg.locator(".hit").count() == 0 and pg.locator(".also-matched").count() == 0
    pg.locator("#q").fill("खसरा")
    pg.locator("#q").press("Enter")
    pg.locator(".hit").first.wait_for()
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
    table = pg.locator("#departments-table").inner_text()
    assert "Revenue" in table and "Education" in table
    heads = pg.locator("#departments-table th").all_inner_texts()
    assert "Separator pages" in heads and "Files closed on paper" in heads
    labels = pg.locator(".stat .k").all_inner_texts()
    assert "Files closed on paper" in labels and "Separator pages" in labels
    assert pg.locator("#weeks-table tbody tr").count() >= 1
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
    # the click changes the hash at once and the new route runs on a later event: until then the
    # old, unfiltered screen (logins, a user added, ...) is still there and still says ready. Wait
    # for the filtered screen itself: rows, and only uploads (times out if it never comes).
    actions = """() => [...document.querySelectorAll('main tbody tr')].map(r => r.querySelectorAll('td')[2]?.innerText)"""
    pg.wait_for_function(f"() => document.querySelector('main').dataset.ready === 'audit' && "
                         f"(a => a.length > 0 && a.every(x => x === 'Upload'))(({actions})())", timeout=15_000)
    shown = pg.evaluate(actions)  # one snapshot of the screen
    assert shown and set(shown) == {"Upload"}, shown
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
