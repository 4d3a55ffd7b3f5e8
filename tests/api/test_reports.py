"""The digitisation report (GET /api/reports/digitisation, JSON and CSV), the throughput chart's
numbers, the review queue, the department list and user administration."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta


def test_digitisation_report_json_and_csv(corpus, client) -> None:  # type: ignore[no-untyped-def]
    h = corpus.headers("admin")
    r = client.get("/api/reports/digitisation", headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    today = date.today()
    assert body["to"] == today.isoformat() and date.fromisoformat(body["from"]) < today
    deps = {d["department"]: d for d in body["departments"]}
    assert {"revenue", "education", "health"} <= set(deps)
    assert deps["revenue"]["name_hi"] == "राजस्व" and deps["revenue"]["pages"] >= 1
    assert body["pages"] == sum(d["pages"] for d in body["departments"]) == body["sheets_saved"]
    assert body["documents"] == sum(w["documents"] for w in body["weeks"]) >= 3
    assert 0 <= body["review_share"] <= 1 and len(body["weeks"]) >= 12

    r = client.get("/api/reports/digitisation", params={"format": "csv"}, headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert rows[-1]["week"] == "total" and int(rows[-1]["pages"]) == body["pages"]
    assert any(row["department"] == "revenue" and row["department_hi"] == "राजस्व" for row in rows)

    past = client.get("/api/reports/digitisation", params={"from": "2001-01-01", "to": "2001-01-31"}, headers=h).json()
    assert past["documents"] == 0 and past["departments"] == [] and len(past["weeks"]) == 5
    bad = client.get("/api/reports/digitisation", params={"from": today.isoformat(), "to": (today - timedelta(days=1)).isoformat()}, headers=h)
    assert bad.status_code == 400
    assert client.get("/api/reports/digitisation", headers=corpus.headers("operator")).status_code == 403
    exports = client.get("/api/audit", params={"action": "export"}, headers=h).json()
    assert exports and exports[0]["target_id"] == "digitisation"


def test_throughput_per_hour(corpus, client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/reports/throughput", params={"hours": 24}, headers=corpus.headers("admin"))
    assert r.status_code == 200
    body = r.json()
    assert len(body["hours"]) == 24 and body["pages"] == sum(x["pages"] for x in body["hours"]) >= 3
    assert body["pool_workers"] == 2
    assert client.get("/api/reports/throughput", headers=corpus.headers("revenue")).status_code == 403


def test_review_queue_and_departments(corpus, client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/review", headers=corpus.headers("operator"))
    assert r.status_code == 200 and set(r.json()) == {"counts", "documents", "pages", "boundaries", "limit", "offset"}
    assert client.get("/api/review", headers=corpus.headers("revenue")).status_code == 403
    deps = client.get("/api/departments", headers=corpus.headers("revenue")).json()
    assert {"key": "revenue", "name_en": "Revenue", "name_hi": "राजस्व"} in deps


def test_admin_lists_and_creates_users(corpus, client) -> None:  # type: ignore[no-untyped-def]
    h = corpus.headers("admin")
    r = client.post("/api/users", json={"name": "kavya", "role": "department", "departments": ["कृषि"], "password": "kavya-secret"}, headers=h)
    assert r.status_code == 201, r.text
    assert r.json()["user"] == {"name": "kavya", "role": "department", "departments": ["agriculture"]}
    assert client.get("/api/me", headers={"Authorization": f"Bearer {r.json()['token']}"}).json()["name"] == "kavya"
    assert client.post("/api/login", json={"username": "kavya", "password": "kavya-secret"}).status_code == 200
    users = {u["name"]: u for u in client.get("/api/users", headers=h).json()}
    assert users["kavya"]["has_password"] and not users["olga"]["has_password"]
    assert client.post("/api/users", json={"name": "kavya", "role": "operator"}, headers=h).status_code == 400  # exists
    assert client.post("/api/users", json={"name": "x", "role": "department"}, headers=h).status_code == 400  # no department
    assert client.post("/api/users", json={"name": "y", "role": "admin"}, headers=corpus.headers("operator")).status_code == 403
    assert client.get("/api/users", headers=corpus.headers("revenue")).status_code == 403
