"""Writing a full build as Whoosh segments, one per worker process.

The article files are cut into one contiguous chunk per worker. A worker parses its chunk,
turns the articles into section documents and writes them as one segment into the fresh index
folder; the parent then commits a table of contents listing the segments in chunk order, so
documents keep the order of a single-writer build. Parsing, plain-text conversion and analysis
are most of a build's cost, so all of them run in the workers: only file names go out and a
small summary of each segment comes back.

This is the scheme of Whoosh's own ``MpWriter`` (``whoosh.multiproc``), which opens its
sub-writers with ``_lk=False`` (the parent holds the lock) and closes them with
``_finalize_segment``. MpWriter itself is not used because it parses nothing: the parent would
still parse every article and pickle every document to the workers.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import partial
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, TypeVar

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from kb.content import Article, load_article
from kb.index.matrix import sidecar_path, terms_of_documents
from kb.index.schema import SectionDoc, article_docs, scored_terms, vocabulary
from kb.progress import Progress, Tick, counter

__all__ = ["MAX_WORKERS", "SegmentSummary", "add_documents", "worker_count", "write_articles", "write_files"]

# Each worker writes one segment and every segment costs query time (its own matchers per
# term), so more workers than cores would only slow searches down.
MAX_WORKERS = 2
# Below this many articles a build takes a second or two in one process; a worker's start-up
# (~0.4 s when it must re-import kb) would eat most of what it saves.
PARALLEL_FROM = 1000
# Postings are sorted in memory up to this size; past it Whoosh pickles them into run files on
# disk and merges those, which cost a third of the writer's time. 5,000 articles of the
# synthetic corpus fill ~250 MB of Whoosh's (pessimistic) estimate.
POOL_MB = 512

T = TypeVar("T")


@dataclass(frozen=True)
class SegmentSummary:
    """What a worker reports about the segment it wrote."""

    segment: Any  # Whoosh's segment object (picklable), listed in the table of contents
    articles: int
    sections: int
    vocabulary: Counter[str]


class _FieldLengths:
    """A segment's field lengths, read once per field instead of once per posting.

    Whoosh's postings writer asks for the length of the field of every posting (~3 million
    in a full build), each a column-file read; that took a sixth of a build. The values come
    from the same reader, so the segment is byte for byte the same.
    """

    def __init__(self, reader: Any, doc_count: int) -> None:
        self._reader = reader
        self._doc_count = doc_count
        self._tables: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        table = self._tables.get(fieldname)
        if table is None:
            length = self._reader.doc_field_length
            # Whoosh stores no length for a document whose field has no terms (an empty section,
            # a heading of punctuation): that length is 0.
            lengths = (length(doc, fieldname, default) for doc in range(self._doc_count))
            table = self._tables[fieldname] = [int(n or 0) for n in lengths]
        return table[docnum]


class _SegmentWriter(SegmentWriter):  # type: ignore[misc]  # whoosh is untyped
    def _flush_segment(self) -> None:
        # SegmentWriter._flush_segment, with the lengths read through _FieldLengths.
        self.perdocwriter.close()
        reader = self.per_document_reader()
        try:
            lengths = _FieldLengths(reader, self.doc_count())
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
            self.fieldwriter.close()
        finally:
            reader.close()


def add_documents(
    writer: SegmentWriter, docs: Iterable[SectionDoc], scored: list[dict[str, list[str]]] | None = None
) -> int:
    """Add ``docs`` to ``writer``; with ``scored``, also collect each one's scored terms."""
    count = 0
    for doc in docs:
        fields = doc.fields()
        writer.add_document(**fields)
        if scored is not None:
            scored.append(scored_terms(fields))
        count += 1
    return count


