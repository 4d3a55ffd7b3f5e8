"""The pipeline's steps, run by any executor (in-process pool or Celery task).

Each step takes ids, re-reads what it needs, and writes outputs keyed by (sha256, page), so
running it twice overwrites instead of duplicating.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from classify.bundle import BundleAnalysis, BundlePage, FileGroup, analyse_bundle
from classify.extract import extract_entities
from classify.taxonomy import UNKNOWN
from domain.errors import (
    DependencyError,
    InputError,
    NotFoundError,
    PageTimeoutError,
    SanchikaError,
    TransientError,
)
from domain.status import PageStatus, Role
from domain.types import Classification, Entities, FileKind, PageText, Word, shallow_fields
from ocr.pdfa import archival_pdf
from ocr.quality import is_unreadable
from ocr.read import load_pdf_stage, read_page
from storage import keys, rescans

from .context import WorkerContext
from .document_pdf import page_forms, pages_pdf
from .jobs import DocumentOutcome, PageJob, PageOutcome
from .retry import process_stopping

load_pdf_stage()  # before any pool or page process is forked: they share it (inbox files are PDFs too)

log = logging.getLogger(__name__)


def ocr_page(ctx: WorkerContext, job: PageJob) -> PageOutcome:
    """Read one page (trusted text layer or OCR) and store its text and one-page PDF.

    Bad input and timeouts fail this page only; transient storage/db errors propagate so the
    executor can retry.
    """
    doc_id, sha, page_no = job.document_id, job.sha256, job.page_no
    path = ctx.store.local_path(keys.original(sha))
    try:
        result = read_page(path, FileKind(job.kind), page_no, ctx.config.ocr)
    except (InputError, PageTimeoutError) as exc:
        err = _operator_words(ctx, doc_id, page_no, path, exc)
        ctx.catalog.fail_page(doc_id, page_no, err)
        return PageOutcome(doc_id, page_no, False, err.code, err.message)
    except (TransientError, DependencyError):
        raise
    except Exception as exc:  # noqa: BLE001 - a decoder crashing on one page must not stop the batch
        if process_stopping():
            raise  # the pool process is being stopped (workers.retry.process_stopping): not the page's fault
        log.exception("page %s of %s could not be read", page_no, doc_id)
        err = InputError(f"page {page_no} could not be read ({type(exc).__name__}: {exc}); rescan this page.", code="page.unreadable")
        ctx.catalog.fail_page(doc_id, page_no, err)
        return PageOutcome(doc_id, page_no, False, err.code, err.message)
    if result.pdf is not None:
        ctx.store.put_bytes(keys.page_pdf(sha, page_no), result.pdf, "application/pdf")
    ctx.store.put_bytes(keys.page_text(sha, page_no), _page_json(result.text), "application/json")
    ctx.catalog.save_page(doc_id, result.text)
    return PageOutcome(doc_id, page_no, True)


def fail_document(ctx: WorkerContext, doc_id: str, err: SanchikaError) -> None:
    """The document failed, and with it the batch items waiting on it (one transaction)."""
    ctx.catalog.fail_document(doc_id, err)


def _operator_words(ctx: WorkerContext, doc_id: str, page_no: int, path: Path, exc: SanchikaError) -> SanchikaError:
    """The error with the stored object's path and name replaced by the name the operator gave the
    file, and the page named when the message does not say it."""
    try:
        name = Path(str(ctx.catalog.document(doc_id).get("name") or "")).name or "the file"
    except Exception:  # noqa: BLE001 - the message is worth less than the failure it reports
        name = "the file"
    exc = exc.relabel(path, name)
    if f"page {page_no}" not in exc.message.lower():
        exc = type(exc)(f"Page {page_no}: {exc.message}", code=exc.code)
    return exc


def complete_document(ctx: WorkerContext, doc_id: str) -> DocumentOutcome:
    """Find the bundle's parts and page roles, classify, extract, link into digital files,
    assemble the searchable PDF, index. Running it again replaces what it wrote."""
    doc = ctx.catalog.document(doc_id)
    rows = doc["page_rows"]
    done = [r for r in rows if r["status"] == PageStatus.DONE]
    failed = [r for r in rows if r["status"] == PageStatus.FAILED]
    if not done:
        first = failed[0] if failed else None
        err = SanchikaError(
            first["error_message"] if first else "the file has no pages.",
            code=first["error_code"] if first else "input.no_pages",
        )
        fail_document(ctx, doc_id, err)
        rescans.settle(ctx.engine, doc_id, False)
        return DocumentOutcome(doc_id, False, pages_failed=len(failed), error_code=err.code, error_message=err.message)

    sha = doc["sha256"]
    hints = ctx.catalog.batch_hints(doc["batch_id"])
    bundle = analyse_bundle([_bundle_page(ctx, sha, r) for r in done], review_below=ctx.config.boundary_review_below)
    corrected_number = ctx.catalog.corrected_file_number(doc_id)
    if corrected_number and bundle.groups:  # an operator's file number outranks separator, cover, hint and text
        bundle = replace(bundle, groups=(replace(bundle.groups[0], file_number=corrected_number), *bundle.groups[1:]))
    content = [r for r in done if r["page_no"] in bundle.content_pages]  # blank and separator pages: kept, never indexed or counted
    # a page whose best reading is garbage is in the review queue; its text is kept, not indexed or classified
    readable = [r for r in content if not is_unreadable(r.get("quality_reasons"))]
    full_text = "\n\n".join(r["text"] or "" for r in readable)
    cls = _with_hint(ctx.classifier.classify(full_text), hints.get("department"), ctx.config.department_review_below)
    corrected = ctx.catalog.corrected_department(doc_id)
    if corrected and corrected != cls.department:  # an operator's correction outlives a re-run (retry, requeue, rescan)
        cls = replace(cls, department=corrected, method=f"{cls.method}+correction",
                      evidence=(*cls.evidence, f"corrected by an operator to {corrected}"))
    entities = extract_entities(full_text)

    files: list[tuple[int, FileGroup]] = []
    for i, group in enumerate(bundle.groups):
        files.append((_link_group(ctx, doc, i, group, bundle, cls, entities, hints), group))
    file_id = files[0][0]
    first_cover = bundle.groups[0].cover if bundle.groups else None
    file_number = _group_file_number(0, bundle.groups[0], entities, hints) if bundle.groups else entities.file_number
    if file_number and file_number != entities.file_number:  # the separator, cover or hint wins over the text
        entities = replace(entities, file_numbers=(file_number, *(n for n in entities.file_numbers if n != file_number)))
    if first_cover and first_cover.subject and not entities.subject:
        entities = replace(entities, subject=first_cover.subject)

    # PDF/A-2b when the validator approves it, or when every page is of a tested own form (docs/pdfa.md)
    archival = archival_pdf(pages_pdf(ctx.store, sha, done), forms=page_forms(done), validation=ctx.config.pdfa_validate)
    if not archival.pdfa:
        log.info("document %s: its PDF is not PDF/A (%s)", doc_id, "; ".join(archival.problems[:3]))
    ctx.store.put_bytes(keys.document_pdf(sha), archival.pdf, "application/pdf")
    ctx.store.put_bytes(
        keys.document_text(sha),
        json.dumps({"document_id": doc_id, "pages": [{"page": r["page_no"], "text": r["text"]} for r in done]}, ensure_ascii=False).encode(),
        "application/json",
    )
    ctx.index.index_document(doc_id, [(r["page_no"], r["text"] or "") for r in readable], department=cls.department)
    part_files = {p.seq: fid for fid, g in files for p in g.parts}
    ctx.catalog.save_bundle(doc_id, bundle, part_files)
    ctx.catalog.finish_document(doc_id, cls, entities, file_id)  # its batch items settle with it
    if rescans.settle(ctx.engine, doc_id, True):  # a page replaced by a new scan: a failed input of it is done now
        ctx.catalog.revive_items(doc_id)
    separators = sum(1 for r in done if r.get("separator") or bundle.roles[r["page_no"]].role == Role.SEPARATOR)
    return DocumentOutcome(doc_id, True, cls.department, cls.confidence, entities.file_number, len(content), len(failed),
                           len(done) - len(content) - separators, separators)


def _bundle_page(ctx: WorkerContext, sha: str, row: dict[str, Any]) -> BundlePage:
    """A stored page as the bundle analysis sees it (words with boxes from the page's text JSON)."""
    layout = row.get("layout") or {}
    words: tuple[Word, ...] = ()
    if row.get("source") == "ocr" and not row.get("blank"):
        try:
            data = json.loads(ctx.store.get_bytes(keys.page_text(sha, row["page_no"])))
            words = tuple(_word_from_json(w) for w in data.get("words", ()))
        except (KeyError, ValueError, TypeError, NotFoundError):
            words = ()  # top/bottom of the page then come from its lines
    return BundlePage(
        page_no=row["page_no"], text=row["text"] or "", words=words, height=row.get("height") or None,
        blank=bool(row.get("blank")), separator=bool(row.get("separator")),
        separator_file_number=row.get("separator_file_number"), ruled_lines=layout.get("ruled_lines"),
        vertical_rules=layout.get("vertical_rules"), ink=layout.get("ink"), image_hash=layout.get("image_hash"),
    )


def _with_hint(cls: Classification, department: str | None, sure_from: float) -> Classification:
    """The operator's department hint decides when the classifier cannot: its answer is ``unknown``
    or less sure than the review threshold ``sure_from`` (SANCHIKA_DEPARTMENT_REVIEW_BELOW, the
    confidence under which no document is filed without a person, ADR 0024; its confidence is kept,
    so such a document still waits in the review queue). When the classifier is sure of another
    department the text wins and the hint is noted as evidence."""
    if not department:
        return cls
    if cls.department == UNKNOWN or (cls.department != department and cls.confidence < sure_from):
        return replace(cls, department=department, method=f"{cls.method}+hint",
                       evidence=(*cls.evidence, f"operator's hint: {department}"))
    if cls.department != department:
        return replace(cls, evidence=(*cls.evidence, f"operator's hint was {department}"))
    return cls


def _group_file_number(i: int, group: FileGroup, entities: Entities, hints: dict[str, Any]) -> str | None:
    """A file group's number: the separator's code, then the cover, then (first group only) the
    operator's hint and the first file number in the text."""
    if group.file_number:
        return group.file_number
    if group.cover and group.cover.file_number:
        return group.cover.file_number
    if i == 0:
        return hints.get("file_number") or entities.file_number
    return None


def _link_group(ctx: WorkerContext, doc: dict[str, Any], i: int, group: FileGroup, bundle: BundleAnalysis,
                cls: Classification, entities: Entities, hints: dict[str, Any]) -> int:
    """The digital file one group of parts belongs to (created if new). Volumes of one file
    number are kept apart: their key ends with ``:v<n>``."""
    number = _group_file_number(i, group, entities, hints)
    cover = group.cover
    volume = cover.volume if cover and cover.volume and cover.volume > 1 else None
    department = cls.department
    if len(bundle.groups) > 1:  # several files in one bundle: each is classified on its own text
        department = _with_hint(ctx.classifier.classify(_group_text(doc, group, bundle)), hints.get("department"),
                                ctx.config.department_review_below).department
    if number:
        key = f"fn:{number}" + (f":v{volume}" if volume else "")
        title = (cover.subject if cover else None) or entities.subject or number
    elif doc["grp"]:
        key, title = f"group:{doc['batch_id']}:{doc['grp']}", doc["grp"]
    else:
        key = f"doc:{doc['id']}" + (f":{i + 1}" if i else "")
        title = (cover.subject if cover else None) or entities.subject or Path(doc["name"]).name
    details = None
    if cover:
        details = {k: v for k, v in {"subject": cover.subject, "section": cover.section,
                                     "opening_year": cover.opening_year, "stated_pages": cover.stated_pages,
                                     "cover_department": cover.department,
                                     "file_number_problems": list(cover.file_number_problems)}.items() if v}
    return ctx.catalog.link_file(key, number, title, department, location=hints.get("location") or None,
                                 volume=volume, details=details)


def _group_text(doc: dict[str, Any], group: FileGroup, bundle: BundleAnalysis) -> str:
    wanted = set(group.pages) & bundle.content_pages
    return "\n\n".join(r["text"] or "" for r in doc["page_rows"] if r["page_no"] in wanted)


def _word_from_json(w: dict[str, Any]) -> Word:
    """One word as :func:`_page_json` stores it (a box of other than 4 numbers: ValueError)."""
    left, top, width, height = (int(v) for v in w["box"])
    return Word(w["text"], left, top, width, height, float(w["conf"]), int(w.get("line", 0)))


def _page_json(page: PageText) -> bytes:
    data = shallow_fields(page)  # not asdict(): it deep-copies every word box (~3 ms a page)
    data["source"] = page.source.value
    data["flag"] = page.flag.value if page.flag else ""  # stored as before PageFlag: "" when none
    data["words"] = [
        {"text": w.text, "box": [w.left, w.top, w.width, w.height], "conf": round(w.confidence, 3), "line": w.line}
        for w in page.words
    ]
    return json.dumps(data, ensure_ascii=False).encode()
