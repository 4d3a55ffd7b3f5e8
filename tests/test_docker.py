"""The deployment files stay in step with the code: compose services, health checks, volumes,
and every SANCHIKA_* variable a real Settings field; the image's entry points exist."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from sanchika.settings import Settings

DOCKER = Path(__file__).resolve().parent.parent / "docker"


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((DOCKER / "compose.yml").read_text())


def test_compose_has_every_service_with_health_checks() -> None:
    services = compose()["services"]
    assert {"minio", "postgres", "redis", "api", "ocr-worker", "post-worker", "migrate"} <= set(services)
    for name in ("minio", "postgres", "redis", "api"):
        assert "healthcheck" in services[name], name
    assert services["ocr-worker"]["command"][:3] == ["worker", "-Q", "ocr"]
    assert services["post-worker"]["command"][:3] == ["worker", "-Q", "post"]
    assert services["migrate"]["command"] == ["migrate"]
    for name in ("api", "ocr-worker", "post-worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    declared = set(compose()["volumes"])
    for svc in services.values():
        for vol in svc.get("volumes", []):
            assert vol.split(":")[0] in declared


def test_every_sanchika_variable_is_a_setting() -> None:
    fields = {f"SANCHIKA_{name.upper()}" for name in Settings.model_fields}
    names: set[str] = set()
    for svc in compose()["services"].values():
        names |= {k for k in (svc.get("environment") or {}) if k.startswith("SANCHIKA_")}
    text = (DOCKER / "compose.yml").read_text() + (DOCKER / "Dockerfile").read_text()
    names |= set(re.findall(r"\bSANCHIKA_[A-Z0-9_]+", text)) - {"SANCHIKA_PORT"}  # entrypoint's own
    assert names, "no SANCHIKA_* variables found"
    assert names <= fields, sorted(names - fields)
    for required in ("SANCHIKA_DATABASE_URL", "SANCHIKA_BROKER_URL", "SANCHIKA_S3_ENDPOINT",
                     "SANCHIKA_S3_ACCESS_KEY", "SANCHIKA_S3_SECRET_KEY", "SANCHIKA_S3_BUCKET"):
        assert required in names


def test_image_entry_points() -> None:
    entry = (DOCKER / "entrypoint.sh").read_text()
    for role in ("serve)", "worker)", "migrate)"):
        assert role in entry
    dockerfile = (DOCKER / "Dockerfile").read_text()
    for pkg in ("tesseract-ocr-script-deva", "tesseract-ocr-hin", "tesseract-ocr-eng", "fonts-noto-core"):
        assert pkg in dockerfile
