"""User administration for admins (the web app's Users page; `sanchika users` on the command line).

    GET    /api/users                                    users with role, departments, password set, tokens, disabled
    POST   /api/users {name, role, departments, password?}  -> 201 {user, token}   (token shown once)
    PATCH  /api/users/{name} {role?, departments?}       -> the user: role and departments changed
    POST   /api/users/{name}/disable                     -> the user: every token revoked, password removed
    POST   /api/users/{name}/password {password?}        -> {password}: set (or generated, shown once); sessions ended
    DELETE /api/users/{name}                             -> 204

Every change is written to the audit log (action ``admin``, target the user; never a password).
An admin cannot demote, disable or delete themself here, and the last admin stays (sanchika.accounts).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from domain.errors import UsageError

from ...accounts import Principal, validate_password
from ..deps import Admin, Svc
from ..models import Me, Timestamp

router = APIRouter(tags=["users"])

Role = Literal["operator", "department", "admin"]
DepartmentName = Annotated[str, Field(min_length=1, max_length=100)]
UserName = Annotated[str, Path(min_length=1, max_length=100, description="A user name.")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such user."}}


class UserRow(BaseModel):
    name: str
    role: Role
    departments: list[str]
    has_password: bool
    tokens: int = Field(description="Live API and login tokens.")
    disabled: bool = Field(description="No password and no token: nobody can log in as this user.")
    created_at: Timestamp


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[^/\x00-\x1f\x7f]+$")
    role: Role
    departments: list[DepartmentName] = Field(default_factory=list, max_length=20)
    password: str | None = Field(None, min_length=8, max_length=1000, description="For the web login; none = API token only.")


class UserCreated(BaseModel):
    user: Me
    token: str = Field(description="An API token, shown this once.")


class UserChange(BaseModel):
    role: Role | None = Field(None, description="New role; omitted = unchanged.")
    departments: list[DepartmentName] | None = Field(None, max_length=20, description="New departments (replace the old ones); department role only.")


class PasswordReset(BaseModel):
    password: str | None = Field(None, min_length=8, max_length=1000, description="The new password; omitted = generate one.")


class PasswordSet(BaseModel):
    generated: bool
    password: str | None = Field(description="The generated password, shown this once; null when you gave one.")


def _row(services: Svc, name: str) -> UserRow:
    row = next(r for r in services.accounts.list_users() if r["name"] == name)
    return UserRow(**row)


def _not_yourself(who: Principal, name: str, what: str) -> None:
    if name == who.name:
        raise UsageError(f"you cannot {what} yourself: ask another admin.")


@router.get("/users", response_model=list[UserRow])
def list_users(who: Admin, services: Svc,
               limit: Annotated[int, Query(ge=1, le=500)] = 100,
               offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[UserRow]:
    """Users by name."""
    return [UserRow(**r) for r in services.accounts.list_users(limit, offset)]


@router.post("/users", status_code=201, response_model=UserCreated)
def create_user(body: NewUser, who: Admin, services: Svc) -> UserCreated:
    """Create a user (a department user needs at least one department); returns a first API token."""
    accounts = services.accounts
    if body.password:  # checked before the user exists: a refused password leaves no half-made user
        validate_password(body.password)
    user, token = accounts.add_user(body.name, body.role, body.departments)
    if body.password:
        accounts.set_password(user.name, body.password)
    services.record(who, "admin", "user", user.name, change="create", role=user.role, departments=list(user.departments))
    return UserCreated(user=Me(name=user.name, role=user.role, departments=list(user.departments)),  # type: ignore[arg-type]
                       token=token)


@router.patch("/users/{name}", response_model=UserRow, responses=NOT_FOUND)
def update_user(name: UserName, body: UserChange, who: Admin, services: Svc) -> UserRow:
    """Change a user's role and/or departments; effective at the user's next request."""
    if body.role is not None and body.role != "admin":
        _not_yourself(who, name, "demote")
    user = services.accounts.update_user(name, body.role, body.departments)
    services.record(who, "admin", "user", user.name, change="edit", role=user.role, departments=list(user.departments))
    return _row(services, user.name)


@router.post("/users/{name}/disable", response_model=UserRow, responses=NOT_FOUND)
def disable_user(name: UserName, who: Admin, services: Svc) -> UserRow:
    """Lock a user out: every API and login token revoked, the password removed. A password
    reset (POST /api/users/{name}/password) enables the user again."""
    _not_yourself(who, name, "disable")
    revoked = services.accounts.disable_user(name)
    services.record(who, "admin", "user", name, change="disable", tokens_revoked=revoked)
    return _row(services, name)


@router.post("/users/{name}/password", response_model=PasswordSet, responses=NOT_FOUND)
def reset_password(name: UserName, body: PasswordReset, who: Admin, services: Svc) -> PasswordSet:
    """Set a user's password (or generate one, returned this once) and end their login sessions."""
    password = services.accounts.reset_password(name, body.password)
    services.record(who, "admin", "user", name, change="reset_password", generated=body.password is None)
    generated = body.password is None
    return PasswordSet(generated=generated, password=password if generated else None)


@router.delete("/users/{name}", status_code=204, response_class=Response, responses=NOT_FOUND)
def delete_user(name: UserName, who: Admin, services: Svc) -> Response:
    """Delete a user and its tokens (the audit log keeps the name)."""
    _not_yourself(who, name, "delete")
    services.accounts.delete_user(name)
    services.record(who, "admin", "user", name, change="delete")
    return Response(status_code=204)
