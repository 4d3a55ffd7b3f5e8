"""Pages to pixels, one page at a time (a 1000-page PDF or TIFF is never held in memory whole).

PDF pages are rendered with pypdfium2 at ``options.dpi`` (scale capped so a page stays within
``options.max_pixels``), except a scanned page that is one image covering the page exactly: its
image is decoded as stored (pdfium decodes JPEG, CCITT, JBIG2, Flate, JPX alike) instead of being
rendered, which keeps the scanner's pixels, skips the render's resampling and compositing (~40 ms
CPU of ~55 ms per A4 300 dpi page, measured) and lets the searchable page reuse the original
page (``RasterPage.whole_page_image``). Images keep their pixels; their DPI comes from metadata,
else 300 is assumed and flagged. Image sizes are checked from the header before any pixel is
decoded.
"""

from __future__ import annotations

import math
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from domain.errors import CorruptFileError, EncryptedFileError, InputError, TooLargeError, UsageError
from domain.types import FileKind
from ocr.options import OcrOptions

if TYPE_CHECKING:
    import pypdfium2 as pdfium

ASSUMED_DPI = 300
_PLAUSIBLE_DPI = (100, 1200)  # outside this, image DPI metadata is treated as absent ...
# ... except a low one (LOW_DPI up to 100) that makes the image a page of at most PAGE_INCH on its long side: a
# 72/96 dpi written by an editor on a 300 dpi scan makes it a poster (A4: 34-49 inches) and is ignored
LOW_DPI, PAGE_INCH = 50, 17.0
_FPDF_ERR_PASSWORD = 4
_IMAGE_KINDS = (FileKind.TIFF, FileKind.PNG, FileKind.JPEG)


@dataclass(frozen=True)
class RasterPage:
    """One page as pixels: uint8, shape (h, w) for gray or (h, w, 3) for RGB."""

    image: np.ndarray
    dpi: int
    dpi_assumed: bool
    # A PDF page that is one unrotated image covering it, whose pixels these are, unresampled: the
    # original page can stand for this image (searchable_pdf.overlay_text).
    whole_page_image: bool = False

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


# ---------------------------------------------------------------- PDF


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with pypdfium2; a password -> EncryptedFileError, an empty page tree -> input.no_pages,
    damage -> CorruptFileError. PDFium is loaded here, on the first PDF: an image's call never needs it
    (~0.03 CPU-s to import)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _unopenable(path, exc) from exc
    except OSError as exc:
        raise CorruptFileError(f"{path.name} could not be read: {exc}") from exc


def _unopenable(path: Path, exc: pdfium.PdfiumError) -> InputError:
    """Why PDFium refused a PDF. Its error code is not reset by every failure (a 0-page PDF read
    after a password-protected one reported "password" too), so pikepdf is asked first."""
    password = getattr(exc, "err_code", None) == _FPDF_ERR_PASSWORD or "password" in str(exc).lower()
    try:
        import pikepdf

        with pikepdf.open(path) as pdf:
            if len(pdf.pages) == 0:
                return _no_pages(path)
        password = False  # pikepdf read it without a password: PDFium's code was stale
    except pikepdf.PasswordError:
        password = True
    except Exception:  # noqa: BLE001 - damaged for pikepdf too: keep PDFium's verdict
        pass
    if password:
        return EncryptedFileError(f"{path.name} is password-protected. Remove the password and submit it again.")
    return CorruptFileError(f"{path.name} is not a readable PDF ({exc}). Re-scan or re-export it.")


def _no_pages(path: Path) -> InputError:
    return InputError(f"{path.name} has no pages: export or scan it again.", code="input.no_pages")


def _pdf_page_count(path: Path) -> int:
    pdf = open_pdf(path)
    try:
        n = len(pdf)
    finally:
        pdf.close()
    if n < 1:
        raise _no_pages(path)
    return n


MAX_ASPECT = 40.0  # long side / short side of a PDF page worth reading (A4 is 1.4, a long receipt ~10)
MIN_SIDE_PT = 9.0  # a page's short side: 1/8 inch holds a line of 6 pt type (a slip, a line cut out: OCRmyPDF's 3small.pdf)


