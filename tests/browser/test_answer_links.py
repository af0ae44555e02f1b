"""An answer's link in a real browser: the page scrolls to the sentence it quotes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing

import pytest
from playwright.sync_api import Page

from kb.answers import answer_question, text_fragment_url
from kb.config import Settings
from kb.index import SectionIndex, build_index
from kb.site import build_site
from tests.support.docs import WriteArticle, article_text
from tests.support.server import LiveServer

pytestmark = pytest.mark.browser

FILLER = "".join(f"Paragraph {n} says something about phones that nobody asked about today.\n\n" for n in range(40))


@pytest.fixture
def frozen_app(settings: Settings, write: WriteArticle) -> Iterator[LiveServer]:
    write(
        "app/frozen-start-screen.md",
        article_text(
            title="Frozen start screen",
            summary="A start screen that stays is fixed by clearing the cache.",
            body=(
                f"Some phones keep an old cache.\n\n## Background\n\n{FILLER}## Fix it\n\n"
                "On an Android phone:\n\n1. Open Settings and tap Storage.\n2. Tap Clear cache.\n"
            ),
        ),
    )
    build_site(settings)
    build_index(settings)
    from search_api import create_app

    with LiveServer(create_app(settings, site_dir=settings.site_dir)) as server:
        yield server


def test_a_continued_answer_links_to_both_of_its_sentences(
    page: Page, frozen_app: LiveServer, settings: Settings
) -> None:
    with closing(SectionIndex.open(settings)) as index:
        answer = answer_question(index, "android phone fix", 0.0)
    assert answer.answer == "On an Android phone: Open Settings and tap Storage."
    assert answer.source_url is not None
    page.set_viewport_size({"width": 1000, "height": 600})
    path, _, directive = answer.source_url.partition("#")
    fragment = directive.partition(":~:")[2]
    # Without the section's anchor, only the text fragment can scroll the page.
    page.goto(f"{frozen_app.url}/{path}#:~:{fragment}")
    page.wait_for_function("window.scrollY > 1000", timeout=5_000)
    # Each part of a text fragment must lie in one block: "On an Android phone:" is a paragraph and
    # the step a list item, so a fragment of the joined words (what kb made before) does not scroll.
    joined = text_fragment_url(path, answer.answer).partition(":~:")[2]
    page.goto(f"{frozen_app.url}/{path}?joined#:~:{joined}")
    page.wait_for_timeout(500)
    assert page.evaluate("window.scrollY") == 0
