"""Atomic file writes: a temp file in the same folder, fsync, then ``os.replace``.

Readers see the old file or the new one, never half of one; a crash leaves the old file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_text_atomic"]


def write_text_atomic(path: Path, text: str, *, exclusive: bool = False, durable: bool = True) -> None:
    """Write ``text`` to ``path`` atomically. With ``exclusive``, fail if ``path`` exists.

    ``exclusive`` uses a hard link so two writers cannot both create the same file. ``durable=False``
    skips the fsync, for a batch of files that the caller makes durable at once (``os.sync``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if exclusive:
            os.link(tmp, path)  # raises FileExistsError if another writer got there first
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
