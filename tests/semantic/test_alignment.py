"""kb.semantic.alignment: how well each word of a question finds a counterpart in a text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.semantic import word_vectors

CLIPPER = "Web Clipper. Install the clipper extension for Chrome or Firefox to save web pages as notes."


def test_a_word_the_text_has_scores_one_and_a_missing_one_much_less() -> None:
    clipper, safari = word_vectors().alignment(["clipper", "safari"], CLIPPER)
    assert clipper > 0.99
    assert safari < 0.5


def test_a_related_word_scores_between_the_same_word_and_an_unrelated_one() -> None:
    same, related, unrelated = (
        word_vectors().alignment([w], "the price of a plan")[0] for w in ("price", "cost", "photo")
    )
    assert same > related > unrelated


def test_word_forms_sharing_word_pieces_find_each_other() -> None:
    assert word_vectors().alignment(["syncing"], "Synchronise your notes")[0] > 0.6


def test_nothing_to_match_gives_no_scores() -> None:
    assert word_vectors().alignment([], CLIPPER) == []
    assert word_vectors().alignment(["clipper"], "") == []
    assert word_vectors().alignment(["", "  "], CLIPPER) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=8), st.text(max_size=300))
def test_any_words_and_text_give_one_bounded_score_per_word_that_has_pieces(words: list[str], text: str) -> None:
    scores = word_vectors().alignment(words, text)
    assert len(scores) <= len(words)
    assert all(-1.01 <= s <= 1.01 for s in scores)
