"""``kb import``: move a Zendesk, Freshdesk, Help Scout or Intercom help centre into the docs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kb.cli.app import DocsOption, app, echo_err, run, settings_for

if TYPE_CHECKING:
    from kb.importing import ImportReport

__all__ = ["import_help_centre_command"]


class Source(StrEnum):
    zendesk = "zendesk"
    freshdesk = "freshdesk"
    helpscout = "helpscout"
    intercom = "intercom"


def _print_report(report: ImportReport) -> None:
    plan = report.plan
    drafts = sum(1 for f in plan.files if f.path.startswith("_drafts/") and f.action != "unchanged")
    verb = "would import" if report.dry_run else "imported"
    typer.echo(
        f"{plan.source}: {verb} {plan.count('create')} new, {plan.count('update')} updated, "
        f"{plan.count('unchanged')} unchanged articles ({drafts} as drafts)"
    )
    anchors = len(plan.anchor_redirects)
    typer.echo(f"  redirects: {len(plan.redirects)} old addresses, {anchors} old section anchors")
    if plan.images:
        typer.echo(f"  images: {len(plan.images)}" + ("" if report.dry_run else f" ({report.images_copied} copied)"))
    changed = [f for f in plan.files if f.action != "unchanged"]
    if report.dry_run and changed:
        typer.echo("  files:")
        for planned in changed:
            typer.echo(f"    {planned.action} {planned.path}  ← {planned.label}")
    if plan.summaries:
        typer.echo("  summaries to review (each is the article's first sentence):")
        for path, summary in plan.summaries:
            typer.echo(f"    {path}: {summary}")
    if plan.unconverted:
        typer.echo(f"  could not convert ({len(plan.unconverted)}):")
        for line in plan.unconverted:
            typer.echo(f"    {line}")
    for warning in plan.warnings:
        typer.echo(f"  warning: {warning}")
    if plan.errors:
        echo_err(f"  left out ({len(plan.errors)} records):")
        for error in plan.errors:
            echo_err(f"    {error}")


@app.command("import")
def import_help_centre_command(
    source: Annotated[Source, typer.Argument(help="The help centre the export comes from.", case_sensitive=False)],
    path: Annotated[
        Path, typer.Argument(help="The API export: one JSON file, or a folder of JSON pages (images beside them).")
    ],
    docs: DocsOption = None,
    category_map: Annotated[
        Path | None,
        typer.Option(
            "--category-map",
            help="YAML file of 'Old category: New category' lines; categories mapped to one name merge.",
            dir_okay=False,
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print what would be written; write nothing.")] = False,
) -> None:
    """Import an existing help centre's articles, categories and images, redirecting every old URL.

    Importing again updates the articles the vendor changed (matched by imported_from) and adds
    nothing twice. Exits 1 if any record had to be left out (the others are imported).
    """

    def action() -> ImportReport:
        from kb.importing import import_help_centre
        from kb.site import announce
        from kb.team import cli_agent, record_change

        settings = settings_for(docs)
        report = import_help_centre(source.value, path, settings.docs_dir, category_map=category_map, dry_run=dry_run)
        changed = [f.path for f in report.plan.files if f.action != "unchanged"]
        if changed and not dry_run:
            plan = report.plan
            summary = f"{plan.count('create')} new, {plan.count('update')} updated, {len(plan.redirects)} redirects"
            record_change(settings, cli_agent(), "import", f"{source.value}: {path.name}", summary)
            announce(settings, "import", changed)  # running replicas pick the articles up
        return report

    report = run(action)
    _print_report(report)
    if report.plan.errors:
        raise typer.Exit(1)
