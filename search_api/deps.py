"""Dependencies: the settings, the open index and the search log, swappable in tests."""

from __future__ import annotations

import asyncio
import functools
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TypeVar

from fastapi import Request

from kb.answers import Answer
from kb.config import Settings
from kb.index import SectionIndex
from kb.insight import SearchLog
from search_api.limits import RateLimiter

__all__ = ["SEARCH_THREADS", "AppState", "get_index", "get_search_log", "get_settings", "get_state"]

T = TypeVar("T")

#: Searches one worker runs at the same time. A search is CPU-bound Python and numpy: on the
#: GIL, more threads only take turns and take it from the event loop. Measured (bench/api.py,
#: 32 clients, 2 workers): with 1 search thread per worker /api/health answers in p50 6.5 ms
#: under load, with 2 in 12.8 ms, at the same throughput; the API scales with worker processes.
SEARCH_THREADS = 1
#: The nice value of the search threads (Linux): the kernel then runs the event loops of all
#: workers first, so health checks and pages answer quickly while both cores search (bench/api.py
#: at 1,000 articles under 32 clients: /api/health p50 4.5 → 2.8 ms, p99 14 → 9 ms). The threads
#: are kb's own, so no other work inherits the lower priority.
SEARCH_NICENESS = 10


@dataclass
class AppState:
    """What the app holds between requests: the one index handle and the search log."""

    settings: Settings
    search_log: SearchLog
    index: SectionIndex | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: recent answers by (index generation, normalised question): repeated questions are common
    answers: OrderedDict[tuple[object, str], tuple[Answer, bytes]] = field(default_factory=OrderedDict)
    #: questions per client address in this worker (None: no limit, ``queries_per_minute = 0``)
    query_limiter: RateLimiter | None = None
    #: wrong bearer tokens per client address, shared by every worker (see search_api.auth)
    token_failures: RateLimiter | None = None

    _search_pool: ThreadPoolExecutor | None = None

    async def run_search(self, search: Callable[..., T], *args: object) -> T:
        """Run ``search`` off the event loop on kb's search threads (``SEARCH_THREADS``): health
        checks, pages and cached answers never wait for it."""
        if self._search_pool is None:
            self._search_pool = ThreadPoolExecutor(
                SEARCH_THREADS, thread_name_prefix="kb-search", initializer=_lower_priority
            )
        return await asyncio.get_running_loop().run_in_executor(self._search_pool, functools.partial(search, *args))

    def shutdown(self) -> None:
        """Let the search threads finish and end."""
        if self._search_pool is not None:
            self._search_pool.shutdown(wait=True, cancel_futures=True)

    def open_index(self) -> SectionIndex:
        """The open index; opened on first use, so `kb index` while serving needs no restart."""
        index = self.index
        if index is not None:
            return index
        with self.lock:
            if self.index is None:
                self.index = SectionIndex.open(self.settings)  # IndexMissingError → 503
            return self.index


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.kb
    return state


def get_settings(request: Request) -> Settings:
    return get_state(request).settings


def get_index(request: Request) -> SectionIndex:
    return get_state(request).open_index()


def get_search_log(request: Request) -> SearchLog:
    return get_state(request).search_log


def _lower_priority() -> None:
    """A search thread's start: ``SEARCH_NICENESS`` for this thread alone (Linux)."""
    if sys.platform.startswith("linux"):
        with suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), SEARCH_NICENESS)
