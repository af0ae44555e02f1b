"""kb's operational state in one database: SQLite in the data dir, or PostgreSQL for replicas.

The search log, feedback, gaps and their resolutions, ingested-ticket records, sign-outs, rate
limits, content events and the audit log live here; the docs folder stays the only source of
truth for content. ``database_url`` picks the back end:

    sqlite:////srv/kb/.kb/kb.sqlite3     the embedded default (``<data dir>/kb.sqlite3``)
    postgresql://kb@db.internal/kb       shared by every replica (``KB_DATABASE_URL``)

Both go through SQLAlchemy Core (its engine, connection pool and dialects); the schema is the
Alembic migrations in ``kb/store/migrations``. kb's SQL is written once, in the subset both
back ends run, with ``?`` placeholders; :class:`Connection` binds them for the driver.

Write transactions (:meth:`Connection.write`) are serialised on both back ends, so code that
reads then writes (folding the search log into the gap counts, a token bucket) never double
counts: SQLite's ``BEGIN IMMEDIATE`` takes its one write lock, PostgreSQL takes a
transaction-scoped advisory lock. Named locks (:meth:`Connection.hold`) serialise work across
replicas that a file lock serialises on one machine, such as a publish.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine

from kb.errors import ConfigError

__all__ = ["Connection", "Database", "DatabaseError", "Rows", "connect", "database_for", "sqlite_url"]

#: What a failing database raises (the driver's error, wrapped by SQLAlchemy).
DatabaseError = sqlalchemy.exc.SQLAlchemyError

_WRITE_LOCK = "kb write transaction"
_PLACEHOLDER_RE = re.compile(r"\?")


def sqlite_url(path: Path) -> str:
    """The database URL of a SQLite file."""
    return f"sqlite:///{path}"


def _lock_key(name: str) -> int:
    """A stable signed 64-bit key for PostgreSQL's advisory locks."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


class Rows:
    """A statement's result: iterate its rows (tuples), or ``fetchone``/``fetchall``; ``rowcount``
    is how many rows a DELETE or UPDATE changed."""

    def __init__(self, result: sqlalchemy.CursorResult[Any]) -> None:
        self._result = result

    def __iter__(self) -> Iterator[Any]:
        return iter(self._result)

    def fetchone(self) -> Any:
        return self._result.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._result.fetchall())

    @property
    def rowcount(self) -> int:
        return int(self._result.rowcount)


class Connection:
    """One pooled connection. Statements run in autocommit unless inside :meth:`write`."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection = database.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        self._depth = 0

    @property
    def dialect(self) -> str:
        return self.database.dialect

    def _sql(self, sql: str, params: Sequence[Any]) -> str:
        # psycopg's placeholders are %s, so a literal % doubles (only when there are parameters:
        # without, the driver does no placeholder processing at all).
        if self.dialect == "postgresql" and params:
            return _PLACEHOLDER_RE.sub("%s", sql.replace("%", "%%"))
        return sql

    @staticmethod
    def _params(params: Sequence[Any]) -> tuple[Any, ...]:
        # Flags are stored as 0/1 on both back ends (PostgreSQL will not put a boolean in an integer).
        return tuple(int(p) if isinstance(p, bool) else p for p in params)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        """Run one statement."""
        return Rows(self._connection.exec_driver_sql(self._sql(sql, params), self._params(params)))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement once per row (nothing when there are no rows)."""
        rows = [self._params(row) for row in rows]
        if rows:
            self._connection.exec_driver_sql(self._sql(sql, rows[0]), rows)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, serialised with every other write on the database; committed when
        the block ends, rolled back if it raises. Nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        raw = self._connection
        if self.dialect == "sqlite":
            raw.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock first: no lost update between workers
        else:
            raw.exec_driver_sql("BEGIN")
            raw.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (_lock_key(_WRITE_LOCK),))
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            raw.exec_driver_sql("ROLLBACK")
            raise
        self._depth = 0
        raw.exec_driver_sql("COMMIT")

    @contextmanager
    def hold(self, name: str) -> Iterator[None]:
        """Hold the lock ``name`` on PostgreSQL across replicas (session-scoped advisory lock, so
        it outlives transactions and goes with the connection if the process dies). On SQLite
        there is one machine, whose file locks do this job: nothing to do."""
        if self.dialect != "postgresql":
            yield
            return
        key = _lock_key(name)
        self._connection.exec_driver_sql("SELECT pg_advisory_lock(%s)", (key,))
        try:
            yield
        finally:
            self._connection.exec_driver_sql("SELECT pg_advisory_unlock(%s)", (key,))

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


class Database:
    """A database URL's engine (one pool per process) and its schema check."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        self.dialect = self.engine.dialect.name
        self._checked = False
        self._lock = threading.Lock()
        file = self.engine.url.database if self.dialect == "sqlite" else None
        self._file = Path(file) if file and file != ":memory:" else None

    def connect(self) -> Connection:
        """A connection to a database whose schema is current (SQLite's is brought up to date;
        PostgreSQL's must be, by ``kb db upgrade``)."""
        if self._file is not None and not self._file.exists():
            self._checked = False  # the SQLite file was deleted (a reset data dir): create it again
        try:
            if not self._checked:
                with self._lock:
                    if not self._checked:
                        from kb.store.migrate import ensure_current

                        ensure_current(self)
                        self._checked = True
            return Connection(self)
        except sqlalchemy.exc.OperationalError as exc:
            raise self.unreachable(exc) from exc

    def unreachable(self, exc: sqlalchemy.exc.OperationalError) -> ConfigError:
        """The error to show when the database cannot be reached."""
        return ConfigError(
            f"cannot reach the database {self}: {str(exc.orig or exc).strip().splitlines()[0]}",
            "check that it is running and that KB_DATABASE_URL names it (host, port, user, password, database)",
        )

    def __str__(self) -> str:
        """The URL without its password (for messages)."""
        return _safe(self.url)

    def __repr__(self) -> str:
        return f"Database({str(self)!r})"


def _normalised(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite:"):
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = sqlalchemy.create_engine(
                url,
                connect_args={"timeout": 30, "check_same_thread": False, "isolation_level": None},
                poolclass=sqlalchemy.pool.NullPool,
            )
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return sqlalchemy.create_engine(
            _normalised(url), pool_size=5, max_overflow=10, pool_pre_ping=True, pool_recycle=1800
        )
    except (sqlalchemy.exc.ArgumentError, sqlalchemy.exc.NoSuchModuleError, ImportError) as exc:
        raise ConfigError(
            f"cannot use the database URL {_safe(url)!r}: {exc}",
            "set KB_DATABASE_URL to postgresql://user:password@host/dbname, "
            "or leave it empty for SQLite in the data dir",
        ) from exc


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _safe(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", url)


@functools.lru_cache(maxsize=32)
def database_for(url: str) -> Database:
    """The process's one :class:`Database` for ``url`` (one pool per database, shared by threads)."""
    return Database(url)


def connect(url: str | Path) -> Connection:
    """A connection to the database at ``url`` (a path means a SQLite file); close it when done."""
    return database_for(sqlite_url(url) if isinstance(url, Path) else url).connect()
