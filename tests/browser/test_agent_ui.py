"""The agent web UI in a real browser: sign in, edit a draft with the live preview, publish it, then
find the new article with the Ask box on the public site."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from kb.config import Settings
from kb.index import build_index
from kb.site import build_site
from search_api import create_app
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text
from tests.support.server import LiveServer

pytestmark = pytest.mark.browser

TOKEN = "browser-agent-t0ken"
NEW_TITLE = "Fix blank labels on the thermal label printer"


@pytest.fixture
def agent_site(settings: Settings, write: WriteArticle) -> Iterator[LiveServer]:
    """A live app over a small help centre with one draft: the site (drafts shown, as kb serve
    builds it) at /, the API at /api, the agent UI at /agent."""
    write("billing/_category.yml", "title: Billing\n")
    write(
        "billing/export-invoices.md",
        "---\ntitle: Export invoices\nsummary: Open Billing and click Export.\n---\n# Export invoices\n\n"
        "Lead.\n\n## Export to CSV\n\nOpen Billing and click Export.\n",
    )
    write("_drafts/label-printer.md", draft_text())
    configured = dataclasses.replace(settings, agent_token=TOKEN)
    build_index(configured)
    site = configured.data_dir / "preview"  # where kb serve builds it, so publishing updates it
    build_site(configured, site_dir=site, drafts=True)
    with LiveServer(create_app(configured, site_dir=site)) as server:
        yield server


def test_sign_in_edit_preview_publish_then_ask(page: Page, agent_site: LiveServer) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{agent_site.url}/agent")
    page.wait_for_url("**/agent/sign-in?next=/agent")
    page.fill("#kb-token", "not the token")
    page.click("button[type=submit]")
    expect(page.locator(".kb-agent-error")).to_contain_text("not a valid agent token")
    page.fill("#kb-token", TOKEN)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Review queue")

    page.click("text=Fix: label printer prints blank labels")
    page.wait_for_url("**/agent/drafts/label-printer")
    preview = page.locator("#kb-preview")
    expect(preview.locator("h1")).to_have_text("Fix: label printer prints blank labels")
    page.fill("#kb-title", NEW_TITLE)
    expect(preview.locator("h1")).to_have_text(NEW_TITLE)  # the live preview followed the edit
    page.fill(
        "#kb-body", "## Solution\n\n1. Open Printer settings.\n2. Set Darkness to 12.\n\n<script>alert(1)</script>"
    )
    expect(preview.locator("ol li")).to_have_count(2)
    assert preview.locator("script").count() == 0
    expect(page.locator("#kb-category")).to_have_value("billing")  # the suggested category

    page.click("#kb-publish")
    expect(page.locator("h1")).to_have_text("Published")
    live = page.locator("#kb-live-url")
    expect(live).to_have_attribute("href", "/billing/fix-blank-labels-on-the-thermal-label-printer/")
    expect(page.locator("#kb-short-url")).to_have_attribute("href", re.compile(r"^/s/[a-z0-9]+/$"))
    took = page.locator("dt:has-text('Took') + dd").inner_text()
    print(f"publish from the web UI, with the full site rebuild: {took}")

    live.click()
    expect(page.locator("h1")).to_contain_text(NEW_TITLE)
    page.goto(f"{agent_site.url}/")
    page.fill("#kb-ask-input", "thermal label printer prints blank labels")
    page.keyboard.press("Enter")
    page.wait_for_selector(".kb-ask__answer, .kb-ask__none", timeout=10_000)
    source = page.locator(".kb-ask__source-link")
    expect(source).to_have_attribute("href", re.compile(r"billing/fix-blank-labels-on-the-thermal-label-printer/"))
    expect(source).to_have_text(NEW_TITLE)
    source.click()
    page.wait_for_url("**/billing/fix-blank-labels-on-the-thermal-label-printer/**")
    page.goto(f"{agent_site.url}/agent/report")
    expect(page.locator(".kb-chart svg")).to_be_visible()
    assert dialogs == []
    assert not [e for e in errors if "Content Security Policy" in e], errors
