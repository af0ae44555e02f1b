"""The search log: every search and answer, with personal data masked, for the content-gap work.

Writes are batched on a background thread so logging never adds a database round trip to the
answer's latency; :meth:`SearchLog.flush` waits for everything queued so far. After each batch the
writer folds the unanswered searches into the question tally (what the gap queue reads) and keeps
the raw log to its newest ``max_rows`` rows, so a flood of distinct queries cannot grow it without
bound.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kb.errors import KBError
from kb.insight.tally import fold_searches
from kb.redact import redact_text
from kb.store import Connection, DatabaseError, connect

__all__ = ["LogEntry", "SearchLog", "mask_personal", "mask_query"]

log = logging.getLogger("kb")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITS = re.compile(r"(?:\d[\s().-]?){6,}\d")
_MAX_QUERY_CHARS = 500
_BATCH_SECONDS = 0.1
#: Raw log rows kept by default (the tally keeps the gap counts of older ones until ``kb prune``).
MAX_ROWS = 1_000_000


def mask_personal(text: str) -> str:
    """``text`` with email addresses and runs of seven or more digits masked, whitespace folded.

    The last line of defence for anything kb stores about customers: ticket-grade redaction
    keeps ordinary numbers, but a long digit run in a log is an order, account or phone number.
    """
    text = _EMAIL.sub("[email]", text)
    text = _DIGITS.sub("[number]", text)
    return " ".join(text.split())


def mask_query(
    text: str, regions: str | Sequence[str] = "US", patterns: Mapping[str, str] | None = None
) -> str:
    """A query as the log keeps it: ticket-grade redaction (names after a greeting, addresses,
    ``name [at] domain``, IPs, identifiers, the site's ``redact_patterns``…), then the masks above,
    lower case, whitespace folded."""
    redacted = redact_text(text[: _MAX_QUERY_CHARS * 2], patterns=patterns, region=regions).text
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

    def __init__(
        self,
        database_url: str,
        regions: str | Sequence[str] = "US",
        max_rows: int = MAX_ROWS,
        patterns: Mapping[str, str] | None = None,
    ) -> None:
        self._url = database_url
        self._regions = regions  # the phone regions redaction knows (redact_phone_regions)
        self._patterns = dict(patterns or {})  # the site's redact_patterns
        self._max_rows = max_rows
        self._queue: queue.Queue[tuple[float, LogEntry] | threading.Event | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="kb-search-log", daemon=True)
        self._thread.start()

    def record(self, entry: LogEntry) -> None:
        self._queue.put((time.time(), entry))

    def record_at(self, ts: float, entry: LogEntry) -> None:
        """Log ``entry`` as made at Unix time ``ts`` (imports and benchmarks)."""
        self._queue.put((ts, entry))

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued, then stop the writer thread."""
        self.flush(timeout)
        self._queue.put(None)
        self._thread.join(timeout)

    def flush(self, timeout: float = 10.0) -> None:
        done = threading.Event()
        self._queue.put(done)
        done.wait(timeout)

    def _run(self) -> None:
        connection: Connection | None = None
        while True:
            item = self._queue.get()
            if item is None:
                if connection is not None:
                    connection.close()
                return
            batch: list[tuple[float, LogEntry]] = []
            events: list[threading.Event] = []
            if not isinstance(item, threading.Event):
                # Let a busy server's entries gather: one transaction per ~0.1 s instead of one
                # per request (at 1,700 answers/s, per-request commits took a quarter of the CPU).
                time.sleep(_BATCH_SECONDS)
            while True:
                if isinstance(item, threading.Event):
                    events.append(item)
                elif item is not None:
                    batch.append(item)
                else:
                    self._queue.put(None)  # stop after this batch
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                try:
                    connection = connection or connect(self._url)
                    _write(connection, batch, self._regions, self._patterns)
                    fold_searches(connection)
                    _trim(connection, self._max_rows)
                except (DatabaseError, KBError) as exc:
                    # The log must never take search down; say so and keep serving.
                    log.warning("kb: could not write %d search log entries: %s", len(batch), exc)
                    if connection is not None:
                        connection.close()
                    connection = None
            for event in events:
                event.set()


def _write(
    connection: Connection,
    batch: list[tuple[float, LogEntry]],
    regions: str | Sequence[str],
    patterns: Mapping[str, str],
) -> None:
    rows = [
        (
            ts,
            e.kind,
            mask_query(e.query, regions, patterns),
            e.top_path,
            e.top_url,
            e.results,
            e.confidence,
            int(e.answered),
            round(e.latency_ms, 3),
        )
        for ts, e in batch
    ]
    with connection.write():
        connection.executemany(
            "INSERT INTO search_log (ts, kind, query, top_path, top_url, results, confidence, answered, latency_ms)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def _trim(connection: Connection, max_rows: int) -> None:
    """Delete the oldest raw rows past the newest ``max_rows`` (already counted in the tally); 0: keep all."""
    low, high = connection.execute("SELECT MIN(id), MAX(id) FROM search_log").fetchone()
    if max_rows and low is not None and high - low + 1 > max_rows:
        connection.execute("DELETE FROM search_log WHERE id <= ?", (high - max_rows,))
