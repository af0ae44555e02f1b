"""Every insight test runs on SQLite and, when the test run has one, on PostgreSQL."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kb.config import Settings, load_settings
from tests.support.databases import BACKENDS, database_url_for
from tests.support.paths import ROOT


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, str(tmp_path / "data" / "kb.sqlite3"))


@pytest.fixture
def settings(tmp_path: Path, docs: Path, database_url: str) -> Settings:
    base = load_settings(ROOT, environ={}).with_paths(docs, tmp_path / "site", tmp_path / "data")
    return dataclasses.replace(base, database_url="" if database_url.startswith("sqlite") else database_url)
