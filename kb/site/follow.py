"""Replicas follow each other's publishes: a poller that applies content events to this copy.

Several ``kb serve`` processes can share one docs folder (a git checkout or a shared volume) and
one PostgreSQL database, each with a data dir of its own: its own index and site copy. The one
that publishes updates its copy at once and records a content event (:mod:`kb.store.events`);
every other replica's :class:`Follower` polls for events after the last one it handled, every
second, and updates the index for the paths they name and the pages they change. A replica that
was down catches up when it starts: ``kb serve`` first brings its copy up to date from the docs
(:func:`kb.site.preview.prepare`), and the follower starts from the newest event it saw then.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kb.config import Settings
from kb.content import load_article
from kb.errors import KBError
from kb.index import update_articles
from kb.site.update import update_sites
from kb.store import DatabaseError, connect, events_after, latest_event_id, record_event, write_text_atomic

__all__ = ["Followed", "Follower", "announce", "follow_once", "replica_name", "start_mark"]

log = logging.getLogger("kb.replicas")
POLL_SECONDS = 1.0
SLOW_SECONDS = 5.0
_MARK_FILE = "replica-mark"


def replica_name(settings: Settings) -> str:
    """Who made a change: this machine and data dir (each replica has its own)."""
    return f"{socket.gethostname()}:{settings.data_dir.resolve()}"


def announce(settings: Settings, kind: str, paths: Sequence[str]) -> None:
    """Record that ``paths`` of the docs changed, for the other replicas. Call it holding the
    publish lock, after the files are written and before this replica's own update."""
    with connect(settings.database) as db, db.write():
        record_event(db, kind, paths, replica_name(settings))


def _mark_path(settings: Settings) -> Path:
    return settings.data_dir / _MARK_FILE


def _read_mark(settings: Settings) -> int | None:
    try:
        return int(_mark_path(settings).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def start_mark(settings: Settings) -> int:
    """The newest event now: read before ``kb serve`` brings its copy up to date from the docs,
    so whatever is published meanwhile is applied again by the follower (applying twice is harmless)."""
    with connect(settings.database) as db:
        mark = latest_event_id(db)
    write_text_atomic(_mark_path(settings), f"{mark}\n")
    return mark


@dataclass(frozen=True)
class Followed:
    """What one poll did: the events read, the paths updated, the new mark."""

    events: int
    paths: tuple[str, ...]
    mark: int


def follow_once(settings: Settings, mark: int) -> Followed:
    """Apply the events after ``mark`` made by other replicas to this replica's index and sites."""
    with connect(settings.database) as db:
        events = events_after(db, mark)
    if not events:
        return Followed(0, (), mark)
    me = replica_name(settings)
    paths = sorted({path for event in events if event.origin != me for path in event.paths})
    started = time.perf_counter()
    if paths:
        docs = settings.docs_dir
        changed, removed, names = [], [], []
        for rel in paths:
            file = docs / rel
            hidden = any(part.startswith("_") for part in Path(rel).parts)  # drafts, the manifest
            article = load_article(docs, file)[0] if file.is_file() and not hidden else None
            if article is not None:
                changed.append(article)
                names.append(rel)
            else:
                removed.append(rel)
        # Search must never lead to a page this replica does not serve: a removed article leaves
        # the index before its page goes, a new one gets its page before the index finds it.
        if removed:
            update_articles(settings, [], removed)
        update_sites(settings, changed=names, removed=removed)
        if changed:
            update_articles(settings, changed, [])
        took = time.perf_counter() - started
        if took > SLOW_SECONDS:  # worth an operator's look: replicas are meant to agree within seconds
            log.warning(
                "kb: applying %d change(s) from other replicas took %.1f s: %s", len(paths), took, ", ".join(paths[:5])
            )
    new_mark = events[-1].id
    write_text_atomic(_mark_path(settings), f"{new_mark}\n")
    return Followed(len(events), tuple(paths), new_mark)


class Follower:
    """A daemon thread applying other replicas' content events every ``interval`` seconds."""

    def __init__(
        self,
        settings: Settings,
        mark: int | None = None,
        interval: float = POLL_SECONDS,
        on_update: Callable[[Followed], None] | None = None,
    ) -> None:
        self.settings = settings
        self.mark = mark if mark is not None else (_read_mark(settings) or 0)
        self.interval = interval
        self._on_update = on_update
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kb-replica-follower", daemon=True)

    def start(self) -> Follower:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        failing = False
        while not self._stop.wait(self.interval):
            try:
                followed = follow_once(self.settings, self.mark)
            except (DatabaseError, KBError, OSError) as exc:
                if not failing:  # say it once, not every second, and keep serving what we have
                    log.warning("kb: cannot follow the other replicas' changes: %s", exc)
                failing = True
                continue
            except Exception:  # a bug must not stop the follower for good: log it, try again
                log.exception("kb: following the other replicas' changes failed")
                failing = True
                continue
            if failing:
                log.warning("kb: following the other replicas' changes again")
            failing = False
            self.mark = followed.mark
            if followed.paths and self._on_update is not None:
                self._on_update(followed)
            time.sleep(0)  # let the server threads run between polls
