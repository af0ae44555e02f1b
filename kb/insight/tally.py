"""The question tally: searches with no confident answer, counted per question, day and wording.

The content-gap queue used to re-read every unanswered search of the last 30 days on every
page, which grew with the log (seconds at a million searches). Now each search is folded once
into ``question_tally`` (key, UTC day, kind, masked wording → count, last time) and, summed
per group of close questions, into ``group_day`` (head, day → count). The queue orders groups by
``group_day`` and reads the tally of the groups it shows: the work grows with the distinct
questions per day, not with traffic.

    fold_searches(db)             # after writing log rows (the log's writer does it per batch)
    group_totals(db, since, 50)   # the most asked groups: head → (count, last time)
    forget_questions(db, keys)    # a resolved gap's counts go; later searches count afresh

Folding is incremental (rows after ``tally_mark.last_id``) and runs in one ``BEGIN IMMEDIATE``
transaction, so two server workers never count a row twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from kb.index import QUESTION_WORDS, word_stem, words_of
from kb.insight.question_groups import assign_groups
from kb.store import Connection

__all__ = [
    "TallyRow",
    "fold_searches",
    "forget_questions",
    "group_rows",
    "group_totals",
    "iso_week",
    "question_key",
    "question_stems",
    "resolved_times",
]

DAY = 86400


def question_stems(text: str) -> frozenset[str]:
    """The topic of a question: its stems without question words ("How do I Export CSVs?" → {export, csv})."""
    return frozenset(s for w in words_of(text) if w not in QUESTION_WORDS and (s := word_stem(w)))


def question_key(text: str) -> str:
    """The normalised question's key: equal for questions that differ only in case, punctuation,
    question words, word order and word endings. A short hash (``q:3f9a…``), so the key can go
    in URLs and a draft's provenance without repeating what the customer typed."""
    return _key_and_stems(text)[0]


@lru_cache(maxsize=20_000)
def _key_and_stems(text: str) -> tuple[str, frozenset[str]]:
    stems = question_stems(text)
    normal = " ".join(sorted(stems)) if stems else " ".join(words_of(text) or text.lower().split())
    return "q:" + hashlib.blake2b(normal.encode("utf-8"), digest_size=6).hexdigest(), stems


def iso_week(ts: float) -> str:
    """``2026-W45``: the ISO week (UTC) of a Unix time."""
    year, week, _ = dt.datetime.fromtimestamp(ts, dt.UTC).isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class TallyRow:
    """``count`` searches for one wording of one question on one UTC day."""

    key: str
    day: int
    kind: str  # no_answer | no_results
    query: str
    count: int
    last_ts: float


# The later of two times, in SQL both back ends run (SQLite's two-argument MAX is PostgreSQL's GREATEST).
_LATER = "CASE WHEN excluded.last_ts > {table}.last_ts THEN excluded.last_ts ELSE {table}.last_ts END"


def resolved_times(db: Connection) -> dict[str, float]:
    """When each question key's gap was last resolved (Unix time)."""
    rows = db.execute("SELECT member, MAX(ts) FROM gap_resolution GROUP BY member")
    return {member: float(ts) for member, ts in rows}


