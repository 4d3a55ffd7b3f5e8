"""The web app in Chromium, continued: digital files (the list, and one file with the notesheet
beside the correspondence as e-Office shows it; the admin's eFile package), user administration
(edit, reset password, disable, delete) and rescan-and-replace of a page from the batch view and
the document view."""

from __future__ import annotations

import io
import time
import zipfile
from urllib.parse import quote

import pytest

from tests import pagegen
from tests.scans import EDUCATION_LINES, page

from .conftest import login, new_page, ready, renders, shot

REVENUE_FILE = "245/भू-अभि/2018"
BUNDLE_FILE = "88/नजूल/2019"
BUNDLE_LOCATION = "Box 12"
# a scanned file bundle: cover, notesheet, a letter received, a letter issued (tests/bundle's layout)
COVER = ["कार्यालय कलेक्टर, जिला रायपुर", "नस्ती", f"नस्ती क्रमांक: {BUNDLE_FILE}", "विषय: नजूल भूमि के पट्टे का नवीनीकरण",
         "शाखा: नजूल", "वर्ष: 2019", "कुल पृष्ठ: 4"]
NOTESHEET = ["नोटशीट", "1. प्रकरण अवलोकनार्थ प्रस्तुत है। तहसीलदार का प्रतिवेदन संलग्न है।", "सहायक ग्रेड-3",
             "12.03.2019", "2. यथा प्रस्तावित अनुमोदित। नवीनीकरण आदेश जारी करें।", "अपर कलेक्टर", "14.03.2019",
             "3. प्रारूप पत्र अनुमोदनार्थ प्रस्तुत है।", "अधीक्षक", "15.03.2019"]
RECEIPT = ["कार्यालय तहसीलदार, तहसील अभनपुर", "पत्र क्रमांक 31/नजूल/2019    दिनांक 10.03.2019", "सेवा में,",
           "कलेक्टर, जिला रायपुर", "विषय: नजूल भूमि के पट्टे का नवीनीकरण", "महोदय,",
           "पट्टेदार द्वारा नवीनीकरण हेतु आवेदन प्रस्तुत किया गया है।",
           "प्रकरण आवश्यक कार्यवाही हेतु प्रेषित है।", "तहसीलदार", "तहसील अभनपुर"]
ISSUE = ["कार्यालय कलेक्टर, जिला रायपुर", f"क्रमांक {BUNDLE_FILE}    दिनांक 16.03.2019", "प्रति,",
         "तहसीलदार, तहसील अभनपुर", "विषय: नजूल भूमि के पट्टे का नवीनीकरण", "महोदय,",
         "आपके पत्र दिनांक 10.03.2019 के संदर्भ में पट्टे का नवीनीकरण स्वीकृत किया जाता है।", "कलेक्टर",
         "जिला रायपुर", "प्रतिलिपि:", "1. अनुविभागीय अधिकारी (राजस्व) अभनपुर", "कार्यालय प्रति"]


@pytest.fixture(scope="module")
def bundle_file(browser, server) -> str:  # type: ignore[no-untyped-def]
    """A 4-page bundle uploaded by the operator (the multipart API, with department and location hints)."""
    pages = [pagegen.render_lines(lines, dpi=200, font_pt=13) for lines in (COVER, NOTESHEET, RECEIPT, ISSUE)]
    pg = new_page(browser, server)
    login(pg, "olga")
    r = pg.request.post("/api/batches", multipart={
        "files": {"name": "nazul-bundle.pdf", "mimeType": "application/pdf", "buffer": pagegen.image_pdf(pages, dpi=200)},
        "name": "nazul", "department": "revenue", "location": BUNDLE_LOCATION})
    assert r.status == 202, r.text()
    batch_id = r.json()["id"]
    deadline = time.monotonic() + 300
    while pg.request.get(f"/api/batches/{batch_id}").json()["status"] != "done":
        assert time.monotonic() < deadline, "the bundle was not read in time"
        time.sleep(0.5)
    pg.context.close()
    return BUNDLE_FILE


