"""What ``kb serve`` does before it serves: bring its site and the search index up to date.

The served site is the public one: drafts are never built into it. Agents preview a draft in the
agent UI's editor (and a draft's address on the site leads there, behind the sign-in). A preview
folder with drafts left in the data dir by an older kb is removed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from kb.config import Settings
from kb.content import Problem, count_problems
from kb.progress import Progress
from kb.site.pipeline import build_docs

__all__ = ["Echo", "prepare"]

Echo = Callable[[str], None]


def prepare(
    settings: Settings,
    echo: Echo,
    report: Callable[[Problem], None] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Rebuild the preview site and the index when the docs changed since the last serve.

    The same check and build as ``kb build`` (:func:`kb.site.pipeline.build_docs`): ``report`` is given
    every problem, an article that cannot be read is left out, the rest is served.
    """
    old_preview = settings.data_dir / "preview"
    if old_preview.is_dir():
        shutil.rmtree(old_preview, ignore_errors=True)
        echo(f"removed {old_preview}: drafts are previewed in the agent UI now, never built into a site")
    site_dir = settings.data_dir / "site"
    built = build_docs(
        settings,
        site_dir=site_dir,
        drafts=False,
        incremental=True,
        report=report or (lambda problem: echo(str(problem))),
        progress=progress,
    )
    if built.site_work:
        echo(f"{built.site_work} in {built.seconds:.1f} s")
    if built.index is not None:
        stats = built.index
        echo(f"indexed {stats.sections:,} sections of {stats.articles:,} articles in {stats.seconds:.1f} s")
    if built.site_work or built.index is not None:
        echo(f"{built.site_work or 'site up to date'}; {count_problems(built.problems)}")
    return site_dir

