"""kb's operational state: one SQLite database in the data dir (``kb.sqlite3``).

Search log, ingested ticket ids, feedback and the like live here; the docs folder stays the
only source of truth for content. Each connection uses WAL so readers never block the writer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["SCHEMA", "connect"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS search_log (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    kind TEXT NOT NULL,
    query TEXT NOT NULL,
    top_path TEXT,
    top_url TEXT,
    results INTEGER NOT NULL,
    confidence REAL,
    answered INTEGER NOT NULL,
    latency_ms REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS search_log_ts ON search_log (ts);
-- Tickets that became a draft, joined a draft, or became an update proposal: importing them
-- again is a no-op. Skipped tickets are not recorded, so a ticket resolved later still drafts.
CREATE TABLE IF NOT EXISTS ingested_tickets (
    ticket_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    ingested_at REAL NOT NULL,
    action TEXT NOT NULL,
    draft TEXT NOT NULL
);
-- "Was this helpful?" votes: on an article page (page) or under an Ask-box answer (query +
-- answer_url). vote_id is a random id the browser makes up, so a comment sent after the vote
-- updates that vote instead of counting twice; no cookie, no IP address is stored.
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    vote_id TEXT UNIQUE,
    page TEXT,
    query TEXT,
    answer_url TEXT,
    helpful INTEGER NOT NULL,
    comment TEXT
);
CREATE INDEX IF NOT EXISTS feedback_ts ON feedback (ts);
-- Content gaps an agent dealt with: every question key of the group, resolved at ts, so the
-- searches and votes up to then leave the queue (and later ones bring the gap back).
CREATE TABLE IF NOT EXISTS gap_resolution (
    member TEXT NOT NULL,
    gap TEXT NOT NULL,
    ts REAL NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gap_resolution_member ON gap_resolution (member);
-- Rate limits shared by every server worker: one token bucket per (what is limited, client).
CREATE TABLE IF NOT EXISTS rate_limit (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    tokens REAL NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (scope, key)
);
-- The redacted public conversation of each ticket that became a draft or proposal: shown beside
-- the draft in the editor. JSON lists of message texts.
CREATE TABLE IF NOT EXISTS ticket_conversation (
    ticket_id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    customer TEXT NOT NULL,
    agent TEXT NOT NULL
);
-- Searches with no confident answer, counted per normalised question, UTC day, kind and wording:
-- the content-gap queue reads these instead of re-reading the raw log. Folded in from search_log
-- (rows after tally_mark.last_id) by the log's writer; resolving a gap deletes its rows.
CREATE TABLE IF NOT EXISTS question_tally (
    key TEXT NOT NULL,
    day INTEGER NOT NULL,
    kind TEXT NOT NULL,
    query TEXT NOT NULL,
    count INTEGER NOT NULL,
    last_ts REAL NOT NULL,
    PRIMARY KEY (key, day, kind, query)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS question_tally_day ON question_tally (day);
-- Each question key's group for good: a new question joins the group whose head (first question)
-- it is very close to, or heads its own (kb.insight.question_groups).
CREATE TABLE IF NOT EXISTS question_group (
    key TEXT PRIMARY KEY,
    stems TEXT NOT NULL,
    head TEXT NOT NULL,
    seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS question_group_head ON question_group (head);
CREATE INDEX IF NOT EXISTS question_group_seq ON question_group (seq);
-- The tally summed per group and day: what orders the gap queue (one row per group per day).
CREATE TABLE IF NOT EXISTS group_day (
    head TEXT NOT NULL,
    day INTEGER NOT NULL,
    count INTEGER NOT NULL,
    last_ts REAL NOT NULL,
    PRIMARY KEY (head, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tally_mark (
    name TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
);
-- Agent sessions signed out before their cookie expires (the cookie itself is signed, not stored).
CREATE TABLE IF NOT EXISTS signed_out (
    session TEXT PRIMARY KEY,
    until REAL NOT NULL
);
"""


def connect(db_path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database with kb's tables."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(db_path, timeout=30, check_same_thread=False, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(SCHEMA)
    return connection
