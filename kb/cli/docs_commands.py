"""Commands over the docs tree: check, build, index, new, serve."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.authoring import check_docs, has_errors, new_article
from kb.cli.app import DocsOption, SiteOption, app, echo_err, run, settings_for
from kb.config import Settings
from kb.content import load_catalog
from kb.errors import KBError
from kb.site import build_site

__all__ = ["build", "check", "index", "new", "serve"]


@app.command()
def check(docs: DocsOption = None) -> None:
    """Validate every article and draft; print all problems as path:line: problem — fix."""

    def action() -> None:
        settings = settings_for(docs)
        if not settings.docs_dir.is_dir():
            raise KBError(f"{settings.docs_dir}: docs folder not found", "pass --docs DIR or set KB_DOCS_DIR")
        catalog = load_catalog(settings.docs_dir)
        problems = check_docs(settings.docs_dir, catalog)
        for problem in problems:
            typer.echo(
                f"{settings.docs_dir.name}/{problem}"
                if problem.severity == "error"
                else f"{settings.docs_dir.name}/{problem} (warning)"
            )
        errors = sum(1 for p in problems if p.severity == "error")
        warnings = len(problems) - errors
        articles = len(catalog.articles)
        if errors:
            echo_err(f"{errors} error(s), {warnings} warning(s) in {articles} articles")
            raise typer.Exit(1)
        typer.echo(f"ok: {articles} articles in {len(catalog.categories)} categories, no errors, {warnings} warning(s)")

    run(action)


@app.command()
def build(docs: DocsOption = None, site: SiteOption = None) -> None:
    """Check the docs, then build the static site (drafts excluded) and the search index."""

    def action() -> None:
        settings = settings_for(docs, site)
        problems = check_docs(settings.docs_dir) if settings.docs_dir.is_dir() else []
        if has_errors(problems):
            for problem in problems:
                if problem.severity == "error":
                    echo_err(f"{settings.docs_dir.name}/{problem}")
            raise KBError("the docs have errors, so the site was not built", "fix them (see 'kb check')")
        result = build_site(settings)
        typer.echo(f"built {result.pages} pages into {result.site_dir} in {result.seconds:.1f} s")
        _after_build(settings)

    run(action)


def _after_build(settings: Settings) -> None:
    """Hook for work that follows a build (the search index joins here)."""
    from kb.index import build_index  # imported late: whoosh is only needed once an index is built

    stats = build_index(settings)
    typer.echo(f"indexed {stats.sections} sections of {stats.articles} articles in {stats.seconds:.1f} s")


@app.command()
def index(docs: DocsOption = None) -> None:
    """Build the search index from the docs into a fresh folder and swap it in atomically."""

    def action() -> None:
        from kb.index import build_index

        settings = settings_for(docs)
        if not settings.docs_dir.is_dir():
            raise KBError(f"{settings.docs_dir}: docs folder not found", "pass --docs DIR or set KB_DOCS_DIR")
        stats = build_index(settings)
        typer.echo(f"indexed {stats.sections} sections of {stats.articles} articles in {stats.seconds:.1f} s")

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
        settings = settings_for(docs)
        path = new_article(settings.docs_dir, title, category, summary)
        typer.echo(f"created {path}")

    run(action)


@app.command()
def serve(
    docs: DocsOption = None,
    host: Annotated[str | None, typer.Option(help="Interface to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    drafts: Annotated[bool, typer.Option(help="Show docs/_drafts/ pages in the preview site.")] = True,
) -> None:
    """Build what is out of date, then serve the site at / and the API at /api on one port."""

    def action() -> None:
        from search_api.server import run_server

        settings = settings_for(docs)
        run_server(settings, host or settings.host, port or settings.port, drafts=drafts, echo=typer.echo)

    run(action)
