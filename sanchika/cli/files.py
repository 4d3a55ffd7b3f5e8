"""`sanchika files | file show FILE_NO | export efile FILE_NO... --out DIR | report`: digital files,
the eFile migration package and the digitisation report (library: sanchika.efile, storage.reports)."""

from __future__ import annotations

import getpass
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from domain.errors import SanchikaError, UsageError

from .common import JsonOpt, app, emit, fail, load_settings

file_app = typer.Typer(no_args_is_help=True, help="One digital file: `sanchika file show FILE_NO`.")
app.add_typer(file_app, name="file")
export_app = typer.Typer(no_args_is_help=True, help="Packages for other systems: `sanchika export efile FILE_NO... --out DIR`.")
app.add_typer(export_app, name="export")


def _context():  # type: ignore[no-untyped-def]
    from workers.context import WorkerContext

    settings = load_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    return settings, WorkerContext(settings.worker_config())


@app.command("files")
def files_cmd(as_json: JsonOpt = False) -> None:
    """Digital files: file number, subject, department, documents and pages."""
    from ..efile import list_files

    try:
        _, ctx = _context()
        rows = list_files(ctx.engine)
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit({"files": rows})
        return
    if not rows:
        typer.echo("no digital files yet: `sanchika process FOLDER` creates them.")
    for r in rows:
        typer.echo(f"{r['file_number'] or r['key']:30s} {r['department'] or '-':14s} "
                   f"{r['documents']:3d} doc(s) {r['pages']:4d} page(s)  {r['title']}")


@file_app.command("show")
def file_show(file_no: Annotated[str, typer.Argument(help="A file number (as `sanchika files` lists it).")],
              volume: Annotated[int | None, typer.Option("--volume", help="Volume / part of the file (default: the first).")] = None,
              as_json: JsonOpt = False) -> None:
    """The file's documents in order; per document the parts found in the bundle and its pages
    with their e-Office role; the cover's details and the page-count reconciliation."""
    from ..efile import file_detail

    try:
        _, ctx = _context()
        f = file_detail(ctx.engine, file_no, volume=volume)
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        for d in f["documents"]:
            for p in d["page_roles"]:
                p.pop("text", None)
        emit(f)
        return
    vol = f"  volume {f['volume']}" if f["volume"] else ""
    typer.echo(f"file {f['file_number'] or f['key']}{vol}  [{f['department'] or 'unknown'}]  {f['title']}")
    if f["location"]:
        typer.echo(f"  location: {f['location']}")
    for k, v in f["details"].items():
        typer.echo(f"  {k.replace('_', ' ')}: {v}")
    for n, d in enumerate(f["documents"], 1):
        verified = f", verified by {d['verified_by']}" if d["verified_by"] else ""
        typer.echo(f"{n:3d}. {d['id']}  {Path(d['name']).name}  ({d['pages']} page(s), {d['department'] or 'unknown'}{verified})")
        rec = d["reconciliation"] or {}
        for note in rec.get("notes", []) + [x["reason"] for x in rec.get("duplicates", []) + rec.get("out_of_order", [])]:
            typer.echo(f"       ! {note}")
        role_of = {p["page_no"]: p for p in d["page_roles"]}
        for part in d["parts"]:
            review = "  REVIEW" if part["needs_review"] else ""
            typer.echo(f"     part {part['seq']}: {part['role']:10s} pages {part['first_page']}-{part['last_page']}"
                       f"  confidence {part['confidence']:.2f}{review}  ({'; '.join(part['reasons'])})")
        if not d["parts"]:
            for p in role_of.values():
                conf = "" if p["confidence"] is None else f" {p['confidence']:.2f}"
                typer.echo(f"       page {p['page_no']:3d}  {p['role'] or p['status']}{conf}")


@export_app.command("efile")
def export_efile_cmd(
    file_numbers: Annotated[list[str], typer.Argument(help="File numbers to export.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write fl-<file number>/ packages into.")],
    user: Annotated[str | None, typer.Option("--user", help="Who exports (audit log; default: the login name).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Write the e-Office (NIC eFile) migration package of each file (docs/efile-export.md)."""
    from storage.audit import AuditLog

    from ..efile import export_efile

    try:
        _, ctx = _context()
        results = export_efile(ctx.engine, ctx.store, file_numbers, out)
        who = user or getpass.getuser()
        for r in results:
            AuditLog(ctx.engine).record(who, "export", "file", r["file_number"],
                                        {"format": "efile", "path": r["path"], "via": "cli"})
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit({"packages": results})
        return
    for r in results:
        typer.echo(f"{r['file_number']}: {r['documents']} PDF(s), {r['excluded']} page(s) excluded -> {r['path']}")


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} must be a date YYYY-MM-DD, not {value!r}.") from None


@app.command("report")
def report_cmd(
    date_from: Annotated[str | None, typer.Option("--from", help="First day YYYY-MM-DD (default: 12 weeks before --to).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day YYYY-MM-DD (default: today).")] = None,
    as_json: JsonOpt = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV: one row per week and department, then a total row.")] = False,
) -> None:
    """Digitisation progress per department and per week: files, documents, pages, pages needing
    review and paper removed from circulation (sheets)."""
    from storage.catalog import now
    from storage.reports import digitisation_report, report_csv

    try:
        if as_json and as_csv:
            raise UsageError("choose --json or --csv, not both.")
        end = _day(date_to, "--to") or now().date()
        start = _day(date_from, "--from") or (end - timedelta(weeks=12) + timedelta(days=1))
        if start > end:
            raise UsageError("--from is after --to.")
        settings, ctx = _context()
        report = digitisation_report(ctx.engine, start, end, settings.department_review_below)
    except SanchikaError as exc:
        fail(exc)
        return
    if as_csv:
        sys.stdout.write(report_csv(report).lstrip("\ufeff"))
        return
    if as_json:
        emit(report)
        return
    _print_report(report)


def _print_report(r: dict[str, Any]) -> None:
    typer.echo(f"{r['date_from']} .. {r['date_to']}: {r['files']} file(s), {r['documents']} document(s), "
               f"{r['pages']} page(s) ({r['content_pages']} content, {r['blank_pages']} blank), "
               f"{r['pages_needing_review']} page(s) and {r['needs_review']} document(s) needing review, "
               f"{r['sheets_saved']} sheet(s) of paper removed from circulation, "
               f"{r['files_closed']} file(s) closed on paper")
    if r["departments"]:
        typer.echo(f"\n{'department':28s} {'files':>5s} {'docs':>5s} {'pages':>6s} {'review':>6s} {'sheets':>6s} {'closed':>6s}")
        for d in r["departments"]:
            typer.echo(f"{d['department']:28s} {d['files']:5d} {d['documents']:5d} {d['pages']:6d} "
                       f"{d['pages_needing_review']:6d} {d['sheets_saved']:6d} {d['files_closed']:6d}")
    typer.echo(f"\n{'week':10s} {'files':>5s} {'docs':>5s} {'pages':>6s} {'review':>6s}")
    for w in r["weeks"]:
        typer.echo(f"{w['week']:10s} {w['files']:5d} {w['documents']:5d} {w['pages']:6d} {w['pages_needing_review']:6d}")
