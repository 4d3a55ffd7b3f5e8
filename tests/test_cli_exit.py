"""The console entry point ends without interpreter teardown (sanchika.cli.main), but only after
the output is flushed and the atexit handlers have run; exit codes are kept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import atexit, sys
from pathlib import Path
marker = Path(sys.argv[1])
atexit.register(lambda: marker.write_text("atexit ran"))
sys.argv = ["sanchika", *sys.argv[2:]]
from sanchika.cli import main
main()
raise AssertionError("main() returned")
"""


def _run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    marker = tmp_path / "marker"
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(marker), *args], capture_output=True, text=True,
                          env={"SANCHIKA_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    return proc, marker


def test_output_flushed_atexit_run_and_status_zero(tmp_path: Path) -> None:  # on a SANCHIKA_HOME not made yet
    proc, marker = _run(tmp_path, "batches", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"batches": []}
    assert marker.read_text() == "atexit ran"
    assert "main() returned" not in proc.stderr


def test_usage_error_keeps_its_status(tmp_path: Path) -> None:
    proc, marker = _run(tmp_path, "no-such-command")
    assert proc.returncode == 2 and "No such command" in proc.stderr
    assert marker.read_text() == "atexit ran"
