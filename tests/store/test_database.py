"""The operational database on both back ends: schema, transactions, locks, content events."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.errors import ConfigError
from kb.store import (
    Connection,
    connect,
    database_for,
    events_after,
    latest_event_id,
    record_event,
    schema_state,
    sqlite_url,
    upgrade_schema,
)
from tests.support.databases import BACKENDS, POSTGRES_URL, database_url_for, fresh_postgres_database

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="KB_TEST_DATABASE_URL is not set (see .ci/postgres)")


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, str(tmp_path / "kb.sqlite3"))


@pytest.fixture
def db(database_url: str) -> Iterator[Connection]:
    with connect(database_url) as connection:
        yield connection


def test_a_write_transaction_commits_or_leaves_nothing(db: Connection) -> None:
    with db.write():
        db.execute("INSERT INTO tally_mark (name, last_id) VALUES (?, ?)", ("kept", 1))
    with pytest.raises(RuntimeError), db.write():
        db.execute("INSERT INTO tally_mark (name, last_id) VALUES (?, ?)", ("rolled back", 2))
        raise RuntimeError("the caller failed half way")
    assert db.execute("SELECT name FROM tally_mark ORDER BY name").fetchall() == [("kept",)]


def test_read_modify_write_transactions_never_lose_an_update(database_url: str) -> None:
    """Two workers each add 1 to a counter 40 times, reading then writing: the write lock makes it 80."""
    with connect(database_url) as db, db.write():
        db.execute("INSERT INTO tally_mark (name, last_id) VALUES ('counter', 0)")

    def bump() -> None:
        with connect(database_url) as own:
            for _ in range(40):
                with own.write():
                    value = own.execute("SELECT last_id FROM tally_mark WHERE name = 'counter'").fetchone()[0]
                    time.sleep(0.0005)  # widen the window a lost update would need
                    own.execute("UPDATE tally_mark SET last_id = ? WHERE name = 'counter'", (value + 1,))

    workers = [threading.Thread(target=bump) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    with connect(database_url) as db:
        assert db.execute("SELECT last_id FROM tally_mark WHERE name = 'counter'").fetchone()[0] == 80


def test_sql_is_written_once_for_both_back_ends(db: Connection) -> None:
    """`?` placeholders, a literal %, flags as 0/1, and an upsert run the same on both."""
    assert db.execute("SELECT '100%', ?", ("x",)).fetchone() == ("100%", "x")
    with db.write():
        db.executemany(
            "INSERT INTO feedback (ts, vote_id, helpful) VALUES (?, ?, ?)"
            " ON CONFLICT (vote_id) DO UPDATE SET helpful = excluded.helpful",
            [(1.0, "v1", True), (2.0, "v1", False), (3.0, "v2", True)],
        )
    assert db.execute("SELECT vote_id, helpful FROM feedback ORDER BY vote_id").fetchall() == [("v1", 0), ("v2", 1)]
    assert db.execute("DELETE FROM feedback WHERE helpful = ?", (True,)).rowcount == 1


def test_content_events_come_back_in_order_after_the_last_seen(db: Connection) -> None:
    assert latest_event_id(db) == 0
    with db.write():
        record_event(db, "publish", ["billing/refunds.md"], "replica-a", now=10.0)
        record_event(db, "move", ["billing/old.md", "billing/new.md", "billing/old.md"], "replica-b", now=11.0)
    first, second = events_after(db, 0)
    assert (first.kind, first.paths, first.origin) == ("publish", ("billing/refunds.md",), "replica-a")
    assert second.paths == ("billing/new.md", "billing/old.md") and second.id > first.id
    assert events_after(db, first.id) == [second]
    assert latest_event_id(db) == second.id


def test_a_data_dir_from_before_migrations_is_adopted_with_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite3"
    with sqlite3.connect(path) as old:  # what kb created before it had migrations
        old.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY, ts REAL NOT NULL, vote_id TEXT UNIQUE, page TEXT,"
            " query TEXT, answer_url TEXT, helpful INTEGER NOT NULL, comment TEXT)"
        )
        old.execute("INSERT INTO feedback (ts, page, helpful) VALUES (1.0, 'billing/a.md', 0)")
    old.close()
    with connect(path) as db:
        assert db.execute("SELECT page FROM feedback").fetchall() == [("billing/a.md",)]
        assert latest_event_id(db) == 0  # the newer tables are there too
    state = schema_state(database_for(sqlite_url(path)))
    assert state.up_to_date and state.current == state.head


@needs_postgres
def test_postgresql_is_only_changed_by_kb_db_upgrade(monkeypatch: pytest.MonkeyPatch) -> None:
    with fresh_postgres_database() as url:
        with pytest.raises(ConfigError) as refused:
            connect(url)
        assert "no kb schema" in refused.value.message and "kb db upgrade" in refused.value.hint
        monkeypatch.setenv("KB_DATABASE_URL", url)
        status = CliRunner().invoke(app, ["db", "status"])
        assert status.exit_code == 1 and "schema revision none" in status.output
        served = CliRunner().invoke(app, ["serve", "--port", "1"])
        assert served.exit_code == 1 and "kb db upgrade" in served.output and "Traceback" not in served.output
        # Two replicas deploying at once: they take turns, the second finds nothing to do.
        found: list[bool] = []
        upgraders = [
            threading.Thread(target=lambda: found.append(upgrade_schema(database_for(url)).up_to_date))
            for _ in range(2)
        ]
        for upgrader in upgraders:
            upgrader.start()
        for upgrader in upgraders:
            upgrader.join()
        assert sorted(found) == [False, True]
        with connect(url) as db:
            assert latest_event_id(db) == 0
        upgraded = CliRunner().invoke(app, ["db", "upgrade"])
        assert upgraded.exit_code == 0 and "schema already at revision" in upgraded.output
        assert CliRunner().invoke(app, ["db", "status"]).exit_code == 0


@needs_postgres
def test_a_named_lock_makes_replicas_take_turns() -> None:
    order: list[str] = []
    held = threading.Event()

    def first() -> None:
        with connect(POSTGRES_URL) as db, db.hold("publish"):
            held.set()
            time.sleep(0.3)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(5)
    with connect(POSTGRES_URL) as db, db.hold("publish"):
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]


def test_an_unreachable_database_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_DATABASE_URL", "postgresql://kb:secret@127.0.0.1:1/kb")
    result = CliRunner().invoke(app, ["gaps"])
    assert result.exit_code == 1
    assert "cannot reach the database postgresql://kb:***@127.0.0.1:1/kb" in result.output
    assert "secret" not in result.output and "Traceback" not in result.output


def test_upgrading_sqlite_twice_changes_nothing(tmp_path: Path) -> None:
    database = database_for(sqlite_url(tmp_path / "kb.sqlite3"))
    assert upgrade_schema(database).current is None
    assert upgrade_schema(database).up_to_date
