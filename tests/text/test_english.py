"""English usage: a real word typed on purpose is told from a typo that happens to be a word."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.text import english, meant_as_typed
from kb.text.english import usage


@pytest.mark.parametrize(
    ("typed", "correction"),
    [("bake", "base"), ("bake", "bare"), ("keywords", "keyboards"), ("shrunk", "shrink"), ("toots", "toot")],
)
def test_a_real_word_is_meant_even_next_to_a_commoner_one(typed: str, correction: str) -> None:
    assert meant_as_typed(typed, correction)


@pytest.mark.parametrize(
    ("typed", "correction"),
    [("pone", "phone"), ("sill", "still"), ("snore", "store"), ("crick", "click"), ("stck", "stuck"), ("", "a")],
)
def test_a_typo_is_not_meant_even_when_it_is_a_rare_word(typed: str, correction: str) -> None:
    assert not meant_as_typed(typed, correction)


def test_usage_ignores_case_and_knows_nothing_of_made_up_words() -> None:
    assert usage("Phone") == usage("phone") > usage("pone") > 0
    assert usage("qzxv") == 0


def test_an_unreadable_word_list_is_logged_and_counts_no_word_as_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(english.resources, "files", lambda _package: tmp_path)  # no resources/en.json.gz
    english._table.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="kb.text.english"):
            assert usage("phone") == 0
            assert not meant_as_typed("bake", "base")  # spelling falls back to the model's vocabulary
        assert "cannot be read" in caplog.text
    finally:
        monkeypatch.undo()
        english._table.cache_clear()
    assert usage("phone") > 0


@given(st.text(max_size=40), st.text(max_size=40))
def test_any_typed_word_is_looked_up_without_error(typed: str, correction: str) -> None:
    assert usage(typed) >= 0
    assert meant_as_typed(typed, correction) in (True, False)
    assert usage(typed) == usage(typed.upper()) or typed.upper().casefold() != typed.casefold()
