"""A scanned file bundle through the whole pipeline (real Tesseract, SQLite, local store): parts
and page roles stored, the cover read, blank backs kept but not counted, a separator sheet with a
QR code sending the pages after it to another digital file, the operator's hints used, and the
eFile package built from the stored parts."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from sanchika.efile import export_efile, file_detail, list_files
from sanchika.pipeline import process_batch
from sanchika.settings import Settings
from storage.library import Library
from tests import pagegen
from workers.context import WorkerContext

DPI = 200
FILE_NO = "245/भू-अभि/2018"
SEPARATOR_FILE_NO = "12/3/2019-Estt"

COVER = ["कार्यालय कलेक्टर, जिला रायपुर", "नस्ती", f"नस्ती क्रमांक: {FILE_NO}", "विषय: ग्राम खरोरा के खसरा 112 का नामांतरण",
         "शाखा: भू-अभिलेख", "वर्ष: 2018", "कुल पृष्ठ: 5"]
NOTESHEET = ["नोटशीट", "1. प्रकरण अवलोकनार्थ प्रस्तुत है। तहसीलदार का प्रतिवेदन संलग्न है।", "सहायक ग्रेड-3",
             "12.03.2018", "2. यथा प्रस्तावित अनुमोदित। नामांतरण आदेश जारी करें।", "अपर कलेक्टर", "14.03.2018",
             "3. प्रारूप पत्र अनुमोदनार्थ प्रस्तुत है।", "अधीक्षक", "15.03.2018"]
RECEIPT = ["कार्यालय तहसीलदार, तहसील अभनपुर", "पत्र क्रमांक 112/भू-अभि/2018    दिनांक 10.03.2018", "सेवा में,",
           "कलेक्टर, जिला रायपुर", "विषय: ग्राम खरोरा के खसरा 112 का नामांतरण", "महोदय,",
           "पटवारी के प्रतिवेदन अनुसार भूमि का नामांतरण उत्तराधिकार के आधार पर किया जाना है।",
           "प्रकरण आवश्यक कार्यवाही हेतु प्रेषित है।", "तहसीलदार", "तहसील अभनपुर"]
ISSUE = ["कार्यालय कलेक्टर, जिला रायपुर", "क्रमांक 245/भू-अभि/2018    दिनांक 16.03.2018", "प्रति,",
         "तहसीलदार, तहसील अभनपुर", "विषय: ग्राम खरोरा के खसरा 112 का नामांतरण", "महोदय,",
         "आपके पत्र दिनांक 10.03.2018 के संदर्भ में नामांतरण स्वीकृत किया जाता है।", "कलेक्टर",
         "जिला रायपुर", "प्रतिलिपि:", "1. अनुविभागीय अधिकारी (राजस्व) अभनपुर", "2. पटवारी हल्का नंबर 14", "कार्यालय प्रति"]
AFTER_SEPARATOR = ["Office of the Collector, District Raipur", f"No. {SEPARATOR_FILE_NO}    Dated 02.07.2019", "To,",
                   "The Block Education Officer, Abhanpur", "Subject: Posting of teachers in primary schools", "Sir,",
                   "The posting orders of the teachers of the primary schools are enclosed for compliance.",
                   "Collector", "District Raipur"]


def _page(lines: list[str]) -> Image.Image:
    return pagegen.render_lines(lines, dpi=DPI, font_pt=13)


def _separator() -> Image.Image:
    qr = pagegen.qr_symbol(f"File No. {SEPARATOR_FILE_NO}", module_mm=1.0, dpi=DPI)  # 8 px modules
    page = np.full((round(297 / 25.4 * DPI), round(210 / 25.4 * DPI)), 255, np.uint8)
    page[300:300 + qr.shape[0], 500:500 + qr.shape[1]] = qr
    img = Image.fromarray(page)
    img.info["dpi"] = (DPI, DPI)
    return img


def _blank() -> Image.Image:
    img = Image.new("L", _page([]).size, 255)
    img.info["dpi"] = (DPI, DPI)
    return img


@pytest.fixture(scope="module")
def run(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("bundle")
    pages = [_page(COVER), _page(NOTESHEET), _page(RECEIPT), _blank(), _page(ISSUE), _separator(), _page(AFTER_SEPARATOR)]
    (root / "almirah-7").mkdir()
    (root / "almirah-7" / "bundle.pdf").write_bytes(pagegen.image_pdf(pages, dpi=DPI))
    settings = Settings(home=tmp_path_factory.mktemp("home"), workers=2)
    report = process_batch([root / "almirah-7"], settings, batch_name="bundle", operator="ramesh",
                           hints={"department": "Revenue", "location": "Almirah 7, shelf 2"})
    ctx = WorkerContext(settings.worker_config())
    return settings, ctx, report


def test_bundle_is_split_into_parts_with_roles(run) -> None:  # type: ignore[no-untyped-def]
    _, ctx, report = run
    (f,) = report.files
    assert f.status == "done" and f.pages == 7
    assert (f.pages_blank, f.pages_separator) == (1, 1)
    assert report.to_json()["pages_blank"] == 1 and report.to_json()["files"][0]["pages_separator"] == 1
    detail = file_detail(ctx.engine, FILE_NO)
    (doc,) = detail["documents"]
    roles = [(p["first_page"], p["last_page"], p["role"]) for p in doc["parts"]]
    assert roles == [(1, 1, "cover"), (2, 2, "notesheet"), (3, 4, "receipt"), (5, 5, "issue")]
    by_page = {p["page_no"]: p["role"] for p in doc["page_roles"]}
    assert by_page[4] == "blank"
    assert 6 not in by_page and 7 not in by_page  # after the separator: the other file's pages


def test_cover_gives_number_subject_and_location(run) -> None:  # type: ignore[no-untyped-def]
    _, ctx, _ = run
    detail = file_detail(ctx.engine, FILE_NO)
    assert detail["location"] == "Almirah 7, shelf 2"
    assert "नामांतरण" in detail["title"]
    assert detail["details"]["section"] == "भू-अभिलेख"
    assert detail["details"]["opening_year"] == 2018
    assert detail["department"] == "revenue"
    rec = detail["documents"][0]["reconciliation"]
    # the cover states 5 pages; this file has 4 content pages (the blank back does not count, and the
    # separator starts another file): one page is reported missing
    assert rec["stated_pages"] == 5 and rec["content_pages"] == 4 and rec["missing"] == 1
    assert not rec["ok"] and rec["notes"] == ["1 page(s) fewer than the 5 stated"]


def test_separator_sends_the_rest_to_its_file(run) -> None:  # type: ignore[no-untyped-def]
    _, ctx, _ = run
    other = file_detail(ctx.engine, SEPARATOR_FILE_NO)
    (doc,) = other["documents"]
    assert [(p["role"], p["first_page"], p["last_page"]) for p in doc["parts"]] == [("separator", 6, 6), ("receipt", 7, 7)]
    assert other["location"] == "Almirah 7, shelf 2"
    numbers = {r["file_number"] for r in list_files(ctx.engine)}
    assert {FILE_NO, SEPARATOR_FILE_NO} <= numbers


def test_blank_and_separator_pages_are_not_indexed(run) -> None:  # type: ignore[no-untyped-def]
    _, ctx, report = run
    doc_id = report.files[0].document_id
    rows = {r["page_no"]: r for r in ctx.catalog.pages_of(doc_id)}
    assert rows[4]["blank"] and rows[6]["separator"] == "qr"
    assert rows[6]["separator_file_number"] == SEPARATOR_FILE_NO
    # layout facts from the image, for page roles and near-duplicate pages
    assert len(rows[2]["layout"]["image_hash"]) == 64 and rows[2]["layout"]["ink"] > 0
    assert rows[1]["layout"]["image_hash"] != rows[2]["layout"]["image_hash"]
    hits = ctx.index.search("नामांतरण", limit=50)
    assert {h.page for h in hits if h.document_id == doc_id} <= {1, 2, 3, 5}


def test_report_counts_separators_and_closed_files(run) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from storage.reports import digitisation_report

    _, ctx, _ = run
    today = date.today()
    r = digitisation_report(ctx.engine, today, today, 0.35)
    assert (r["pages"], r["content_pages"], r["blank_pages"], r["separator_pages"]) == (7, 5, 1, 1)
    assert r["sheets_saved"] == 6  # the separator sheet is the scanning room's, not the file's
    flagged = {row["page_no"] for row in ctx.catalog.pages_of(run[2].files[0].document_id) if row["flag"] == "needs_rescan"}
    assert r["files_closed"] == (0 if flagged else 2)


def test_department_scope_applies_to_files(run) -> None:  # type: ignore[no-untyped-def]
    _, ctx, _ = run
    assert list_files(ctx.engine, ["health"]) == []
    assert {r["file_number"] for r in list_files(ctx.engine, ["revenue"])} >= {FILE_NO}


def test_efile_package_follows_parts_and_names_the_verifier(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, ctx, report = run
    Library(ctx.engine, None).verify(report.files[0].document_id, "asha")
    (res,) = export_efile(ctx.engine, ctx.store, [FILE_NO], tmp_path)
    manifest = json.loads((tmp_path / res["path"].split("/")[-1] / "manifest.json").read_text())
    docs = manifest["documents"]
    assert [(d["folder"], d["role"], d["source_pages"]) for d in docs] == [
        ("References", "cover", [1]), ("Notes", "notesheet", [2]), ("Receipts", "receipt", [3]), ("Issues", "issue", [5])]
    assert {d["verified_by"] for d in docs} == {"asha"} and {d["digitised_by"] for d in docs} == {"ramesh"}
    assert manifest["file"]["location"] == "Almirah 7, shelf 2"


def test_show_lists_the_parts(run) -> None:  # type: ignore[no-untyped-def]
    from sanchika.queries import Queries

    settings, _, report = run
    doc = Queries(settings).document(report.files[0].document_id)
    assert [(p["role"], p["first_page"], p["last_page"]) for p in doc["parts"]] == [
        ("cover", 1, 1), ("notesheet", 2, 2), ("receipt", 3, 4), ("issue", 5, 5), ("separator", 6, 6), ("receipt", 7, 7)]
    assert doc["parts"][4]["file_number"] == SEPARATOR_FILE_NO
    assert [p["role"] for p in doc["pages_detail"]][3] == "blank"
