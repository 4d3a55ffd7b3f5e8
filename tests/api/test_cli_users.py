"""`sanchika users add | set-password` and `sanchika serve`, as a user runs them (subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.api.serving import start_serve

REPO = Path(__file__).resolve().parents[2]


def sanchika(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SANCHIKA_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "sanchika", *args], env=env, input=stdin, capture_output=True,
                          text=True, cwd=REPO, timeout=120)


def test_users_add_json_prints_user_and_token(tmp_path) -> None:
    proc = sanchika(tmp_path, "users", "add", "meena", "--role", "department", "--department", "revenue",
                    "--department", "शिक्षा", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["user"] == "meena" and out["role"] == "department" and out["departments"] == ["revenue", "education"]
    assert len(out["token"]) >= 40


def test_users_add_plain_prints_only_the_token_on_stdout(tmp_path) -> None:
    proc = sanchika(tmp_path, "users", "add", "olga", "--role", "operator")
    assert proc.returncode == 0 and len(proc.stdout.strip().split()) == 1 and "olga" in proc.stderr


def test_users_add_refuses_bad_input(tmp_path) -> None:
    cases = [
        ("x", "--role", "department", "--department", "space"),  # unknown department
        ("y", "--role", "department"),  # department role without departments
        ("z", "--role", "superuser"),  # unknown role
        ("w", "--role", "admin", "--department", "revenue"),  # departments only for department users
    ]
    for args in cases:
        proc = sanchika(tmp_path, "users", "add", *args)
        assert proc.returncode == 2 and proc.stderr.startswith("error [usage]:"), (args, proc.stderr)
    assert sanchika(tmp_path, "users", "add", "dup", "--role", "admin").returncode == 0
    again = sanchika(tmp_path, "users", "add", "dup", "--role", "admin")
    assert again.returncode == 2 and "exists" in again.stderr


def test_set_password_then_serve_and_log_in(tmp_path) -> None:
    assert sanchika(tmp_path, "users", "add", "arun", "--role", "admin").returncode == 0
    assert sanchika(tmp_path, "users", "set-password", "nobody", stdin="password-1\n").returncode == 6
    assert sanchika(tmp_path, "users", "set-password", "arun", stdin="short\n").returncode == 2
    proc = sanchika(tmp_path, "users", "set-password", "arun", stdin="पासवर्ड-long-1\n")
    assert proc.returncode == 0, proc.stderr

    env = {**os.environ, "SANCHIKA_HOME": str(tmp_path)}
    server, base = start_serve(env, REPO)
    try:
        assert httpx.get(f"{base}/docs").status_code == 200
        assert httpx.get(f"{base}/api/me").status_code == 401
        token = httpx.post(f"{base}/api/login", json={"username": "arun", "password": "पासवर्ड-long-1"}).json()["token"]
        me = httpx.get(f"{base}/api/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert me == {"name": "arun", "role": "admin", "departments": []}
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_users_list_edit_disable_reset_token_delete(tmp_path) -> None:
    assert sanchika(tmp_path, "users", "add", "root", "--role", "admin").returncode == 0
    assert sanchika(tmp_path, "users", "add", "meena", "--role", "operator").returncode == 0

    edited = sanchika(tmp_path, "users", "edit", "meena", "--role", "department", "--department", "राजस्व", "--json")
    assert edited.returncode == 0, edited.stderr
    assert json.loads(edited.stdout) == {"user": "meena", "role": "department", "departments": ["revenue"]}
    assert sanchika(tmp_path, "users", "edit", "meena").returncode == 2  # nothing to change
    assert sanchika(tmp_path, "users", "edit", "ghost", "--role", "admin").returncode == 6

    listed = json.loads(sanchika(tmp_path, "users", "list", "--json").stdout)
    meena = next(u for u in listed if u["name"] == "meena")
    assert meena["departments"] == ["revenue"] and meena["tokens"] == 1 and meena["disabled"] is False

    assert sanchika(tmp_path, "users", "disable", "meena").returncode == 0
    assert "disabled" in sanchika(tmp_path, "users", "list").stdout.splitlines()[0]  # sorted by name: meena first
    assert sanchika(tmp_path, "users", "disable", "root").returncode == 2  # the last admin stays

    reset = sanchika(tmp_path, "users", "reset-password", "meena", "--generate")
    assert reset.returncode == 0 and len(reset.stdout.strip()) >= 16, reset.stderr
    assert sanchika(tmp_path, "users", "reset-password", "meena", stdin="tiny\n").returncode == 2
    assert sanchika(tmp_path, "users", "reset-password", "meena", stdin="long-enough-pw\n").returncode == 0
    token = sanchika(tmp_path, "users", "token", "meena")
    assert token.returncode == 0 and len(token.stdout.strip()) >= 40

    assert sanchika(tmp_path, "users", "delete", "meena", stdin="n\n").returncode == 1  # asked, refused
    assert sanchika(tmp_path, "users", "delete", "meena", "--yes").returncode == 0
    assert [u["name"] for u in json.loads(sanchika(tmp_path, "users", "list", "--json").stdout)] == ["root"]
    assert sanchika(tmp_path, "users", "delete", "root", "--yes").returncode == 2
