"""The Typer app and what every command shares: the --docs/--site options, settings, error printing.

Every ``KBError`` is printed as ``error: message — hint`` with exit status 1; no tracebacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from kb.config import Settings, load_settings
from kb.errors import KBError

__all__ = ["DocsOption", "SiteOption", "app", "echo_err", "run", "settings_for"]

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
    typer.Option("--docs", help="Folder of Markdown articles (default: docs_dir setting, ./docs).", file_okay=False),
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


def echo_err(message: str) -> None:
    typer.echo(message, err=True)


@contextmanager
def _errors_as_messages() -> Iterator[None]:
    """Print a KBError as one clear line and exit 1, instead of a traceback."""
    try:
        yield
    except KBError as exc:
        echo_err(f"error: {exc}")
        raise typer.Exit(1) from None


def settings_for(docs: Path | None = None, site: Path | None = None) -> Settings:
    return load_settings().with_paths(docs_dir=docs, site_dir=site)


def run(action: Callable[[], T]) -> T:
    with _errors_as_messages():
        return action()
    raise AssertionError("unreachable")  # pragma: no cover
