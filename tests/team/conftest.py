from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.store import Connection, connect
from tests.support.databases import BACKENDS, database_url_for


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, str(tmp_path / "kb.sqlite3"))


@pytest.fixture
def db(database_url: str) -> Iterator[Connection]:
    with connect(database_url) as connection:
        yield connection
