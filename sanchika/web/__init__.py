"""The web app: plain HTML, CSS and ES modules served from ``static/`` (no build step, no CDN).

``mount_web(app)`` serves the files under ``/static`` and the app's shell page at ``/``; the
app routes with the URL fragment (``/#/search?q=…``), so every screen is the same small page
that reads the web API (``/api``) with the session cookie set by POST /api/login.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"

# Everything comes from this server: no CDN, no inline script; images may be blob: (previews).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                               "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class _Static(StaticFiles):
    async def get_response(self, path, scope):  # type: ignore[no-untyped-def]
        response = await super().get_response(path, scope)
        response.headers["Cache-Control"] = "no-cache"  # revalidate (ETag): a new version shows at once
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def mount_web(app: FastAPI) -> None:
    app.mount("/static", _Static(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def shell() -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")
