"""The FastAPI app factory and the translation of the error tree into JSON responses.

Every error response is ``{"error": {"code", "message"}}``: a ``SanchikaError`` answers with its
own ``http_status`` and ``code``; a request that fails validation answers 422 with code
``usage``; an unknown route 404 ``not_found``; anything unexpected 500 ``internal`` (a bug: it is
logged, and no bad input is meant to reach it).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.errors import SanchikaError

from ..settings import Settings
from ..web import mount_web
from .deps import Services
from .models import ErrorResponse
from .routes import admin, auth, batches, documents, files, reports, rescans, review, search, uploads, users

log = logging.getLogger(__name__)

_HTTP_CODES = {400: "usage", 401: "auth.required", 403: "auth.forbidden", 404: "not_found", 405: "usage",
               413: "input.too_large", 415: "input.unsupported"}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No or invalid credentials (`auth.required`)."},
    422: {"model": ErrorResponse, "description": "Invalid request (`usage`)."},
}


def error_json(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def create_app(settings: Settings) -> FastAPI:
    """One web app over ``settings`` (built once by the caller). Stopping it (its lifespan's end:
    uvicorn on Ctrl-C or SIGTERM) stops the executor in order (``Services.close``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(services.close)

    app = FastAPI(
        lifespan=lifespan,
        title="Sanchika",
        summary="Scanned office files → searchable, classified digital files (Hindi + English).",
        version="0.1.0",
        docs_url="/docs",
        openapi_url="/openapi.json",
        responses=ERROR_RESPONSES,
    )
    services = Services(settings)
    services.ctx.engine  # noqa: B018 - open the database (and create the schema) at start, not per request
    app.state.services = services

    @app.exception_handler(SanchikaError)
    async def _sanchika_error(request: Request, exc: SanchikaError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
        if exc.http_status >= 500:
            log.warning("%s %s: %s", request.method, request.url.path, exc)
        return error_json(exc.http_status, exc.code, exc.message, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_json(422, "usage", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return error_json(exc.status_code, _HTTP_CODES.get(exc.status_code, "http"), message, dict(exc.headers or {}) or None)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return error_json(500, "internal", "an internal error occurred; it has been logged: please report it.")

    for module in (auth, batches, uploads, documents, rescans, search, files, review, admin, reports, users):
        app.include_router(module.router, prefix="/api")
    mount_web(app)  # the web app (static files + its shell page), outside the OpenAPI description
    return app
