"""What ``kb serve`` does before it serves: bring the preview site and the search index up to date."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from kb.config import Settings
from kb.index import build_index, current_index_dir
from kb.site.build import SITE_LOCK, build_site
from kb.site.update import update_site
from kb.store import file_lock, write_text_atomic

__all__ = ["Echo", "docs_fingerprint", "prepare"]

Echo = Callable[[str], None]


def docs_fingerprint(docs_dir: Path) -> str:
    """Changes whenever a file under ``docs_dir`` is added, removed or modified."""
    digest = hashlib.sha256()
    for file in sorted(docs_dir.rglob("*")):
        if file.is_file():
            stat = file.stat()
            digest.update(f"{file.relative_to(docs_dir)}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


def prepare(settings: Settings, drafts: bool, echo: Echo) -> Path:
    """Rebuild the preview site and the index when the docs changed since the last serve."""
    site_dir = settings.data_dir / ("preview" if drafts else "site")
    stamp = settings.data_dir / f"{site_dir.name}.fingerprint"
    fingerprint = docs_fingerprint(settings.docs_dir)
    up_to_date = stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint
    if not (site_dir / "index.html").is_file():
        result = build_site(settings, site_dir=site_dir, drafts=drafts)
        echo(f"built {result.pages} pages in {result.seconds:.1f} s")
    elif not up_to_date:
        # Only what changed since the last build (a publish, an edit); a full build when the
        # site's record cannot vouch for the rest (see kb.site.update).
        with file_lock(settings.data_dir / SITE_LOCK):
            update = update_site(settings, site_dir, drafts)
        what = "rebuilt the site in full" if update.full else f"updated {len(update.built)} pages"
        echo(f"{what} in {update.seconds:.1f} s")
    if not up_to_date or current_index_dir(settings) is None:
        stats = build_index(settings)
        echo(f"indexed {stats.sections} sections of {stats.articles} articles in {stats.seconds:.1f} s")
    write_text_atomic(stamp, fingerprint)
    return site_dir
