"""The database schema: Alembic migrations, ``kb db upgrade``, and the check before kb uses it.

SQLite in the data dir belongs to one kb install, so kb brings it up to date itself the first
time a process opens it (a data dir from before migrations is adopted: its tables are kept).
PostgreSQL is shared by replicas that may run different kb versions during a deploy, so it is
changed only on purpose: ``kb db upgrade`` migrates it, and kb refuses to use a schema that is
not the one it was written for.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import OperationalError

from kb.errors import ConfigError
from kb.store.locks import file_lock

if TYPE_CHECKING:
    from kb.store.database import Database

__all__ = ["SchemaState", "ensure_current", "schema_state", "upgrade_schema"]

_MIGRATIONS = Path(__file__).parent / "migrations"
_IN_PROCESS = threading.Lock()
_UPGRADE_LOCK = 0x6B62_6462  # "kbdb": PostgreSQL advisory lock key while migrating


@dataclass(frozen=True)
class SchemaState:
    """Where a database's schema stands: its revision (None: no kb tables yet) and kb's."""

    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def _head() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "kb ships at least one migration"
    return head


def schema_state(database: Database) -> SchemaState:
    """The database's schema revision and the one this kb needs."""
    try:
        with database.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise database.unreachable(exc) from exc
    return SchemaState(current, _head())


def upgrade_schema(database: Database) -> SchemaState:
    """Create or migrate the schema to this kb's revision; returns the state before. Safe to run
    from several replicas at once: they take turns, and the later ones find nothing to do."""
    before = schema_state(database)
    if before.up_to_date:
        return before
    if database.dialect == "sqlite":
        path = Path(database.engine.url.database or "kb.sqlite3")
        with file_lock(path.with_name(path.name + ".migrate.lock")):
            return _run_upgrade(database)
    return _run_upgrade(database)


def _run_upgrade(database: Database) -> SchemaState:
    """Upgrade holding the migration lock; the state found once holding it."""
    config = _config()
    # Alembic keeps its running migration in module globals: one upgrade per process at a time.
    with _IN_PROCESS, database.engine.begin() as connection:
        if database.dialect == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (_UPGRADE_LOCK,))
        before = SchemaState(MigrationContext.configure(connection).get_current_revision(), _head())
        if not before.up_to_date:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    return before


def ensure_current(database: Database) -> None:
    """Make sure kb may use the database: SQLite is upgraded; PostgreSQL must already be current."""
    state = schema_state(database)
    if state.up_to_date:
        return
    if database.dialect == "sqlite":
        upgrade_schema(database)
        return
    if state.current is None:
        problem = "has no kb schema yet"
    else:
        problem = f"has schema revision {state.current}, and this kb needs {state.head}"
    raise ConfigError(
        f"the database {database} {problem}",
        "run `kb db upgrade` once (with the same KB_DATABASE_URL), then start kb again",
    )
