"""The e-Office (NIC eFile) migration package of one digital file: a pure function over bytes.

    path = write_efile_package(spec, out_dir)     # out_dir/fl-<safe file number>/...
    problems = validate_efile_package(path)       # [] when the package follows the rules

Layout (docs/efile-export.md explains the mapping and its limits)::

    fl-12_3_2019-Estt/
        Notes/001-notesheet-p0002-0005.pdf       notesheet
        Receipts/002-receipt-p0006-0007.pdf      receipt
        Issues/003-issue-p0008-0008.pdf          issue, order
        References/004-annexure-p0009-0010.pdf   annexure, cover
        manifest.json                            sorted keys, UTF-8, no timestamps unless given
        manifest.csv                             one row per PDF, fixed column order

Blank and separator pages are not exported (they are listed under ``excluded``). Every PDF is
rewritten by ``ocr.pdfa.archival_pdf``: document info dates and old XMP removed, a content-derived
``/ID`` (the same content gives the same bytes), and PDF/A-2b (identification, sRGB output intent)
when the PDF/A validator approves the result — else the PDF stays plain and the manifest says so
(``pdfa: null`` and the findings). This module only writes files: no database, no queue.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from classify.cover import efile_safe_name, is_efile_safe
from domain.errors import UsageError
from domain.status import CONTENT_ROLES, Role
from ocr.pdfa import archival_pdf

FOLDER_OF_ROLE: dict[str, str] = {
    Role.NOTESHEET: "Notes",
    Role.RECEIPT: "Receipts",
    Role.ISSUE: "Issues",
    Role.ORDER: "Issues",
    Role.ANNEXURE: "References",
    Role.COVER: "References",
}
EXCLUDED_ROLES = frozenset(Role) - CONTENT_ROLES
FOLDERS = ("Notes", "Receipts", "Issues", "References")
MANIFEST_FORMAT = "sanchika-efile/1"
CSV_COLUMNS = (
    "seq", "path", "folder", "role", "pages", "source_pages", "source_sha256", "sha256",
    "ocr_confidence", "department", "digitised_by", "verified_by",
)
_NAME_RE = regex.compile(r"[A-Za-z0-9()\-_]+(?:\.(?:pdf|json|csv))?")


@dataclass(frozen=True, slots=True)
class EFileDocument:
    role: str  # a page role: notesheet, receipt, issue, order, annexure, cover (blank/separator: excluded)
    source_pages: tuple[int, ...]  # 1-based page numbers in the scanned bundle
    pdf: bytes  # the document's searchable PDF
    source_sha256: str  # SHA-256 of the bundle (original file) the pages came from
    ocr_confidence: float | None = None  # mean 0..1; None for trusted text layers
    digitised_by: str = ""
    verified_by: str = ""
    title: str = ""  # e.g. the letter's subject; goes into the PDF's metadata


@dataclass(frozen=True, slots=True)
class EFileSpec:
    file_number: str
    subject: str
    department: str  # taxonomy key
    location: str = ""  # physical location: box / almirah / rack
    documents: tuple[EFileDocument, ...] = ()
    volume: int | None = None
    exported_at: str | None = None  # written into the manifest only when given (ISO text)
    extra: dict[str, str] = field(default_factory=dict)  # more manifest fields (sorted on output)


def _pages_label(pages: Sequence[int]) -> str:
    return f"p{min(pages):04d}-{max(pages):04d}" if pages else "p0000-0000"


def _csv_bytes(rows: list[dict[str, object]]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: row.get(k, "") for k in CSV_COLUMNS})
    return buf.getvalue().encode()


def write_efile_package(file: EFileSpec, out_dir: Path) -> Path:
    """Write (or rewrite) ``out_dir/fl-<safe file number>/`` and return its path.

    A previous package of the same file is replaced whole (built beside it, then swapped in), so
    a removed document leaves no stale PDF behind. Identical content gives identical bytes.
    """
    if not file.documents:
        raise UsageError(f"File {file.file_number} has no documents to export.")
    name = efile_safe_name(file.file_number) + (f"-vol({file.volume})" if file.volume and file.volume > 1 else "")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / name
    part = out_dir / f".{name}.part"
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir()
    docs, excluded, rows = [], [], []
    seq = 0
    for doc in file.documents:
        if doc.role in EXCLUDED_ROLES:
            excluded.append({"role": doc.role, "source_pages": list(doc.source_pages), "source_sha256": doc.source_sha256})
            continue
        folder = FOLDER_OF_ROLE.get(doc.role)
        if folder is None:
            raise UsageError(f"Unknown document role {doc.role!r}; use one of {', '.join(sorted(FOLDER_OF_ROLE))}.")
        seq += 1
        archival = archival_pdf(doc.pdf, title=doc.title)
        data, n_pages = archival.pdf, archival.pages
        fname = f"{seq:03d}-{doc.role}-{_pages_label(doc.source_pages)}.pdf"
        (part / folder).mkdir(exist_ok=True)
        (part / folder / fname).write_bytes(data)
        entry: dict[str, object] = {
            "seq": seq,
            "path": f"{folder}/{fname}",
            "folder": folder,
            "role": doc.role,
            "pages": n_pages,
            "source_pages": list(doc.source_pages),
            "source_sha256": doc.source_sha256,
            "sha256": hashlib.sha256(data).hexdigest(),
            "ocr_confidence": None if doc.ocr_confidence is None else round(doc.ocr_confidence, 3),
            "department": file.department,
            "digitised_by": doc.digitised_by,
            "verified_by": doc.verified_by,
            "title": doc.title,
            "pdfa": "2b" if archival.pdfa else None,
        }
        if not archival.pdfa:
            entry["pdfa_problems"] = list(archival.problems[:20])
        docs.append(entry)
        rows.append({**entry, "source_pages": " ".join(map(str, doc.source_pages)),
                     "ocr_confidence": "" if entry["ocr_confidence"] is None else entry["ocr_confidence"]})
    manifest: dict[str, object] = {
        "format": MANIFEST_FORMAT,
        "file": {
            "file_number": file.file_number,
            "folder": name,
            "subject": file.subject,
            "department": file.department,
            "location": file.location,
            "volume": file.volume,
            **dict(sorted(file.extra.items())),
        },
        "documents": docs,
        "excluded": excluded,
        "folders": {k: v for k, v in sorted(FOLDER_OF_ROLE.items())},
    }
    if file.exported_at:
        manifest["exported_at"] = file.exported_at
    (part / "manifest.json").write_bytes(
        (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
    )
    (part / "manifest.csv").write_bytes(_csv_bytes(rows))
    if final.exists():
        shutil.rmtree(final)
    os.replace(part, final)
    return final


def validate_efile_package(path: Path) -> list[str]:
    """Problems with a package folder against the rules above (empty list: valid)."""
    import pikepdf

    path = Path(path)
    problems: list[str] = []
    if not path.is_dir():
        return [f"{path} is not a folder"]
    if not (path.name.startswith("fl-") and is_efile_safe(path.name)):
        problems.append(f"folder name {path.name!r} is not fl- plus letters, digits, ( ) - _")
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path)
        if not _NAME_RE.fullmatch(p.name):
            problems.append(f"{rel}: name uses characters e-Office does not accept")
        if p.is_dir() and (len(rel.parts) > 1 or p.name not in FOLDERS):
            problems.append(f"{rel}: unexpected folder")
        if p.is_file() and len(rel.parts) == 1 and p.name not in ("manifest.json", "manifest.csv"):
            problems.append(f"{rel}: unexpected file at the top")
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [*problems, f"manifest.json unreadable: {exc}"]
    if not (path / "manifest.csv").is_file():
        problems.append("manifest.csv missing")
    else:
        with open(path / "manifest.csv", encoding="utf-8", newline="") as fh:
            csv_paths = [r["path"] for r in csv.DictReader(fh)]
        if csv_paths != [d["path"] for d in manifest.get("documents", [])]:
            problems.append("manifest.csv and manifest.json list different PDFs")
    if manifest.get("file", {}).get("folder") != path.name:
        problems.append("manifest's folder differs from the package folder name")
    listed = set()
    for d in manifest.get("documents", []):
        f = path / d["path"]
        listed.add(d["path"])
        if FOLDER_OF_ROLE.get(d["role"]) != d["folder"] or not d["path"].startswith(d["folder"] + "/"):
            problems.append(f"{d['path']}: role {d['role']} belongs in {FOLDER_OF_ROLE.get(d['role'])}")
        if not f.is_file():
            problems.append(f"{d['path']}: listed but missing")
            continue
        data = f.read_bytes()
        if hashlib.sha256(data).hexdigest() != d["sha256"]:
            problems.append(f"{d['path']}: SHA-256 differs from the manifest")
        try:
            with pikepdf.open(io.BytesIO(data)) as pdf:
                if len(pdf.pages) != d["pages"]:
                    problems.append(f"{d['path']}: {len(pdf.pages)} pages, manifest says {d['pages']}")
                if any(k in pdf.docinfo for k in ("/CreationDate", "/ModDate")):
                    problems.append(f"{d['path']}: carries creation/modification dates")
                meta = pdf.open_metadata()
                claims = meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "B"
                if claims != (d.get("pdfa") == "2b"):
                    problems.append(f"{d['path']}: PDF/A-2b identification {'present' if claims else 'absent'}, "
                                    f"manifest says pdfa {d.get('pdfa')}")
                if claims and "/OutputIntents" not in pdf.Root:
                    problems.append(f"{d['path']}: no output intent")
        except pikepdf.PdfError as exc:
            problems.append(f"{d['path']}: not a readable PDF ({exc})")
        for k in ("source_pages", "source_sha256", "ocr_confidence", "department", "digitised_by", "verified_by"):
            if k not in d:
                problems.append(f"{d['path']}: manifest lacks {k}")
    on_disk = {str(p.relative_to(path)) for p in path.rglob("*.pdf")}
    problems += [f"{p}: PDF not in the manifest" for p in sorted(on_disk - listed)]
    return problems
