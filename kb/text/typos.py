"""Typos: whether two words are one keystroke apart."""

from __future__ import annotations

__all__ = ["one_edit", "one_slip"]


def one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by exactly one inserted, deleted or replaced letter."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def one_slip(a: str, b: str) -> bool:
    """``a`` and ``b`` are one typing slip apart: one edit, or the same letters in another order
    ("exprot": a swap of two letters is two edits)."""
    return one_edit(a, b) or (a != b and sorted(a) == sorted(b))
