"""The search cache: recent searches' results, by index generation and text as typed.

A question asked again (or a result page reloaded) is served from memory. The key is the text
with its spaces collapsed, not its words: punctuation says where a greeting, thanks and
sentences end, so "Hi, export? Thanks" is not read as "hi export thanks" is. Up to the number of
candidates ranked, fewer hits are the first hits of more (the same candidates, in the same
order), so one entry per text serves every such limit: the Ask box reads five, the results list
shows ten. Entries of an older generation are never asked for again and age out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace

from kb.index.results import SearchResults

__all__ = ["SearchCache"]

_SIZE = 4096  # texts

_Key = tuple[str, int, str, int]


class SearchCache:
    """Thread-safe, least recently used first out."""

    def __init__(self, candidates: int, size: int = _SIZE) -> None:
        self._candidates = candidates
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[_Key, tuple[int, SearchResults]] = OrderedDict()

    def key(self, folder: str, generation: int, text: str, limit: int) -> _Key:
        return folder, generation, " ".join(text.split()), 0 if limit <= self._candidates else limit

    def get(self, key: _Key, text: str, limit: int) -> SearchResults | None:
        """The cached results for ``text`` as typed, cut to ``limit`` hits; None when not cached
        for as many hits."""
        with self._lock:
            cached = self._entries.get(key)
            if cached is None or cached[0] < limit:
                return None
            self._entries.move_to_end(key)
        results = cached[1]
        if len(results.hits) > limit:
            results = replace(results, hits=results.hits[:limit])
        return results if results.query == text else replace(results, query=text)

    def put(self, key: _Key, limit: int, results: SearchResults) -> None:
        """Keep ``results`` (searched for ``limit`` hits) unless as many hits are kept already."""
        with self._lock:
            if key not in self._entries or self._entries[key][0] < limit:
                self._entries[key] = (limit, results)
                self._entries.move_to_end(key)
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
