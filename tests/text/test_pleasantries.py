"""A customer's question without the greeting and the thanks around it (kb/text/pleasantries.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.text import without_pleasantries


@pytest.mark.parametrize(
    ("asked", "question"),
    [
        ("Hi, how do I export my notes? Thanks!", "how do I export my notes?"),
        ("Hello support team, my sync is stuck? Thank you in advance.", "my sync is stuck?"),
        ("Hey there! why cant i log in? Any help appreciated, thanks.", "why cant i log in?"),
        ("Good morning, reset password? Cheers", "reset password?"),
        ("Dear Ente team, I lost my phone. How do I get in? Regards, Jo", "I lost my phone. How do I get in?"),
        ("hi how do i export", "how do i export"),
        ("export notes. Please help.", "export notes."),
        ("Backup is stuck at 99 percent. Any ideas?", "Backup is stuck at 99 percent."),
        ("sync fails on linux. what should i do? thanks", "sync fails on linux."),
        ("how do i export? thanks so much, anna", "how do i export?"),
    ],
)
def test_the_greeting_and_the_thanks_are_not_part_of_the_question(asked: str, question: str) -> None:
    assert without_pleasantries(asked) == question


@pytest.mark.parametrize(
    "asked",
    [
        "thank you page not showing",  # the thanks is the subject
        "thanks",  # nothing else would be left
        "The export shows nothing. Thanks to a filter maybe",  # "thanks to" is "because of"
        "hello world program example",  # "hello world" may be what is asked about
        "Hi I cant log in, what now",  # more than a greeting before the comma
        "How do I export. Best way to back up?",  # a question is never a sign-off
        "i switched phones. backup is not working please help",  # the problem, with a plea
        "Export fails on Linux. Any ideas why exports fail?",  # a question about something
    ],
)
def test_a_question_that_only_looks_polite_is_kept_whole(asked: str) -> None:
    kept = without_pleasantries(asked)
    assert kept.split()[-1] == asked.split()[-1]
    assert len(kept.split()) >= len(asked.split()) - 1  # at most a bare "hi" goes


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Hi thanks, team! Cheers? help .abc\n")), max_size=80))
def test_only_words_of_the_message_are_kept_and_never_nothing(text: str) -> None:
    kept = without_pleasantries(text)
    assert set(re.findall(r"\w+", kept)) <= set(re.findall(r"\w+", text))  # "Cher,C": a greeting, then "C"
    if re.search(r"\w", text):
        assert re.search(r"\w", kept)
