"""``kb serve``'s server: the site at / and the API at /api on one port."""

from __future__ import annotations

from pathlib import Path

import uvicorn

from kb.config import Settings
from search_api.app import create_app

__all__ = ["run_server"]


def run_server(settings: Settings, site_dir: Path, host: str, port: int) -> None:
    """Serve ``site_dir`` (made ready by :func:`kb.site.preview.prepare`) at / and the API at /api."""
    uvicorn.run(create_app(settings, site_dir=site_dir), host=host, port=port, log_level="warning")
