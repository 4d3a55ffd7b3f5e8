"""What routes need, as FastAPI dependencies: the services built once per app, the caller
(``Principal``) from a Bearer token or the session cookie, and role checks.

    Svc        = the app's Services (settings, catalog/store context, accounts, audit log)
    Caller     = any authenticated user                       401 without valid credentials
    Operator   = operator or admin                            403 for a department user
    Admin      = admin only                                   403 otherwise
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from domain.errors import AuthenticationError, PermissionDeniedError
from storage.audit import AuditLog
from storage.library import Library
from workers.context import WorkerContext
from workers.executor import Executor, open_executor

from ..accounts import Accounts, Principal
from ..settings import Settings

SESSION_COOKIE = "sanchika_session"


@dataclass
class Services:
    settings: Settings

    @cached_property
    def executor(self) -> Executor:
        """The app's one executor: every upload, retry and requeue shares its process pool
        (embedded) or its publisher (server mode)."""
        return open_executor(self.settings.worker_config())

    def close(self) -> None:
        """The app is stopping: the executor stops in order (``SANCHIKA_SHUTDOWN_SECONDS`` for the
        pages being read); what is left is resumed by `sanchika requeue`."""
        if "executor" in self.__dict__:
            self.executor.close(self.settings.shutdown_seconds)

    @cached_property
    def ctx(self) -> WorkerContext:
        return self.executor.context

    @cached_property
    def accounts(self) -> Accounts:
        return Accounts(self.ctx.engine, self.settings.session_hours)

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.ctx.engine)

    def library(self, who: Principal) -> Library:
        """Every document read goes through this: the caller's department scope is in the query."""
        return Library(self.ctx.engine, who.scope)

    def record(self, who: Principal, action: str, target_type: str, target_id: str, **detail: Any) -> None:
        self.audit.record(who.name, action, target_type, target_id, detail or None)


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


Svc = Annotated[Services, Depends(get_services)]

_bearer = HTTPBearer(auto_error=False, description="An API token (`sanchika users add`) or a login token (POST /api/login).")


def bearer_or_cookie_token(
    request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> str:
    if creds is not None and creds.scheme.lower() == "bearer" and creds.credentials:
        return creds.credentials
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return cookie
    raise AuthenticationError("log in first: send `Authorization: Bearer <token>` (POST /api/login gives one).")


Token = Annotated[str, Depends(bearer_or_cookie_token)]


def current_principal(services: Svc, token: Token) -> Principal:
    return services.accounts.authenticate(token)


Caller = Annotated[Principal, Depends(current_principal)]


def _operator(who: Caller) -> Principal:
    if who.role not in ("operator", "admin"):
        raise PermissionDeniedError("only operators and admins may do this.")
    return who


def _admin(who: Caller) -> Principal:
    if who.role != "admin":
        raise PermissionDeniedError("only admins may do this.")
    return who


Operator = Annotated[Principal, Depends(_operator)]
Admin = Annotated[Principal, Depends(_admin)]
