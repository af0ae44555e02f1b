"""``kb serve``'s server: the site at / and the API at /api on one port, in one or more workers.

With several workers, uvicorn's supervisor starts each as its own process and each builds the
app from :func:`worker_app`; the settings and the site folder travel in an environment variable.
Whatever must hold across workers (sign-outs, rate limits, the search log, the index) lives in
the data dir, not in a process.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from kb.config import Settings, settings_from_json, settings_to_json
from search_api.app import create_app

__all__ = ["default_workers", "run_server", "worker_app"]

_WORKER_ENV = "KB_SERVE_WORKER_STATE"


def default_workers() -> int:
    """One worker per core, at most 4 (a search is short; more processes mostly cost memory)."""
    return max(1, min(4, os.cpu_count() or 1))


def run_server(settings: Settings, site_dir: Path, host: str, port: int, workers: int = 1) -> None:
    """Serve ``site_dir`` (made ready by :func:`kb.site.preview.prepare`) at / and the API at /api."""
    if workers <= 1:
        uvicorn.run(create_app(settings, site_dir=site_dir), host=host, port=port, log_level="warning")
        return
    os.environ[_WORKER_ENV] = json.dumps({"settings": settings_to_json(settings), "site_dir": str(site_dir)})
    uvicorn.run(
        "search_api.server:worker_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


def worker_app() -> FastAPI:
    """The app of one worker process, from the state :func:`run_server` handed down."""
    state = json.loads(os.environ[_WORKER_ENV])
    return create_app(settings_from_json(state["settings"]), site_dir=Path(state["site_dir"]), warm=True)
