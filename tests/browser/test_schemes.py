"""Dark mode in a real browser: the site follows the system, the toggle switches and remembers,
and the Ask box, related articles and the agent UI stay readable in both schemes (issue 19)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from kb.config import Settings
from tests.support.server import LiveServer

pytestmark = pytest.mark.browser

ARTICLE = "/admins/back-up-and-restore-kb/"
# WCAG contrast of an element's text on the first opaque background behind it.
CONTRAST = """
(el) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let node = el, bg = null;
  while (node && node.nodeType === 1) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) { bg = c.slice(0, 3); break; }
    node = node.parentElement;
  }
  bg = bg || [255, 255, 255];
  const fg = rgb(getComputedStyle(el).color).slice(0, 3);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""
READABLE = 4.5


@pytest.fixture(scope="module")
def site(bundled: Settings) -> Iterator[LiveServer]:
    from search_api import create_app

    with LiveServer(create_app(bundled, site_dir=bundled.site_dir)) as server:
        yield server


@pytest.fixture(params=["light", "dark"])
def scheme_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    context = browser.new_context(color_scheme=request.param)
    yield request.param, context.new_page()
    context.close()


def contrast(page: Page, selector: str) -> float:
    return float(page.locator(selector).first.evaluate(CONTRAST))


def test_the_site_follows_the_system_and_stays_readable(scheme_page: tuple[str, Page], site: LiveServer) -> None:
    scheme, page = scheme_page
    page.goto(site.url + ARTICLE)
    expected = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
    for selector in (".kb-ask__label", ".kb-ask__input", ".kb-related__title", ".kb-related__list a", ".md-typeset p"):
        assert contrast(page, selector) >= READABLE, f"{selector} is hard to read in the {scheme} scheme"
    page.fill(".kb-ask__input", "how do I back up kb")
    assert contrast(page, ".kb-ask__input") >= READABLE


def test_the_toggle_switches_the_scheme_and_remembers_it(page: Page, site: LiveServer) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(site.url + ARTICLE)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.get_by_title("Switch to dark mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert contrast(page, ".kb-ask__label") >= READABLE
    page.goto(site.url + "/")  # another page: the choice is kept
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.get_by_title("Switch to light mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")


def test_the_agent_ui_is_readable_in_both_schemes(scheme_page: tuple[str, Page], site: LiveServer) -> None:
    scheme, page = scheme_page
    page.goto(site.url + "/agent/sign-in")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    dark = background not in ("rgb(246, 248, 250)",)
    assert dark == (scheme == "dark")
    for selector in ("label", "h1", ".kb-agent-brand", "input[type=password]", ".kb-button"):
        if page.locator(selector).count():
            assert contrast(page, selector) >= READABLE, f"{selector} is hard to read in the {scheme} scheme"


def test_short_link_keeps_the_fragment(page: Page, site: LiveServer) -> None:
    page.set_viewport_size({"width": 1000, "height": 500})
    page.goto(f"{site.url}/s/r1out#restore-from-a-backup")
    page.wait_for_url("**/admins/back-up-and-restore-kb/#restore-from-a-backup")
    expect(page.locator("#restore-from-a-backup")).to_be_in_viewport()
