"""The web API over a real embedded deployment: SQLite, the local object store and the
in-process worker pool, with generated A5 pages at 200 dpi (tests.scans).

``corpus`` (one per session) holds a revenue document in file 245/भू-अभि/2018, an education
document and a health document, and one user per role: an operator, an admin, a revenue
department user and an education department user.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import pagegen
from tests.scans import EDUCATION_LINES, HEALTH_LINES, REVENUE_LINES, page

REVENUE_FILE = "245/भू-अभि/2018"


@dataclass
class Corpus:
    settings: Any
    app: Any
    tokens: dict[str, str]  # role name -> API token
    docs: dict[str, str]  # department -> document id
    batch_id: str

    def client(self):  # type: ignore[no-untyped-def]
        from fastapi.testclient import TestClient

        return TestClient(self.app)

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who in self.tokens else {}


def scan_png(lines: list[str], seed: int) -> bytes:
    return pagegen.image_bytes(page(lines, seed), "PNG", dpi=200)


def wait_for_batch(client, batch_id: str, headers: dict[str, str], timeout: float = 180) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/api/batches/{batch_id}", headers=headers).json()
        if body["status"] in ("done", "failed") or time.monotonic() > deadline:
            return body  # type: ignore[no-any-return]
        time.sleep(0.3)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Corpus:  # type: ignore[no-untyped-def]
    from sanchika.api import create_app
    from sanchika.pipeline import process_batch
    from sanchika.settings import Settings

    root: Path = tmp_path_factory.mktemp("api-scans")
    (root / "notesheet.png").write_bytes(scan_png(REVENUE_LINES, 1))
    (root / "education-order.png").write_bytes(scan_png(EDUCATION_LINES, 3))
    (root / "health-circular.pdf").write_bytes(pagegen.text_pdf(HEALTH_LINES))
    settings = Settings(home=tmp_path_factory.mktemp("api-home"), workers=2)
    report = process_batch([root], settings, batch_name="corpus", operator="seed")
    docs = {f.department: f.document_id for f in report.files if f.status == "done"}
    assert set(docs) >= {"revenue", "education", "health"}, report.to_json()

    app = create_app(settings)
    accounts = app.state.services.accounts
    tokens = {
        "operator": accounts.add_user("olga", "operator")[1],
        "admin": accounts.add_user("arun", "admin")[1],
        "revenue": accounts.add_user("ravi", "department", ["revenue"])[1],
        "education": accounts.add_user("esha", "department", ["शिक्षा"])[1],
    }
    return Corpus(settings, app, tokens, docs, report.batch_id)


@pytest.fixture
def client(corpus):  # type: ignore[no-untyped-def]
    return corpus.client()
