"""One generation of the index as searches see it, readable from many threads without a lock.

A :class:`Snapshot` pins one Whoosh generation: its segments, the BM25F tables over them, the
vocabulary and the spelling corrector. Everything in it is read-only once built, except the
Whoosh readers and the spelling corrections found so far (a dict that only grows: a race
computes one twice). The readers seek in open files, so each thread gets its own reader on the
*same* segments (never a newer generation, whose document numbers would not match the tables).
Refreshing swaps in a new snapshot; a search that started on the old one finishes on it.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.searching import Searcher
from whoosh.spelling import ListCorrector

from kb.index.bm25f import Bm25fParams, Scorer
from kb.index.build import read_meta
from kb.index.matrix import SegmentTerms, load_or_build
from kb.index.suggest import Suggestion, SuggestTable

__all__ = ["POOL_SIZE", "Snapshot", "SuggestTables", "open_snapshot"]

#: Whoosh readers per snapshot: searches holding one at the same time (the rest wait their turn
#: for the few stored-field reads a search makes; scoring itself needs no reader).
POOL_SIZE = 4


@dataclass
class Snapshot:
    """One index generation: the scorer, the vocabulary and a Whoosh reader per thread."""

    folder: Path
    generation: int
    scorer: Scorer
    vocab: Counter[str]
    corrector: ListCorrector | None
    articles: int
    sections: int
    _index: Any  # whoosh.index.FileIndex
    _toc: Any  # whoosh.index.TOC of this generation
    _free: queue.SimpleQueue[Searcher] = field(default_factory=queue.SimpleQueue, repr=False)
    _opened: list[Searcher] = field(default_factory=list, repr=False)
    _opened_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _suggest: SuggestTable | None = field(default=None, repr=False)
    _suggest_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _suggest_started: bool = field(default=False, repr=False)
    #: Spelling corrections found in this generation's words (kb/index/search.py), by word typed.
    corrections: dict[str, str] = field(default_factory=dict, repr=False)

    def built_suggestions(self) -> SuggestTable | None:
        """The titles table if it has been built, else None (never waits)."""
        return self._suggest

    def start_building_suggestions(self, done: Callable[[SuggestTable], None]) -> None:
        """Build the titles table on a background thread (the first call only) and pass it to ``done``."""
        with self._opened_lock:
            if self._suggest_started:
                return
            self._suggest_started = True

        def build() -> None:
            done(self.suggestions())

        threading.Thread(target=build, name="kb-suggest-table", daemon=True).start()

    def suggestions(self) -> SuggestTable:
        """The titles and headings of this generation for search as you type (built on first use)."""
        table = self._suggest
        if table is None:
            with self._suggest_lock:
                if self._suggest is None:
                    with self.searcher() as searcher:
                        self._suggest = SuggestTable.from_stored(searcher.reader().all_stored_fields())
                table = self._suggest
        return table

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """A searcher on this generation for the ``with`` block, no other thread using it."""
        try:
            searcher = self._free.get_nowait()
        except queue.Empty:
            with self._opened_lock:
                opened = len(self._opened) < POOL_SIZE
                if opened:
                    searcher = self._new_searcher()
                    self._opened.append(searcher)
            if not opened:
                searcher = self._free.get()
        try:
            yield searcher
        finally:
            self._free.put(searcher)

    def _new_searcher(self) -> Searcher:
        # Whoosh's reader factory for a given list of segments (what FileIndex.reader() calls
        # after reading the newest table of contents): the segments stay this generation's.
        reader = whoosh_index.FileIndex._reader(
            self._index.storage, self._toc.schema, list(self._toc.segments), self._toc.generation
        )
        return Searcher(reader, fromindex=self._index)

    def up_to_date(self) -> bool:
        """False once a writer has committed a newer generation."""
        return bool(self._index.latest_generation() == self.generation)

    def close(self) -> None:
        """Close every thread's reader (only when no search can still be using this snapshot)."""
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for searcher in opened:
            searcher.close()


def open_snapshot(
    folder: Path,
    params: Bm25fParams,
    tables: dict[str, SegmentTerms],
    attempts: int = 5,
) -> Snapshot:
    """The newest generation in ``folder``. ``tables``: BM25F tables of segments seen before (a
    segment never changes), updated in place to this generation's segments.

    A writer committing at the same moment removes the table of contents or segment files just
    chosen, so a missing file means: read the newer generation."""
    for attempt in range(attempts):
        try:
            return _open(folder, params, tables)
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


def _open(folder: Path, params: Bm25fParams, tables: dict[str, SegmentTerms]) -> Snapshot:
    index = whoosh_index.open_dir(str(folder))
    toc = index._read_toc()
    meta, vocab = read_meta(folder)
    snapshot = Snapshot(
        folder=folder,
        generation=int(toc.generation),
        scorer=Scorer([], params),
        vocab=vocab,
        # Whoosh's corrector fails on an empty word list (a tree of empty articles has no words).
        corrector=ListCorrector(sorted(vocab)) if vocab else None,
        articles=int(meta["articles"]),
        sections=int(meta["sections"]),
        _index=index,
        _toc=toc,
    )
    with snapshot.searcher() as searcher:
        snapshot.scorer = _scorer(folder, searcher, params, tables)
    return snapshot


def _scorer(folder: Path, searcher: Searcher, params: Bm25fParams, tables: dict[str, SegmentTerms]) -> Scorer:
    segments = []
    current: dict[str, SegmentTerms] = {}
    for leaf, offset in searcher.reader().leaf_readers():
        segment = leaf.segment()
        if segment is None:  # the index of a docs folder with no article yet: nothing to score
            continue
        key = f"{folder}/{segment.segment_id()}"
        table = tables.get(key) or load_or_build(folder, leaf)
        current[key] = table
        live = np.ones(table.doc_count, dtype=np.bool_)
        for docnum in segment.deleted_docs():
            live[int(docnum)] = False
        segments.append((table, int(offset), live))
    tables.clear()
    tables.update(current)
    return Scorer(segments, params)


class SuggestTables:
    """The titles table for search as you type, for the newest snapshot that has one.

    The first table is built when first asked for. For a newer snapshot (after a publish) the
    table is built on a background thread while the previous one answers, so no keystroke waits
    (about a second at 10,000 articles)."""

    def __init__(self) -> None:
        self._newest: SuggestTable | None = None

    def table(self, snapshot: Snapshot) -> SuggestTable:
        table = snapshot.built_suggestions()
        if table is not None:
            return table
        if self._newest is None:  # the first table: nothing older to answer from
            self._newest = snapshot.suggestions()
            return self._newest
        snapshot.start_building_suggestions(self._built)
        return self._newest

    def _built(self, table: SuggestTable) -> None:
        self._newest = table

    def suggest(
        self, snapshot: Snapshot, text: str, limit: int, correct: Callable[[str], str]
    ) -> list[Suggestion]:
        """Suggestions for ``text``; when there are none, again with the typed words' spelling
        corrected by ``correct`` ("pubish a dra" → "Publish a draft"). The word being typed is
        never corrected: it is a prefix."""
        table = self.table(snapshot)
        found = table.suggest(text, limit)
        if found:
            return found
        words = text.split()
        whole = words if text[-1:].isspace() else words[:-1]
        fixed = [correct(word.lower()) or word for word in whole]
        if fixed == whole:
            return found
        rest = [] if text[-1:].isspace() else words[-1:]
        return table.suggest(" ".join(fixed + rest) + (" " if text[-1:].isspace() else ""), limit)
