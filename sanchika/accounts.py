"""Users, passwords and tokens for the web API (and the `sanchika users` commands).

Passwords are hashed with argon2 (argon2-cffi); API tokens are 256 random bits shown once and
stored only as a SHA-256. A ``Principal`` is who is calling, with the department scope that
every read query is opened with (``None`` = all departments).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from classify.taxonomy import resolve
from domain.errors import AuthenticationError, UsageError
from storage.catalog import now
from storage.users import User, UserStore


@dataclass(frozen=True, slots=True)
class Principal:
    name: str
    role: str  # operator | department | admin
    departments: tuple[str, ...]

    @property
    def scope(self) -> list[str] | None:
        """Department keys this caller may read, or None for every department."""
        return list(self.departments) if self.role == "department" else None


def _principal(user: User) -> Principal:
    return Principal(user.name, user.role, user.departments if user.role == "department" else ())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher()


def department_keys(names: Sequence[str]) -> list[str]:
    """Department keys for names/aliases in either script; UsageError for an unknown one."""
    keys: list[str] = []
    for name in names:
        key = resolve(name)
        if key is None:
            raise UsageError(f"unknown department {name!r}: use a key such as revenue, education, health.")
        if key not in keys:
            keys.append(key)
    return keys


class Accounts:
    def __init__(self, engine: Engine, session_hours: int = 12) -> None:
        self.users = UserStore(engine)
        self.session_hours = session_hours

    def add_user(self, name: str, role: str, departments: Sequence[str] = ()) -> tuple[User, str]:
        """Create a user and a first API token (returned once, never stored)."""
        name = name.strip()
        if not name or len(name) > 100:
            raise UsageError("a user name must be 1-100 characters.")
        keys = department_keys(departments)
        if role != "department" and keys:
            raise UsageError("--department only applies to --role department.")
        user = self.users.add(name, role, keys)
        return user, self._issue(user, "api")

    def set_password(self, name: str, password: str) -> None:
        if len(password) < 8:
            raise UsageError("a password must have at least 8 characters.")
        self.users.set_password_hash(name, _hasher().hash(password))

    def login(self, name: str, password: str) -> tuple[Principal, str]:
        """A session token for a correct name and password; AuthenticationError otherwise
        (the same for an unknown user and a wrong password)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        user = self.users.get(name)
        wrong = AuthenticationError("wrong user name or password.")
        if user is None or not user.password_hash:
            _hasher().hash(password)  # the same time as a real check: no user enumeration by timing
            raise wrong
        try:
            _hasher().verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise wrong from None
        return _principal(user), self._issue(user, "session")

    def logout(self, token: str) -> None:
        self.users.delete_token(token_hash(token))

    def authenticate(self, token: str) -> Principal:
        user = self.users.user_for_token(token_hash(token))
        if user is None:
            raise AuthenticationError("the token is unknown or has expired: log in again (POST /api/login).")
        return _principal(user)

    def _issue(self, user: User, kind: str) -> str:
        token = secrets.token_urlsafe(32)
        expires = now() + timedelta(hours=self.session_hours) if kind == "session" else None
        self.users.add_token(user.id, token_hash(token), kind, expires)
        return token
