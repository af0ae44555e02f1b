"""The "Was this helpful?" widget in a real browser: vote, comment, and see it in the gap queue."""

from __future__ import annotations

import dataclasses
import uuid
from contextlib import closing

import pytest
from playwright.sync_api import Page, expect

from kb.config import Settings
from kb.insight import gap_groups
from kb.store import connect
from tests.support.server import LiveServer

pytestmark = pytest.mark.browser


def feedback_rows(settings: Settings, where: str, value: str) -> list[tuple[object, ...]]:
    with closing(connect(settings.db_path)) as db:
        return db.execute(
            f"SELECT page, query, answer_url, helpful, comment FROM feedback WHERE {where} = ?", (value,)
        ).fetchall()


def test_no_with_a_comment_under_an_article_reaches_the_gap_queue(
    page: Page, live_site: LiveServer, bundled: Settings
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    article = "admins/delete-old-search-logs-and-feedback.md"
    page.goto(f"{live_site.url}/admins/delete-old-search-logs-and-feedback/")
    widget = page.locator(".kb-feedback-slot .kb-feedback")
    expect(widget).to_contain_text("Was this helpful?")
    before = len(feedback_rows(bundled, "page", article))
    widget.get_by_role("button", name="No").click()
    expect(widget.locator(".kb-feedback__status")).to_have_text("Thanks for your feedback.")
    expect(widget.get_by_role("button", name="No")).to_have_attribute("aria-pressed", "true")
    box = widget.get_by_label("What was missing? (optional)")
    marker = "zq" + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:8])  # letters: redaction keeps them
    box.fill(f"It never says how to prune by hand {marker}, mail me at jo@example.com <img src=x onerror=alert(1)>")
    widget.get_by_role("button", name="Send").click()
    expect(widget.locator(".kb-feedback__status")).to_have_text("Thanks, your comment was sent.")
    assert dialogs == []

    rows = feedback_rows(bundled, "page", article)
    assert len(rows) == before + 1  # the comment updated the vote instead of counting twice
    with closing(connect(bundled.db_path)) as db:
        groups = gap_groups(db, 7)
    [group] = [g for g in groups if g.page == article]
    [comment] = [c for c in group.comments if marker in c]
    assert "[email]" in comment and "@" not in comment  # redacted before it was stored
    assert group.not_helpful >= 1


def test_yes_under_an_ask_box_answer_is_recorded_for_that_answer(
    page: Page, live_site: LiveServer, bundled: Settings
) -> None:
    page.goto(f"{live_site.url}/")
    page.fill("#kb-ask-input", "how do I reject a draft")
    page.keyboard.press("Enter")
    answer = page.locator(".kb-ask__result")
    expect(answer.locator(".kb-ask__answer")).to_be_visible(timeout=10_000)
    widget = answer.locator(".kb-feedback")
    expect(widget).to_contain_text("Was this helpful?")
    yes = widget.get_by_role("button", name="Yes")
    yes.focus()
    page.keyboard.press("Enter")  # keyboard-only works
    expect(widget.locator(".kb-feedback__status")).to_have_text("Thanks for your feedback.")
    expect(widget.get_by_label("Anything to add? (optional)")).to_be_visible()
    rows = feedback_rows(bundled, "query", "how do i reject a draft")
    assert rows and rows[-1][3] == 1
    url = str(rows[-1][2])
    assert url.startswith("/agents/reject-a-draft/") and ":~:" not in url


def test_not_helpful_with_a_comment_shows_in_the_agents_gap_queue(page: Page, bundled: Settings) -> None:
    """A customer clicks "No" under an article and says what was missing; an agent signs in to
    /agent and sees that comment, escaped, in the content-gap queue."""
    from search_api import create_app

    configured = dataclasses.replace(bundled, agent_token="gap-agent-t0ken")
    with LiveServer(create_app(configured, site_dir=bundled.site_dir)) as server:
        page.goto(f"{server.url}/writers/add-search-synonyms/")
        widget = page.locator(".kb-feedback-slot .kb-feedback")
        widget.get_by_role("button", name="No").click()
        marker = "zq" + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:8])
        widget.get_by_label("What was missing? (optional)").fill(f"No example for plurals {marker} <b>bold</b>")
        widget.get_by_role("button", name="Send").click()
        expect(widget.locator(".kb-feedback__status")).to_have_text("Thanks, your comment was sent.")

        page.goto(f"{server.url}/agent")
        page.fill("#kb-token", "gap-agent-t0ken")
        page.click("button[type=submit]")
        gap = page.locator(".kb-gap", has_text="writers/add-search-synonyms.md")
        expect(gap).to_contain_text(f"No example for plurals {marker} <b>bold</b>")  # shown as text
        expect(gap.locator("b")).to_have_count(0)
