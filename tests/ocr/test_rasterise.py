"""Page counting and rendering: PDFs, TIFF frames, PNG/JPEG, and the errors for bad input."""

from __future__ import annotations

import dataclasses
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from domain.errors import CorruptFileError, EncryptedFileError, TooLargeError
from domain.types import FileKind
from ocr import OcrOptions, count_pages, render_page
from tests import pagegen
from tests.ocr.conftest import write

OPTS = OcrOptions()


def test_pdf_pages_counted_and_rendered_at_dpi(tmp_path: Path) -> None:
    img = pagegen.render_lines(["कार्यालय"], size="A6", dpi=100)
    path = write(tmp_path, "scan.pdf", pagegen.image_pdf([img, img, img], dpi=100))
    assert count_pages(path, FileKind.PDF) == 3
    page = render_page(path, FileKind.PDF, 2, dataclasses.replace(OPTS, dpi=150))
    assert page.dpi == 150 and not page.dpi_assumed
    assert abs(page.width - 620) <= 2 and abs(page.height - 874) <= 2  # A6 at 150 dpi
    assert page.image.dtype == np.uint8 and page.image.ndim == 2  # grey scan stays one channel


def test_pdf_render_is_capped_by_max_pixels(tmp_path: Path) -> None:
    path = write(tmp_path, "text.pdf", pagegen.text_pdf())
    page = render_page(path, FileKind.PDF, 1, dataclasses.replace(OPTS, max_pixels=2_000_000))
    assert page.width * page.height <= 2_000_000
    assert page.dpi < 300


def test_tiff_frames_stream_one_at_a_time(tmp_path: Path) -> None:
    frames = [pagegen.render_lines([f"पृष्ठ {i}"], size="A6", dpi=100) for i in range(4)]
    frames[2] = pagegen.degrade(frames[2], seed=1, yellow=True)
    path = tmp_path / "bundle.tiff"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(200, 200), compression="tiff_lzw")
    assert count_pages(path, FileKind.TIFF) == 4
    page = render_page(path, FileKind.TIFF, 3, OPTS)
    assert page.image.ndim == 3 and page.dpi == 200 and not page.dpi_assumed


def test_image_dpi_from_metadata_or_assumed(tmp_path: Path) -> None:
    img = pagegen.render_lines(["x"], size="A6", dpi=100)
    with_dpi = write(tmp_path, "a.png", pagegen.image_bytes(img, "PNG", dpi=400))
    without = write(tmp_path, "b.jpg", pagegen.image_bytes(img, "JPEG", dpi=None))
    assert count_pages(with_dpi, FileKind.PNG) == 1
    assert (
        render_page(with_dpi, FileKind.PNG, 1, OPTS).dpi,
        render_page(with_dpi, FileKind.PNG, 1, OPTS).dpi_assumed,
    ) == (400, False)
    page = render_page(without, FileKind.JPEG, 1, OPTS)
    assert (page.dpi, page.dpi_assumed) == (300, True)


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.pdf", pagegen.encrypted_pdf())
    with pytest.raises(EncryptedFileError):
        count_pages(path, FileKind.PDF)
    with pytest.raises(EncryptedFileError):
        render_page(path, FileKind.PDF, 1, OPTS)


@pytest.mark.parametrize("keep", [0.0, 0.3, 0.7])
def test_truncated_or_garbage_pdf(tmp_path: Path, keep: float) -> None:
    data = pagegen.text_pdf()
    path = write(
        tmp_path, "cut.pdf", data[: int(len(data) * keep)] if keep else b"%PDF-1.4\n garbage \x00\x01"
    )
    with pytest.raises(CorruptFileError):
        count_pages(path, FileKind.PDF)


