"""The Ask box in a real browser against the real server: ask, read, click through, land."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.server import LiveServer

pytestmark = pytest.mark.browser


def ask(page: Page, question: str) -> None:
    page.fill("#kb-ask-input", question)
    page.keyboard.press("Enter")
    page.wait_for_selector(".kb-ask__answer, .kb-ask__none", timeout=10_000)


def test_ask_see_the_answer_click_through_to_the_section(page: Page, live_site: LiveServer) -> None:
    page.goto(f"{live_site.url}/getting-answers/browse-the-help-centre/")
    page.focus("#kb-ask-input")
    ask(page, "will error codes and version numbers be removed")
    answer = page.locator(".kb-ask__answer")
    expect(answer).to_be_visible()
    assert answer.inner_text().strip().endswith((".", "!", "?"))
    link = page.locator(".kb-ask__source-link")
    href = link.get_attribute("href") or ""
    assert (
        "agents/what-redaction-removes-from-tickets/#what-stays-in-the-draft:~:text=" in href
        and ":~:text=" in href
    )
    link.focus()
    page.keyboard.press("Enter")  # keyboard-only: the link is reachable and activates
    page.wait_for_url("**/agents/what-redaction-removes-from-tickets/**")
    # Browsers strip the :~:text directive from location; the section anchor stays.
    assert page.evaluate("location.hash") == "#what-stays-in-the-draft"
    expect(page.locator("#what-stays-in-the-draft")).to_be_in_viewport()
    expect(page.locator("h1")).to_contain_text("What redaction removes from tickets")


def test_no_answer_shows_related_articles_and_contact_link(page: Page, live_site: LiveServer) -> None:
    page.goto(f"{live_site.url}/")
    ask(page, "how do I bake sourdough bread")
    expect(page.locator(".kb-ask__none")).to_have_text("No exact answer")
    expect(page.locator(".kb-ask__support")).to_have_attribute("href", "mailto:support@example.com")


def test_did_you_mean_asks_the_corrected_question_when_clicked(page: Page, live_site: LiveServer) -> None:
    page.goto(f"{live_site.url}/")
    ask(page, "how do I pubish a draft")
    offer = page.locator(".kb-ask__did-you-mean-link")
    expect(offer).to_have_text("how do I publish a draft")
    offer.click()
    expect(page.locator("#kb-ask-input")).to_have_value("how do I publish a draft")
    expect(page.locator(".kb-ask__did-you-mean")).to_have_count(0)  # spelt right now: nothing to offer
    expect(page.locator(".kb-ask__source-link")).to_contain_text("Publish a draft")


def test_a_hostile_did_you_mean_renders_as_text(page: Page, live_site: LiveServer) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_site.url}/")
    ask(page, "<img src=x onerror=alert(1)> pubish draft")
    expect(page.locator(".kb-ask__did-you-mean-link")).to_contain_text("<img src=x onerror=alert(1)>")
    assert page.locator(".kb-ask__did-you-mean img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_hostile_query_renders_as_text(page: Page, live_site: LiveServer) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_site.url}/")
    ask(page, "<img src=x onerror=alert(1)> publish draft")
    assert page.locator(".kb-ask__result img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_ask_box_script_is_small(live_site: LiveServer, page: Page) -> None:
    response = page.goto(f"{live_site.url}/assets/kb/ask.js")
    assert response is not None and response.ok
    assert len(response.body()) < 10 * 1024
