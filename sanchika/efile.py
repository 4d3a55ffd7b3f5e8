"""Digital files as e-Office sees them: the list of files, one file's documents with page roles,
and the eFile migration package (docs/efile-export.md).

    list_files(engine)                          -> [{file_number, title, department, documents, pages}]
    file_detail(engine, "245/भू-अभि/2018")       -> the file, its documents in order, each page's role
    export_efile(ctx, ["245/..."], out_dir)     -> [{file_number, path, documents, excluded}]

Page roles come from ``classify.page_roles`` over the stored page text (blank pages from the OCR
stage's flag). A document's pages are cut into role runs — consecutive content pages with the same
role — and each run becomes one PDF of the package; blank pages are left out (listed under
``excluded``) and do not break a run (a blank back between two pages of one letter).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, or_, select

from classify.page_roles import CONTENT_ROLES, classify_page, page_features
from domain.errors import NotFoundError
from storage.schema import batches, digital_files, documents, pages


def list_files(engine: Engine) -> list[dict[str, Any]]:
    """Every digital file with its finished documents' and pages' counts, by file number."""
    stats = (select(documents.c.digital_file_id.label("fid"), func.count().label("n_docs"),
                    func.coalesce(func.sum(documents.c.pages), 0).label("n_pages"))
             .where(documents.c.status == "done").group_by(documents.c.digital_file_id).subquery())
    q = (select(digital_files.c.id, digital_files.c.key, digital_files.c.file_number, digital_files.c.title,
                digital_files.c.department, func.coalesce(stats.c.n_docs, 0), func.coalesce(stats.c.n_pages, 0))
         .select_from(digital_files.outerjoin(stats, stats.c.fid == digital_files.c.id))
         .order_by(digital_files.c.file_number.is_(None), digital_files.c.file_number, digital_files.c.id))
    with engine.connect() as c:
        return [{"id": r[0], "key": r[1], "file_number": r[2], "title": r[3], "department": r[4],
                 "documents": int(r[5]), "pages": int(r[6])} for r in c.execute(q)]


def _find_file(engine: Engine, file_no: str) -> dict[str, Any]:
    """The digital file with this file number (or key, for files without a number)."""
    with engine.connect() as c:
        row = c.execute(select(digital_files).where(or_(digital_files.c.file_number == file_no,
                                                        digital_files.c.key == file_no))
                        .order_by(digital_files.c.id)).first()
    if row is None:
        raise NotFoundError(f"no digital file {file_no!r}: `sanchika files` lists file numbers.")
    return dict(row._mapping)


def page_role(row: dict[str, Any]) -> dict[str, Any]:
    """Role of one stored page row (text, blank flag, status)."""
    if row["status"] != "done":
        return {"role": None, "confidence": None, "reasons": [f"page {row['status']}"]}
    role = classify_page(page_features(row["text"] or "", blank=bool(row.get("blank")) or None))
    return {"role": role.role, "confidence": round(role.confidence, 3), "reasons": list(role.reasons)}


def file_detail(engine: Engine, file_no: str) -> dict[str, Any]:
    """The file, its finished documents in order (created, then id) and, per
    document, its pages with their roles. NotFoundError for an unknown file number."""
    f = _find_file(engine, file_no)
    with engine.connect() as c:
        doc_rows = [dict(r._mapping) for r in c.execute(
            select(documents, batches.c.operator).join(batches, batches.c.id == documents.c.batch_id)
            .where(documents.c.digital_file_id == f["id"], documents.c.status == "done")
            .order_by(documents.c.created_at, documents.c.id))]  # the order storage.library uses
        page_rows = [dict(r._mapping) for r in c.execute(
            select(pages).where(pages.c.document_id.in_([d["id"] for d in doc_rows]))
            .order_by(pages.c.document_id, pages.c.page_no))]
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for p in page_rows:
        by_doc.setdefault(p["document_id"], []).append(p)
    docs = []
    for d in doc_rows:
        prs = []
        for p in by_doc.get(d["id"], []):
            prs.append({"page_no": p["page_no"], "status": p["status"], "source": p["source"],
                        "confidence": p["confidence"], "blank": bool(p["blank"]), "flag": p["flag"],
                        "text": p["text"], **page_role(p)})
        docs.append({"id": d["id"], "name": d["name"], "sha256": d["sha256"], "batch_id": d["batch_id"],
                     "operator": d["operator"] or "", "department": d["department"], "confidence": d["confidence"],
                     "file_number": d["file_number"], "pages": d["pages"],
                     "subject": (d["entities"] or {}).get("subject") or "", "page_roles": prs})
    return {"id": f["id"], "key": f["key"], "file_number": f["file_number"], "title": f["title"],
            "department": f["department"], "documents": docs}


def role_runs(page_roles: Sequence[dict[str, Any]]) -> tuple[list[tuple[str, list[dict[str, Any]]]], list[dict[str, Any]]]:
    """(runs of consecutive content pages with one role, excluded pages). A blank or separator
    page is excluded and does not end a run; a failed page (no PDF) is excluded and ends it."""
    runs: list[tuple[str, list[dict[str, Any]]]] = []
    excluded: list[dict[str, Any]] = []
    current: tuple[str, list[dict[str, Any]]] | None = None
    for p in page_roles:
        role = p["role"]
        if role is None or role not in CONTENT_ROLES:
            excluded.append(p)
            if role is None:
                current = None
            continue
        if current is not None and current[0] == role:
            current[1].append(p)
        else:
            current = (role, [p])
            runs.append(current)
    return runs, excluded


def _mean_confidence(rows: Iterable[dict[str, Any]]) -> float | None:
    """Mean OCR confidence (0..1) of the OCR pages; None when every page had a trusted text layer."""
    vals = [float(r["confidence"]) for r in rows if r["source"] == "ocr" and r["confidence"] is not None]
    if not vals:
        return None
    return statistics.fmean(vals)


def efile_spec(engine: Engine, store: Any, file_no: str):  # type: ignore[no-untyped-def]
    """The EFileSpec of one digital file, from the database and the object store."""
    from workers.document_pdf import pages_pdf
    from workers.efile_export import EFileDocument, EFileSpec

    f = file_detail(engine, file_no)
    if not f["documents"]:
        raise NotFoundError(f"digital file {file_no!r} has no finished documents to export.")
    out: list[EFileDocument] = []
    for d in f["documents"]:
        runs, excluded = role_runs(d["page_roles"])
        for p in excluded:
            out.append(EFileDocument(role=p["role"] if p["role"] in ("blank", "separator") else "blank",
                                     source_pages=(p["page_no"],), pdf=b"", source_sha256=d["sha256"],
                                     digitised_by=d["operator"]))
        for role, rows in runs:
            out.append(EFileDocument(
                role=role, source_pages=tuple(r["page_no"] for r in rows), pdf=pages_pdf(store, d["sha256"], rows),
                source_sha256=d["sha256"], ocr_confidence=_mean_confidence(rows), digitised_by=d["operator"],
                title=d["subject"][:200]))
    number = f["file_number"] or f["key"]
    department = f["department"] or next((d["department"] for d in f["documents"] if d["department"]), None) or "unknown"
    return EFileSpec(file_number=number, subject=f["title"] or "", department=department, documents=tuple(out))


def export_efile(engine: Engine, store: Any, file_numbers: Sequence[str], out_dir: Path) -> list[dict[str, Any]]:
    """Write one package per file under ``out_dir``; every file number is checked before any is written."""
    from workers.efile_export import write_efile_package

    specs = [efile_spec(engine, store, n) for n in file_numbers]
    results = []
    for spec in specs:
        path = write_efile_package(spec, out_dir)
        results.append({"file_number": spec.file_number, "path": str(path),
                        "documents": sum(1 for d in spec.documents if d.role in CONTENT_ROLES),
                        "excluded": sum(1 for d in spec.documents if d.role not in CONTENT_ROLES)})
    return results
