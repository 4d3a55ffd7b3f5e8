"""The pipeline's steps, run by any executor (in-process pool or Celery task).

Each step takes ids, re-reads what it needs, and writes outputs keyed by (sha256, page), so
running it twice overwrites instead of duplicating.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from classify.extract import extract_entities
from domain.errors import DependencyError, InputError, PageTimeoutError, SanchikaError, TransientError
from domain.types import FileKind, PageText
from ocr.read import read_page
from storage import keys

from .context import WorkerContext
from .document_pdf import pages_pdf

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageOutcome:
    document_id: str
    page: int
    ok: bool
    error_code: str | None = None
    error_message: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentOutcome:
    document_id: str
    ok: bool
    department: str | None = None
    confidence: float | None = None
    file_number: str | None = None
    pages_done: int = 0  # content pages (blank pages not counted)
    pages_failed: int = 0
    pages_blank: int = 0  # blank pages: kept in the PDF, flagged, not indexed
    error_code: str | None = None
    error_message: str | None = None


def ocr_page(ctx: WorkerContext, doc_id: str, sha: str, kind: str, page_no: int) -> PageOutcome:
    """Read one page (trusted text layer or OCR) and store its text and one-page PDF.

    Bad input and timeouts fail this page only; transient storage/db errors propagate so the
    executor can retry.
    """
    path = ctx.store.local_path(keys.original(sha))
    try:
        result = read_page(path, FileKind(kind), page_no, ctx.config.ocr)
    except (InputError, PageTimeoutError) as exc:
        exc = exc.relabel(path.name, f"the file (page {page_no})")
        ctx.catalog.fail_page(doc_id, page_no, exc)
        return PageOutcome(doc_id, page_no, False, exc.code, exc.message)
    except (TransientError, DependencyError):
        raise
    except Exception as exc:  # noqa: BLE001 - a decoder crashing on one page must not stop the batch
        log.exception("page %s of %s could not be read", page_no, doc_id)
        err = InputError(f"page {page_no} could not be read ({type(exc).__name__}: {exc}); rescan this page.", code="page.unreadable")
        ctx.catalog.fail_page(doc_id, page_no, err)
        return PageOutcome(doc_id, page_no, False, err.code, err.message)
    if result.pdf is not None:
        ctx.store.put_bytes(keys.page_pdf(sha, page_no), result.pdf, "application/pdf")
    ctx.store.put_bytes(keys.page_text(sha, page_no), _page_json(result.text), "application/json")
    ctx.catalog.save_page(doc_id, result.text)
    return PageOutcome(doc_id, page_no, True)


def complete_document(ctx: WorkerContext, doc_id: str) -> DocumentOutcome:
    """Classify, extract, link into a digital file, assemble the searchable PDF, index."""
    doc = ctx.catalog.document(doc_id)
    rows = doc["page_rows"]
    done = [r for r in rows if r["status"] == "done"]
    failed = [r for r in rows if r["status"] == "failed"]
    if not done:
        first = failed[0] if failed else None
        err = SanchikaError(
            first["error_message"] if first else "the file has no pages.",
            code=first["error_code"] if first else "input.no_pages",
        )
        ctx.catalog.fail_document(doc_id, err)
        ctx.catalog.settle_items(doc_id, False, err)
        return DocumentOutcome(doc_id, False, pages_failed=len(failed), error_code=err.code, error_message=err.message)

    content = [r for r in done if not r.get("blank")]  # blank pages: kept, never indexed or counted
    full_text = "\n\n".join(r["text"] or "" for r in content)
    cls = ctx.classifier.classify(full_text)
    entities = extract_entities(full_text)
    sha = doc["sha256"]

    if entities.file_number:
        key, title = f"fn:{entities.file_number}", entities.subject or entities.file_number
    elif doc["grp"]:
        key, title = f"group:{doc['batch_id']}:{doc['grp']}", doc["grp"]
    else:
        key, title = f"doc:{doc_id}", entities.subject or Path(doc["name"]).name
    file_id = ctx.catalog.link_file(key, entities.file_number, title, cls.department)

    ctx.store.put_bytes(keys.document_pdf(sha), pages_pdf(ctx.store, sha, done), "application/pdf")
    ctx.store.put_bytes(
        keys.document_text(sha),
        json.dumps({"document_id": doc_id, "pages": [{"page": r["page_no"], "text": r["text"]} for r in done]}, ensure_ascii=False).encode(),
        "application/json",
    )
    ctx.index.index_document(doc_id, [(r["page_no"], r["text"] or "") for r in content])
    ctx.catalog.finish_document(doc_id, cls, entities, file_id)
    ctx.catalog.settle_items(doc_id, True)
    return DocumentOutcome(doc_id, True, cls.department, cls.confidence, entities.file_number, len(content), len(failed),
                           len(done) - len(content))


def _page_json(page: PageText) -> bytes:
    data = asdict(page)
    data["source"] = page.source.value
    data["words"] = [
        {"text": w.text, "box": [w.left, w.top, w.width, w.height], "conf": round(w.confidence, 3), "line": w.line}
        for w in page.words
    ]
    return json.dumps(data, ensure_ascii=False).encode()
