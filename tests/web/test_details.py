"""Issue 19, "Small screens and details", in Chromium at 1280 and 390 px: the user-name field's
pattern compiles (Chromium uses the v flag) and its check works; quality reasons and error details
are translated in the Hindi UI; the audit log is compact rows with paging and filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from .conftest import login, new_page, ready, renders, shot

WIDTHS = [1280, 390]


def sized(browser, server, width: int, lang: str = "en"):  # type: ignore[no-untyped-def]
    pg = new_page(browser, server, lang=lang)
    pg.set_viewport_size({"width": width, "height": 800})
    console: list[str] = []
    pg.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    pg.console = console  # type: ignore[attr-defined]
    return pg


def no_sideways_scroll(pg, what: str = "") -> None:  # type: ignore[no-untyped-def]
    sw, iw = pg.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    wide = pg.evaluate(WIDEST) if sw > iw else []
    assert sw <= iw, f"{what or pg.url} scrolls sideways: {sw} px wide in a {iw} px window; widest: {wide}"


WIDEST = """() => [...document.querySelectorAll('body *')].map(e => [e.getBoundingClientRect().right, e])
  .filter(([r, e]) => r > window.innerWidth + 0.5)
  .sort((a, b) => b[0] - a[0]).slice(0, 6)
  .map(([r, e]) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${e.className} ${Math.round(r)}`)"""


@pytest.mark.parametrize("width", WIDTHS)
def test_user_name_pattern_compiles_and_checks(browser, server, width) -> None:  # type: ignore[no-untyped-def]
    pg = sized(browser, server, width)
    login(pg, "arun")
    pg.goto("/#/users")
    ready(pg, "users")
    name = pg.locator("#u-name")
    name.fill("a/b")
    assert pg.evaluate("() => document.querySelector('#u-name').validity.patternMismatch") is True
    posted: list[str] = []
    pg.on("request", lambda r: posted.append(r.url) if r.method == "POST" and r.url.endswith("/api/users") else None)
    pg.get_by_role("button", name="Add user").last.click()
    pg.wait_for_timeout(300)
    assert posted == []  # the browser's own check stopped the form
    name.fill("tara-" + str(width))
    assert pg.evaluate("() => document.querySelector('#u-name').validity.valid") is True
    assert not [c for c in pg.console if "pattern" in c.lower()], pg.console  # type: ignore[attr-defined]
    no_sideways_scroll(pg)
    assert not pg.js_errors  # type: ignore[attr-defined]


def _ctx(server):  # type: ignore[no-untyped-def]
    from sanchika.settings import Settings
    from workers.context import WorkerContext

    return WorkerContext(Settings(home=server.home).worker_config())


REASONS = ["low resolution 150 dpi (scan at 300)", "OCR confidence 0.71, 23% of words under 0.60"]


@pytest.mark.parametrize("width", WIDTHS)
def test_reasons_and_error_details_are_hindi(browser, server, uploaded, width) -> None:  # type: ignore[no-untyped-def]
    from storage.catalog import now
    from storage.schema import pages

    doc = uploaded.files["notesheet.png"]["document_id"]
    ctx = _ctx(server)
    with ctx.engine.begin() as c:
        before = c.execute(pages.select().where(pages.c.document_id == doc, pages.c.page_no == 1)).one()._mapping
        # read (again) now: an approval of the document earlier in the session (test_app) does not cover it
        c.execute(update(pages).where(pages.c.document_id == doc, pages.c.page_no == 1)
                  .values(flag="needs_review", quality=0.41, quality_reasons=REASONS, updated_at=now()))
    try:
        pg = sized(browser, server, width, lang="hi")
        login(pg, "olga")
        pg.goto("/#/review")
        ready(pg, "review")
        item = pg.locator(f"[data-key='p:{doc}:1']")
        item.click()
        why = pg.locator(".review-why")
        why.wait_for()
        text = why.inner_text()
        assert "कम रेज़ोल्यूशन 150 dpi" in text and "OCR विश्वास 0.71, 23% शब्द" in text, text
        assert "low resolution" not in text and "words under" not in text
        shot(pg, f"review-reasons-hi-{width}")

        # a failed file: the Hindi text, the server's English message folded away and marked English
        pg.goto(f"/#/batches/{uploaded.batch_id}")
        ready(pg, "batch")
        failed = pg.locator("#failed-h + ul li", has_text="empty.pdf")
        assert "फ़ाइल खाली है" in failed.inner_text()
        detail = failed.locator("details.error-detail")
        assert detail.count() == 1 and not detail.locator("[lang=en]").is_visible()
        assert "तकनीकी विवरण" in detail.locator("summary").inner_text()
        no_sideways_scroll(pg)
        assert not pg.js_errors  # type: ignore[attr-defined]
    finally:
        with ctx.engine.begin() as c:
            c.execute(update(pages).where(pages.c.document_id == doc, pages.c.page_no == 1)
                      .values(flag=before["flag"], quality=before["quality"], quality_reasons=before["quality_reasons"],
                              updated_at=before["updated_at"]))


@pytest.mark.parametrize("width", WIDTHS)
def test_audit_log_is_compact_paged_and_filtered(browser, server, uploaded, width) -> None:  # type: ignore[no-untyped-def]
    pg = sized(browser, server, width)
    login(pg, "arun")
    doc = uploaded.files["notesheet.png"]["document_id"]
    for _ in range(60):  # 60 views of a document, and 60 of a page image
        assert pg.request.get(f"/api/documents/{doc}").ok
        assert pg.request.get(f"/api/documents/{doc}/pages/1.png").ok
    pg.goto("/#/audit")
    ready(pg, "audit")
    rows = pg.locator("#audit-table tbody tr")
    assert rows.count() == 50
    body = pg.locator("#audit-table").inner_text()
    assert "{" not in body and '"what"' not in body  # no raw JSON
    assert "Page 1" in body  # a page image's view, in words
    height = pg.evaluate("() => document.scrollingElement.scrollHeight")
    if width >= 1000:
        assert height < 2400, f"50 audit rows take {height} px"
        assert rows.first.bounding_box()["height"] < 40  # one line a row
    no_sideways_scroll(pg)
    shot(pg, f"admin-audit-{width}")

    # paging: the next 50, then back
    before = renders(pg)
    pg.get_by_role("button", name="Next →").click()
    ready(pg, "audit", since=before)
    assert rows.count() == 50 and pg.locator(".pager span").inner_text() == "51–100"
    assert pg.get_by_role("button", name="← Previous").is_enabled()

    # filters: user and action, then a date range
    pg.goto("/#/audit")
    ready(pg, "audit")
    pg.locator("#a-user").fill("arun")
    pg.locator("#a-action").select_option("download")
    before = renders(pg)
    pg.get_by_role("button", name="Filter").click()
    ready(pg, "audit", since=before)
    actions = pg.locator("#audit-table tbody td[data-label=Action]").all_inner_texts() if rows.count() else []
    assert set(actions) <= {"Download"}  # page images are views now, never downloads
    pg.goto("/#/audit?action=view&user=arun")
    ready(pg, "audit")
    assert rows.count() == 50 and set(pg.locator("#audit-table tbody td[data-label=Action]").all_inner_texts()) == {"View"}
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    pg.goto(f"/#/audit?user=arun&since={tomorrow}")
    ready(pg, "audit")
    assert rows.count() == 0 and "No entries." in pg.locator("main").inner_text()
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    pg.goto(f"/#/audit?user=arun&since={yesterday}&until={date.today().isoformat()}")
    ready(pg, "audit")
    assert rows.count() == 50
    assert not pg.js_errors  # type: ignore[attr-defined]


def _reason_templates() -> list[str]:
    """Every reason the stages can write (ocr/quality.py, classify/boundaries.py and
    page_roles.py, as string literals in their source), numbers and roles filled in."""
    import re

    from tests.web.conftest import ROOT

    found: list[str] = []
    patterns = [(ROOT / "ocr" / "quality.py", r'reasons\.append\(f?"([^"]+)"\)'),
                (ROOT / "classify" / "boundaries.py", r'add\(-?[\d.]+, f?"([^"]+)"\)'),
                (ROOT / "classify" / "boundaries.py", r'\[f?"([^"]+)"\]'),
                (ROOT / "classify" / "boundaries.py", r'forced = \(f?"([^"]+)"'),
                (ROOT / "classify" / "page_roles.py", r'add\(Role\.\w+, .+?, f?"([^"]+)"\)'),
                (ROOT / "classify" / "page_roles.py", r'append\(\([\d.]+, "([^"]+)"\)\)')]
    for path, pattern in patterns:
        found += re.findall(pattern, path.read_text(encoding="utf-8"))
    filled = [re.sub(r"\{[^}]*\}", "3", re.sub(r"\{[^}]*role[^}]*\}", "notesheet", t)) for t in found]
    return sorted(set(filled))


def test_every_stage_reason_has_hindi(browser, server) -> None:  # type: ignore[no-untyped-def]
    reasons = _reason_templates()
    assert len(reasons) >= 40 and "low resolution 3 dpi (scan at 300)" in reasons, reasons
    pg = new_page(browser, server, lang="hi")
    pg.goto("/")
    shown = pg.evaluate("async (rs) => { const m = await import('/static/js/i18n.js'); m.setLang('hi'); "
                        "return rs.map((r) => [r, m.reasonText(r), m.reasonText(r + ' (+1.0)')]); }", reasons)
    untranslated = [r for r, hi, weighted in shown if hi == r or weighted != hi + " (+1.0)"]
    assert untranslated == [], untranslated
    english = pg.evaluate("async (rs) => { const m = await import('/static/js/i18n.js'); m.setLang('en'); "
                          "const out = rs.map((r) => m.reasonText(r)); m.setLang('hi'); return out; }", reasons)
    assert all(any(ch.isdigit() or ch.isalpha() for ch in e) for e in english)
