"""User administration by admins: edit role and departments, disable, reset the password, delete —
in the library (sanchika.accounts) and over the web API, each change audited; other roles refused."""

from __future__ import annotations

import pytest

from domain.errors import NotFoundError, UsageError

OTHERS = ("anonymous", "operator", "revenue", "education")


def _accounts(corpus):  # type: ignore[no-untyped-def]
    return corpus.app.state.services.accounts


def _fresh(corpus, name: str, role: str = "operator", departments: tuple[str, ...] = (), password: str | None = None) -> str:  # type: ignore[no-untyped-def]
    accounts = _accounts(corpus)
    if accounts.users.get(name) is not None:
        accounts.users.delete(name)
    _, token = accounts.add_user(name, role, list(departments))
    if password:
        accounts.set_password(name, password)
    return token


def _row(client, corpus, name: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    rows = client.get("/api/users", params={"limit": 500}, headers=corpus.headers("admin")).json()
    return next(r for r in rows if r["name"] == name)


def test_edit_role_and_departments_takes_effect_at_the_next_request(corpus, client) -> None:  # type: ignore[no-untyped-def]
    token = _fresh(corpus, "edit-me", "operator")
    me = {"Authorization": f"Bearer {token}"}
    admin = corpus.headers("admin")
    assert client.get("/api/batches", headers=me).status_code == 200

    r = client.patch("/api/users/edit-me", json={"role": "department", "departments": ["शिक्षा", "revenue"]}, headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["role"] == "department" and r.json()["departments"] == ["education", "revenue"]
    assert client.get("/api/me", headers=me).json() == {"name": "edit-me", "role": "department", "departments": ["education", "revenue"]}
    assert client.get("/api/batches", headers=me).status_code == 403  # no longer an operator
    hits = client.get("/api/documents", params={"limit": 500}, headers=me).json()
    assert {d["department"] for d in hits} <= {"education", "revenue"}

    # departments only: the role stays
    r = client.patch("/api/users/edit-me", json={"departments": ["health"]}, headers=admin)
    assert r.json()["role"] == "department" and r.json()["departments"] == ["health"]
    # back to operator: the departments go
    r = client.patch("/api/users/edit-me", json={"role": "operator"}, headers=admin)
    assert r.json() == {**r.json(), "role": "operator", "departments": []}

    entries = client.get("/api/audit", params={"action": "admin", "target": "edit-me"}, headers=admin).json()
    assert [e["detail"]["change"] for e in entries][:3] == ["edit", "edit", "edit"] and entries[0]["user"] == "arun"


@pytest.mark.parametrize("body", [
    {"role": "department"},  # a department user needs a department
    {"departments": ["revenue"]},  # departments on an operator
    {"role": "department", "departments": ["space agency"]},  # unknown department
])
def test_bad_edits_are_usage_errors_and_change_nothing(corpus, client, body) -> None:  # type: ignore[no-untyped-def]
    _fresh(corpus, "stay-same", "operator")
    r = client.patch("/api/users/stay-same", json=body, headers=corpus.headers("admin"))
    assert r.status_code == 400 and r.json()["error"]["code"] == "usage", r.text
    assert _row(client, corpus, "stay-same")["role"] == "operator"


def test_unknown_user_is_404_for_every_change(corpus, client) -> None:  # type: ignore[no-untyped-def]
    admin = corpus.headers("admin")
    for method, path, kw in [("PATCH", "/api/users/nobody-here", {"json": {"role": "admin"}}),
                             ("POST", "/api/users/nobody-here/disable", {}),
                             ("POST", "/api/users/nobody-here/password", {"json": {}}),
                             ("DELETE", "/api/users/nobody-here", {})]:
        r = client.request(method, path, headers=admin, **kw)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", (method, path, r.text)


def test_an_admin_cannot_demote_disable_or_delete_themself(corpus, client) -> None:  # type: ignore[no-untyped-def]
    admin = corpus.headers("admin")
    for method, path, kw in [("PATCH", "/api/users/arun", {"json": {"role": "operator"}}),
                             ("POST", "/api/users/arun/disable", {}),
                             ("DELETE", "/api/users/arun", {})]:
        r = client.request(method, path, headers=admin, **kw)
        assert r.status_code == 400 and r.json()["error"]["code"] == "usage", (method, path, r.text)
    assert client.get("/api/me", headers=admin).json()["role"] == "admin"


def test_disable_locks_out_and_a_password_reset_lets_in_again(corpus, client) -> None:  # type: ignore[no-untyped-def]
    token = _fresh(corpus, "leaver", "operator", password="old-password-1")
    admin = corpus.headers("admin")
    session = client.post("/api/login", json={"username": "leaver", "password": "old-password-1"}).json()["token"]
    assert _row(client, corpus, "leaver")["tokens"] == 2

    r = client.post("/api/users/leaver/disable", headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["disabled"] is True and r.json()["has_password"] is False and r.json()["tokens"] == 0
    for t in (token, session):
        assert client.get("/api/me", headers={"Authorization": f"Bearer {t}"}).status_code == 401
    assert client.post("/api/login", json={"username": "leaver", "password": "old-password-1"}).status_code == 401

    r = client.post("/api/users/leaver/password", json={"password": "new-password-2"}, headers=admin)
    assert r.status_code == 200 and r.json() == {"generated": False, "password": None}
    assert _row(client, corpus, "leaver")["disabled"] is False
    assert client.post("/api/login", json={"username": "leaver", "password": "new-password-2"}).status_code == 200

    entries = client.get("/api/audit", params={"action": "admin", "target": "leaver"}, headers=admin).json()
    assert [e["detail"]["change"] for e in entries][:2] == ["reset_password", "disable"]
    assert "new-password-2" not in str(entries)  # never a password in the log


def test_generated_password_works_and_ends_the_old_sessions(corpus, client) -> None:  # type: ignore[no-untyped-def]
    api_token = _fresh(corpus, "forgetful", "department", ("revenue",), password="first-password-1")
    session = client.post("/api/login", json={"username": "forgetful", "password": "first-password-1"}).json()["token"]
    r = client.post("/api/users/forgetful/password", json={}, headers=corpus.headers("admin"))
    assert r.status_code == 200 and r.json()["generated"] is True
    new = r.json()["password"]
    assert len(new) >= 16
    assert client.get("/api/me", headers={"Authorization": f"Bearer {session}"}).status_code == 401  # session ended
    assert client.get("/api/me", headers={"Authorization": f"Bearer {api_token}"}).status_code == 200  # API token kept
    assert client.post("/api/login", json={"username": "forgetful", "password": "first-password-1"}).status_code == 401
    assert client.post("/api/login", json={"username": "forgetful", "password": new}).status_code == 200
    assert client.post("/api/users/forgetful/password", json={"password": "short"}, headers=corpus.headers("admin")).status_code == 422


def test_delete_removes_the_user_and_its_tokens(corpus, client) -> None:  # type: ignore[no-untyped-def]
    token = _fresh(corpus, "gone-soon", "operator")
    admin = corpus.headers("admin")
    r = client.delete("/api/users/gone-soon", headers=admin)
    assert r.status_code == 204 and r.content == b""
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert all(u["name"] != "gone-soon" for u in client.get("/api/users", params={"limit": 500}, headers=admin).json())
    assert client.delete("/api/users/gone-soon", headers=admin).status_code == 404
    entries = client.get("/api/audit", params={"action": "admin", "target": "gone-soon"}, headers=admin).json()
    assert entries[0]["detail"]["change"] == "delete"


@pytest.mark.parametrize("role", OTHERS)
def test_only_admins_administer_users(corpus, client, role) -> None:  # type: ignore[no-untyped-def]
    _fresh(corpus, "protected", "operator")
    expected = 401 if role == "anonymous" else 403
    h = corpus.headers(role)
    for method, path, kw in [("PATCH", "/api/users/protected", {"json": {"role": "admin"}}),
                             ("POST", "/api/users/protected/disable", {}),
                             ("POST", "/api/users/protected/password", {"json": {"password": "hijacked-123"}}),
                             ("DELETE", "/api/users/protected", {})]:
        r = client.request(method, path, headers=h, **kw)
        assert r.status_code == expected, (role, method, path, r.text)
    assert _row(client, corpus, "protected")["role"] == "operator" and _row(client, corpus, "protected")["disabled"] is False


def test_user_names_with_a_slash_are_refused(corpus, client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/users", json={"name": "a/b", "role": "operator"}, headers=corpus.headers("admin"))
    assert r.status_code == 422
    with pytest.raises(UsageError):
        _accounts(corpus).add_user("c/d", "operator")


def test_the_last_admin_stays(tmp_path) -> None:
    from sanchika.accounts import Accounts
    from storage.db import init_schema, open_engine

    engine = open_engine(f"sqlite:///{tmp_path / 'u.db'}")
    init_schema(engine)
    accounts = Accounts(engine)
    accounts.add_user("root", "admin")
    accounts.add_user("second", "admin")
    accounts.disable_user("second")  # a disabled admin does not count
    for change in (lambda: accounts.delete_user("root"), lambda: accounts.disable_user("root"),
                   lambda: accounts.update_user("root", "operator")):
        with pytest.raises(UsageError, match="last admin"):
            change()
    accounts.reset_password("second", "second-password")  # enabled again: now root may go
    accounts.update_user("root", "operator")
    assert accounts.users.get("root").role == "operator"  # type: ignore[union-attr]
    with pytest.raises(NotFoundError):
        accounts.delete_user("nobody")
