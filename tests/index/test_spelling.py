"""'Did you mean': corrections go into the text as typed, nothing else of it changes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kb.index.spelling import with_corrections
from kb.index.words import words_of


def test_only_the_corrected_word_changes() -> None:
    typed = "Install a pluggin from a .jpl file?"
    assert with_corrections(typed, {2: "plugin"}) == "Install a plugin from a .jpl file?"
    assert with_corrections("Exprot  my notes…", {0: "export"}) == "Export  my notes…"
    assert with_corrections("rel=me verifcation fails", {2: "verification"}) == "rel=me verification fails"


@given(st.text(max_size=80), st.data())
def test_the_text_keeps_every_word_but_the_corrected_one(text: str, data: st.DataObject) -> None:
    assert with_corrections(text, {}) == text
    words = words_of(text)
    if not words:
        return
    position = data.draw(st.integers(0, len(words) - 1))
    fixed = with_corrections(text, {position: "zebra"})
    assert words_of(fixed) == [*words[:position], "zebra", *words[position + 1 :]]
