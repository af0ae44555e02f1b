"""Commands over tickets and the review queue: ingest, drafts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kb.cli.app import DocsOption, app, echo_err, run, settings_for
from kb.cli.progress import show_progress
from kb.team import cli_agent

if TYPE_CHECKING:
    from kb.drafting import DraftInfo, IngestSummary

__all__ = ["drafts", "ingest"]


def _print_summary(summary: IngestSummary) -> None:
    total = len(summary.outcomes) + len(summary.errors)
    typer.echo(f"{summary.filename} ({summary.export_format or 'unknown format'}): {total} tickets")
    for action, label in (
        ("drafted", "new drafts"),
        ("merged", "added to waiting drafts"),
        ("proposal", "update proposals"),
    ):
        rows = [o for o in summary.outcomes if o.action == action]
        if rows:
            typer.echo(f"  {label}: {len(rows)}")
            for outcome in rows:
                target = f" for {outcome.proposal_for}" if outcome.proposal_for else ""
                typer.echo(f"    ticket {outcome.ticket_id} → {outcome.draft}{target}")
    skipped = summary.skipped_reasons()
    if skipped:
        typer.echo(f"  skipped: {summary.count('skipped')}")
        for reason, count in skipped.items():
            typer.echo(f"    {count}: {reason}")
    for note in summary.notes:
        typer.echo(f"  note: {note}")
    if summary.errors:
        echo_err(f"  failed: {len(summary.errors)}")
        for error in summary.errors:
            echo_err(f"    {error}")


@app.command()
def ingest(
    file: Annotated[Path, typer.Argument(help="A Zendesk, Freshdesk (JSON/JSONL) or CSV export.", dir_okay=False)],
    docs: DocsOption = None,
) -> None:
    """Import a ticket export: resolved tickets tagged "new issue" become redacted draft articles."""

    def action() -> IngestSummary:
        from kb.drafting import ingest_file
        from kb.insight.notify import events_from_ingest, notify

        settings = settings_for(docs)
        with show_progress() as progress:
            summary = ingest_file(settings, file, progress, agent=cli_agent())
        notify(settings, events_from_ingest(settings.docs_dir, summary.outcomes))  # logs, never raises
        return summary

    summary = run(action)
    _print_summary(summary)
    typer.echo(f"done in {summary.seconds:.1f} s; list the queue with 'kb drafts'")
    if not summary.ok:
        raise typer.Exit(1)


def _describe(item: DraftInfo, today: dt.date) -> str:
    age = item.age_days(today)
    age_text = "age unknown" if age is None else f"{age} day{'s' if age != 1 else ''} old"
    tickets = ", ".join(item.provenance) or "none"
    redaction = ", ".join(f"{count} {kind}" for kind, count in item.redaction.items()) or "nothing found"
    lines = [f"{item.name}  [{item.status}]  {item.title}", f"    {age_text}; tickets: {tickets}"]
    if item.proposal_for:
        lines.append(f"    updates: {item.proposal_for}")
    elif item.category:
        lines.append(f"    suggested category: {item.category}")
    lines.append(f"    redacted: {redaction}")
    return "\n".join(lines)


@app.command()
def drafts(docs: DocsOption = None) -> None:
    """List drafts and update proposals, oldest first, with their tickets and redaction reports."""

    def action() -> list[DraftInfo]:
        from kb.drafting import list_drafts

        return list_drafts(settings_for(docs).docs_dir)

    items = run(action)
    if not items:
        typer.echo("no drafts or proposals waiting")
        return
    today = dt.date.today()
    for item in items:
        typer.echo(_describe(item, today))
    proposals = sum(1 for i in items if i.status == "proposal")
    typer.echo(f"{len(items) - proposals} draft(s), {proposals} proposal(s); open one with 'kb review NAME'")
