"""A real `sanchika serve` on a free 127.0.0.1 port, for the tests that need the process itself."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def start_serve(env: dict[str, str], cwd: Path, *, timeout: float = 30.0, new_session: bool = False) -> tuple[subprocess.Popen, str]:
    """Start `python -m sanchika serve` and wait until it answers; (the process, its base URL)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "sanchika", "serve", "--port", str(port)], env=env, cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=new_session)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base}/openapi.json").status_code == 200:
                return server, base
        except httpx.TransportError:
            pass
        if time.monotonic() >= deadline or server.poll() is not None:
            server.kill()
            server.wait()
            raise AssertionError("sanchika serve did not start")
        time.sleep(0.2)
