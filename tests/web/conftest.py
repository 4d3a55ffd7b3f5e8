"""The web app in real Chromium: Debian's `chromium` driven by Playwright for Python (never
`playwright install`), against a real `sanchika serve` (a uvicorn subprocess on a free
127.0.0.1 port, with a temporary SANCHIKA_HOME, stopped by its PID).

Screenshots of each main page go to ``test-artifacts/screenshots/`` (gitignored).
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import pagegen
from tests.scans import EDUCATION_LINES, REVENUE_LINES, page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
VIEWPORT = {"width": 1366, "height": 768}
PASSWORD = "correct horse 42"
LOCATION = "Almirah 7, shelf 2"  # the physical location the operator gives at upload
UNSURE_LINES = ["Minutes of the meeting", "The members were present.", "The next meeting will be held on Monday."]
USERS = {  # name -> (role, departments)
    "olga": ("operator", []),
    "arun": ("admin", []),
    "ravi": ("department", ["revenue"]),
    "esha": ("department", ["education"]),
}

sync_api = pytest.importorskip("playwright.sync_api", reason="the web tests need Playwright (pip install -e '.[dev]')")
if not CHROMIUM.exists():  # pragma: no cover - scripts/bootstrap.sh installs it with the dev extras
    pytest.skip("the web tests need Debian's chromium (apt-get install chromium)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    home: Path
    proc: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)


def add_users(home: Path) -> None:
    from sanchika.accounts import Accounts
    from sanchika.settings import Settings
    from workers.context import WorkerContext

    settings = Settings(home=home)
    accounts = Accounts(WorkerContext(settings.worker_config()).engine)
    for name, (role, deps) in USERS.items():
        accounts.add_user(name, role, deps)
        accounts.set_password(name, PASSWORD)


def start_server(home: Path, **env: str) -> Server:
    import httpx

    port = free_port()
    log = home / "serve.log"
    environ = {**os.environ, "SANCHIKA_HOME": str(home), "SANCHIKA_WORKERS": "2", **env}
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "sanchika", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", home, proc, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"sanchika serve exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(server.url + "/api/me", timeout=1).status_code == 401:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"sanchika serve did not start: {log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("web-home")
    add_users(home)
    srv = start_server(home)
    yield srv
    srv.stop()


def new_page(browser, server: Server, lang: str = "en"):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORT, locale="en-IN", base_url=server.url)
    context.add_init_script(f"localStorage.setItem('sanchika.lang', '{lang}')")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # type: ignore[attr-defined]
    return page


def login(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/#/login")
    page.get_by_label("User name").or_(page.get_by_label("उपयोगकर्ता नाम")).fill(name)
    page.locator("#login-pass").fill(PASSWORD)
    page.locator("#login-pass").press("Enter")
    page.wait_for_function("() => document.querySelector('main').dataset.ready && location.hash !== '#/login'")


def ready(page, name: str | None = None, timeout: float = 15_000, since: int | None = None) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app has rendered a screen (``main[data-ready]``), optionally a given one.

    ``since`` is ``renders(page)`` taken before an action that navigates to the screen already shown
    (a search submitted from the list it filters): the flag still says the old screen until the
    hash change is handled, so the wait is for a screen finished after that count."""
    cond = f"m.dataset.ready === '{name}'" if name else "!!m.dataset.ready"
    if since is not None:
        cond += f" && Number(m.dataset.renders || 0) > {int(since)}"
    page.wait_for_function(f"() => {{ const m = document.querySelector('main'); return {cond}; }}", timeout=timeout)


def renders(page) -> int:  # type: ignore[no-untyped-def]
    """How many screens the app has finished so far (for ``ready(..., since=...)``)."""
    return int(page.evaluate("() => Number(document.querySelector('main').dataset.renders || 0)"))


def shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


@dataclass
class Uploaded:
    batch_id: str
    files: dict[str, dict[str, Any]]  # name -> file of GET /api/batches/{id}


@pytest.fixture(scope="session")
def uploaded(browser, server, tmp_path_factory) -> Uploaded:  # type: ignore[no-untyped-def]
    """The operator's batch, uploaded through the page (files + a ZIP + a bad file) in small
    chunks, with the second chunk's connection dropped once: the upload must resume."""
    root: Path = tmp_path_factory.mktemp("web-scans")
    (root / "notesheet.png").write_bytes(pagegen.image_bytes(page(REVENUE_LINES, 1), "PNG", dpi=200))
    (root / "two-pages.pdf").write_bytes(pagegen.image_pdf([page(EDUCATION_LINES, 3), page(EDUCATION_LINES[2:], 4)], dpi=200))
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("almirah/minutes.png", pagegen.image_bytes(page(UNSURE_LINES, 5), "PNG", dpi=200))
    (root / "bundle.zip").write_bytes(bundle.getvalue())
    (root / "empty.pdf").write_bytes(b"")

    pg = new_page(browser, server)
    pg.context.add_init_script("localStorage.setItem('sanchika.chunkBytes', String(64 * 1024))")
    dropped: list[str] = []

    def drop_once(route) -> None:  # type: ignore[no-untyped-def]
        if "offset=65536" in route.request.url and not dropped:
            dropped.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    pg.route(re.compile(r".*/api/uploads/[0-9a-f]+\?offset=.*"), drop_once)
    login(pg, "olga")
    pg.get_by_role("link", name="New batch").first.click()
    ready(pg, "upload")
    pg.get_by_label("Batch name").fill("Almirah 7")
    pg.get_by_label("Physical location — box / almirah (optional)").fill(LOCATION)
    pg.locator("#pick-files").set_input_files([str(root / n) for n in ("notesheet.png", "two-pages.pdf", "bundle.zip", "empty.pdf")])
    pg.get_by_text("4 Files").wait_for()
    shot(pg, "operator-upload")
    pg.get_by_role("button", name="Upload and start").click()
    ready(pg, "batch", timeout=60_000)
    assert dropped, "the test meant to drop a chunk's connection"
    pg.wait_for_selector("#batch-view[data-status=done]", timeout=240_000)
    shot(pg, "operator-batch")
    batch_id = pg.evaluate("location.hash").split("/")[-1]
    body = pg.request.get(f"/api/batches/{batch_id}").json()
    assert body["hints"] == {"location": LOCATION}
    assert f"Location: {LOCATION}" in pg.locator(".hints").inner_text()
    pg.context.close()
    return Uploaded(batch_id, {f["name"]: f for f in body["files"]})


