"""Every upload, view, download and correction is in the audit log (GET /api/audit, admin)."""

from __future__ import annotations

from .conftest import REVENUE_FILE


def test_actions_are_audited_with_who_and_what(corpus, client) -> None:  # type: ignore[no-untyped-def]
    rev = corpus.docs["revenue"]
    h = corpus.headers("revenue")
    client.get(f"/api/documents/{rev}", headers=h)
    client.get(f"/api/documents/{rev}/pdf", headers=h)
    client.get(f"/api/documents/{rev}/pages/1.png", headers=h)
    client.get(f"/api/files/{REVENUE_FILE}", headers=h)
    client.get("/api/search", params={"q": "जमाबंदी"}, headers=h)
    op = corpus.headers("operator")
    client.post(f"/api/documents/{rev}/department", json={"department": "revenue", "reason": "checked"}, headers=op)
    up = client.post("/api/batches", files=[("files", ("x.txt", b"text", "text/plain"))], headers=op).json()["id"]

    admin = corpus.headers("admin")
    mine = client.get("/api/audit", params={"user": "ravi", "limit": 1000}, headers=admin).json()
    seen = {(e["action"], e["target_id"], (e["detail"] or {}).get("what")) for e in mine}
    assert {("view", rev, None), ("download", rev, "pdf"), ("view", rev, "page"), ("view", REVENUE_FILE, None),
            ("search", "जमाबंदी", None)} <= seen
    assert ("download", rev, "page") not in seen  # a page image on screen is a view, not a download
    corrections = client.get("/api/audit", params={"action": "correct", "target": rev}, headers=admin).json()
    assert corrections and corrections[0]["user"] == "olga" and corrections[0]["detail"]["new"] == "revenue"
    uploads = client.get("/api/audit", params={"action": "upload", "user": "olga"}, headers=admin).json()
    assert any(e["target_id"] == up and e["detail"]["files"] == ["x.txt"] for e in uploads)


def test_denied_and_hidden_reads_are_not_logged_as_views(corpus, client) -> None:  # type: ignore[no-untyped-def]
    rev = corpus.docs["revenue"]
    client.get(f"/api/documents/{rev}", headers=corpus.headers("education"))
    entries = client.get("/api/audit", params={"user": "esha", "action": "view", "target": rev}, headers=corpus.headers("admin")).json()
    assert entries == []


def test_audit_filters_by_time(corpus, client) -> None:  # type: ignore[no-untyped-def]
    admin = corpus.headers("admin")
    client.get(f"/api/documents/{corpus.docs['health']}", headers=admin)
    latest = client.get("/api/audit", params={"limit": 1}, headers=admin).json()[0]
    assert latest["at"].endswith("Z") or latest["at"].endswith("+00:00")
    later = client.get("/api/audit", params={"since": "2999-01-01T00:00:00Z"}, headers=admin).json()
    assert later == []
    earlier = client.get("/api/audit", params={"until": "2000-01-01T00:00:00+05:30"}, headers=admin).json()
    assert earlier == []
    bad = client.get("/api/audit", params={"since": "yesterday"}, headers=admin)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "usage"
