"""The `sanchika` command: thin translations of arguments, output and errors around the library
(sanchika.pipeline, sanchika.queries, ...). One module per group of commands; each registers its
commands on the shared Typer app when imported here."""

from __future__ import annotations

from . import batch  # noqa: F401  (registers commands)
from . import classify as _classify  # noqa: F401  (registers commands)
from . import db as _db  # noqa: F401  (registers commands)
from . import files as _files  # noqa: F401  (registers commands)
from . import review as _review  # noqa: F401  (registers commands)
from . import serve as _serve  # noqa: F401  (registers commands)
from . import server as _server  # noqa: F401  (registers commands)
from . import users as _users  # noqa: F401  (registers commands)
from .common import app


def main() -> None:
    app()
