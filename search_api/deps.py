"""Dependencies: the settings, the open index and the search log, swappable in tests."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from fastapi import Request

from kb.answers import Answer
from kb.config import Settings
from kb.index import SectionIndex
from kb.insight import SearchLog

__all__ = ["AppState", "get_index", "get_search_log", "get_settings", "get_state"]


@dataclass
class AppState:
    """What the app holds between requests: the one index handle and the search log."""

    settings: Settings
    search_log: SearchLog
    index: SectionIndex | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: recent answers by (index generation, normalised question): repeated questions are common
    answers: OrderedDict[tuple[object, str], tuple[Answer, bytes]] = field(default_factory=OrderedDict)

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
