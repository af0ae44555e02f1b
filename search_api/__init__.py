"""kb's HTTP API (FastAPI): thin routes over the kb package."""

from search_api.app import create_app

__all__ = ["create_app"]
