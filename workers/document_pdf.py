"""The searchable PDF of some pages of a stored document, built the way the document step builds
the whole document's PDF: a trusted text-layer page is reused from the original file as is, an
OCR page is its stored one-page PDF (image + invisible text), joined in order by
``ocr.searchable_pdf.assemble_pdf``.

    pdf = pages_pdf(store, sha, page_rows)     # rows: dicts with page_no, source (status done)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from domain.types import TextSource
from ocr.searchable_pdf import Part, assemble_pdf
from storage import keys
from storage.objects import ObjectStore


def page_parts(store: ObjectStore, sha: str, rows: Sequence[Mapping[str, Any]]) -> list[Part]:
    """``assemble_pdf`` parts of these (done) pages of the document with content ``sha``."""
    original: Path | None = None
    parts: list[Part] = []
    for r in rows:
        if r["source"] == TextSource.TEXTLAYER.value:
            if original is None:
                original = store.local_path(keys.original(sha))
            parts.append((original, int(r["page_no"])))
        else:
            parts.append(store.get_bytes(keys.page_pdf(sha, int(r["page_no"]))))
    return parts


def pages_pdf(store: ObjectStore, sha: str, rows: Sequence[Mapping[str, Any]]) -> bytes:
    return assemble_pdf(page_parts(store, sha, rows))