def _write_segment(
    folder: Path, articles: Iterable[list[SectionDoc] | None], tick: Tick | None = None
) -> SegmentSummary:
    """Write one segment of the documents of ``articles`` (None: a file that is not an article)."""
    tick = tick or _worker_tick or _no_tick
    ix = whoosh_index.open_dir(str(folder))
    writer = _SegmentWriter(ix, _lk=False, limitmb=POOL_MB)
    docs: list[SectionDoc] = []
    scored: list[dict[str, list[str]]] = []
    count = 0
    try:
        for article_docs_ in articles:
            if article_docs_ is not None:
                add_documents(writer, article_docs_, scored)
                docs.extend(article_docs_)
                count += 1
            tick(1)
        segment = writer._finalize_segment()
    except BaseException:
        writer._close_segment()
        raise
    # The scoring table of the segment (kb/index/matrix.py), from the terms just indexed.
    terms_of_documents(scored).save(sidecar_path(folder, segment))
    return SegmentSummary(segment, count, len(docs), vocabulary(docs))


def _segment_of_files(folder: Path, docs_dir: Path, files: Sequence[Path], tick: Tick | None = None) -> SegmentSummary:
    loaded = (load_article(docs_dir, file)[0] for file in files)
    return _write_segment(folder, (None if a is None else list(article_docs(a)) for a in loaded), tick)


def worker_count(articles: int) -> int:
    if articles < PARALLEL_FROM:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


def _chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    size, extra = divmod(len(items), count)
    bounds = [i * size + min(i, extra) for i in range(count + 1)]
    return [items[bounds[i] : bounds[i + 1]] for i in range(count) if bounds[i + 1] > bounds[i]]


def _context() -> BaseContext:
    # fork starts a worker in milliseconds, spawn re-imports kb and Whoosh (~0.4 s); but a fork
    # while other threads run (a server) can copy a lock one of them holds, forever locked.
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _no_tick(_count: int = 1) -> None:
    pass


# In a worker process: adds to the parent's count of articles written (set by _start_worker).
_worker_tick: Tick | None = None


def _start_worker(done: Any) -> None:
    global _worker_tick

    def tick(count: int = 1) -> None:
        with done.get_lock():
            done.value += count

    _worker_tick = tick


def _run(
    tasks: list[Callable[[Tick | None], SegmentSummary]], total: int, progress: Progress | None
) -> list[SegmentSummary]:
    """Run the segment ``tasks``, in worker processes when there are several, and tell ``progress``
    how many of the ``total`` articles were written (each worker adds to a shared counter)."""
    tick = counter(progress, "indexing articles", total)
    if len(tasks) <= 1:
        return [task(tick) for task in tasks]
    context = _context()
    done = context.Value("q", 0)
    reported = 0
    with ProcessPoolExecutor(
        max_workers=len(tasks), mp_context=context, initializer=_start_worker, initargs=(done,)
    ) as pool:
        futures = [pool.submit(task, None) for task in tasks]
        try:
            pending: set[Future[SegmentSummary]] = set(futures)
            while pending:
                _finished, pending = wait(pending, timeout=0.25, return_when=FIRST_EXCEPTION)
                if any(f.done() and f.exception() is not None for f in futures):
                    break
                now = int(done.value)
                tick(now - reported)
                reported = now
            return [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def write_files(
    folder: Path, docs_dir: Path, files: Sequence[Path], progress: Progress | None = None
) -> list[SegmentSummary]:
    """Parse ``files`` in the workers and write their sections into the index in ``folder``.

    Returns one summary per segment, in document order. ``progress`` counts the files written.
    """
    chunks = _chunks(files, worker_count(len(files)))
    return _run([partial(_segment_of_files, folder, docs_dir, chunk) for chunk in chunks], len(files), progress)


def write_articles(folder: Path, articles: Sequence[Article], progress: Progress | None = None) -> list[SegmentSummary]:
    """Write the sections of ``articles`` into the index in ``folder``, like :func:`write_files`."""
    # Articles hold mapping proxies, which do not pickle: their documents go to the workers.
    chunks = _chunks(articles, worker_count(len(articles)))
    return _run(
        [partial(_write_segment, folder, [list(article_docs(article)) for article in chunk]) for chunk in chunks],
        len(articles),
        progress,
    )
