"""Hostile and odd inputs found by an audit (2026-11-23): each fails alone with its documented code,
nothing hangs, and the good file of the same batch is processed. Before the fixes, several of
these ended the whole batch with a traceback (a truncated TIFF, a damaged or Deflate64 ZIP member,
a non-UTF-8 file name), a FIFO blocked it forever, and some inputs were missing from the report."""

from __future__ import annotations

import io
import os
import signal
import struct
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from ingest.collect import collect
from ocr.rasterise import MAX_FRAMES, tiff_frame_count
from sanchika.pipeline import process_batch
from sanchika.settings import Settings

from . import pagegen
from .scans import page


def _png(seed: int) -> bytes:
    """A scan of its own content per seed (so no two are duplicates)."""
    lines = ["District Collector office, Revenue Section", f"F.No. {seed}/3/2019/Rev dated {seed:02d}.08.2019"]
    return pagegen.image_bytes(page(lines, seed), "PNG", dpi=200)


def _tiff(frames: int, size: tuple[int, int] = (8, 8)) -> bytes:
    """Uncompressed multi-page TIFF (Pillow writes each frame's pixels before its directory)."""
    buf = io.BytesIO()
    first, *rest = [Image.new("L", size, 255) for _ in range(frames)]
    first.save(buf, "TIFF", save_all=True, append_images=rest, compression="raw")
    return buf.getvalue()


def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def _damaged_member_zip() -> bytes:
    """A ZIP whose one member's deflate stream is garbage (its CRC is never reached)."""
    raw = bytearray(_zip([("scan.png", _png(3))]))
    start = raw.index(b"PK\x03\x04") + 30 + len("scan.png")
    raw[start : start + 64] = bytes(range(64))
    return bytes(raw)


def _deflate64_zip() -> bytes:
    """A stored member relabelled as Deflate64 (method 9), which Python's zipfile cannot read."""
    raw = bytearray(_zip([("scan.png", _png(4))], zipfile.ZIP_STORED))
    local = raw.index(b"PK\x03\x04")
    central = raw.index(b"PK\x01\x02")
    struct.pack_into("<H", raw, local + 8, 9)
    struct.pack_into("<H", raw, central + 10, 9)
    return bytes(raw)


