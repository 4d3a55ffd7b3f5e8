"""`sanchika users add | set-password`: local users of the web API."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from domain.errors import SanchikaError, UsageError

from .common import JsonOpt, app, emit, fail, load_settings

users_app = typer.Typer(no_args_is_help=True, help="Users of the web API (roles operator, department, admin).")
app.add_typer(users_app, name="users")


def _accounts():  # type: ignore[no-untyped-def]
    from storage.db import init_schema, open_engine

    from ..accounts import Accounts

    settings = load_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    engine = open_engine(settings.db_url)
    init_schema(engine)
    return Accounts(engine, settings.session_hours)


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="User name (also the login name).")],
    role: Annotated[str, typer.Option("--role", help="operator | department | admin")],
    department: Annotated[list[str] | None, typer.Option("--department", help="Department key (or name); repeat for more. Role department only.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create a user and print a new API token (shown once: store it now)."""
    try:
        user, token = _accounts().add_user(name, role, department or [])
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit({"user": user.name, "token": token, "role": user.role, "departments": list(user.departments)})
    else:
        scope = f" ({', '.join(user.departments)})" if user.departments else ""
        sys.stderr.write(f"user {user.name}: role {user.role}{scope}. API token (shown once):\n")
        typer.echo(token)


@users_app.command("set-password")
def set_password(name: Annotated[str, typer.Argument(help="An existing user.")]) -> None:
    """Set a user's web login password, read from stdin (one line)."""
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        if not password:
            raise UsageError("no password on stdin: e.g. `printf '%s\\n' \"$PW\" | sanchika users set-password NAME`.")
        _accounts().set_password(name, password)
    except SanchikaError as exc:
        fail(exc)
        return
    sys.stderr.write(f"password of {name} set.\n")
