"""The web API (FastAPI): a thin translation of HTTP around the library, the catalog and the
access rules. ``create_app(settings)`` builds one app; settings are built once by the caller
(``sanchika serve``, tests) and injected, never read at import time."""

from .app import create_app

__all__ = ["create_app"]
