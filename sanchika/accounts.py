"""Users, passwords and tokens for the web API (and the `sanchika users` commands).

Passwords are hashed with argon2 (argon2-cffi); API tokens are 256 random bits shown once and
stored only as a SHA-256. A ``Principal`` is who is calling, with the department scope that
every read query is opened with (``None`` = all departments).

Administration: ``update_user`` (role, departments: effective at the user's next request),
``disable_user`` (every token revoked and the password removed: nothing logs in as it until a
``reset_password``), ``delete_user`` and ``reset_password`` (a new password, given or generated;
the user's login sessions are ended). The last admin can be neither demoted, disabled nor deleted.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine

from classify.taxonomy import resolve
from domain.errors import AuthenticationError, NotFoundError, UsageError
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


def validate_password(password: str) -> None:
    if len(password) < 8:
        raise UsageError("a password must have at least 8 characters.")


def generate_password() -> str:
    """A random password easy to read out and type: four groups of four letters and digits
    without look-alikes (about 80 bits)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


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
        if "/" in name or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
            raise UsageError("a user name may not contain '/' or control characters.")
        keys = department_keys(departments)
        if role != "department" and keys:
            raise UsageError("--department only applies to --role department.")
        user = self.users.add(name, role, keys)
        return user, self._issue(user, "api")

    def set_password(self, name: str, password: str) -> None:
        validate_password(password)
        self.users.set_password_hash(name, _hasher().hash(password))

    # -- administration ----------------------------------------------------------------------
    def list_users(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Users by name, with role, departments, has_password, tokens, disabled, created_at."""
        return self.users.rows(limit, offset)

    def update_user(self, name: str, role: str | None = None, departments: Sequence[str] | None = None) -> User:
        """Change a user's role and/or departments (names or aliases in either script). Moving a
        user off the department role drops its departments; onto it needs at least one."""
        user = self._get(name)
        new_role = role or user.role
        if departments is None:
            keys = list(user.departments) if new_role == "department" else []
        else:
            keys = department_keys(departments)
            if new_role != "department" and keys:
                raise UsageError("departments only apply to the department role.")
        if user.role == "admin" and new_role != "admin":
            self._keep_an_admin(user.name, f"{name} is the last admin: make another user admin first.")
        return self.users.update(user.name, new_role, keys)

    def delete_user(self, name: str) -> None:
        """Remove a user and its tokens (the audit log keeps the name)."""
        user = self._get(name)
        if user.role == "admin":
            self._keep_an_admin(user.name, f"{name} is the last admin and cannot be deleted: make another user admin first.")
        self.users.delete(user.name)

    def disable_user(self, name: str) -> int:
        """Lock a user out: every token (API and login) revoked and the password removed; how many
        tokens were revoked. ``reset_password`` lets the user in again."""
        user = self._get(name)
        if user.role == "admin":
            self._keep_an_admin(user.name, f"{name} is the last admin and cannot be disabled: make another user admin first.")
        self.users.set_password_hash(user.name, None)
        return self.users.delete_tokens(user.name)

    def reset_password(self, name: str, password: str | None = None) -> str:
        """Set a new password (``None``: a random one is generated) and end the user's login
        sessions; returns the password (to hand over once; it is not stored)."""
        user = self._get(name)
        new = password if password is not None else generate_password()
        self.set_password(user.name, new)
        self.users.delete_tokens(user.name, "session")
        return new

    def new_token(self, name: str) -> str:
        """A new API token for an existing user (shown once)."""
        return self._issue(self._get(name), "api")

    def _get(self, name: str) -> User:
        user = self.users.get(name)
        if user is None:
            raise NotFoundError(f"no user {name!r}: `sanchika users list` shows them.")
        return user

    def _keep_an_admin(self, name: str, message: str) -> None:
        """UsageError unless another admin that can log in remains."""
        if not any(r["role"] == "admin" and not r["disabled"] and r["name"] != name for r in self.users.rows()):
            raise UsageError(message)

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
