"""Atomic file writes: a temp file in the same folder, fsync, then ``os.replace``.

Readers see the old file or the new one, never half of one; a crash leaves the old file. A
rewritten file keeps its mode; a new file gets the mode a plain ``open`` would give it (0666 less
the umask), so a separate web or build user can read what kb writes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["new_file_mode", "write_bytes_atomic", "write_new_file", "write_text_atomic"]


def new_file_mode() -> int:
    """The mode ``open(path, "w")`` gives a new file: 0666 less the process umask."""
    # os.umask is the only portable way to read it; set it straight back.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_bytes_atomic(path: Path, data: bytes, *, exclusive: bool = False, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically. With ``exclusive``, fail if ``path`` exists.

    ``exclusive`` uses a hard link so two writers cannot both create the same file. ``durable=False``
    skips the fsync, for a batch of files that the caller makes durable at once (``os.sync``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = new_file_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
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


def write_text_atomic(path: Path, text: str, *, exclusive: bool = False, durable: bool = True) -> None:
    """:func:`write_bytes_atomic` for text: UTF-8, newlines written as given."""
    write_bytes_atomic(path, text.encode("utf-8"), exclusive=exclusive, durable=durable)


def write_new_file(
    folder: Path,
    stem: str,
    text: str,
    *,
    durable: bool = True,
    attempts: int = 999,
    on_clash: Callable[[Path], Exception] | None = None,
) -> Path:
    """Write ``text`` as a new file ``folder/stem.md``, or ``stem-2.md``, ``stem-3.md``… if taken.

    Never overwrites, even against a concurrent writer. The name must stay inside ``folder``
    (``ValueError`` otherwise). After ``attempts`` taken names, raises ``on_clash(folder/stem.md)``
    (default ``FileExistsError``).
    """
    root = folder.resolve()
    for number in range(1, attempts + 1):
        path = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
        if path.resolve().parent != root:
            raise ValueError(f"file name {path.name!r} leaves {folder}")
        try:
            write_text_atomic(path, text, exclusive=True, durable=durable)
        except FileExistsError:
            continue
        return path
    first = folder / f"{stem}.md"
    raise on_clash(first) if on_clash else FileExistsError(f"{first}: every free name up to -{attempts} is taken")
