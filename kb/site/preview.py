"""What ``kb serve`` does before it serves: bring the preview site and the search index up to date."""

from __future__ import annotations

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
    drafts: bool,
    echo: Echo,
    report: Callable[[Problem], None] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Rebuild the preview site and the index when the docs changed since the last serve.

    The same check and build as ``kb build`` (:func:`kb.site.pipeline.build_docs`): ``report`` is given
    every problem, an article that cannot be read is left out, the rest is served.
    """
    site_dir = settings.data_dir / ("preview" if drafts else "site")
    built = build_docs(
        settings,
        site_dir=site_dir,
        drafts=drafts,
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

