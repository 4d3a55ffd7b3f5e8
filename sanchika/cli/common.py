"""The Typer app and the helpers every command module shares."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, NoReturn

import typer

from domain.errors import SanchikaError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Sanchika: scanned office files -> searchable, classified digital files.")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document for machines.")]


def load_settings():  # type: ignore[no-untyped-def]
    """Settings are built once per command, here (never at import time)."""
    from ..settings import Settings

    try:
        return Settings()
    except Exception as exc:  # pydantic ValidationError: name the setting, no traceback
        sys.stderr.write(f"error [usage]: invalid SANCHIKA_* setting: {exc}\n".replace("\n", " ").rstrip() + "\n")
        raise typer.Exit(2) from exc


def emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(exc: SanchikaError) -> NoReturn:
    """One line on stderr naming the error code; the exit status of the error's class."""
    message = exc.message.replace("\n", " ")
    sys.stderr.write(f"error [{exc.code}]: {message}\n")
    raise typer.Exit(exc.exit_code)
