"""Editing a live article in a real browser: open it from the queue, edit it with the preview,
see it on the site, read its history and the diff, then roll back."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from kb.config import Settings
from kb.index import build_index
from kb.site import build_site
from search_api import create_app
from tests.support.docs import WriteArticle
from tests.support.server import LiveServer

pytestmark = pytest.mark.browser

TOKEN = "browser-agent-t0ken-live-edits"
ARTICLE = (
    "---\ntitle: Export invoices\nsummary: Open Billing and click Export.\nid: exinv\n---\n# Export invoices\n\n"
    "Lead.\n\n## Export to CSV {#export-to-csv}\n\n1. Open Billing.\n2. Click Export.\n"
)


@pytest.fixture
def live_site(settings: Settings, write: WriteArticle) -> Iterator[LiveServer]:
    write("billing/_category.yml", "title: Billing\n")
    write("billing/export-invoices.md", ARTICLE)
    configured = dataclasses.replace(settings, agent_token=TOKEN)
    build_index(configured)
    site = configured.data_dir / "preview"
    build_site(configured, site_dir=site, drafts=True)
    with LiveServer(create_app(configured, site_dir=site)) as server:
        yield server


def test_edit_a_live_article_see_its_history_and_roll_back(page: Page, live_site: LiveServer) -> None:
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{live_site.url}/agent")
    page.fill("#kb-token", TOKEN)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Review queue")

    page.fill("#kb-open-path", f"{live_site.url}/billing/export-invoices/")
    page.click("#kb-open-article")
    page.wait_for_url("**/agent/articles/billing/export-invoices.md")
    body = page.locator("#kb-body")
    expect(body).to_have_value(
        "Lead.\n\n## Export to CSV {#export-to-csv}\n\n1. Open Billing.\n2. Click Export.\n"
    )
    page.fill("#kb-body", "Lead.\n\n## Download a spreadsheet\n\n1. Open Billing.\n2. Choose Download as CSV.\n")
    expect(page.locator("#kb-preview ol li")).to_have_count(2)
    expect(page.locator("#kb-preview")).to_contain_text("Choose Download as CSV")  # the live preview followed
    page.fill("#kb-by", "Sam")
    page.click("#kb-save-live")
    expect(page.locator(".kb-agent-notice")).to_contain_text("The change is live")

    page.goto(f"{live_site.url}/billing/export-invoices/")
    heading = page.locator("h2#export-to-csv")  # renamed, and the old anchor still lands on it
    expect(heading).to_contain_text("Download a spreadsheet")
    expect(page.locator("article")).to_contain_text("Choose Download as CSV")

    page.goto(f"{live_site.url}/agent/articles/billing/export-invoices.md/history")
    rows = page.locator("tr.kb-version")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator(".kb-version__who")).to_have_text("Sam")
    page.click("#kb-compare-button")
    diff = page.locator(".kb-diff")
    expect(diff.locator("del")).to_contain_text(["- 2. Click Export."])
    expect(diff.locator("ins", has_text="Download a spreadsheet")).to_have_text(
        "+ ## Download a spreadsheet {#export-to-csv}"
    )

    page.goto(f"{live_site.url}/agent/articles/billing/export-invoices.md/history")
    rows.nth(1).locator("button", has_text="Roll back to this").click()
    expect(page.locator(".kb-agent-notice")).to_contain_text("Rolled back")
    expect(rows).to_have_count(3)
    page.goto(f"{live_site.url}/billing/export-invoices/")
    expect(page.locator("h2#export-to-csv")).to_contain_text("Export to CSV")
    expect(page.locator("article")).to_contain_text("Click Export.")
    assert errors == []