def test_department_user_lists_files_and_reads_one_side_by_side(browser, server, uploaded) -> None:  # type: ignore[no-untyped-def]
    pg = new_page(browser, server)
    login(pg, "ravi")  # revenue
    pg.get_by_role("link", name="Digital files").click()
    ready(pg, "files")
    table = pg.locator("#files-table")
    assert REVENUE_FILE in table.inner_text()
    assert "1187/Edu/2024" not in table.inner_text()  # the education file is not theirs
    pg.locator("#files-q").fill("भू-अभि")
    before = renders(pg)
    pg.locator("#files-q").press("Enter")
    ready(pg, "files", since=before)  # the filtered list, not the one the search was typed into
    assert pg.locator("#files-table tbody tr").count() == 1
    shot(pg, "staff-files")

    pg.get_by_role("link", name=REVENUE_FILE).click()
    ready(pg, "fileView")
    assert REVENUE_FILE in pg.locator("h1").inner_text()
    notes = pg.locator(".efile-pane.notes")
    corr = pg.locator(".efile-pane.correspondence")
    assert notes.locator("h2").inner_text().startswith("Notesheet") and corr.locator("h2").inner_text().startswith("Correspondence")
    a, b = notes.bounding_box(), corr.bounding_box()
    assert a and b and a["x"] + a["width"] <= b["x"] + 1 and abs(a["y"] - b["y"]) < 2  # side by side at 1366 px
    # every content page is on one side or the other, as an image of the page
    images = pg.locator("#efile-view img")
    assert images.count() >= 1
    pg.wait_for_function("() => [...document.querySelectorAll('#efile-view img')].some(i => i.complete && i.naturalWidth > 0)")
    if corr.locator(".corr-list button").count():  # the correspondence list is keyboard operable
        first = corr.locator(".corr-list button").first
        first.focus()
        pg.keyboard.press("Enter")
        assert first.get_attribute("aria-pressed") == "true"
    assert pg.locator("button", has_text="Export eFile package").count() == 0  # admins only
    shot(pg, "staff-file-efile")
    assert not pg.js_errors

    other = new_page(browser, server)
    login(other, "esha")  # education: the revenue file looks missing
    other.goto(f"/#/files/{quote(REVENUE_FILE, safe='')}")
    ready(other, "error")
    assert "Not found" in other.locator("main").inner_text()


def test_a_bundle_shows_its_notesheet_beside_its_correspondence(browser, server, bundle_file) -> None:  # type: ignore[no-untyped-def]
    pg = new_page(browser, server, lang="hi")
    login(pg, "ravi")
    pg.goto("/#/files?q=" + quote("नजूल"))
    ready(pg, "files")
    row = pg.locator("#files-table tbody tr")
    assert row.count() == 1 and BUNDLE_LOCATION in row.inner_text()  # the location given at upload
    row.get_by_role("link").click()
    ready(pg, "fileView")
    notes = pg.locator(".efile-pane.notes")
    corr = pg.locator(".efile-pane.correspondence")
    assert notes.locator("h2").inner_text().startswith("नोटशीट")
    assert notes.locator("figure").count() == 1 and "पृष्ठ 2" in notes.locator("figcaption").inner_text()  # the noting page
    items = corr.locator(".corr-list button")
    labels = items.all_inner_texts()
    assert any("प्राप्त पत्र" in x for x in labels) and any("जारी पत्र" in x for x in labels), labels  # receipt, issue
    assert not any("नोटशीट" in x for x in labels)
    a, b = notes.bounding_box(), corr.bounding_box()
    assert a and b and a["x"] + a["width"] <= b["x"] + 1
    # the keyboard picks a letter: its pages show in the viewer beside the notesheet
    issue = items.filter(has_text="जारी पत्र").first
    issue.focus()
    pg.keyboard.press("Enter")
    assert issue.get_attribute("aria-pressed") == "true"
    assert "जारी पत्र" in corr.locator("#corr-view h3").inner_text()
    pg.wait_for_function("() => [...document.querySelectorAll('#corr-view img')].every(i => i.complete && i.naturalWidth > 0)")
    pg.wait_for_function("() => [...document.querySelectorAll('.efile-pane.notes img')].every(i => i.complete && i.naturalWidth > 0)")
    shot(pg, "staff-file-notesheet-correspondence")
    assert not pg.js_errors


def test_admin_exports_the_efile_package(browser, server, uploaded) -> None:  # type: ignore[no-untyped-def]
    pg = new_page(browser, server)
    login(pg, "arun")
    pg.goto(f"/#/files/{quote(REVENUE_FILE, safe='')}")
    ready(pg, "fileView")
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Export eFile package").click()
    download = info.value
    assert download.suggested_filename.startswith("fl-245_") and download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as z:
        names = z.namelist()
    assert any(n.endswith("/manifest.json") for n in names) and any(n.endswith(".pdf") for n in names)
    pg.get_by_text("Package downloaded").wait_for()
    shot(pg, "admin-file-export")
    assert not pg.js_errors


