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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, TypeVar

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from kb.content import Article, load_article
from kb.index.schema import SectionDoc, article_docs, vocabulary

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
            table = self._tables[fieldname] = [int(length(doc, fieldname, default)) for doc in range(self._doc_count)]
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


def add_documents(writer: SegmentWriter, docs: Iterable[SectionDoc]) -> int:
    count = 0
    for doc in docs:
        writer.add_document(**doc.fields())
        count += 1
    return count


def _write_segment(folder: Path, docs: Sequence[SectionDoc], articles: int) -> SegmentSummary:
    ix = whoosh_index.open_dir(str(folder))
    writer = _SegmentWriter(ix, _lk=False, limitmb=POOL_MB)
    try:
        add_documents(writer, docs)
        segment = writer._finalize_segment()
    except BaseException:
        writer._close_segment()
        raise
    return SegmentSummary(segment, articles, len(docs), vocabulary(docs))


def _segment_of_files(folder: Path, docs_dir: Path, files: Sequence[Path]) -> SegmentSummary:
    articles = [article for file in files if (article := load_article(docs_dir, file)[0]) is not None]
    return _write_segment(folder, [doc for article in articles for doc in article_docs(article)], len(articles))


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


def _run(tasks: list[Callable[[], SegmentSummary]]) -> list[SegmentSummary]:
    if len(tasks) <= 1:
        return [task() for task in tasks]
    with ProcessPoolExecutor(max_workers=len(tasks), mp_context=_context()) as pool:
        futures = [pool.submit(task) for task in tasks]
        try:
            return [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def write_files(folder: Path, docs_dir: Path, files: Sequence[Path]) -> list[SegmentSummary]:
    """Parse ``files`` in the workers and write their sections into the index in ``folder``.

    Returns one summary per segment, in document order.
    """
    chunks = _chunks(files, worker_count(len(files)))
    return _run([partial(_segment_of_files, folder, docs_dir, chunk) for chunk in chunks])


def write_articles(folder: Path, articles: Sequence[Article]) -> list[SegmentSummary]:
    """Write the sections of ``articles`` into the index in ``folder``, like :func:`write_files`."""
    # Articles hold mapping proxies, which do not pickle: their documents go to the workers.
    chunks = _chunks(articles, worker_count(len(articles)))
    return _run(
        [
            partial(_write_segment, folder, [doc for article in chunk for doc in article_docs(article)], len(chunk))
            for chunk in chunks
        ]
    )
