"""Permalinks in a real browser: moved pages, renamed sections, short links, copy link."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from kb.config import Settings, load_settings
from kb.content import load_catalog
from kb.permalinks import move_article, redirect_anchor
from kb.site import build_site
from tests.support.paths import BUNDLED_DOCS, ROOT
from tests.support.server import LiveServer

pytestmark = pytest.mark.browser

OLD = "agents/publish-a-draft.md"
NEW = "agents/publish-an-article.md"


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Settings]]:
    """The bundled docs after kb move OLD NEW and a renamed heading with an anchor redirect."""
    from search_api import create_app

    base = tmp_path_factory.mktemp("permalinks")
    docs = base / "docs"
    shutil.copytree(BUNDLED_DOCS, docs)
    move_article(docs, OLD, NEW)
    file = docs / NEW
    file.write_text(file.read_text().replace("## When publish refuses", "## Why publishing can refuse"))
    redirect_anchor(docs, NEW, "when-publish-refuses", "why-publishing-can-refuse")
    settings = load_settings(ROOT, environ={}).with_paths(docs, base / "site", base / "data")
    build_site(settings)
    with LiveServer(create_app(settings, site_dir=settings.site_dir)) as server:
        yield server, settings


@pytest.fixture
def small_page(browser: Browser) -> Iterator[Page]:
    """A short viewport, so a section far down the page is only in view if the page scrolled to it."""
    context = browser.new_context(viewport={"width": 1000, "height": 500})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    yield tab
    context.close()


def test_old_page_url_lands_on_the_moved_article(small_page: Page, moved_site: tuple[LiveServer, Settings]) -> None:
    server, _settings = moved_site
    small_page.goto(f"{server.url}/agents/publish-a-draft/")
    small_page.wait_for_url("**/agents/publish-an-article/")
    expect(small_page.locator("h1")).to_contain_text("Publish a draft")


def test_old_url_with_old_anchor_lands_on_the_renamed_section(
    small_page: Page, moved_site: tuple[LiveServer, Settings]
) -> None:
    server, _settings = moved_site
    small_page.goto(f"{server.url}/agents/publish-an-article/")
    expect(small_page.locator("#why-publishing-can-refuse")).not_to_be_in_viewport()  # so landing on it means scrolling
    small_page.goto(f"{server.url}/agents/publish-a-draft/#when-publish-refuses")
    small_page.wait_for_url("**/agents/publish-an-article/#why-publishing-can-refuse")
    section = small_page.locator("#why-publishing-can-refuse")
    expect(section).to_contain_text("Why publishing can refuse")
    expect(section).to_be_in_viewport()
    # an anchor that still exists is left alone
    small_page.goto(f"{server.url}/agents/publish-a-draft/#publish-from-the-web-ui-or-the-api")
    small_page.wait_for_url("**/agents/publish-an-article/#publish-from-the-web-ui-or-the-api")
    expect(small_page.locator("#publish-from-the-web-ui-or-the-api")).to_be_in_viewport()


def test_short_link_with_anchor_lands_on_the_section(small_page: Page, moved_site: tuple[LiveServer, Settings]) -> None:
    server, settings = moved_site
    install = load_catalog(settings.docs_dir).by_path()["admins/install-kb.md"]
    small_page.goto(f"{server.url}/s/{install.id}#next-steps")
    small_page.wait_for_url("**/admins/install-kb/#next-steps")
    expect(small_page.locator("#next-steps")).to_be_in_viewport()
    moved = load_catalog(settings.docs_dir).by_path()[NEW]
    small_page.goto(f"{server.url}/s/{moved.id}/#when-publish-refuses")
    small_page.wait_for_url("**/agents/publish-an-article/#why-publishing-can-refuse")
    expect(small_page.locator("#why-publishing-can-refuse")).to_be_in_viewport()


def test_copy_link_copies_the_section_url_from_the_keyboard(
    small_page: Page, moved_site: tuple[LiveServer, Settings]
) -> None:
    server, _settings = moved_site
    small_page.goto(f"{server.url}/admins/install-kb/")
    buttons = small_page.locator("h2 .kb-copy-link")
    expect(buttons.first).to_be_attached()
    assert buttons.count() == small_page.locator(".md-content h2[id]").count()
    button = small_page.locator("#check-the-installation .kb-copy-link")
    expect(button).to_have_attribute("aria-label", "copy link to the section Check the installation")
    button.focus()
    expect(button).to_have_css("opacity", "1")  # visible while it has keyboard focus
    small_page.keyboard.press("Enter")
    expect(button).to_have_text("copied")
    expect(small_page.locator(".kb-copy-status")).to_contain_text("Link copied")
    copied = small_page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{server.url}/admins/install-kb/#check-the-installation"


def test_copy_link_is_reachable_with_tab(small_page: Page, moved_site: tuple[LiveServer, Settings]) -> None:
    server, _settings = moved_site
    small_page.goto(f"{server.url}/admins/install-kb/")
    small_page.locator("#requirements .headerlink").focus()
    small_page.keyboard.press("Tab")
    focused = small_page.evaluate(
        "[document.activeElement.classList.contains('kb-copy-link'), document.activeElement.parentElement.id]"
    )
    assert focused == [True, "requirements"]


def test_permalinks_script_is_small(small_page: Page, moved_site: tuple[LiveServer, Settings]) -> None:
    server, _settings = moved_site
    response = small_page.goto(f"{server.url}/assets/kb/permalinks.js")
    assert response is not None and response.ok
    assert len(response.body()) < 3 * 1024
    assert (Path(__file__).parents[2] / "kb/site/theme/assets/kb/permalinks.js").stat().st_size < 3 * 1024