def _render_pdf_page(path: Path, page_no: int, options: OcrOptions) -> RasterPage:
    import pypdfium2 as pdfium

    from ocr.pdf_image import page_image

    pdf = open_pdf(path)
    try:
        _check_page_no(path, page_no, len(pdf))
        try:
            page = pdf[page_no - 1]
            w_pt, h_pt = page.get_size()
        except pdfium.PdfiumError as exc:
            raise CorruptFileError(f"Page {page_no} of {path.name} is damaged: {exc}") from exc
        if w_pt <= 0 or h_pt <= 0:
            raise CorruptFileError(f"Page {page_no} of {path.name} has no size.")
        if max(w_pt, h_pt) > MAX_ASPECT * min(w_pt, h_pt) or min(w_pt, h_pt) < MIN_SIDE_PT:
            raise TooLargeError(  # a 1 x 200,000 pt strip renders 4 pixels wide: nothing to read
                f"Page {page_no} of {path.name} measures {w_pt / 72:.2f}x{h_pt / 72:.2f} inches, not the shape of "
                "a document page: rescan or re-export it at its real size."
            )
        scale = options.dpi / 72.0
        if options.extract_images:
            extracted = page_image(page, w_pt, h_pt, options)
            if extracted is not None:
                page.close()
                return RasterPage(_maybe_gray(extracted[0]), extracted[1], False, whole_page_image=True)
        if w_pt * h_pt * scale * scale > options.max_pixels:
            scale = math.sqrt(options.max_pixels / (w_pt * h_pt)) * 0.999
        if scale * 72.0 < 50:
            raise TooLargeError(
                f"Page {page_no} of {path.name} measures {w_pt / 72:.0f}x{h_pt / 72:.0f} inches; "
                f"it cannot be rendered at a readable resolution within {options.max_pixels} pixels."
            )
        try:
            bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB(A) byte order
            image = bitmap.to_numpy().copy()
        except pdfium.PdfiumError as exc:
            raise CorruptFileError(f"Page {page_no} of {path.name} could not be rendered: {exc}") from exc
        finally:
            page.close()
    finally:
        pdf.close()
    if image.ndim == 3:
        image = (
            np.ascontiguousarray(image[:, :, 0])
            if image.shape[2] == 1
            else np.ascontiguousarray(image[:, :, :3])
        )
    return RasterPage(_maybe_gray(image), round(scale * 72.0), False)


# ---------------------------------------------------------------- images


@contextmanager
def _pil_guard(options: OcrOptions, path: Path) -> Iterator[None]:
    """PIL's decompression-bomb check tuned to our limit, and PIL errors turned into ours."""
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = options.max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            yield
    except Image.DecompressionBombError as exc:
        raise TooLargeError(f"{path.name} is larger than {options.max_pixels} pixels per page.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError,
            KeyError, ZeroDivisionError, struct.error) as exc:  # what Pillow raises on damaged files
        raise CorruptFileError(f"{path.name} is not a readable image ({exc}).") from exc
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _check_size(im: Image.Image, path: Path, options: OcrOptions) -> None:
    w, h = im.size
    if w * h > options.max_pixels:
        raise TooLargeError(f"{path.name} is {w}x{h} pixels, above the limit of {options.max_pixels}.")
    if w < 1 or h < 1:
        raise CorruptFileError(f"{path.name} has an empty image.")


def _image_dpi(im: Image.Image) -> tuple[int, bool]:
    dpi = im.info.get("dpi")
    try:
        x = round(float(dpi[0]), 1) if dpi else 0.0  # PNG stores pixels per metre: 100 dpi reads back as 99.9998
    except (TypeError, ValueError, IndexError):
        x = 0.0
    if _PLAUSIBLE_DPI[0] <= x <= _PLAUSIBLE_DPI[1]:
        return round(x), False
    if LOW_DPI <= x < _PLAUSIBLE_DPI[0] and max(im.size) / x <= PAGE_INCH:
        # a real 90 dpi photo of a book page (leptonica's pedante.079.jpg) read as 300 dpi: Tesseract took its
        # type for 2 pt and read 24 garbage words, flagged unreadable; plain Tesseract, told 90, read its lines
        return round(x), False
    return ASSUMED_DPI, True


