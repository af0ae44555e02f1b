"""The question of a customer's message, and when it can be read without the rest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.text import asking_sentence, refers_back, split_message, standalone_question


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("My bank card got blocked while travelling. Can I pay with PayPal?", "Can I pay with PayPal?"),
        ("How do I export my notes? I'm on Linux.", "How do I export my notes?"),
        ("i tried everything. joplin on a usb stick without installing", "joplin on a usb stick without installing"),
        ("I use the web app. how do I change my email", "how do I change my email"),
        ("Sync stopped. Which log should I check first? It worked yesterday.", "Which log should I check first?"),
        ('I clicked "Export". Why is the file empty?', "Why is the file empty?"),
    ],
)  # fmt: skip
def test_the_asking_sentence_of_a_message_stands_alone(message: str, question: str) -> None:
    assert standalone_question(message) == question


@pytest.mark.parametrize(
    "message",
    [
        "Why is the export empty?",  # one sentence: nothing to set aside
        "I wear an Apple Watch all day. Is there a Joplin app for it?",
        "Years of lists are in Google Keep. How do I import them?",
        "I set up my machines with winget. can i install joplin that way",
        "I use Android widgets for everything. Is there one for Joplin?",
        "All my files are in Google Drive. Can Joplin sync my notes there?",
        "I have two phones. Can I merge both?",
        "The desktop app has dark mode. What about iOS?",
        "Shared albums are listed twice. Which one is shared?",
    ],
)
def test_a_question_that_points_back_or_a_single_sentence_is_not_read_alone(message: str) -> None:
    assert standalone_question(message) is None


@pytest.mark.parametrize(
    "question",
    [
        "Is it possible to export my notes?",
        "Is there a way to export my notes?",
        "How do I link one note to another note?",
        "Make sure that the app is closed, then what?",
        "There is no sync button, where is sync?",
    ],
)
def test_words_that_point_at_nothing_are_not_references(question: str) -> None:
    assert not refers_back(question)


def test_the_last_question_asks_else_the_last_question_word_else_the_last_sentence() -> None:
    assert asking_sentence(["Is it on?", "I checked.", "Why does it fail?", "Thanks."]) == "Why does it fail?"
    assert asking_sentence(["how do i sync", "it broke today."]) == "how do i sync"
    assert asking_sentence(["It broke today.", "sync fails"]) == "sync fails"


def test_a_typed_message_splits_at_lowercase_starts_but_not_after_abbreviations() -> None:
    assert split_message("i use linux. sync fails!! why") == ["i use linux.", "sync fails!!", "why"]
    assert split_message("see e.g. the docs. ok") == ["see e.g. the docs.", "ok"]
    assert split_message("Version 2.1 crashes. file.md too") == ["Version 2.1 crashes.", "file.md too"]
    assert split_message('I clicked "Export". (see it). ok') == ['I clicked "Export".', "(see it).", "ok"]
    assert split_message("a.) b") == ["a.)", "b"]


@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=200))
def test_the_standalone_question_is_one_of_the_messages_sentences(message: str) -> None:
    question = standalone_question(message)
    sentences = split_message(message)
    assert question is None or (len(sentences) > 1 and question in [s.strip() for s in sentences])
    assert " ".join(sentences) == " ".join(message.split())  # splitting loses no word
