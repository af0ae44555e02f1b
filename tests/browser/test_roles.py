"""Roles in a real browser: a writer edits and saves a draft but sees no Publish, Reject or live
edit, and the server refuses a forged publish; a publisher signed in with a password publishes,
and the audit log page shows who did what."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from kb.config import Settings
from kb.index import build_index
from kb.site import build_site
from kb.store import connect
from kb.team import add_agent, set_password
from search_api import create_app
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text
from tests.support.server import LiveServer

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


@pytest.fixture
def team_site(settings: Settings, write: WriteArticle) -> Iterator[tuple[LiveServer, str]]:
    write("billing/_category.yml", "title: Billing\n")
    write(
        "billing/export-invoices.md",
        "---\ntitle: Export invoices\nsummary: Open Billing and click Export.\n---\n# Export invoices\n\n"
        "Lead.\n\n## Export to CSV\n\nOpen Billing and click Export.\n",
    )
    write("_drafts/label-printer.md", draft_text())
    build_index(settings)
    build_site(settings, site_dir=settings.data_dir / "site")
    with connect(settings.database) as db:
        _, writer_token = add_agent(db, "wendy-writer", "writer")
        add_agent(db, "pablo-publisher", "publisher")
        set_password(db, "pablo-publisher", PASSWORD)
    with LiveServer(create_app(settings, site_dir=settings.data_dir / "site")) as server:
        yield server, writer_token


def test_a_writer_saves_but_cannot_publish_and_a_publisher_does(page: Page, team_site: tuple[LiveServer, str]) -> None:
    server, writer_token = team_site
    page.goto(f"{server.url}/agent")
    page.fill("#kb-token", writer_token)
    page.click("button[type=submit]")
    expect(page.locator(".kb-agent-who")).to_have_text("wendy-writer · writer")
    page.goto(f"{server.url}/agent/drafts/label-printer")
    expect(page.locator("#kb-save")).to_be_visible()
    expect(page.locator("#kb-publish")).to_have_count(0)
    expect(page.locator("#kb-reject")).to_have_count(0)
    expect(page.locator("#kb-writer-note")).to_be_visible()
    page.fill("#kb-summary", "Open Printer settings, set Darkness to 12, then print a test label.")
    page.click("#kb-save")
    expect(page.locator("#kb-summary")).to_have_value(re.compile("test label"))
    # A forged publish from the writer's own session (the form is the editor's, plus the button's action).
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    forged = page.request.post(
        f"{server.url}/agent/drafts/label-printer/publish",
        form={"csrf": csrf or "", "category": "billing"},
        headers={"Origin": server.url},
    )
    assert forged.status == 403 and "cannot publish" in forged.text()
    page.goto(f"{server.url}/agent/articles/billing/export-invoices.md")
    expect(page.locator("#kb-save-live")).to_have_count(0)
    page.click("button:has-text('Sign out')")

    page.goto(f"{server.url}/agent/sign-in")
    page.click("summary:has-text('name and password')")
    page.fill("#kb-name", "pablo-publisher")
    page.fill("#kb-password", PASSWORD)
    page.click("details button[type=submit]")
    expect(page.locator(".kb-agent-who")).to_have_text("pablo-publisher · publisher")
    page.goto(f"{server.url}/agent/drafts/label-printer")
    expect(page.locator("#kb-by")).to_have_count(0)  # the reviewer is who is signed in
    page.select_option("#kb-category", "billing")
    page.click("#kb-publish")
    expect(page.locator("h1")).to_contain_text("Published")

    page.goto(f"{server.url}/agent/audit")
    expect(page.locator("table.kb-agent-table")).to_be_visible()
    rows = [
        tuple(cell.strip() for cell in row.split("\t"))
        for row in page.locator("table.kb-agent-table tbody tr").all_inner_texts()
    ]
    done = [(who, action) for _when, who, action, *_rest in rows]
    assert done.count(("pablo-publisher", "publish")) == 1
    assert ("wendy-writer", "edit") in done and ("wendy-writer", "publish") not in done
    assert done.count(("pablo-publisher", "sign-in")) == 1 and ("wendy-writer", "sign-out") in done
    expect(page.locator("a:has-text('Agents')")).to_have_count(0)  # admins only
