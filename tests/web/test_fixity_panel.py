"""An admin sees the last `sanchika verify` result on the Queues page (issue 21)."""

from __future__ import annotations

import json
import os
import subprocess

from ..conftest import SANCHIKA
from .conftest import login, new_page, ready, shot


def test_admin_sees_the_last_verify_result(browser, server, uploaded) -> None:  # type: ignore[no-untyped-def]
    out = subprocess.run([str(SANCHIKA), "verify", "--json"], env={**os.environ, "SANCHIKA_HOME": str(server.home)},
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    pg = new_page(browser, server)
    login(pg, "arun")
    ready(pg, "queues")
    panel = pg.locator("#fixity")
    panel.wait_for()
    stats = {panel.locator(".stat .k").nth(i).inner_text(): panel.locator(".stat .v").nth(i).inner_text()
             for i in range(panel.locator(".stat").count())}
    assert stats["Objects checked"].replace(",", "") == str(report["checked"]) and int(report["checked"]) > 5
    assert stats["Intact"].replace(",", "") == str(report["ok"]) and stats["Damaged"] == "0" and stats["Missing"] == "0"
    shot(pg, "admin-fixity")
    assert not pg.js_errors
