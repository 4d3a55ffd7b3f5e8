"""Page images for viewers (the web app): one page rendered at a viewer resolution as PNG bytes.
The web API caches them under ``storage.keys.page_png``; a replaced page (workers.rescan) writes
its new image over the cached one.
"""

from __future__ import annotations

import io
from dataclasses import replace

from domain.types import FileKind
from ocr.options import OcrOptions
from storage.objects import ObjectStore

VIEW_DPI = 110  # A4 at ~910 x 1290 px: readable on screen, small enough to load fast
MAX_SIDE = 1600  # scans (PNG/JPEG/TIFF) keep their pixels; larger ones are scaled down


def render_view_png(store: ObjectStore, key: str, kind: FileKind, page_no: int) -> bytes:
    """Page ``page_no`` of the stored object ``key`` (a PDF or image of ``kind``) as a PNG."""
    from PIL import Image

    from ocr.rasterise import render_page

    raster = render_page(store.local_path(key), kind, page_no, replace(OcrOptions(), dpi=VIEW_DPI))
    image = Image.fromarray(raster.image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
