"""Join one-page PDFs (Tesseract's image + invisible text) and reused original pages into one
searchable PDF, in order."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium

from domain.errors import CorruptFileError, UsageError

Part = bytes | tuple[Path, int]


def assemble_pdf(parts: list[Part]) -> bytes:
    """``parts``: PDF bytes (all their pages are taken) or ``(path, page_no)`` (1-based) of an
    original PDF whose page is reused as is (e.g. a trusted text layer)."""
    if not parts:
        raise UsageError("assemble_pdf needs at least one page.")
    out = pdfium.PdfDocument.new()
    sources: dict[Path, pdfium.PdfDocument] = {}
    held: list[pdfium.PdfDocument] = []  # sources must outlive the save
    try:
        for part in parts:
            if isinstance(part, bytes | bytearray):
                try:
                    src = pdfium.PdfDocument(bytes(part))
                except pdfium.PdfiumError as exc:
                    raise CorruptFileError(f"A one-page PDF to assemble is damaged: {exc}") from exc
                held.append(src)
                out.import_pages(src)
            else:
                path, page_no = Path(part[0]), int(part[1])
                if path not in sources:
                    try:
                        sources[path] = pdfium.PdfDocument(str(path))
                    except pdfium.PdfiumError as exc:
                        raise CorruptFileError(f"{path.name} cannot be opened: {exc}") from exc
                src = sources[path]
                if not 1 <= page_no <= len(src):
                    raise UsageError(f"{path.name} has {len(src)} page(s); page {page_no} does not exist.")
                out.import_pages(src, [page_no - 1])
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
        for doc in [*held, *sources.values()]:
            doc.close()
