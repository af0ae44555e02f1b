"""Shared fixtures: article writers, settings on temp folders, a built copy of docs/, a live server."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn

from kb.config import Settings, load_settings
from kb.index import build_index
from kb.site import build_site

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DOCS = ROOT / "docs"

WriteArticle = Callable[..., Path]


def article_text(
    title: str = "Export invoices",
    summary: str = "Open Billing and choose Export.",
    body: str = "Lead.\n\n## Steps\n\n1. Open Billing.\n",
    extra: str = "",
) -> str:
    return f"---\ntitle: {title}\nsummary: {summary}\n{extra}---\n# {title}\n\n{body}"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder


@pytest.fixture
def write(docs: Path) -> WriteArticle:
    """write("billing/a.md", text) → path; text defaults to a valid article."""

    def _write(rel: str, text: str | bytes | None = None) -> Path:
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(article_text() if text is None else text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def settings(tmp_path: Path, docs: Path) -> Settings:
    return load_settings(ROOT, environ={}).with_paths(docs, tmp_path / "site", tmp_path / "data")


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The bundled docs/ built once: a site (drafts excluded) and an index, in temp folders."""
    base = tmp_path_factory.mktemp("bundled")
    docs = base / "docs"
    shutil.copytree(BUNDLED_DOCS, docs)
    settings = load_settings(ROOT, environ={}).with_paths(docs, base / "site", base / "data")
    build_site(settings)
    build_index(settings)
    return settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """A real uvicorn server on a free port, in a thread."""

    def __init__(self, app: object) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_site(bundled: Settings) -> Iterator[LiveServer]:
    """kb's app (site at /, API at /api) on the bundled docs, on a real port."""
    from search_api import create_app

    with LiveServer(create_app(bundled, site_dir=bundled.site_dir)) as server:
        yield server
