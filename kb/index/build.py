"""Writing the index: full builds into a fresh folder swapped in atomically, incremental updates.

Layout in the data dir: ``index`` is a symlink to ``index-<n>/``. A full build writes a new
``index-<n+1>/`` and then replaces the symlink in one ``os.replace``, so readers see the old
index or the new one, never half of one, and a crash mid-build leaves the old one serving.

Whoosh allows one writer at a time and raises ``LockError`` otherwise; every write here runs
under :func:`write_lock` (a thread lock plus an ``flock`` on ``index.lock`` for other
processes), so users never see that error and an update never lands in an index that a
concurrent full build is about to replace.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index

from kb.config import Settings
from kb.content import Article, iter_article_files
from kb.index.meaning import Meaning
from kb.index.schema import INDEX_FORMAT, SCHEMA, article_docs, stored_vocabulary, vocabulary
from kb.index.segments import SegmentSummary, add_documents, write_articles, write_files
from kb.progress import Progress
from kb.store import write_text_atomic

__all__ = ["IndexStats", "build_index", "current_index_dir", "update_articles", "write_lock"]

LINK_NAME = "index"
META_FILE = "kb-meta.json"
VOCAB_FILE = "kb-vocabulary.json"
_thread_lock = threading.Lock()


@dataclass(frozen=True)
class IndexStats:
    articles: int
    sections: int
    seconds: float


@contextmanager
def write_lock(settings: Settings) -> Iterator[None]:
    """Hold the single-writer lock of this data dir (threads and processes)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with _thread_lock, open(settings.data_dir / "index.lock", "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def current_index_dir(settings: Settings) -> Path | None:
    """The folder of the index readers should open, or None if none was built."""
    link = settings.data_dir / LINK_NAME
    if not link.is_symlink():
        return None
    target = link.parent / os.readlink(link)
    # Whoosh's exists_in opens the index and can fail when a writer in another thread or process
    # commits meanwhile (it removes the old table of contents): a TOC file on disk is the test.
    if not any(target.glob("_MAIN_*.toc")):
        return None
    # An index an older kb wrote (other fields, no scoring tables) counts as none: it is rebuilt.
    try:
        meta = json.loads((target / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return target if isinstance(meta, dict) and meta.get("format") == INDEX_FORMAT else None


def _write_meta(folder: Path, articles: int, sections: int, vocab: Counter[str]) -> None:
    meta = {"articles": articles, "sections": sections, "built": time.time(), "format": INDEX_FORMAT}
    write_text_atomic(folder / META_FILE, json.dumps(meta))
    write_text_atomic(folder / VOCAB_FILE, json.dumps(dict(sorted(vocab.items())), separators=(",", ":")))


def read_meta(folder: Path) -> tuple[dict[str, float], Counter[str]]:
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    vocab = Counter(json.loads((folder / VOCAB_FILE).read_text(encoding="utf-8")))
    return meta, vocab


def _swap_in(settings: Settings, fresh: Path) -> None:
    link = settings.data_dir / LINK_NAME
    temp_link = settings.data_dir / f".{LINK_NAME}.{os.getpid()}.tmp"
    if temp_link.is_symlink() or temp_link.exists():
        temp_link.unlink()
    os.symlink(fresh.name, temp_link)
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)  # an index folder from an older layout
    os.replace(temp_link, link)
    for old in settings.data_dir.glob(f"{LINK_NAME}-*"):
        # Open readers keep their files (POSIX); nothing new will open the old folders.
        if old != fresh:
            shutil.rmtree(old, ignore_errors=True)


def _write_fresh(
    folder: Path, settings: Settings, articles: list[Article] | None, progress: Progress | None
) -> list[SegmentSummary]:
    """Create an index in ``folder`` holding every article, written in parallel segments."""
    ix = whoosh_index.create_in(str(folder), SCHEMA)
    # This writer adds nothing: it holds Whoosh's lock on the folder while the workers write
    # their segments, then commits a table of contents that lists them.
    writer = ix.writer()
    try:
        if articles is None:
            summaries = write_files(folder, settings.docs_dir, list(iter_article_files(settings.docs_dir)), progress)
        else:
            summaries = write_articles(folder, articles, progress)
    except BaseException:
        writer.cancel()
        raise
    segments = [summary.segment for summary in summaries]
    # Not merged into one: a merge rewrites every posting (as long as writing them did) and
    # two segments searched no slower than one (bench/README.md).
    writer.commit(mergetype=lambda _writer, existing: [*existing, *segments])
    return summaries


def _embed_all(settings: Settings, folder: Path, progress: Progress | None) -> None:
    """Embed every section of the index in ``folder`` that was not embedded before (the first
    build of a large help centre: minutes, so ``progress`` hears of it)."""
    meaning = Meaning(settings)
    if not meaning.enabled:
        return
    with whoosh_index.open_dir(str(folder)).searcher() as searcher:
        sections = list(searcher.reader().all_stored_fields())
    meaning.index(sections, progress)
    meaning.forget_all_but(sections)


def build_index(
    settings: Settings, articles: Iterable[Article] | None = None, *, progress: Progress | None = None
) -> IndexStats:
    """Index every article of the docs dir (or ``articles``) into a fresh folder, then swap it in.

    Without ``articles``, the files are parsed by the worker processes that index them; a file
    that is not a readable article is left out. ``progress`` counts the articles written and the
    passages (sections, and long sections in parts) embedded for the first time.
    """
    start = time.perf_counter()
    article_list = None if articles is None else list(articles)
    with write_lock(settings):
        fresh = settings.data_dir / f"{LINK_NAME}-{time.time_ns()}"
        fresh.mkdir(parents=True)
        try:
            summaries = _write_fresh(fresh, settings, article_list, progress)
            vocab: Counter[str] = Counter()
            for summary in summaries:
                vocab.update(summary.vocabulary)
            article_count = sum(summary.articles for summary in summaries)
            section_count = sum(summary.sections for summary in summaries)
            _write_meta(fresh, article_count, section_count, vocab)
            _embed_all(settings, fresh, progress)
            _swap_in(settings, fresh)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
    return IndexStats(article_count, section_count, time.perf_counter() - start)


def update_articles(settings: Settings, changed: Iterable[Article] = (), removed: Iterable[str] = ()) -> IndexStats:
    """Replace the documents of ``changed`` articles and delete those of ``removed`` paths.

    Builds the whole index instead when none exists yet.
    """
    start = time.perf_counter()
    changed = list(changed)
    removed = list(removed)
    folder = current_index_dir(settings)
    if folder is None:
        return build_index(settings)
    docs = [doc for article in changed for doc in article_docs(article)]
    # Before the commit, so searches find them embedded; a command without the model loaded leaves
    # them to the first search that meets them.
    Meaning(settings).index([doc.fields() for doc in docs], eager=False)
    with write_lock(settings):
        folder = current_index_dir(settings) or folder
        ix = whoosh_index.open_dir(str(folder))
        changed_paths = {a.path for a in changed}
        with ix.searcher() as searcher:
            present = {p for p in {*removed, *changed_paths} if searcher.document_number(path=p) is not None}
            # The words of the documents about to go, so spelling stops suggesting words no page has.
            gone = stored_vocabulary(
                (f.get("title_text", ""), f.get("heading_text", ""), f.get("summary", ""), f.get("body", ""))
                for path in present
                for f in (searcher.stored_fields(n) for n in searcher.document_numbers(path=path))
            )
        writer = ix.writer()
        try:
            for path in {*removed, *changed_paths}:
                writer.delete_by_term("path", path)
            add_documents(writer, docs)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        meta, vocab = read_meta(folder)
        vocab.subtract(gone)
        vocab.update(vocabulary(docs))
        vocab = +vocab  # drop the words no document has any more
        with ix.searcher() as searcher:
            sections = searcher.doc_count()
        articles = int(meta["articles"]) + len(changed_paths - present) - len((set(removed) - changed_paths) & present)
        _write_meta(folder, articles, sections, vocab)
    return IndexStats(len(changed), len(docs), time.perf_counter() - start)
