"""``kb notify``: announce new content gaps and send the daily digest (run it from cron)."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.cli.app import DocsOption, app, echo_err, run, settings_for

__all__ = ["notify"]


@app.command()
def notify(
    digest: Annotated[bool, typer.Option("--digest", help="Send the pending daily digest now, due or not.")] = False,
    docs: DocsOption = None,
) -> None:
    """Tell agents about content gaps not announced before; with --digest, send the daily digest now.

    Webhook and email come from the notify_* and smtp_* settings. Run it hourly from cron: new gaps
    go out as notify_digest says, and a daily digest goes out once a day has passed."""

    def action() -> tuple[int, int, bool]:
        from kb.insight.notify import configured, new_gap_events, send_digest
        from kb.insight.notify import notify as send

        settings = settings_for(docs)
        if not configured(settings):
            return 0, 0, False
        gaps = new_gap_events(settings)
        send(settings, gaps)
        sent = send_digest(settings, force=digest) if settings.notify_digest == "daily" else 0
        return len(gaps), sent, True

    gaps, sent, ready = run(action)
    if not ready:
        echo_err("notifications are off: set notify_webhook, or smtp_host and notify_emails (see kb's settings)")
        raise typer.Exit(1)
    typer.echo(f"{gaps} new content gap(s) announced; {sent} item(s) sent in the daily digest")
