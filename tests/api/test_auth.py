"""Tokens, passwords, sessions and the 401s."""

from __future__ import annotations

import pytest

PROTECTED = ["/api/me", "/api/documents", "/api/batches", "/api/queues", "/api/audit", "/api/search?q=x"]


@pytest.mark.parametrize("path", PROTECTED)
@pytest.mark.parametrize("auth", [None, "Bearer not-a-token", "Bearer ", "Basic dXNlcjpwdw==", "garbage"])
def test_without_valid_credentials_401(client, path, auth) -> None:  # type: ignore[no-untyped-def]
    r = client.get(path, headers={"Authorization": auth} if auth else {})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "auth.required"
    assert r.headers["www-authenticate"] == "Bearer"


def test_tokens_are_stored_only_as_hashes(corpus) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from storage.schema import api_tokens

    with corpus.app.state.services.ctx.engine.connect() as c:
        stored = {r[0] for r in c.execute(select(api_tokens.c.token_hash))}
    assert not set(corpus.tokens.values()) & stored
    assert all(len(h) == 64 for h in stored)


def test_login_with_password_gives_a_session_token_and_cookie(corpus, client) -> None:  # type: ignore[no-untyped-def]
    accounts = corpus.app.state.services.accounts
    accounts.add_user("pat", "department", ["health"])
    accounts.set_password("pat", "लंबा-password-9")
    r = client.post("/api/login", json={"username": "pat", "password": "लंबा-password-9"})
    assert r.status_code == 200, r.text
    token = r.json()["token"]
    assert r.json()["user"] == {"name": "pat", "role": "department", "departments": ["health"]}
    assert "httponly" in r.headers["set-cookie"].lower()
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()["name"] == "pat"
    # the cookie alone authenticates the web app (TestClient keeps it)
    assert client.get("/api/me").json()["name"] == "pat"
    assert client.post("/api/logout").status_code == 204
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize("username,password", [("pat2", "wrong-password"), ("nobody", "whatever-1"), ("pat2", "")])
def test_wrong_login_is_401_or_422(corpus, client, username, password) -> None:  # type: ignore[no-untyped-def]
    accounts = corpus.app.state.services.accounts
    if accounts.users.get("pat2") is None:
        accounts.add_user("pat2", "operator")
        accounts.set_password("pat2", "right-password")
    r = client.post("/api/login", json={"username": username, "password": password})
    if password:
        assert r.status_code == 401 and r.json()["error"] == {"code": "auth.required", "message": "wrong user name or password."}
    else:
        assert r.status_code == 422 and r.json()["error"]["code"] == "usage"


def test_api_token_logout_revokes_it(corpus, client) -> None:  # type: ignore[no-untyped-def]
    _, token = corpus.app.state.services.accounts.add_user("temp-op", "operator")
    h = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/batches", headers=h).status_code == 200
    assert client.post("/api/logout", headers=h).status_code == 204
    assert client.get("/api/batches", headers=h).status_code == 401


def test_expired_session_is_401(corpus, client) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from sanchika.accounts import token_hash
    from storage.catalog import now

    users = corpus.app.state.services.accounts.users
    user = users.add("old-session", "admin")
    users.add_token(user.id, token_hash("stale-token"), "session", now() - timedelta(minutes=1))
    assert client.get("/api/me", headers={"Authorization": "Bearer stale-token"}).status_code == 401
