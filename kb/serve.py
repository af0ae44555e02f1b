"""``kb serve``: bring the preview site and the index up to date, then run one server for both."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.build import build_docs, docs_fingerprint
from kb.config import Settings
from kb.problems import Problem, count_problems
from kb.progress import Progress

__all__ = ["docs_fingerprint", "prepare", "run_server"]

Echo = Callable[[str], None]


def prepare(
    settings: Settings,
    drafts: bool,
    echo: Echo,
    report: Callable[[Problem], None] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Rebuild the preview site and the index when the docs changed since the last serve.

    The same check and build as ``kb build`` (:func:`kb.build.build_docs`): ``report`` is given
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


def run_server(settings: Settings, site_dir: Path, host: str, port: int) -> None:
    """Serve ``site_dir`` (made ready by :func:`prepare`) at / and the API at /api on one port."""
    import uvicorn

    from search_api import create_app

    uvicorn.run(create_app(settings, site_dir=site_dir), host=host, port=port, log_level="warning")