def _thin_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(10, 10))
    pdf.pages[0].MediaBox = pikepdf.Array([0, 0, 1, 200000])  # a 1 x 200,000 pt strip
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _no_pages_pdf() -> bytes:
    buf = io.BytesIO()
    pikepdf.new().save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("hostile") / "batch"
    root.mkdir()
    (root / "good.png").write_bytes(_png(1))
    tiff = _tiff(3, (600, 800))
    (root / "cut.tif").write_bytes(tiff[: len(tiff) // 5])  # cut before the first directory
    (root / "damaged.zip").write_bytes(_damaged_member_zip())
    (root / "deflate64.zip").write_bytes(_deflate64_zip())
    (root / "empty.zip").write_bytes(_zip([]))
    with pytest.warns(UserWarning, match="Duplicate name"):
        (root / "twins.zip").write_bytes(_zip([("scan.png", _png(5)), ("scan.png", _png(6))]))
    (root / "nopages.pdf").write_bytes(_no_pages_pdf())
    (root / "letter.docx").write_bytes(_zip([("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b"<r/>"),
                                             ("word/document.xml", b"<w:document/>")]))
    (root / "thin.pdf").write_bytes(_thin_pdf())
    (root / "thin-copy.pdf").write_bytes(_thin_pdf())
    with open(os.path.join(os.fsencode(root), b"scan-\xff\xfe.png"), "wb") as fh:  # not UTF-8
        fh.write(_png(7))
    os.mkfifo(root / "pipe.png")
    (root / "dangling.pdf").symlink_to(root / "nowhere.pdf")
    settings = Settings(home=tmp_path_factory.mktemp("home"), workers=2)
    signal.alarm(600)  # a hang fails the test instead of blocking the suite
    try:
        report = process_batch([root], settings, batch_name="hostile")
    finally:
        signal.alarm(0)
    return report


def _one(report, suffix: str):  # type: ignore[no-untyped-def]
    got = [f for f in report.files if f.path.endswith(suffix)]
    assert len(got) == 1, (suffix, [f.path for f in report.files])
    return got[0]


@pytest.mark.parametrize(("name", "code"), [
    ("cut.tif", "input.corrupt"),
    ("damaged.zip!scan.png", "input.corrupt"),
    ("deflate64.zip!scan.png", "input.unsupported"),
    ("empty.zip", "input.no_pages"),
    ("nopages.pdf", "input.no_pages"),
    ("letter.docx", "input.unsupported"),
    ("pipe.png", "input.unsupported"),
    ("dangling.pdf", "input.unreadable"),
])
def test_each_bad_input_fails_alone_with_its_code(hostile, name: str, code: str) -> None:  # type: ignore[no-untyped-def]
    f = _one(hostile, name)
    assert f.status == "failed" and f.error is not None, f
    assert f.error["code"] == code, f.error
    assert "objects/originals" not in f.error["message"]  # no internal store paths in messages


def test_the_good_files_are_processed(hostile) -> None:  # type: ignore[no-untyped-def]
    assert _one(hostile, "good.png").status == "done"
    odd = _one(hostile, "scan-\\xff\\xfe.png")  # the undecodable bytes of its name shown escaped
    assert odd.status == "done" and odd.pages == 1


def test_zip_members_with_the_same_name_are_both_read(hostile) -> None:  # type: ignore[no-untyped-def]
    twins = [f for f in hostile.files if f.path.endswith("twins.zip!scan.png")]
    assert len(twins) == 2
    assert len({f.sha256 for f in twins}) == 2, twins  # two contents, not the last one twice
    assert {f.status for f in twins} == {"done"}


def test_a_page_of_an_extreme_shape_fails_and_its_duplicate_with_it(hostile) -> None:  # type: ignore[no-untyped-def]
    first, copy = _one(hostile, "/thin-copy.pdf"), _one(hostile, "/thin.pdf")
    failed = [f for f in (first, copy) if f.error is not None]
    assert len(failed) == 2, (first, copy)  # the duplicate is not reported as a plain duplicate
    assert {f.error["code"] for f in failed} == {"input.too_large"}
    assert all("not the shape of a document page" in f.error["message"] for f in failed)


def test_a_fifo_named_on_the_command_line_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "scanner.pdf"
    os.mkfifo(fifo)
    signal.alarm(20)
    try:
        got = list(collect([fifo]))
    finally:
        signal.alarm(0)
    assert len(got) == 1 and got[0].open is None and got[0].error is not None
    assert got[0].error.code == "input.unsupported"


def test_tiff_frames_are_counted_linearly_and_capped(tmp_path: Path) -> None:
    path = tmp_path / "three.tif"
    path.write_bytes(_tiff(3))
    assert tiff_frame_count(path) == 3 == Image.open(path).n_frames
    many = tmp_path / "many.tif"
    many.write_bytes(_tiff(60))
    from domain.errors import TooLargeError

    with pytest.raises(TooLargeError, match="more than 50 pages"):
        tiff_frame_count(many, limit=50)
    assert MAX_FRAMES >= 1000


def test_pdf_verdicts_do_not_depend_on_the_file_read_before(tmp_path: Path) -> None:
    """PDFium's last error is not reset by every failure: a 0-page or damaged PDF read right after a
    password-protected one was reported as password-protected."""
    from domain.errors import InputError
    from domain.types import FileKind
    from ocr.rasterise import count_pages

    files = {"locked.pdf": pagegen.encrypted_pdf(), "nopages.pdf": _no_pages_pdf(), "cut.pdf": pagegen.text_pdf()[:300]}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    want = {"locked.pdf": "input.encrypted", "nopages.pdf": "input.no_pages", "cut.pdf": "input.corrupt"}
    for name in ["locked.pdf", "nopages.pdf", "locked.pdf", "cut.pdf", "nopages.pdf"]:
        with pytest.raises(InputError) as info:
            count_pages(tmp_path / name, FileKind.PDF)
        assert info.value.code == want[name], (name, info.value.message)
