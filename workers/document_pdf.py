"""The searchable PDF of some pages of a stored document, built the way the document step builds
the whole document's PDF: a trusted text-layer page is reused from the original file as is, every
other page is its stored one-page PDF (image + invisible text, or a converted text layer's page),
joined in order by ``ocr.searchable_pdf.assemble_pdf``.

    pdf = pages_pdf(store, sha, page_rows)     # rows: dicts with page_no, source, steps (status done)
    forms = page_forms(page_rows)              # each page's form for ocr.pdfa.archival_pdf

A page's stored PDF names its form in the page's steps (``pdf:<form>``, from ``PageResult.pdf_form``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from domain.types import TextSource
from ocr.pdfa import FORM_STEP
from ocr.searchable_pdf import Part, assemble_pdf
from storage import keys
from storage.objects import ObjectStore


def page_form(row: Mapping[str, Any]) -> str:
    """The form of the page's stored PDF as its producer named it; "" when no step says (a page
    read before forms were named) or when the original page is reused as is."""
    return next((s[len(FORM_STEP):] for s in row.get("steps") or () if str(s).startswith(FORM_STEP)), "")


def page_forms(rows: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    return tuple(page_form(r) for r in rows)


def page_parts(store: ObjectStore, sha: str, rows: Sequence[Mapping[str, Any]]) -> list[Part]:
    """``assemble_pdf`` parts of these (done) pages of the document with content ``sha``."""
    original: Path | None = None
    parts: list[Part] = []
    for r in rows:
        if r["source"] == TextSource.TEXTLAYER.value and not page_form(r):
            if original is None:
                original = store.local_path(keys.original(sha))
            parts.append((original, int(r["page_no"])))
        else:
            parts.append(store.get_bytes(keys.page_pdf(sha, int(r["page_no"]))))
    return parts


def pages_pdf(store: ObjectStore, sha: str, rows: Sequence[Mapping[str, Any]]) -> bytes:
    return assemble_pdf(page_parts(store, sha, rows))
