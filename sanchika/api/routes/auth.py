"""POST /api/login, POST /api/logout, GET /api/me."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ...accounts import Principal
from ..deps import SESSION_COOKIE, Caller, Svc, Token
from ..models import LoginRequest, LoginResponse, Me

router = APIRouter(tags=["auth"])


def me_of(who: Principal) -> Me:
    return Me(name=who.name, role=who.role, departments=list(who.departments))  # type: ignore[arg-type]


@router.post("/login", response_model=LoginResponse)
def login(body: LoginRequest, services: Svc, response: Response) -> LoginResponse:
    """A session token for a user name and password (set with `sanchika users set-password`).
    The token is returned and also set as an HTTP-only cookie for the web app."""
    who, token = services.accounts.login(body.username, body.password)
    services.record(who, "login", "user", who.name)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict",
                        max_age=services.settings.session_hours * 3600)
    return LoginResponse(token=token, user=me_of(who))


@router.post("/logout", status_code=204)
def logout(who: Caller, token: Token, services: Svc, response: Response) -> Response:
    """Revoke the token used for this request (login sessions and API tokens alike)."""
    services.accounts.logout(token)
    response.delete_cookie(SESSION_COOKIE)
    response.status_code = 204
    return response


@router.get("/me", response_model=Me)
def me(who: Caller) -> Me:
    """Who the token belongs to: name, role and departments."""
    return me_of(who)
