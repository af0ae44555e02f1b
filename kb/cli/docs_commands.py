"""Commands over the docs tree: check, build, index, new, serve."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from kb.cli.app import DocsOption, SiteOption, app, echo_err, run, settings_for
from kb.cli.digest import WarningDigest, mkdocs_warnings_to
from kb.cli.progress import count_summary, problem_line, show_progress
from kb.config import Settings
from kb.errors import KBError

if TYPE_CHECKING:
    from kb.site import BuildReport

__all__ = ["build", "check", "index", "new", "serve"]


@app.command()
def check(docs: DocsOption = None) -> None:
    """Validate every article and draft; print all problems as path:line: problem — fix."""

    def action() -> None:
        from kb.authoring import check_docs
        from kb.content import load_catalog

        settings = settings_for(docs)
        if not settings.docs_dir.is_dir():
            raise KBError(f"{settings.docs_dir}: docs folder not found", "pass --docs DIR or set KB_DOCS_DIR")
        catalog = load_catalog(settings.docs_dir)
        problems = check_docs(settings.docs_dir, catalog)
        for problem in problems:
            typer.echo(problem_line(problem, settings.docs_dir.name))
        errors = sum(1 for p in problems if p.severity == "error")
        warnings = len(problems) - errors
        articles = len(catalog.articles)
        if errors:
            echo_err(f"{errors} error(s), {warnings} warning(s) in {articles} articles")
            raise typer.Exit(1)
        typer.echo(f"ok: {articles} articles in {len(catalog.categories)} categories, no errors, {warnings} warning(s)")

    run(action)


@app.command()
def build(
    docs: DocsOption = None,
    site: SiteOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Build nothing and exit 1 if kb check finds any error (for CI).")
    ] = False,
) -> None:
    """Check the docs, then build the static site (drafts excluded) and the search index.

    Every error is printed, and each kind of warning five times, then counted (kb check lists
    every one); an article that cannot be read is left out and the rest is built.
    """

    def action() -> None:
        from kb.site import build_docs

        settings = settings_for(docs, site)
        with _reporting(settings) as printer, show_progress() as progress:
            report = build_docs(settings, strict=strict, report=printer, progress=progress)
        typer.echo(f"{report.site_work} into {report.site_dir}; indexed {_index_counts(report)}")
        if report.left_out:
            paths = ", ".join(f"{settings.docs_dir.name}/{p.path}" for p in report.left_out)
            echo_err(f"left out of the site and the index (they cannot be read): {paths}")
        typer.echo(f"{report.site_work} in {report.seconds:.1f} s; {count_summary(report.problems)}")

    run(action)


@contextmanager
def _reporting(settings: Settings) -> Iterator[WarningDigest]:
    """Print problems as ``docs/a.md:3: what — how to fix`` on stderr, warnings marked: every
    error, each kind of warning a few times, MkDocs' own warnings included (kb/cli/digest.py);
    when the block ends, what was left out."""
    printer = WarningDigest(settings.docs_dir.name, echo_err)
    with mkdocs_warnings_to(printer):
        yield printer
    for line in printer.closing():
        echo_err(line)


def _index_counts(report: BuildReport) -> str:
    stats = report.index
    return f"{stats.sections:,} sections of {stats.articles:,} articles" if stats else "nothing (up to date)"


@app.command()
def index(docs: DocsOption = None) -> None:
    """Build the search index from the docs into a fresh folder and swap it in atomically."""

    def action() -> None:
        from kb.index import build_index

        settings = settings_for(docs)
        if not settings.docs_dir.is_dir():
            raise KBError(f"{settings.docs_dir}: docs folder not found", "pass --docs DIR or set KB_DOCS_DIR")
        with show_progress() as progress:
            stats = build_index(settings, progress=progress)
        typer.echo(f"indexed {stats.sections:,} sections of {stats.articles:,} articles in {stats.seconds:.1f} s")

    run(action)


@app.command()
def new(
    title: Annotated[str, typer.Argument(help="The article's title, phrased as the task or question.")],
    category: Annotated[str, typer.Option("--category", "-c", help="Category folder, e.g. billing.")],
    summary: Annotated[str, typer.Option(help="The one-sentence quick answer.")] = "",
    docs: DocsOption = None,
) -> None:
    """Scaffold a new article docs/<category>/<slug>.md that passes kb check."""

    def action() -> None:
        from kb.authoring import new_article

        settings = settings_for(docs)
        path = new_article(settings.docs_dir, title, category, summary)
        typer.echo(f"created {path}")

    run(action)


@app.command()
def serve(
    docs: DocsOption = None,
    host: Annotated[str | None, typer.Option(help="Interface to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Server processes (default: one per core, at most 4)."),
    ] = None,
) -> None:
    """Build what is out of date, then serve the site at / and the API at /api on one port."""

    def action() -> None:
        from kb.site import Follower, prepare, start_mark
        from kb.store import database_for, ensure_current
        from search_api.server import default_workers, run_server

        settings = settings_for(docs)
        ensure_current(database_for(settings.database))  # PostgreSQL: refuse an out-of-date schema now
        processes = workers or default_workers()
        # Replicas sharing a database: what others publish from now on is applied to this copy
        # (read before the copy is brought up to date, so nothing published meanwhile is missed).
        mark = start_mark(settings) if settings.database_url else None
        with _reporting(settings) as printer, show_progress() as progress:
            site_dir = prepare(settings, echo=typer.echo, report=printer, progress=progress)
        if mark is not None:
            Follower(settings, mark).start()
        host_name, port_number = host or settings.host, port or settings.port
        typer.echo(
            f"kb is serving the site on http://{host_name}:{port_number}/ "
            f"and the API on http://{host_name}:{port_number}/api/docs "
            f"({processes} worker{'s' if processes != 1 else ''})"
        )
        run_server(settings, site_dir, host_name, port_number, workers=processes)

    run(action)
