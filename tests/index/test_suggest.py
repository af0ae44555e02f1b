"""Search as you type (issue 19): titles and headings for the words typed so far."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.config import Settings
from kb.content import load_article
from kb.index import SectionIndex, Suggestion, build_index, update_articles
from kb.index.suggest import SuggestTable
from tests.support.docs import WriteArticle, article_text

TABLE = SuggestTable(
    [
        Suggestion("Publish a draft", "", "/agents/publish-a-draft/"),
        Suggestion("Publish a draft", "Steps", "/agents/publish-a-draft/#steps"),
        Suggestion("Publish a draft", "Publish from the web UI", "/agents/publish-a-draft/#publish-from-the-web-ui"),
        Suggestion("Review a draft", "", "/agents/review-a-draft/"),
        Suggestion("Headings and anchors", "Rename a heading safely", "/writers/headings/#rename-a-heading-safely"),
        Suggestion("Exporter les factures", "", "/fr/exporter-les-factures/"),
        Suggestion("Public links", "", "/sharing/public-links/"),
    ]
)


def titles(text: str, limit: int = 8) -> list[tuple[str, str]]:
    return [(s.title, s.heading) for s in TABLE.suggest(text, limit)]


def test_the_last_word_is_a_prefix_and_titles_come_first() -> None:
    assert titles("pub")[:2] == [("Public links", ""), ("Publish a draft", "")]
    assert titles("publi")[0][0] in ("Public links", "Publish a draft")
    assert titles("publish") == [("Publish a draft", ""), ("Publish a draft", "Publish from the web UI")]


def test_earlier_words_must_be_whole_and_question_words_are_ignored() -> None:
    assert titles("how do I publish a dra")[0] == ("Publish a draft", "")
    assert titles("rename a head") == [("Headings and anchors", "Rename a heading safely")]
    assert titles("publish from the w") == [("Publish a draft", "Publish from the web UI")]
    assert titles("publishing dra") == []  # "publishing" is no whole word of any title
    assert titles("how do I ") == []


def test_a_section_is_suggested_for_its_heading_not_its_articles_title() -> None:
    assert ("Publish a draft", "Steps") not in titles("publish")
    assert titles("steps") == [("Publish a draft", "Steps")]


def test_accents_case_limit_and_nothing() -> None:
    assert titles("EXPORTER LES fact") == [("Exporter les factures", "")]
    assert len(titles("p", limit=2)) == 2
    assert titles("zzz") == [] and titles("") == [] and titles("   ") == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.integers(min_value=1, max_value=10))
def test_any_text_gives_at_most_limit_distinct_matching_suggestions(text: str, limit: int) -> None:
    found = TABLE.suggest(text, limit)
    assert len(found) <= limit and len({s.url for s in found}) == len(found)


def test_the_index_suggests_its_own_titles_and_headings(bundled: Settings) -> None:
    index = SectionIndex.open(bundled)
    try:
        found = index.suggest("how do I pub")
        assert found[0] == Suggestion("Publish a draft", "", "/agents/publish-a-draft/")
        headings = index.suggest("rename a head")
        assert headings and headings[0].url.endswith("#rename-a-heading-safely")
    finally:
        index.close()


@pytest.mark.parametrize("typed", ["agent tok", "reject a dra", "stale"])
def test_every_suggestion_contains_what_was_typed_last(bundled: Settings, typed: str) -> None:
    index = SectionIndex.open(bundled)
    try:
        found = index.suggest(typed)
        last = typed.split()[-1]
        assert found and all(last in f"{s.title} {s.heading}".lower() for s in found), found
    finally:
        index.close()


def test_a_published_article_is_suggested_without_a_keystroke_waiting(settings: Settings, write: WriteArticle) -> None:
    write("billing/export-invoices.md", article_text(title="Export invoices"))
    build_index(settings)
    index = SectionIndex.open(settings)
    try:
        assert [s.title for s in index.suggest("exp")] == ["Export invoices"]
        path = write("billing/expense-reports.md", article_text(title="Expense reports"))
        article, _ = load_article(settings.docs_dir, path)
        assert article is not None
        update_articles(settings, [article])
        index.refresh(force=True)
        titles: list[str] = []
        for _ in range(100):  # the new table is built in the background; the old one answers meanwhile
            titles = [s.title for s in index.suggest("exp")]
            if "Expense reports" in titles:
                break
            time.sleep(0.05)
        assert sorted(titles) == ["Expense reports", "Export invoices"]
    finally:
        index.close()


def test_a_misspelt_word_is_corrected_but_the_word_being_typed_is_not(bundled: Settings) -> None:
    index = SectionIndex.open(bundled)
    try:
        assert index.suggest("pubish a dra")[0].title == "Publish a draft"
        assert index.suggest("rejct a dr")[0].title == "Reject a draft"
        assert index.suggest("publsh") == []  # still being typed: a prefix of nothing
    finally:
        index.close()
