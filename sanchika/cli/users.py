"""`sanchika users add | list | edit | disable | delete | set-password | reset-password | token`:
local users of the web API (thin wrappers of sanchika.accounts.Accounts)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

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


def _row_text(r: dict[str, Any]) -> str:
    scope = f" ({', '.join(r['departments'])})" if r["departments"] else ""
    state = "disabled" if r["disabled"] else ("password" if r["has_password"] else "token only")
    return f"{r['name']}\t{r['role']}{scope}\t{state}\t{r['tokens']} token(s)"


@users_app.command("list")
def list_users(as_json: JsonOpt = False) -> None:
    """Every user: role, departments, whether a password is set, live tokens, disabled."""
    try:
        rows = _accounts().list_users()
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit([{**r, "created_at": r["created_at"].isoformat() if r["created_at"] else None} for r in rows])
        return
    for r in rows:
        typer.echo(_row_text(r))


@users_app.command("edit")
def edit(
    name: Annotated[str, typer.Argument(help="An existing user.")],
    role: Annotated[str | None, typer.Option("--role", help="operator | department | admin")] = None,
    department: Annotated[list[str] | None, typer.Option("--department", help="Department key (or name); repeat for more; replaces the user's departments.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Change a user's role and/or departments (effective at the user's next request)."""
    try:
        if role is None and not department:
            raise UsageError("nothing to change: give --role and/or --department.")
        user = _accounts().update_user(name, role, department or None)
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit({"user": user.name, "role": user.role, "departments": list(user.departments)})
    else:
        scope = f" ({', '.join(user.departments)})" if user.departments else ""
        sys.stderr.write(f"user {user.name}: role {user.role}{scope}.\n")


@users_app.command("disable")
def disable(name: Annotated[str, typer.Argument(help="An existing user.")]) -> None:
    """Lock a user out: revoke every token and remove the password (reset-password enables it again)."""
    try:
        revoked = _accounts().disable_user(name)
    except SanchikaError as exc:
        fail(exc)
        return
    sys.stderr.write(f"user {name} disabled: {revoked} token(s) revoked, password removed.\n")


@users_app.command("delete")
def delete(
    name: Annotated[str, typer.Argument(help="An existing user.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a user and its tokens (the audit log keeps the name)."""
    if not yes and not typer.confirm(f"delete user {name}?", err=True):
        raise typer.Exit(1)
    try:
        _accounts().delete_user(name)
    except SanchikaError as exc:
        fail(exc)
        return
    sys.stderr.write(f"user {name} deleted.\n")


@users_app.command("reset-password")
def reset_password(
    name: Annotated[str, typer.Argument(help="An existing user.")],
    generate: Annotated[bool, typer.Option("--generate", help="Generate a password and print it (else read one line from stdin).")] = False,
) -> None:
    """Set a new password and end the user's login sessions (also enables a disabled user)."""
    try:
        password = None
        if not generate:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise UsageError("no password on stdin: pipe one in, or use --generate.")
        new = _accounts().reset_password(name, password)
    except SanchikaError as exc:
        fail(exc)
        return
    sys.stderr.write(f"password of {name} reset; its login sessions are ended.\n")
    if generate:
        typer.echo(new)


@users_app.command("token")
def token(name: Annotated[str, typer.Argument(help="An existing user.")]) -> None:
    """Print a new API token for a user (shown once)."""
    try:
        new = _accounts().new_token(name)
    except SanchikaError as exc:
        fail(exc)
        return
    typer.echo(new)