def _to_array(im: Image.Image) -> np.ndarray:
    mapped = _grey_colormap(im)
    if mapped is not None:
        return mapped
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        a = np.asarray(im, dtype=np.float64)
        top = a.max() or 1.0
        return (a * (255.0 / top)).astype(np.uint8)
    if im.mode in ("1", "L", "LA", "F"):
        return np.asarray(im.convert("L"))
    if im.mode == "P" and "transparency" not in im.info:
        im = im.convert("RGB")
    if im.mode in ("RGBA", "LA", "PA", "P"):
        background = Image.new("RGB", im.size, (255, 255, 255))
        background.paste(im.convert("RGBA"), mask=im.convert("RGBA").getchannel("A"))
        im = background
    return _maybe_gray(np.asarray(im.convert("RGB")))


_COLORMAP, _PHOTOMETRIC, _BITS = 320, 262, 258  # TIFF tags


def _grey_colormap(im: Image.Image) -> np.ndarray | None:
    """A grey TIFF's ColorMap, which Pillow ignores when the photometric tag says grey (min-is-black) and
    leptonica (plain Tesseract) applies: a real UNLV magazine scan (tesseract's test tree, 8087_054.3G.tif,
    written by IrfanView) holds 4-bit indices 0 (ink) and 1 (paper, white in its ColorMap); without the map
    the paper is grey level 17 of 255, and the page was flagged "low contrast" and read at twice plain's CPU.
    None: no such map (a palette image, photometric 3, is converted by Pillow itself)."""
    tags = getattr(im, "tag_v2", None)
    if im.mode != "L" or tags is None or _COLORMAP not in tags or tags.get(_PHOTOMETRIC) != 1:
        return None
    bits = int((tags.get(_BITS) or (8,))[0])
    n, cmap = 1 << bits, np.asarray(tags[_COLORMAP], dtype=np.float64)
    if bits not in (2, 4, 8) or cmap.size != 3 * n:
        return None
    grey = (0.299 * cmap[:n] + 0.587 * cmap[n : 2 * n] + 0.114 * cmap[2 * n :]) / 257.0
    step = 255 // (n - 1)  # Pillow spreads a 2- or 4-bit index over 0..255 (index x 85, x 17)
    lut = grey[np.minimum(np.round(np.arange(256) / step).astype(np.int64), n - 1)]
    return np.ascontiguousarray(np.clip(np.round(lut), 0, 255).astype(np.uint8)[np.asarray(im)])


def _maybe_gray(image: np.ndarray) -> np.ndarray:
    """RGB whose channels agree (a grey scan stored as colour) becomes one channel."""
    if image.ndim == 2:
        return image
    sample = image[::7, ::7].astype(np.int16)
    spread = sample.max(axis=2) - sample.min(axis=2)
    if np.percentile(spread, 99.5) <= 12:
        return np.ascontiguousarray(image[:, :, 1])
    return image


def _png_header_size(path: Path) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR, read from 24 bytes (PIL needs more to identify)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(24)
    except OSError as exc:
        raise CorruptFileError(f"{path.name} could not be read: {exc}") from exc
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _precheck(path: Path, kind: FileKind, options: OcrOptions) -> None:
    size = _png_header_size(path) if kind == FileKind.PNG else None
    if size and size[0] * size[1] > options.max_pixels:
        raise TooLargeError(
            f"{path.name} is {size[0]}x{size[1]} pixels, above the limit of {options.max_pixels}."
        )


MAX_FRAMES = 10_000  # pages of one TIFF; more is refused (split the file)


def tiff_frame_count(path: Path, limit: int = MAX_FRAMES) -> int:
    """Frames of a TIFF (classic or BigTIFF), counted by following the chain of IFD offsets: linear
    in the frames (Pillow's ``n_frames`` seeks frame by frame from the start: 200,000 frames took 4
    minutes). A loop or an offset past the end ends the chain (that frame is then damaged when
    read). More than ``limit`` frames -> TooLargeError."""
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, 2)
            fh.seek(0)
            head = fh.read(16)
            if head[:2] not in (b"II", b"MM"):
                raise CorruptFileError(f"{path.name} is not a readable TIFF (no byte-order mark).")
            end = "<" if head[:2] == b"II" else ">"
            version = struct.unpack(end + "H", head[2:4])[0]
            big = version == 43
            if version not in (42, 43) or len(head) < (16 if big else 8):
                raise CorruptFileError(f"{path.name} is not a readable TIFF (version {version}).")
            count_fmt, entry, off_fmt = (end + "Q", 20, end + "Q") if big else (end + "H", 12, end + "I")
            offset = struct.unpack(off_fmt, head[8:16] if big else head[4:8])[0]
            frames, seen = 0, set()
            while offset and offset not in seen and offset + struct.calcsize(count_fmt) <= size:
                seen.add(offset)
                frames += 1
                if frames > limit:
                    raise TooLargeError(f"{path.name} has more than {limit} pages: split it into smaller files.")
                fh.seek(offset)
                n = struct.unpack(count_fmt, fh.read(struct.calcsize(count_fmt)))[0]
                fh.seek(offset + struct.calcsize(count_fmt) + n * entry)
                raw = fh.read(struct.calcsize(off_fmt))
                offset = struct.unpack(off_fmt, raw)[0] if len(raw) == struct.calcsize(off_fmt) else 0
    except OSError as exc:
        raise CorruptFileError(f"{path.name} could not be read: {exc}") from exc
    if frames < 1:
        raise CorruptFileError(f"{path.name} has no readable page (its first directory is damaged).")
    return frames


