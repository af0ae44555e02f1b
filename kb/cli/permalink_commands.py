"""Commands that keep addresses working and articles fresh: move, redirect-anchor, redirect-page, stale, verify."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from kb.cli.app import DocsOption, app, run, settings_for
from kb.team import cli_agent, record_change

__all__ = ["move", "redirect_anchor_command", "redirect_page_command", "stale", "verify"]

_MIN_DAYS = 1


@app.command()
def move(
    old: Annotated[str, typer.Argument(help="The article's current path, relative to the docs folder.")],
    new: Annotated[str, typer.Argument(help="Its new path, relative to the docs folder.")],
    docs: DocsOption = None,
) -> None:
    """Rename or move a published article and redirect its old address to the new one."""

    def action() -> None:
        from kb.permalinks import move_article

        settings = settings_for(docs)
        result = move_article(settings.docs_dir, old, new)
        record_change(settings, cli_agent(), "move", result.new_path, f"from {result.old_path}")
        typer.echo(f"moved {result.old_path} → {result.new_path}")
        typer.echo(f"{result.old_url} now redirects to {result.new_url} (recorded in the permalink manifest)")
        if result.stale_links:
            typer.echo(f"{len(result.stale_links)} link(s) still point at {result.old_path}; update them:")
            for path, line in result.stale_links:
                typer.echo(f"  {settings.docs_dir.name}/{path}:{line}")

    run(action)


@app.command("redirect-anchor")
def redirect_anchor_command(
    page: Annotated[str, typer.Argument(help="The article, relative to the docs folder.")],
    old: Annotated[str, typer.Argument(help="The anchor that disappeared (a renamed heading's old anchor).")],
    new: Annotated[str, typer.Argument(help="The anchor links to the old one should land on.")],
    docs: DocsOption = None,
) -> None:
    """After renaming a heading, send links to its old #anchor to the new one."""

    def action() -> None:
        from kb.permalinks import redirect_anchor

        settings = settings_for(docs)
        url = redirect_anchor(settings.docs_dir, page, old, new)
        record_change(settings, cli_agent(), "redirect", page, f"#{old.lstrip('#')} → #{new.lstrip('#')}")
        typer.echo(f"{url}#{old.lstrip('#')} now leads to {url}#{new.lstrip('#')}")

    run(action)


@app.command("redirect-page")
def redirect_page_command(
    old: Annotated[str, typer.Argument(help="The deleted article's path (or its old URL, /category/name/).")],
    new: Annotated[str, typer.Argument(help="The article its readers should land on, relative to the docs folder.")],
    docs: DocsOption = None,
) -> None:
    """After deleting an article, send its old address to another article."""

    def action() -> None:
        from kb.permalinks import redirect_page

        settings = settings_for(docs)
        old_url, new_url = redirect_page(settings.docs_dir, old, new)
        record_change(settings, cli_agent(), "redirect", new_url, f"from {old_url}")
        typer.echo(f"{old_url} now redirects to {new_url}")

    run(action)


@app.command()
def stale(
    days: Annotated[int, typer.Option("--days", min=_MIN_DAYS, help="Age limit in days.")] = 180,
    docs: DocsOption = None,
) -> None:
    """List articles neither updated nor verified in the last N days, oldest first."""

    def action() -> None:
        from kb.authoring import stale_articles
        from kb.content import load_catalog

        settings = settings_for(docs)
        today = dt.date.today()
        found = stale_articles(load_catalog(settings.docs_dir).articles, days, today)
        if not found:
            typer.echo(f"no stale articles: every article was updated or verified in the last {days} days")
            return
        width = max(len(s.path) for s in found)
        for item in found:
            age = item.age_days(today)
            typer.echo(
                f"{item.path:<{width}}  updated {item.updated or 'never'!s:<10}  "
                f"verified {item.verified or 'never'!s:<10}  {f'{age} days' if age is not None else 'no date'}"
            )
        typer.echo(f"{len(found)} article(s) not updated or verified in {days} days: check them, then kb verify")

    run(action)


@app.command()
def verify(
    article: Annotated[str, typer.Argument(help="The article you checked, relative to the docs folder.")],
    docs: DocsOption = None,
) -> None:
    """Record that an article was checked and is still right: sets verified: <today>."""

    def action() -> None:
        from kb.authoring import verify_article

        settings = settings_for(docs)
        path, day = verify_article(settings.docs_dir, article)
        record_change(settings, cli_agent(), "edit", str(path), f"verified as still correct on {day.isoformat()}")
        typer.echo(f"verified {path} on {day.isoformat()}")

    run(action)
