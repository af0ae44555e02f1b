"""Vectors already computed, by the SHA-1 of their text: a text is embedded once, ever.

Embedding is the slow part of indexing (about 130 sections a second on two cores), so vectors
are kept in one SQLite file in the data dir and looked up by the text's digest and the model's
id: a rebuild, a publish or a restart embeds only the sections whose text is new. Several
processes share the file (``kb serve``, ``kb publish``): SQLite's WAL mode lets them read while
one writes. A process also remembers the vectors it has seen (:data:`_MEMORY`), so building
the same docs again in one process costs nothing. A data dir that cannot be written still
searches: its vectors are then computed and kept in memory only.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from kb.progress import Progress, counter
from kb.semantic.encoder import DIMENSIONS, Vectors, encoder, model_id

__all__ = ["VectorCache", "digest"]

log = logging.getLogger(__name__)
_CHUNK = 64  # texts embedded between two progress reports
_MEMORY_SIZE = 200_000  # vectors a process keeps (300 MB at most)
_MEMORY: OrderedDict[tuple[str, bytes], np.ndarray] = OrderedDict()
_MEMORY_LOCK = threading.Lock()


def digest(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).digest()


def _remember(model: str, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
    with _MEMORY_LOCK:
        for key, vector in items:
            _MEMORY[(model, key)] = vector
            _MEMORY.move_to_end((model, key))
        while len(_MEMORY) > _MEMORY_SIZE:
            _MEMORY.popitem(last=False)


def _recall(model: str, keys: Iterable[bytes]) -> dict[bytes, np.ndarray]:
    with _MEMORY_LOCK:
        return {key: _MEMORY[(model, key)] for key in keys if (model, key) in _MEMORY}


class VectorCache:
    """The vectors of one data dir's file (``path``), for the packaged model."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.model = model_id()
        self._writable = path is not None
        self._ready = False

    def _connect(self) -> sqlite3.Connection | None:
        if self.path is None or not self._writable:
            return None
        connection: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30)
            if not self._ready:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key BLOB NOT NULL, "
                    "vector BLOB NOT NULL, PRIMARY KEY (model, key))"
                )
                connection.commit()
                self._ready = True
            return connection
        except (sqlite3.Error, OSError) as error:
            if connection is not None:
                connection.close()
            self._writable = False  # read-only or damaged: vectors stay in memory
            log.warning(
                "%s: cannot keep the sections' embeddings there (%s); they are kept in memory and "
                "computed again by the next process. Delete the file (kb rebuilds it) or make the "
                "data dir writable.",
                self.path,
                error,
            )
            return None

    def _stored(self, keys: Sequence[bytes], vectors: bool = True) -> dict[bytes, np.ndarray | None]:
        """The vectors the file holds for ``keys`` (with ``vectors=False``, just which it holds)."""
        connection = self._connect()
        if connection is None or not keys:
            return {}
        found: dict[bytes, np.ndarray | None] = {}
        column = "vector" if vectors else "NULL"
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = connection.execute(
                    f"SELECT key, {column} FROM vectors WHERE model = ? AND key IN ({marks})",
                    (self.model, *chunk),
                )
                for key, blob in rows:
                    if blob is None:
                        found[bytes(key)] = None
                    elif len(blob) == DIMENSIONS * 2:
                        found[bytes(key)] = np.frombuffer(blob, dtype=np.float16)
        except sqlite3.Error:
            return found
        finally:
            connection.close()
        return found

    def _store(self, items: dict[bytes, np.ndarray]) -> None:
        connection = self._connect()
        if connection is None or not items:
            return
        with contextlib.suppress(sqlite3.Error), contextlib.closing(connection), connection:
            connection.executemany(
                "INSERT OR REPLACE INTO vectors (model, key, vector) VALUES (?, ?, ?)",
                [(self.model, key, vector.astype(np.float16).tobytes()) for key, vector in items.items()],
            )

    def vectors(
        self, texts: Sequence[str], threads: int = 1, persist: bool = False, progress: Progress | None = None
    ) -> Vectors:
        """The vector of every text (one row each), embedding only those never seen before.

        ``persist``: also make sure the file holds every one of them (indexing), not only the
        newly embedded ones: this process may remember vectors another data dir's file has.
        ``progress`` counts the texts embedded (task "passages embedded"), when any are."""
        keys = [digest(text) for text in texts]
        unique = list(dict.fromkeys(keys))
        in_file = set(self._stored(unique, vectors=False)) if persist else set()
        known = _recall(self.model, keys)
        missing = [key for key in unique if key not in known]
        if missing:
            stored = {key: v for key, v in self._stored(missing).items() if v is not None}
            in_file.update(stored)
            known.update(stored)
            _remember(self.model, stored.items())
        todo = {key: text for key, text in zip(keys, texts, strict=True) if key not in known}
        if todo:
            made = self._embed(todo, threads, progress)
            _remember(self.model, made.items())
            known.update(made)
        self._store({key: known[key] for key in unique if key not in in_file and (persist or key in todo)})
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, key in enumerate(keys):
            result[row] = known[key]
        return result

    def _embed(self, todo: dict[bytes, str], threads: int, progress: Progress | None) -> dict[bytes, np.ndarray]:
        """Embed ``todo`` (digest → text), in chunks so that ``progress`` hears of each."""
        tick = counter(progress, "passages embedded", len(todo)) if progress else None
        made: dict[bytes, np.ndarray] = {}
        items = list(todo.items())
        for start in range(0, len(items), _CHUNK):
            chunk = items[start : start + _CHUNK]
            vectors = encoder(threads).encode([text for _, text in chunk]).astype(np.float16)
            made.update(zip((key for key, _ in chunk), vectors, strict=True))
            if tick is not None:
                tick(len(chunk))
        return made

    def preload(self) -> int:
        """Remember every vector of the file (up to the memory's size), so that searches read
        none from it; how many there are."""
        connection = self._connect()
        if connection is None:
            return 0
        loaded: list[tuple[bytes, np.ndarray]] = []
        with contextlib.suppress(sqlite3.Error), contextlib.closing(connection):
            query = "SELECT key, vector FROM vectors WHERE model = ? LIMIT ?"
            rows = connection.execute(query, (self.model, _MEMORY_SIZE))
            loaded = [
                (bytes(key), np.frombuffer(blob, dtype=np.float16)) for key, blob in rows if len(blob) == DIMENSIONS * 2
            ]
        _remember(self.model, loaded)
        return len(loaded)

    def prune(self, keep: Iterable[str]) -> int:
        """Forget the vectors of texts not in ``keep`` (after a full build); how many went."""
        connection = self._connect()
        if connection is None:
            return 0
        wanted = {digest(text) for text in keep}
        with contextlib.suppress(sqlite3.Error), contextlib.closing(connection), connection:
            stale = [
                (self.model, bytes(key))
                for (key,) in connection.execute("SELECT key FROM vectors WHERE model = ?", (self.model,))
                if bytes(key) not in wanted
            ]
            connection.executemany("DELETE FROM vectors WHERE model = ? AND key = ?", stale)
            connection.execute("DELETE FROM vectors WHERE model != ?", (self.model,))
            return len(stale)
        return 0