def _image_frames(path: Path, kind: FileKind, options: OcrOptions) -> int:
    _precheck(path, FileKind.PNG, options)
    with _pil_guard(options, path), Image.open(path) as im:
        _check_size(im, path, options)
    return tiff_frame_count(path) if kind == FileKind.TIFF else 1


def _render_image(path: Path, kind: FileKind, page_no: int, options: OcrOptions) -> RasterPage:
    _precheck(path, kind, options)
    with _pil_guard(options, path), Image.open(path) as im:
        if kind != FileKind.TIFF:
            _check_page_no(path, page_no, 1)
        elif page_no > 1:
            try:
                im.seek(page_no - 1)  # TIFF: only this frame is decoded (no n_frames: it walks every frame)
            except EOFError as exc:
                raise UsageError(f"{path.name} has fewer than {page_no} pages; page {page_no} does not exist.") from exc
        _check_size(im, path, options)
        dpi, assumed = _image_dpi(im)
        if kind == FileKind.PNG and im.mode in ("L", "RGB"):
            fast = _cv2_png(path, im.mode)  # libpng via OpenCV: ~30 % less CPU than PIL + asarray
            if fast is not None:
                return RasterPage(fast, dpi, assumed)
        im.load()
        upright = ImageOps.exif_transpose(im) if kind == FileKind.JPEG else im
        return RasterPage(_to_array(upright), dpi, assumed)


def _cv2_png(path: Path, mode: str) -> np.ndarray | None:
    """Decode an 8-bit grey or RGB PNG with OpenCV (size already checked); None if it declines."""
    try:
        data = np.fromfile(str(path), dtype=np.uint8)
    except OSError as exc:
        raise CorruptFileError(f"{path.name} could not be read: {exc}") from exc
    arr = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if arr is None or arr.dtype != np.uint8:
        return None
    if mode == "L" and arr.ndim == 2:
        return arr
    if mode == "RGB" and arr.ndim == 3 and arr.shape[2] == 3:
        return _maybe_gray(cv2.cvtColor(arr, cv2.COLOR_BGR2RGB))
    return None


# ---------------------------------------------------------------- public


def _check_page_no(path: Path, page_no: int, n: int) -> None:
    if not 1 <= page_no <= n:
        raise UsageError(f"{path.name} has {n} page(s); page {page_no} does not exist.")


def count_pages(path: Path, kind: FileKind, options: OcrOptions | None = None) -> int:
    """Number of pages (PDF pages, TIFF frames; 1 for PNG/JPEG) without decoding any pixels.
    An image above ``options.max_pixels`` raises TooLargeError here, before any work is queued."""
    path = Path(path)
    if kind == FileKind.PDF:
        return _pdf_page_count(path)
    if kind in _IMAGE_KINDS:
        return _image_frames(path, kind, options or OcrOptions())
    raise UsageError(f"count_pages cannot handle {kind}; unpack archives before the OCR stage.")


def render_page(path: Path, kind: FileKind, page_no: int, options: OcrOptions) -> RasterPage:
    """Pixels of one page (1-based)."""
    path = Path(path)
    if kind == FileKind.PDF:
        return _render_pdf_page(path, page_no, options)
    if kind in _IMAGE_KINDS:
        return _render_image(path, kind, page_no, options)
    raise UsageError(f"render_page cannot handle {kind}; unpack archives before the OCR stage.")