def test_admin_edits_resets_disables_and_deletes_a_user(browser, server) -> None:  # type: ignore[no-untyped-def]
    pg = new_page(browser, server)
    login(pg, "arun")
    assert pg.request.post("/api/users", data={"name": "tara", "role": "operator", "password": "tara-password-1"}).status == 201
    pg.goto("/#/users")
    ready(pg, "users")
    row = pg.locator("#users-table tr[data-user=tara]")
    assert "Active" in row.inner_text()

    # edit: operator -> department user of Health
    pg.get_by_role("button", name="Edit tara").click()
    panel = pg.locator("#user-panel")
    assert pg.evaluate("document.activeElement.textContent").startswith("Edit user")
    panel.get_by_label("Role").select_option("department")
    panel.get_by_label("Health").check()
    panel.get_by_role("button", name="Save").click()
    panel.get_by_text("Saved: tara").wait_for()
    assert "Health" in row.inner_text() and "Department" in row.inner_text()

    # reset: a generated password, shown once, that logs in
    panel.get_by_role("button", name="Reset password").click()
    panel.locator("code.secret").or_(panel.locator(".error")).wait_for()
    assert panel.locator("code.secret").count() == 1, panel.inner_text()
    generated = panel.locator("code.secret").inner_text()
    outsider = new_page(browser, server)  # its own cookies: logging in there leaves the admin's session alone
    assert outsider.request.post("/api/login", data={"username": "tara", "password": generated}).status == 200
    shot(pg, "admin-user-edit")

    # disable: nothing logs in any more
    panel.get_by_role("button", name="Disable (log out everywhere)").click()
    panel.get_by_text("Disabled: every token revoked").wait_for()
    assert "Disabled" in row.inner_text()
    assert outsider.request.get("/api/me").status == 401  # the session is gone
    assert outsider.request.post("/api/login", data={"username": "tara", "password": generated}).status == 401

    # delete, with a confirmation step (keyboard: the confirm button gets the focus)
    panel.get_by_role("button", name="Delete user").click()
    assert pg.evaluate("document.activeElement.textContent") == "Yes, delete"
    pg.keyboard.press("Enter")
    pg.get_by_text("User deleted: tara").wait_for()
    assert pg.locator("#users-table tr[data-user=tara]").count() == 0
    # an admin may not disable or delete themself: the buttons are off for their own row
    pg.get_by_role("button", name="Edit arun").click()
    assert pg.get_by_role("button", name="Delete user").is_disabled()
    assert pg.get_by_role("button", name="Disable (log out everywhere)").is_disabled()
    audit = pg.request.get("/api/audit", params={"action": "admin", "target": "tara"}).json()
    assert [e["detail"]["change"] for e in audit][:4] == ["delete", "disable", "reset_password", "edit"]
    assert not pg.js_errors


def _fail_page(server, doc_id: str, page_no: int) -> None:  # type: ignore[no-untyped-def]
    """Mark a page as unreadable in the server's database (as a page the OCR could not read)."""
    from domain.errors import InputError
    from sanchika.settings import Settings
    from workers.context import WorkerContext

    ctx = WorkerContext(Settings(home=server.home).worker_config())
    ctx.catalog.fail_page(doc_id, page_no, InputError(f"page {page_no} could not be read; rescan this page.", code="page.unreadable"))


def test_operator_replaces_a_page_from_the_batch_view_and_the_document(browser, server, uploaded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = uploaded.files["two-pages.pdf"]["document_id"]
    scan = tmp_path / "rescan-page-2.png"
    scan.write_bytes(pagegen.image_bytes(page(EDUCATION_LINES, 51), "PNG", dpi=200))
    _fail_page(server, doc, 2)

    pg = new_page(browser, server)
    login(pg, "olga")
    pg.goto(f"/#/batches/{uploaded.batch_id}")
    ready(pg, "batch")
    item = pg.locator(".rescan-list li", has_text="two-pages.pdf — Page 2")
    assert "This page could not be read" in item.inner_text()
    item.locator("input[type=file]").set_input_files(str(scan))
    pg.get_by_text("two-pages.pdf — Page 2: Replaced").wait_for(timeout=120_000)
    assert pg.locator(".rescan-list li", has_text="two-pages.pdf — Page 2").count() == 0  # no longer to rescan
    shot(pg, "operator-rescan-replaced")
    body = pg.request.get(f"/api/documents/{doc}").json()
    assert body["page_list"][1]["status"] == "done" and "teachers" in body["page_list"][1]["text"]

    # the review queue offers the same action for pages to rescan
    _fail_page(server, doc, 1)
    pg.goto("/#/review")
    ready(pg, "review")
    assert pg.locator(".rescan-list li", has_text="two-pages.pdf").locator("button", has_text="Replace with a new scan").count() == 1

    # any page, from the document view: the new image and text replace the old ones in place
    pg.goto(f"/#/documents/{doc}")
    ready(pg, "documentView")
    first = pg.locator("#page-1")
    assert "This page could not be read" in first.inner_text()
    first.locator("input[type=file]").set_input_files(str(scan))
    first.get_by_text("Replaced").wait_for(timeout=120_000)
    pg.wait_for_function("() => document.querySelector('#page-1 img').src.includes('?v=')")
    assert "teachers" in first.locator(".page-text").inner_text()
    assert "This page could not be read" not in first.inner_text()
    shot(pg, "operator-document-replaced")

    # a department user sees no replace action
    staff = new_page(browser, server)
    login(staff, "esha")
    staff.goto(f"/#/documents/{doc}")
    ready(staff, "documentView")
    assert staff.locator("button.replace").count() == 0
    assert not pg.js_errors and not staff.js_errors

