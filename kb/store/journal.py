"""A derived JSON document that changes a little at a time: a snapshot plus a journal of changes.

Rewriting a 3 MB snapshot after every publish to change a dozen entries costs more than the
publish's own work, so changes are appended to ``<name>.journal`` as one JSON line each
(``[section, key, value]``, value null = delete) and folded into a new snapshot once the journal
grows. The documents kb keeps this way (the cached catalog, each site's build record) are derived
data whose every entry carries its own version: a change lost in a crash (a torn last line, which
reading skips) only means that entry is worked out again. Writers hold the site lock.

Readers never see a half-written snapshot (it is replaced atomically), and a torn journal line
is skipped; a document missing its snapshot reads as no document at all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from kb.store.atomic import write_text_atomic

__all__ = ["Change", "forget_journaled", "read_journaled", "write_journaled"]

#: (section, key, value); value None deletes the key
Change = tuple[str, str, Any]
_MIN_JOURNAL_BYTES = 256 * 1024


def _journal(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def forget_journaled(path: Path) -> None:
    """Delete the document (journal first, for the reason given in write_journaled)."""
    _journal(path).unlink(missing_ok=True)
    path.unlink(missing_ok=True)


def read_journaled(path: Path, header: Mapping[str, Any]) -> dict[str, dict[str, Any]] | None:
    """The sections of the document (snapshot, then the journal's changes in order), or None when
    there is no snapshot, it cannot be read, or its header is not ``header``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("header") != dict(header):
            return None
        sections: dict[str, dict[str, Any]] = {str(k): dict(v) for k, v in data["sections"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    try:
        lines = _journal(path).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        lines = []
    for line in lines:
        try:
            section, key, value = json.loads(line)
        except (ValueError, TypeError):
            continue  # a line torn by a crash
        entries = sections.setdefault(str(section), {})
        if value is None:
            entries.pop(str(key), None)
        else:
            entries[str(key)] = value
    return sections


def write_journaled(
    path: Path,
    header: Mapping[str, Any],
    changes: Iterable[Change],
    sections: Callable[[], Mapping[str, Mapping[str, Any]]],
    *,
    snapshot: bool = False,
) -> None:
    """Record ``changes``: appended to the journal, or as a new snapshot of ``sections()`` (the
    whole document, changes included) when asked, when there is none, or when the journal has
    grown to a quarter of the snapshot."""
    changes = list(changes)
    journal = _journal(path)
    if not snapshot:
        try:
            snapshot = journal.stat().st_size > max(_MIN_JOURNAL_BYTES, path.stat().st_size // 4)
        except FileNotFoundError:
            snapshot = not path.is_file()
    if snapshot:
        document = {"header": dict(header), "sections": {name: dict(entries) for name, entries in sections().items()}}
        # The journal goes first: a crash in between leaves the older snapshot alone, an older
        # but consistent document, rather than old changes replayed over a newer snapshot.
        journal.unlink(missing_ok=True)
        write_text_atomic(path, json.dumps(document, ensure_ascii=False, separators=(",", ":")), durable=False)
        return
    if not changes:
        return
    text = "".join(json.dumps(change, ensure_ascii=False, separators=(",", ":")) + "\n" for change in changes)
    with open(journal, "a+b") as handle:
        handle.seek(0, os.SEEK_END)
        if handle.tell():
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":
                text = "\n" + text  # end a line torn by a crash before adding to it
        handle.write(text.encode("utf-8"))
