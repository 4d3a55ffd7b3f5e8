"""The web app in real Chromium: Debian's `chromium` driven by Playwright for Python (never
`playwright install`), against a real `sanchika serve` (a uvicorn subprocess on a free
127.0.0.1 port, with a temporary SANCHIKA_HOME, stopped by its PID).

Screenshots of each main page go to ``test-artifacts/screenshots/`` (gitignored).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
VIEWPORT = {"width": 1366, "height": 768}
PASSWORD = "correct horse 42"
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


def ready(page, name: str | None = None, timeout: float = 15_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app has rendered a screen (``main[data-ready]``), optionally a given one."""
    expr = f"() => document.querySelector('main').dataset.ready === '{name}'" if name else \
        "() => !!document.querySelector('main').dataset.ready"
    page.wait_for_function(expr, timeout=timeout)


def shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
