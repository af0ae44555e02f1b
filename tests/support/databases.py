"""The operational database under test: SQLite in a temp folder, or the PostgreSQL that
``.ci/postgres`` starts (``KB_TEST_DATABASE_URL``). Without that variable the PostgreSQL cases
are skipped, so a plain ``pytest`` still passes."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kb.store import database_for, upgrade_schema

__all__ = ["BACKENDS", "POSTGRES_URL", "database_url_for", "fresh_postgres_database", "reset_postgres"]

POSTGRES_URL = os.environ.get("KB_TEST_DATABASE_URL", "")
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(not POSTGRES_URL, reason="KB_TEST_DATABASE_URL is not set (see .ci/postgres)"),
    ),
]
_upgraded: set[str] = set()


def reset_postgres(url: str) -> None:
    """Bring the test database to kb's schema with every table empty."""
    database = database_for(url)
    if url not in _upgraded:
        upgrade_schema(database)
        _upgraded.add(url)
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        tables = [
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename != 'alembic_version'"
            )
        ]
        if tables:
            connection.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")


def database_url_for(backend: str, sqlite_file: str) -> str:
    """A clean database of ``backend`` for one test."""
    if backend == "sqlite":
        return f"sqlite:///{sqlite_file}"
    reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database on the test server (no schema), dropped afterwards."""
    name = f"kb_{secrets.token_hex(6)}"
    admin = database_for(POSTGRES_URL).engine
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        database_for(url).engine.dispose()
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
