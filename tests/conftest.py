"""Shared fixtures: article writers, settings on temp folders, a built copy of docs/, a live server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.config import Settings, load_settings
from kb.index import build_index
from kb.site import build_site
from tests.support.docs import WriteArticle, article_text
from tests.support.paths import BUNDLED_DOCS, ROOT
from tests.support.server import LiveServer


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


@pytest.fixture(scope="session")
def live_site(bundled: Settings) -> Iterator[LiveServer]:
    """kb's app (site at /, API at /api) on the bundled docs, on a real port."""
    from search_api import create_app

    with LiveServer(create_app(bundled, site_dir=bundled.site_dir)) as server:
        yield server
