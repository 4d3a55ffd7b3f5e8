"""User administration for admins (the web app's Users page; `sanchika users` on the command line).

    GET  /api/users                         users with role, departments, whether a password is set
    POST /api/users {name, role, departments, password?}  -> 201 {user, token}   (token shown once)
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import select

from storage.schema import users

from ..deps import Admin, Svc
from ..models import Me, Timestamp

router = APIRouter(tags=["users"])


class UserRow(BaseModel):
    name: str
    role: Literal["operator", "department", "admin"]
    departments: list[str]
    has_password: bool
    created_at: Timestamp


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    role: Literal["operator", "department", "admin"]
    departments: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default_factory=list, max_length=20)
    password: str | None = Field(None, min_length=8, max_length=1000, description="For the web login; none = API token only.")


class UserCreated(BaseModel):
    user: Me
    token: str = Field(description="An API token, shown this once.")


@router.get("/users", response_model=list[UserRow])
def list_users(who: Admin, services: Svc,
               limit: Annotated[int, Query(ge=1, le=500)] = 100,
               offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[UserRow]:
    """Users by name."""
    q = select(users).order_by(users.c.name).limit(limit).offset(offset)
    with services.ctx.engine.connect() as c:
        rows = c.execute(q).all()
    return [UserRow(name=r.name, role=r.role, departments=list(r.departments or []), has_password=bool(r.password_hash),
                    created_at=r.created_at if isinstance(r.created_at, datetime) else r.created_at) for r in rows]


@router.post("/users", status_code=201, response_model=UserCreated)
def create_user(body: NewUser, who: Admin, services: Svc) -> UserCreated:
    """Create a user (a department user needs at least one department); returns a first API token."""
    accounts = services.accounts
    user, token = accounts.add_user(body.name, body.role, body.departments)
    if body.password:
        accounts.set_password(user.name, body.password)
    services.record(who, "admin", "user", user.name, role=user.role, departments=list(user.departments))
    return UserCreated(user=Me(name=user.name, role=user.role, departments=list(user.departments)),  # type: ignore[arg-type]
                       token=token)
