"""The gap queue's counts kept per question and day (finding 6 of issue 14): they survive the raw
log's cap and pruning's schedule, are counted once with several writers, and groups are stable."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

import pytest

from kb.config import Settings
from kb.insight import LogEntry, SearchLog, gap_groups, prune_logs, resolve_gap
from kb.store import Connection, connect

DAY = 86400.0


def unanswered(query: str) -> LogEntry:
    return LogEntry("answer", query, None, None, 0, 0.1, False, 3.0)


@pytest.fixture
def db(settings: Settings) -> Iterator[Connection]:
    with closing(connect(settings.database)) as connection:
        yield connection


def test_capping_the_raw_log_keeps_every_search_in_the_gap_counts(settings: Settings, db: Connection) -> None:
    log = SearchLog(settings.database, max_rows=10)
    for n in range(60):
        log.record(unanswered("how do I print barcodes"))
        if n % 20 == 19:
            log.flush()  # several batches, so the cap is applied in between
    log.record(LogEntry("answer", "export invoices", "a.md", "/a/", 3, 0.9, True, 3.0))
    log.close()
    assert db.execute("SELECT COUNT(*) FROM search_log").fetchone()[0] <= 10
    [group] = gap_groups(db, 7)
    assert group.count == 60 and group.no_results == 60 and group.question == "how do i print barcodes"


def test_several_writers_count_each_search_once(settings: Settings, db: Connection) -> None:
    """Each server worker has its own log writer, and each folds what is new into the counts."""
    logs = [SearchLog(settings.database) for _ in range(3)]

    def write(log: SearchLog) -> None:
        for _ in range(100):
            log.record(unanswered("reset my vault password"))
        log.close()

    with ThreadPoolExecutor(3) as pool:
        list(pool.map(write, logs))
    [group] = gap_groups(db, 7)
    assert group.count == 300


def test_a_question_stays_in_its_group(settings: Settings, db: Connection) -> None:
    log = SearchLog(settings.database)
    for query in ("export invoices to csv", "exporting invoice csv", "export invoices to csv file"):
        log.record(unanswered(query))
    log.record(unanswered("delete my account"))
    log.close()
    groups = {g.question: g for g in gap_groups(db, 7)}
    assert groups["export invoices to csv"].count == 3 and groups["delete my account"].count == 1
    first_key = groups["export invoices to csv"].key
    # Asked again a day later, in a wording close to the group's: the same gap, the same key.
    log = SearchLog(settings.database)
    log.record(unanswered("how to export invoices csv"))
    log.close()
    [again] = [g for g in gap_groups(db, 7) if g.key == first_key]
    assert again.count == 4


def test_resolving_forgets_the_counts_and_later_searches_count_afresh(
    settings: Settings, db: Connection
) -> None:
    log = SearchLog(settings.database)
    for _ in range(5):
        log.record(unanswered("print barcodes"))
    log.flush()
    [group] = gap_groups(db, 7)
    resolve_gap(db, group, "dismissed")
    assert gap_groups(db, 7) == []
    log.record(unanswered("printing barcodes"))
    log.close()
    [back] = gap_groups(db, 7)
    assert back.count == 1 and back.key == group.key


def test_pruning_drops_the_old_days_counts_and_questions(settings: Settings, db: Connection) -> None:
    log = SearchLog(settings.database)
    now = time.time()
    log.record_at(now - 40 * DAY, unanswered("old question about fax"))
    log.record_at(now - 1 * DAY, unanswered("new question about scanners"))
    log.close()
    assert len(gap_groups(db, 60)) == 2
    prune_logs(db, 30)
    assert [g.question for g in gap_groups(db, 60)] == ["new question about scanners"]
    stems = {row[0] for row in db.execute("SELECT stems FROM question_group")}
    assert not any("fax" in s for s in stems)  # nothing of the pruned question is kept
