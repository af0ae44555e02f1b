"""Typos: how far two words are apart (kb/text/typos.py)."""

from __future__ import annotations

import pytest

from kb.text import one_edit, one_slip


@pytest.mark.parametrize(
    ("typed", "meant", "edit", "slip"),
    [
        ("stck", "stuck", True, True),  # a letter dropped
        ("notbook", "notebook", True, True),
        ("pluggin", "plugin", True, True),  # a letter doubled
        ("exprot", "export", False, True),  # two letters swapped: two edits, one slip
        ("keywords", "keyboards", False, False),  # two edits: a guess, not a typo
        ("export", "export", False, False),  # the same word is no typo
    ],
)
def test_a_typing_slip_is_one_edit_or_one_swap(typed: str, meant: str, edit: bool, slip: bool) -> None:
    assert one_edit(typed, meant) is edit
    assert one_slip(typed, meant) is slip
