"""Check the docs, report every problem, then build what can be built: ``kb build`` and ``kb serve``.

Both commands go through :func:`build_docs`, so they agree on the same docs: every problem
``kb check`` finds is reported (errors and warnings alike), an article that cannot be read is
left out of the site and the index, and the rest is built. Only ``strict`` (``kb build
--strict``, for CI) refuses to build when there is any error.

``kb build`` always builds in full; ``kb serve`` (``incremental``) rebuilds only when the docs
changed since its last start, and then only the pages that changed (:mod:`kb.site.update`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kb.authoring import check_docs
from kb.config import Settings
from kb.content import Problem, load_catalog
from kb.errors import BuildError
from kb.index import IndexStats, build_index, current_index_dir
from kb.progress import Progress
from kb.site.build import SITE_LOCK, build_site
from kb.site.update import update_site
from kb.store import file_lock, write_text_atomic

__all__ = ["BuildReport", "build_docs", "docs_fingerprint"]

Report = Callable[[Problem], None]


@dataclass(frozen=True)
class BuildReport:
    """What :func:`build_docs` found and did."""

    site_dir: Path
    #: every problem kb check found, in file and line order
    problems: tuple[Problem, ...]
    #: what happened to the site: "built 12 pages", "updated 2 pages", "" when it was up to date
    site_work: str
    #: pages in the site after a full build (0 after an update or none)
    pages: int
    #: the index build, None when the index was up to date
    index: IndexStats | None
    #: the articles left out of the site and the index (path → the problem that keeps it out)
    left_out: tuple[Problem, ...]
    seconds: float

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def docs_fingerprint(docs_dir: Path) -> str:
    """Changes whenever a file under ``docs_dir`` is added, removed or modified."""
    digest = hashlib.sha256()
    for file in sorted(docs_dir.rglob("*")):
        if file.is_file():
            stat = file.stat()
            digest.update(f"{file.relative_to(docs_dir)}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


def _ignore(_problem: Problem) -> None:
    pass


def build_docs(
    settings: Settings,
    *,
    site_dir: Path | None = None,
    drafts: bool = False,
    strict: bool = False,
    incremental: bool = False,
    report: Report = _ignore,
    progress: Progress | None = None,
) -> BuildReport:
    """Check the docs of ``settings``, ``report`` each problem, build the site and the index.

    ``strict``: raise :class:`BuildError` before building anything when there is an error.
    ``incremental`` (``kb serve``): do nothing when the docs did not change since the last call
    for this site folder, else update only the pages that changed.
    """
    start = time.perf_counter()
    docs_dir = settings.docs_dir
    if not docs_dir.is_dir():
        raise BuildError(f"{docs_dir}: docs folder not found", "pass --docs DIR or set KB_DOCS_DIR")
    folder = Path(site_dir or settings.site_dir)
    stamp = settings.data_dir / f"{folder.name}.fingerprint"
    fingerprint = docs_fingerprint(docs_dir) if incremental else ""
    site_exists = (folder / "index.html").is_file()
    up_to_date = incremental and site_exists and stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint
    if up_to_date and current_index_dir(settings) is not None:
        return BuildReport(folder, (), "", 0, None, (), time.perf_counter() - start)

    catalog = load_catalog(docs_dir)
    problems = tuple(check_docs(docs_dir, catalog))
    for problem in problems:
        report(problem)
    errors = sum(1 for p in problems if p.severity == "error")
    if strict and errors:
        raise BuildError(
            f"{errors} error(s) in the docs, so the site was not built (--strict)",
            "fix them (see above), or build without --strict to leave out only what cannot be built",
        )

    site_work, pages = "", 0
    if not (incremental and site_exists):
        result = build_site(settings, site_dir=folder, drafts=drafts, progress=progress, catalog=catalog)
        site_work, pages = f"built {result.pages:,} pages", result.pages
    elif not up_to_date:
        # Only what changed since the last build (a publish, an edit); a full build when the
        # site's record cannot vouch for the rest (see kb.site.update).
        with file_lock(settings.data_dir / SITE_LOCK):
            update = update_site(settings, folder, drafts)
        site_work = "rebuilt the site in full" if update.full else f"updated {len(update.built):,} pages"
    stats = build_index(settings, progress=progress)
    if incremental:
        write_text_atomic(stamp, fingerprint)
    return BuildReport(folder, problems, site_work, pages, stats, catalog.left_out, time.perf_counter() - start)
