"""The search log: every search and answer, with personal data masked, for the content-gap work.

Writes are batched on a background thread so logging never adds a database round trip to the
answer's latency; :meth:`SearchLog.flush` waits for everything queued so far.
"""

from __future__ import annotations

import logging
import queue
import re
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kb.redact import redact_text
from kb.store import connect

__all__ = ["LogEntry", "SearchLog", "mask_personal", "mask_query"]

log = logging.getLogger("kb")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITS = re.compile(r"(?:\d[\s().-]?){6,}\d")
_MAX_QUERY_CHARS = 500
_BATCH_SECONDS = 0.1


def mask_personal(text: str) -> str:
    """``text`` with email addresses and runs of seven or more digits masked, whitespace folded.

    The last line of defence for anything kb stores about customers: ticket-grade redaction
    keeps ordinary numbers, but a long digit run in a log is an order, account or phone number.
    """
    text = _EMAIL.sub("[email]", text)
    text = _DIGITS.sub("[number]", text)
    return " ".join(text.split())


def mask_query(text: str, regions: str | Sequence[str] = "US") -> str:
    """A query as the log keeps it: ticket-grade redaction (names after a greeting, addresses,
    ``name [at] domain``, IPs, identifiers…), then the masks above, lower case, whitespace folded."""
    redacted = redact_text(text[: _MAX_QUERY_CHARS * 2], region=regions).text
    return mask_personal(redacted).lower()[:_MAX_QUERY_CHARS]


@dataclass(frozen=True)
class LogEntry:
    kind: str
    query: str
    top_path: str | None
    top_url: str | None
    results: int
    confidence: float | None
    answered: bool
    latency_ms: float


class SearchLog:
    """Queue entries; a daemon thread writes them in batches."""

    def __init__(self, db_path: Path, regions: str | Sequence[str] = "US") -> None:
        self._db_path = db_path
        self._regions = regions  # the phone regions redaction knows (redact_phone_regions)
        self._queue: queue.Queue[tuple[float, LogEntry] | threading.Event] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="kb-search-log", daemon=True)
        self._thread.start()

    def record(self, entry: LogEntry) -> None:
        self._queue.put((time.time(), entry))

    def flush(self, timeout: float = 10.0) -> None:
        done = threading.Event()
        self._queue.put(done)
        done.wait(timeout)

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        while True:
            item = self._queue.get()
            batch: list[tuple[float, LogEntry]] = []
            events: list[threading.Event] = []
            if not isinstance(item, threading.Event):
                # Let a busy server's entries gather: one transaction per ~0.1 s instead of one
                # per request (at 1,700 answers/s, per-request commits took a quarter of the CPU).
                time.sleep(_BATCH_SECONDS)
            while True:
                if isinstance(item, threading.Event):
                    events.append(item)
                else:
                    batch.append(item)
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                try:
                    connection = connection or connect(self._db_path)
                    _write(connection, batch, self._regions)
                except sqlite3.Error as exc:
                    # The log must never take search down; say so and keep serving.
                    log.warning(
                        "kb: could not write %d search log entries to %s: %s", len(batch), self._db_path, exc
                    )
                    connection = None
            for event in events:
                event.set()


def _write(connection: sqlite3.Connection, batch: list[tuple[float, LogEntry]], regions: str | Sequence[str]) -> None:
    rows = [
        (
            ts,
            e.kind,
            mask_query(e.query, regions),
            e.top_path,
            e.top_url,
            e.results,
            e.confidence,
            int(e.answered),
            round(e.latency_ms, 3),
        )
        for ts, e in batch
    ]
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO search_log (ts, kind, query, top_path, top_url, results, confidence, answered, latency_ms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.execute("COMMIT")
