"""`sanchika review | review set-department | review set-file-number | review approve`: documents to
check, corrections and approvals."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from domain.errors import SanchikaError, UsageError

from .common import JsonOpt, app, emit, fail, load_settings

review_app = typer.Typer(invoke_without_command=True,
                         help="Documents whose department is unknown or uncertain, pages to rescan; corrections.")
app.add_typer(review_app, name="review")


def _engine(settings):  # type: ignore[no-untyped-def]
    from storage.db import init_schema, open_engine

    settings.home.mkdir(parents=True, exist_ok=True)
    engine = open_engine(settings.db_url)
    init_schema(engine)
    return engine


@review_app.callback()
def review(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List documents with department unknown or confidence below SANCHIKA_DEPARTMENT_REVIEW_BELOW (not yet
    corrected or approved), pages that failed or read badly (rescan them) and uncertain document boundaries,
    with how many of each wait (`counts`: the digitisation report counts the same)."""
    if ctx.invoked_subcommand is not None:
        return
    from storage.review import review_list

    settings = load_settings()
    try:
        items = review_list(_engine(settings), settings.department_review_below)
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit({"threshold": settings.department_review_below, **items})
        return
    docs, pages, bounds = items["documents"], items["pages"], items["boundaries"]
    if not docs and not pages and not bounds:
        typer.echo("nothing to review.")
        return
    typer.echo(f"{items['counts']['documents']} finished document(s) need review (the digitisation report counts the same).")
    if docs:
        typer.echo(f"{len(docs)} document(s) to classify (threshold {settings.department_review_below:.2f}); "
                   "fix with `sanchika review set-department DOC DEPT` (and `set-file-number DOC NUMBER`), "
                   "or accept as is with `sanchika review approve DOC`:")
        for d in docs:
            conf = "-" if d["confidence"] is None else f"{d['confidence']:.2f}"
            top = ", ".join(f"{t['department']} {t['score']:.2f}" for t in d["top"])
            typer.echo(f"  {d['document_id']}  {d['department']} ({conf})  {d['name']}" + (f"  [{top}]" if top else ""))
    if pages:
        typer.echo(f"{len(pages)} page(s) to rescan or check:")
        for p in pages:
            why = p["error_code"] or f"{p['reason']} (quality {p.get('quality') or 0:.2f}: {'; '.join(p.get('quality_reasons') or [])})"
            typer.echo(f"  {p['document_id']} page {p['page']}  {p['name']}: {why}")
    if bounds:
        typer.echo(f"{len(bounds)} document boundar(ies) inside bundles to check; approve with `sanchika review approve DOC`:")
        for b in bounds:
            typer.echo(f"  {b['document_id']} part {b['part']} pages {b['first_page']}-{b['last_page']} {b['role']} "
                       f"({b['confidence']:.2f}): {'; '.join(b['reasons'])}")


@review_app.command("set-department")
def set_department(
    doc_id: Annotated[str, typer.Argument(help="A document id.")],
    department: Annotated[str, typer.Argument(help="Department key, name or alias (e.g. revenue, PWD, राजस्व).")],
    user: Annotated[str | None, typer.Option("--user", help="Who corrects (default: the login name).")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (stored with the correction).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Correct a document's department; stored with who and when (used by `sanchika classify train`)."""
    from classify.taxonomy import KEYS, resolve
    from storage.audit import AuditLog
    from storage.library import Library

    try:
        key = resolve(department)
        if key is None:
            raise UsageError(f"unknown department {department!r}; valid keys: {', '.join(KEYS)}.")
        who = user or getpass.getuser()
        engine = _engine(load_settings())
        row = Library(engine, None).correct_department(doc_id, key, who, reason)
        AuditLog(engine).record(who, "correct", "document", doc_id,
                                {"field": "department", "old": row["old_value"], "new": key, "via": "cli"})
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit({"document_id": doc_id, "field": "department", "old": row["old_value"], "new": key,
              "user": who, "at": row["at"], "reason": reason})
    else:
        typer.echo(f"{doc_id}: department {row['old_value'] or 'none'} -> {key} (by {who} at {row['at']:%Y-%m-%d %H:%M:%S %Z})")


@review_app.command("set-file-number")
def set_file_number(
    doc_id: Annotated[str, typer.Argument(help="A document id.")],
    file_number: Annotated[str, typer.Argument(help="The file number written on the file (e.g. 245/भू-अभि/2018).")],
    user: Annotated[str | None, typer.Option("--user", help="Who corrects (default: the login name).")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (stored with the correction).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Correct a document's file number: stored with who and when, the document moves to the digital
    file of that number (created if new) and keeps it when it is run again. What e-Office would not
    accept as typed is printed as a warning; the number is kept as given."""
    from storage.audit import AuditLog
    from storage.library import Library

    try:
        who = user or getpass.getuser()
        engine = _engine(load_settings())
        row = Library(engine, None).correct_file_number(doc_id, file_number, who, reason)
        AuditLog(engine).record(who, "correct", "document", doc_id,
                                {"field": "file_number", "old": row["old_value"], "new": row["new_value"], "via": "cli"})
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit({"document_id": doc_id, "field": "file_number", "old": row["old_value"], "new": row["new_value"],
              "file_key": row["file_key"], "warnings": row["warnings"], "user": who, "at": row["at"], "reason": reason})
        return
    typer.echo(f"{doc_id}: file number {row['old_value'] or 'none'} -> {row['new_value']} "
               f"(by {who} at {row['at']:%Y-%m-%d %H:%M:%S %Z}); `sanchika file show {row['new_value']}` lists it.")
    for w in row["warnings"]:
        typer.echo(f"warning: {w} (e-Office's file numbers use letters, digits and / - ( ) . _)", err=True)


@review_app.command("approve")
def approve(
    doc_id: Annotated[str, typer.Argument(help="A document id.")],
    user: Annotated[str | None, typer.Option("--user", help="Who approves (default: the login name).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Approve a document as digitised (department, file number, parts): who and when are stored and
    named as `verified_by` in the eFile package; its uncertain boundaries leave the review list."""
    from storage.audit import AuditLog
    from storage.library import Library

    try:
        who = user or getpass.getuser()
        engine = _engine(load_settings())
        row = Library(engine, None).verify(doc_id, who)
        AuditLog(engine).record(who, "verify", "document", doc_id, {"via": "cli"})
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit(row)
    else:
        typer.echo(f"{doc_id} verified by {who}.")
