"""Issue 19: no screen scrolls sideways on a phone (360, 390 and 414 px wide): the upload form, the
search form and results, the review screen, a batch (its table reflowed into stacked cells, the
failure reason on screen), the batch list, the rescan list, a document; and the admin's audit log,
users, files, queues and report (no table scrolling sideways inside its own box either)."""

from __future__ import annotations

import pytest

from .conftest import login, new_page, ready, shot
from .test_details import no_sideways_scroll

PHONES = [360, 390, 414]


def phone(browser, server, width: int, who: str):  # type: ignore[no-untyped-def]
    pg = new_page(browser, server)
    pg.set_viewport_size({"width": width, "height": 800})
    login(pg, who)
    return pg


@pytest.mark.parametrize("width", PHONES)
def test_operator_screens_fit_a_phone(browser, server, uploaded, width) -> None:  # type: ignore[no-untyped-def]
    pg = phone(browser, server, width, "olga")
    doc = uploaded.files["two-pages.pdf"]["document_id"]
    for route, screen in [("#/upload", "upload"), ("#/search?q=teachers", "search"), ("#/batches", "batches"),
                          (f"#/batches/{uploaded.batch_id}", "batch"), ("#/review", "review"), ("#/rescans", "rescans"),
                          (f"#/documents/{doc}", "documentView")]:
        pg.goto("/" + route)
        ready(pg, screen)
        if screen == "review" and pg.locator(".review-list button").count():
            pg.locator(".review-list button").first.click()
            pg.locator("#review-detail h2").wait_for()
        if screen == "search":
            pg.locator(".hit").first.wait_for()
        no_sideways_scroll(pg)
        if screen == "batch":
            # the failed file's reason is on screen, not cut off at the right
            reason = pg.locator("#batch-view table tr", has_text="empty.pdf").locator(".error")
            box = reason.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, box
            assert reason.is_visible() and "empty" in reason.inner_text().lower()
        shot(pg, f"phone-{width}-{screen}")
    assert not pg.js_errors  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", PHONES)
def test_admin_screens_fit_a_phone(browser, server, uploaded, width) -> None:  # type: ignore[no-untyped-def]
    pg = phone(browser, server, width, "arun")
    for route, screen in [("#/audit", "audit"), ("#/users", "users"), ("#/files", "files"), ("#/queues", "queues"),
                          ("#/report", "report")]:
        pg.goto("/" + route)
        ready(pg, screen)
        no_sideways_scroll(pg)
        # nor does a table scroll sideways inside its own box: tables reflow into stacked cells
        wide = pg.evaluate("""() => [...document.querySelectorAll('.table-wrap')]
            .filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => (w.querySelector('table') || w).id || '?')""")
        assert not wide, f"{screen}: tables wider than the phone: {wide}"
        shot(pg, f"phone-{width}-{screen}")
    assert not pg.js_errors  # type: ignore[attr-defined]
