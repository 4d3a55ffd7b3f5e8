"""`sanchika serve`: the web API (FastAPI under uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import app, load_settings


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
) -> None:
    """Serve the web API (OpenAPI at /docs) with the current SANCHIKA_* settings."""
    import uvicorn

    from domain.errors import SanchikaError

    from ..api import create_app
    from ..checks import check_services, is_server_mode
    from .common import fail

    settings = load_settings()
    if is_server_mode(settings):
        try:
            check_services(settings, tesseract=False)  # fail fast, naming the SANCHIKA_* setting
        except SanchikaError as exc:
            fail(exc)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
