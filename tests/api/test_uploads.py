"""Uploads through the API: many files in one request, a ZIP, bad files, a duplicate; the
batch report accounts for every input, with names as uploaded and per-page status."""

from __future__ import annotations

import io
import zipfile

from tests import pagegen
from tests.scans import EDUCATION_LINES, REVENUE_LINES, page

from .conftest import scan_png, wait_for_batch

AGRI_LINES = ["Office of the Deputy Director Agriculture, Kota", "Subject: Distribution of seeds and fertiliser to farmers",
              "Crop insurance claims of kisan credit card holders"]


def test_upload_many_files_zip_and_bad_files(corpus, client) -> None:  # type: ignore[no-untyped-def]
    h = corpus.headers("operator")
    agri = scan_png(AGRI_LINES, 31)
    two_page = pagegen.image_pdf([page(EDUCATION_LINES[:3], 32), page(REVENUE_LINES[:2], 33)], dpi=200)
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("folder/inner-agri.png", agri)  # the same bytes as a loose file: one of them is a duplicate
        z.writestr("readme.txt", "कोई स्कैन नहीं")
    files = [
        ("files", ("कृषि आदेश.png", agri, "image/png")),
        ("files", ("two-pages.pdf", two_page, "application/pdf")),
        ("files", ("bundle.zip", bundle.getvalue(), "application/zip")),
        ("files", ("empty.pdf", b"", "application/pdf")),
        ("files", ("broken.pdf", two_page[: len(two_page) // 3], "application/pdf")),
    ]
    r = client.post("/api/batches", files=files, data={"name": "web upload"}, headers=h)
    assert r.status_code == 202, r.text
    batch = wait_for_batch(client, r.json()["id"], h)
    assert batch["status"] == "done" and batch["name"] == "web upload" and batch["operator"] == "olga"
    by_name = {f["name"]: f for f in batch["files"]}
    assert list(by_name) == ["कृषि आदेश.png", "two-pages.pdf", "bundle.zip!folder/inner-agri.png",
                             "bundle.zip!readme.txt", "empty.pdf", "broken.pdf"]
    agri_file = by_name["कृषि आदेश.png"]
    assert agri_file["status"] == "done" and agri_file["pages"] == 1
    assert agri_file["page_status"] == [{"page": 1, "status": "done", "flag": None, "error": None}]
    assert by_name["bundle.zip!folder/inner-agri.png"]["status"] == "duplicate"
    assert by_name["bundle.zip!folder/inner-agri.png"]["document_id"] == agri_file["document_id"]
    pdf = by_name["two-pages.pdf"]
    assert pdf["status"] == "done" and [p["status"] for p in pdf["page_status"]] == ["done", "done"]
    for name, code in [("bundle.zip!readme.txt", "input.unsupported"), ("empty.pdf", "input.empty"), ("broken.pdf", "input.corrupt")]:
        assert by_name[name]["status"] == "failed" and by_name[name]["error"]["code"] == code, by_name[name]
        assert by_name[name]["page_status"] == []

    doc = client.get(f"/api/documents/{pdf['document_id']}", headers=h).json()
    assert doc["name"] == "two-pages.pdf" and [p["page"] for p in doc["page_list"]] == [1, 2]
    png = client.get(f"/api/documents/{pdf['document_id']}/pages/2.png", headers=h)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    listed = {b["id"]: b for b in client.get("/api/batches", headers=h).json()}
    assert listed[batch["id"]]["files"] == 6 and listed[batch["id"]]["status"] == "done"


def test_upload_of_only_bad_files_fails_as_a_batch(corpus, client) -> None:  # type: ignore[no-untyped-def]
    h = corpus.headers("admin")
    r = client.post("/api/batches", files=[("files", ("a.txt", b"plain text", "text/plain")), ("files", ("scan", b"\x00\x01", "application/octet-stream"))], headers=h)
    assert r.status_code == 202
    batch = wait_for_batch(client, r.json()["id"], h, timeout=60)
    assert batch["status"] == "failed" and batch["finished_at"]
    assert [(f["name"], f["status"]) for f in batch["files"]] == [("a.txt", "failed"), ("scan", "failed")]


def test_display_names() -> None:
    from sanchika.api.uploads import display_name

    assert display_name("नोटशीट 1.pdf", 0) == "नोटशीट 1.pdf"
    assert display_name("  ", 2) == "upload-3" and display_name(None, 0) == "upload-1"
    assert display_name("a\x00b\nc.png", 0) == "abc.png"


def test_upload_without_files_is_422(corpus, client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/batches", data={"name": "x"}, headers=corpus.headers("operator"))
    assert r.status_code == 422 and r.json()["error"]["code"] == "usage"


def test_unknown_batch_is_404(corpus, client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/batches/nope", headers=corpus.headers("operator"))
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_uploads_are_streamed_to_disk_in_chunks(tmp_path) -> None:
    """The copy loop never holds more than one chunk of an upload."""
    from sanchika.api.uploads import CHUNK, saved_uploads

    class Reader(io.RawIOBase):
        def __init__(self, size: int) -> None:
            self.left, self.largest = size, 0

        def readable(self) -> bool:
            return True

        def read(self, n: int = -1) -> bytes:
            assert n != -1 and n <= CHUNK, "read the whole upload at once"
            n = min(n, self.left)
            self.left -= n
            self.largest = max(self.largest, n)
            return b"x" * n

    class Up:
        filename = "big.pdf"
        file = Reader(5 * CHUNK + 7)

    with saved_uploads([Up()], tmp_path) as names:
        (path, name), = names.items()
        assert name == "big.pdf" and path.stat().st_size == 5 * CHUNK + 7
    assert not path.exists()
