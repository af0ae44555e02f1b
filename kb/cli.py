"""The ``kb`` command line: each command parses its options, calls one kb function, prints.

Every ``KBError`` is printed as ``error: message — hint`` with exit status 1; no tracebacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from kb.catalog import load_catalog
from kb.check import check_docs, has_errors
from kb.config import Settings, load_settings
from kb.errors import KBError
from kb.scaffold import new_article
from kb.site import build_site

__all__ = ["app"]

app = typer.Typer(
    name="kb",
    help="kb: a self-service knowledge base. Write Markdown articles in docs/, check them, "
    "build the static site, and serve it with the search and answer API.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DocsOption = Annotated[
    Path | None,
    typer.Option(
        "--docs", help="Folder of Markdown articles (default: docs_dir setting, ./docs).", file_okay=False
    ),
]
SiteOption = Annotated[
    Path | None,
    typer.Option(
        "--site",
        help="Folder the static site is built into (default: site_dir setting, ./site).",
        file_okay=False,
    ),
]

T = TypeVar("T")


def _echo_err(message: str) -> None:
    typer.echo(message, err=True)


@contextmanager
def _errors_as_messages() -> Iterator[None]:
    """Print a KBError as one clear line and exit 1, instead of a traceback."""
    try:
        yield
    except KBError as exc:
        _echo_err(f"error: {exc}")
        raise typer.Exit(1) from None


def _settings(docs: Path | None = None, site: Path | None = None) -> Settings:
    return load_settings().with_paths(docs_dir=docs, site_dir=site)


def _run(action: Callable[[], T]) -> T:
    with _errors_as_messages():
        return action()
    raise AssertionError("unreachable")  # pragma: no cover


@app.command()
def check(docs: DocsOption = None) -> None:
    """Validate every article and draft; print all problems as path:line: problem — fix."""

    def action() -> None:
        settings = _settings(docs)
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
            _echo_err(f"{errors} error(s), {warnings} warning(s) in {articles} articles")
            raise typer.Exit(1)
        typer.echo(
            f"ok: {articles} articles in {len(catalog.categories)} categories, "
            f"no errors, {warnings} warning(s)"
        )

    _run(action)


@app.command()
def build(docs: DocsOption = None, site: SiteOption = None) -> None:
    """Check the docs, then build the static site (drafts excluded) and the search index."""

    def action() -> None:
        settings = _settings(docs, site)
        problems = check_docs(settings.docs_dir) if settings.docs_dir.is_dir() else []
        if has_errors(problems):
            for problem in problems:
                if problem.severity == "error":
                    _echo_err(f"{settings.docs_dir.name}/{problem}")
            raise KBError("the docs have errors, so the site was not built", "fix them (see 'kb check')")
        result = build_site(settings)
        typer.echo(f"built {result.pages} pages into {result.site_dir} in {result.seconds:.1f} s")
        _after_build(settings)

    _run(action)


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

        settings = _settings(docs)
        if not settings.docs_dir.is_dir():
            raise KBError(f"{settings.docs_dir}: docs folder not found", "pass --docs DIR or set KB_DOCS_DIR")
        stats = build_index(settings)
        typer.echo(f"indexed {stats.sections} sections of {stats.articles} articles in {stats.seconds:.1f} s")

    _run(action)


@app.command()
def new(
    title: Annotated[str, typer.Argument(help="The article's title, phrased as the task or question.")],
    category: Annotated[str, typer.Option("--category", "-c", help="Category folder, e.g. billing.")],
    summary: Annotated[str, typer.Option(help="The one-sentence quick answer.")] = "",
    docs: DocsOption = None,
) -> None:
    """Scaffold a new article docs/<category>/<slug>.md that passes kb check."""

    def action() -> None:
        settings = _settings(docs)
        path = new_article(settings.docs_dir, title, category, summary)
        typer.echo(f"created {path}")

    _run(action)


@app.command()
def serve(
    docs: DocsOption = None,
    host: Annotated[str | None, typer.Option(help="Interface to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    drafts: Annotated[bool, typer.Option(help="Show docs/_drafts/ pages in the preview site.")] = True,
) -> None:
    """Build what is out of date, then serve the site at / and the API at /api on one port."""

    def action() -> None:
        from kb.serve import run_server

        settings = _settings(docs)
        run_server(settings, host or settings.host, port or settings.port, drafts=drafts, echo=typer.echo)

    _run(action)


if __name__ == "__main__":  # pragma: no cover
    app(prog_name="kb")
