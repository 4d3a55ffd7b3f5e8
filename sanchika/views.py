"""Human-readable CLI output (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from domain.status import ItemStatus
from storage.search import MARK_END, MARK_START

from .report import BatchReport

console = Console()


def print_batch_summary(report: BatchReport) -> None:
    counts = report.counts()
    console.print(f"[bold]Batch {report.batch_id}[/]: {counts.get(ItemStatus.DONE, 0)} done, "
                  f"{counts.get(ItemStatus.DUPLICATE, 0)} duplicates, {counts.get(ItemStatus.FAILED, 0)} failed; "
                  f"{report.pages_total} pages in {report.seconds:.1f}s")
    blank, seps = sum(f.pages_blank for f in report.files), sum(f.pages_separator for f in report.files)
    if blank or seps:
        console.print(f"Kept but not counted as content: {blank} blank page(s), {seps} separator sheet(s)")
    deps = report.departments()
    if deps:
        console.print("Departments: " + ", ".join(f"{d} {n}" for d, n in deps.most_common()))
    failed = [f for f in report.files if f.status == ItemStatus.FAILED]
    if failed:
        table = Table("file", "error", "what to do", title="Failed files")
        for f in failed:
            assert f.error is not None
            table.add_row(f.path, f.error["code"], f.error["message"])
        console.print(table)
    if report.page_errors:
        table = Table("file", "page", "error", "message", title="Failed pages")
        for e in report.page_errors:
            table.add_row(str(e["path"]), str(e["page"]), str(e["code"]), str(e["message"]))
        console.print(table)


def _marked(snippet: str) -> Text:
    text = Text()
    rest = snippet
    while MARK_START in rest:
        before, _, after = rest.partition(MARK_START)
        hit, _, rest = after.partition(MARK_END)
        text.append(before)
        text.append(hit, style="bold reverse")
    text.append(rest)
    return text


def print_hits(hits: list[dict[str, Any]], also_matched: list[str] | None = None) -> None:
    if also_matched:
        console.print(f"also matched: {', '.join(also_matched)}  [dim](--exact: only the words as typed)[/]",
                      markup=True, highlight=False)
    if not hits:
        console.print("No matches.")
        return
    for h in hits:
        console.print(f"[bold]{h['document_id']}[/] p.{h['page']}  {h['department'] or 'unknown'}  "
                      f"file {h['file_number'] or '-'}  score {h['score']:.2f}  [dim]{h['name']}[/]")
        console.print(_marked(h["snippet"]))
        console.print()


def print_document(doc: dict[str, Any]) -> None:
    console.print(f"[bold]Document {doc['id']}[/]  {doc['name']}")
    console.print(f"status {doc['status']}  pages {doc['pages']}  department {doc['department'] or 'unknown'} "
                  f"({(doc['confidence'] or 0):.2f})  file number {doc['file_number'] or '-'}")
    ents = doc.get("entities") or {}
    if ents.get("subject"):
        console.print(f"subject: {ents['subject']}")
    if ents.get("dates"):
        console.print("dates: " + ", ".join(ents["dates"]))
    f = doc.get("digital_file")
    if f:
        console.print(f"[bold]Digital file[/] {f['file_number'] or f['title']} ({len(f['documents'])} documents)")
        for m in f["documents"]:
            console.print(f"  {m['id']}  {m['name']}  {m['pages']} pages  {m['department'] or 'unknown'}")
    if doc.get("parts"):
        console.print("[bold]Parts[/] (documents inside the scanned bundle)")
        for part in doc["parts"]:
            review = "  [yellow]review[/]" if part["needs_review"] else ""
            fn = f"  file {part['file_number']}" if part["file_number"] else ""
            console.print(f"  {part['seq']:3d}. {part['role']:10s} pages {part['first_page']}-{part['last_page']}  "
                          f"confidence {part['confidence']:.2f}{fn}{review}")
    for p in doc["pages_detail"]:
        marks = " ".join(x for x in (p.get("role") or "", "blank" if p.get("blank") else "",
                                    f"separator ({p['separator']})" if p.get("separator") else "", p.get("flag") or "") if x)
        console.print(f"\n[bold]--- page {p['page_no']}[/] {p['status']} {p['source'] or ''} conf {(p['confidence'] or 0):.2f}"
                      + (f"  {marks}" if marks else ""), markup=True)
        console.print(p["text"] or (p["error_message"] or ""), markup=False)


def print_batches(rows: list[dict[str, Any]]) -> None:
    table = Table("id", "name", "operator", "status", "files", "created")
    for r in rows:
        table.add_row(r["id"], r["name"], r["operator"], r["status"], str(r["files"]), str(r["created_at"])[:19])
    console.print(table)
