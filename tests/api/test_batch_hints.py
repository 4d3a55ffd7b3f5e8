"""The operator's hints for a batch — department, file number, physical location (box/almirah) —
go with the multipart upload and the batch of resumable uploads, are stored on the batch
(GET /api/batches/{id}) and written to the audit log."""

from __future__ import annotations

HINTS = {"department": "revenue", "file_number": "245/भू-अभि/2018", "location": "अलमारी 7, खाना 2"}


def test_multipart_upload_takes_hints_as_form_fields(corpus, client) -> None:  # type: ignore[no-untyped-def]
    op = corpus.headers("operator")
    r = client.post("/api/batches", files=[("files", ("x.txt", b"not a scan", "text/plain"))],
                    data={"name": "hinted", "department": "राजस्व", "file_number": HINTS["file_number"], "location": HINTS["location"]},
                    headers=op)
    assert r.status_code == 202, r.text
    batch = client.get(f"/api/batches/{r.json()['id']}", headers=op).json()
    assert batch["hints"] == HINTS
    audit = client.get("/api/audit", params={"action": "upload", "target": r.json()["id"]}, headers=corpus.headers("admin")).json()
    assert audit[0]["detail"]["hints"] == HINTS


def test_batch_from_uploads_takes_a_location(corpus, client) -> None:  # type: ignore[no-untyped-def]
    op = corpus.headers("operator")
    data = b"not a scan either"
    up = client.post("/api/uploads", json={"name": "y.txt", "size": len(data)}, headers=op).json()["id"]
    assert client.put(f"/api/uploads/{up}", params={"offset": 0}, content=data, headers=op).status_code == 200
    r = client.post("/api/batches/from-uploads", json={"upload_ids": [up], "location": "  Box 12  "}, headers=op)
    assert r.status_code == 202, r.text
    assert client.get(f"/api/batches/{r.json()['id']}", headers=op).json()["hints"] == {"location": "Box 12"}


def test_no_hints_and_bad_hints(corpus, client) -> None:  # type: ignore[no-untyped-def]
    op = corpus.headers("operator")
    r = client.post("/api/batches", files=[("files", ("x.txt", b"text", "text/plain"))], data={"location": "   "}, headers=op)
    assert client.get(f"/api/batches/{r.json()['id']}", headers=op).json()["hints"] == {}
    bad = client.post("/api/batches", files=[("files", ("x.txt", b"text", "text/plain"))], data={"department": "space agency"}, headers=op)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "usage"
    long = client.post("/api/batches/from-uploads", json={"upload_ids": ["0" * 32], "location": "x" * 301}, headers=op)
    assert long.status_code == 422
