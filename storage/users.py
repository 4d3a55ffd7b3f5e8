"""Local users and their API tokens. Only a SHA-256 of each token is stored (a token is 256
random bits, so a fast hash is enough); passwords arrive already hashed (argon2, by the shell).

A user is *disabled* when it has neither a password nor a token: nothing can log in as it. The
shell's reset of the password enables it again (``sanchika.accounts``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from domain.errors import NotFoundError, UsageError

from .catalog import now
from .schema import api_tokens, users

ROLES = ("operator", "department", "admin")


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str  # operator | department | admin
    departments: tuple[str, ...]  # department keys; only meaningful for role "department"
    password_hash: str | None


def _user(row) -> User:  # type: ignore[no-untyped-def]
    m = row._mapping
    return User(m["id"], m["name"], m["role"], tuple(m["departments"] or ()), m["password_hash"])


class UserStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, name: str, role: str, departments: Sequence[str] = ()) -> User:
        if role not in ROLES:
            raise UsageError(f"unknown role {role!r}; one of: {', '.join(ROLES)}.")
        if role == "department" and not departments:
            raise UsageError("a department user needs at least one --department KEY.")
        with self.engine.begin() as c:
            if c.execute(select(users.c.id).where(users.c.name == name)).first():
                raise UsageError(f"user {name!r} exists already.")
            c.execute(insert(users).values(name=name, role=role, departments=list(departments), created_at=now()))
        user = self.get(name)
        assert user is not None
        return user

    def get(self, name: str) -> User | None:
        with self.engine.connect() as c:
            row = c.execute(select(users).where(users.c.name == name)).first()
        return _user(row) if row else None

    def set_password_hash(self, name: str, password_hash: str | None) -> None:
        """Set (or, with None, remove) a user's password hash."""
        with self.engine.begin() as c:
            done = c.execute(update(users).where(users.c.name == name).values(password_hash=password_hash)).rowcount
        if not done:
            raise _no_user(name)

    def rows(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Users by name: name, role, departments, has_password, created_at, tokens (live API and
        login tokens) and disabled (no password and no token: nobody can log in as it)."""
        live = (api_tokens.c.expires_at.is_(None)) | (api_tokens.c.expires_at >= now())
        counts = (select(api_tokens.c.user_id.label("uid"), func.count().label("n")).where(live)
                  .group_by(api_tokens.c.user_id).subquery())
        q = (select(users, func.coalesce(counts.c.n, 0).label("tokens"))
             .select_from(users.outerjoin(counts, counts.c.uid == users.c.id))
             .order_by(users.c.name).limit(limit).offset(offset))
        with self.engine.connect() as c:
            out = []
            for r in c.execute(q):
                m = r._mapping
                out.append({"name": m["name"], "role": m["role"], "departments": list(m["departments"] or []),
                            "has_password": bool(m["password_hash"]), "created_at": m["created_at"],
                            "tokens": int(m["tokens"]), "disabled": not m["password_hash"] and not m["tokens"]})
        return out

    def update(self, name: str, role: str, departments: Sequence[str]) -> User:
        """Set a user's role and departments (the caller has checked the department keys)."""
        if role not in ROLES:
            raise UsageError(f"unknown role {role!r}; one of: {', '.join(ROLES)}.")
        if role == "department" and not departments:
            raise UsageError("a department user needs at least one department.")
        with self.engine.begin() as c:
            done = c.execute(update(users).where(users.c.name == name).values(
                role=role, departments=list(departments) if role == "department" else [])).rowcount
        if not done:
            raise _no_user(name)
        user = self.get(name)
        assert user is not None
        return user

    def delete(self, name: str) -> None:
        """Remove a user and every token of it (the audit log keeps its name)."""
        with self.engine.begin() as c:
            row = c.execute(select(users.c.id).where(users.c.name == name)).first()
            if row is None:
                raise _no_user(name)
            c.execute(delete(api_tokens).where(api_tokens.c.user_id == row[0]))
            c.execute(delete(users).where(users.c.id == row[0]))

    def delete_tokens(self, name: str, kind: str | None = None) -> int:
        """Revoke a user's tokens (all, or only those of ``kind``: api | session); how many."""
        with self.engine.begin() as c:
            row = c.execute(select(users.c.id).where(users.c.name == name)).first()
            if row is None:
                raise _no_user(name)
            q = delete(api_tokens).where(api_tokens.c.user_id == row[0])
            if kind is not None:
                q = q.where(api_tokens.c.kind == kind)
            return int(c.execute(q).rowcount or 0)

    def add_token(self, user_id: int, token_hash: str, kind: str, expires_at: datetime | None = None) -> None:
        with self.engine.begin() as c:
            c.execute(insert(api_tokens).values(user_id=user_id, token_hash=token_hash, kind=kind,
                                                created_at=now(), expires_at=expires_at))

    def user_for_token(self, token_hash: str) -> User | None:
        """The user owning this token hash, unless the token has expired."""
        q = (select(users, api_tokens.c.expires_at).join(api_tokens, api_tokens.c.user_id == users.c.id)
             .where(api_tokens.c.token_hash == token_hash))
        with self.engine.connect() as c:
            row = c.execute(q).first()
        if row is None:
            return None
        expires = row._mapping["expires_at"]
        if expires is not None:
            if expires.tzinfo is None:  # SQLite returns naive datetimes (stored as UTC)
                expires = expires.replace(tzinfo=now().tzinfo)
            if expires < now():
                return None
        return _user(row)

    def delete_token(self, token_hash: str) -> None:
        with self.engine.begin() as c:
            c.execute(delete(api_tokens).where(api_tokens.c.token_hash == token_hash))



def _no_user(name: str) -> NotFoundError:
    return NotFoundError(f"no user {name!r}: `sanchika users list` shows them.")
