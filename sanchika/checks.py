"""Start-up checks of server mode: every configured backend answers, before any work starts.

Used by `sanchika worker`, `sanchika serve` and `sanchika process` (server mode). Each failure is
a DependencyError whose message names the setting to fix (SANCHIKA_DATABASE_URL, ...), so a
misconfigured deployment stops at once with one line instead of failing page by page.

    check_services(settings, broker=True)   database (+ UTF-8 ctype on PostgreSQL), broker,
                                            object store (bucket created if missing), Tesseract
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from domain.errors import DependencyError, SanchikaError

from .settings import Settings


def redact(url: str) -> str:
    """A URL without its password, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def check_database(settings: Settings) -> None:
    from storage import db

    url = settings.db_url
    try:
        engine = db.open_engine(url)
        try:
            db.check_reachable(engine)  # and, on PostgreSQL, UTF-8 encoding and LC_CTYPE (Hindi search needs them)
        finally:
            engine.dispose()
    except SanchikaError as exc:
        raise DependencyError(f"SANCHIKA_DATABASE_URL ({redact(url)}): {exc.message}", code="dependency.database") from exc
    except Exception as exc:  # noqa: BLE001 - any driver error means "not usable"
        raise DependencyError(f"SANCHIKA_DATABASE_URL ({redact(url)}) is not reachable: {_first_line(exc)}. "
                              "Check the URL, that the server runs and accepts this user.",
                              code="dependency.database") from exc


def check_broker(settings: Settings, timeout: float = 5.0) -> None:
    from kombu import Connection

    url = settings.broker_url or ""
    try:
        with Connection(url, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as exc:  # noqa: BLE001
        raise DependencyError(f"SANCHIKA_BROKER_URL ({redact(url)}) is not reachable: {_first_line(exc)}. "
                              "Start Redis (or RabbitMQ) or fix the URL.", code="dependency.broker") from exc


def check_store(settings: Settings) -> None:
    if not settings.s3_endpoint:
        (settings.home / "objects").mkdir(parents=True, exist_ok=True)
        return
    from minio.error import S3Error

    from storage.s3_store import S3Store

    cfg = settings.store_config()
    try:
        store = S3Store(cfg.endpoint, cfg.access_key, cfg.secret_key, cfg.bucket, cfg.cache_dir)
        store.ensure_bucket(settings.s3_protection)
        if settings.s3_protection != "none":
            check_protection(store, settings.s3_protection)
    except SanchikaError as exc:
        if exc.code == "dependency.s3_protection":
            raise
        cause = exc.__cause__
        if isinstance(cause, S3Error) and cause.code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
            raise DependencyError(f"SANCHIKA_S3_ACCESS_KEY / SANCHIKA_S3_SECRET_KEY are refused by {cfg.endpoint} "
                                  f"({cause.code}).", code="dependency.storage") from exc
        raise DependencyError(f"SANCHIKA_S3_ENDPOINT ({cfg.endpoint}) or SANCHIKA_S3_BUCKET ({cfg.bucket}): "
                              f"{exc.message}", code="dependency.storage") from exc


def check_protection(store, wanted: str) -> None:  # type: ignore[no-untyped-def]
    """SANCHIKA_S3_PROTECTION: the bucket must keep versions (and be locked, for object_lock)."""
    have = store.protection()
    if have["object_lock"] if wanted == "object_lock" else have["versioning"]:
        return
    how = ("object lock can only be turned on when a bucket is created: create a new bucket with it "
           "(`mc mb --with-lock ALIAS/BUCKET`, then `mc retention set --default GOVERNANCE 3650d ALIAS/BUCKET`) and "
           "copy the objects over (`mc mirror`)" if wanted == "object_lock"
           else "turn versioning on: `mc version enable ALIAS/BUCKET` (MinIO) or `aws s3api put-bucket-versioning "
           "--bucket BUCKET --versioning-configuration Status=Enabled`")
    raise DependencyError(f"SANCHIKA_S3_PROTECTION is {wanted}, but bucket {store.bucket} has versioning "
                          f"{'on' if have['versioning'] else 'off'} and object lock {'on' if have['object_lock'] else 'off'}: "
                          f"{how}. See docs/fixity.md.", code="dependency.s3_protection")


def check_tesseract(settings: Settings) -> None:
    from ocr.tesseract import check_languages

    try:
        check_languages(settings.ocr_lang)
    except DependencyError as exc:
        raise DependencyError(f"SANCHIKA_OCR_LANG ({settings.ocr_lang}): {exc.message}", code=exc.code) from exc


def check_services(settings: Settings, *, broker: bool = True, tesseract: bool = True) -> None:
    """Every configured backend, in the order a deployment usually breaks."""
    check_database(settings)
    if broker and settings.broker_url:
        check_broker(settings)
    check_store(settings)
    if tesseract:
        check_tesseract(settings)


def is_server_mode(settings: Settings) -> bool:
    return bool(settings.broker_url or settings.database_url or settings.s3_endpoint)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"
