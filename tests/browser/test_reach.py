"""Search as you type, shared answers and the embeddable Ask box, in a real browser (issue 19)."""

from __future__ import annotations

import dataclasses
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kb.config import Settings
from search_api import create_app
from tests.support.server import LiveServer, free_port

pytestmark = pytest.mark.browser


def test_suggestions_follow_the_combobox_pattern_from_the_keyboard(page: Page, live_site: LiveServer) -> None:
    page.goto(f"{live_site.url}/")
    box = page.locator("#kb-ask-input")
    box.press_sequentially("how do I pub", delay=20)
    listbox = page.locator("#kb-ask-suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("role", "combobox")
    first = listbox.locator("[role=option]").first
    expect(first).to_contain_text("Publish a draft")
    box.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "?")
    box.press("Enter")
    page.wait_for_url("**/agents/publish-a-draft/")
    expect(page.locator("h1")).to_contain_text("Publish a draft")


def test_escape_closes_the_suggestions_and_enter_still_asks(page: Page, live_site: LiveServer) -> None:
    page.goto(f"{live_site.url}/")
    box = page.locator("#kb-ask-input")
    box.press_sequentially("rename a head", delay=20)
    expect(page.locator("#kb-ask-suggestions")).to_be_visible()
    box.press("Escape")
    expect(page.locator("#kb-ask-suggestions")).to_be_hidden()
    box.press("Enter")
    expect(page.locator(".kb-ask__answer, .kb-ask__none").first).to_be_visible()


def test_a_shared_link_opens_with_the_question_answered(page: Page, live_site: LiveServer) -> None:
    page.goto(f"{live_site.url}/writers/?q=how+do+I+rename+a+heading+safely")
    expect(page.locator("#kb-ask-input")).to_have_value("how do I rename a heading safely")
    expect(page.locator(".kb-ask__answer")).to_be_visible()
    page.locator(".kb-ask__share").click()
    copied = page.locator(".kb-ask__copied")
    expect(copied).not_to_be_empty()
    text = copied.inner_text()
    # No clipboard on plain http: the link is shown to copy by hand.
    assert text == "Link copied" or text == f"{live_site.url}/writers/?q=how%20do%20I%20rename%20a%20heading%20safely"


@pytest.fixture
def partner(tmp_path: Path) -> Iterator[str]:
    """A partner's site on another origin (another port), serving tmp_path."""
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


def test_the_widget_answers_on_another_origin_unbroken_by_its_css(
    page: Page, bundled: Settings, partner: str, tmp_path: Path
) -> None:
    app = create_app(dataclasses.replace(bundled, cors_origins=(partner,)), site_dir=bundled.site_dir)
    with LiveServer(app) as kb:
        (tmp_path / "index.html").write_text(
            "<!doctype html><title>Partner</title>"
            "<style>* { color: rgb(255, 0, 0) !important; } input, button { display: none !important; }</style>"
            f'<h1>Partner blog</h1><script src="{kb.url}/widget.js" data-kb="{kb.url}/api"></script>'
        )
        page.goto(f"{partner}/index.html")
        box = page.locator(".kb-widget input")
        expect(box).to_be_visible()  # the page's CSS hides inputs; not this one
        box.fill("how do I rename a heading safely")
        box.press("Enter")
        answer = page.locator(".kb-widget .answer")
        expect(answer).to_be_visible()
        assert answer.evaluate("e => getComputedStyle(e).color") != "rgb(255, 0, 0)"
        source = page.locator(".kb-widget .muted a").first
        assert (source.get_attribute("href") or "").startswith(f"{kb.url}/")
        page.locator(".kb-widget input").fill("")
        page.locator(".kb-widget input").press_sequentially("pub", delay=20)
        expect(page.locator(".kb-widget [role=option]").first).to_contain_text("Publish a draft")
