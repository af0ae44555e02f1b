"""Reading a customer's message: background before the question is set aside, context it needs is kept."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from kb.answers import answer_from_results, answer_message, answer_question, read_message
from kb.config import Settings
from kb.index import SectionIndex, build_index
from tests.support.docs import EXPORT, WriteArticle, article_text


def sync_article(system: str, setting: str) -> str:
    return article_text(
        title=f"Sync on {system}",
        summary=f"Sync keeps the notes of your {system} computer up to date.",
        body=f"Sync runs in the background.\n\n## Turn sync on\n\nOpen {setting} and switch Sync on.\n",
    )


@pytest.fixture
def index(settings: Settings, write: WriteArticle) -> SectionIndex:
    write("billing/export-invoices.md", EXPORT)
    write("sync/linux.md", sync_article("Linux", "the Preferences menu"))
    write("sync/windows.md", sync_article("Windows", "the Tools menu"))
    build_index(settings)
    return SectionIndex.open(settings)


BACKGROUND = "My bank card got blocked while I was travelling, which is a whole other story."


def test_background_before_the_question_is_answered_as_the_bare_question(index: SectionIndex) -> None:
    bare = answer_question(index, "Why is the export empty?", 0.35)
    told = answer_question(index, f"{BACKGROUND} Why is the export empty?", 0.35)
    assert bare.answer == "The export is empty when the date filter excludes every invoice."
    assert told.answer == bare.answer
    assert told.confidence == pytest.approx(bare.confidence, abs=0.01)
    assert told.query.startswith("My bank card")  # what was asked is kept as asked
    # Read as a whole, the story's rare words make kb much less sure.
    assert answer_from_results(index.search(f"{BACKGROUND} Why is the export empty?", 5), 0.35).confidence < (
        told.confidence - 0.1
    )


def test_lowercase_typing_and_a_question_without_a_question_mark_are_read_alike(index: SectionIndex) -> None:
    bare = answer_question(index, "why is the export empty", 0.35)
    told = answer_question(index, "my bank card got blocked while i was travelling. why is the export empty", 0.35)
    assert told.answer == bare.answer and told.answer is not None


@pytest.mark.parametrize(("system", "setting"), [("Linux", "the Preferences menu"), ("Windows", "the Tools menu")])
def test_context_the_question_needs_is_kept(index: SectionIndex, system: str, setting: str) -> None:
    results = read_message(index, f"I use {system}. How do I turn sync on?", 5)
    assert (results.hits[0].path, results.hits[0].anchor) == (f"sync/{system.lower()}.md", "turn-sync-on")
    assert answer_from_results(results, 0.0).answer == f"Open {setting} and switch Sync on."


def test_context_after_the_question_is_kept_too(index: SectionIndex) -> None:
    results = read_message(index, "How do I turn sync on? I am on Windows.", 5)
    assert results.hits[0].path == "sync/windows.md"


def test_a_question_that_points_back_at_its_context_is_not_read_alone(index: SectionIndex) -> None:
    message = "Our accountant only takes spreadsheets from Numbers. Can I export for it?"
    results = read_message(index, message, 5)
    assert results.understood != "Can I export for it?"
    assert results.query == message


def test_the_reading_does_not_depend_on_how_many_results_are_asked_for(index: SectionIndex) -> None:
    message = f"{BACKGROUND} Why is the export empty?"
    chosen = {(r.understood, r.hits[0].key) for r in (read_message(index, message, n) for n in (1, 5, 10, 50))}
    assert chosen == {("Why is the export empty?", "billing/export-invoices.md#why-the-export-is-empty")}


def test_did_you_mean_keeps_the_message_around_a_corrected_question(index: SectionIndex) -> None:
    results = read_message(index, f"{BACKGROUND} Why is the exprot empty?", 5)
    assert results.suggestion == f"{BACKGROUND} Why is the export empty?"


def test_a_message_of_one_sentence_is_one_search(index: SectionIndex) -> None:
    assert read_message(index, "schedule a monthly export", 5) == index.search("schedule a monthly export", 5)


@examples(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=60), max_size=4
    ).map(lambda parts: " ".join(parts)),
    st.sampled_from(["", "?", ". why is the export empty", ". Is there an app for it?"]),
    st.sampled_from([1, 5, 10]),
)
def test_any_message_is_read_without_error_and_kept_as_asked(
    index: SectionIndex, message: str, tail: str, limit: int
) -> None:
    text = message + tail
    results = read_message(index, text, limit)
    assert results.query == text
    assert len(results.hits) <= limit
    answer = answer_message(index, text, 0.35, limit)[1]
    assert answer.answer is None or answer.source is not None
    # The answer reports the confidence of the results it answers from, whatever the limit.
    assert answer.confidence == answer_from_results(results, 0.35).confidence
