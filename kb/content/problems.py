"""A problem found in a file: where, what, and how to fix it (``kb check`` prints these)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Problem", "count_problems"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where, what, and how to fix it."""

    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def count_problems(problems: Iterable[Problem]) -> str:
    """``3 warnings, 1 error``, or ``no warnings or errors``."""
    found = list(problems)
    errors = sum(1 for p in found if p.severity == "error")
    if not found:
        return "no warnings or errors"
    return f"{_plural(len(found) - errors, 'warning')}, {_plural(errors, 'error')}"
