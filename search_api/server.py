"""``kb serve``: bring the preview site and the index up to date, then run one server for both."""

from __future__ import annotations

import uvicorn

from kb.config import Settings
from kb.site import Echo, prepare
from search_api.app import create_app

__all__ = ["run_server"]


def run_server(settings: Settings, host: str, port: int, drafts: bool, echo: Echo) -> None:
    site_dir = prepare(settings, drafts, echo)
    echo(f"kb is serving the site on http://{host}:{port}/ and the API on http://{host}:{port}/api/docs")
    uvicorn.run(create_app(settings, site_dir=site_dir), host=host, port=port, log_level="warning")
