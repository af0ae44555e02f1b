"""Commands of the review queue: review, publish, reject, apply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kb.cli.app import DocsOption, app, run, settings_for
from kb.team import cli_agent

if TYPE_CHECKING:
    from kb.review import Published, Review

__all__ = ["apply", "publish", "reject", "review"]

DraftName = Annotated[str, typer.Argument(help="The draft's name as 'kb drafts' lists it.")]
ByOption = Annotated[str, typer.Option("--by", help="Who reviewed it (default: your user name).")]


@app.command()
def review(name: DraftName, docs: DocsOption = None) -> None:
    """Show a draft with every problem that would stop it being published."""

    def action() -> Review:
        from kb.review import review_draft

        return review_draft(settings_for(docs), name)

    result = run(action)
    draft = result.draft
    typer.echo(f"{draft.name}  [{draft.status}]  {draft.path}")
    typer.echo(f"tickets: {', '.join(draft.provenance) or 'none'}")
    if draft.proposal_for:
        typer.echo(f"updates: {draft.proposal_for}")
        if draft.evidence:
            typer.echo(f"why: the section already answers it, {draft.evidence}")
    redaction = ", ".join(f"{count} {kind}" for kind, count in draft.redaction.items()) or "nothing found"
    typer.echo(f"redacted when imported: {redaction}")
    typer.echo("-" * 72)
    typer.echo(result.text.rstrip("\n"))
    typer.echo("-" * 72)
    for problem in result.problems:
        typer.echo(f"{problem}" + ("" if problem.severity == "error" else " (warning)"))
    for item in result.personal_data:
        typer.echo(f"{draft.path.name}: {item} — personal data is still in the draft; replace it with a placeholder")
    if result.publishable:
        command = "kb apply" if draft.status == "proposal" else "kb publish"
        typer.echo(f"no problems: {command} {draft.name}")
    else:
        raise typer.Exit(1)


@app.command()
def publish(
    name: DraftName,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Category folder (default: suggested).")
    ] = None,
    by: ByOption = "",
    as_new: Annotated[
        bool, typer.Option("--as-new", help="Publish an update proposal as an article of its own.")
    ] = False,
    docs: DocsOption = None,
) -> None:
    """Publish a draft: checks, stable id, frozen anchors, then live on the site and in search."""

    def action() -> Published:
        from kb.review import publish_draft

        return publish_draft(settings_for(docs), name, category=category, reviewed_by=cli_agent(by), as_new=as_new)

    result = run(action)
    typer.echo(f"published {result.path} at {result.url} (short link {result.short_url}) in {result.seconds:.1f} s")


@app.command()
def reject(
    name: DraftName,
    reason: Annotated[str, typer.Option("--reason", help="Why this should not become an article.")],
    by: ByOption = "",
    docs: DocsOption = None,
) -> None:
    """Take a draft out of the queue with a reason; it is kept under _drafts/_rejected/."""

    def action() -> str:
        from kb.review import reject_draft

        settings = settings_for(docs)
        return str(reject_draft(settings, name, reason, cli_agent(by)).relative_to(settings.docs_dir))

    typer.echo(f"rejected {name}; kept as {run(action)}")


@app.command()
def apply(name: DraftName, by: ByOption = "", docs: DocsOption = None) -> None:
    """Merge an update proposal into the article section it targets (the anchor stays)."""

    def action() -> str:
        from kb.review import apply_proposal

        return apply_proposal(settings_for(docs), name, cli_agent(by))

    typer.echo(f"applied {name} to {run(action)}")
