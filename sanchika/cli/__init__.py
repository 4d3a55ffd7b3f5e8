"""The `sanchika` command: thin translations of arguments, output and errors around the library
(sanchika.pipeline, sanchika.queries, ...). One module per group of commands; each registers its
commands on the shared Typer app when imported here."""

from __future__ import annotations

from . import batch  # noqa: F401  (registers commands)
from .common import app


def main() -> None:
    app()
