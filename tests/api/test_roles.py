"""Who may do what: every role (and no credentials) against every endpoint, each cell tested."""

from __future__ import annotations

import pytest

from .conftest import REVENUE_FILE

TARGET = "matrix-target"  # a user the admin endpoints change; made again before every request

ROLES = ("anonymous", "operator", "admin", "revenue", "education")
EVERYONE = {"anonymous": 401, "operator": 200, "admin": 200, "revenue": 200, "education": 200}
REVENUE_DOC = {**EVERYONE, "education": 404}  # the education user cannot see the revenue document
OPERATORS = {"anonymous": 401, "operator": 200, "admin": 200, "revenue": 403, "education": 403}
UPLOADERS = {**OPERATORS, "operator": 202, "admin": 202}
ADMINS = {"anonymous": 401, "operator": 403, "admin": 200, "revenue": 403, "education": 403}

# (method, path template, request kwargs, expected status per role)
MATRIX = [
    ("GET", "/api/me", {}, EVERYONE),
    ("GET", "/api/documents", {}, EVERYONE),
    ("GET", "/api/search", {"params": {"q": "खसरा"}}, EVERYONE),
    ("GET", "/api/documents/{rev}", {}, REVENUE_DOC),
    ("GET", "/api/documents/{rev}/pdf", {}, REVENUE_DOC),
    ("GET", "/api/documents/{rev}/pages/1.png", {}, REVENUE_DOC),
    ("GET", "/api/files/" + REVENUE_FILE, {}, REVENUE_DOC),
    ("POST", "/api/batches", {"files": [("files", ("notes.txt", b"not a scan", "text/plain"))]}, UPLOADERS),
    ("GET", "/api/batches", {}, OPERATORS),
    ("GET", "/api/batches/{batch}", {}, OPERATORS),
    ("POST", "/api/documents/{rev}/department", {"json": {"department": "revenue", "reason": "confirmed"}}, OPERATORS),
    # the revenue document's own number and an approval: the corpus stays as it is
    ("POST", "/api/documents/{rev}/file-number", {"json": {"file_number": REVENUE_FILE, "reason": "confirmed"}}, OPERATORS),
    ("POST", "/api/documents/{rev}/approve", {}, OPERATORS),
    ("POST", "/api/documents/{rev}/review", {"json": {"file_number": REVENUE_FILE, "reason": "confirmed"}}, OPERATORS),
    ("GET", "/api/queues", {}, ADMINS),
    ("GET", "/api/audit", {}, ADMINS),
    ("GET", "/api/fixity", {}, ADMINS),
    ("GET", "/api/departments", {}, EVERYONE),
    ("GET", "/api/review", {}, OPERATORS),
    ("POST", "/api/uploads", {"json": {"name": "a.png", "size": 3}}, {**OPERATORS, "operator": 201, "admin": 201}),
    ("GET", "/api/uploads/" + "0" * 32, {}, {**OPERATORS, "operator": 404, "admin": 404}),
    ("PUT", "/api/uploads/" + "0" * 32, {"params": {"offset": 0}, "content": b"abc"}, {**OPERATORS, "operator": 404, "admin": 404}),
    ("POST", "/api/batches/from-uploads", {"json": {"upload_ids": ["0" * 32]}}, {**OPERATORS, "operator": 404, "admin": 404}),
    ("POST", "/api/batches/{batch}/retry", {}, {**OPERATORS, "operator": 202, "admin": 202}),
    ("POST", "/api/requeue", {"params": {"dry_run": "true"}}, {**ADMINS, "admin": 202}),
    ("POST", "/api/batches/{batch}/requeue", {"params": {"dry_run": "true"}}, {**ADMINS, "admin": 202}),
    ("GET", "/api/reports/digitisation", {}, ADMINS),
    ("GET", "/api/reports/throughput", {}, ADMINS),
    ("GET", "/api/users", {}, ADMINS),
    ("POST", "/api/users", {"json": {"name": "matrix-user", "role": "operator"}}, {**ADMINS, "admin": 201}),
    ("PATCH", "/api/users/" + TARGET, {"json": {"role": "department", "departments": ["revenue"]}}, ADMINS),
    ("POST", "/api/users/" + TARGET + "/disable", {}, ADMINS),
    ("POST", "/api/users/" + TARGET + "/password", {"json": {}}, ADMINS),
    ("DELETE", "/api/users/" + TARGET, {}, {**ADMINS, "admin": 204}),
    ("GET", "/api/files", {}, EVERYONE),
    ("POST", "/api/files/" + REVENUE_FILE + "/export", {}, ADMINS),
    # a text file is refused before anything changes: the corpus document stays as it is
    ("POST", "/api/documents/{rev}/pages/1/replace", {"files": {"file": ("page.txt", b"not a scan", "text/plain")}},
     {**OPERATORS, "operator": 415, "admin": 415}),
    ("GET", "/api/rescans", {}, OPERATORS),
    ("GET", "/api/rescans/999999", {}, {**OPERATORS, "operator": 404, "admin": 404}),
    ("DELETE", "/api/rescans/999999", {}, {**OPERATORS, "operator": 404, "admin": 404}),
    # an empty reason is refused: nothing is marked
    ("POST", "/api/documents/{rev}/pages/1/rescan", {"json": {"reason": ""}}, {**OPERATORS, "operator": 422, "admin": 422}),
]
CODES = {401: "auth.required", 403: "auth.forbidden", 404: "not_found", 415: "input.unsupported", 422: "usage"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,template,kwargs,expected", MATRIX, ids=[f"{m} {t}" for m, t, _, _ in MATRIX])
def test_who_may_do_what(corpus, client, role, method, template, kwargs, expected) -> None:  # type: ignore[no-untyped-def]
    path = template.format(rev=corpus.docs["revenue"], batch=corpus.batch_id)
    accounts = corpus.app.state.services.accounts
    if accounts.users.get(TARGET) is None:
        accounts.add_user(TARGET, "operator")
    r = client.request(method, path, headers=corpus.headers(role), **kwargs)
    assert r.status_code == expected[role], r.text
    if r.status_code >= 400:
        assert r.json()["error"]["code"] == CODES[r.status_code]


def test_the_matrix_covers_every_endpoint(corpus) -> None:  # type: ignore[no-untyped-def]
    spec = corpus.app.openapi()["paths"]
    endpoints = {(m.upper(), p) for p, ops in spec.items() for m in ops}
    covered = {(m, t.replace("{rev}", "{doc_id}").replace("{batch}", "{batch_id}").replace("1.png", "{n}.png")
                .replace(REVENUE_FILE, "{file_number}").replace("0" * 32, "{upload_id}")
                .replace(TARGET, "{name}").replace("pages/1/", "pages/{n}/").replace("999999", "{rescan_id}")) for m, t, _, _ in MATRIX}
    covered |= {("POST", "/api/login"), ("POST", "/api/logout")}  # tests/api/test_auth.py
    assert endpoints == covered
