"""`sanchika rescans [--batch B] [--location L] [--csv | --json]`: the pages the scanning room
must rescan (marked by an operator, unreadable, or flagged needs_rescan), by location."""

from __future__ import annotations

from typing import Annotated

import typer

from domain.errors import SanchikaError

from .common import JsonOpt, app, emit, fail, load_settings


@app.command("rescans")
def rescans(
    batch: Annotated[str | None, typer.Option("--batch", help="Only this batch's pages.")] = None,
    location: Annotated[str | None, typer.Option("--location", help="Only pages kept here (a part of the location, any case).")] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV (UTF-8 with BOM) instead of text.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List the pages to rescan, per location and batch (docs/api.md, "Rescans")."""
    from storage.db import init_schema, open_engine
    from storage.rescans import rescan_list

    from ..rescans import reason_of, rescans_csv

    settings = load_settings()
    try:
        settings.home.mkdir(parents=True, exist_ok=True)
        engine = open_engine(settings.db_url)
        init_schema(engine)
        rows = rescan_list(engine, batch=batch, location=location)
    except SanchikaError as exc:
        fail(exc)
    if as_csv:
        typer.echo(rescans_csv(rows), nl=False)
    elif as_json:
        emit([{**r, "reason": reason_of(r)} for r in rows])
    else:
        typer.echo(f"{len(rows)} page(s) to rescan")
        for r in rows:
            typer.echo(f"{r['location'] or '-'} | {r['batch_name']} | {r['name']} p.{r['page']} | {reason_of(r)}")
