"""The batch report: every input of a batch, accounted for."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from domain.status import ItemStatus


@dataclass(frozen=True)
class FileReport:
    path: str
    sha256: str | None
    status: str  # ItemStatus: done | duplicate | failed
    document_id: str | None
    pages: int
    department: str | None
    confidence: float | None
    file_number: str | None
    error: dict[str, str] | None
    pages_failed: int = 0
    pages_blank: int = 0  # kept and flagged, not indexed or counted as content
    pages_separator: int = 0  # separator sheets: kept and flagged, not content


@dataclass(frozen=True)
class BatchReport:
    batch_id: str
    files: list[FileReport]
    pages_total: int
    seconds: float
    page_errors: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(f.status for f in self.files)

    def departments(self) -> Counter[str]:
        return Counter(f.department or "unknown" for f in self.files if f.status == ItemStatus.DONE)

    def to_json(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "files": [
                {"path": f.path, "sha256": f.sha256, "status": f.status, "document_id": f.document_id,
                 "pages": f.pages, "department": f.department, "confidence": f.confidence,
                 "file_number": f.file_number, "error": f.error, "pages_failed": f.pages_failed,
                 "pages_blank": f.pages_blank, "pages_separator": f.pages_separator}
                for f in self.files
            ],
            "pages_total": self.pages_total,
            "pages_blank": sum(f.pages_blank for f in self.files),
            "pages_separator": sum(f.pages_separator for f in self.files),
            "seconds": round(self.seconds, 3),
            "page_errors": self.page_errors,
        }