def test_garbage_image(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    with pytest.raises(CorruptFileError):
        render_page(path, FileKind.PNG, 1, OPTS)


def test_huge_png_header_is_refused_without_decoding(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.png", pagegen.huge_png_header(40000, 40000))
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError):
            count_pages(path, FileKind.PNG)
        with pytest.raises(TooLargeError):
            render_page(path, FileKind.PNG, 1, OPTS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


def test_pil_bomb_guard_becomes_too_large(tmp_path: Path) -> None:
    # Above our limit but through PIL's path (TIFF header): PIL's own guard must not leak out.
    from PIL import Image

    path = tmp_path / "big.tiff"
    Image.new("L", (3000, 3000), 255).save(path, compression="tiff_lzw")
    with pytest.raises(TooLargeError):
        render_page(path, FileKind.TIFF, 1, dataclasses.replace(OPTS, max_pixels=1_000_000))
    with pytest.raises(TooLargeError):
        render_page(path, FileKind.TIFF, 1, dataclasses.replace(OPTS, max_pixels=5_000_000))  # PIL warns only


# ---------------------------------------------------------------- scanned PDF pages: the image as stored


def _scan(mode: str, dpi: int = 300):  # type: ignore[no-untyped-def]
    img = pagegen.degrade(pagegen.render_lines(pagegen.office_lines(seed=2, n=4), size="A6", dpi=dpi), seed=2, noise=4)
    return img.convert(mode)


@pytest.mark.parametrize("mode", ["L", "1", "RGB"])  # JPEG grey, CCITT G4 (Pillow's choice for 1-bit), JPEG colour
def test_scanned_page_image_is_taken_as_stored(tmp_path: Path, mode: str) -> None:
    path = write(tmp_path, "scan.pdf", pagegen.image_pdf([_scan(mode)], dpi=300))
    taken = render_page(path, FileKind.PDF, 1, OPTS)
    rendered = render_page(path, FileKind.PDF, 1, dataclasses.replace(OPTS, extract_images=False))
    assert taken.whole_page_image and not rendered.whole_page_image
    assert taken.dpi == 300 and taken.image.ndim == 2  # a grey scan in colour still comes out grey
    h, w = min(taken.height, rendered.height), min(taken.width, rendered.width)
    assert abs(taken.width - rendered.width) <= 1 and abs(taken.height - rendered.height) <= 1
    # the same page: only the render's resampling differs
    assert float(np.abs(taken.image[:h, :w].astype(int) - rendered.image[:h, :w].astype(int)).mean()) < 6


def test_finer_scan_is_reduced_coarser_scan_is_rendered(tmp_path: Path) -> None:
    fine = write(tmp_path, "fine.pdf", pagegen.image_pdf([_scan("L", 600)], dpi=600))
    page = render_page(fine, FileKind.PDF, 1, OPTS)
    assert page.whole_page_image and page.dpi == 300
    assert abs(page.width - 1240) <= 2  # A6 at 300 dpi
    coarse = write(tmp_path, "coarse.pdf", pagegen.image_pdf([_scan("L", 200)], dpi=200))
    page = render_page(coarse, FileKind.PDF, 1, OPTS)
    assert not page.whole_page_image and page.dpi == 300  # rendered (upsampled) as before


def test_pages_that_are_not_a_plain_scan_are_rendered(tmp_path: Path) -> None:
    import io

    import pikepdf

    path = write(tmp_path, "scan.pdf", pagegen.image_pdf([_scan("L")] * 3, dpi=300))
    with pikepdf.open(path) as pdf:
        pdf.pages[0].Rotate = 90  # turned by the viewer
        half = b"q 0.5 0 0 0.5 0 0 cm " + pdf.pages[1].obj.Contents.read_bytes() + b" Q"  # drawn at half size
        pdf.pages[1].obj.Contents = pdf.make_stream(half)
        buf = io.BytesIO()
        pdf.save(buf)
    path.write_bytes(buf.getvalue())
    assert [render_page(path, FileKind.PDF, n, OPTS).whole_page_image for n in (1, 2, 3)] == [False, False, True]
    text = write(tmp_path, "text.pdf", pagegen.text_pdf())  # text, no image
    assert not render_page(text, FileKind.PDF, 1, OPTS).whole_page_image


def test_a_slip_of_one_line_is_read(tmp_path: Path) -> None:
    # A 2 x 0.25 inch page holding one line (OCRmyPDF's real test file 3small.pdf has one) was refused as
    # "not the shape of a document page" (every page under half an inch): its text was lost.
    from ocr import read_page

    line = pagegen.render_lines(["Received the file of the Tahsildar today"], size=(60, 7), font_pt=10,
                                margin_mm=1, latin_font=pagegen.LATIN_FONT)
    path = write(tmp_path, "slip.pdf", pagegen.image_pdf([line], dpi=300))
    text = read_page(path, FileKind.PDF, 1, dataclasses.replace(OPTS, make_pdf=False)).text.text
    assert "Tahsildar" in text, text


def _grey_tiff_with_colormap(path: Path, indices: np.ndarray, bits: int = 4) -> None:
    """An uncompressed 4-bit TIFF as IrfanView writes a bilevel scan: photometric min-is-black (1), and a
    ColorMap in which index 0 is black and index 1 white (so the paper, index 1, is white only through the map)."""
    import struct

    h, w = indices.shape
    rows = [bytes((int(r[i]) << 4) | (int(r[i + 1]) if i + 1 < w else 0) for i in range(0, w, 2)) for r in indices]
    data = b"".join(rows)
    n = 1 << bits
    ramp = [0, 65535] + [65535] * (n - 2)
    cmap = struct.pack(f"<{3 * n}H", *(ramp * 3))
    tags = [(256, 3, 1, w), (257, 3, 1, h), (258, 3, 1, bits), (259, 3, 1, 1), (262, 3, 1, 1),
            (273, 4, 1, 0), (277, 3, 1, 1), (278, 3, 1, h), (279, 4, 1, len(data)), (320, 3, 3 * n, 0)]
    ifd_at = 8
    extra_at = ifd_at + 2 + 12 * len(tags) + 4
    data_at = extra_at + len(cmap)
    out = bytearray(b"II*\x00" + struct.pack("<I", ifd_at) + struct.pack("<H", len(tags)))
    for tag, typ, count, value in tags:
        value = data_at if tag == 273 else extra_at if tag == 320 else value
        out += struct.pack("<HHI", tag, typ, count) + (struct.pack("<HH", value, 0) if typ == 3 and count == 1
                                                        else struct.pack("<I", value))
    out += struct.pack("<I", 0) + cmap + data
    path.write_bytes(bytes(out))


def test_a_grey_tiff_colormap_is_applied_as_plain_tesseract_does(tmp_path: Path) -> None:
    """A real UNLV magazine scan (tesseract's test tree, 8087_054.3G.tif) is a 4-bit TIFF of indices 0 and 1
    whose ColorMap makes index 1 white; Pillow ignored the map (photometric says grey), the paper came out
    as grey level 17 and the page was flagged "low contrast 17 grey levels" though it read as plain did."""
    from ocr.quality import capture_facts

    page = np.ones((120, 200), np.uint8)
    page[40:60, 30:170] = 0  # a bar of ink on paper
    path = tmp_path / "irfan.tif"
    _grey_tiff_with_colormap(path, page)
    raster = render_page(path, FileKind.TIFF, 1, OcrOptions())
    assert raster.image[0, 0] == 255 and raster.image[50, 100] == 0
    assert capture_facts(raster.image, 300, False).contrast >= 120


def test_a_low_recorded_dpi_is_kept_when_it_makes_a_page(tmp_path: Path) -> None:
    """A real 90 dpi photo of a book page (leptonica's pedante.079.jpg, 434x586) was read as 300 dpi (metadata
    under 100 dpi was ignored): Tesseract read 24 garbage words where plain Tesseract, told 90, read the page.
    A 72 dpi written on an A4 300 dpi scan (a 35 x 49 inch "page") is still ignored."""
    img = pagegen.render_lines(["x"], size="A6", dpi=100).convert("L")
    small = img.resize((434, 586))
    photo = write(tmp_path, "photo.jpg", pagegen.image_bytes(small, "JPEG", dpi=90))
    page = render_page(photo, FileKind.JPEG, 1, OPTS)
    assert (page.dpi, page.dpi_assumed) == (90, False)
    a4 = write(tmp_path, "a4.png", pagegen.image_bytes(img.resize((2480, 3508)), "PNG", dpi=72))
    page = render_page(a4, FileKind.PNG, 1, OPTS)
    assert (page.dpi, page.dpi_assumed) == (300, True)