def fold_searches(db: Connection) -> int:
    """Count the unanswered searches logged since the last fold; returns how many were counted.

    A search from before its question's gap was resolved is not counted (rows written straight
    into the log by an older kb, folded late)."""
    with db.write():
        row = db.execute("SELECT last_id FROM tally_mark WHERE name = 'search_log'").fetchone()
        mark = int(row[0]) if row else 0
        top = db.execute("SELECT MAX(id) FROM search_log").fetchone()[0] or 0
        if top <= mark:
            return 0
        resolved = resolved_times(db)
        counts: dict[tuple[str, int, str, str], list[float]] = {}
        stems: dict[str, frozenset[str]] = {}
        asked: Counter[str] = Counter()
        for ts, query, results in db.execute(
            "SELECT ts, query, results FROM search_log WHERE id > ? AND id <= ? AND answered = 0", (mark, top)
        ):
            key, words = _key_and_stems(query)
            if ts <= resolved.get(key, float("-inf")):
                continue
            stems[key] = words
            asked[key] += 1
            slot = counts.setdefault((key, int(ts // DAY), "no_answer" if results else "no_results", query), [0, ts])
            slot[0] += 1
            slot[1] = max(slot[1], ts)
        db.executemany(
            "INSERT INTO question_tally (key, day, kind, query, count, last_ts) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key, day, kind, query) DO UPDATE SET count = question_tally.count + excluded.count,"
            f" last_ts = {_LATER.format(table='question_tally')}",
            [(*where, int(n), ts) for where, (n, ts) in counts.items()],
        )
        heads = assign_groups(db, {key: stems[key] for key, _ in asked.most_common()})
        per_day: dict[tuple[str, int], list[float]] = {}
        for (key, day, _kind, _query), (n, ts) in counts.items():
            slot = per_day.setdefault((heads[key], day), [0, ts])
            slot[0] += n
            slot[1] = max(slot[1], ts)
        db.executemany(
            "INSERT INTO group_day (head, day, count, last_ts) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (head, day) DO UPDATE SET count = group_day.count + excluded.count,"
            f" last_ts = {_LATER.format(table='group_day')}",
            [(*where, int(n), ts) for where, (n, ts) in per_day.items()],
        )
        db.execute(
            "INSERT INTO tally_mark (name, last_id) VALUES ('search_log', ?)"
            " ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id",
            (top,),
        )
    return int(sum(n for n, _ in counts.values()))


def group_totals(
    db: Connection, since: float, until: float, limit: int | None
) -> dict[str, tuple[int, float]]:
    """Searches per group (head → count, last time) on the UTC days from ``since`` to ``until``,
    after a fold; with ``limit``, only the most asked groups (ties: the most recent)."""
    fold_searches(db)
    sql = (
        "SELECT head, SUM(count) AS n, MAX(last_ts) AS last FROM group_day WHERE day BETWEEN ? AND ?"
        " GROUP BY head HAVING SUM(count) > 0 ORDER BY n DESC, last DESC, head"
    )
    args: tuple[object, ...] = (int(since // DAY), int(until // DAY))
    if limit is not None:
        sql += " LIMIT ?"
        args += (limit,)
    return {head: (int(n), float(last)) for head, n, last in db.execute(sql, args)}


def group_rows(
    db: Connection, heads: Iterable[str], since: float, until: float
) -> Iterator[tuple[str, TallyRow]]:
    """The counted searches (head, row) of the groups ``heads`` on the UTC days from ``since`` to ``until``."""
    wanted = list(dict.fromkeys(heads))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for head, key, day, kind, query, count, last_ts in db.execute(
            "SELECT g.head, t.key, t.day, t.kind, t.query, t.count, t.last_ts FROM question_group g"
            f" JOIN question_tally t ON t.key = g.key WHERE g.head IN ({','.join('?' * len(chunk))})"
            " AND t.day BETWEEN ? AND ? AND t.count > 0",
            (*chunk, int(since // DAY), int(until // DAY)),
        ):
            yield head, TallyRow(key, int(day), kind, query, int(count), float(last_ts))


def forget_questions(db: Connection, keys: Iterable[str]) -> None:
    """Drop the counts of ``keys`` and of the groups they head (a resolved gap): only searches
    after now count for them."""
    wanted = list(dict.fromkeys(keys))
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        marks = ",".join("?" * len(chunk))
        db.execute(
            f"DELETE FROM question_tally WHERE key IN ({marks})"
            f" OR key IN (SELECT key FROM question_group WHERE head IN ({marks}))",
            (*chunk, *chunk),
        )
        db.execute(
            f"DELETE FROM group_day WHERE head IN ({marks})"
            f" OR head IN (SELECT head FROM question_group WHERE key IN ({marks}))",
            (*chunk, *chunk),
        )
