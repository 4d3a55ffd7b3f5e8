"""The scanning room's rescan list, for the web API and the CLI (`sanchika rescans`): the rows of
storage.rescans.rescan_list, and the same as CSV.

A row's ``reason`` is the operator's words for a marked page, else the stage's: the error code of
a page that could not be read (``page.unreadable``, ...) or ``needs_rescan`` with the quality
reasons (ocr/quality.py).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from domain.status import RescanKind

CSV_COLUMNS = ["location", "batch", "batch_id", "document", "document_id", "page", "file_number", "kind", "reason",
               "marked_by", "marked_at"]


def reason_of(row: dict[str, Any]) -> str:
    """What to tell the scanning room about a row, in a few words."""
    if row["kind"] == RescanKind.MARKED:
        return str(row["reason"] or "")
    if row["kind"] == RescanKind.FAILED:
        return f"{row['error_code'] or 'failed'}: {row['reason']}".rstrip(": ")
    return RescanKind.NEEDS_RESCAN + (": " + "; ".join(row["quality_reasons"]) if row["quality_reasons"] else "")


def rescans_csv(rows: list[dict[str, Any]]) -> str:
    """One line per page to rescan; starts with a BOM so spreadsheet programs read Hindi as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([r["location"], r["batch_name"], r["batch_id"], r["name"], r["document_id"], r["page"],
                         r["file_number"] or "", r["kind"], reason_of(r), r["marked_by"] or "",
                         r["marked_at"].isoformat() if r["marked_at"] else ""])
    return "\ufeff" + out.getvalue()
