"""Page images for the web viewer: rendered once at a viewer resolution and cached in the
object store (``storage.keys.page_png``).

A page that was read is rendered from the document's searchable PDF (upright and deskewed, as
the pipeline left it); a page that failed or is not read yet, from the original.
"""

from __future__ import annotations

from typing import Any

from domain.errors import NotFoundError
from domain.status import DocumentStatus, PageStatus
from domain.types import FileKind
from storage import keys
from storage.objects import ObjectStore
from workers.page_view import render_view_png


def page_png_key(store: ObjectStore, doc: dict[str, Any], page_no: int) -> str:
    """The object key of page ``page_no``'s PNG, rendering and storing it on first use."""
    rows = doc["page_rows"]
    if not 1 <= page_no <= len(rows):
        raise NotFoundError(f"document {doc['id']} has no page {page_no}; it has {len(rows)}.")
    sha = doc["sha256"]
    key = keys.page_png(sha, page_no)
    if store.exists(key):
        return key
    done = [r["page_no"] for r in rows if r["status"] == PageStatus.DONE]
    if doc["status"] == DocumentStatus.DONE and page_no in done and store.exists(keys.document_pdf(sha)):
        source, kind, n = keys.document_pdf(sha), FileKind.PDF, done.index(page_no) + 1
    else:
        source, kind, n = keys.original(sha), FileKind(doc["kind"]), page_no
    store.put_bytes(key, render_view_png(store, source, kind, n), "image/png")
    return key
