"""The CPU-heavy steps of a big import, spread over the machine's cores.

Redaction and the duplicate lookup are pure Python (regexes, phonenumbers, Whoosh), so threads
would take turns on one core. A big export (``PARALLEL_FROM`` tickets or more) is redacted and
looked up in worker processes instead; a single webhook ticket or a small file runs inline,
where starting processes would cost more than it saves. A single-threaded process (``kb ingest``)
forks its workers, which is cheap; a multi-threaded one (the API server) spawns them, because a
fork would copy other threads' held locks. Each worker opens the index itself (never sharing the
parent's file handles). Results come back in input order, so the outcome does not depend on the pool.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TypeVar

from kb.config import Settings
from kb.drafting.duplicates import Covered, covering_section
from kb.drafting.redacted_ticket import RedactedTicket, redact_ticket
from kb.index import SectionIndex
from kb.tickets import Ticket

__all__ = ["PARALLEL_FROM", "Lookup", "look_up_all", "redact_all", "worker_pool"]

PARALLEL_FROM = 200
_CHUNK = 25

Lookup = tuple[Covered | None, str, tuple[str, ...]]  # covering section, category, tags
T = TypeVar("T")

# One per worker process: the settings it was started with and its own open index.
_worker: dict[str, object] = {}


def _start_worker(settings: Settings) -> None:
    _worker["settings"] = settings


def _worker_index() -> SectionIndex:
    index = _worker.get("index")
    if not isinstance(index, SectionIndex):
        settings = _worker["settings"]
        assert isinstance(settings, Settings)
        index = SectionIndex.open(settings)
        _worker["index"] = index
    return index


def _redact_chunk(tickets: Sequence[Ticket]) -> list[RedactedTicket]:
    settings = _worker["settings"]
    assert isinstance(settings, Settings)
    return [redact_ticket(t, settings.redact_patterns, settings.redaction_regions) for t in tickets]


def _look_up_chunk(tickets: Sequence[RedactedTicket]) -> list[Lookup]:
    settings = _worker["settings"]
    assert isinstance(settings, Settings)
    index = _worker_index()
    return [covering_section(index, t, settings.duplicate_threshold) for t in tickets]


def worker_pool(settings: Settings, jobs: int) -> Executor | None:
    """A process pool for an import of ``jobs`` tickets, or None when inline is faster."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs < PARALLEL_FROM or cores < 2:
        return None
    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    return ProcessPoolExecutor(min(cores, 4), mp_context=context, initializer=_start_worker, initargs=(settings,))


def _chunks(items: Sequence[T], size: int = _CHUNK) -> list[Sequence[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def redact_all(settings: Settings, tickets: Sequence[Ticket], pool: Executor | None) -> list[RedactedTicket]:
    """Every ticket redacted, in order."""
    if pool is None:
        return [redact_ticket(t, settings.redact_patterns, settings.redaction_regions) for t in tickets]
    return [r for chunk in pool.map(_redact_chunk, _chunks(tickets)) for r in chunk]


def look_up_all(
    settings: Settings, tickets: Sequence[RedactedTicket], index: SectionIndex | None, pool: Executor | None
) -> Iterator[Lookup]:
    """For each ticket in order: the published section that already covers it (or None), a
    suggested category and suggested tags. Lazy: with a pool, each result is yielded as soon as its chunk is done."""
    if index is None:
        yield from [(None, "", ())] * len(tickets)
    elif pool is None:
        yield from (covering_section(index, t, settings.duplicate_threshold) for t in tickets)
    else:
        for chunk in pool.map(_look_up_chunk, _chunks(tickets)):
            yield from chunk
